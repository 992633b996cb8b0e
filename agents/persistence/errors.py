"""The one error of saving and loading: ``SaveSlotError``.

Every message names what it is about (a file, or a slot name), says what is wrong and what to do.
"""

from __future__ import annotations

from pathlib import Path


class SaveSlotError(ValueError):
    """A save slot could not be written, found, read or trusted.

    ``subject`` is the file (or ``slot name 'x'``) the problem is about; ``hint`` says what to do.
    """

    def __init__(self, subject: Path | str, problem: str, hint: str = "") -> None:
        self.subject = str(subject)
        self.problem = problem
        self.hint = hint
        super().__init__(f"{self.subject}: {problem}" + (f"; {hint}" if hint else ""))
