"""The semantic tileset: one marker tile per (kind, name), e.g. (arena, "cafe"), whose ``name``
tile property the loader reads (see :mod:`agents.world.map_format`).

Markers are translucent squares coloured by kind so the semantic layers can be seen and painted in
Tiled; their art is generated here.
"""

from __future__ import annotations

import colorsys
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from xml.etree import ElementTree

import numpy as np

from agents.world import map_format
from agents.world.png_writer import encode_png_rgba

_KIND_HUE = {map_format.COLLISION: 0.0, map_format.SECTOR: 0.58, map_format.ARENA: 0.33,
             map_format.GAME_OBJECT: 0.12, map_format.SPAWN: 0.83}


@dataclass(frozen=True, slots=True)
class SemanticTile:
    kind: str
    name: str


@dataclass(frozen=True)
class SemanticTileset:
    """Marker tiles in a fixed order; ``gid_of`` gives each tile's global id once placed."""

    tiles: tuple[SemanticTile, ...]
    first_gid: int
    tile_size_px: int
    columns: int = 16
    name: str = "semantics"
    image_file: str = "semantics.png"
    _index: dict[tuple[str, str], int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_index", {(tile.kind, tile.name): i for i, tile in enumerate(self.tiles)})

    def gid_of(self, kind: str, name: str) -> int:
        return self.first_gid + self._index[(kind, name)]

    @property
    def rows(self) -> int:
        return max(1, -(-len(self.tiles) // self.columns))

    def image_png(self) -> bytes:
        size = self.tile_size_px
        pixels = np.zeros((self.rows * size, self.columns * size, 4), dtype=np.uint8)
        for index, tile in enumerate(self.tiles):
            row, column = divmod(index, self.columns)
            shade = (zlib.crc32(tile.name.encode()) % 1000) / 1000.0
            r, g, b = colorsys.hsv_to_rgb(_KIND_HUE.get(tile.kind, 0.0), 0.55 + 0.4 * shade, 0.65 + 0.35 * shade)
            block = pixels[row * size:(row + 1) * size, column * size:(column + 1) * size]
            block[:, :] = (int(r * 255), int(g * 255), int(b * 255), 150)
            block[[0, -1], :, 3] = 230
            block[:, [0, -1], 3] = 230
        return encode_png_rgba(pixels)

    def to_xml(self) -> ElementTree.Element:
        size = str(self.tile_size_px)
        element = ElementTree.Element("tileset", {
            "firstgid": str(self.first_gid), "name": self.name, "tilewidth": size, "tileheight": size,
            "tilecount": str(len(self.tiles)), "columns": str(self.columns)})
        ElementTree.SubElement(element, "image", {
            "source": self.image_file, "width": str(self.columns * self.tile_size_px),
            "height": str(self.rows * self.tile_size_px)})
        for index, tile in enumerate(self.tiles):
            tile_element = ElementTree.SubElement(element, "tile", {"id": str(index)})
            properties = ElementTree.SubElement(tile_element, "properties")
            ElementTree.SubElement(properties, "property", {"name": "kind", "value": tile.kind})
            ElementTree.SubElement(properties, "property", {"name": map_format.TILE_NAME_PROPERTY, "value": tile.name})
        return element


def build_semantic_tileset(names_by_kind: dict[str, Sequence[str]], first_gid: int,
                           tile_size_px: int) -> SemanticTileset:
    """A tileset with a collision marker and one marker per distinct name of each named kind."""
    tiles = [SemanticTile(map_format.COLLISION, "collision")]
    for kind in map_format.NAMED_SEMANTIC_KINDS:
        tiles.extend(SemanticTile(kind, name) for name in dict.fromkeys(names_by_kind.get(kind, ())))
    return SemanticTileset(tiles=tuple(tiles), first_gid=first_gid, tile_size_px=tile_size_px)
