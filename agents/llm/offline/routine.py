"""A persona's daily routine (``daily_plan_req``) read as facts: what they do, where, and when.

"Latoya Williams edits photos and plans her travel series in her room at the co-living space through
the morning, takes her camera for a walk around Johnson Park in the afternoon, and now and then ends
the evening at The Rose and Crown Pub." gives three :class:`RoutinePart` values, each with its hours
(from clock times, or from words such as "in the afternoon", "after dinner"), its place (a known
sector the part names, else home) and its doing in two grammatical forms: the progressive activity
of a schedule block ("editing photos and planning her travel series in her room") and the present
tense of a plan sentence ("edits photos and plans her travel series in her room"). Parts with no
time of their own between two timed ones belong to the same span ("opens Hobbs Cafe at 8am, serves at
the counter, and closes the cafe at 8pm" is one span from 8 to 20).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from agents.llm.offline.known_places import KnownPlaces
from agents.llm.offline.persona_facts import PersonaFacts
from agents.llm.offline.text_tools import find_clock_times, mentions


@dataclass(frozen=True)
class RoutinePart:
    start_hour: int
    end_hour: int
    activity: str  # progressive, e.g. "painting at the easel in his room"
    doing: str  # present tense, third person, e.g. "paints at the easel in his room"
    sector: str  # a known sector, or the home sector


_IRREGULAR_ING = {"has": "having", "does": "doing", "goes": "going", "is": "being", "sees": "seeing",
                  "lies": "lying", "dies": "dying"}
_DOUBLED = {"shop", "sit", "run", "plan", "jog", "stop", "chat", "swim", "get", "put", "set", "hit", "dig"}
_COMMON_VERBS = {"plays", "reads", "writes", "paints", "sketches", "films", "studies", "works", "cooks", "tends",
                 "plans", "edits", "serves", "chats", "thinks", "walks", "codes", "practises", "practices"}
_NOT_VERBS = {"always", "sometimes", "often", "also", "usually", "now", "then", "still", "really"}


def progressive(verb: str) -> str:
    """``edits`` -> ``editing``, ``writes`` -> ``writing``, ``studies`` -> ``studying``, ``shops`` -> ``shopping``."""
    word = verb.casefold()
    if word in _IRREGULAR_ING:
        return _IRREGULAR_ING[word]
    if word.endswith("ies") and len(word) > 4:
        base = word[:-3] + "y"
    elif word.endswith(("ches", "shes", "sses", "xes", "zes")):
        base = word[:-2]
    elif word.endswith("s") and not word.endswith("ss"):
        base = word[:-1]
    else:
        base = word
    if base in _DOUBLED:
        return base + base[-1] + "ing"
    if base.endswith("e") and not base.endswith(("ee", "ye", "oe")) and len(base) > 2:
        return base[:-1] + "ing"
    return base + "ing"


def _is_verb(word: str) -> bool:
    folded = word.casefold()
    return folded.endswith("s") and not folded.endswith("ss") and folded not in _NOT_VERBS and len(folded) > 2


def _progressive_phrase(doing: str) -> str:
    """The present-tense phrase in the progressive: the leading verb, and a verb after "and" that is
    followed by an object ("edits photos and plans her series" -> "editing photos and planning her series")."""
    words = doing.split()
    if not words:
        return doing
    if words[0].casefold() == "likes" and len(words) > 2 and words[1] == "to":
        words = words[2:]
        words[0] = words[0] + "s"
    if words[0].casefold() == "keeps" and len(words) > 1 and words[1].endswith("ing"):
        return " ".join(words[1:])
    out = [progressive(words[0]) if _is_verb(words[0]) else words[0]]
    for index in range(1, len(words)):
        word = words[index]
        follows = words[index + 1].casefold() if index + 1 < len(words) else ""
        if (words[index - 1] in ("and", "or") and _is_verb(word) and (word.casefold() in _COMMON_VERBS or follows in
                ("her", "his", "their", "the", "a", "an", "its", "out", "up", "with", "at", "in", "on", "for",
                 "to", "there", "home", "around", "about", "from", "behind"))):
            out.append(progressive(word))
        else:
            out.append(word)
    return " ".join(out)


# (words, (start, end)) with hours; "W" is the wake-up hour, "D" dinner, "B" bed, resolved later
_TIMES_OF_DAY: tuple[tuple[str, tuple[str, str]], ...] = (
    ("spends his days", ("W+2", "17")),
    ("spends her days", ("W+2", "17")),
    ("spends their days", ("W+2", "17")),
    ("from late morning through the afternoon", ("11", "17")),
    ("late morning", ("11", "13")),
    ("from mid-morning", ("10", "12")),
    ("mid-morning", ("10", "12")),
    ("in the early morning light", ("W", "W+3")),
    ("in the early morning", ("W", "W+3")),
    ("early in the morning", ("W", "W+3")),
    ("starts each day early", ("W+1", "17")),
    ("through the morning", ("W+2", "12")),
    ("in the morning", ("W+2", "12")),
    ("each morning", ("W+2", "12")),
    ("morning", ("W+2", "12")),
    ("around midday", ("12", "13")),
    ("at lunchtime", ("12", "13")),
    ("midday", ("12", "13")),
    ("in the early afternoon", ("13", "15")),
    ("through the afternoon", ("13", "17")),
    ("in the afternoon", ("13", "17")),
    ("afternoon", ("13", "17")),
    ("before dinner", ("D-2", "D")),
    ("after dinner", ("D+1", "D+3")),
    ("late evening", ("21", "B")),
    ("late at night", ("22", "B")),
    ("until late", ("20", "B")),
    ("in the evening", ("18", "21")),
    ("evenings", ("18", "21")),
    ("the evening", ("18", "21")),
    ("after work", ("18", "21")),
    ("afterwards", ("18", "21")),
    ("all day", ("W+2", "17")),
    ("through the day", ("W+2", "17")),
    ("for the rest of the day", ("14", "17")),
    ("hours a day", ("W+1", "W+4")),
)
_FILLER = re.compile(r"\b(?:now and then|sometimes|often|usually|always|also|every day|everyday|each day|"
                     r"then|there)\b\s*", re.IGNORECASE)
_HOME_WORDS = ("at home", "his room", "her room", "their room", "his apartment", "her apartment", "their apartment",
               "his house", "her house", "their house", "the house", "co-living space", "around the co-living")


def _resolve(token: str, wake: int, dinner: int, bed: int) -> int:
    base = {"W": wake, "D": dinner, "B": bed}.get(token[0], None)
    if base is None:
        return int(token)
    offset = int(token[1:]) if len(token) > 1 else 0
    return base + offset


def _clauses(text: str, facts: PersonaFacts) -> list[str]:
    text = text.strip().rstrip(".")
    for name in (facts.name, facts.first_name):
        if name:
            text = re.sub(rf"\b{re.escape(name)}\b\s*", "", text, count=1)
    parts = re.split(r";\s*|,\s*(?:and\s+)?(?:then\s+)?|\s+and then\s+|\s+then\s+", text)
    clauses: list[str] = []
    for part in parts:
        part = re.sub(r"^(?:and\s+)?(?:he|she|they)\s+", "", part.strip(), flags=re.IGNORECASE)
        if part:
            clauses.append(part)
    return clauses


_REWRITES = (
    (r"\bspends (?:his|her|their) days\b", "spends the day"),
    (r"\bspends (?:the |his |her |their )?(?:late )?(?:evenings?|afternoons?|mornings?|nights?)\b", "spends time"),
    (r"\bends the (?:evening|day|night)\b", "winds down"),
    (r"\buntil (?:she|he|they) closes?\b", ""),
    (r"\s+so that .*$", ""),
    (r"\bthere\b", ""),
)


def _without_times(clause: str) -> str:
    text = clause
    for pattern, replacement in _REWRITES[:3]:
        text = re.sub(pattern, replacement, text, flags=re.IGNORECASE)
    for words, _hours in _TIMES_OF_DAY:
        text = re.sub(rf"\b(?:in |through |from |during |for )?{re.escape(words)}\b", "", text, flags=re.IGNORECASE)
    text = re.sub(r"\b(?:at|from|until|to|by|around|about|before|after)\s+(?:about\s+)?(?:\d{1,2}(?::\d{2})?\s*[ap]\.?m\.?|midnight|noon)",
                  "", text, flags=re.IGNORECASE)
    text = re.sub(r"\buntil closing time\b|\bfor at least \w+\b", "", text, flags=re.IGNORECASE)
    text = re.sub(r"^(?:every day|each day)\s+", "", text.strip(), flags=re.IGNORECASE)
    text = _FILLER.sub("", text)
    for pattern, replacement in _REWRITES[3:]:
        text = re.sub(pattern, replacement, text, flags=re.IGNORECASE)
    text = re.sub(r"^goes to (.+?) to (\w+)(.*)$", r"\2s\3 at \1", re.sub(r"\s+", " ", text).strip(" ,"))
    return re.sub(r"\s+", " ", text).strip(" ,")


def _hours_of(clause: str, wake: int, dinner: int, bed: int) -> tuple[int | None, int | None]:
    """Clock times first; words ("in the afternoon") give the rest."""
    folded = clause.casefold()
    word_start = word_end = None
    for words, (start, end) in _TIMES_OF_DAY:
        if words in folded:
            word_start, word_end = _resolve(start, wake, dinner, bed), _resolve(end, wake, dinner, bed)
            break
    times = sorted(hour for _position, hour in find_clock_times(clause))
    if len(times) >= 2:
        return int(times[0]), int(times[-1])
    if len(times) == 1:
        if re.search(r"\b(?:until|till|closes?|ready|before)\b", folded):
            end = int(times[0])
            return (word_start if word_start is not None and word_start < end else None), end
        return int(times[0]), (word_end if word_end is not None and word_end > times[0] else None)
    return word_start, word_end


_MEAL_WORDS = ("breakfast", "lunch", "dinner", "meals")
_MEAL_CLAUSE = re.compile(r"\b(?:(?:has|have|eats|takes|cooks|goes home to have)\s+(?:an? |his |her |their |the )?"
                          r"(?:early |late |quick )?(?:breakfast|lunch|dinner|meals?)\b|^eats at\b)", re.IGNORECASE)
_SHORT_OUTINGS = ("walk", "run", "stroll", "shops for", "buys")


def meal_places(facts: PersonaFacts, places: KnownPlaces) -> dict[str, str]:
    """Where the routine says the person eats: {"lunch": sector, "dinner": sector} ("takes his meals at
    Hobbs Cafe" names both)."""
    found: dict[str, str] = {}
    for clause in _clauses(facts.routine, facts):
        folded = clause.casefold()
        named = places.sector_named_in(clause)
        if named is None or not _MEAL_CLAUSE.search(clause) or "cooks" in folded:
            continue
        for meal in ("breakfast", "lunch", "dinner"):
            if meal in folded or "meals" in folded and meal != "breakfast":
                found.setdefault(meal, named[0])
    return found


def routine_parts(facts: PersonaFacts, places: KnownPlaces, wake: int, bed: int) -> list[RoutinePart]:
    """The parts of the routine in order of their hours (see the module docstring); [] if none is timed."""
    dinner = facts.dinner_hour
    raw: list[tuple[int | None, int | None, str, str]] = []
    carried: tuple[int | None, int | None, str] = (None, None, "")  # from a part that says only when and where
    clauses = _clauses(facts.routine, facts)
    for sentence in re.split(r"(?<=[.!?])\s+", facts.lifestyle):  # "Before 6pm she likes to spend her time at X."
        if places.sector_named_in(sentence) is not None and not re.search(r"\b(?:bed|wakes?|awakes?)\b", sentence):
            clauses += [re.sub(r"^(?:before|after) \S+\s+(?:he|she|they)\s+", "", clause, flags=re.IGNORECASE)
                        + (f" {m.group(0)}" if (m := re.match(r"(?:before|after) \S+", clause, re.IGNORECASE)) else "")
                        for clause in _clauses(sentence, facts)]
    for number, clause in enumerate(clauses):
        start, end = _hours_of(clause, wake, dinner, bed)
        doing = _without_times(clause)
        named = places.sector_named_in(clause)
        sector = named[0] if named else (places.home_sector if any(w in clause.casefold() for w in _HOME_WORDS)
                                         else "")
        first = doing.split()[0].casefold() if doing else ""
        if not doing or not _is_verb(first) and first != "likes":
            carried = (start, end, sector)
            continue
        if re.match(r"(?:goes|heads|walks) to ", doing) and (start is not None or sector) and number + 1 < len(clauses):
            carried = (start, end, sector)  # "goes to the library early in the morning, (and there) writes"
            continue
        if _MEAL_CLAUSE.search(clause) or doing.casefold() in (
                "heads home", "goes home", "returns home"):
            continue  # meals are planned with the day's meals; going home is where a day ends anyway
        if carried != (None, None, ""):
            start = start if start is not None else carried[0]
            end = end if end is not None else carried[1]
            sector = sector or carried[2]
            carried = (None, None, "")
        if not sector and re.search(r"\bthere\b", clause) and raw:
            sector = raw[-1][3]
        if sector and sector != places.home_sector and mentions(doing, sector) < 0.6:
            doing += f" at {sector}"
        if start is not None and end is not None and any(word in doing.casefold() for word in _SHORT_OUTINGS):
            end = min(end, start + 2)
        raw.append((start, end, doing, sector))
    merged: list[tuple[int, int, list[str], str]] = []
    index = 0
    while index < len(raw):
        start, end, doing, sector = raw[index]
        doings = [doing]
        if start is not None and end is None:  # runs on until a later part names its end
            for later in range(index + 1, len(raw)):
                if raw[later][0] is not None:
                    break
                if raw[later][1] is not None:
                    doings += [raw[between][2] for between in range(index + 1, later + 1)]
                    sector = sector or raw[later][3]
                    end, index = raw[later][1], later
                    break
        if start is None:
            start = merged[-1][1] if merged else max(wake + 2, 9)
        if end is None or end <= start:
            end = max(start + 4, min(17, dinner)) if start < 12 and len(doings) > 1 or start < 10 else start + 3
            if any(word in doing.casefold() for word in _SHORT_OUTINGS):
                end = min(end, start + 2)
        merged.append((start, end, doings, sector))
        index += 1
    parts: list[RoutinePart] = []
    for start, end, doings, sector in merged:
        start, end = max(start, wake + 1), min(end, bed - 1 if bed <= 24 else 24)
        if end <= start:
            continue
        place = sector or places.home_sector
        if place == places.home_sector and not any(word in doing.casefold() for word in _HOME_WORDS):
            sector = ""
        main = max(doings, key=lambda d: (not d.casefold().startswith(("opens", "unlocks", "closes")), len(d)))
        doing = ", ".join(doings[:-1]) + (" and " if len(doings) > 1 else "") + doings[-1]
        activity = _progressive_phrase(main)
        if sector and sector != places.home_sector and mentions(activity, sector) < 0.6:
            activity += f" at {sector}"
        elif not sector and not any(word in activity.casefold() for word in _HOME_WORDS):
            activity += " at home"
        parts.append(RoutinePart(start, end, activity, doing, place))
    return sorted(parts, key=lambda part: part.start_hour)
