"""The play scene's clock control: pause, single step, speed (steps per real second, or as fast as
the simulation can go), "skip to morning", and the walking progress between two published steps.

Steps are owed by time: every frame adds ``dt * speed`` to :attr:`SimClockControl.owed_steps`, the
whole steps are requested when the simulation is ready for more, and the fraction is carried to the
next frame (so 60 steps/s at 60 frames/s is one step a frame, not one every other frame). The speed
is an upper bound: while the simulation is still busy with earlier steps, the debt stops growing
past a short catch-up (:data:`CATCH_UP_SECONDS` of steps), so a slow model slows the clock instead
of storing a burst for later, and the HUD says what the limit is.

"Skip to morning" runs as fast as possible until a resident wakes up, then returns to the speed asked
before. The play scene tells the control, after each poll, who sleeps in the published view
(:meth:`SimClockControl.note_sleep`, from :func:`sleep_by_resident`; sleeping is "sleep" in the
activity, as ``Action.is_sleeping``): a wake-up is someone seen asleep during the skip whose activity
no longer is sleeping. A night owl still up at midnight does not end it; a town where nobody sleeps
does (there is no morning to wait for).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

SPEED_STEPS_PER_SECOND: tuple[float, ...] = (1, 2, 4, 8, 15, 30, 60, float("inf"))
DEFAULT_SPEED_INDEX = 2
MAX_STEPS_PER_REQUEST = 20
CATCH_UP_SECONDS = 0.1  # while the simulation is busy, steps owed for at most this much real time are kept
MIN_CATCH_UP_STEPS = 2.0  # ... and at least this many (so "the model is the limit" can be seen at low speeds)
SPEED_MEASURE_SECONDS = 1.0  # the measured speed is the steps that passed over this much real time
SKIPPING_LABEL = "skipping to morning"


def is_sleeping(activity: str) -> bool:
    """As :attr:`agents.cognition.resident.Action.is_sleeping`: "sleep" in the activity's words."""
    return "sleep" in activity.casefold()


def sleep_by_resident(residents: Iterable[tuple[str, str]]) -> dict[str, bool]:
    """(name, activity) pairs -> name: sleeping?; residents with no activity yet are left out."""
    return {name: is_sleeping(activity) for name, activity in residents if activity}


