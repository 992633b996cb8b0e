"""The head of a 32 x 32 sprite frame: skull, face, hair, headwear, beard and glasses.

The head is about 14 x 13 px (rows 4-16), centred on the frame. The front view has two eyes, blush
and a small mouth; the profile looks left with one eye and a nose; the back view is all hair.
"""

from __future__ import annotations

import numpy as np

from tools.character_art.appearance import Appearance, FacialHair, Headwear
from tools.character_art.canvas import Canvas, edge_right_bottom
from tools.character_art.facing import FRAME_SIZE, Facing
from tools.character_art.geometry import HeadBox, head_space
from tools.character_art.head_shapes import facial_hair_mask, hair_masks, headwear_masks, skull_mask
from tools.character_art.palette import BLUSH, EYE_DARK, EYE_WHITE, GLASSES_FRAME, GLASSES_LENS, Ramp, blend

SPRITE_HEAD = HeadBox(center_x=16.0, center_y=10.5, half_width=7.0, half_height=6.5)


def _grids(facing: Facing, bob: int) -> tuple[np.ndarray, np.ndarray]:
    box = HeadBox(SPRITE_HEAD.center_x, SPRITE_HEAD.center_y + bob, SPRITE_HEAD.half_width,
                  SPRITE_HEAD.half_height)
    return head_space(box, FRAME_SIZE, FRAME_SIZE)


def draw_hair_behind(canvas: Canvas, look: Appearance, facing: Facing, bob: int = 0) -> None:
    u, v = _grids(facing, bob)
    masks = hair_masks(u, v, look.hair_shape, facing)
    if masks.behind.any():
        canvas.paint(masks.behind, look.hair)


def draw_head(canvas: Canvas, look: Appearance, facing: Facing, bob: int = 0) -> None:
    u, v = _grids(facing, bob)
    skull = skull_mask(u, v)
    masks = hair_masks(u, v, look.hair_shape, facing)
    canvas.paint(skull, look.skin)
    if facing != Facing.UP:
        _draw_face(canvas, look, facing, bob)
        beard = facial_hair_mask(u, v, look.facial_hair, facing)
        if look.facial_hair == FacialHair.STUBBLE:
            canvas.fill(beard, blend(look.skin.shadow, look.beard.base, 0.3))
        elif beard.any():
            canvas.paint(beard, look.beard, highlight=False)
            mouth_y = 14 + bob
            if facing == Facing.DOWN and look.facial_hair != FacialHair.MUSTACHE:
                canvas.put_many(((15, mouth_y), (16, mouth_y)), look.beard.deep)
    behind_blob = facing == Facing.DOWN
    if masks.blob.any() and behind_blob:
        canvas.paint(masks.blob, look.hair)
    canvas.paint(masks.main, look.hair)
    shine = masks.main & (v > -1.0) & (v < -0.62) & (u > -0.75) & (u < -0.2)
    canvas.fill(shine & ~edge_right_bottom(masks.main), look.hair.highlight)
    if masks.blob.any() and not behind_blob:
        canvas.paint(masks.blob, look.hair)
    if masks.ears.any():
        canvas.paint(masks.ears, look.skin, highlight=False)
    if facing != Facing.UP and look.glasses:
        _draw_glasses(canvas, facing, bob)
    if look.headwear != Headwear.NONE:
        wear = headwear_masks(u, v, look.headwear, look.hair_shape, facing)
        tone = look.headwear_color or look.hair
        canvas.paint(wear.main, tone)
        canvas.paint(wear.dark, Ramp(tone.base, tone.shadow, tone.deep, tone.deep))
        canvas.fill(wear.lens, GLASSES_LENS)


def _draw_face(canvas: Canvas, look: Appearance, facing: Facing, bob: int) -> None:
    eye_top = 11 + bob
    if facing == Facing.DOWN:
        for x, glint_x in ((12, 13), (19, 18)):
            canvas.put_many(((x, eye_top), (glint_x, eye_top + 1)), EYE_DARK)
            canvas.put(x, eye_top + 1, blend(look.eyes, EYE_DARK, 0.3))
            canvas.put(glint_x, eye_top, EYE_WHITE)
        cheek = blend(look.skin.base, BLUSH, 0.45)
        canvas.put_many(((11, eye_top + 2), (20, eye_top + 2)), cheek)
        canvas.put_many(((15, eye_top + 3), (16, eye_top + 3)), blend(look.skin.shadow, (150, 70, 70), 0.35))
        if look.freckles:
            canvas.put_many(((13, eye_top + 2), (18, eye_top + 2)), look.skin.shadow)
        return
    canvas.put(11, eye_top, EYE_DARK)
    canvas.put(11, eye_top + 1, blend(look.eyes, EYE_DARK, 0.35))
    canvas.put(12, eye_top + 2, blend(look.skin.base, BLUSH, 0.45))
    canvas.put(8, eye_top + 1, look.skin.base)
    canvas.put(9, eye_top + 3, blend(look.skin.shadow, (150, 70, 70), 0.35))


def _draw_glasses(canvas: Canvas, facing: Facing, bob: int) -> None:
    """Light lenses around the eyes, a dark rim above them and a bridge between."""
    row = 11 + bob
    if facing == Facing.DOWN:
        for x in (12, 19):
            for dx in (-1, 1):
                canvas.put(x + dx, row, GLASSES_LENS)
                canvas.put(x + dx, row + 1, blend(GLASSES_LENS, GLASSES_FRAME, 0.35))
            canvas.put_many(((x - 1, row - 1), (x, row - 1), (x + 1, row - 1)), GLASSES_FRAME)
        canvas.put_many(((14, row), (15, row), (16, row), (17, row)), GLASSES_FRAME)
        return
    canvas.put_many(((10, row), (12, row)), GLASSES_LENS)
    canvas.put_many(((10, row + 1), (12, row + 1)), blend(GLASSES_LENS, GLASSES_FRAME, 0.35))
    canvas.put_many(((10, row - 1), (11, row - 1), (12, row - 1), (13, row), (14, row), (15, row)),
                    GLASSES_FRAME)
