"""Offline answers for planning: wake-up hour, daily plan, hourly schedule, decomposition into subtasks.

A day is built once from the persona and known places (:func:`build_day`): sleep until the wake-up hour
from ``lifestyle``, a morning routine, breakfast (at home when home has a kitchen, else at a cafe),
work or classes at the place the routine names during the hours it names, lunch, dinner at the hour
``lifestyle`` gives, leisure at places the agent knows (park, cafe, pub, hobbies at home), getting ready
for bed and sleep. The daily plan and the hourly schedule are two views of that same day, so they agree.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from agents.llm.offline.known_places import KnownPlaces
from agents.llm.offline.persona_facts import PersonaFacts, WorkPlan, routine_places, work_plan
from agents.llm.offline.routine import RoutinePart, meal_places, routine_parts
from agents.llm.offline.text_tools import format_clock, stable_choice

SLEEPING = "sleeping"


@dataclass(frozen=True)
class DayBlock:
    start_hour: int
    activity: str  # progressive form, e.g. "having breakfast at home"
    plan_phrase: str  # imperative form for the daily plan, e.g. "have breakfast at home"


def _context_wake_hour(context: Mapping[str, object], facts: PersonaFacts) -> int:
    value = context.get("wake_up_hour")
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 23:
        return value
    return facts.wake_hour


def _meal_place(
    meal: str, facts: PersonaFacts, places: KnownPlaces, work_sector: str | None, day: str
) -> str:
    named = meal_places(facts, places).get(meal)
    if named is not None:
        return named
    eateries = places.eateries()
    preferred = [sector for sector in routine_places(facts, places) if sector in eateries]
    if meal == "lunch" and work_sector is not None:
        if work_sector in eateries:
            return work_sector
        return (preferred or eateries or [""])[0]
    if preferred and meal != "breakfast":
        return preferred[0]
    if places.home_has_kitchen() or not eateries:
        return ""
    cafes = [
        sector for sector in eateries if "pub" not in sector.casefold() and "bar" not in sector.casefold()
    ]
    if meal == "breakfast":
        return (cafes or eateries)[0]
    return stable_choice(eateries[:2], facts.name, meal, day)


def _meal(meal: str, place: str) -> tuple[str, str]:
    where = f"at {place}" if place else "at home"
    return f"having {meal} {where}", f"have {meal} {where}"


def _hobby(facts: PersonaFacts) -> tuple[str, str]:
    folded = f"{facts.learned} {facts.innate} {facts.occupation}".casefold()
    for words, activity in (
        (("paint", "artist", "watercolor"), "painting"),
        (("writer", "poet", "author", "story"), "writing"),
        (("music", "guitar", "piano", "compos"), "practicing music"),
        (("photograph",), "editing photographs"),
        (("software", "engineer", "programm"), "working on a side project on the computer"),
        (("game", "stream"), "playing video games"),
        (("athlete", "sport", "run"), "exercising"),
        (("philosoph", "mathematic", "literature"), "reading and thinking"),
    ):
        if any(word in folded for word in words):
            return f"{activity} at home", f"spend some time {activity} at home"
    return "reading a book at home", "read a book at home"


def _leisure_options(
    facts: PersonaFacts, places: KnownPlaces, evening: bool, work_sector: str | None,
    planned: frozenset[str] = frozenset(),
) -> list[tuple[str, str]]:
    options: list[tuple[str, str]] = []
    for sector in routine_places(facts, places):
        if sector != work_sector and sector not in planned and (evening or sector not in places.pubs()):
            options.append((f"spending time at {sector}", f"go to {sector}"))
    parks = places.parks()
    eateries = places.eateries()
    pubs = places.pubs()
    if not evening:
        options += [(f"taking a walk in {park}", f"take a walk in {park}") for park in parks[:1]]
        options += [(f"relaxing with a coffee at {cafe}", f"relax at {cafe}") for cafe in eateries[:1]]
    if evening and (facts.age or 30) >= 21:
        options += [(f"having a drink at {pub}", f"have a drink at {pub}") for pub in pubs[:1]]
    options.append(_hobby(facts))
    options.append(("relaxing at home", "relax at home"))
    return options


def build_day(context: Mapping[str, object]) -> list[DayBlock]:
    """The persona's day as hourly blocks from midnight to midnight (see the module docstring)."""
    facts = PersonaFacts.from_context(context)
    places = KnownPlaces.from_context(context)
    day = str(context.get("date_text", ""))
    wake = _context_wake_hour(context, facts)
    bed = max(facts.bed_hour, wake + 10)
    slots: list[tuple[str, str] | None] = [None] * 24

    def put(hour: int, entry: tuple[str, str], *, replace: bool = False) -> bool:
        if 0 <= hour < 24 and (slots[hour] is None or replace):
            slots[hour] = entry
            return True
        return False

    sleep_entry = (SLEEPING, "go to bed and sleep")
    if bed <= 24:
        for hour in (*range(wake), *range(bed, 24)):
            put(hour, sleep_entry)
    else:
        for hour in range(bed - 24):
            put(hour, ("relaxing at home before bed", "stay up late relaxing at home"))
        for hour in range(bed - 24, wake):
            put(hour, sleep_entry)
    put(wake, ("waking up and doing the morning routine", "wake up and complete the morning routine"))
    parts = routine_parts(facts, places, wake, bed)
    plan = _plan_from_parts(parts, places) if parts else work_plan(facts, places)
    work_sector = plan.sector if plan else None
    breakfast = _meal("breakfast", _meal_place("breakfast", facts, places, work_sector, day))
    if plan is not None and plan.start_hour <= wake + 1:
        # Work starts right away: breakfast is part of the morning hour.
        slots[wake] = (
            f"waking up, getting ready and {breakfast[0]}",
            f"wake up, get ready and {breakfast[1]}",
        )
    else:
        put(wake + 1, breakfast)
    if parts:  # dinner at its hour, unless the day's main occupation runs through it
        dinner_entry = _meal("dinner", _meal_place("dinner", facts, places, None, day))
        dinner_hour = facts.dinner_hour
        if plan is not None and plan.start_hour <= dinner_hour < plan.end_hour:
            dinner_hour = plan.end_hour
        while dinner_hour < min(bed, 24) and not put(dinner_hour, dinner_entry):
            dinner_hour += 1
    for part in parts:
        opening = re.match(r"(?:opening|unlocking) .+ and ([a-z]+ing\b.+)$", part.activity)
        for hour in range(part.start_hour, part.end_hour):
            if opening and hour > part.start_hour:
                put(hour, (opening.group(1), part.doing))
            else:
                put(hour, (part.activity, part.doing))
    if plan is not None and not parts:
        for hour in range(plan.start_hour, plan.end_hour):
            if plan.second_activity and plan.second_start_hour is not None and hour >= plan.second_start_hour:
                put(hour, (plan.second_activity, plan.second_activity.replace("studying", "study", 1)))
            else:
                put(hour, (plan.activity, plan.plan_phrase))
    lunch_entry = _meal("lunch", _meal_place("lunch", facts, places, work_sector, day))
    if wake + 2 <= 12 < bed:
        working_at_noon = plan is not None and plan.start_hour < 12 < plan.end_hour - 1
        put(12, lunch_entry, replace=working_at_noon) or put(13, lunch_entry)
    dinner_entry = _meal("dinner", _meal_place("dinner", facts, places, None, day))
    dinner_hour = facts.dinner_hour
    if plan is not None and plan.start_hour <= dinner_hour < plan.end_hour:
        dinner_hour = plan.end_hour
    while not parts and dinner_hour < min(bed, 24) and not put(dinner_hour, dinner_entry):
        dinner_hour += 1
    put((bed - 1) % 24 if bed - 1 >= 24 else bed - 1, ("getting ready for bed", "get ready for bed"))
    gap_number = 0
    hour = 0
    while hour < 24:
        if slots[hour] is not None:
            hour += 1
            continue
        gap_end = hour
        while gap_end < 24 and slots[gap_end] is None:
            gap_end += 1
        split = hour + (gap_end - hour + 1) // 2 if gap_end - hour >= 3 else gap_end
        for part_start, part_end in ((hour, split), (split, gap_end)):
            if part_start >= part_end:
                continue
            evening = part_start >= 17
            options = _leisure_options(facts, places, evening, work_sector,
                                       frozenset(part.sector for part in parts))
            entry = stable_choice(options, facts.name, day, gap_number)
            gap_number += 1
            for slot in range(part_start, part_end):
                slots[slot] = entry
        hour = gap_end
    blocks: list[DayBlock] = []
    for hour, entry in enumerate(slots):
        assert entry is not None
        if not blocks or blocks[-1].activity != entry[0]:
            blocks.append(DayBlock(hour, entry[0], entry[1]))
    return blocks


