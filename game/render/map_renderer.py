"""Draws a Tiled map from pre-rendered chunks.

The map is loaded with pytmx (``load_pygame(..., pixelalpha=True)``) and its art layers are baked
once into square chunks: opaque chunks for the layers below the characters and transparent chunks
for the layers flagged ``foreground`` (drawn above them). Semantic and hidden layers are skipped.
Chunks scaled for the current zoom are cached (least recently used first out). Foreground chunks are
run-length encoded, so their transparent parts cost nothing to draw.
"""

from __future__ import annotations

import os
from collections import OrderedDict
from pathlib import Path

os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
import pygame
import pytmx
from pytmx.util_pygame import load_pygame

from agents.world import map_format
from agents.world.art_check import check_map_images
from agents.world.errors import WorldFormatError
from game.render.camera import Camera

CHUNK_TILES = 16
SCALED_CHUNK_CACHE_SIZE = 96
BACKGROUND_COLOUR = (24, 28, 24)


def _is_true(value: object) -> bool:
    return value is True or str(value).strip().lower() in ("true", "1", "yes")


def _run_length_encoded(overlay: pygame.Surface) -> pygame.Surface:
    """``overlay`` (per-pixel alpha) marked for SDL's run-length encoding: its transparent runs are
    skipped when it is blitted. Foreground chunks are mostly empty, so this makes drawing them about
    fifteen times faster, for the same picture (within 1 of 255 per channel)."""
    overlay.set_alpha(255, pygame.RLEACCEL)
    return overlay


class MapRenderer:
    """Pre-rendered chunks of one map, drawn through a :class:`Camera`."""

    def __init__(self, map_path: Path) -> None:
        """A WorldFormatError naming the image when a tileset image is missing or damaged."""
        check_map_images(map_path)  # names the file, which pygame's own error does not
        try:
            self.tiled = load_pygame(str(map_path), pixelalpha=True)
        except (pygame.error, OSError, ValueError) as error:
            raise WorldFormatError(map_path, f"its art cannot be drawn: {error}",
                                   hint=f"run: smallville-sim world info {map_path.parent}") from error
        self.tile_size_px = int(self.tiled.tilewidth)
        self.width_tiles, self.height_tiles = int(self.tiled.width), int(self.tiled.height)
        self.map_size_px = (self.width_tiles * self.tile_size_px, self.height_tiles * self.tile_size_px)
        self.chunk_size_px = CHUNK_TILES * self.tile_size_px
        self.background_layers, self.foreground_layers = self._art_layers()
        self._background: dict[tuple[int, int], pygame.Surface] = {}
        self._foreground: dict[tuple[int, int], pygame.Surface] = {}
        self._bake()
        self._scaled: OrderedDict[tuple[str, float, int, int], pygame.Surface] = OrderedDict()

    def _art_layers(self) -> tuple[list[pytmx.TiledTileLayer], list[pytmx.TiledTileLayer]]:
        background, foreground = [], []
        for layer in self.tiled.layers:
            if not isinstance(layer, pytmx.TiledTileLayer) or not layer.visible:
                continue
            if layer.properties.get(map_format.SEMANTICS_PROPERTY):
                continue
            if _is_true(layer.properties.get(map_format.FOREGROUND_PROPERTY, False)):
                foreground.append(layer)
            else:
                background.append(layer)
        return background, foreground

    def _bake(self) -> None:
        chunks_x = -(-self.width_tiles // CHUNK_TILES)
        chunks_y = -(-self.height_tiles // CHUNK_TILES)
        size = self.chunk_size_px
        for cy in range(chunks_y):
            for cx in range(chunks_x):
                surface = pygame.Surface((size, size)).convert()
                surface.fill(BACKGROUND_COLOUR)
                self._draw_layers(surface, self.background_layers, cx, cy)
                self._background[(cx, cy)] = surface
                if self.foreground_layers:
                    overlay = pygame.Surface((size, size), pygame.SRCALPHA).convert_alpha()
                    if self._draw_layers(overlay, self.foreground_layers, cx, cy):
                        self._foreground[(cx, cy)] = _run_length_encoded(overlay)

    def _draw_layers(self, target: pygame.Surface, layers: list[pytmx.TiledTileLayer], cx: int, cy: int) -> bool:
        drew = False
        tile = self.tile_size_px
        x0, y0 = cx * CHUNK_TILES, cy * CHUNK_TILES
        x1, y1 = min(self.width_tiles, x0 + CHUNK_TILES), min(self.height_tiles, y0 + CHUNK_TILES)
        for layer in layers:
            data = layer.data
            opacity = float(getattr(layer, "opacity", 1.0))
            for y in range(y0, y1):
                row = data[y]
                for x in range(x0, x1):
                    gid = row[x]
                    if not gid:
                        continue
                    image = self.tiled.images[gid]
                    if image is None:
                        continue
                    if opacity < 1.0:
                        image = image.copy()
                        image.set_alpha(int(opacity * 255))
                    # tiles taller than the grid (e.g. tree sprites) stand on their bottom edge
                    target.blit(image, ((x - x0) * tile, (y - y0) * tile + tile - image.get_height()))
                    drew = True
        return drew

    def _scaled_chunk(self, kind: str, key: tuple[int, int], source: pygame.Surface, zoom: float) -> pygame.Surface:
        if zoom == 1.0:
            return source
        cache_key = (kind, zoom, key[0], key[1])
        cached = self._scaled.get(cache_key)
        if cached is not None:
            self._scaled.move_to_end(cache_key)
            return cached
        side = round(self.chunk_size_px * zoom)
        scaled = pygame.transform.scale(source, (side, side))
        if kind == "foreground":
            scaled = _run_length_encoded(scaled)
        self._scaled[cache_key] = scaled
        if len(self._scaled) > SCALED_CHUNK_CACHE_SIZE:
            self._scaled.popitem(last=False)
        return scaled

    def _draw_chunks(self, screen: pygame.Surface, camera: Camera, kind: str,
                     chunks: dict[tuple[int, int], pygame.Surface]) -> None:
        left, top, width, height = camera.visible_world_rect()
        size = self.chunk_size_px
        zoom = camera.zoom
        first_cx, first_cy = max(0, int(left // size)), max(0, int(top // size))
        last_cx, last_cy = int((left + width) // size), int((top + height) // size)
        for cy in range(first_cy, last_cy + 1):
            for cx in range(first_cx, last_cx + 1):
                chunk = chunks.get((cx, cy))
                if chunk is None:
                    continue
                sx, sy = camera.world_to_screen((cx * size, cy * size))
                screen.blit(self._scaled_chunk(kind, (cx, cy), chunk, zoom), (round(sx), round(sy)))

    def draw_background(self, screen: pygame.Surface, camera: Camera) -> None:
        """The layers below the characters."""
        self._draw_chunks(screen, camera, "background", self._background)

    def draw_foreground(self, screen: pygame.Surface, camera: Camera) -> None:
        """The layers drawn above the characters."""
        self._draw_chunks(screen, camera, "foreground", self._foreground)
