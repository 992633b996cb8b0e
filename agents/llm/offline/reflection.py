"""Offline answers for memory prompts: importance scores, reflection questions and insights, daily status.

Importance is modest: 2 for an ordinary observation, 1 for idle or sleeping, more for words that matter
in a life (a party 6, a fight 6, a death 9), 4 for conversations. Reflections group the statements by the
people and topics they share, and cite the statements they rest on.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping

from agents.llm.offline.persona_facts import PersonaFacts
from agents.llm.offline.text_tools import first_sentence

_IMPORTANT_WORDS: Mapping[str, int] = {
    "died": 9,
    "death": 9,
    "funeral": 9,
    "accident": 8,
    "fire": 8,
    "married": 8,
    "break up": 8,
    "broke up": 8,
    "fired": 8,
    "pregnant": 8,
    "wedding": 7,
    "promotion": 7,
    "engaged": 7,
    "election": 6,
    "party": 6,
    "valentine": 6,
    "birthday": 6,
    "love": 6,
    "fight": 6,
    "argument": 6,
    "crush": 6,
    "mayor": 5,
    "exam": 5,
    "deadline": 5,
    "interview": 5,
    "job": 5,
    "concert": 5,
    "exhibition": 5,
    "invite": 5,
    "project": 4,
    "conversation": 4,
    "chat": 4,
    "said": 4,
}
_IDLE_WORDS = ("is idle", "sleeping", "is being used", "is empty", "idle")
_STOP = frozenset(
    [
        "the",
        "a",
        "an",
        "and",
        "or",
        "of",
        "for",
        "at",
        "in",
        "on",
        "to",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "with",
        "his",
        "her",
        "their",
        "its",
        "it",
        "this",
        "that",
        "he",
        "she",
        "they",
        "i",
        "my",
        "me",
        "we",
        "you",
        "your",
        "from",
        "by",
        "as",
        "about",
        "into",
        "after",
        "before",
        "while",
        "when",
        "what",
        "who",
        "how",
        "not",
        "some",
        "very",
        "just",
        "has",
        "have",
        "had",
        "do",
        "does",
        "did",
        "will",
        "would",
        "can",
        "could",
        "should",
        "there",
        "here",
        "then",
        "than",
        "so",
    ]
)


def score_importance(description: str) -> int:
    folded = description.casefold()
    score = 2
    for word, value in _IMPORTANT_WORDS.items():
        if word in folded:
            score = max(score, value)
    if score == 2 and any(word in folded for word in _IDLE_WORDS):
        score = 1
    return max(1, min(10, score))


def _items(value: object) -> list[tuple[str, str]]:
    items: list[tuple[str, str]] = []
    if isinstance(value, (list, tuple)):
        for entry in value:
            if isinstance(entry, Mapping):
                items.append((str(entry.get("id", "")), str(entry.get("description", ""))))
    return items


def answer_importance_batch(context: Mapping[str, object]) -> dict[str, object]:
    return {
        "scores": [
            {"id": identifier, "importance": score_importance(description)}
            for identifier, description in _items(context.get("observations"))
        ]
    }


def _statements(value: object) -> list[str]:
    if isinstance(value, (list, tuple)):
        return [
            str(entry.get("description", "")) if isinstance(entry, Mapping) else str(entry) for entry in value
        ]
    return []


_NAME = r"([A-Z][a-z]+ [A-Z][a-z]+)"
# a capitalised pair is someone (not a place such as "Hobbs Cafe") where it acts or keeps company
_AS_PERSON = (re.compile(_NAME + r"(?: is | was | has |'s )"), re.compile(r"with " + _NAME))
# common words of a persona's text that are no topic of thought
_NOT_TOPICS = frozenset(["also", "well", "good", "keep", "make", "like", "local", "living", "always", "often",
                         "other", "others", "many", "much", "more", "most", "really", "every", "everyone",
                         "someone", "people", "time", "things", "thing", "being", "loves", "likes", "both",
                         "going", "taking", "getting", "doing", "having", "making", "kept", "found", "mind",
                         "current", "mathematical", "next", "interesting", "researching"])


def _people(facts: PersonaFacts, texts: list[str]) -> Counter[str]:
    counts: Counter[str] = Counter()
    own = set(facts.name.split())
    for text in texts:
        found = {match for pattern in _AS_PERSON for match in pattern.findall(text)}
        for match in sorted(found):
            if not set(match.split()) & own and not match.startswith("The "):
                counts[match] += 1
    return counts


def _topics(facts: PersonaFacts, texts: list[str]) -> Counter[str]:
    """Words of the resident's own life (their persona's words, or words that matter in any life)
    that the statements mention: never a name, a plural, a verb's past or an adverb."""
    own_words = set(re.findall(r"[a-z]+", f"{facts.currently} {facts.learned} {facts.lifestyle}".casefold()))
    counts: Counter[str] = Counter()
    for text in texts:
        words = {
            word
            for word in re.findall(r"\b[a-z]+\b", text)  # lower case as written: names are capitalised
            if len(word) > 3 and word not in _STOP and word not in _NOT_TOPICS and not word.endswith(("ed", "ly", "s"))
            and (word in own_words or word in _IMPORTANT_WORDS)
        }
        counts.update(sorted(words))  # sorted: most_common breaks ties by insertion order
    return counts


