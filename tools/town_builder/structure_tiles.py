"""Painters of what buildings and gardens are made of: wall caps, inner wall faces, outer facades
(brick, siding, plaster, with windows), doorways, fences and gates.

A wall tile shows its face when the tile below it is open (inside: the room's wall with a
baseboard; outside: the facade), and its cap seen from above otherwise; caps are outlined on the
sides whose neighbour is not wall (neighbour mask as in :mod:`terrain_tiles`).
"""

from __future__ import annotations

from tools.town_builder import palette
from tools.town_builder.canvas import Canvas, shade
from tools.town_builder.terrain_tiles import EAST, NORTH, SIZE, SOUTH, WEST, floor, seeded_rng

CAP_HEIGHT_PX = 7


def wall_cap(style_name: str, mask: int) -> Canvas:
    """The top of a wall seen from above."""
    style = palette.WALL_STYLES[style_name]
    canvas = Canvas(SIZE, SIZE)
    canvas.fill(style.cap)
    canvas.rect(0, 0, SIZE, SIZE, (255, 255, 255, 18))
    edge = shade(style.cap, 0.6)
    if not mask & NORTH:
        canvas.rect(0, 0, SIZE, 2, edge)
    if not mask & SOUTH:
        canvas.rect(0, SIZE - 2, SIZE, 2, edge)
    if not mask & WEST:
        canvas.rect(0, 0, 2, SIZE, edge)
    if not mask & EAST:
        canvas.rect(SIZE - 2, 0, 2, SIZE, edge)
    return canvas


def _cap_strip(canvas: Canvas, style: palette.WallStyle, mask: int) -> None:
    canvas.rect(0, 0, SIZE, CAP_HEIGHT_PX, style.cap)
    edge = shade(style.cap, 0.6)
    canvas.rect(0, CAP_HEIGHT_PX - 1, SIZE, 1, edge)
    if not mask & NORTH:
        canvas.rect(0, 0, SIZE, 1, edge)
    if not mask & WEST:
        canvas.rect(0, 0, 2, CAP_HEIGHT_PX, edge)
    if not mask & EAST:
        canvas.rect(SIZE - 2, 0, 2, CAP_HEIGHT_PX, edge)


def wall_inner_face(style_name: str, mask: int, decoration: int) -> Canvas:
    """A room's wall seen from inside: plaster, a baseboard and now and then a picture or window."""
    style = palette.WALL_STYLES[style_name]
    canvas = Canvas(SIZE, SIZE)
    canvas.fill(style.inner_face)
    canvas.rect(0, CAP_HEIGHT_PX, SIZE, 2, shade(style.inner_face, 0.9))
    canvas.rect(0, SIZE - 5, SIZE, 5, palette.WOOD)
    canvas.rect(0, SIZE - 5, SIZE, 1, palette.WOOD_LIGHT)
    if decoration == 1:  # window
        canvas.box(7, 10, 18, 13, palette.WHITE, bevel=False)
        canvas.rect(9, 12, 14, 9, palette.GLASS)
        canvas.rect(15, 12, 2, 9, palette.WHITE)
        canvas.rect(10, 13, 3, 2, (255, 255, 255, 170))
    elif decoration == 2:  # framed picture
        canvas.box(10, 11, 12, 10, palette.WOOD_DARK, bevel=False)
        canvas.rect(12, 13, 8, 6, (150, 196, 220))
        canvas.rect(12, 17, 8, 2, palette.GRASS)
        canvas.pixel(17, 14, palette.FABRIC_YELLOW)
    _cap_strip(canvas, style, mask)
    if not mask & WEST:
        canvas.rect(0, CAP_HEIGHT_PX, 1, SIZE - CAP_HEIGHT_PX, shade(style.inner_face, 0.8))
    if not mask & EAST:
        canvas.rect(SIZE - 1, CAP_HEIGHT_PX, 1, SIZE - CAP_HEIGHT_PX, shade(style.inner_face, 0.8))
    return canvas