def _plan_from_parts(parts: list[RoutinePart], places: KnownPlaces) -> WorkPlan:
    """The routine's longest part as the day's main occupation (where lunch is taken, when dinner waits)."""
    main = max(parts, key=lambda part: (part.end_hour - part.start_hour, -part.start_hour))
    sector = main.sector if main.sector != places.home_sector else None
    return WorkPlan(main.start_hour, main.end_hour, main.activity, main.doing, sector)


def answer_wake_up_hour(context: Mapping[str, object]) -> dict[str, object]:
    return {"wake_up_hour": PersonaFacts.from_context(context).wake_hour}


_THIRD_PERSON = {"have": "has", "go": "goes", "do": "does", "wake": "wakes", "get": "gets", "take": "takes",
                 "relax": "relaxes", "read": "reads", "spend": "spends", "stay": "stays", "open": "opens",
                 "work": "works", "teach": "teaches", "study": "studies", "complete": "completes",
                 "stream": "streams", "practice": "practices", "write": "writes", "paint": "paints",
                 "play": "plays", "exercise": "exercises", "edit": "edits"}


def third_person(phrase: str) -> str:
    """``wake up and complete the morning routine`` -> ``wakes up and completes the morning routine``
    (a phrase already in the third person is left as it is)."""
    words = phrase.split()
    for index, word in enumerate(words):
        if (index == 0 or words[index - 1] == "and" or words[index - 1].endswith(",")) and word in _THIRD_PERSON:
            words[index] = _THIRD_PERSON[word]
    return " ".join(words)