def answer_reflection_questions(context: Mapping[str, object]) -> dict[str, object]:
    facts = PersonaFacts.from_context(context)
    texts = _statements(context.get("statements"))
    people = [name for name, _count in _people(facts, texts).most_common(2)]
    topics = [word for word, count in _topics(facts, texts).most_common(6) if count >= 1]
    questions: list[str] = []
    if people:
        questions.append(f"What is {facts.first_name}'s relationship with {people[0]}?")
    if topics:
        questions.append(f"How does {facts.first_name} feel about the {topics[0]}?")
    if len(people) > 1:
        questions.append(f"What has {facts.first_name} learned about {people[1]} recently?")
    elif len(topics) > 1:
        questions.append(f"What should {facts.first_name} do next about the {topics[1]}?")
    for default in (
        f"What has {facts.first_name} been spending most of the time on lately?",
        f"Who has {facts.first_name} been talking to recently?",
        f"What matters most to {facts.first_name} right now?",
    ):
        if len(questions) >= 3:
            break
        questions.append(default)
    return {"questions": questions[:3]}


def _similar(a: str, b: str) -> bool:
    first, second = set(re.findall(r"[a-z0-9']+", a.casefold())), set(re.findall(r"[a-z0-9']+", b.casefold()))
    return bool(first and second) and len(first & second) / len(first | second) >= 0.6


def _doing(text: str, person: str) -> str:
    """What ``text`` says ``person`` was doing ("Maria Lopez is studying at the cafe" -> "studying at the cafe")."""
    match = re.search(rf"{re.escape(person)} is ([a-z][^.;]*)", text)
    if match is None:
        return ""
    first = match.group(1).split()[0]
    if not first.endswith("ing") or first in _NOT_DOINGS:
        return ""
    return re.sub(r"\s+(?:at|in|near|by) (?:the )?[A-Z].*$", "", match.group(1)).strip()


_NOT_DOINGS = frozenset(["something", "nothing", "anything", "everything", "thing", "morning", "evening", "king",
                         "building", "ring", "spring", "string", "wedding", "darling"])


def answer_reflection_insights(context: Mapping[str, object]) -> dict[str, object]:
    """Insights the resident does not hold yet (``known_reflections``), each naming its evidence:
    about the people in the statements (what they were seen doing, what they said), then the topics."""
    facts = PersonaFacts.from_context(context)
    items = _items(context.get("statements"))
    texts = [description for _identifier, description in items]
    known = [str(text) for text in context.get("known_reflections", ()) or ()]  # type: ignore[union-attr]
    candidates: list[dict[str, object]] = []
    for person, count in _people(facts, texts).most_common(3):
        mentioning = [(identifier, text) for identifier, text in items if person in text]
        evidence = [identifier for identifier, _text in mentioning][:5]
        doings = list(dict.fromkeys(d for _i, text in mentioning if (d := _doing(text, person))))
        said = next((text.split(": ", 1)[1].strip('"') for _i, text in mentioning if " told " in text and ": " in text
                     and not re.search(r"nice talking|see you|take care|bye|good talking|thanks for", text, re.IGNORECASE)), "")
        first = person.split()[0]
        candidates.append({"insight": f"{facts.first_name} has been spending time with {person}.",
                           "evidence_ids": evidence})
        if said:
            candidates.append({"insight": f"{facts.first_name} remembers {first} saying: {said}", "evidence_ids": evidence})
        if doings:
            candidates.append({"insight": f"{facts.first_name} has noticed that {first} has been {doings[0]}"
                               + (f" and {doings[1]}" if len(doings) > 1 else "") + ".", "evidence_ids": evidence})
        if count >= 2:
            candidates.append({"insight": f"{facts.first_name} keeps crossing paths with {person} ({count} times "
                               "lately).", "evidence_ids": evidence})
    for topic, count in _topics(facts, texts).most_common(8):
        if count >= 2:
            evidence = [identifier for identifier, text in items if topic in text.casefold()][:5]
            candidates.append({"insight": f"The {topic} has been on {facts.first_name}'s mind lately.",
                               "evidence_ids": evidence})
    if items:
        candidates.append({"insight": f"{facts.first_name} has been keeping to the usual routine.",
                           "evidence_ids": [identifier for identifier, _text in items[:3]]})
    insights: list[dict[str, object]] = []
    for candidate in candidates:
        text = str(candidate["insight"])
        if not candidate["evidence_ids"] or any(_similar(text, held) for held in [*known, *(
                str(i["insight"]) for i in insights)]):
            continue
        insights.append(candidate)
    if not insights and candidates:
        insights.append(candidates[0])  # nothing new: the model still answers, the minds will not store it
    return {"insights": insights[:4]}


def answer_revise_currently(context: Mapping[str, object]) -> dict[str, object]:
    facts = PersonaFacts.from_context(context)
    thoughts = _statements(context.get("planning_thoughts"))
    base = (
        first_sentence(facts.currently)
        if facts.currently
        else (
            f"{facts.name} is a {facts.occupation}."
            if facts.occupation
            else f"{facts.name} is going about the usual routine."
        )
    )
    if thoughts:
        addition = thoughts[-1].strip()
        if addition and addition not in base:
            return {"currently": f"{base} {addition if addition.endswith('.') else addition + '.'}"}
    return {"currently": base}
