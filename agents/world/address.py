"""Addresses of places: ``world:sector:arena:game_object``, from coarse to fine.

An address string joins one to four levels with ``:``. A tile carries a :class:`TileAddress`; the
world indexes every prefix of it (world, world:sector, world:sector:arena, and the full address).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

ADDRESS_SEPARATOR = ":"


class AddressLevel(IntEnum):
    """Depth of an address: how many levels it names."""

    WORLD = 1
    SECTOR = 2
    ARENA = 3
    GAME_OBJECT = 4


def join_address(*parts: str) -> str:
    """``join_address("the Ville", "Hobbs Cafe")`` -> ``"the Ville:Hobbs Cafe"``."""
    return ADDRESS_SEPARATOR.join(parts)


def split_address(address: str) -> tuple[str, ...]:
    """The levels of an address string, stripped of surrounding blanks."""
    return tuple(part.strip() for part in address.split(ADDRESS_SEPARATOR))


@dataclass(frozen=True, slots=True)
class TileAddress:
    """What a tile belongs to at each level; an empty string where the level is not set."""

    world: str
    sector: str = ""
    arena: str = ""
    game_object: str = ""

    def at_level(self, level: AddressLevel) -> str | None:
        """The address string down to ``level``, or None when that level (or one above) is unset."""
        parts = (self.world, self.sector, self.arena, self.game_object)[: int(level)]
        if not all(parts):
            return None
        return join_address(*parts)

    def prefixes(self) -> tuple[str, ...]:
        """Every address this tile belongs to, coarsest first."""
        found: list[str] = []
        for level in AddressLevel:
            address = self.at_level(level)
            if address is None:
                break
            found.append(address)
        return tuple(found)

    @property
    def deepest(self) -> str:
        """The finest address this tile carries (at least the world)."""
        return self.prefixes()[-1]
