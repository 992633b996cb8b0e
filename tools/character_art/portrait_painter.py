"""Paints a resident's 64 x 64 portrait: head and shoulders facing front on a soft round badge.

The head uses the same head-space hairstyles as the sprite, drawn at twice the size, with a more
detailed face: eyebrows, eyes with irises and glints, nose, mouth, ears, age lines.
"""

from __future__ import annotations

import numpy as np

from tools.character_art.appearance import Appearance, FacialHair, Headwear
from tools.character_art.canvas import Canvas, edge_right_bottom, shifted
from tools.character_art.facing import PORTRAIT_SIZE, Facing
from tools.character_art.geometry import HeadBox, disc, head_space, rect_mask
from tools.character_art.head_shapes import facial_hair_mask, hair_masks, headwear_masks, skull_mask
from tools.character_art.palette import (
    BLUSH,
    EYE_DARK,
    EYE_WHITE,
    GLASSES_FRAME,
    GLASSES_LENS,
    MOUTH,
    RGB,
    Ramp,
    blend,
    scale,
)
from tools.character_art.portrait_bust import draw_bust, draw_neck

PORTRAIT_HEAD = HeadBox(center_x=32.0, center_y=28.0, half_width=13.5, half_height=14.0)
BADGE_RADIUS = 31.0
EYE_ROW = 29
EYE_COLUMNS = (25, 36)  # left column of each 3-px-wide eye


def paint_portrait(look: Appearance) -> Canvas:
    figure = Canvas(PORTRAIT_SIZE, PORTRAIT_SIZE)
    u, v = head_space(PORTRAIT_HEAD, PORTRAIT_SIZE, PORTRAIT_SIZE)
    masks = hair_masks(u, v, look.hair_shape, Facing.DOWN)
    if masks.behind.any():
        figure.paint(masks.behind, look.hair)
    draw_neck(figure, look)
    draw_bust(figure, look)
    _draw_head(figure, look, u, v)
    figure.add_outline()
    badge = _badge(look.portrait_background)
    inside = _badge_mask()
    covered = inside & figure.opaque
    badge.pixels[covered] = figure.pixels[covered]
    return badge


def _badge_mask() -> np.ndarray:
    ys, xs = np.mgrid[0:PORTRAIT_SIZE, 0:PORTRAIT_SIZE].astype(float)
    return (xs + 0.5 - 32.0) ** 2 + (ys + 0.5 - 32.0) ** 2 <= BADGE_RADIUS ** 2


def _badge(color: RGB) -> Canvas:
    """A round badge in ``color``, lighter towards the upper left, with a darker rim."""
    badge = Canvas(PORTRAIT_SIZE, PORTRAIT_SIZE)
    ys, xs = np.mgrid[0:PORTRAIT_SIZE, 0:PORTRAIT_SIZE].astype(float)
    distance = np.hypot(xs + 0.5 - 32.0, ys + 0.5 - 32.0)
    glow = np.hypot(xs + 0.5 - 24.0, ys + 0.5 - 20.0)
    inside = distance <= BADGE_RADIUS
    for band, amount in ((glow < 99.0, 0.0), (glow < 30.0, 0.1), (glow < 18.0, 0.2)):
        badge.fill(inside & band, blend(scale(color, 0.93), (255, 255, 255), amount))
    rim = inside & (distance > BADGE_RADIUS - 1.5)
    badge.fill(rim, blend(scale(color, 0.7), (60, 40, 80), 0.2))
    return badge


def _draw_head(canvas: Canvas, look: Appearance, u: np.ndarray, v: np.ndarray) -> None:
    skull = skull_mask(u, v)
    masks = hair_masks(u, v, look.hair_shape, Facing.DOWN)
    ears = (disc(u, v, -1.02, 0.22, 0.2) | disc(u, v, 1.02, 0.22, 0.2)) & ~skull
    canvas.paint(ears, look.skin, highlight=False)
    canvas.paint(skull, look.skin)
    canvas.fill(skull & (u > 0.72) & (v > -0.3), look.skin.shadow)
    canvas.fill(skull & (v > 0.8) & (np.abs(u) < 0.6), blend(look.skin.base, look.skin.shadow, 0.5))
    _draw_face(canvas, look, u, v)
    beard = facial_hair_mask(u, v, look.facial_hair, Facing.DOWN)
    if look.facial_hair == FacialHair.STUBBLE:
        canvas.fill(beard, blend(look.skin.shadow, look.beard.base, 0.3))
    elif beard.any():
        _paint_hair(canvas, beard, look.beard, u, v)
        if look.facial_hair != FacialHair.MUSTACHE:
            canvas.fill(rect_mask(PORTRAIT_SIZE, PORTRAIT_SIZE, 30, 38, 33, 38), look.beard.deep)
    if masks.blob.any():
        _paint_hair(canvas, masks.blob, look.hair, u, v)
    under_fringe = skull & ~masks.main & shifted(masks.main, 0, 1)
    _paint_hair(canvas, masks.main, look.hair, u, v)
    canvas.fill(under_fringe, look.skin.shadow)
    if look.glasses:
        _draw_glasses(canvas)
    if look.headwear != Headwear.NONE:
        wear = headwear_masks(u, v, look.headwear, look.hair_shape, Facing.DOWN)
        tone = look.headwear_color or look.hair
        canvas.paint(wear.main, tone)
        canvas.paint(wear.dark, Ramp(tone.base, tone.shadow, tone.deep, tone.deep))
        canvas.paint(wear.lens, Ramp(EYE_WHITE, GLASSES_LENS, blend(GLASSES_LENS, GLASSES_FRAME, 0.4),
                                     GLASSES_FRAME))


