"""Builds small world folders from an ASCII sketch, for tests of the world model.

Legend: ``#`` wall (collision), ``.`` floor; a letter marks an arena tile of the sketch's
``arenas`` table; the ``objects`` and ``spawns`` tables place game objects and spawn points.
"""

from __future__ import annotations

from pathlib import Path

from agents.world.tmx_writer import SemanticGrids, build_world_tmx, write_world_tmx


def write_tiny_world(folder: Path, sketch: str, arenas: dict[str, tuple[str, str]],
                     objects: dict[tuple[int, int], str] | None = None,
                     spawns: dict[tuple[int, int], str] | None = None, world_name: str = "Tinytown") -> Path:
    """Write ``map.tmx`` for ``sketch`` into ``folder``. ``arenas`` maps a sketch letter to
    (sector, arena); ``objects`` and ``spawns`` map tiles to names."""
    rows = [line for line in sketch.strip("\n").splitlines()]
    height, width = len(rows), len(rows[0])
    assert all(len(row) == width for row in rows), "sketch rows must have equal length"
    collision, sector, arena, game_object, spawn = [], [], [], [], []
    for y, row in enumerate(rows):
        for x, cell in enumerate(row):
            collision.append(cell == "#")
            names = arenas.get(cell, ("", ""))
            sector.append(names[0])
            arena.append(names[1])
            game_object.append((objects or {}).get((x, y), ""))
            spawn.append((spawns or {}).get((x, y), ""))
    folder.mkdir(parents=True, exist_ok=True)
    document, tileset = build_world_tmx(
        world_name=world_name, width=width, height=height, tile_size_px=16, art_tilesets=[], art_layers=[],
        semantics=SemanticGrids(collision=collision, sector=sector, arena=arena, game_object=game_object, spawn=spawn),
        semantic_first_gid=1)
    return write_world_tmx(folder, document, tileset)


TOWN_SKETCH = """
##########
#aaaa#bbb#
#aaaa#bbb#
#aa.....b#
######.###
cccccc.ccc
cccccc.ccc
"""

TOWN_ARENAS = {"a": ("Cafe", "kitchen"), "b": ("Cafe", "dining room"), "c": ("Park", "lawn")}
TOWN_OBJECTS = {(1, 1): "stove", (2, 1): "stove", (7, 1): "table"}
TOWN_SPAWNS = {(1, 3): "sp-A", (0, 6): "sp-B"}
