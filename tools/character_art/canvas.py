"""A small RGBA pixel canvas on numpy: fill masks with shaded ramps, set pixels, outline, save.

Masks are boolean arrays the size of the canvas (``mask[y, x]``). Shading assumes light from the
upper left: the right and bottom edges of a shape take the shadow tone, its top-left edge the
highlight.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pygame

from tools.character_art.palette import RGB, Ramp, outline_for

BoolMask = np.ndarray


def shifted(mask: BoolMask, dx: int, dy: int) -> BoolMask:
    """``result[y, x] = mask[y - dy, x - dx]``, False where that falls outside."""
    result = np.zeros_like(mask)
    height, width = mask.shape
    src_y0, src_y1 = max(0, -dy), min(height, height - dy)
    src_x0, src_x1 = max(0, -dx), min(width, width - dx)
    result[src_y0 + dy:src_y1 + dy, src_x0 + dx:src_x1 + dx] = mask[src_y0:src_y1, src_x0:src_x1]
    return result


def edge_right_bottom(mask: BoolMask) -> BoolMask:
    """Pixels of ``mask`` whose right or lower neighbour is outside it."""
    return mask & (~shifted(mask, -1, 0) | ~shifted(mask, 0, -1))


def edge_top_left(mask: BoolMask) -> BoolMask:
    """Pixels of ``mask`` whose upper or left neighbour is outside it."""
    return mask & (~shifted(mask, 1, 0) | ~shifted(mask, 0, 1))


class Canvas:
    """A mutable RGBA image (``pixels[y, x] = (r, g, b, a)``) with painting helpers."""

    def __init__(self, width: int, height: int) -> None:
        self.width = width
        self.height = height
        self.pixels = np.zeros((height, width, 4), dtype=np.uint8)

    def empty_mask(self) -> BoolMask:
        return np.zeros((self.height, self.width), dtype=bool)

    @property
    def opaque(self) -> BoolMask:
        return self.pixels[:, :, 3] > 0

    def fill(self, mask: BoolMask, color: RGB) -> None:
        self.pixels[mask] = (*color, 255)

    def paint(self, mask: BoolMask, tones: Ramp, shadow_right: bool = True,
              highlight: bool = True) -> None:
        """Fill ``mask`` with ``tones.base``, shadow its lower/right rim, highlight its top-left."""
        self.fill(mask, tones.base)
        if highlight:
            self.fill(edge_top_left(mask) & ~edge_right_bottom(mask), tones.highlight)
        if shadow_right:
            self.fill(edge_right_bottom(mask), tones.shadow)
        else:
            self.fill(mask & ~shifted(mask, 0, -1), tones.shadow)

    def put(self, x: int, y: int, color: RGB) -> None:
        if 0 <= x < self.width and 0 <= y < self.height:
            self.pixels[y, x] = (*color, 255)

    def put_many(self, points: list[tuple[int, int]] | tuple[tuple[int, int], ...], color: RGB) -> None:
        for x, y in points:
            self.put(x, y, color)

    def color_at(self, x: int, y: int) -> RGB:
        r, g, b, _ = self.pixels[y, x]
        return int(r), int(g), int(b)

    def add_outline(self) -> None:
        """A 1-px dark rim around everything painted, tinted by the colour it borders."""
        opaque = self.opaque
        rim = ~opaque & (shifted(opaque, 1, 0) | shifted(opaque, -1, 0) | shifted(opaque, 0, 1)
                         | shifted(opaque, 0, -1))
        for y, x in zip(*np.nonzero(rim), strict=True):
            neighbour = self._first_opaque_neighbour(int(x), int(y), opaque)
            self.pixels[y, x] = (*outline_for(neighbour), 255)

    def _first_opaque_neighbour(self, x: int, y: int, opaque: BoolMask) -> RGB:
        for dx, dy in ((0, -1), (0, 1), (-1, 0), (1, 0)):
            nx, ny = x + dx, y + dy
            if 0 <= nx < self.width and 0 <= ny < self.height and opaque[ny, nx]:
                return self.color_at(nx, ny)
        raise ValueError(f"({x}, {y}) has no painted neighbour")

    def mirrored(self) -> Canvas:
        """A left-right mirror image."""
        copy = Canvas(self.width, self.height)
        copy.pixels = self.pixels[:, ::-1, :].copy()
        return copy

    def blit(self, other: Canvas, left: int, top: int) -> None:
        """Copy ``other`` in at (left, top), over what is there where ``other`` is opaque."""
        region = self.pixels[top:top + other.height, left:left + other.width]
        covered = other.pixels[:, :, 3] > 0
        region[covered] = other.pixels[covered]

    def to_surface(self) -> pygame.Surface:
        return pygame.image.frombuffer(np.ascontiguousarray(self.pixels).tobytes(),
                                       (self.width, self.height), "RGBA").copy()

    def save_png(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        pygame.image.save(self.to_surface(), str(path))
