"""The game clock: a start time, a step length and a step count (a frozen value)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta


@dataclass(frozen=True)
class GameClock:
    start: datetime
    step_seconds: int = 10
    step_index: int = 0

    @property
    def now(self) -> datetime:
        return self.start + timedelta(seconds=self.step_seconds * self.step_index)

    def advanced(self, steps: int = 1) -> GameClock:
        return replace(self, step_index=self.step_index + steps)

    def steps_per_day(self) -> int:
        return 86400 // self.step_seconds
