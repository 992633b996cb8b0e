"""Painters of the ground: grass, dirt paths, pavements, roads, water with its banks, and the
indoor floors (planks, tiles, checkers, carpets, stone).

Edge-aware tiles take a neighbour mask: bit 1 north, 2 east, 4 south, 8 west set when the
neighbour on that side is of the same kind (path next to path, water next to water).
"""

from __future__ import annotations

import zlib

import numpy as np

from tools.town_builder import palette
from tools.town_builder.canvas import Canvas, mix, shade

SIZE = palette.TILE_SIZE_PX
NORTH, EAST, SOUTH, WEST = 1, 2, 4, 8


def seeded_rng(*key: object) -> np.random.Generator:
    """A random generator fixed by ``key`` (stable across runs and machines)."""
    return np.random.default_rng(zlib.crc32(repr(key).encode()))


def grass(variant: int) -> Canvas:
    """Grass with a little variation: blades of lighter and darker green."""
    canvas = Canvas(SIZE, SIZE)
    rng = seeded_rng("grass", variant)
    base = mix(palette.GRASS, palette.GRASS_LIGHT if variant % 3 == 0 else palette.GRASS_DARK, 0.12 * (variant % 3))
    canvas.fill(base)
    for _ in range(14):
        x, y = int(rng.integers(0, SIZE)), int(rng.integers(1, SIZE))
        colour = shade(base, 0.86) if rng.random() < 0.6 else shade(base, 1.12)
        canvas.pixel(x, y, colour)
        canvas.pixel(x, y - 1, colour)
    return canvas


def grass_detail(variant: int) -> Canvas:
    """A transparent overlay for grass: a tuft, a few flowers or a pebble."""
    canvas = Canvas(SIZE, SIZE)
    rng = seeded_rng("grass_detail", variant)
    kind = variant % 4
    cx, cy = int(rng.integers(8, 24)), int(rng.integers(8, 24))
    if kind == 0:
        for dx in (-3, -1, 1, 3):
            canvas.line(cx + dx, cy + 3, cx + dx * 2, cy - 3, palette.GRASS_DARK)
    elif kind in (1, 2):
        for _ in range(3):
            fx, fy = cx + int(rng.integers(-6, 7)), cy + int(rng.integers(-6, 7))
            colour = palette.FLOWER_COLOURS[int(rng.integers(0, len(palette.FLOWER_COLOURS)))]
            canvas.rect(fx - 1, fy, 3, 1, colour)
            canvas.rect(fx, fy - 1, 1, 3, colour)
            canvas.pixel(fx, fy, (250, 230, 120))
    else:
        canvas.ellipse(cx, cy, 3, 2, (150, 150, 140))
        canvas.pixel(cx - 1, cy - 1, (196, 196, 186))
    return canvas


def _inset_shape(canvas: Canvas, mask: int, inset_px: int, colour: tuple[int, ...]) -> tuple[int, int, int, int]:
    """Fill the tile except an ``inset_px`` margin on every side whose neighbour differs."""
    x0 = 0 if mask & WEST else inset_px
    y0 = 0 if mask & NORTH else inset_px
    x1 = SIZE if mask & EAST else SIZE - inset_px
    y1 = SIZE if mask & SOUTH else SIZE - inset_px
    canvas.rect(x0, y0, x1 - x0, y1 - y0, colour)
    return x0, y0, x1, y1


def dirt_path(mask: int) -> Canvas:
    """A trodden path over grass, with soft edges where it ends."""
    canvas = grass(mask % 3)
    rng = seeded_rng("path", mask)
    x0, y0, x1, y1 = _inset_shape(canvas, mask, 5, palette.DIRT_DARK)
    canvas.rect(x0 + (0 if mask & WEST else 1), y0 + (0 if mask & NORTH else 1),
                x1 - x0 - (0 if mask & WEST else 1) - (0 if mask & EAST else 1),
                y1 - y0 - (0 if mask & NORTH else 1) - (0 if mask & SOUTH else 1), palette.DIRT)
    canvas.speckle(rng, palette.DIRT_DARK, 10, x0 + 1, y0 + 1, max(1, x1 - x0 - 2), max(1, y1 - y0 - 2))
    canvas.speckle(rng, shade(palette.DIRT, 1.15), 6, x0 + 1, y0 + 1, max(1, x1 - x0 - 2), max(1, y1 - y0 - 2))
    return canvas


def paving(variant: int) -> Canvas:
    """Pavement slabs of a sidewalk or square."""
    canvas = Canvas(SIZE, SIZE)
    canvas.fill(palette.PAVING)
    offset = 8 if variant % 2 else 0
    for y in (0, 16):
        canvas.rect(0, y, SIZE, 1, palette.PAVING_DARK)
    for x in (offset, offset + 16):
        canvas.rect(x % SIZE, 1, 1, 15, palette.PAVING_DARK)
        canvas.rect((x + 8) % SIZE, 17, 1, 15, palette.PAVING_DARK)
    canvas.speckle(seeded_rng("paving", variant), shade(palette.PAVING, 0.92), 8)
    return canvas


