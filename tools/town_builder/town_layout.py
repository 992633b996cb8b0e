"""Lay the whole town out on a 140 x 100 grid: river and roads first, then every sector from the
layout tables, then paths, trees, lamps and spawn points; finally check that it is playable."""

from __future__ import annotations

from typing import Final

from tools.town_builder.outdoor_layout import (
    fill_pockets,
    lay_paths,
    lay_river_and_roads,
    place_spawns,
    plant_trees_and_lamps,
)
from tools.town_builder.plan_stamping import stamp_plan
from tools.town_builder.resident_homes import HOMES
from tools.town_builder.town_grid import TownGrid
from tools.town_builder.town_plans_north import NORTH_PLANS
from tools.town_builder.town_plans_south import SOUTH_PLANS

WIDTH_TILES: Final = 140
HEIGHT_TILES: Final = 100
ALL_PLANS: Final = (*NORTH_PLANS, *SOUTH_PLANS)
MAIN_STREET_TILE: Final = (WIDTH_TILES // 2, 37)


def build_town_grid() -> TownGrid:
    grid = TownGrid(WIDTH_TILES, HEIGHT_TILES)
    lay_river_and_roads(grid)
    for plan in ALL_PLANS:
        stamp_plan(grid, plan)
    lay_paths(grid)
    plant_trees_and_lamps(grid)
    fill_pockets(grid, MAIN_STREET_TILE)
    place_spawns(grid)
    check_town(grid)
    return grid


def check_town(grid: TownGrid) -> None:
    """Raise ValueError unless every object tile is walkable, every home has a bed and every arena
    can be reached from the main road."""
    problems: list[str] = []
    for x, y, tile in grid.all_tiles():
        if tile.game_object and tile.blocked:
            problems.append(f"object {tile.game_object!r} at {x},{y} is blocked")
        if (tile.arena and not tile.sector) or (tile.game_object and not tile.arena):
            problems.append(f"tile {x},{y} belongs to no full address")
    for resident, (sector, arena) in HOMES.items():
        if not any(t.sector == sector and t.arena == arena and t.game_object == "bed" for _, _, t in grid.all_tiles()):
            problems.append(f"home of {resident} has no bed")
    seen = grid.reachable_from(MAIN_STREET_TILE)
    arenas = {(t.sector, t.arena) for _, _, t in grid.all_tiles() if t.arena}
    reached = {(grid.at(x, y).sector, grid.at(x, y).arena) for x, y in seen if grid.at(x, y).arena}
    problems.extend(f"arena {sector}:{arena} cannot be reached" for sector, arena in sorted(arenas - reached))
    if problems:
        raise ValueError("the town is not playable:\n  " + "\n  ".join(problems))