def _paint_hair(canvas: Canvas, mask: np.ndarray, tones: Ramp, u: np.ndarray, v: np.ndarray) -> None:
    """Hair with strand lines and a shine arc on the upper left."""
    canvas.paint(mask, tones)
    strands = mask & (np.sin(u * 15.0 + v * 2.0) > 0.82) & (v > -0.7)
    canvas.fill(strands & ~edge_right_bottom(mask), tones.shadow)
    radius = np.hypot(u + 0.1, v + 0.1)
    shine = mask & (radius > 0.78) & (radius < 0.92) & (u < -0.05) & (v < -0.35)
    canvas.fill(shine, tones.highlight)


def _draw_face(canvas: Canvas, look: Appearance, u: np.ndarray, v: np.ndarray) -> None:
    skin = look.skin
    brow = look.beard.deep if look.hair.base[0] > 200 else look.hair.shadow
    for left, outer_side in zip(EYE_COLUMNS, (-1, 1), strict=True):
        inner = left + 1 - outer_side
        canvas.put_many(((left, EYE_ROW), (left + 1, EYE_ROW), (left + 2, EYE_ROW)), EYE_DARK)
        canvas.put(left + 1 + outer_side * 2, EYE_ROW, EYE_DARK)
        canvas.put_many(((left, EYE_ROW + 1), (left + 1, EYE_ROW + 1), (left + 2, EYE_ROW + 1)), EYE_DARK)
        canvas.put_many(((left, EYE_ROW + 2), (left + 1, EYE_ROW + 2), (left + 2, EYE_ROW + 2)),
                        blend(look.eyes, EYE_DARK, 0.15))
        canvas.put(inner, EYE_ROW + 2, EYE_WHITE if outer_side < 0 else blend(look.eyes, EYE_DARK, 0.15))
        canvas.put(left + 1 - outer_side, EYE_ROW + 1, EYE_WHITE)
        canvas.put_many(((left, EYE_ROW + 3), (left + 1, EYE_ROW + 3), (left + 2, EYE_ROW + 3)),
                        blend(skin.shadow, EYE_DARK, 0.2))
        brow_y = EYE_ROW - 3
        canvas.put_many(((left - 1 if outer_side < 0 else left, brow_y + 1), (left, brow_y),
                         (left + 1, brow_y), (left + 2, brow_y),
                         (left + 3 if outer_side > 0 else left + 2, brow_y + 1)), brow)
    cheek = blend(skin.base, BLUSH, 0.4)
    canvas.put_many(((22, 34), (23, 34), (24, 34), (39, 34), (40, 34), (41, 34)), cheek)
    canvas.put_many(((31, 35), (32, 35)), skin.shadow)
    canvas.put(32, 34, blend(skin.base, skin.shadow, 0.5))
    mouth = blend(MOUTH, skin.shadow, 0.35)
    canvas.put_many(((29, 38), (30, 39), (31, 39), (32, 39), (33, 39), (34, 38)), mouth)
    canvas.put_many(((31, 40), (32, 40)), blend(skin.base, BLUSH, 0.25))
    if look.freckles:
        canvas.put_many(((24, 36), (26, 35), (22, 36), (37, 35), (39, 36), (41, 36)), skin.shadow)
    if look.wrinkles:
        line = blend(skin.base, skin.deep, 0.45)
        canvas.put_many(((25, 33), (26, 33), (37, 33), (38, 33), (27, 37), (36, 37), (28, 22), (29, 22),
                         (30, 22), (33, 22), (34, 22), (35, 22)), line)


def _draw_glasses(canvas: Canvas) -> None:
    for left in EYE_COLUMNS:
        frame = rect_mask(PORTRAIT_SIZE, PORTRAIT_SIZE, left - 2, EYE_ROW - 1, left + 4, EYE_ROW + 4)
        inner = rect_mask(PORTRAIT_SIZE, PORTRAIT_SIZE, left - 1, EYE_ROW, left + 3, EYE_ROW + 3)
        rim = frame & ~inner
        for corner in ((left - 2, EYE_ROW - 1), (left + 4, EYE_ROW - 1), (left - 2, EYE_ROW + 4),
                       (left + 4, EYE_ROW + 4)):
            rim[corner[1], corner[0]] = False
        canvas.fill(rim, GLASSES_FRAME)
        canvas.put(left + 3, EYE_ROW, GLASSES_LENS)
        canvas.put(left - 1, EYE_ROW + 3, blend(GLASSES_LENS, EYE_WHITE, 0.5))
    canvas.put_many(tuple((x, EYE_ROW) for x in range(29, 35)), GLASSES_FRAME)
