"""Reading a moment of a recording typed by a person: a step number, or a game time.

Accepted (case does not matter): ``1234`` (a step), ``14:30`` or ``14:30:10`` (that time on the day
of ``today``: the day shown now), ``Tue 09:00`` / ``tuesday 9:00`` (that weekday, the first at or
after the recording's first day), ``2023-02-14 09:00`` or ``2023-02-14T09:00[:SS]`` (a full date and
time). Anything else is a :class:`GameTimeQueryError` saying what was typed and what is accepted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

ACCEPTED = "a step number, 14:30, Tue 09:00, or 2023-02-14 09:00"
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_CLOCK = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?")


class GameTimeQueryError(ValueError):
    """A moment that could not be read; the message names the text and the accepted forms."""


@dataclass(frozen=True)
class GameMoment:
    """Either a ``step`` or a game ``time`` (exactly one is set)."""

    step: int | None = None
    time: datetime | None = None


def parse_game_moment(text: str, *, first_day: date, today: date) -> GameMoment:
    """The moment ``text`` names; ``first_day`` is the recording's first game day, ``today`` the day
    the viewer is on (for a bare clock time)."""
    typed = text.strip()
    lowered = typed.lower()
    if not lowered:
        raise GameTimeQueryError(f"nothing typed: type {ACCEPTED}")
    if lowered.isdigit():
        return GameMoment(step=int(lowered))
    clock = _CLOCK.fullmatch(lowered)
    if clock:
        return GameMoment(time=datetime.combine(today, _clock_time(typed, clock)))
    parts = lowered.replace("t", " ", 1).split() if re.match(r"\d{4}-\d{2}-\d{2}t", lowered) else lowered.split()
    if len(parts) == 2:
        day_text, clock_text = parts
        clock = _CLOCK.fullmatch(clock_text)
        if clock:
            weekday = _weekday(day_text)
            if weekday is not None:
                day = first_day + timedelta(days=(weekday - first_day.weekday()) % 7)
                return GameMoment(time=datetime.combine(day, _clock_time(typed, clock)))
            try:
                return GameMoment(time=datetime.combine(date.fromisoformat(day_text), _clock_time(typed, clock)))
            except ValueError:
                pass
    raise GameTimeQueryError(f"{typed!r} is not a moment of the recording: type {ACCEPTED}")


def _weekday(text: str) -> int | None:
    if len(text) < 3:
        return None
    return next((index for index, name in enumerate(_WEEKDAYS) if name.startswith(text)), None)


def _clock_time(typed: str, match: re.Match[str]) -> time:
    hours, minutes, seconds = int(match.group(1)), int(match.group(2)), int(match.group(3) or 0)
    if hours > 23 or minutes > 59 or seconds > 59:
        raise GameTimeQueryError(f"{typed!r}: {match.group(0)} is not a time of day (00:00 to 23:59)")
    return time(hours, minutes, seconds)
