"""Progress of a headless run: one redrawn line on a terminal, plain lines otherwise.

On a terminal the line is redrawn as often as it is shown. In a log (not a terminal) a run prints
about :data:`PLAIN_LINES` lines, plus an alert (the model unreachable) at once when it begins, then
every ``alert_repeat_seconds`` while it lasts, and one line when it is over, so a log says what the
run is waiting for without filling up.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TextIO

PLAIN_LINES = 10  # how many lines a run prints when the output is not a terminal
ALERT_REPEAT_SECONDS = 5.0  # how often a log repeats an alert that lasts


@dataclass(frozen=True)
class UsageFigures:
    """The model usage the line shows."""

    calls: int
    tokens: int
    cost_usd: float


@dataclass
class RunProgress:
    total_steps: int
    stream: TextIO = field(default_factory=lambda: sys.stderr)
    clock: Callable[[], float] = time.monotonic
    alert_repeat_seconds: float = ALERT_REPEAT_SECONDS
    started: float | None = None
    _next_plain_line: int = 0
    _alert_printed_at: float | None = None

    def __post_init__(self) -> None:
        if self.started is None:
            self.started = self.clock()

    def show(self, steps_done: int, game_time: datetime, usage: UsageFigures, note: str = "",
             alert: str = "") -> None:
        """The line as of ``steps_done`` steps; ``note`` is shown with it (who is thinking), ``alert``
        (the model unreachable) instead of the note and, in a log, at once."""
        now = self.clock()
        elapsed = max(1e-9, now - (self.started or now))
        rate = steps_done / elapsed
        remaining = (self.total_steps - steps_done) / rate if rate > 0 else float("inf")
        eta = "?" if remaining == float("inf") else f"{remaining:.0f}s"
        fraction = steps_done / max(1, self.total_steps)
        said = alert or note
        text = (f"{fraction:6.1%} {game_time:%a %H:%M} | {rate:7.1f} steps/s | calls {usage.calls} | "
                f"tokens {usage.tokens} | ${usage.cost_usd:.4f} | ETA {eta}" + (f" | {said}" if said else ""))
        if self.stream.isatty():
            filled = int(fraction * 20)
            self.stream.write(f"\r[{'#' * filled}{'.' * (20 - filled)}] {text}\x1b[K")
            self.stream.flush()
            return
        if alert:
            if self._alert_printed_at is None or now - self._alert_printed_at >= self.alert_repeat_seconds:
                self._write_line(text)
                self._alert_printed_at = now
            return
        if self._alert_printed_at is not None:
            self._alert_printed_at = None
            self._write_line(text + (" | " if not note else "; ") + "the model answers again")
            return
        if steps_done >= self._next_plain_line:
            self._write_line(text)
            self._next_plain_line = steps_done + max(1, self.total_steps // PLAIN_LINES)

    def _write_line(self, text: str) -> None:
        self.stream.write(text + "\n")
        self.stream.flush()

    def finish(self) -> None:
        if self.stream.isatty():
            self.stream.write("\n")
            self.stream.flush()