def answer_daily_plan(context: Mapping[str, object]) -> dict[str, object]:
    """The day as plain sentences: "Isabella wakes up and completes the morning routine at 6:00 am.",
    "From 8:00 am to 12:00 pm, Isabella opens Hobbs Cafe, serves at the counter and closes the cafe." """
    facts = PersonaFacts.from_context(context)
    first = facts.first_name
    blocks = build_day(context)
    items: list[str] = []
    seen_activities: set[str] = set()
    seen_doings: set[str] = set()
    for index, block in enumerate(blocks):
        doing = third_person(block.plan_phrase)
        if block.activity in seen_activities and block.activity != SLEEPING:
            doing = f"goes back to {block.activity}"
        elif doing in seen_doings and block.activity != SLEEPING:
            doing = f"goes on {block.activity}"
        seen_doings.add(doing)
        seen_activities.add(block.activity)
        if block.activity == SLEEPING and index == 0:
            continue
        end_hour = blocks[index + 1].start_hour if index + 1 < len(blocks) else 24
        if block.activity == SLEEPING:
            items.append(f"{first} goes to bed at {format_clock(block.start_hour)}.")
        elif end_hour - block.start_hour >= 3:
            items.append(f"From {format_clock(block.start_hour)} to {format_clock(end_hour)}, {first} {doing}.")
        else:
            items.append(f"At {format_clock(block.start_hour)}, {first} {doing}.")
    if len(items) < 3:
        items += [f"{first} relaxes at home.", f"{first} goes to bed."]
    return {"daily_plan": items[:12]}


