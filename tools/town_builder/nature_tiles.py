"""Painters of the outdoors' things: trees (a trunk that blocks and a canopy drawn above
residents), bushes, lamp posts, benches, flower boxes and lily pads.

A tree is a 3 x 3 tile picture: its canopy fills the top two rows and overhangs the third, whose
middle tile holds the trunk; the trunk goes in a prop layer and the canopy in the foreground.
"""

from __future__ import annotations

from tools.town_builder import palette
from tools.town_builder.canvas import Canvas, shade
from tools.town_builder.terrain_tiles import SIZE, seeded_rng

TREE_KINDS = ("oak", "pine", "blossom", "birch")


def tree_trunk(kind: str) -> Canvas:
    """The trunk tile (bottom middle of the tree), with its shadow on the grass."""
    canvas = Canvas(SIZE, SIZE)
    canvas.ellipse(16, 24, 14, 6, (0, 0, 0, 60))
    bark = (214, 210, 200) if kind == "birch" else palette.BARK
    canvas.rect(12, 0, 8, 24, bark)
    canvas.rect(10, 20, 12, 4, bark)
    canvas.rect(12, 0, 2, 24, shade(bark, 1.2))
    canvas.rect(18, 0, 2, 24, shade(bark, 0.7))
    if kind == "birch":
        for y in (4, 11, 17):
            canvas.rect(13, y, 4, 1, palette.BLACK)
    return canvas


def tree_canopy(kind: str, variant: int) -> Canvas:
    """The 3 x 3 tile canopy picture (transparent around the crown)."""
    canvas = Canvas(3 * SIZE, 3 * SIZE)
    rng = seeded_rng("canopy", kind, variant)
    if kind == "pine":
        dark, mid, light = (38, 92, 66), (50, 116, 80), (78, 146, 96)
        for layer, (half_width, top) in enumerate(((40, 44), (32, 26), (22, 10), (12, 0))):
            for y in range(top, top + 30):
                width = int(half_width * (y - top) / 30) + 3
                canvas.rect(48 - width, y, 2 * width, 1, mid if layer % 2 else dark)
            canvas.rect(48 - 2, top + 4, 4, 20, light)
        canvas.ellipse(48, 76, 6, 3, (0, 0, 0, 0))
        return canvas
    leaf, dark, light = palette.LEAF, palette.LEAF_DARK, palette.LEAF_LIGHT
    if kind == "blossom":
        leaf, dark, light = (232, 150, 176), (196, 108, 140), (250, 200, 214)
    elif kind == "birch":
        leaf, dark, light = (120, 176, 84), (88, 142, 66), (168, 206, 110)
    canvas.ellipse(48, 46, 38, 32, dark)
    for _ in range(9):
        cx, cy = 48 + int(rng.integers(-24, 25)), 40 + int(rng.integers(-18, 16))
        canvas.ellipse(cx, cy, 14, 12, leaf)
    for _ in range(6):
        cx, cy = 40 + int(rng.integers(-16, 14)), 30 + int(rng.integers(-12, 10))
        canvas.ellipse(cx, cy, 7, 6, light)
    canvas.speckle(rng, shade(dark, 0.85), 60, 16, 20, 64, 50)
    if kind == "oak" and variant % 2 == 0:
        for _ in range(5):
            cx, cy = 48 + int(rng.integers(-22, 22)), 44 + int(rng.integers(-18, 16))
            canvas.ellipse(cx, cy, 2.5, 2.5, (220, 70, 60))
    return canvas


def bush(variant: int) -> Canvas:
    """A round shrub (blocks walking)."""
    canvas = Canvas(SIZE, SIZE)
    rng = seeded_rng("bush", variant)
    canvas.ellipse(16, 24, 13, 5, (0, 0, 0, 55))
    canvas.ellipse(16, 16, 13, 11, palette.LEAF_DARK)
    for _ in range(4):
        canvas.ellipse(10 + int(rng.integers(0, 12)), 10 + int(rng.integers(0, 8)), 6, 5, palette.LEAF)
    canvas.ellipse(12, 11, 3, 3, palette.LEAF_LIGHT)
    if variant % 2:
        for _ in range(5):
            canvas.pixel(6 + int(rng.integers(0, 20)), 7 + int(rng.integers(0, 16)), palette.FLOWER_COLOURS[variant % 6])
    return canvas


def lamp_post_base() -> Canvas:
    """The foot of a street lamp (blocks walking)."""
    canvas = Canvas(SIZE, SIZE)
    canvas.ellipse(16, 27, 7, 3, (0, 0, 0, 60))
    canvas.rect(14, 0, 4, 27, palette.BLACK)
    canvas.rect(12, 24, 8, 4, palette.BLACK)
    canvas.rect(15, 0, 1, 24, (90, 90, 100))
    return canvas


def lamp_post_top() -> Canvas:
    """The lantern of a street lamp (drawn above residents, on the tile above the base)."""
    canvas = Canvas(SIZE, SIZE)
    canvas.rect(14, 20, 4, 12, palette.BLACK)
    canvas.ellipse(16, 14, 10, 9, (255, 236, 160, 60))
    canvas.box(10, 6, 12, 14, palette.BLACK, bevel=False)
    canvas.rect(12, 8, 8, 10, (255, 226, 140))
    canvas.rect(9, 4, 14, 3, palette.BLACK)
    return canvas


def bench(width_tiles: int) -> Canvas:
    """A park bench seen from above (blocks walking)."""
    canvas = Canvas(width_tiles * SIZE, SIZE)
    w = canvas.width_px
    canvas.rect(4, 22, w - 8, 3, (0, 0, 0, 50))
    canvas.box(3, 8, w - 6, 6, palette.WOOD_DARK)
    for y in (14, 18):
        canvas.box(3, y, w - 6, 4, palette.WOOD_LIGHT, bevel=False)
    for x in (5, w - 9):
        canvas.rect(x, 22, 4, 3, palette.BLACK)
    return canvas


def lily_pad(variant: int) -> Canvas:
    """Lily pads floating on water (an overlay)."""
    canvas = Canvas(SIZE, SIZE)
    rng = seeded_rng("lily", variant)
    for _ in range(2):
        cx, cy = 8 + int(rng.integers(0, 16)), 8 + int(rng.integers(0, 16))
        canvas.ellipse(cx, cy, 5, 4, (80, 150, 80))
        canvas.line(cx, cy, cx + 4, cy - 2, (60, 120, 66))
    if variant % 2:
        canvas.ellipse(20, 14, 2.5, 2.5, (246, 190, 210))
    return canvas


def flower_box(variant: int) -> Canvas:
    """A planter of flowers against a facade (blocks walking)."""
    canvas = Canvas(SIZE, SIZE)
    rng = seeded_rng("flower_box", variant)
    canvas.box(3, 14, 26, 12, palette.WOOD)
    canvas.ellipse(16, 13, 13, 6, palette.LEAF)
    for _ in range(8):
        colour = palette.FLOWER_COLOURS[int(rng.integers(0, len(palette.FLOWER_COLOURS)))]
        canvas.ellipse(5 + int(rng.integers(0, 22)), 9 + int(rng.integers(0, 7)), 1.8, 1.8, colour)
    return canvas
