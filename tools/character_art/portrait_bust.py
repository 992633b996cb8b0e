"""The shoulders of a 64 x 64 portrait: neck, shirt, outerwear collar and the trinket.

The bust spans rows 45-63 (cut off by the frame); the neck rises from it to the chin.
"""

from __future__ import annotations

import numpy as np

from tools.character_art.appearance import Appearance, Outerwear, Trinket
from tools.character_art.canvas import BoolMask, Canvas
from tools.character_art.facing import PORTRAIT_SIZE
from tools.character_art.geometry import rect_mask
from tools.character_art.palette import Ramp, ramp

SHOULDER_TOP = 46
NECK_LEFT, NECK_RIGHT = 28, 35
PAINT_DOTS = (ramp("#d8483c"), ramp("#f0c33c"), ramp("#3c82d8"))


def _grid() -> tuple[np.ndarray, np.ndarray]:
    ys, xs = np.mgrid[0:PORTRAIT_SIZE, 0:PORTRAIT_SIZE].astype(float)
    return xs + 0.5, ys + 0.5


def shoulders_mask(half_width: float) -> BoolMask:
    """A rounded-top trapezoid: the upper body below the neck."""
    xs, ys = _grid()
    depth = np.clip(ys - SHOULDER_TOP, 0.0, None)
    width = half_width - 7.0 + np.minimum(depth, 7.0) + 0.15 * depth
    return (ys >= SHOULDER_TOP) & (np.abs(xs - 32.0) <= width + 0.0)


def _v_neck(top: float, depth: float, half_width: float) -> BoolMask:
    """A V opening: ``half_width`` wide at row ``top``, closing at ``top + depth``."""
    xs, ys = _grid()
    allowed = half_width * (1.0 - (ys - top) / depth)
    return (ys >= top) & (np.abs(xs - 32.0) <= allowed)


def _shade_body(canvas: Canvas, mask: BoolMask, tones: Ramp) -> None:
    xs, ys = _grid()
    canvas.paint(mask, tones)
    canvas.fill(mask & (xs > 44.0) & (ys > SHOULDER_TOP + 1), tones.shadow)
    canvas.fill(mask & (xs < 20.0) & (ys < SHOULDER_TOP + 4) & (ys > SHOULDER_TOP), tones.highlight)


def draw_neck(canvas: Canvas, look: Appearance) -> None:
    neck = rect_mask(PORTRAIT_SIZE, PORTRAIT_SIZE, NECK_LEFT, 36, NECK_RIGHT, SHOULDER_TOP + 3)
    canvas.paint(neck, look.skin, highlight=False)
    canvas.fill(rect_mask(PORTRAIT_SIZE, PORTRAIT_SIZE, NECK_LEFT, 36, NECK_RIGHT, 42), look.skin.shadow)


def draw_bust(canvas: Canvas, look: Appearance) -> None:
    clothes = look.clothes
    half_width = {"slim": 19.0, "regular": 21.0, "stocky": 23.0}[look.build.value]
    body = shoulders_mask(half_width)
    wear = clothes.outerwear
    outer = clothes.outer or clothes.shirt
    open_front = wear in (Outerwear.OPEN_JACKET, Outerwear.LAB_COAT, Outerwear.VEST)
    _shade_body(canvas, body, outer if open_front else clothes.shirt)
    collar = _v_neck(SHOULDER_TOP - 1, 6.0, 4.5) & body
    if open_front:
        shirt_front = _v_neck(SHOULDER_TOP - 1, 30.0, 6.5) & body
        canvas.paint(shirt_front, clothes.shirt, highlight=False)
        lapel_edge = shirt_front & ~_v_neck(SHOULDER_TOP - 1, 30.0, 5.5)
        canvas.fill(lapel_edge, outer.deep)
        canvas.fill(collar, look.skin.shadow)
    elif wear == Outerwear.HOODIE:
        hood = shoulders_mask(half_width - 3.0) & ~shoulders_mask(half_width - 6.0)
        hood &= rect_mask(PORTRAIT_SIZE, PORTRAIT_SIZE, 0, 0, 63, SHOULDER_TOP + 3)
        canvas.fill(hood, clothes.shirt.shadow)
        canvas.fill(collar, look.skin.shadow)
        for x in (29, 34):
            canvas.fill(rect_mask(PORTRAIT_SIZE, PORTRAIT_SIZE, x, SHOULDER_TOP + 4, x, SHOULDER_TOP + 10),
                        clothes.shirt.highlight)
    else:
        canvas.fill(collar, look.skin.shadow)
        canvas.fill(collar & ~_v_neck(SHOULDER_TOP - 1, 5.0, 3.0), look.skin.base)
    if wear in (Outerwear.APRON, Outerwear.OVERALLS):
        tone = outer if wear == Outerwear.APRON else clothes.legs
        bib = rect_mask(PORTRAIT_SIZE, PORTRAIT_SIZE, 24, SHOULDER_TOP + 9, 39, 63)
        straps = (rect_mask(PORTRAIT_SIZE, PORTRAIT_SIZE, 22, SHOULDER_TOP, 24, SHOULDER_TOP + 9)
                  | rect_mask(PORTRAIT_SIZE, PORTRAIT_SIZE, 39, SHOULDER_TOP, 41, SHOULDER_TOP + 9))
        canvas.paint((bib | straps) & body, tone)
        if wear == Outerwear.OVERALLS:
            canvas.put_many(((23, SHOULDER_TOP + 8), (40, SHOULDER_TOP + 8)), (236, 200, 90))
    _draw_trinket(canvas, look, body)


