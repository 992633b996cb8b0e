"""Shapes as boolean masks: pixel-centre grids, head space, superellipses, legs and rectangles.

Head space maps the canvas onto a head: ``u`` runs across (-1 left edge, +1 right edge), ``v`` runs
down (-1 crown, +1 chin). Hair and face features are described in head space so the same
hairstyle draws both the 14-px sprite head and the 30-px portrait head.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from tools.character_art.canvas import BoolMask


@dataclass(frozen=True)
class HeadBox:
    """Where a head sits on a canvas: centre and half sizes in pixels."""

    center_x: float
    center_y: float
    half_width: float
    half_height: float

    def to_pixel(self, u: float, v: float) -> tuple[int, int]:
        """The pixel containing head-space point (u, v)."""
        return (int(np.floor(self.center_x + u * self.half_width)),
                int(np.floor(self.center_y + v * self.half_height)))


def head_space(box: HeadBox, width: int, height: int, mirror: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """(u, v) of every pixel centre; ``mirror`` flips u (faces drawn looking the other way)."""
    ys, xs = np.mgrid[0:height, 0:width].astype(float)
    u = (xs + 0.5 - box.center_x) / box.half_width
    v = (ys + 0.5 - box.center_y) / box.half_height
    return (-u if mirror else u), v


def superellipse(u: np.ndarray, v: np.ndarray, power: float = 2.5) -> BoolMask:
    """The rounded-square blob |u|^p + |v|^p <= 1."""
    return (np.abs(u) ** power + np.abs(v) ** power) <= 1.0


def disc(u: np.ndarray, v: np.ndarray, x: float, y: float, radius: float) -> BoolMask:
    return (u - x) ** 2 + (v - y) ** 2 <= radius ** 2


def rect_mask(width: int, height: int, left: int, top: int, right: int, bottom: int) -> BoolMask:
    """Pixels with left <= x <= right and top <= y <= bottom (inclusive)."""
    mask = np.zeros((height, width), dtype=bool)
    mask[max(0, top):max(0, bottom + 1), max(0, left):max(0, right + 1)] = True
    return mask


def rounded_rect_mask(width: int, height: int, left: int, top: int, right: int, bottom: int,
                      corner: int = 1) -> BoolMask:
    """A rectangle with ``corner`` pixels clipped diagonally off each corner."""
    mask = rect_mask(width, height, left, top, right, bottom)
    for step in range(corner):
        cut = corner - step
        for y in (top + step, bottom - step):
            mask[y, left:left + cut] = False
            mask[y, right - cut + 1:right + 1] = False
    return mask


def slanted_bar(width: int, height: int, top: tuple[int, int], bottom: tuple[int, int],
                thickness: int) -> BoolMask:
    """A bar ``thickness`` px wide from its top-left pixel ``top`` to ``bottom`` (interpolated per row)."""
    mask = np.zeros((height, width), dtype=bool)
    (x0, y0), (x1, y1) = top, bottom
    rows = max(1, y1 - y0)
    for y in range(y0, y1 + 1):
        x = round(x0 + (x1 - x0) * (y - y0) / rows)
        if 0 <= y < height:
            mask[y, max(0, x):max(0, x + thickness)] = True
    return mask
