"""Errors raised when a world, a scenario or an import source is broken.

Every error names the file and, where there is one, the position (line, tile, field) and what to do.
"""

from __future__ import annotations

from pathlib import Path


class WorldFormatError(ValueError):
    """A world file (map, tileset, scenario, import source) is missing or malformed.

    ``where`` is a position inside the file: ``"line 12, column 4"``, ``"tile (31, 7)"``,
    ``"field living_area"``; ``hint`` says what to do about it.
    """

    def __init__(self, path: Path | str, problem: str, where: str = "", hint: str = "") -> None:
        self.path = Path(path)
        self.problem = problem
        self.where = where
        self.hint = hint
        location = f"{self.path}" + (f", {where}" if where else "")
        message = f"{location}: {problem}" + (f" ({hint})" if hint else "")
        super().__init__(message)


class UnknownAddressError(KeyError):
    """An address (``world:sector:arena:game_object``) that no tile of the world carries."""

    def __init__(self, address: str) -> None:
        self.address = address
        super().__init__(address)

    def __str__(self) -> str:
        return f"no tile of this world carries the address {self.address!r}"