def _draw_trinket(canvas: Canvas, look: Appearance, body: BoolMask) -> None:
    clothes = look.clothes
    tone = clothes.trinket_color or ramp("#404048")
    top = SHOULDER_TOP
    match clothes.trinket:
        case Trinket.CAMERA:
            xs, ys = _grid()
            strap = body & (np.abs((xs - 14.0) - (ys - top) * 0.9) < 1.0)
            canvas.fill(strap, tone.deep)
            canvas.paint(rect_mask(PORTRAIT_SIZE, PORTRAIT_SIZE, 27, top + 9, 38, top + 16), tone)
            canvas.fill(rect_mask(PORTRAIT_SIZE, PORTRAIT_SIZE, 35, top + 7, 37, top + 8), tone.shadow)
            lens = (xs - 32.0) ** 2 + (ys - (top + 12.5)) ** 2
            canvas.fill(lens <= 6.5, tone.deep)
            canvas.fill(lens <= 2.5, (150, 200, 230))
            canvas.put(31, top + 11, (235, 245, 250))
        case Trinket.TIE:
            xs, ys = _grid()
            knot = rect_mask(PORTRAIT_SIZE, PORTRAIT_SIZE, 30, top, 33, top + 2)
            blade = (ys > top + 2) & (np.abs(xs - 32.0) <= 1.5 + (ys - top - 2) * 0.18) & (ys < 64)
            canvas.paint(knot | blade, tone)
        case Trinket.BOW_TIE:
            xs, ys = _grid()
            bow = (np.abs(ys - (top + 1.5)) <= 1.0 + np.abs(xs - 32.0) * 0.35) & (np.abs(xs - 32.0) <= 5.0)
            canvas.paint(bow, tone)
            canvas.fill(rect_mask(PORTRAIT_SIZE, PORTRAIT_SIZE, 31, top, 32, top + 2), tone.shadow)
        case Trinket.SCARF:
            band = rect_mask(PORTRAIT_SIZE, PORTRAIT_SIZE, 22, top - 3, 41, top + 2) & (
                shoulders_mask(30.0) | rect_mask(PORTRAIT_SIZE, PORTRAIT_SIZE, 24, top - 3, 39, top))
            canvas.paint(band, tone)
            canvas.paint(rect_mask(PORTRAIT_SIZE, PORTRAIT_SIZE, 34, top + 3, 38, 63), tone)
            for y in range(top + 5, 64, 3):
                canvas.fill(rect_mask(PORTRAIT_SIZE, PORTRAIT_SIZE, 34, y, 38, y), tone.shadow)
        case Trinket.BACKPACK:
            for x in (16, 45):
                canvas.paint(rect_mask(PORTRAIT_SIZE, PORTRAIT_SIZE, x, top + 1, x + 2, 63) & body, tone)
        case Trinket.PAINT_SPLATTER:
            spots = ((22, 55), (40, 52), (27, 60), (45, 59), (35, 57))
            for index, (x, y) in enumerate(spots):
                dot = PAINT_DOTS[index % len(PAINT_DOTS)]
                canvas.put_many(((x, y), (x + 1, y), (x, y + 1)), dot.base)
                canvas.put(x + 1, y + 1, dot.shadow)
        case Trinket.CAMPAIGN_PIN:
            xs, ys = _grid()
            pin = (xs - 41.0) ** 2 + (ys - (top + 9.0)) ** 2
            canvas.fill(pin <= 9.0, tone.base)
            canvas.fill(pin <= 3.5, (240, 240, 240))
            canvas.fill(pin <= 1.0, (52, 84, 160))
        case Trinket.PATTERN_DOTS:
            xs, ys = _grid()
            dots = body & ((xs.astype(int) + (ys.astype(int) // 4) * 3) % 6 == 0) & (ys.astype(int) % 4 == 1)
            dots &= canvas.pixels[:, :, 3] > 0
            canvas.fill(dots, tone.base)
            canvas.fill(dots & (xs > 44.0), tone.shadow)
        case Trinket.NECKLACE:
            xs, ys = _grid()
            curve = top + 4.0 * (1.0 - ((xs - 32.0) / 6.5) ** 2)
            chain = (np.abs(ys - curve) < 0.7) & (np.abs(xs - 32.0) < 6.5)
            canvas.fill(chain, tone.base)
            canvas.fill(rect_mask(PORTRAIT_SIZE, PORTRAIT_SIZE, 31, top + 4, 32, top + 5), tone.highlight)
        case _:
            pass
