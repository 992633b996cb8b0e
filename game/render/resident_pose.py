"""What the renderer needs to draw one resident in one frame: where they walk from and to, how far
along the step they are, where they face, and what their bubble says.

Poses are values made by the play scene from the simulation's state (or by a replay); the renderer
never reads simulation objects directly.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

Tile = tuple[int, int]
WALK_CYCLE_COLUMNS = (0, 1, 2, 1)
STANDING_COLUMN = 1


class Facing(IntEnum):
    """Rows of a character sheet."""

    DOWN = 0
    LEFT = 1
    RIGHT = 2
    UP = 3


def facing_between(from_tile: Tile, to_tile: Tile, default: Facing = Facing.DOWN) -> Facing:
    dx, dy = to_tile[0] - from_tile[0], to_tile[1] - from_tile[1]
    if dx == 0 and dy == 0:
        return default
    if abs(dx) >= abs(dy):
        return Facing.RIGHT if dx > 0 else Facing.LEFT
    return Facing.DOWN if dy > 0 else Facing.UP


@dataclass(frozen=True, slots=True)
class ResidentPose:
    """One resident in one frame. ``step_progress`` runs from 0 (at ``from_tile``) to 1."""

    name: str
    from_tile: Tile
    to_tile: Tile
    step_progress: float = 1.0
    facing: Facing = Facing.DOWN
    emoji: str = ""
    activity: str = ""

    @property
    def is_walking(self) -> bool:
        return self.from_tile != self.to_tile and self.step_progress < 1.0

    def position_tiles(self) -> tuple[float, float]:
        """Interpolated position, in tiles (fractional while walking)."""
        progress = min(1.0, max(0.0, self.step_progress))
        return (self.from_tile[0] + (self.to_tile[0] - self.from_tile[0]) * progress,
                self.from_tile[1] + (self.to_tile[1] - self.from_tile[1]) * progress)

    def sheet_column(self) -> int:
        """Which walk frame to show: the cycle 0, 1, 2, 1 across one step, standing otherwise."""
        if not self.is_walking:
            return STANDING_COLUMN
        phase = int(min(0.999, max(0.0, self.step_progress)) * len(WALK_CYCLE_COLUMNS))
        return WALK_CYCLE_COLUMNS[phase]
