"""Offline answers for planning: wake-up hour, daily plan, hourly schedule, decomposition into subtasks.

A day is built once from the persona and known places (:func:`build_day`): sleep until the wake-up hour
from ``lifestyle``, a morning routine, breakfast (at home when home has a kitchen, else at a cafe),
work or classes at the place the routine names during the hours it names, lunch, dinner at the hour
``lifestyle`` gives, leisure at places the agent knows (park, cafe, pub, hobbies at home), getting ready
for bed and sleep. The daily plan and the hourly schedule are two views of that same day, so they agree.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from agents.llm.offline.known_places import KnownPlaces
from agents.llm.offline.persona_facts import PersonaFacts, routine_places, work_plan
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
    facts: PersonaFacts, places: KnownPlaces, evening: bool, work_sector: str | None
) -> list[tuple[str, str]]:
    options: list[tuple[str, str]] = []
    for sector in routine_places(facts, places):
        if sector != work_sector:
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
    plan = work_plan(facts, places)
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
    if plan is not None:
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
    while dinner_hour < min(bed, 24) and not put(dinner_hour, dinner_entry):
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
            options = _leisure_options(facts, places, evening, work_sector)
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


def answer_wake_up_hour(context: Mapping[str, object]) -> dict[str, object]:
    return {"wake_up_hour": PersonaFacts.from_context(context).wake_hour}


def answer_daily_plan(context: Mapping[str, object]) -> dict[str, object]:
    blocks = build_day(context)
    items: list[str] = []
    seen_phrases: set[str] = set()
    for index, block in enumerate(blocks):
        phrase = block.plan_phrase
        if phrase in seen_phrases and phrase.startswith("open ") and " and " in phrase:
            phrase = "go back to " + phrase.split(" and ", 1)[1]
        seen_phrases.add(block.plan_phrase)
        if block.activity == SLEEPING and index == 0:
            continue
        end_hour = blocks[index + 1].start_hour if index + 1 < len(blocks) else 24
        if block.activity == SLEEPING:
            items.append(f"go to bed at {format_clock(block.start_hour)}")
        elif end_hour - block.start_hour >= 3:
            items.append(f"{phrase} from {format_clock(block.start_hour)} to {format_clock(end_hour)}")
        else:
            items.append(f"{phrase} at {format_clock(block.start_hour)}")
    return {"daily_plan": items[:12] if len(items) >= 3 else [*items, "relax at home", "go to bed"][:12]}


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
_SUBTASKS: tuple[tuple[tuple[str, ...], tuple[tuple[str, int], ...]], ...] = (
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
    ),
    (
        ("ready for bed",),
        (
            ("brushing teeth", 5),
            ("changing into pajamas", 5),
            ("reading in bed", 15),
            ("turning off the lights", 5),
        ),
    ),
    (
        ("behind the counter",),
        (
            ("serving customers at the counter", 15),
            ("restocking the shelves", 10),
            ("taking orders", 10),
            ("tidying the counter", 5),
            ("helping a customer", 10),
        ),
    ),
    (
        ("teaching",),
        (
            ("preparing lecture notes", 10),
            ("lecturing the class", 15),
            ("answering students' questions", 10),
            ("grading papers", 15),
        ),
    ),
    (
        ("attending classes",),
        (
            ("listening to the lecture", 15),
            ("taking notes in class", 15),
            ("discussing with classmates", 10),
            ("asking the professor a question", 5),
        ),
    ),
    (
        ("studying", "writing"),
        (("reviewing notes", 10), ("reading", 15), ("writing", 15), ("taking a short break", 5)),
    ),
    (("walk",), (("walking along the path", 15), ("enjoying the scenery", 10), ("resting on a bench", 5))),
    (("drink",), (("ordering a drink", 5), ("chatting at the bar", 15), ("listening to the music", 10))),
    (("coffee",), (("ordering a coffee", 5), ("sipping coffee", 15), ("reading the news", 10))),
    (
        ("stream", "video games"),
        (("setting up the stream", 10), ("playing games on stream", 15), ("chatting with viewers", 10)),
    ),
    (
        ("painting",),
        (("setting up the easel", 5), ("painting", 15), ("mixing colors", 10), ("cleaning brushes", 5)),
    ),
    (("reading",), (("choosing a book", 5), ("reading", 15), ("making a cup of tea", 10))),
)


def _subtask_pattern(activity: str) -> tuple[tuple[str, int], ...]:
    folded = activity.casefold()
    for meal in ("breakfast", "lunch", "dinner"):
        if meal in folded:
            pattern = _MEAL_AT_HOME if "at home" in folded or " at " not in folded else _MEAL_OUT
            return tuple((description.format(meal=meal), minutes) for description, minutes in pattern)
    for keywords, pattern in _SUBTASKS:
        if any(keyword in folded for keyword in keywords):
            return pattern
    core = activity.strip() or "going about the day"
    return (
        (f"getting started ({core})", 10),
        (core, 15),
        ("taking a short break", 5),
        (core, 15),
        (f"wrapping up ({core})", 10),
    )


def decompose(activity: str, duration_minutes: int) -> list[dict[str, object]]:
    """Subtasks of 5-15 minutes whose durations sum to ``duration_minutes`` (sleep stays one block)."""
    duration = max(1, duration_minutes)
    if SLEEPING in activity.casefold() or duration < 5:
        return [{"description": activity.strip() or SLEEPING, "duration_minutes": duration}]
    pattern = _subtask_pattern(activity)
    subtasks: list[dict[str, object]] = []
    remaining = duration
    index = 0
    while remaining > 0:
        description, minutes = pattern[index % len(pattern)]
        taken = min(minutes, 15, remaining)
        if 0 < remaining - taken < 5:
            taken = remaining - 5 if remaining - 5 >= 5 else remaining
        subtasks.append({"description": description, "duration_minutes": taken})
        remaining -= taken
        index += 1
    return subtasks


def answer_decompose_action(context: Mapping[str, object]) -> dict[str, object]:
    duration = context.get("duration_minutes", 60)
    minutes = duration if isinstance(duration, int) and not isinstance(duration, bool) else 60
    return {"subtasks": decompose(str(context.get("activity", "")), minutes)}


def schedule_activity_at(blocks: Sequence[DayBlock], hour: float) -> str:
    """The activity of ``blocks`` at ``hour`` (for tests and tools)."""
    current = blocks[0].activity
    for block in blocks:
        if block.start_hour <= hour:
            current = block.activity
    return current
