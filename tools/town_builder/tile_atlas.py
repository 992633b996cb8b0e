"""The art tileset being collected: tiles are painted on first request, deduplicated by their
pixels, and packed into one PNG atlas that the map names.

Keys are plain tuples (``("grass", 3)``, ``("object", "bed", 1, 2, 0, 1)``); the order in which
tiles are first requested fixes their ids, so a deterministic layout gives a byte-identical atlas.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from xml.etree import ElementTree

import numpy as np

from agents.world.png_writer import encode_png_rgba
from tools.town_builder.canvas import Canvas

TileKey = Hashable


class TileAtlas:
    """Painted tiles and their global ids (the atlas is the map's first tileset: first gid 1)."""

    def __init__(self, tile_size_px: int, columns: int = 16, name: str = "town",
                 image_file: str = "town_tiles.png") -> None:
        self.tile_size_px = tile_size_px
        self.columns = columns
        self.name = name
        self.image_file = image_file
        self._tiles: list[np.ndarray] = []
        self._gid_by_key: dict[TileKey, int] = {}
        self._gid_by_pixels: dict[bytes, int] = {}

    @property
    def first_gid(self) -> int:
        return 1

    @property
    def tile_count(self) -> int:
        return len(self._tiles)

    def _add(self, pixels: np.ndarray) -> int:
        """The gid of a tile with these pixels (0 for a fully transparent tile)."""
        if not pixels[:, :, 3].any():
            return 0
        fingerprint = pixels.tobytes()
        found = self._gid_by_pixels.get(fingerprint)
        if found is None:
            self._tiles.append(pixels)
            found = self.first_gid + len(self._tiles) - 1
            self._gid_by_pixels[fingerprint] = found
        return found

    def gid_for_pixels(self, pixels: np.ndarray) -> int:
        """The gid of a tile with exactly these ``(size, size, 4)`` pixels (0 when transparent)."""
        return self._add(np.ascontiguousarray(pixels, dtype=np.uint8))

    def gid(self, key: TileKey, paint: Callable[[], Canvas]) -> int:
        """The gid of the single tile ``key``, painting it with ``paint`` the first time."""
        if key not in self._gid_by_key:
            canvas = paint()
            if (canvas.width_px, canvas.height_px) != (self.tile_size_px, self.tile_size_px):
                raise ValueError(f"tile {key!r} painted at {canvas.width_px}x{canvas.height_px} px")
            self._gid_by_key[key] = self._add(canvas.pixels)
        return self._gid_by_key[key]

    def piece_gids(self, key: TileKey, width_tiles: int, height_tiles: int,
                   paint: Callable[[], Canvas]) -> list[list[int]]:
        """Gids of a picture ``width_tiles`` x ``height_tiles`` tiles large, row by row."""
        cell_keys = [[(key, column, row) for column in range(width_tiles)] for row in range(height_tiles)]
        if cell_keys[0][0] not in self._gid_by_key:
            canvas = paint()
            size = self.tile_size_px
            if (canvas.width_px, canvas.height_px) != (width_tiles * size, height_tiles * size):
                raise ValueError(f"piece {key!r} painted at {canvas.width_px}x{canvas.height_px} px")
            for row in range(height_tiles):
                for column in range(width_tiles):
                    self._gid_by_key[cell_keys[row][column]] = self._add(canvas.tile(column, row, size))
        return [[self._gid_by_key[k] for k in row_keys] for row_keys in cell_keys]

    def image_png(self) -> bytes:
        size = self.tile_size_px
        rows = max(1, -(-len(self._tiles) // self.columns))
        pixels = np.zeros((rows * size, self.columns * size, 4), dtype=np.uint8)
        for index, tile in enumerate(self._tiles):
            row, column = divmod(index, self.columns)
            pixels[row * size:(row + 1) * size, column * size:(column + 1) * size] = tile
        return encode_png_rgba(pixels)

    def to_xml(self) -> ElementTree.Element:
        size = self.tile_size_px
        rows = max(1, -(-len(self._tiles) // self.columns))
        element = ElementTree.Element("tileset", {
            "firstgid": str(self.first_gid), "name": self.name, "tilewidth": str(size), "tileheight": str(size),
            "tilecount": str(len(self._tiles)), "columns": str(self.columns)})
        ElementTree.SubElement(element, "image", {
            "source": self.image_file, "width": str(self.columns * size), "height": str(rows * size)})
        return element
