"""Execution: turn a placed action into a target tile and a path, and walk it one tile per step.

The target is a walkable tile of the action's address (the finest level the world has), chosen with
the simulation's random generator; the path is the world's A* path. Events on tiles: the resident's
own event on the tile they stand on, and the used object's state on the object's first tile while the
action lasts ("the Ville:Hobbs Cafe:cafe:piano is being played").
"""

from __future__ import annotations

import random
from datetime import datetime

from agents.cognition.plan import Placement
from agents.cognition.resident import Action, PlannedAction, Resident
from agents.world.address import split_address
from agents.world.errors import UnknownAddressError
from agents.world.pathfinding import Tile
from agents.world.tile_events import TileEvent, TileEvents
from agents.world.world_map import WorldMap


def resolve_address(world: WorldMap, placement: Placement) -> str:
    """The finest address of the placement that exists on the map (the world itself at worst)."""
    parts = [world.name, placement.sector, placement.arena, placement.game_object]
    for depth in (4, 3, 2):
        address = ":".join(parts[:depth])
        if world.has_address(address):
            return address
    return world.name


def make_action(resident: Resident, planned: PlannedAction, placement: Placement | None, address: str,
                now: datetime, *, chat_with: str = "") -> Action:
    if placement is None:
        return Action(planned.description, planned.parent_activity, now, planned.duration_minutes, address,
                      emoji="💬" if chat_with else "⏳", event=(resident.name, "is", planned.description),
                      chat_with=chat_with)
    return Action(planned.description, planned.parent_activity, now, planned.duration_minutes, address,
                  emoji=placement.emoji, event=(resident.name, placement.event[1], placement.event[2]),
                  object_state=placement.object_state)


def path_to(world: WorldMap, start: Tile, address: str, rng: random.Random) -> list[Tile]:
    """Tiles to walk (the start excluded) to a random walkable tile of ``address``."""
    try:
        tiles = world.tiles_of(address)
    except UnknownAddressError:
        return []
    if start in tiles:
        return []
    walkable = sorted(t for t in tiles if world.is_walkable(t))
    if not walkable:
        return []
    goal = rng.choice(walkable)
    path = world.find_path(start, goal) or world.find_path_to_any(start, walkable)
    return list(path[1:]) if path else []


def resident_event(resident: Resident) -> TileEvent:
    action = resident.action
    if action is None:
        return TileEvent(resident.name)
    return TileEvent(resident.name, action.event[1], action.event[2], f"{resident.name} is {action.description}")


def object_event(action: Action) -> TileEvent | None:
    if not action.object_state or len(split_address(action.address)) < 4:
        return None
    name = split_address(action.address)[-1]
    return TileEvent(action.address, "is", action.object_state, f"{name} is {action.object_state}")


def step_along(resident: Resident, events: TileEvents) -> bool:
    """Move one tile along the path (moving the resident's event); True if the resident moved."""
    if not resident.path:
        return False
    events.remove_subject(resident.tile, resident.name)
    resident.tile = resident.path.pop(0)
    events.add(resident.tile, resident_event(resident))
    return True
