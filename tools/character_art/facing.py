"""Facing directions and the sheet layout the game expects.

A sheet is 3 columns x 4 rows of 32 x 32 frames. Rows face DOWN, LEFT, RIGHT, UP; columns are walk
frames played 0, 1, 2, 1 (column 1 stands, columns 0 and 2 step with opposite feet).
"""

from __future__ import annotations

from enum import Enum
from typing import Final

FRAME_SIZE: Final = 32
SHEET_COLUMNS: Final = 3
SHEET_ROWS: Final = 4
SHEET_WIDTH: Final = FRAME_SIZE * SHEET_COLUMNS
SHEET_HEIGHT: Final = FRAME_SIZE * SHEET_ROWS
PORTRAIT_SIZE: Final = 64


class Facing(Enum):
    """Which way a figure looks. LEFT is drawn; RIGHT is its mirror image."""

    DOWN = 0
    LEFT = 1
    RIGHT = 2
    UP = 3


class Step(Enum):
    """A walk frame: the sheet column it goes in."""

    FIRST_FOOT = 0
    STANDING = 1
    SECOND_FOOT = 2


SHEET_ROW_ORDER: Final = (Facing.DOWN, Facing.LEFT, Facing.RIGHT, Facing.UP)
SHEET_COLUMN_ORDER: Final = (Step.FIRST_FOOT, Step.STANDING, Step.SECOND_FOOT)
