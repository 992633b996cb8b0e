"""The town's public ground: the river with its bridges, the roads with sidewalks and
crossings, the apartments' lane, dirt paths from every outside door to the nearest pavement,
street lamps, trees and bushes, and the spawn points in the residents' homes.

All placement is deterministic: random choices come from a generator with a fixed seed.
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass

import numpy as np

from tools.town_builder.plan_stamping import add_single_prop
from tools.town_builder.resident_homes import HOMES, spawn_name
from tools.town_builder.town_grid import FOREGROUND_LAYER, FURNITURE_LAYER, Piece, Tile, TownGrid

SEED = 20230213
PAVED = frozenset({"paving", "road", "stone", "path", "bridge"})


@dataclass(frozen=True)
class Road:
    """A straight road: ``start``..``start + 2`` are asphalt rows (horizontal) or columns
    (vertical); a sidewalk runs on either side."""

    horizontal: bool
    start: int

    @property
    def asphalt(self) -> range:
        return range(self.start, self.start + 3)

    @property
    def sidewalks(self) -> tuple[int, int]:
        return self.start - 1, self.start + 3


ROADS = (Road(True, 36), Road(True, 67), Road(False, 48), Road(False, 102))
LANE_ROWS = (15, 16)
LANE_COLUMNS = range(51, 102)


def river_columns(y: int) -> range:
    """Columns of the river at row ``y`` (it meanders down the west edge)."""
    return range(round(3.2 + 1.3 * math.sin(y / 7.0)))


def lay_river_and_roads(grid: TownGrid) -> None:
    for y in range(grid.height_tiles):
        for x in river_columns(y):
            tile = grid.at(x, y)
            tile.ground, tile.blocked = "water", True
    for road in ROADS:
        length = grid.width_tiles if road.horizontal else grid.height_tiles
        for along in range(length):
            for across in (*road.sidewalks, *road.asphalt):
                x, y = (along, across) if road.horizontal else (across, along)
                tile = grid.at(x, y)
                if tile.ground == "water" or tile.ground == "bridge":
                    tile.ground, tile.style, tile.blocked = "bridge", "h" if road.horizontal else "v", False
                elif across in road.asphalt:
                    tile.ground = "road"
                elif tile.ground != "road":
                    tile.ground = "paving"
    for y in LANE_ROWS:
        for x in LANE_COLUMNS:
            if grid.at(x, y).ground == "grass":
                grid.at(x, y).ground = "paving"
    _mark_roads(grid)


def _mark_roads(grid: TownGrid) -> None:
    """Centre lines, curbs and zebra crossings on every asphalt tile."""
    horizontal = [r for r in ROADS if r.horizontal]
    vertical = [r for r in ROADS if not r.horizontal]
    for x, y, tile in grid.all_tiles():
        if tile.ground != "road":
            continue
        in_h = next((r for r in horizontal if y in r.asphalt), None)
        in_v = next((r for r in vertical if x in r.asphalt), None)
        if in_h and in_v:
            tile.style = ""
        elif in_h:
            crossing = any(x in v.sidewalks for v in vertical)
            tile.style = "zebra_v" if crossing else {0: "n", 1: "h", 2: "s"}[y - in_h.start]
        elif in_v:
            crossing = any(y in h.sidewalks for h in horizontal)
            tile.style = "zebra_h" if crossing else {0: "w", 1: "v", 2: "e"}[x - in_v.start]


def _outside_doors(grid: TownGrid) -> list[Tile]:
    """Grass tiles right outside a door or gate that opens to the public ground."""
    found: list[Tile] = []
    for x, y, tile in grid.all_tiles():
        if tile.structure not in ("door", "gate"):
            continue
        for nx, ny in grid.neighbours(x, y):
            outside = grid.at(nx, ny)
            if not outside.indoor and not outside.structure and not outside.blocked and not outside.arena:
                found.append((nx, ny))
    return found


def lay_paths(grid: TownGrid) -> None:
    """A dirt path from outside every door to the nearest paved tile (shortest, straightest)."""
    for start in _outside_doors(grid):
        if grid.at(*start).ground in PAVED:
            continue
        came_from: dict[Tile, Tile | None] = {start: None}
        queue, goal = deque([start]), None
        while queue and goal is None:
            x, y = queue.popleft()
            for nx, ny in ((x, y + 1), (x, y - 1), (x + 1, y), (x - 1, y)):
                if (nx, ny) in came_from or not grid.in_bounds(nx, ny):
                    continue
                tile = grid.at(nx, ny)
                if tile.blocked or tile.indoor or tile.structure or (tile.arena and tile.ground not in PAVED):
                    continue
                came_from[(nx, ny)] = (x, y)
                if tile.ground in PAVED:
                    goal = (nx, ny)
                    break
                queue.append((nx, ny))
        step = came_from.get(goal) if goal else None
        while step is not None:
            if grid.at(*step).ground == "grass":
                grid.at(*step).ground = "path"
            step = came_from[step]


def _free_for_tree(grid: TownGrid, x: int, y: int, reserved: set[Tile]) -> bool:
    """A tree fits at ``(x, y)``: its crown box is plain public grass, its trunk clear of walkways."""
    for cy in range(y - 3, y + 2):
        for cx in range(x - 2, x + 3):
            if not grid.in_bounds(cx, cy):
                if cy < 0 and cx >= 0 and cx < grid.width_tiles:
                    continue
                return False
            tile = grid.at(cx, cy)
            near_crown = y - 2 <= cy <= y and x - 1 <= cx <= x + 1
            if (cx, cy) in reserved and near_crown:
                return False
            if tile.sector or tile.structure or tile.prop:
                return False
            if tile.ground != "grass" and (near_crown or abs(cx - x) + abs(cy - y) <= 1):
                return False
    return True


def plant_trees_and_lamps(grid: TownGrid) -> None:
    rng = np.random.default_rng(SEED)
    reserved: set[Tile] = set()
    for piece in grid.pieces:
        if piece.kind == "tree canopy":
            reserved.update((piece.x + i, piece.y + j) for i in range(3) for j in range(3))
    _place_lamps(grid)
    candidates = [(x, y) for x, y, tile in grid.all_tiles() if tile.ground == "grass" and not tile.sector]
    order = rng.permutation(len(candidates))
    kinds = ("oak", "oak", "pine", "blossom", "birch")
    for index in order.tolist():
        x, y = candidates[index]
        edge = x < 8 or y < 3 or y > grid.height_tiles - 3 or x > grid.width_tiles - 3
        if rng.random() > (0.55 if edge else 0.16) or not _free_for_tree(grid, x, y, reserved):
            continue
        add_single_prop(grid, "tree", x, y, int(rng.integers(0, 997)), kinds[int(rng.integers(0, len(kinds)))])
        reserved.update((x + i, y + j) for i in (-1, 0, 1) for j in (-2, -1, 0))
    for index in order.tolist()[::7]:
        x, y = candidates[index]
        tile = grid.at(x, y)
        if tile.prop or (x, y) in reserved or tile.ground != "grass":
            continue
        if all(grid.at(nx, ny).ground == "grass" and not grid.at(nx, ny).structure and not grid.at(nx, ny).prop
               for nx, ny in grid.neighbours(x, y)) and rng.random() < 0.5:
            add_single_prop(grid, "bush", x, y, int(rng.integers(0, 997)))


def _place_lamps(grid: TownGrid) -> None:
    """Street lamps on the grass beside the sidewalks, every ten tiles."""
    for road in ROADS:
        length = grid.width_tiles if road.horizontal else grid.height_tiles
        for along in range(5, length, 10):
            for side, step in ((road.sidewalks[0] - 1, -1), (road.sidewalks[1] + 1, 1)):
                x, y = (along, side) if road.horizontal else (side, along)
                if not grid.in_bounds(x, y) or not grid.in_bounds(x, y - 1):
                    continue
                tile = grid.at(x, y)
                if tile.ground != "grass" or tile.sector or tile.prop or tile.structure:
                    continue
                if any(grid.at(nx, ny).ground == "path" for nx, ny in grid.neighbours(x, y)):
                    continue
                above = grid.at(x, y - 1)
                if above.sector or above.structure or above.prop:
                    continue
                tile.prop, tile.blocked = "lamp", True
                grid.pieces.append(Piece("lamp base", FURNITURE_LAYER, x, y))
                grid.pieces.append(Piece("lamp top", FOREGROUND_LAYER, x, y - 1))


def fill_pockets(grid: TownGrid, start: Tile) -> None:
    """Plant bushes on public grass that trees have closed off from the rest of the town."""
    reached = grid.reachable_from(start)
    for x, y, tile in grid.all_tiles():
        if not tile.blocked and (x, y) not in reached and not tile.sector and tile.ground == "grass":
            add_single_prop(grid, "bush", x, y, (x * 31 + y) % 997)


def place_spawns(grid: TownGrid) -> None:
    """One spawn tile per resident in their home arena: a free floor tile near the arena's middle."""
    taken: set[Tile] = set()
    for resident in sorted(HOMES):
        sector, arena = HOMES[resident]
        tiles = [(x, y) for x, y, tile in grid.all_tiles()
                 if tile.sector == sector and tile.arena == arena and not tile.blocked]
        if not tiles:
            raise ValueError(f"home of {resident} ({sector}:{arena}) has no walkable tile")
        cx = sum(x for x, _ in tiles) / len(tiles)
        cy = sum(y for _, y in tiles) / len(tiles)
        free = [t for t in tiles if not grid.at(*t).game_object and t not in taken] or tiles
        chosen = min(free, key=lambda t: ((t[0] - cx) ** 2 + (t[1] - cy) ** 2, t[1], t[0]))
        grid.at(*chosen).spawn = spawn_name(resident)
        taken.add(chosen)
