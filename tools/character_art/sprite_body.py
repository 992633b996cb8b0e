"""The body of a 32 x 32 sprite frame: legs, torso, arms, outerwear and the torso trinket.

Coordinates are pixels of one frame. The standing figure's torso spans rows 16-23, the legs rows
24-29 (feet at the bottom); a step moves one foot a pixel lower and lifts the other two, and the
arms swing the opposite way.
"""

from __future__ import annotations

from dataclasses import dataclass

from tools.character_art.appearance import Appearance, Build, Legwear, Outerwear, Trinket
from tools.character_art.canvas import BoolMask, Canvas, shifted
from tools.character_art.facing import FRAME_SIZE, Facing, Step
from tools.character_art.geometry import rect_mask, rounded_rect_mask, slanted_bar
from tools.character_art.palette import Ramp, blend, ramp

TORSO_TOP = 16
TORSO_BOTTOM = 23
HIP_ROW = 24
FOOT_ROW = 29
PAINT_DOTS = (ramp("#d8483c"), ramp("#f0c33c"), ramp("#3c82d8"))


@dataclass(frozen=True)
class Torso:
    """The torso's columns in a frame (inclusive)."""

    left: int
    right: int

    @property
    def middle(self) -> float:
        return (self.left + self.right) / 2


def torso_for(build: Build, facing: Facing) -> Torso:
    half = {Build.SLIM: 4, Build.REGULAR: 5, Build.STOCKY: 6}[build]
    if facing == Facing.LEFT:
        half -= 1
    return Torso(left=16 - half, right=15 + half)


def _mask(left: int, top: int, right: int, bottom: int) -> BoolMask:
    return rect_mask(FRAME_SIZE, FRAME_SIZE, left, top, right, bottom)


def _sleeve_tone(look: Appearance) -> Ramp:
    clothes = look.clothes
    if clothes.outer is not None and clothes.outerwear in (Outerwear.OPEN_JACKET, Outerwear.LAB_COAT):
        return clothes.outer
    return clothes.shirt


def _draw_leg(canvas: Canvas, look: Appearance, hip_x: int, foot_x: int, foot_bottom: int,
              far: bool, side_view: bool) -> None:
    """One leg from the hip row down to a shoe whose bottom row is ``foot_bottom``."""
    clothes = look.clothes
    shoe_top = foot_bottom - 1
    leg = slanted_bar(FRAME_SIZE, FRAME_SIZE, (hip_x, HIP_ROW), (foot_x, shoe_top - 1), 3)
    skin_from = {Legwear.TROUSERS: 99, Legwear.SHORTS: HIP_ROW + 2, Legwear.SKIRT: HIP_ROW}[clothes.legwear]
    cloth = leg.copy()
    cloth[skin_from:, :] = False
    bare = leg & ~cloth
    cloth_tone = _dimmed(clothes.legs) if far else clothes.legs
    skin_tone = _dimmed(look.skin) if far else look.skin
    canvas.paint(cloth, cloth_tone)
    canvas.paint(bare, skin_tone, highlight=False)
    shoe_left = foot_x - 1 if side_view else foot_x
    shoe = _mask(shoe_left, shoe_top, foot_x + 2, foot_bottom)
    canvas.paint(shoe, _dimmed(clothes.shoes) if far else clothes.shoes)


def _dimmed(tones: Ramp) -> Ramp:
    return Ramp(highlight=tones.base, base=tones.shadow, shadow=tones.deep, deep=tones.deep)


def draw_legs(canvas: Canvas, look: Appearance, facing: Facing, step: Step) -> None:
    torso = torso_for(look.build, facing)
    if facing == Facing.LEFT:
        hip = round(torso.middle) - 1
        forward, back = (hip - 3, hip + 3)
        near_foot, far_foot = {Step.STANDING: (hip, hip + 1), Step.FIRST_FOOT: (forward, back),
                               Step.SECOND_FOOT: (back, forward)}[step]
        far_bottom = FOOT_ROW - (1 if step == Step.FIRST_FOOT else 0)
        near_bottom = FOOT_ROW - (1 if step == Step.SECOND_FOOT else 0)
        _draw_leg(canvas, look, hip + 1, far_foot, far_bottom, far=True, side_view=True)
        _draw_leg(canvas, look, hip, near_foot, near_bottom, far=False, side_view=True)
    else:
        left_x, right_x = torso.left + 1, torso.right - 3
        left_bottom, right_bottom = {Step.STANDING: (FOOT_ROW, FOOT_ROW),
                                     Step.FIRST_FOOT: (FOOT_ROW + 1, FOOT_ROW - 2),
                                     Step.SECOND_FOOT: (FOOT_ROW - 2, FOOT_ROW + 1)}[step]
        _draw_leg(canvas, look, left_x, left_x, left_bottom, far=False, side_view=False)
        _draw_leg(canvas, look, right_x, right_x, right_bottom, far=False, side_view=False)
        hips = _mask(torso.left + 1, HIP_ROW, torso.right - 1, HIP_ROW)
        if look.clothes.legwear != Legwear.SKIRT:
            canvas.paint(hips, look.clothes.legs, highlight=False)
    if look.clothes.legwear == Legwear.SKIRT:
        _draw_skirt(canvas, look, facing, torso)