def road(marking: str) -> Canvas:
    """Asphalt; ``marking`` is "" or a centre line "h"/"v" or a curb side "n"/"s"/"e"/"w"
    or crossing stripes "zebra_h"/"zebra_v"."""
    canvas = Canvas(SIZE, SIZE)
    canvas.fill(palette.ASPHALT)
    canvas.speckle(seeded_rng("road", marking), palette.ASPHALT_LIGHT, 18)
    if marking == "h":
        canvas.rect(4, 15, 12, 2, palette.ROAD_LINE)
        canvas.rect(20, 15, 8, 2, palette.ROAD_LINE)
    elif marking == "v":
        canvas.rect(15, 4, 2, 12, palette.ROAD_LINE)
        canvas.rect(15, 20, 2, 8, palette.ROAD_LINE)
    elif marking == "zebra_h":
        for x in range(2, SIZE, 8):
            canvas.rect(x, 3, 4, SIZE - 6, palette.WHITE)
    elif marking == "zebra_v":
        for y in range(2, SIZE, 8):
            canvas.rect(3, y, SIZE - 6, 4, palette.WHITE)
    sides = {"n": (0, 0, SIZE, 2), "s": (0, SIZE - 2, SIZE, 2), "w": (0, 0, 2, SIZE), "e": (SIZE - 2, 0, 2, SIZE)}
    for side in marking.split("+"):
        if side in sides:
            canvas.rect(*sides[side], palette.CURB)
    return canvas


def water(mask: int, frame: int = 0) -> Canvas:
    """Water with a sandy bank on every side where the neighbour is land."""
    canvas = grass(1)
    rng = seeded_rng("water", mask, frame)
    _inset_shape(canvas, mask, 3, palette.SAND)
    x0, y0, x1, y1 = _inset_shape(canvas, mask, 6, palette.WATER_DEEP)
    canvas.rect(x0 + (0 if mask & WEST else 1), y0 + (0 if mask & NORTH else 1),
                x1 - x0 - (0 if mask & WEST else 1) - (0 if mask & EAST else 1),
                y1 - y0 - (0 if mask & NORTH else 1) - (0 if mask & SOUTH else 1), palette.WATER)
    for _ in range(3):
        rx, ry = int(rng.integers(x0 + 2, max(x0 + 3, x1 - 8))), int(rng.integers(y0 + 2, max(y0 + 3, y1 - 2)))
        canvas.rect(rx, ry, 5, 1, palette.WATER_LIGHT)
    return canvas


def floor(style_name: str, variant: int) -> Canvas:
    """An indoor (or garden) floor tile of the named style."""
    style = palette.FLOOR_STYLES[style_name]
    if style.pattern == "grass":
        return grass(variant)
    canvas = Canvas(SIZE, SIZE)
    canvas.fill(style.base)
    rng = seeded_rng("floor", style_name, variant)
    if style.pattern == "planks":
        for y in range(0, SIZE, 8):
            canvas.rect(0, y, SIZE, 1, style.accent)
            joint = (y * 3 + variant * 11) % SIZE
            canvas.rect(joint, y + 1, 1, 7, style.accent)
        canvas.speckle(rng, shade(style.base, 0.93), 12)
    elif style.pattern == "tiles":
        canvas.rect(0, 0, SIZE, 1, style.accent)
        canvas.rect(0, 16, SIZE, 1, style.accent)
        canvas.rect(0, 0, 1, SIZE, style.accent)
        canvas.rect(16, 0, 1, SIZE, style.accent)
    elif style.pattern == "checker":
        canvas.rect(0, 0, 16, 16, style.accent)
        canvas.rect(16, 16, 16, 16, style.accent)
    elif style.pattern == "carpet":
        canvas.speckle(rng, style.accent, 40)
        canvas.speckle(rng, shade(style.base, 1.08), 20)
    elif style.pattern == "stone":
        for y, offset in ((0, 0), (11, 10), (22, 4)):
            canvas.rect(0, y, SIZE, 1, style.accent)
            for x in range(offset, SIZE, 16):
                canvas.rect(x, y, 1, 11, style.accent)
        canvas.speckle(rng, shade(style.base, 0.94), 10)
    return canvas


def rug(colour_index: int, width_tiles: int, height_tiles: int) -> Canvas:
    """A rug laid over a floor (walkable decoration), bordered and patterned."""
    colours = (palette.FABRIC_RED, palette.FABRIC_BLUE, palette.FABRIC_GREEN, palette.FABRIC_PURPLE)
    colour = colours[colour_index % len(colours)]
    canvas = Canvas(width_tiles * SIZE, height_tiles * SIZE)
    w, h = canvas.width_px, canvas.height_px
    canvas.rect(3, 3, w - 6, h - 6, colour)
    canvas.outline(5, 5, w - 10, h - 10, palette.FABRIC_YELLOW)
    canvas.outline(3, 3, w - 6, h - 6, shade(colour, 0.7))
    for x in range(10, w - 10, 8):
        for y in range(10, h - 10, 8):
            canvas.pixel(x, y, shade(colour, 1.3))
    return canvas


def bridge(direction: str) -> Canvas:
    """Wooden planks of a bridge; ``direction`` "h" runs east-west (planks across), "v" north-south."""
    canvas = Canvas(SIZE, SIZE)
    canvas.fill(palette.WATER)
    plank, dark = palette.WOOD_LIGHT, palette.WOOD_DARK
    if direction == "h":
        canvas.rect(0, 0, SIZE, SIZE, plank)
        for x in range(0, SIZE, 6):
            canvas.rect(x, 0, 1, SIZE, dark)
    else:
        canvas.rect(0, 0, SIZE, SIZE, plank)
        for y in range(0, SIZE, 6):
            canvas.rect(0, y, SIZE, 1, dark)
    return canvas
