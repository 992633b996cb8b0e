"""Head-space masks shared by the sheet and portrait painters: skull, hair, headwear, facial hair.

Every function takes the (u, v) grids of :func:`geometry.head_space` and a facing: DOWN shows the
face, LEFT the profile looking to smaller u, UP the back of the head. Returned masks are boolean
arrays of the canvas size.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from tools.character_art.appearance import FacialHair, Fringe, HairBlob, HairShape, Headwear
from tools.character_art.canvas import BoolMask
from tools.character_art.facing import Facing
from tools.character_art.geometry import disc, superellipse

SKULL_POWER = 2.5
FACE_INNER_EDGE = 0.74  # long hair frames the face from here outwards (front view)


@dataclass(frozen=True)
class HairMasks:
    behind: BoolMask  # drawn before the body and head (a ponytail or bun peeking out)
    main: BoolMask    # drawn over the head
    blob: BoolMask    # a bun, ponytail or puff drawn over ``main`` with its own shading
    ears: BoolMask    # skin drawn over the hair


def skull_mask(u: np.ndarray, v: np.ndarray) -> BoolMask:
    return superellipse(u, v, SKULL_POWER)


def _hair_outline(u: np.ndarray, v: np.ndarray, shape: HairShape, back_shift: float = 0.0) -> BoolMask:
    """The silhouette of the hair mass around the skull (more volume on top than at the sides)."""
    volume = shape.volume
    hu = (u - back_shift * volume) / (1.0 + volume)
    hv = (v + 0.25 * volume) / (1.0 + 0.6 * volume)
    angle = np.arctan2(v, u)
    if shape.curly:
        bumps = 1.0 + 0.07 * np.cos(angle * 11.0)
        hu, hv = hu / bumps, hv / bumps
    elif shape.fringe == Fringe.SPIKY:
        teeth = np.abs(((angle * 7.0 / np.pi + 0.5) % 1.0) - 0.5) * 2.0  # 1 at a tip, 0 between
        spikes = 1.0 + np.where(v < 0.1, 0.14 * teeth, 0.0)
        hu, hv = hu / spikes, hv / spikes
    return superellipse(hu, hv, 2.3)


def _fringe_line(u: np.ndarray, shape: HairShape) -> np.ndarray:
    """Per pixel, the v above which the forehead is covered by hair (front view)."""
    depth = shape.fringe_depth
    match shape.fringe:
        case Fringe.SIDE_SWEPT:
            return depth - 0.42 * (1.0 - (np.clip(u, -1, 1) + 1.0) / 2.0)
        case Fringe.MIDDLE_PART:
            return depth - 0.4 * np.clip(1.0 - np.abs(u) * 1.4, 0.0, 1.0)
        case Fringe.SPIKY:
            saw = np.abs(((u * 2.2 + 10.0) % 1.0) - 0.5) * 2.0
            return depth + 0.28 * saw - 0.1
        case Fringe.CURLY:
            return depth + 0.1 * np.cos(u * 7.0)
        case Fringe.RECEDING:
            return depth - 0.25 * np.clip(1.0 - np.abs(u) * 1.6, 0.0, 1.0)
        case Fringe.BALD:
            return np.full_like(u, -9.0)
        case _:
            return np.full_like(u, depth)


def _falling_hair(u: np.ndarray, v: np.ndarray, shape: HairShape, length: float, top: float) -> BoolMask:
    """Hair hanging from ``top`` down to ``length`` within |u| < its tapering width."""
    width = (0.98 + 0.45 * shape.volume - 0.22 * np.clip(v - 0.8, 0.0, None)
             - 0.9 * np.clip(v - (length - 0.35), 0.0, None))
    if shape.curly:
        width = width + 0.06 * np.cos(v * 9.0)
    return (np.abs(u) < width) & (v >= top) & (v < length)


def _ponytail(u: np.ndarray, v: np.ndarray, blob: HairBlob, x: float, drift: float) -> BoolMask:
    """A round blob at (x, blob.y), with a tail tapering down to ``blob.hangs_to`` if it has one."""
    mask = disc(u, v, x, blob.y, blob.radius)
    if blob.hangs_to > blob.y:
        along = np.clip((v - blob.y) / (blob.hangs_to - blob.y), 0.0, 1.0)
        center = x + drift * along
        half_width = blob.radius * (1.0 - 0.55 * along)
        mask |= (np.abs(u - center) < half_width) & (v >= blob.y) & (v <= blob.hangs_to)
    return mask


def hair_masks(u: np.ndarray, v: np.ndarray, shape: HairShape, facing: Facing) -> HairMasks:
    skull = skull_mask(u, v)
    empty = np.zeros_like(skull)
    bald = shape.fringe == Fringe.BALD
    short = shape.side_length < 0.5
    if facing == Facing.DOWN:
        outer = _hair_outline(u, v, shape)
        line = _fringe_line(u, shape)
        face = skull & (v > line) & ((np.abs(u) < FACE_INNER_EDGE + 0.06) | (v > shape.side_length))
        main = outer & ~face & (v < max(shape.side_length, 0.0))
        if bald:
            main &= (np.abs(u) > 0.7) & (v > -0.45)
        if shape.side_length > 1.0:
            inner = np.where(v < 0.95, FACE_INNER_EDGE, 0.42)
            main |= _falling_hair(u, v, shape, shape.side_length, -0.2) & (np.abs(u) > inner)
        behind = empty.copy()
        blob = empty.copy()
        if shape.back_blob is not None:
            behind = _ponytail(u, v, shape.back_blob, 0.0, 0.0) & ~skull
            if shape.back_blob.hangs_to > 0.0:
                tail = HairBlob(x=0.0, y=0.1, radius=0.26, hangs_to=shape.back_blob.hangs_to)
                behind |= _ponytail(u, v, tail, 0.92, 0.12)
        if shape.top_blob is not None:
            blob = _ponytail(u, v, HairBlob(0.0, shape.top_blob.y, shape.top_blob.radius), 0.0, 0.0) & ~main
        return HairMasks(behind=behind, main=main, blob=blob, ears=empty)
    if facing == Facing.LEFT:
        outer = _hair_outline(u, v, shape, back_shift=0.35)
        line = _fringe_line(u * 0.6 - 0.4, shape)
        face_back_edge = 0.12 if short else -0.12
        face = skull & (u < face_back_edge) & (v > line)
        below_fringe_in_front = (u < 0.0) & (v > line) & ~skull
        main = outer & ~face & ~below_fringe_in_front & (v < max(shape.back_length, 0.45))
        if bald:
            main &= (u > 0.05) & (v > -0.4)
        if shape.back_length > 0.8:
            main |= _falling_hair((u - 0.42) * 1.6, v, shape, shape.back_length, 0.0) & (u > -0.05)
        blob = empty.copy()
        if shape.back_blob is not None:
            blob = _ponytail(u, v, shape.back_blob, shape.back_blob.x, 0.18)
        if shape.top_blob is not None:
            blob |= disc(u, v, shape.top_blob.x, shape.top_blob.y, shape.top_blob.radius)
        ears = disc(u, v, 0.26, 0.22, 0.2) & skull if short else empty
        return HairMasks(behind=empty, main=main, blob=blob & ~main if shape.top_blob else blob,
                         ears=ears)
    outer = _hair_outline(u, v, shape)
    main = outer & (v < max(shape.back_length, 0.5))
    if bald:
        main &= v > -0.3
    if shape.back_length > 0.8:
        main |= _falling_hair(u, v, shape, shape.back_length, 0.0)
    blob = empty.copy()
    if shape.back_blob is not None:
        blob = _ponytail(u, v, shape.back_blob, 0.0, 0.0)
    if shape.top_blob is not None:
        blob |= disc(u, v, 0.0, shape.top_blob.y, shape.top_blob.radius) & ~main
    ears = (disc(u, v, 1.0, 0.2, 0.2) | disc(u, v, -1.0, 0.2, 0.2)) & ~main if short else empty
    return HairMasks(behind=empty, main=main, blob=blob, ears=ears)


@dataclass(frozen=True)
class HeadwearMasks:
    main: BoolMask     # painted with the headwear colour
    dark: BoolMask     # a band, brim or cuff in the deep tone
    lens: BoolMask     # glass (goggles)


def headwear_masks(u: np.ndarray, v: np.ndarray, headwear: Headwear, shape: HairShape,
                   facing: Facing) -> HeadwearMasks:
    empty = np.zeros(u.shape, dtype=bool)
    front = -1.0 if facing == Facing.LEFT else 0.0
    lift = 0.25 * shape.volume
    match headwear:
        case Headwear.BERET:
            cx = 0.25 if facing == Facing.LEFT else 0.12
            crown = ((u - cx) / 1.12) ** 2 + ((v + 0.82 + lift) / 0.36) ** 2 <= 1.0
            stalk = disc(u, v, cx - 0.05, -1.22 - lift, 0.1)
            return HeadwearMasks(main=crown | stalk, dark=empty, lens=empty)
        case Headwear.CAP:
            dome = superellipse(u / (1.04 + shape.volume * 0.5), (v + 0.22 + lift) / 0.86, 2.2) & (v < -0.38)
            if facing == Facing.DOWN:
                brim = (np.abs(u) < 0.95) & (v >= -0.55) & (v < -0.33)
                return HeadwearMasks(main=dome & ~brim, dark=brim, lens=empty)
            if facing == Facing.LEFT:
                brim = (u > -1.55) & (u < -0.3) & (v >= -0.5) & (v < -0.32)
                return HeadwearMasks(main=dome, dark=brim, lens=empty)
            strap = (np.abs(u) < 0.22) & (v > -0.55) & (v < -0.38)
            return HeadwearMasks(main=dome & ~strap, dark=empty, lens=empty)
        case Headwear.BEANIE:
            dome = superellipse(u / (1.08 + shape.volume * 0.4), (v + 0.18 + lift) / 0.92, 2.2) & (v < -0.28)
            cuff = dome & (v >= -0.5)
            return HeadwearMasks(main=dome & ~cuff, dark=cuff, lens=empty)
        case Headwear.HEADPHONES:
            radius = np.hypot(u / (1.0 + shape.volume * 0.8), (v + lift) / (1.0 + shape.volume * 0.8))
            band = (radius > 0.96) & (radius < 1.12) & (v < -0.2)
            if facing == Facing.LEFT:
                band &= np.abs(u - 0.38) < 0.3
                cups = disc(u, v, 0.38, 0.12, 0.3)
            else:
                band &= np.abs(u) > 0.0
                cups = disc(u, v, 1.05, 0.1, 0.3) | disc(u, v, -1.05, 0.1, 0.3)
            return HeadwearMasks(main=cups, dark=band, lens=empty)
        case Headwear.HEADBAND | Headwear.GOGGLES:
            outline = _hair_outline(u, v, shape, back_shift=0.35 if facing == Facing.LEFT else 0.0)
            band = outline & (v > -0.72 - lift) & (v < -0.5 - lift)
            lens = empty
            if headwear == Headwear.GOGGLES:
                if facing == Facing.DOWN:
                    lens = (disc(u, v, -0.4, -0.63 - lift, 0.22) | disc(u, v, 0.4, -0.63 - lift, 0.22))
                elif facing == Facing.LEFT:
                    lens = disc(u, v, -0.75, -0.63 - lift, 0.22)
                lens &= outline
                return HeadwearMasks(main=empty, dark=band & ~lens, lens=lens)
            return HeadwearMasks(main=band, dark=empty, lens=empty)
        case Headwear.HAIR_CLIP:
            if facing == Facing.UP:
                return HeadwearMasks(main=empty, dark=empty, lens=empty)
            x = -0.45 if facing == Facing.LEFT else 0.55
            clip = disc(u, v, x + front * 0.0, -0.62 - lift, 0.2)
            return HeadwearMasks(main=clip, dark=empty, lens=empty)
        case _:
            return HeadwearMasks(main=empty, dark=empty, lens=empty)


def facial_hair_mask(u: np.ndarray, v: np.ndarray, kind: FacialHair, facing: Facing) -> BoolMask:
    """Where beard or mustache covers the face (nothing from behind)."""
    skull = skull_mask(u, v)
    if facing == Facing.UP or kind == FacialHair.NONE:
        return np.zeros_like(skull)
    if facing == Facing.LEFT:
        mustache = (u < -0.45) & (v > 0.44) & (v < 0.62) & skull
        chin = (u < -0.3) & (v > 0.72) & skull
        jaw = (u < 0.3) & (v > 0.52) & skull & ~((u < -0.7) & (v < 0.7))
        sideburn = (u > 0.0) & (u < 0.3) & (v > 0.0) & skull
    else:
        mustache = (np.abs(u) < 0.34) & (v > 0.44) & (v < 0.62) & skull
        chin = (np.abs(u) < 0.3) & (v > 0.72) & skull
        jaw = (v > 0.52) & skull & ~((np.abs(u) < 0.26) & (v > 0.55) & (v < 0.72))
        sideburn = (np.abs(u) > 0.74) & (v > 0.1) & skull
    match kind:
        case FacialHair.MUSTACHE:
            return mustache
        case FacialHair.GOATEE:
            return mustache | chin
        case FacialHair.FULL_BEARD | FacialHair.STUBBLE:
            return mustache | chin | jaw | sideburn
        case _:
            return np.zeros_like(skull)
