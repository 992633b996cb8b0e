"""A small RGBA pixel canvas (numpy) with the drawing primitives the tile painters use.

Coordinates are pixels from the top left; colours are ``(r, g, b)`` or ``(r, g, b, a)`` tuples.
Drawing composites "over" what is already there, so translucent shadows and highlights work.
"""

from __future__ import annotations

import numpy as np

Color = tuple[int, ...]


def rgba(color: Color) -> tuple[int, int, int, int]:
    """``color`` with an alpha channel (opaque when it had none)."""
    return (color[0], color[1], color[2], color[3] if len(color) > 3 else 255)


def shade(color: Color, factor: float) -> tuple[int, int, int, int]:
    """``color`` made darker (factor < 1) or lighter (factor > 1), alpha kept."""
    r, g, b, a = rgba(color)
    if factor >= 1.0:
        lift = factor - 1.0
        return (int(r + (255 - r) * lift), int(g + (255 - g) * lift), int(b + (255 - b) * lift), a)
    return (int(r * factor), int(g * factor), int(b * factor), a)


def mix(first: Color, second: Color, weight_second: float) -> tuple[int, int, int, int]:
    """Linear blend of two colours."""
    a, b = rgba(first), rgba(second)
    return tuple(int(a[i] + (b[i] - a[i]) * weight_second) for i in range(4))  # type: ignore[return-value]


