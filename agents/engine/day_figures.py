"""The figures that say whether a simulated day reads as believable (issue 15), measured from a town.

Per resident: reflections (and exact repeats of one the resident already held), conversations (and
the most held in one game hour), whether every sleep was spent at home, the most repeated action
description (sleep aside), and dialogue lines said more than once. :func:`day_figures` reads them
from a :class:`~agents.engine.simulation.Simulation`; the tests, ``bench/offline_day.py`` and the
run summary use it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from agents.cognition.resident import Resident
from agents.engine.simulation import Simulation
from agents.memory.records import MemoryKind
from agents.wording import count_of
from agents.world.address import split_address


@dataclass(frozen=True)
class ResidentFigures:
    """One resident's figures over the run (see the module docstring)."""

    name: str
    reflections: int
    repeated_reflections: int  # reflections whose text the resident already held
    conversations: int
    most_conversations_in_an_hour: int
    sleeps: int
    sleeps_away_from_home: tuple[str, ...]  # "HH:MM at sector:arena" of sleeps not at home
    most_repeated_action: tuple[str, int]  # (description, times), sleep aside
    repeated_lines: tuple[tuple[str, int], ...]  # dialogue lines said more than once by this resident


@dataclass(frozen=True)
class DayFigures:
    """The town's figures over ``hours`` game hours."""

    hours: float
    residents: tuple[ResidentFigures, ...]

    @property
    def resident_days(self) -> float:
        return len(self.residents) * self.hours / 24

    def per_resident_day(self, total: int) -> float:
        return total / self.resident_days if self.resident_days else 0.0

    def text(self) -> str:
        """A few lines a person reads: totals, then the extremes."""
        r = self.residents
        reflections = sum(f.reflections for f in r)
        repeats = sum(f.repeated_reflections for f in r)
        talks = sum(f.conversations for f in r)
        away = sum(len(f.sleeps_away_from_home) for f in r)
        sleeps = sum(f.sleeps for f in r)
        actions = max(r, key=lambda f: f.most_repeated_action[1])
        lines = sum(len(f.repeated_lines) for f in r)
        per = [f.reflections for f in r]
        talk_per = [f.conversations for f in r]
        return "\n".join([
            f"{count_of(len(r), 'resident')}, {count_of(float(self.hours), 'game hour')} ({self.resident_days:.2f} resident-days)",
            (f"reflections: {reflections} ({self.per_resident_day(reflections):.1f} per resident-day; "
            f"per resident {min(per)}-{max(per)}), exact repeats {repeats}"),
            (f"conversations (counted per participant): {talks} ({self.per_resident_day(talks):.1f} per resident-day; "
            f"per resident {min(talk_per)}-{max(talk_per)}), most in one game hour "
            f"{max(f.most_conversations_in_an_hour for f in r)}"),
            f"sleeps: {sleeps}, away from home {away}"
            + (f" (e.g. {next(f for f in r if f.sleeps_away_from_home).name}: "
               f"{next(f for f in r if f.sleeps_away_from_home).sleeps_away_from_home[0]})" if away else ""),
            (f"most repeated action (sleep aside): {actions.name} {actions.most_repeated_action[0]!r} "
            f"x{actions.most_repeated_action[1]}; residents repeating one > 4 times: "
            f"{sum(1 for f in r if f.most_repeated_action[1] > 4)}"),
            f"dialogue lines repeated by the same speaker: {lines}"
            + (f" (e.g. {next(f for f in r if f.repeated_lines).repeated_lines[0][0]!r})" if lines else ""),
        ])


def day_figures(simulation: Simulation, hours: float) -> DayFigures:
    """The figures of ``simulation`` as it stands, over a run of ``hours`` game hours."""
    return DayFigures(hours, tuple(resident_figures(r) for r in simulation.residents.values()))


def home_sector(resident: Resident) -> str:
    """The sector of the resident's living area (their home)."""
    parts = split_address(resident.persona.living_area)
    return parts[1] if len(parts) > 1 else ""


def resident_figures(resident: Resident) -> ResidentFigures:
    reflections = [r.description for r in resident.memory.records() if r.kind is MemoryKind.REFLECTION]
    seen: set[str] = set()
    repeats = 0
    for text in reflections:
        key = text.casefold().strip()
        repeats += key in seen
        seen.add(key)
    hours = Counter(_hour(c.started_at) for c in resident.conversations)
    home = home_sector(resident)
    sleeps = [(start, address) for start, what, address, _ in resident.action_log if "sleep" in what.casefold()]
    away = tuple(f"{start:%H:%M} at {':'.join(split_address(address)[1:3])}" for start, address in sleeps
                 if len(split_address(address)) < 2 or split_address(address)[1] != home)
    actions = Counter(what for _, what, _, _ in resident.action_log
                      if "sleep" not in what.casefold() and not what.startswith("chatting with"))
    said = Counter(text.strip() for c in resident.conversations for speaker, text in c.turns
                   if speaker == resident.name)
    return ResidentFigures(
        name=resident.name,
        reflections=len(reflections),
        repeated_reflections=repeats,
        conversations=len(resident.conversations),
        most_conversations_in_an_hour=max(hours.values(), default=0),
        sleeps=len(sleeps),
        sleeps_away_from_home=away,
        most_repeated_action=actions.most_common(1)[0] if actions else ("", 0),
        repeated_lines=tuple((line, n) for line, n in said.most_common() if n > 1),
    )


def _hour(when: datetime) -> datetime:
    return when.replace(minute=0, second=0, microsecond=0)
