"""The conventions by which a Tiled map carries the world's meaning (see docs/maps.md).

- Map property ``world_name`` (string): the world level of every address, e.g. ``the Ville``.
- Tile layers with a layer property ``semantics`` are semantic layers and are never drawn:
  ``collision`` (any tile blocks walking), ``sector``, ``arena``, ``game_object``, ``spawn``.
  On the four named kinds, each painted tile's own tile property ``name`` gives the name at that
  level (``Hobbs Cafe``, ``cafe``, ``behind the cafe counter``, ``sp-A``). A tile's address is put
  together from the layers: world, then the sector under it, the arena, the game object.
- Every other tile layer is art. A layer property ``foreground`` (bool) draws it above characters.
- A world folder holds ``map.tmx``, the tilesets it names, ``characters/<First_Last>.png`` sheets
  (3 x 4 frames of one tile each: rows down, left, right, up), ``portraits/<First_Last>.png`` and
  ``scenarios/<name>/``.
"""

from __future__ import annotations

from typing import Final

MAP_FILE_NAME: Final = "map.tmx"
WORLD_NAME_PROPERTY: Final = "world_name"
SEMANTICS_PROPERTY: Final = "semantics"
FOREGROUND_PROPERTY: Final = "foreground"
TILE_NAME_PROPERTY: Final = "name"

COLLISION: Final = "collision"
SECTOR: Final = "sector"
ARENA: Final = "arena"
GAME_OBJECT: Final = "game_object"
SPAWN: Final = "spawn"

NAMED_SEMANTIC_KINDS: Final = (SECTOR, ARENA, GAME_OBJECT, SPAWN)
SEMANTIC_KINDS: Final = (COLLISION, *NAMED_SEMANTIC_KINDS)

CHARACTERS_DIR: Final = "characters"
PORTRAITS_DIR: Final = "portraits"
SCENARIOS_DIR: Final = "scenarios"
