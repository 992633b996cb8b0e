"""Facts the offline rules read from a persona: name, pronoun, sleep and meal hours, occupation, work.

The persona fields follow the original scratch files: ``lifestyle`` ("goes to bed around 11pm, awakes up
around 6am, eats dinner around 5pm."), ``daily_plan_req`` (daily routine, e.g. "opens Hobbs Cafe at 8am
everyday, and stands at the counter until 8pm"), ``learned`` ("... is a cafe owner of Hobbs Cafe ...").
Unparseable or missing text gives sensible defaults (wake at 7, bed at 23, dinner at 18).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from agents.llm.offline.known_places import KnownPlaces
from agents.llm.offline.text_tools import find_clock_times, persona_field

DEFAULT_WAKE_HOUR = 7
DEFAULT_BED_HOUR = 23
DEFAULT_DINNER_HOUR = 18


@dataclass(frozen=True)
class PersonaFacts:
    name: str
    first_name: str
    age: int | None
    innate: str
    learned: str
    currently: str
    lifestyle: str
    routine: str

    @classmethod
    def from_context(cls, context: Mapping[str, object]) -> PersonaFacts:
        name = persona_field(context, "name", "Someone")
        age_text = persona_field(context, "age")
        return cls(
            name=name,
            first_name=persona_field(context, "first_name", name.split()[0] if name.split() else name),
            age=int(age_text) if age_text.isdigit() else None,
            innate=persona_field(context, "innate"),
            learned=persona_field(context, "learned"),
            currently=persona_field(context, "currently"),
            lifestyle=persona_field(context, "lifestyle"),
            routine=persona_field(context, "daily_plan_req"),
        )

    @property
    def pronoun(self) -> str:
        words = re.findall(r"\b(she|her|he|his|him)\b", self.learned.casefold())
        female = sum(word in ("she", "her") for word in words)
        male = sum(word in ("he", "his", "him") for word in words)
        return "she" if female > male else "he" if male > female else "they"

    @property
    def possessive(self) -> str:
        return {"she": "her", "he": "his"}.get(self.pronoun, "their")

    def _hour_after(self, pattern: str) -> float | None:
        match = re.search(pattern, self.lifestyle, re.IGNORECASE)
        if match is None:
            return None
        times = find_clock_times(self.lifestyle[match.end() : match.end() + 30])
        return times[0][1] if times else None

    @property
    def wake_hour(self) -> int:
        hour = self._hour_after(r"(?:a?wakes?|gets?)\s+up")
        if hour is None or hour >= 24:
            return DEFAULT_WAKE_HOUR
        return max(3, min(12, int(hour)))

    @property
    def bed_hour(self) -> int:
        """Hour of going to bed; past midnight counts on (``26`` is 2 am the next day)."""
        hour = self._hour_after(r"(?:goes|go|going) to (?:bed|sleep)")
        if hour is None:
            return DEFAULT_BED_HOUR
        bed = round(hour)
        if bed <= 6:
            bed += 24
        return max(self.wake_hour + 10, min(28, bed))

    @property
    def dinner_hour(self) -> int:
        hour = self._hour_after(r"(?:eats|have|has|having) dinner")
        return DEFAULT_DINNER_HOUR if hour is None else max(15, min(21, int(hour)))

    @property
    def occupation(self) -> str:
        match = re.search(
            r"\bis (?:an? |the )?(.+?)(?=\s+who\b|\s+at\b|\s+of\b|\s+in\b|\s+studying\b|\s+that\b|[.,;]|$)",
            self.learned,
        )
        return match.group(1).strip() if match else ""

    @property
    def is_student(self) -> bool:
        return "student" in self.occupation.casefold() or "classes" in self.routine.casefold()


def routine_places(facts: PersonaFacts, places: KnownPlaces) -> list[str]:
    """Sectors the routine names, in order (``"...eats at Hobbs Cafe"`` gives ``["Hobbs Cafe"]``)."""
    return [sector for sector in places.sectors_named_in(facts.routine) if sector != places.home_sector]


@dataclass(frozen=True)
class WorkPlan:
    """When and where the persona works (or studies) on a normal day."""

    start_hour: int
    end_hour: int
    activity: str  # e.g. "working behind the counter at Hobbs Cafe"
    plan_phrase: str  # e.g. "open Hobbs Cafe and work there"
    sector: str | None  # where, from the known places; None means at home
    second_activity: str | None = None  # e.g. studying after classes
    second_start_hour: int | None = None


def _work_activity(
    facts: PersonaFacts, place: str | None, arena: str | None, routine: str
) -> tuple[str, str]:
    folded = f"{routine} {facts.occupation}".casefold()
    where = f" in the {arena} at {place}" if place and arena else f" at {place}" if place else " at home"
    if "teach" in folded or "professor" in folded:
        return f"teaching classes{where}", f"teach classes{where}"
    if facts.is_student and "class" in folded:
        return f"attending classes{where}", f"go to classes{where}"
    if facts.is_student or "study" in folded or "writing" in folded and "library" in folded:
        verb = "writing and studying" if "writ" in folded else "studying"
        return f"{verb}{where}", f"spend the day {verb}{where}"
    if any(word in folded for word in ("housewife", "homemaker", "stay-at-home")):
        return "taking care of the house and the family", "take care of the house and the family"
    if "stream" in folded or "gaming" in folded:
        return "streaming games on Twitch", "stream games on Twitch for several hours"
    if any(word in folded for word in ("counter", "opens", "shop", "store", "owner", "keeper", "bartender")):
        opening = f"open {place} and " if place and "open" in folded else ""
        return f"working behind the counter{where}", f"{opening}work behind the counter{where}"
    if facts.occupation:
        return f"working as a {facts.occupation}{where}", f"work as a {facts.occupation}{where}"
    return f"working on personal projects{where}", f"work on personal projects{where}"


def work_plan(facts: PersonaFacts, places: KnownPlaces) -> WorkPlan | None:
    """The persona's working (or studying) hours and place from its routine, occupation and known places.

    ``None`` for the retired: their routine's places become leisure instead.
    """
    routine = facts.routine
    if "retired" in facts.occupation.casefold():
        return None
    named = places.sectors_named_in(routine) or places.sectors_named_in(facts.learned)
    work_sector = next((sector for sector in named if sector != places.home_sector), None)
    arena = places.arena_named_in(routine, work_sector) if work_sector else None
    if arena is not None and work_sector is not None and arena.casefold() in work_sector.casefold():
        arena = None  # "the pub at The Rose and Crown Pub" says nothing new
    if work_sector is None:
        distinctive = places.distinctive_arena_named_in(routine, facts.name)
        if distinctive is not None and distinctive[0] != places.home_sector:
            work_sector, arena = distinctive
    times = sorted({hour for _position, hour in find_clock_times(routine) if 5 <= hour <= 24})
    wake = facts.wake_hour
    if times:
        start = max(wake + 1, int(times[0]))
        end = (
            int(times[-1]) if len(times) > 1 and times[-1] > start else start + (4 if facts.is_student else 8)
        )
    elif "early in the morning" in routine.casefold():
        start, end = wake + 1, 17
    else:
        start, end = max(wake + 2, 9), 17
    end = min(end, facts.bed_hour - 1)
    if end <= start:
        end = min(start + 4, facts.bed_hour - 1)
    activity, phrase = _work_activity(facts, work_sector, arena, routine)
    second_activity: str | None = None
    second_start: int | None = None
    folded = routine.casefold()
    if facts.is_student and "class" in folded and ("then" in folded or "afternoon" in folded):
        after = places.sectors_named_in(
            routine[folded.find("then") if "then" in folded else folded.find("afternoon") :]
        )
        later_place = after[0] if after else work_sector
        second_start = end
        second_activity = f"studying at {later_place}" if later_place else "studying at home"
        end = min(max(end + 3, 17), facts.bed_hour - 1)
    return WorkPlan(start, end, activity, phrase, work_sector, second_activity, second_start)
