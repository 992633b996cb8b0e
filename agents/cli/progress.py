"""Progress of a headless run: one redrawn line on a terminal, plain lines otherwise."""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass, field
from datetime import datetime
from typing import TextIO

PLAIN_LINES = 10  # how many lines a run prints when the output is not a terminal


@dataclass
class RunProgress:
    total_steps: int
    stream: TextIO = field(default_factory=lambda: sys.stderr)
    started: float = field(default_factory=time.monotonic)
    _next_plain_line: int = 0

    def show(self, steps_done: int, game_time: datetime, calls: int, tokens: int, cost_usd: float,
             note: str = "") -> None:
        elapsed = max(1e-9, time.monotonic() - self.started)
        rate = steps_done / elapsed
        remaining = (self.total_steps - steps_done) / rate if rate > 0 else float("inf")
        eta = "?" if remaining == float("inf") else f"{remaining:.0f}s"
        fraction = steps_done / max(1, self.total_steps)
        text = (f"{fraction:6.1%} {game_time:%a %H:%M} | {rate:7.1f} steps/s | calls {calls} | tokens {tokens} | "
                f"${cost_usd:.4f} | ETA {eta}" + (f" | {note}" if note else ""))
        if self.stream.isatty():
            filled = int(fraction * 20)
            self.stream.write(f"\r[{'#' * filled}{'.' * (20 - filled)}] {text}\x1b[K")
            self.stream.flush()
        elif steps_done >= self._next_plain_line or note:
            self.stream.write(text + "\n")
            self._next_plain_line = steps_done + max(1, self.total_steps // PLAIN_LINES)

    def finish(self) -> None:
        if self.stream.isatty():
            self.stream.write("\n")
