"""Perception: what a resident notices this step, and the places they learn.

Events on tiles within ``vision_radius_tiles`` of the resident, in the resident's current arena (or,
outdoors with no arena, the same sector), nearest first, at most ``attention_bandwidth`` of them; one
is new unless its (subject, predicate, object) is among the latest ``retention_observations``
observations. :class:`PlaceIndex` (built once from the world) lets the spatial memory grow cheaply:
on entering an arena the resident learns it and the objects in it within the vision radius.
"""

from __future__ import annotations

from dataclasses import dataclass

from agents.cognition.config import MindConfig
from agents.cognition.resident import Resident
from agents.memory.records import MemoryKind
from agents.persistence.array_codec import BadSavedState
from agents.world.address import split_address
from agents.world.pathfinding import Tile
from agents.world.tile_events import TileEvent, TileEvents
from agents.world.world_map import WorldMap


@dataclass(frozen=True)
class Perceived:
    """A new event a resident noticed."""

    tile: Tile
    event: TileEvent
    distance_tiles: float

    @property
    def description(self) -> str:
        event = self.event
        if event.description:
            return event.description
        subject = split_address(event.subject)[-1]
        return f"{subject} {event.predicate} {event.object}".strip() if event.predicate else f"{subject} is idle"


class PlaceIndex:
    """Per arena address: its objects and their tiles; and the area key of every tile."""

    def __init__(self, world: WorldMap) -> None:
        self.world_name = world.name
        self.objects_of_arena: dict[str, list[tuple[str, tuple[Tile, ...]]]] = {}
        for address in world.game_object_addresses():
            arena = address.rsplit(":", 1)[0]
            name = split_address(address)[-1]
            self.objects_of_arena.setdefault(arena, []).append((name, tuple(sorted(world.tiles_of(address)))))
        self._area: dict[Tile, str] = {}
        self._world = world

    def __getstate__(self) -> dict[str, object]:
        """Pickled as its world only (the same object as the simulation's): the index is rebuilt from
        it on load, and the area cache fills again as it is used."""
        return {"world": self._world}

    def __setstate__(self, state: object) -> None:
        world = state.get("world") if type(state) is dict else None
        if type(world) is not WorldMap or type(state) is not dict or len(state) != 1:
            raise BadSavedState("PlaceIndex", "should be saved as {'world': the world map}")
        self.__init__(world)  # type: ignore[misc]

    def area_of(self, tile: Tile) -> str:
        """The arena address of ``tile`` (its sector, or the world, where no arena is painted)."""
        area = self._area.get(tile)
        if area is None:
            area = self._world.address_at(tile).prefixes()[:3][-1]
            self._area[tile] = area
        return area


def perceive(resident: Resident, events: TileEvents, places: PlaceIndex, config: MindConfig) -> list[Perceived]:
    """New events the resident notices now, nearest first (pure: changes nothing)."""
    here = resident.tile
    area = places.area_of(here)
    radius_squared = config.vision_radius_tiles ** 2
    seen: list[Perceived] = []
    for tile, events_here in events.by_tile():  # any order: what is seen is sorted below
        dx, dy = tile[0] - here[0], tile[1] - here[1]
        distance_squared = dx * dx + dy * dy
        if distance_squared > radius_squared or places.area_of(tile) != area:
            continue
        for event in events_here:
            if event.subject != resident.name:
                seen.append(Perceived(tile, event, distance_squared ** 0.5))
    seen.sort(key=lambda p: (p.distance_tiles, p.tile[1], p.tile[0]))
    seen = seen[: config.attention_bandwidth]
    if not seen:
        return []
    recent = {r.triple for r in resident.memory.latest(config.retention_observations, (MemoryKind.OBSERVATION,))}
    return [p for p in seen if (p.event.subject, p.event.predicate, p.event.object) not in recent]


def learn_places(resident: Resident, places: PlaceIndex, config: MindConfig) -> bool:
    """Add the resident's arena and the objects in it within sight to their spatial memory; True if
    anything was new."""
    area = places.area_of(resident.tile)
    parts = split_address(area)
    if len(parts) < 3:
        return False
    world, sector, arena = parts
    arenas = resident.spatial_memory.setdefault(world, {}).setdefault(sector, {})
    known = arenas.get(arena)
    grew = known is None
    known = arenas.setdefault(arena, [])
    radius_squared = config.vision_radius_tiles ** 2
    x, y = resident.tile
    for name, tiles in places.objects_of_arena.get(area, ()):
        if name in known:
            continue
        if any((tx - x) ** 2 + (ty - y) ** 2 <= radius_squared for tx, ty in tiles):
            known.append(name)
            grew = True
    return grew
