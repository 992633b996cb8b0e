"""Read a world's meaning from a Tiled ``.tmx`` file with pytmx (map data only, no images).

See :mod:`agents.world.map_format` for the conventions. Every problem raises
:class:`~agents.world.errors.WorldFormatError` naming the file and the line, layer or tile.
"""

from __future__ import annotations

import os
from pathlib import Path
from xml.etree import ElementTree

import numpy as np

os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")  # pytmx imports pygame if present
import pytmx

from agents.world import map_format
from agents.world.errors import WorldFormatError
from agents.world.map_limits import check_declared_sizes
from agents.world.world_map import WorldMap

_DOCS_HINT = "see docs/maps.md for the layers and properties a world map needs"


def read_tiled_map(path: Path) -> pytmx.TiledMap:
    """Parse ``path`` with pytmx without loading any image; errors name the file and line."""
    if not path.is_file():
        raise WorldFormatError(path, "map file not found", hint="pass a world folder holding map.tmx or a .tmx file")
    check_declared_sizes(path)  # before pytmx allocates a grid per layer
    try:
        return pytmx.TiledMap(str(path))  # the default loader reads no image
    except ElementTree.ParseError as error:
        line, column = error.position
        raise WorldFormatError(path, f"not valid XML: {error.msg if hasattr(error, 'msg') else error}",
                               where=f"line {line}, column {column}",
                               hint="open and re-save it in Tiled, or restore it from a backup") from error
    except (ValueError, KeyError, TypeError, AttributeError, IndexError, OSError, OverflowError, MemoryError) as error:
        raise WorldFormatError(path, f"pytmx could not read this map: {type(error).__name__}: {error}",
                               hint=_DOCS_HINT) from error


def load_world_map(path: Path) -> WorldMap:
    """Load the world stored in the Tiled map at ``path``."""
    path = Path(path)
    tiled = read_tiled_map(path)
    width, height = int(tiled.width), int(tiled.height)
    if width <= 0 or height <= 0:
        raise WorldFormatError(path, f"map size is {width} x {height} tiles", hint=_DOCS_HINT)
    if tiled.tilewidth != tiled.tileheight:
        raise WorldFormatError(path, f"tiles are {tiled.tilewidth} x {tiled.tileheight} px; only square tiles are supported")
    world_name = str(tiled.properties.get(map_format.WORLD_NAME_PROPERTY, "")).strip()
    if not world_name:
        raise WorldFormatError(path, f"the map has no '{map_format.WORLD_NAME_PROPERTY}' property",
                               where="map properties", hint="add a string property world_name, e.g. 'the Ville'")

    collision = np.zeros((height, width), dtype=bool)
    ids: dict[str, np.ndarray] = {kind: np.zeros((height, width), dtype=np.int32)
                                  for kind in map_format.NAMED_SEMANTIC_KINDS}
    names: dict[str, list[str]] = {kind: [""] for kind in map_format.NAMED_SEMANTIC_KINDS}
    name_index: dict[str, dict[str, int]] = {kind: {} for kind in map_format.NAMED_SEMANTIC_KINDS}
    seen_kinds: set[str] = set()

    for layer in tiled.layers:
        if not isinstance(layer, pytmx.TiledTileLayer):
            continue
        kind = str(layer.properties.get(map_format.SEMANTICS_PROPERTY, "")).strip()
        if not kind:
            continue
        layer_label = f"layer {layer.name!r}"
        if kind not in map_format.SEMANTIC_KINDS:
            raise WorldFormatError(path, f"unknown semantics {kind!r}", where=layer_label,
                                   hint=f"use one of {', '.join(map_format.SEMANTIC_KINDS)}")
        if len(layer.data) != height or any(len(row) != width for row in layer.data):
            raise WorldFormatError(path, f"layer data is not {width} x {height} tiles", where=layer_label)
        seen_kinds.add(kind)
        for x, y, gid in layer.iter_data():
            if not gid:
                continue
            if kind == map_format.COLLISION:
                collision[y, x] = True
                continue
            properties = tiled.get_tile_properties_by_gid(gid) or {}
            name = str(properties.get(map_format.TILE_NAME_PROPERTY, "")).strip()
            if not name:
                raise WorldFormatError(path, f"the tile painted here has no '{map_format.TILE_NAME_PROPERTY}' property",
                                       where=f"{layer_label}, tile ({x}, {y})",
                                       hint="give every tile of the semantic tileset a name property")
            index = name_index[kind].get(name)
            if index is None:
                index = len(names[kind])
                names[kind].append(name)
                name_index[kind][name] = index
            ids[kind][y, x] = index

    missing = [kind for kind in (map_format.COLLISION, map_format.SECTOR, map_format.ARENA) if kind not in seen_kinds]
    if missing:
        raise WorldFormatError(path, "no tile layer with property semantics = " + " / ".join(missing), hint=_DOCS_HINT)

    return WorldMap(
        name=world_name,
        source_path=path,
        tile_size_px=int(tiled.tilewidth),
        collision=collision,
        sector_ids=ids[map_format.SECTOR], sector_names=names[map_format.SECTOR],
        arena_ids=ids[map_format.ARENA], arena_names=names[map_format.ARENA],
        object_ids=ids[map_format.GAME_OBJECT], object_names=names[map_format.GAME_OBJECT],
        spawn_ids=ids[map_format.SPAWN], spawn_names=names[map_format.SPAWN],
    )