def answer_hourly_schedule(context: Mapping[str, object]) -> dict[str, object]:
    return {
        "blocks": [
            {"start_hour": block.start_hour, "activity": block.activity} for block in build_day(context)
        ]
    }


_MEAL_AT_HOME = (
    ("preparing {meal}", 15),
    ("eating {meal}", 20),
    ("washing the dishes", 10),
    ("tidying up", 5),
)
_MEAL_OUT = (
    ("ordering {meal}", 5),
    ("waiting for {meal}", 10),
    ("eating {meal}", 20),
    ("chatting over {meal}", 10),
)
# what fills the rest of a meal's or a routine's hour: each once, never a second meal
_AFTER_MEAL = (
    ("reading the news over a cup of tea", 10),
    ("looking over the plan for the rest of the day", 5),
    ("resting a little before moving on", 10),
    ("checking messages", 5),
)
_AFTER_ROUTINE = (
    ("opening the window and stretching", 5),
    ("checking messages", 5),
    ("looking over the plan for the day", 10),
)
# patterns done once in order (a meal, a routine), not cycled
_ONCE: tuple[tuple[tuple[str, ...], tuple[tuple[str, int], ...], tuple[tuple[str, int], ...]], ...] = (
    (
        ("morning routine", "waking up"),
        (
            ("getting out of bed", 5),
            ("using the bathroom", 5),
            ("taking a shower", 15),
            ("getting dressed", 10),
            ("brushing teeth and combing hair", 10),
            ("making the bed", 5),
            ("going over the plan for the day", 10),
        ),
        _AFTER_ROUTINE,
    ),
    (
        ("ready for bed",),
        (
            ("brushing teeth", 5),
            ("changing into pajamas", 5),
            ("reading in bed", 15),
            ("turning off the lights", 5),
        ),
        (("writing a few lines in a journal", 10), ("setting out clothes for tomorrow", 5), ("listening to quiet music", 15)),
    ),
)
_SUBTASKS: tuple[tuple[tuple[str, ...], tuple[tuple[str, int], ...]], ...] = (
    (
        ("behind the counter", "serves", "serving"),
        (
            ("serving customers at the counter", 15),
            ("restocking the shelves", 10),
            ("taking orders", 10),
            ("tidying the counter", 5),
            ("helping a customer", 10),
            ("checking the stock", 10),
            ("chatting with a regular", 10),
            ("ringing up a purchase", 5),
        ),
    ),
    (
        ("teaching",),
        (
            ("preparing lecture notes", 10),
            ("lecturing the class", 15),
            ("answering students' questions", 10),
            ("grading papers", 15),
            ("writing on the blackboard", 10),
            ("leading a class discussion", 15),
        ),
    ),
    (
        ("attending classes", "classes"),
        (
            ("listening to the lecture", 15),
            ("taking notes in class", 15),
            ("discussing with classmates", 10),
            ("asking the professor a question", 5),
            ("working through an exercise in class", 15),
            ("reviewing the handout", 10),
        ),
    ),
    (
        ("studying", "writing", "writes", "research"),
        (
            ("reviewing notes", 10),
            ("reading", 15),
            ("writing", 15),
            ("taking a short break", 5),
            ("looking up a reference", 10),
            ("outlining the next section", 10),
            ("revising a draft", 15),
        ),
    ),
    (
        ("walk", "run"),
        (
            ("walking along the path", 15),
            ("enjoying the scenery", 10),
            ("resting on a bench", 5),
            ("watching the birds", 10),
            ("stretching on the grass", 5),
        ),
    ),
    (
        ("drink", "pub"),
        (
            ("ordering a drink", 5),
            ("chatting at the bar", 15),
            ("listening to the music", 10),
            ("finding a seat", 5),
            ("sipping a drink", 15),
        ),
    ),
    (
        ("coffee",),
        (
            ("ordering a coffee", 5),
            ("sipping coffee", 15),
            ("reading the news", 10),
            ("people-watching by the window", 10),
        ),
    ),
    (
        ("stream", "video games"),
        (
            ("setting up the stream", 10),
            ("playing games on stream", 15),
            ("chatting with viewers", 10),
            ("taking a break from the stream", 5),
            ("reading the stream chat", 10),
        ),
    ),
    (
        ("paint",),
        (
            ("setting up the easel", 5),
            ("painting", 15),
            ("mixing colors", 10),
            ("cleaning brushes", 5),
            ("stepping back to look at the canvas", 5),
            ("sketching an outline", 10),
        ),
    ),
    (
        ("reading",),
        (("choosing a book", 5), ("reading", 15), ("making a cup of tea", 10), ("taking notes on the book", 10)),
    ),
    (
        ("spending time", "relaxing", "spends time", "winding down", "housemates", "neighbours"),
        (
            ("finding a comfortable seat", 5),
            ("chatting with the people nearby", 15),
            ("sitting back and relaxing", 10),
            ("people-watching", 10),
            ("reading the news on the phone", 10),
            ("having a glass of water", 5),
        ),
    ),
)
# the part of the day a cycled subtask falls in, so that the same task later reads differently
_PARTS_OF_DAY = (
    (5, "late at night"),
    (9, "early in the morning"),
    (11, "in the morning"),
    (13, "around midday"),
    (15, "in the early afternoon"),
    (17, "later in the afternoon"),
    (20, "in the evening"),
    (22, "late in the evening"),
    (24, "late at night"),
)


