"""Which painter draws each kind of piece: the 46 game objects, decor (plants, counters, tables,
benches, bushes), rugs, trees and lamps. Pictures are painted once per (kind, size, variant,
style) and reused."""

from __future__ import annotations

from functools import cache

from tools.town_builder import nature_tiles, terrain_tiles
from tools.town_builder.canvas import Canvas
from tools.town_builder.furniture_home import HOME_PAINTERS, table
from tools.town_builder.furniture_public import DECOR_PAINTERS, PUBLIC_PAINTERS
from tools.town_builder.town_grid import Piece

OBJECT_PAINTERS = {**HOME_PAINTERS, **PUBLIC_PAINTERS}


def tree_kind(piece: Piece) -> str:
    return piece.style or nature_tiles.TREE_KINDS[piece.variant % len(nature_tiles.TREE_KINDS)]


@cache
def _paint(kind: str, width_tiles: int, height_tiles: int, variant: int, style: str) -> Canvas:
    if kind in OBJECT_PAINTERS:
        return OBJECT_PAINTERS[kind](width_tiles, height_tiles, variant)
    if kind == "counter":
        return DECOR_PAINTERS["counter"](width_tiles, height_tiles, 1 if style == "cafe" else variant % 3)
    if kind in DECOR_PAINTERS:
        return DECOR_PAINTERS[kind](width_tiles, height_tiles, variant)
    if kind == "table":
        return table(width_tiles, height_tiles, variant)
    if kind == "bench":
        return nature_tiles.bench(width_tiles)
    if kind == "bush":
        return nature_tiles.bush(variant % 6)
    if kind == "rug":
        return terrain_tiles.rug(variant, width_tiles, height_tiles)
    if kind == "tree trunk":
        return nature_tiles.tree_trunk(style)
    if kind == "tree canopy":
        return nature_tiles.tree_canopy(style, variant % 4)
    if kind == "lamp base":
        return nature_tiles.lamp_post_base()
    if kind == "lamp top":
        return nature_tiles.lamp_post_top()
    raise ValueError(f"no painter for pieces of kind {kind!r}")


def paint_piece(piece: Piece) -> Canvas:
    """The picture of ``piece`` (shared between equal pieces; do not draw on it)."""
    style = tree_kind(piece) if piece.kind in ("tree trunk", "tree canopy") else piece.style
    variant = piece.variant % 7 if piece.kind not in ("tree canopy",) else piece.variant % 4
    return _paint(piece.kind, piece.width_tiles, piece.height_tiles, variant, style)
