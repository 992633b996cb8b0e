"""The 25 residents of the paper's town and their homes (``living_area`` arenas), so the map can
give every home a spawn point. Taken from the residents table (tools/town_builder/residents.py)."""

from __future__ import annotations

from typing import Final

from tools.town_builder.residents import RESIDENTS

WORLD_NAME: Final = "the Ville"


def _homes() -> dict[str, tuple[str, str]]:
    homes: dict[str, tuple[str, str]] = {}
    for resident in RESIDENTS:
        world, sector, arena = resident.living_area.split(":")
        if world != WORLD_NAME:
            raise ValueError(f"{resident.name}'s home {resident.living_area!r} is not in {WORLD_NAME}")
        homes[resident.name] = (sector, arena)
    return homes


HOMES: Final[dict[str, tuple[str, str]]] = _homes()


def spawn_name(resident: str) -> str:
    """The spawn point of ``resident``'s home, e.g. ``sp-Isabella Rodriguez``."""
    return f"sp-{resident}"


def home_address(resident: str) -> str:
    """``world:sector:arena`` of ``resident``'s home."""
    sector, arena = HOMES[resident]
    return f"{WORLD_NAME}:{sector}:{arena}"