def _draw_skirt(canvas: Canvas, look: Appearance, facing: Facing, torso: Torso) -> None:
    skirt = canvas.empty_mask()
    for row, flare in ((TORSO_BOTTOM, 0), (HIP_ROW, 0), (HIP_ROW + 1, 1), (HIP_ROW + 2, 1)):
        back_flare = 1 if facing == Facing.LEFT else flare
        skirt[row, torso.left - flare:torso.right + 1 + back_flare] = True
    canvas.paint(skirt, look.clothes.legs)
    hem = skirt.copy()
    hem[:HIP_ROW + 2, :] = False
    canvas.fill(hem, look.clothes.legs.shadow)


def draw_torso(canvas: Canvas, look: Appearance, facing: Facing) -> None:
    clothes = look.clothes
    torso = torso_for(look.build, facing)
    body = rounded_rect_mask(FRAME_SIZE, FRAME_SIZE, torso.left, TORSO_TOP, torso.right, TORSO_BOTTOM, 1)
    outer = clothes.outer or clothes.shirt
    wear = clothes.outerwear
    covered_by_outer = wear in (Outerwear.OPEN_JACKET, Outerwear.LAB_COAT, Outerwear.VEST)
    canvas.paint(body, outer if covered_by_outer else clothes.shirt)
    if wear == Outerwear.LAB_COAT:
        tails = _mask(torso.left, TORSO_BOTTOM, torso.right, HIP_ROW + 2)
        if facing == Facing.DOWN:
            tails &= ~_mask(torso.left + 3, HIP_ROW, torso.right - 3, HIP_ROW + 2)
        canvas.paint(tails, outer)
    mid = int(torso.middle)
    if facing == Facing.DOWN:
        if covered_by_outer:
            placket = _mask(mid, TORSO_TOP, mid + 1, TORSO_BOTTOM) | _mask(mid - 1, TORSO_TOP, mid + 2, TORSO_TOP + 1)
            canvas.paint(placket, clothes.shirt, highlight=False)
        elif wear in (Outerwear.APRON, Outerwear.OVERALLS):
            tone = outer if wear == Outerwear.APRON else clothes.legs
            bib_top = TORSO_TOP + 3 if wear == Outerwear.APRON else TORSO_TOP + 4
            bib = _mask(mid - 2, bib_top, mid + 3, TORSO_BOTTOM)
            straps = _mask(mid - 2, TORSO_TOP, mid - 2, bib_top) | _mask(mid + 3, TORSO_TOP, mid + 3, bib_top)
            canvas.paint(bib | straps, tone)
            if wear == Outerwear.OVERALLS:
                canvas.put_many(((mid - 2, bib_top), (mid + 3, bib_top)), (236, 200, 90))
        elif wear == Outerwear.HOODIE:
            canvas.fill(_mask(torso.left + 1, TORSO_TOP, torso.right - 1, TORSO_TOP), clothes.shirt.shadow)
            canvas.put_many(((mid - 1, TORSO_TOP + 1), (mid - 1, TORSO_TOP + 2), (mid + 2, TORSO_TOP + 1),
                             (mid + 2, TORSO_TOP + 2)), clothes.shirt.highlight)
            canvas.fill(_mask(mid - 2, TORSO_BOTTOM - 2, mid + 3, TORSO_BOTTOM - 2), clothes.shirt.shadow)
    elif facing == Facing.LEFT:
        if covered_by_outer:
            canvas.paint(_mask(torso.left, TORSO_TOP + 1, torso.left + 1, TORSO_BOTTOM - 1), clothes.shirt,
                         highlight=False)
        elif wear in (Outerwear.APRON, Outerwear.OVERALLS):
            tone = outer if wear == Outerwear.APRON else clothes.legs
            bottom = HIP_ROW + 2 if wear == Outerwear.APRON else TORSO_BOTTOM
            front = _mask(torso.left - 1, TORSO_TOP + 3, torso.left, bottom)
            canvas.paint(front, tone)
            if wear == Outerwear.APRON:
                canvas.put_many(((torso.right + 1, TORSO_BOTTOM - 2), (torso.right + 1, TORSO_BOTTOM - 1)),
                                outer.base)
        elif wear == Outerwear.HOODIE:
            canvas.paint(_mask(torso.right - 2, TORSO_TOP - 2, torso.right, TORSO_TOP + 2), _dimmed(clothes.shirt))
    else:
        if wear == Outerwear.APRON:
            canvas.fill(_mask(torso.left, TORSO_BOTTOM - 2, torso.right, TORSO_BOTTOM - 2), outer.shadow)
            canvas.paint(_mask(mid - 1, TORSO_BOTTOM - 3, mid + 2, TORSO_BOTTOM - 1), outer)
        elif wear == Outerwear.OVERALLS:
            cross = slanted_bar(FRAME_SIZE, FRAME_SIZE, (torso.left + 2, TORSO_TOP), (mid, TORSO_BOTTOM - 2), 1)
            cross |= slanted_bar(FRAME_SIZE, FRAME_SIZE, (torso.right - 2, TORSO_TOP), (mid + 1, TORSO_BOTTOM - 2), 1)
            canvas.fill(cross, clothes.legs.base)
            canvas.paint(_mask(torso.left + 1, TORSO_BOTTOM - 1, torso.right - 1, TORSO_BOTTOM), clothes.legs)
        elif wear == Outerwear.HOODIE:
            canvas.paint(rounded_rect_mask(FRAME_SIZE, FRAME_SIZE, mid - 3, TORSO_TOP - 1, mid + 4, TORSO_TOP + 3, 1),
                         _dimmed(clothes.shirt))
    _draw_trinket(canvas, look, facing, torso)