class Canvas:
    """An RGBA image being painted; ``pixels`` is a ``(height_px, width_px, 4)`` uint8 array."""

    def __init__(self, width_px: int, height_px: int) -> None:
        self.width_px = width_px
        self.height_px = height_px
        self.pixels = np.zeros((height_px, width_px, 4), dtype=np.uint8)

    # -- compositing -------------------------------------------------------------------------

    def _blend_mask(self, mask: np.ndarray, color: Color) -> None:
        """Paint ``color`` over every pixel where the boolean ``mask`` is set."""
        r, g, b, a = rgba(color)
        if a == 0 or not mask.any():
            return
        target = self.pixels[mask].astype(np.float32)
        alpha = a / 255.0
        out_alpha = alpha + target[:, 3:4] / 255.0 * (1.0 - alpha)
        source = np.array([r, g, b], dtype=np.float32)
        with np.errstate(invalid="ignore", divide="ignore"):
            rgb = (source * alpha + target[:, :3] * (target[:, 3:4] / 255.0) * (1.0 - alpha)) / out_alpha
        rgb = np.nan_to_num(rgb)
        result = np.concatenate([rgb, out_alpha * 255.0], axis=1)
        self.pixels[mask] = np.clip(np.rint(result), 0, 255).astype(np.uint8)

    def paste(self, other: Canvas, x: int, y: int) -> None:
        """Composite ``other`` over this canvas with its top left at ``(x, y)``."""
        x0, y0 = max(0, x), max(0, y)
        x1, y1 = min(self.width_px, x + other.width_px), min(self.height_px, y + other.height_px)
        if x1 <= x0 or y1 <= y0:
            return
        top = other.pixels[y0 - y:y1 - y, x0 - x:x1 - x].astype(np.float32) / 255.0
        below = self.pixels[y0:y1, x0:x1].astype(np.float32) / 255.0
        top_alpha, below_alpha = top[:, :, 3:4], below[:, :, 3:4]
        out_alpha = top_alpha + below_alpha * (1.0 - top_alpha)
        with np.errstate(invalid="ignore", divide="ignore"):
            rgb = (top[:, :, :3] * top_alpha + below[:, :, :3] * below_alpha * (1.0 - top_alpha)) / out_alpha
        result = np.concatenate([np.nan_to_num(rgb), out_alpha], axis=2)
        self.pixels[y0:y1, x0:x1] = np.clip(np.rint(result * 255.0), 0, 255).astype(np.uint8)

    # -- primitives --------------------------------------------------------------------------

    def _region(self, x: int, y: int, w: int, h: int) -> np.ndarray:
        mask = np.zeros((self.height_px, self.width_px), dtype=bool)
        x0, y0 = max(0, x), max(0, y)
        x1, y1 = min(self.width_px, x + w), min(self.height_px, y + h)
        if x1 > x0 and y1 > y0:
            mask[y0:y1, x0:x1] = True
        return mask

    def fill(self, color: Color) -> None:
        self.rect(0, 0, self.width_px, self.height_px, color)

    def pixel(self, x: int, y: int, color: Color) -> None:
        if 0 <= x < self.width_px and 0 <= y < self.height_px:
            self._blend_mask(self._region(x, y, 1, 1), color)

    def rect(self, x: int, y: int, w: int, h: int, color: Color) -> None:
        self._blend_mask(self._region(x, y, w, h), color)

    def outline(self, x: int, y: int, w: int, h: int, color: Color, thickness_px: int = 1) -> None:
        t = thickness_px
        self.rect(x, y, w, t, color)
        self.rect(x, y + h - t, w, t, color)
        self.rect(x, y + t, t, h - 2 * t, color)
        self.rect(x + w - t, y + t, t, h - 2 * t, color)

    def ellipse(self, cx: float, cy: float, rx: float, ry: float, color: Color) -> None:
        ys, xs = np.mgrid[0:self.height_px, 0:self.width_px]
        mask = ((xs + 0.5 - cx) / max(rx, 0.01)) ** 2 + ((ys + 0.5 - cy) / max(ry, 0.01)) ** 2 <= 1.0
        self._blend_mask(mask, color)

    def ring(self, cx: float, cy: float, rx: float, ry: float, color: Color, thickness_px: float = 1.0) -> None:
        ys, xs = np.mgrid[0:self.height_px, 0:self.width_px]
        outer = ((xs + 0.5 - cx) / rx) ** 2 + ((ys + 0.5 - cy) / ry) ** 2 <= 1.0
        inner_rx, inner_ry = max(rx - thickness_px, 0.01), max(ry - thickness_px, 0.01)
        inner = ((xs + 0.5 - cx) / inner_rx) ** 2 + ((ys + 0.5 - cy) / inner_ry) ** 2 <= 1.0
        self._blend_mask(outer & ~inner, color)

    def line(self, x0: int, y0: int, x1: int, y1: int, color: Color) -> None:
        steps = max(abs(x1 - x0), abs(y1 - y0), 1)
        mask = np.zeros((self.height_px, self.width_px), dtype=bool)
        for step in range(steps + 1):
            px = round(x0 + (x1 - x0) * step / steps)
            py = round(y0 + (y1 - y0) * step / steps)
            if 0 <= px < self.width_px and 0 <= py < self.height_px:
                mask[py, px] = True
        self._blend_mask(mask, color)

    def box(self, x: int, y: int, w: int, h: int, color: Color, outline_factor: float = 0.55,
            bevel: bool = True) -> None:
        """A piece of furniture seen from above: filled, outlined, lit from the top left."""
        self.rect(x, y, w, h, color)
        if bevel and w > 3 and h > 3:
            self.rect(x + 1, y + 1, w - 2, 1, shade(color, 1.25))
            self.rect(x + 1, y + 1, 1, h - 2, shade(color, 1.15))
            self.rect(x + 1, y + h - 2, w - 2, 1, shade(color, 0.8))
            self.rect(x + w - 2, y + 2, 1, h - 3, shade(color, 0.85))
        self.outline(x, y, w, h, shade(color, outline_factor))

    def speckle(self, rng: np.random.Generator, color: Color, count: int,
                x: int = 0, y: int = 0, w: int | None = None, h: int | None = None) -> None:
        """``count`` single pixels of ``color`` at random places within the given region."""
        w = self.width_px - x if w is None else w
        h = self.height_px - y if h is None else h
        for _ in range(count):
            self.pixel(x + int(rng.integers(0, w)), y + int(rng.integers(0, h)), color)

    def shadow(self, x: int, y: int, w: int, h: int, strength: int = 60) -> None:
        """A soft drop shadow below and right of a rectangle."""
        self.rect(x + 2, y + h, w, 2, (0, 0, 0, strength))
        self.rect(x + w, y + 2, 2, h - 2, (0, 0, 0, strength))

    def tile(self, column: int, row: int, size_px: int) -> np.ndarray:
        """A copy of one ``size_px`` square tile of the canvas."""
        return self.pixels[row * size_px:(row + 1) * size_px, column * size_px:(column + 1) * size_px].copy()
