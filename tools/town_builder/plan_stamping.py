"""Put a :class:`~tools.town_builder.plan_model.Plan` onto the town grid: find its rooms by flood
fill, name every tile's sector and arena, lay floors, walls, doors and fences, and record the
furniture, decor and rugs as pieces (touching same characters form one piece).

Raises ValueError with the sector and the plan position when a plan is inconsistent (a room with
no label or two labels, an unknown character), so a mistake in a layout table is found at once.
"""

from __future__ import annotations

import zlib

from tools.town_builder import plan_model as chars
from tools.town_builder.furniture_public import PER_TILE_KINDS
from tools.town_builder.plan_model import Plan
from tools.town_builder.town_grid import DETAIL_LAYER, FOREGROUND_LAYER, FURNITURE_LAYER, Piece, TownGrid

LocalTile = tuple[int, int]
MULTI_TILE_DECOR = frozenset({"counter", "table", "bench"})


def _components(cells: set[LocalTile]) -> list[list[LocalTile]]:
    """Groups of 4-connected cells, each sorted, in a stable order."""
    remaining, groups = set(cells), []
    for start in sorted(cells, key=lambda c: (c[1], c[0])):
        if start not in remaining:
            continue
        remaining.discard(start)
        group, frontier = [start], [start]
        while frontier:
            cx, cy = frontier.pop()
            for nxt in ((cx + 1, cy), (cx - 1, cy), (cx, cy + 1), (cx, cy - 1)):
                if nxt in remaining:
                    remaining.discard(nxt)
                    group.append(nxt)
                    frontier.append(nxt)
        groups.append(sorted(group, key=lambda c: (c[1], c[0])))
    return groups


def _is_rectangle(group: list[LocalTile]) -> bool:
    xs, ys = [c[0] for c in group], [c[1] for c in group]
    return (max(xs) - min(xs) + 1) * (max(ys) - min(ys) + 1) == len(group)


def _variant(*key: object) -> int:
    return zlib.crc32(repr(key).encode()) % 997


def _rooms(plan: Plan) -> dict[LocalTile, str]:
    """The room label of every floor-like cell of ``plan``."""
    cells = {(x, y) for y, row in enumerate(plan.rows) for x, char in enumerate(row)
             if char not in chars.ROOM_BOUNDARIES}
    label_of: dict[LocalTile, str] = {}
    for group in _components(cells):
        labels = sorted({plan.rows[y][x] for x, y in group if plan.rows[y][x] in plan.arenas})
        if len(labels) != 1:
            x, y = group[0]
            raise ValueError(f"{plan.sector}: the room at plan column {x}, row {y} has labels {labels}; "
                             "each room needs exactly one arena letter")
        for cell in group:
            label_of[cell] = labels[0]
    return label_of


def _door_floor(plan: Plan, rooms: dict[LocalTile, str], x: int, y: int) -> str:
    for nx, ny in ((x, y + 1), (x, y - 1), (x + 1, y), (x - 1, y)):
        if (nx, ny) in rooms:
            return plan.arenas[rooms[(nx, ny)]].floor
    return "stone"


