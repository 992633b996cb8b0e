"""How a headless run stops early: :class:`RunStopped` and the exit codes a batch script sees.

Exit codes: 0 done; 2 bad input (world, scenario, settings, slot names, a slot that exists or does
not); 3 the model stayed unreachable longer than ``unreachable_give_up_seconds``; 4 the cost budget
ran out; 5 the save slot could not be written; 130 interrupted (Ctrl-C); 143 stopped by SIGTERM.
"""

from __future__ import annotations

EXIT_INPUT_ERROR = 2
EXIT_MODEL_UNREACHABLE = 3
EXIT_BUDGET_EXHAUSTED = 4
EXIT_SAVE_FAILED = 5
EXIT_INTERRUPTED = 130
EXIT_TERMINATED = 143


class RunStopped(Exception):
    """The run cannot go on (or cannot start); ``exit_code`` says why."""

    def __init__(self, message: str, exit_code: int) -> None:
        super().__init__(message)
        self.exit_code = exit_code