@dataclass
class SimClockControl:
    """Decides when to request the next steps; all times in real seconds."""

    speed_index: int = DEFAULT_SPEED_INDEX
    paused: bool = False
    single_step_requested: bool = False
    owed_steps: float = 0.0  # steps owed by time and not requested yet (the fraction carried over)
    since_last_view_seconds: float = 0.0
    model_is_the_limit: bool = False
    measured_steps_per_second: float = 0.0
    skipping: bool = False  # "skip to morning" is running (for the HUD and the clock panel)
    sleeping: dict[str, bool] = field(default_factory=dict)  # as last noted (empty: not known yet)
    _seen_asleep: set[str] = field(default_factory=set)  # asleep at some point of the current skip
    _due: int = 0  # what the last steps_due returned
    _measure_from_step: int | None = None
    _measure_elapsed_seconds: float = 0.0

    # -- speed ---------------------------------------------------------------------------------

    @property
    def asked_steps_per_second(self) -> float:
        """The speed the player chose (kept while skipping, and returned to after)."""
        return SPEED_STEPS_PER_SECOND[self.speed_index]

    @property
    def steps_per_second(self) -> float:
        """The speed the clock runs at now: as fast as possible while skipping to morning."""
        return float("inf") if self.skipping else self.asked_steps_per_second

    @property
    def speed_label(self) -> str:
        if self.skipping:
            return SKIPPING_LABEL
        speed = self.steps_per_second
        return "as fast as possible" if speed == float("inf") else f"{speed:g} steps/s"

    def set_speed_index(self, index: int) -> None:
        """Choose a speed (0 to len(SPEED_STEPS_PER_SECOND) - 1); a skip in progress ends."""
        self.speed_index = min(len(SPEED_STEPS_PER_SECOND) - 1, max(0, index))
        self.skipping = False

    def faster(self) -> None:
        self.set_speed_index(self.speed_index + 1)

    def slower(self) -> None:
        self.set_speed_index(self.speed_index - 1)

    def toggle_pause(self) -> None:
        self.paused = not self.paused
        self.owed_steps = 0.0

    def step_once(self) -> None:
        """While paused, advance exactly one step (a skip in progress ends)."""
        self.paused = True
        self.single_step_requested = True
        self.skipping = False

    # -- skip to morning -------------------------------------------------------------------------

    @property
    def can_skip_to_morning(self) -> bool:
        """Someone sleeps (or the town has not started yet), and no skip runs."""
        return not self.skipping and (not self.sleeping or any(self.sleeping.values()))

    def skip_to_morning(self) -> bool:
        """Run as fast as possible until a resident wakes up, then go back to the speed asked before.
        False (nothing changes) when nobody sleeps. Pausing holds the skip; a change of speed or a
        single step ends it."""
        if not self.can_skip_to_morning:
            return False
        self.skipping = True
        self.single_step_requested = False
        self._seen_asleep = {name for name, asleep in self.sleeping.items() if asleep}
        return True

    def stop_skipping(self) -> None:
        self.skipping = False
        self.owed_steps = 0.0
        self._seen_asleep = set()

    def note_sleep(self, sleeping: Mapping[str, bool]) -> None:
        """Who sleeps in the view just published (see :func:`sleep_by_resident`); during a skip, a
        resident seen asleep who now is not has woken up, and the skip stops (so does a skip in a
        town where everyone has an activity and nobody sleeps)."""
        self.sleeping = dict(sleeping)
        if not self.skipping:
            return
        if any(not sleeping.get(name, True) for name in self._seen_asleep) or (sleeping and not any(sleeping.values())):
            self.stop_skipping()
            return
        self._seen_asleep.update(name for name, asleep in sleeping.items() if asleep)

    # -- the frame -------------------------------------------------------------------------------

    def tick(self, dt_seconds: float) -> None:
        self.since_last_view_seconds += dt_seconds
        speed = self.steps_per_second
        if not self.paused and speed != float("inf"):
            self.owed_steps += dt_seconds * speed

    def _catch_up_steps(self) -> float:
        return max(MIN_CATCH_UP_STEPS, self.steps_per_second * CATCH_UP_SECONDS)

    def steps_due(self, simulation_ready: bool) -> int:
        """How many steps to request now (0 for none): the whole steps owed at this speed, at most
        MAX_STEPS_PER_REQUEST, only when the simulation is ready for more. Call
        :meth:`step_requested` once they were requested."""
        self._due = 0
        if self.single_step_requested:
            self._due = 1 if simulation_ready else 0
            return self._due
        if self.paused:
            self.model_is_the_limit = False
            return 0
        if self.steps_per_second == float("inf"):
            self.model_is_the_limit = not simulation_ready
            self._due = MAX_STEPS_PER_REQUEST if simulation_ready else 0
            return self._due
        if not simulation_ready:
            self.owed_steps = min(self.owed_steps, self._catch_up_steps())
            self.model_is_the_limit = self.owed_steps >= MIN_CATCH_UP_STEPS
            return 0
        self.model_is_the_limit = False
        self._due = min(int(self.owed_steps), MAX_STEPS_PER_REQUEST)
        return self._due

    def step_requested(self, steps: int | None = None) -> None:
        """The steps :meth:`steps_due` returned (or ``steps`` of them) were requested: they are no
        longer owed; the fraction of a step stays owed."""
        taken = self._due if steps is None else steps
        self.single_step_requested = False
        if self.steps_per_second != float("inf"):
            self.owed_steps = min(max(0.0, self.owed_steps - taken), self._catch_up_steps())
        self._due = 0

    def measure(self, step_index: int, dt_seconds: float) -> None:
        """Note the published step index once a frame; about once a second this updates
        :attr:`measured_steps_per_second`: the steps that passed over the real time that passed
        (0 while paused)."""
        if self._measure_from_step is None or step_index < self._measure_from_step:
            self._measure_from_step, self._measure_elapsed_seconds = step_index, 0.0
            return
        self._measure_elapsed_seconds += dt_seconds
        if self._measure_elapsed_seconds >= SPEED_MEASURE_SECONDS:
            steps = step_index - self._measure_from_step
            self.measured_steps_per_second = steps / self._measure_elapsed_seconds
            self._measure_from_step, self._measure_elapsed_seconds = step_index, 0.0

    def view_published(self) -> None:
        self.since_last_view_seconds = 0.0

    def walk_progress(self) -> float:
        """How far residents are between their previous and current tile (0 to 1)."""
        if self.steps_per_second == float("inf"):
            return 1.0
        return min(1.0, self.since_last_view_seconds * self.steps_per_second)