def _part_of_day(minute_of_day: int) -> str:
    hour = (minute_of_day // 60) % 24
    for until, words in _PARTS_OF_DAY:
        if hour < until:
            return words
    return "late at night"


def _start_minute(start_time_text: str) -> int | None:
    match = re.match(r"\s*(\d{1,2}):(\d{2})\s*([ap]m)", start_time_text.casefold())
    if match is None:
        return None
    return (int(match.group(1)) % 12 + (12 if match.group(3) == "pm" else 0)) * 60 + int(match.group(2))


def _core(activity: str) -> str:
    """The activity without its place ("working on an animation at home" -> "working on an animation")."""
    core = re.split(r"\s+(?:at|in the|in)\s+(?:home\b|[A-Z])", activity.strip(), maxsplit=1)[0]
    return core or activity.strip() or "going about the day"


def _once_pattern(activity: str) -> tuple[tuple[tuple[str, int], ...], tuple[tuple[str, int], ...]] | None:
    folded = activity.casefold()
    for meal in ("breakfast", "lunch", "dinner"):
        if meal in folded:
            pattern = _MEAL_AT_HOME if "at home" in folded or " at " not in folded else _MEAL_OUT
            return tuple((d.format(meal=meal), m) for d, m in pattern), _AFTER_MEAL
    for keywords, pattern, after in _ONCE:
        if any(keyword in folded for keyword in keywords):
            return pattern, after
    return None


def _cycled_pattern(activity: str) -> tuple[tuple[str, int], ...]:
    folded = activity.casefold()
    for keywords, pattern in _SUBTASKS:
        if any(keyword in folded for keyword in keywords):
            return pattern
    core = _core(activity)
    return (
        (f"{core} (getting started)", 10),
        (core, 15),
        ("stretching and taking a short break", 5),
        (f"{core} (deep in concentration)", 15),
        ("getting a glass of water", 5),
        (f"{core} (finishing a piece of it)", 10),
    )


def _fit(items: list[tuple[str, int]], duration: int) -> list[dict[str, object]]:
    """``items`` cut or stretched (5-15 minutes each) to last exactly ``duration`` minutes."""
    subtasks: list[dict[str, object]] = []
    remaining = duration
    for description, minutes in items:
        if remaining <= 0:
            break
        taken = min(max(5, minutes), 15, remaining)
        if 0 < remaining - taken < 5:
            taken = remaining - 5 if remaining - 5 >= 5 else remaining
        subtasks.append({"description": description, "duration_minutes": taken})
        remaining -= taken
    index = 0
    while remaining > 0 and subtasks:  # stretch the tasks, up to 15 minutes each, then the last one
        task = subtasks[index % len(subtasks)]
        room = 15 - int(task["duration_minutes"])  # type: ignore[call-overload]
        if room > 0 or index >= 2 * len(subtasks):
            add = remaining if index >= 2 * len(subtasks) else min(room, remaining)
            task["duration_minutes"] = int(task["duration_minutes"]) + add  # type: ignore[call-overload]
            remaining -= add
        index += 1
    return subtasks


MAX_REPEATS_A_DAY = 4  # a task is not planned again once done this often today (sleep aside)


def decompose(activity: str, duration_minutes: int, start_time_text: str = "",
              done_today: Mapping[str, object] | None = None) -> list[dict[str, object]]:
    """Subtasks of 5-15 minutes whose durations sum to ``duration_minutes`` (sleep stays one block).

    A meal or a routine is done once, in order, and the rest of its time filled with other small
    things (never a second meal); other activities cycle through their tasks, each named with the
    part of the day it falls in after its first time, so that a long shift does not repeat itself."""
    duration = max(1, duration_minutes)
    if SLEEPING in activity.casefold() or duration < 5:
        return [{"description": activity.strip() or SLEEPING, "duration_minutes": duration}]
    done = {str(key).casefold(): int(value) for key, value in (done_today or {}).items()}
    once = _once_pattern(activity)
    if once is not None:  # what was done already today (before a chat broke in, say) is not done again
        pattern, after = once
        items = [item for item in pattern if done.get(item[0].casefold(), 0) == 0]
        if sum(m for _, m in items) < duration:
            items += [item for item in after if done.get(item[0].casefold(), 0) == 0]
        return _fit(items or list(after), duration)
    pattern = _cycled_pattern(activity)
    start = _start_minute(start_time_text)
    offset = (start // 60) % len(pattern) if start is not None else 0
    subtasks: list[dict[str, object]] = []
    remaining, elapsed, index = duration, 0, 0
    while remaining > 0:
        found = False
        for wording in ("{task} {part}", "{task} for a while {part}", "{task} once more {part}"):
            for tried in range(len(pattern)):  # the next task not done too often today, if there is one
                task, minutes = pattern[(index + offset + tried) % len(pattern)]
                description = wording.format(task=task, part=_part_of_day(start + elapsed)) if start is not None \
                    else task
                if done.get(description.casefold(), 0) < MAX_REPEATS_A_DAY:
                    index += tried
                    found = True
                    break
            if found or start is None:
                break
        done[description.casefold()] = done.get(description.casefold(), 0) + 1
        taken = min(minutes, 15, remaining)
        if 0 < remaining - taken < 5:
            taken = remaining - 5 if remaining - 5 >= 5 else remaining
        subtasks.append({"description": description, "duration_minutes": taken})
        remaining -= taken
        elapsed += taken
        index += 1
    return subtasks


def answer_decompose_action(context: Mapping[str, object]) -> dict[str, object]:
    duration = context.get("duration_minutes", 60)
    minutes = duration if isinstance(duration, int) and not isinstance(duration, bool) else 60
    done = context.get("done_today")
    return {"subtasks": decompose(str(context.get("activity", "")), minutes, str(context.get("start_time_text", "")),
                                  done if isinstance(done, Mapping) else None)}


def schedule_activity_at(blocks: Sequence[DayBlock], hour: float) -> str:
    """The activity of ``blocks`` at ``hour`` (for tests and tools)."""
    current = blocks[0].activity
    for block in blocks:
        if block.start_hour <= hour:
            current = block.activity
    return current