def stamp_plan(grid: TownGrid, plan: Plan) -> None:
    """Write ``plan`` into ``grid`` at its origin."""
    ox, oy = plan.origin
    rooms = _rooms(plan)
    legend = plan.object_legend()
    pieces_by_char: dict[str, set[LocalTile]] = {}
    for py, row in enumerate(plan.rows):
        for px, char in enumerate(row):
            if char == chars.OUTSIDE:
                continue
            x, y = ox + px, oy + py
            if not grid.in_bounds(x, y):
                raise ValueError(f"{plan.sector}: plan cell {px},{py} falls outside the map at {x},{y}")
            tile = grid.at(x, y)
            tile.sector = plan.sector
            label = rooms.get((px, py))
            arena = plan.arenas[label] if label else None
            if arena is not None:
                tile.arena = arena.name
                outdoor_floor = arena.floor == "grass"
                tile.ground, tile.style = ("grass", "") if outdoor_floor else ("floor", arena.floor)
                tile.indoor = not outdoor_floor
            if char == chars.WALL:
                tile.structure, tile.wall_style, tile.indoor, tile.blocked = "wall", plan.wall_style, True, True
            elif char == chars.DOOR:
                tile.structure, tile.wall_style, tile.indoor = "door", plan.wall_style, True
                tile.ground, tile.style = "floor", _door_floor(plan, rooms, px, py)
            elif char == chars.FENCE:
                tile.structure, tile.blocked, tile.ground = "fence", True, "grass"
            elif char == chars.GATE:
                tile.structure, tile.ground = "gate", "path"
            elif char == chars.STONE_PATH:
                tile.ground, tile.style = "stone", ""
            elif char == chars.WATER:
                tile.ground, tile.blocked = "water", True
            elif char in chars.DECOR:
                tile.prop, tile.blocked = chars.DECOR[char], True
                pieces_by_char.setdefault(char, set()).add((px, py))
            elif char == chars.RUG:
                pieces_by_char.setdefault(char, set()).add((px, py))
            elif char in legend and char not in plan.arenas:
                tile.game_object = legend[char]
                pieces_by_char.setdefault(char, set()).add((px, py))
            elif char not in (chars.FLOOR, chars.GRASS) and char not in plan.arenas:
                raise ValueError(f"{plan.sector}: unknown character {char!r} at plan column {px}, row {py}")
    _add_pieces(grid, plan, legend, pieces_by_char)


def _add_pieces(grid: TownGrid, plan: Plan, legend: dict[str, str], pieces_by_char: dict[str, set[LocalTile]]) -> None:
    ox, oy = plan.origin
    for char in sorted(pieces_by_char):
        for group in _components(pieces_by_char[char]):
            xs, ys = [c[0] for c in group], [c[1] for c in group]
            x, y = ox + min(xs), oy + min(ys)
            w, h = max(xs) - min(xs) + 1, max(ys) - min(ys) + 1
            variant = _variant(plan.sector, char, min(xs), min(ys))
            if char == chars.RUG:
                grid.pieces.append(Piece("rug", DETAIL_LAYER, x, y, w, h, variant % 4))
                continue
            if char in chars.DECOR:
                kind = chars.DECOR[char]
                if kind in MULTI_TILE_DECOR and _is_rectangle(group):
                    style = "cafe" if plan.sector == "Hobbs Cafe" else ""
                    grid.pieces.append(Piece(kind, FURNITURE_LAYER, x, y, w, h, variant, style))
                else:
                    for cx, cy in group:
                        add_single_prop(grid, kind, ox + cx, oy + cy, _variant(plan.sector, cx, cy))
                continue
            kind = legend[char]
            if kind in PER_TILE_KINDS or not _is_rectangle(group):
                for cx, cy in group:
                    grid.pieces.append(Piece(kind, FURNITURE_LAYER, ox + cx, oy + cy, 1, 1,
                                             _variant(plan.sector, kind, cx, cy)))
            else:
                grid.pieces.append(Piece(kind, FURNITURE_LAYER, x, y, w, h, variant))


def add_single_prop(grid: TownGrid, kind: str, x: int, y: int, variant: int, style: str = "") -> None:
    """A one-tile blocking prop; a tree also gets its crown (3 x 3 tiles, above the trunk)."""
    tile = grid.at(x, y)
    tile.prop, tile.blocked = kind, True
    if kind == "tree":
        grid.pieces.append(Piece("tree trunk", FURNITURE_LAYER, x, y, 1, 1, variant, style))
        grid.pieces.append(Piece("tree canopy", FOREGROUND_LAYER, x - 1, y - 2, 3, 3, variant, style))
    else:
        grid.pieces.append(Piece(kind, FURNITURE_LAYER, x, y, 1, 1, variant, style))
