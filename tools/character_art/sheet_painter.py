"""Paints a resident's 96 x 128 walk sheet: 4 facings x 3 walk frames of 32 x 32, outlined."""

from __future__ import annotations

from tools.character_art.appearance import Appearance
from tools.character_art.canvas import Canvas
from tools.character_art.facing import (
    FRAME_SIZE,
    SHEET_COLUMN_ORDER,
    SHEET_HEIGHT,
    SHEET_ROW_ORDER,
    SHEET_WIDTH,
    Facing,
    Step,
)
from tools.character_art.sprite_body import draw_arms, draw_legs, draw_torso
from tools.character_art.sprite_head import draw_hair_behind, draw_head

STEP_BOB = 0  # rows the upper body drops on a step frame


def paint_frame(look: Appearance, facing: Facing, step: Step) -> Canvas:
    """One outlined frame. RIGHT is the mirror image of LEFT."""
    if facing == Facing.RIGHT:
        return paint_frame(look, Facing.LEFT, step).mirrored()
    canvas = Canvas(FRAME_SIZE, FRAME_SIZE)
    bob = 0 if step == Step.STANDING else STEP_BOB
    draw_hair_behind(canvas, look, facing, bob)
    draw_legs(canvas, look, facing, step)
    draw_torso(canvas, look, facing)
    draw_arms(canvas, look, facing, step)
    draw_head(canvas, look, facing, bob)
    canvas.add_outline()
    return canvas


def paint_sheet(look: Appearance) -> Canvas:
    sheet = Canvas(SHEET_WIDTH, SHEET_HEIGHT)
    for row, facing in enumerate(SHEET_ROW_ORDER):
        for column, step in enumerate(SHEET_COLUMN_ORDER):
            sheet.blit(paint_frame(look, facing, step), column * FRAME_SIZE, row * FRAME_SIZE)
    return sheet
