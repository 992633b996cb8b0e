"""The replay's clock: where in a recording the player is, whether it plays, and how fast.

The position is a step with a fraction (how far the residents have walked from the previous step's
tiles to this step's). Playing advances it by the speed times the real seconds passed, from 1 to 64
steps per second, or as fast as the recording can be read (``steps_per_second`` None: the scene then
advances by as many steps as fit in a frame's budget, :meth:`ReplayClock.advance_steps`). At the
recording's end it stops; a recording still being written can grow (:meth:`set_bounds`). Seeking
(the timeline, a typed time, step back/forward) moves it at once and keeps it playing or paused as
it was. No pygame here: the scene and its tests drive it with plain numbers.
"""

from __future__ import annotations

import math

REPLAY_SPEEDS_STEPS_PER_SECOND: tuple[float | None, ...] = (1, 2, 4, 8, 16, 32, 64, None)
DEFAULT_SPEED_INDEX = 4  # 16 steps/s
_ROUNDING = 1e-9


def replay_speed_label(steps_per_second: float | None) -> str:
    if steps_per_second is None:
        return "as fast as possible"
    return f"{steps_per_second:g} step/s" if steps_per_second == 1 else f"{steps_per_second:g} steps/s"


class ReplayClock:
    """See the module docstring. Steps run from ``first_step`` to ``last_step``, both included."""

    def __init__(self, first_step: int, last_step: int, *, start_step: int | None = None,
                 speed_index: int = DEFAULT_SPEED_INDEX) -> None:
        if last_step < first_step:
            raise ValueError(f"a recording's last step ({last_step}) comes before its first ({first_step})")
        self.first_step, self.last_step = first_step, last_step
        self.position = float(first_step if start_step is None else min(max(start_step, first_step), last_step))
        self.playing = False
        self.speed_index = speed_index

    # -- reading -------------------------------------------------------------------------------------

    @property
    def step(self) -> int:
        return math.floor(self.position + _ROUNDING)  # 64/60 * 30 frames is step 32, not 31.999

    @property
    def walk_progress(self) -> float:
        """How far (0..1) the residents are from the previous step's tiles to this step's: while
        playing slowly they walk between them; paused or seeking they stand on this step's."""
        if not self.playing or self.steps_per_second is None or self.steps_per_second > 30:
            return 1.0
        return max(0.0, self.position - self.step)

    @property
    def steps_per_second(self) -> float | None:
        return REPLAY_SPEEDS_STEPS_PER_SECOND[self.speed_index]

    @property
    def speed_label(self) -> str:
        return replay_speed_label(self.steps_per_second)

    @property
    def at_end(self) -> bool:
        return self.step >= self.last_step

    # -- playing -------------------------------------------------------------------------------------

    def toggle_play(self) -> None:
        if not self.playing and self.at_end:
            self.position = float(self.first_step)  # play again from the start
        self.playing = not self.playing

    def set_speed_index(self, index: int) -> None:
        self.speed_index = min(len(REPLAY_SPEEDS_STEPS_PER_SECOND) - 1, max(0, index))

    def faster(self) -> None:
        self.set_speed_index(self.speed_index + 1)

    def slower(self) -> None:
        self.set_speed_index(self.speed_index - 1)

    def tick(self, dt_seconds: float) -> None:
        """Advance by the real seconds passed (a capped frame time, so a stall does not leap)."""
        speed = self.steps_per_second
        if not self.playing or speed is None:
            return
        self._move_to(self.position + speed * min(dt_seconds, 0.25))

    def advance_steps(self, steps: int) -> None:
        """As fast as possible: the scene moves on by ``steps`` whole steps a frame."""
        if self.playing:
            self._move_to(float(self.step + steps))

    def _move_to(self, position: float) -> None:
        if position >= self.last_step:
            position, self.playing = float(self.last_step), False
        self.position = position

    # -- seeking -------------------------------------------------------------------------------------

    def seek(self, step: int) -> None:
        self.position = float(min(max(step, self.first_step), self.last_step))

    def step_by(self, steps: int) -> None:
        """One step forward or back (pauses: stepping is looking closely)."""
        self.playing = False
        self.seek(self.step + steps)

    def set_bounds(self, first_step: int, last_step: int) -> None:
        """The recording grew (it is still being written) or was reopened."""
        self.first_step, self.last_step = first_step, max(first_step, last_step)
        self.position = min(max(self.position, first_step), self.last_step)
