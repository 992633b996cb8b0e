"""Ctrl-C (SIGINT) and SIGTERM during a headless run: asked for, then acted on between two steps.

A signal raised in the middle of a resident's thought would leave the step half-done (and the step
driver waiting for a thought that can no longer finish), so while :class:`DeferredInterrupt` is
active the first SIGINT or SIGTERM only records the request; the runner checks
:attr:`DeferredInterrupt.requested` while it waits and between steps, and ends the run the usual way
(the thoughts in progress finished, the summary written, ``--save`` honoured). A second signal acts
at once (SIGINT raises ``KeyboardInterrupt``). Outside the main thread signals cannot be handled, and
nothing is changed.
"""

from __future__ import annotations

import signal
import threading
from types import FrameType, TracebackType
from typing import Any, Self

from agents.cli.run_errors import EXIT_INTERRUPTED, EXIT_TERMINATED

_SIGNALS = (signal.SIGINT, signal.SIGTERM)
_EXIT_CODES = {signal.SIGINT: EXIT_INTERRUPTED, signal.SIGTERM: EXIT_TERMINATED}  # 128 + the signal's number


class DeferredInterrupt:
    """See the module docstring; use as a context manager around the run."""

    def __init__(self) -> None:
        self.signal: signal.Signals | None = None
        self._previous: dict[signal.Signals, Any] = {}

    @property
    def requested(self) -> bool:
        return self.signal is not None

    @property
    def description(self) -> str:
        return "interrupted (Ctrl-C)" if self.signal is signal.SIGINT else f"stopped by {self.signal_name}"

    @property
    def signal_name(self) -> str:
        return self.signal.name if self.signal is not None else ""

    @property
    def exit_code(self) -> int:
        return _EXIT_CODES.get(self.signal, EXIT_INTERRUPTED) if self.signal is not None else 0

    def _handle(self, number: int, frame: FrameType | None) -> None:
        self.signal = signal.Signals(number)
        self._restore()  # the next signal acts at once

    def _restore(self) -> None:
        for number, handler in self._previous.items():
            signal.signal(number, handler)
        self._previous.clear()

    def __enter__(self) -> Self:
        if threading.current_thread() is threading.main_thread():
            for number in _SIGNALS:
                self._previous[number] = signal.signal(number, self._handle)
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self._restore()
