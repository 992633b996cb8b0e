"""The play scene's clock control: pause, single step and speed (steps per real second, or as fast
as the simulation can go), and the walking progress between two published steps.

The speed is an upper bound: a step is only requested when the previous one has come back, so
when the model is slower than the speed asks for, the HUD says the model is the limit.
"""

from __future__ import annotations

from dataclasses import dataclass

SPEED_STEPS_PER_SECOND: tuple[float, ...] = (1, 2, 4, 8, 15, 30, 60, float("inf"))
DEFAULT_SPEED_INDEX = 2
MAX_STEPS_PER_REQUEST = 20
SPEED_MEASURE_SECONDS = 1.0  # the measured speed is the steps that passed over this much real time


@dataclass
class SimClockControl:
    """Decides when to request the next step; all times in real seconds."""

    speed_index: int = DEFAULT_SPEED_INDEX
    paused: bool = False
    single_step_requested: bool = False
    since_last_request_seconds: float = 0.0
    since_last_view_seconds: float = 0.0
    model_is_the_limit: bool = False
    measured_steps_per_second: float = 0.0
    _measure_from_step: int | None = None
    _measure_elapsed_seconds: float = 0.0

    @property
    def steps_per_second(self) -> float:
        return SPEED_STEPS_PER_SECOND[self.speed_index]

    @property
    def speed_label(self) -> str:
        speed = self.steps_per_second
        return "as fast as possible" if speed == float("inf") else f"{speed:g} steps/s"

    def faster(self) -> None:
        self.speed_index = min(len(SPEED_STEPS_PER_SECOND) - 1, self.speed_index + 1)

    def slower(self) -> None:
        self.speed_index = max(0, self.speed_index - 1)

    def toggle_pause(self) -> None:
        self.paused = not self.paused

    def step_once(self) -> None:
        """While paused, advance exactly one step."""
        self.paused = True
        self.single_step_requested = True

    def tick(self, dt_seconds: float) -> None:
        self.since_last_request_seconds += dt_seconds
        self.since_last_view_seconds += dt_seconds

    def steps_due(self, simulation_ready: bool) -> int:
        """How many steps to request now (0 for none): the time owed at this speed, at most
        MAX_STEPS_PER_REQUEST, only when the simulation is ready for more."""
        if self.single_step_requested:
            return 1 if simulation_ready else 0
        if self.paused:
            self.model_is_the_limit = False
            return 0
        speed = self.steps_per_second
        owed = MAX_STEPS_PER_REQUEST if speed == float("inf") else int(self.since_last_request_seconds * speed)
        self.model_is_the_limit = not simulation_ready and (speed == float("inf") or owed >= 2)
        if not simulation_ready or owed < 1:
            return 0
        return min(owed, MAX_STEPS_PER_REQUEST)

    def measure(self, step_index: int, dt_seconds: float) -> None:
        """Note the simulation's step index once a frame; about once a second this updates
        :attr:`measured_steps_per_second` (0 while paused)."""
        if self._measure_from_step is None:
            self._measure_from_step = step_index
        self._measure_elapsed_seconds += dt_seconds
        if self._measure_elapsed_seconds >= SPEED_MEASURE_SECONDS:
            steps = step_index - self._measure_from_step
            self.measured_steps_per_second = steps / self._measure_elapsed_seconds
            self._measure_from_step, self._measure_elapsed_seconds = step_index, 0.0

    def step_requested(self) -> None:
        self.single_step_requested = False
        self.since_last_request_seconds = 0.0

    def view_published(self) -> None:
        self.since_last_view_seconds = 0.0

    def walk_progress(self) -> float:
        """How far residents are between their previous and current tile (0 to 1)."""
        if self.steps_per_second == float("inf"):
            return 1.0
        return min(1.0, self.since_last_view_seconds * self.steps_per_second)