def _draw_trinket(canvas: Canvas, look: Appearance, facing: Facing, torso: Torso) -> None:
    clothes = look.clothes
    tone = clothes.trinket_color or ramp("#404048")
    mid = int(torso.middle)
    top = TORSO_TOP
    match clothes.trinket:
        case Trinket.CAMERA:
            strap = slanted_bar(FRAME_SIZE, FRAME_SIZE, (torso.left + 1, top), (torso.right - 1, TORSO_BOTTOM), 1)
            if facing == Facing.LEFT:
                strap = _mask(mid, top, mid, top + 3)
            canvas.fill(strap, tone.deep)
            if facing == Facing.DOWN:
                canvas.paint(_mask(mid - 1, top + 3, mid + 2, top + 5), tone)
                canvas.put(mid, top + 4, (150, 200, 230))
                canvas.put(mid + 1, top + 4, tone.deep)
            elif facing == Facing.LEFT:
                canvas.paint(_mask(torso.left - 1, top + 3, torso.left + 1, top + 5), tone)
                canvas.put(torso.left - 1, top + 4, (150, 200, 230))
        case Trinket.TIE if facing != Facing.UP:
            if facing == Facing.DOWN:
                canvas.paint(_mask(mid, top, mid + 1, top + 5), tone, highlight=False)
                canvas.put_many(((mid, top + 6), (mid + 1, top + 6)), tone.shadow)
            else:
                canvas.fill(_mask(torso.left, top + 1, torso.left, top + 4), tone.base)
        case Trinket.BOW_TIE if facing != Facing.UP:
            if facing == Facing.DOWN:
                canvas.fill(_mask(mid - 1, top, mid + 2, top + 1), tone.base)
                canvas.put_many(((mid, top), (mid + 1, top + 1)), tone.shadow)
            else:
                canvas.fill(_mask(torso.left - 1, top, torso.left, top + 1), tone.base)
        case Trinket.SCARF:
            canvas.paint(_mask(torso.left + 1, top - 1, torso.right - 1, top + 1), tone)
            tail_x = torso.right - 1 if facing == Facing.LEFT else mid + 2
            canvas.paint(_mask(tail_x, top + 2, tail_x + 1, top + 5), tone, highlight=False)
            canvas.fill(_mask(tail_x, top + 5, tail_x + 1, top + 5), tone.deep)
        case Trinket.BACKPACK:
            if facing == Facing.DOWN:
                canvas.fill(_mask(torso.left + 1, top, torso.left + 1, top + 5)
                            | _mask(torso.right - 1, top, torso.right - 1, top + 5), tone.shadow)
            elif facing == Facing.LEFT:
                pack = rounded_rect_mask(FRAME_SIZE, FRAME_SIZE, torso.right - 1, top, torso.right + 2, top + 6, 1)
                canvas.paint(pack, tone)
                canvas.fill(_mask(torso.left + 2, top, torso.left + 2, top + 4), tone.shadow)
            else:
                pack = rounded_rect_mask(FRAME_SIZE, FRAME_SIZE, torso.left + 1, top + 1, torso.right - 1,
                                         TORSO_BOTTOM, 1)
                canvas.paint(pack, tone)
                canvas.fill(_mask(torso.left + 1, top + 3, torso.right - 1, top + 3), tone.deep)
                canvas.put(mid, top + 4, (230, 200, 100))
        case Trinket.PAINT_SPLATTER if facing != Facing.UP:
            spots = ((mid - 2, top + 3), (mid + 2, top + 5), (mid - 1, top + 6), (mid + 3, top + 2))
            for index, (x, y) in enumerate(spots):
                if facing == Facing.LEFT:
                    x -= 1
                canvas.put(x, y, PAINT_DOTS[index % len(PAINT_DOTS)].base)
        case Trinket.CAMPAIGN_PIN if facing == Facing.DOWN:
            canvas.put_many(((mid + 2, top + 2), (mid + 3, top + 2)), tone.base)
            canvas.put_many(((mid + 2, top + 3), (mid + 3, top + 3)), (240, 240, 240))
        case Trinket.PATTERN_DOTS:
            for y in range(top + 1, TORSO_BOTTOM):
                for x in range(torso.left + 1, torso.right):
                    if y % 2 == 0 and (x + y // 2 * 2) % 4 == 0 and canvas.opaque[y, x]:
                        canvas.put(x, y, tone.base)
        case Trinket.NECKLACE if facing == Facing.DOWN:
            canvas.put_many(((mid - 1, top + 1), (mid + 2, top + 1), (mid, top + 2), (mid + 1, top + 2)), tone.base)
        case _:
            pass


def draw_arms(canvas: Canvas, look: Appearance, facing: Facing, step: Step) -> None:
    """Both arms seen from the front or back, or the near arm seen from the side."""
    sleeve = _sleeve_tone(look)
    long_sleeves = look.clothes.long_sleeves or look.clothes.outerwear in (Outerwear.OPEN_JACKET,
                                                                          Outerwear.LAB_COAT)
    torso = torso_for(look.build, facing)
    if facing == Facing.LEFT:
        shoulder = round(torso.middle) - 1
        hand_x = {Step.STANDING: shoulder, Step.FIRST_FOOT: shoulder + 3, Step.SECOND_FOOT: shoulder - 3}[step]
        arm = slanted_bar(FRAME_SIZE, FRAME_SIZE, (shoulder, TORSO_TOP + 1), (hand_x, TORSO_BOTTOM - 1), 2)
        seam = (shifted(arm, 1, 0) | shifted(arm, -1, 0) | shifted(arm, 0, 1)) & ~arm & canvas.opaque
        seam[:TORSO_TOP + 2, :] = False
        canvas.fill(seam, sleeve.deep)
        _paint_arm(canvas, look, arm, sleeve, long_sleeves)
        return
    swing = {Step.STANDING: (0, 0), Step.FIRST_FOOT: (-1, 1), Step.SECOND_FOOT: (1, -1)}[step]
    for column, offset in ((torso.left - 2, swing[0]), (torso.right + 1, swing[1])):
        arm = _mask(column, TORSO_TOP + 1, column + 1, TORSO_BOTTOM + offset)
        _paint_arm(canvas, look, arm, sleeve, long_sleeves)


def _paint_arm(canvas: Canvas, look: Appearance, arm: BoolMask, sleeve: Ramp, long_sleeves: bool) -> None:
    rows = [y for y in range(FRAME_SIZE) if arm[y].any()]
    hand_from = rows[-2] if long_sleeves else rows[0] + 2
    fabric = arm.copy()
    fabric[hand_from:, :] = False
    skin = arm & ~fabric
    canvas.paint(fabric, sleeve)
    canvas.paint(skin, look.skin, highlight=False)
    if long_sleeves:
        cuff = fabric.copy()
        cuff[:hand_from - 1, :] = False
        canvas.fill(cuff, blend(sleeve.shadow, sleeve.base, 0.3))