def wall_outer_face(style_name: str, mask: int, window: bool) -> Canvas:
    """A building's facade seen from the street."""
    style = palette.WALL_STYLES[style_name]
    canvas = Canvas(SIZE, SIZE)
    face = style.outer_face
    canvas.fill(face)
    if style.facade_pattern == "brick":
        mortar = shade(face, 0.78)
        for row, y in enumerate(range(CAP_HEIGHT_PX, SIZE, 5)):
            canvas.rect(0, y, SIZE, 1, mortar)
            for x in range(4 if row % 2 else 0, SIZE, 8):
                canvas.rect(x, y + 1, 1, 4, mortar)
    elif style.facade_pattern == "siding":
        for y in range(CAP_HEIGHT_PX + 4, SIZE, 5):
            canvas.rect(0, y, SIZE, 1, shade(face, 0.8))
            canvas.rect(0, y + 1, SIZE, 1, shade(face, 1.08))
    else:
        canvas.speckle(seeded_rng("plaster", style_name), shade(face, 0.94), 14)
    canvas.rect(0, SIZE - 3, SIZE, 3, shade(face, 0.62))
    if window:
        canvas.box(8, 11, 16, 14, palette.WHITE, bevel=False)
        canvas.rect(10, 13, 12, 10, (120, 170, 206))
        canvas.rect(15, 13, 2, 10, palette.WHITE)
        canvas.rect(10, 17, 12, 1, palette.WHITE)
        canvas.rect(11, 14, 3, 2, (255, 255, 255, 160))
        canvas.rect(7, 25, 18, 2, shade(face, 0.7))
    _cap_strip(canvas, style, mask)
    return canvas


def doorway(floor_style: str, wall_style: str, across_horizontal_wall: bool, exterior: bool) -> Canvas:
    """An open doorway: the floor runs through, with jambs in the wall's colours and a threshold
    (a doormat at an outside door)."""
    style = palette.WALL_STYLES[wall_style]
    canvas = floor(floor_style, 0)
    jamb = shade(style.cap, 0.9)
    if across_horizontal_wall:
        canvas.rect(0, 0, 4, SIZE, jamb)
        canvas.rect(SIZE - 4, 0, 4, SIZE, jamb)
        canvas.rect(4, 0, SIZE - 8, 3, palette.WOOD_DARK)
        if exterior:
            canvas.box(7, 19, 18, 10, (150, 92, 70), bevel=False)
            canvas.rect(9, 21, 14, 1, (186, 128, 96))
            canvas.rect(9, 25, 14, 1, (186, 128, 96))
    else:
        canvas.rect(0, 0, SIZE, 4, jamb)
        canvas.rect(0, SIZE - 4, SIZE, 4, jamb)
        canvas.rect(0, 4, 3, SIZE - 8, palette.WOOD_DARK)
    return canvas


def fence(mask: int) -> Canvas:
    """A low wooden picket fence joining its fence neighbours."""
    canvas = Canvas(SIZE, SIZE)
    wood, dark = palette.FENCE_WOOD, shade(palette.FENCE_WOOD, 0.6)
    horizontal = bool(mask & (EAST | WEST)) or not mask & (NORTH | SOUTH)
    vertical = bool(mask & (NORTH | SOUTH))
    if horizontal:
        x0 = 0 if mask & WEST else 12
        x1 = SIZE if mask & EAST else 20
        for y in (12, 20):
            canvas.rect(x0, y, x1 - x0, 3, wood)
            canvas.rect(x0, y + 3, x1 - x0, 1, dark)
        for x in range(4, SIZE, 8):
            if x0 <= x < x1:
                canvas.box(x - 2, 8, 5, 18, wood, bevel=False)
                canvas.rect(x - 1, 6, 3, 2, wood)
    if vertical:
        y0 = 0 if mask & NORTH else 12
        y1 = SIZE if mask & SOUTH else 20
        canvas.rect(13, y0, 6, y1 - y0, wood)
        canvas.rect(13, y0, 1, y1 - y0, dark)
        canvas.rect(18, y0, 1, y1 - y0, dark)
        for y in range(4, SIZE, 10):
            if y0 <= y < y1:
                canvas.box(11, y, 10, 5, wood, bevel=False)
    canvas.box(12, 12, 8, 8, shade(wood, 0.9), bevel=False)
    return canvas


def gate(across_horizontal_fence: bool) -> Canvas:
    """An open garden gate: two posts and the path running through."""
    canvas = Canvas(SIZE, SIZE)
    wood = palette.FENCE_WOOD
    if across_horizontal_fence:
        canvas.box(0, 8, 5, 20, wood, bevel=False)
        canvas.box(SIZE - 5, 8, 5, 20, wood, bevel=False)
        canvas.rect(0, 5, 5, 3, shade(wood, 1.2))
        canvas.rect(SIZE - 5, 5, 5, 3, shade(wood, 1.2))
    else:
        canvas.box(10, 0, 12, 5, wood, bevel=False)
        canvas.box(10, SIZE - 5, 12, 5, wood, bevel=False)
    return canvas
