"""Turn the laid-out town grid into the Tiled map: five art layers (ground, ground detail,
walls, furniture, and a foreground drawn above residents), one art tileset PNG, and the
semantic layers and tileset written by :mod:`agents.world.tmx_writer`.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable
from pathlib import Path

import numpy as np

from agents.world.tmx_writer import ArtLayer, SemanticGrids, build_world_tmx, write_world_tmx
from tools.town_builder import nature_tiles, structure_tiles, terrain_tiles
from tools.town_builder.palette import TILE_SIZE_PX
from tools.town_builder.piece_painters import paint_piece
from tools.town_builder.resident_homes import WORLD_NAME
from tools.town_builder.terrain_tiles import EAST, NORTH, SOUTH, WEST
from tools.town_builder.tile_atlas import TileAtlas
from tools.town_builder.town_grid import DETAIL_LAYER, FOREGROUND_LAYER, FURNITURE_LAYER, TownGrid

PATH_LIKE = frozenset({"path", "paving", "road", "stone", "bridge"})


def _hash(*key: object) -> int:
    return zlib.crc32(repr(key).encode())


def _mask(grid: TownGrid, x: int, y: int, same: Callable[[int, int], bool], edge: bool = False) -> int:
    mask = 0
    for bit, (nx, ny) in ((NORTH, (x, y - 1)), (EAST, (x + 1, y)), (SOUTH, (x, y + 1)), (WEST, (x - 1, y))):
        if (grid.in_bounds(nx, ny) and same(nx, ny)) or (not grid.in_bounds(nx, ny) and edge):
            mask |= bit
    return mask


def _ground_gid(grid: TownGrid, atlas: TileAtlas, x: int, y: int) -> int:
    tile = grid.at(x, y)
    if tile.structure == "wall":
        return 0
    ground = tile.ground
    if ground == "grass":
        variant = _hash("g", x, y) % 6
        return atlas.gid(("grass", variant), lambda: terrain_tiles.grass(variant))
    if ground == "path":
        mask = _mask(grid, x, y, lambda nx, ny: grid.at(nx, ny).ground in PATH_LIKE
                     or grid.at(nx, ny).structure in ("door", "gate"))
        return atlas.gid(("path", mask), lambda: terrain_tiles.dirt_path(mask))
    if ground == "paving":
        return atlas.gid(("paving", x % 2), lambda: terrain_tiles.paving(x % 2))
    if ground == "stone":
        return atlas.gid(("stone", (x + y) % 3), lambda: terrain_tiles.floor("stone", (x + y) % 3))
    if ground == "road":
        return atlas.gid(("road", tile.style), lambda: terrain_tiles.road(tile.style))
    if ground == "bridge":
        return atlas.gid(("bridge", tile.style), lambda: terrain_tiles.bridge(tile.style))
    if ground == "water":
        mask = _mask(grid, x, y, lambda nx, ny: grid.at(nx, ny).ground in ("water", "bridge"), edge=True)
        frame = _hash("w", x, y) % 3
        return atlas.gid(("water", mask, frame), lambda: terrain_tiles.water(mask, frame))
    variant = y % 4
    return atlas.gid(("floor", tile.style, variant), lambda: terrain_tiles.floor(tile.style, variant))


def _wall_gid(grid: TownGrid, atlas: TileAtlas, x: int, y: int) -> int:
    tile = grid.at(x, y)
    if tile.structure == "wall":
        mask = _mask(grid, x, y, lambda nx, ny: grid.at(nx, ny).structure == "wall")
        below = grid.at(x, y + 1) if grid.in_bounds(x, y + 1) else None
        style = tile.wall_style
        if below is None or below.structure == "wall":
            return atlas.gid(("cap", style, mask), lambda: structure_tiles.wall_cap(style, mask))
        if below.indoor:
            above = grid.at(x, y - 1) if grid.in_bounds(x, y - 1) else None
            outer = above is None or not above.indoor
            decoration = (1 if x % 3 == 1 else 0) if outer else (2 if _hash("pic", x, y) % 5 == 0 else 0)
            if not (mask & EAST and mask & WEST):
                decoration = 0
            return atlas.gid(("inner", style, mask, decoration),
                             lambda: structure_tiles.wall_inner_face(style, mask, decoration))
        window = x % 3 == 1 and bool(mask & EAST) and bool(mask & WEST)
        return atlas.gid(("outer", style, mask, window), lambda: structure_tiles.wall_outer_face(style, mask, window))
    if tile.structure == "door":
        left, right = (grid.at(x - 1, y).structure == "wall"), (grid.at(x + 1, y).structure == "wall")
        across = left or right
        exterior = any(not grid.at(nx, ny).indoor for nx, ny in grid.neighbours(x, y))
        key = ("door", tile.style, tile.wall_style, across, exterior)
        return atlas.gid(key, lambda: structure_tiles.doorway(tile.style, tile.wall_style, across, exterior))
    if tile.structure == "fence":
        mask = _mask(grid, x, y, lambda nx, ny: grid.at(nx, ny).structure in ("fence", "gate", "wall"))
        return atlas.gid(("fence", mask), lambda: structure_tiles.fence(mask))
    if tile.structure == "gate":
        across = grid.at(x - 1, y).structure in ("fence", "gate") or grid.at(x + 1, y).structure in ("fence", "gate")
        return atlas.gid(("gate", across), lambda: structure_tiles.gate(across))
    return 0


def _piece_layers(grid: TownGrid) -> dict[str, dict[tuple[int, int], np.ndarray]]:
    """Per layer, the composited pixels of every tile some piece covers."""
    size = TILE_SIZE_PX
    layers: dict[str, dict[tuple[int, int], np.ndarray]] = {DETAIL_LAYER: {}, FURNITURE_LAYER: {}, FOREGROUND_LAYER: {}}
    for x, y, tile in grid.all_tiles():
        if tile.ground == "grass" and not tile.prop and not tile.structure and _hash("d", x, y) % 11 == 0:
            variant = _hash("dv", x, y) % 8
            layers[DETAIL_LAYER][(x, y)] = terrain_tiles.grass_detail(variant).pixels
        elif tile.ground == "water" and _hash("lily", x, y) % 13 == 0 and _all_water_around(grid, x, y):
            layers[DETAIL_LAYER][(x, y)] = nature_tiles.lily_pad(_hash("l", x, y) % 4).pixels
    for piece in grid.pieces:
        picture = paint_piece(piece).pixels
        target = layers[piece.layer]
        for j in range(piece.height_tiles):
            for i in range(piece.width_tiles):
                x, y = piece.x + i, piece.y + j
                if not grid.in_bounds(x, y):
                    continue
                top = picture[j * size:(j + 1) * size, i * size:(i + 1) * size]
                target[(x, y)] = _over(target.get((x, y)), top)
    return layers


def _all_water_around(grid: TownGrid, x: int, y: int) -> bool:
    return all(grid.at(nx, ny).ground == "water" for nx, ny in grid.neighbours(x, y))


def _over(below: np.ndarray | None, top: np.ndarray) -> np.ndarray:
    if below is None:
        return top.copy()
    top_f, below_f = top.astype(np.float32) / 255.0, below.astype(np.float32) / 255.0
    top_a, below_a = top_f[:, :, 3:4], below_f[:, :, 3:4]
    out_a = top_a + below_a * (1.0 - top_a)
    with np.errstate(invalid="ignore", divide="ignore"):
        rgb = np.nan_to_num((top_f[:, :, :3] * top_a + below_f[:, :, :3] * below_a * (1.0 - top_a)) / out_a)
    return np.clip(np.rint(np.concatenate([rgb, out_a], axis=2) * 255.0), 0, 255).astype(np.uint8)


def build_map_files(grid: TownGrid, folder: Path) -> Path:
    """Write ``map.tmx``, ``town_tiles.png`` and ``semantics.png`` for ``grid`` into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    atlas = TileAtlas(TILE_SIZE_PX)
    width, height = grid.width_tiles, grid.height_tiles
    cells = [(x, y) for y in range(height) for x in range(width)]
    ground = [_ground_gid(grid, atlas, x, y) for x, y in cells]
    walls = [_wall_gid(grid, atlas, x, y) for x, y in cells]
    pieces = _piece_layers(grid)

    def layer_gids(name: str) -> list[int]:
        found = pieces[name]
        return [atlas.gid_for_pixels(found[cell]) if cell in found else 0 for cell in cells]

    art_layers = [
        ArtLayer("Ground", ground), ArtLayer("Ground detail", layer_gids(DETAIL_LAYER)),
        ArtLayer("Walls", walls), ArtLayer("Furniture", layer_gids(FURNITURE_LAYER)),
        ArtLayer("Foreground", layer_gids(FOREGROUND_LAYER), foreground=True),
    ]
    tiles = [grid.at(x, y) for x, y in cells]
    semantics = SemanticGrids(
        collision=[t.blocked for t in tiles], sector=[t.sector for t in tiles], arena=[t.arena for t in tiles],
        game_object=[t.game_object for t in tiles], spawn=[t.spawn for t in tiles])
    document, semantic_tileset = build_world_tmx(
        world_name=WORLD_NAME, width=width, height=height, tile_size_px=TILE_SIZE_PX,
        art_tilesets=[atlas.to_xml()], art_layers=art_layers, semantics=semantics,
        semantic_first_gid=atlas.first_gid + atlas.tile_count)
    (folder / atlas.image_file).write_bytes(atlas.image_png())
    return write_world_tmx(folder, document, semantic_tileset)
