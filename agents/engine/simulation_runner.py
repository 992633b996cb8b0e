"""Runs a :class:`~agents.engine.simulation.Simulation` inside a game loop: the main thread owns it.

The simulation and its step driver are created on a worker (the residents' history is embedded and
the pool's threads are started there), then handed to the main thread for good. Each frame the game loop calls :meth:`SimulationRunner.poll`, which works on the
steps it is owed for a bounded slice of the frame: the
:class:`~agents.engine.step_driver.StepDriver` applies the operations that have come back from its
pool of ``workers`` threads (all residents' model calls run there in parallel), starts new ones, and
passes the step when every resident has decided. ``poll`` never runs much past its budget (a round
of results is applied over several frames if need be) and never waits longer than a slice of it, so
a slow model slows the clock, never the window. Drawing reads the last published
:class:`SimulationView`. A failed step becomes :attr:`SimulationRunner.last_error` (nothing crashes
the window). :attr:`SimulationRunner.thinking` says who is waiting on the model now.

The player's requests go through :class:`~agents.engine.player_requests.PlayerRequests` (its own small
pool: interviews are answered on a worker and applied by ``poll``; whispers and history files apply
at once), and :meth:`SimulationRunner.resident_view` / :meth:`SimulationRunner.resident_summaries`
build the frozen resident views (:mod:`agents.views.resident_view_builder`); all on the main thread,
between or during steps (safe: see :mod:`agents.engine.player_requests`).

A loaded town goes on with :meth:`SimulationRunner.resume` (its driver is built on the worker as for
a new one; it steps on exactly as the run it was saved from). A save takes the state between steps
(:meth:`SimulationRunner.simulation_when_idle`); while ``hold_between_steps`` is set, ``poll``
finishes the step in progress but begins no other, so the state is soon there to take.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path

from agents.cognition.services import MindServices
from agents.engine.engine_settings import EngineSettings
from agents.engine.operation_pool import CLOSE_WAIT_SECONDS, OperationPool
from agents.engine.player_requests import PlayerRequests
from agents.engine.simulation import Simulation
from agents.engine.step_driver import StepDriver
from agents.views.resident_view import MemoryView, ResidentDetailView, ResidentSummaryView
from agents.views.resident_view_builder import (
    MemoryViewCache,
    resident_detail_view,
    resident_summaries,
    thinking_by_resident,
)
from agents.views.town_frame import (  # the frozen views of the town; re-exported: drawing code imports them here
    ResidentView,
    SimulationView,
    initial_view,
    tiles_of_residents,
    view_of,
)
from agents.world.pathfinding import Tile
from agents.world.scenario import Scenario
from agents.world.world_map import WorldMap

__all__ = ["FRAME_BUDGET_SECONDS", "ResidentView", "SimulationRunner", "SimulationView", "initial_view",
           "tiles_of_residents", "view_of"]

log = logging.getLogger(__name__)

_SIMULATION_KEY = "simulation"
FRAME_BUDGET_SECONDS = 0.008  # how much of a 60 fps frame (16.7 ms) the simulation may take
QUICK_ANSWER_WAIT_SECONDS = 0.002  # of that, how long a frame may wait for answers (a fast model's round)


class SimulationRunner:
    """See the module docstring. Call every method from the main thread."""

    def __init__(self, world: WorldMap, scenario: Scenario, services: MindServices, *, seed: int = 0,
                 settings: EngineSettings | None = None, simulation: Simulation | None = None) -> None:
        """A new town of ``scenario``, or (given ``simulation``, a loaded one) that town going on from
        where it is; its own clock then keeps its step length (``settings.step_seconds`` is not used)."""
        self._settings = settings or EngineSettings()
        self._creator = OperationPool(workers=1)
        self._driver: StepDriver | None = None
        self._view = (initial_view(scenario) if simulation is None
                      else view_of(simulation, tiles_of_residents(simulation)))
        self._steps_owed = 0
        self._tiles_before_step: dict[str, Tile] = {}
        self.last_error: str | None = None
        self.views_published = 0
        self.hold_between_steps = False  # a save waits for the state: begin no new step until it is cleared
        settings = self._settings

        def create(_: None) -> StepDriver:  # on a worker: embedding the history, starting the pool's threads
            town = simulation if simulation is not None else Simulation.create(
                world, scenario, services, seed=seed, step_seconds=settings.step_seconds)
            driver = StepDriver.pooled(town, services, settings)
            if self._closing:  # closed while the town was being created: nobody will take it
                driver.close(0.0)
            return driver

        self._closing = False
        self._creator.submit(_SIMULATION_KEY, "create", create, None)
        self.services = services
        # interviews, whispers, history files (see agents.engine.player_requests); views of residents
        self._requests = PlayerRequests(services, timeout_seconds=settings.operation_timeout_seconds)
        # called on the main thread with the driver once the town exists (a recorder starts there)
        self.on_ready: list[Callable[[StepDriver], None]] = []
        self._memory_views = MemoryViewCache()

    @classmethod
    def resume(cls, world: WorldMap, scenario: Scenario, simulation: Simulation, services: MindServices, *,
               settings: EngineSettings | None = None) -> SimulationRunner:
        """Go on with a loaded ``simulation`` (its driver is built on the creator worker, as for a new town)."""
        return cls(world, scenario, services, settings=settings, simulation=simulation)

    @property
    def view(self) -> SimulationView:
        """The latest published view (never blocks)."""
        return self._view

    @property
    def ready(self) -> bool:
        """The simulation exists and no step is owed: it can be asked for more."""
        return self._driver is not None and self._steps_owed == 0

    @property
    def busy(self) -> bool:
        """The simulation is being created, or asked-for steps have not all passed yet."""
        return self._creator.in_flight(_SIMULATION_KEY) or self._steps_owed > 0

    @property
    def thinking(self) -> tuple[tuple[str, str], ...]:
        """(resident, kind of work) for everyone waiting on the model now."""
        return self._driver.thinking if self._driver is not None else ()

    @property
    def settings(self) -> EngineSettings:
        return self._settings

    def request_steps(self, steps: int = 1) -> bool:
        """Owe ``steps`` more steps, taken by the next polls; False while earlier steps are still owed or
        the simulation is not created yet."""
        if not self.ready or steps < 1:
            return False
        self._steps_owed = steps
        return True

    def poll(self, budget_seconds: float = FRAME_BUDGET_SECONDS,
             wait_seconds: float = QUICK_ANSWER_WAIT_SECONDS) -> bool:
        """Take in the created simulation, then work on the owed steps for at most ``budget_seconds``:
        apply the model's results that have arrived, and while there are none, wait for them, but no
        more than ``wait_seconds`` in all (enough for a fast model's answers to come back within the
        frame), and not at all once answers typically take longer than that (a slow model's never
        hold the frame up). True when a new view was published (after the last
        owed step)."""
        published = self._take_creation()
        driver = self._driver
        self._requests.poll(driver.simulation if driver is not None else None)
        if driver is None or self._steps_owed == 0:
            return published
        if driver.typical_operation_seconds > wait_seconds:
            wait_seconds = 0.0  # answers take longer than a frame could wait: waiting only costs the frame
        deadline = time.monotonic() + budget_seconds
        waited = 0.0
        try:
            while self._steps_owed:
                if not driver.step_open:
                    if self.hold_between_steps:
                        break
                    self._tiles_before_step = tiles_of_residents(driver.simulation)
                    driver.begin_step()
                passed = driver.pump(deadline)
                self._steps_owed -= int(passed)
                remaining = deadline - time.monotonic()
                if remaining <= 0 or (not passed and waited >= wait_seconds):
                    break
                if not passed:
                    wait_began = time.monotonic()
                    driver.wait_for_outcomes(min(remaining, wait_seconds - waited))
                    waited += time.monotonic() - wait_began
        except Exception as failure:  # a broken step is shown in the HUD, never a crash of the window
            log.exception("a simulation step failed")
            self.last_error = f"step failed: {type(failure).__name__}: {failure}"
            self._steps_owed = 0
            return published
        if self._steps_owed:
            return published
        self.last_error = None
        self._publish(view_of(driver.simulation, self._tiles_before_step))
        return True

    def _take_creation(self) -> bool:
        for outcome in self._creator.drain():
            if not outcome.succeeded:
                self.last_error = f"{outcome.kind} failed: {outcome.error}"
                log.error("simulation %s", self.last_error)
                continue
            self._driver = outcome.value
            simulation = self._driver.simulation
            for ready in self.on_ready:
                try:
                    ready(self._driver)
                except Exception as failure:  # a recorder that cannot start: the town still plays
                    log.exception("a hook on the town's start failed")
                    self.last_error = f"{type(failure).__name__}: {failure}"
            self._publish(view_of(simulation, tiles_of_residents(simulation)))
            return True
        return False

    def _publish(self, view: SimulationView) -> None:
        self._view = view
        self.views_published += 1

    def simulation_when_idle(self) -> Simulation | None:
        """The simulation itself, only between steps (for saves, interviews)."""
        return self._driver.simulation if self._driver is not None and not self._driver.step_open else None

    # -- the player's requests and the residents' views (main thread, between or during steps) --------

    def _live(self) -> Simulation:
        if self._driver is None:
            raise RuntimeError("the town is still being created; try again in a moment")
        return self._driver.simulation

    def ask_interview(self, name: str, question: str) -> bool:
        """Ask ``name`` a question; the answer comes with a later :meth:`poll` (see
        :meth:`resident_view`'s ``interview``). False while their last question is still waiting."""
        return self._requests.ask(self._live(), name, question)

    def whisper(self, name: str, text: str) -> MemoryView:
        """Plant a thought in ``name``'s mind now."""
        return self._requests.whisper(self._live(), name, text)

    def load_history(self, path: Path) -> int:
        """Whisper a ``Name,Whisper`` CSV to the residents (all or nothing: a WorldFormatError names a bad line)."""
        return self._requests.load_history(self._live(), path)

    def resident_view(self, name: str) -> ResidentDetailView | None:
        """Everything about ``name`` now (None before the town exists, or for no such resident)."""
        if self._driver is None or name not in self._driver.simulation.residents:
            return None
        simulation = self._driver.simulation
        return resident_detail_view(simulation, name, thinking=self._thinking_now().get(name, ""),
                                    interview=self._requests.interview_view(name, simulation),
                                    cache=self._memory_views)

    def resident_summaries(self) -> tuple[ResidentSummaryView, ...]:
        """One line per resident for the residents list (from the published view before the town exists)."""
        thinking = self._thinking_now()
        if self._driver is None:
            return tuple(ResidentSummaryView(r.name, r.activity, r.emoji, r.address, thinking.get(r.name, ""))
                         for r in self._view.residents)
        return resident_summaries(self._driver.simulation, thinking)

    def _thinking_now(self) -> dict[str, str]:
        """resident -> the kinds of work in flight for them (the step's, and an interview), in words."""
        return thinking_by_resident(self.thinking + self._requests.thinking())

    def close(self, wait_seconds: float = CLOSE_WAIT_SECONDS) -> None:
        """Withdraw the work not started yet (the background work too), give running work up to
        ``wait_seconds`` in all to finish, then abandon it (what comes back is dropped silently).
        Call it before closing the model stack the work uses."""
        deadline = time.monotonic() + wait_seconds
        self._closing = True
        if self._driver is not None:
            self._driver.close(wait_seconds)
        self._creator.close(max(0.0, deadline - time.monotonic()))  # a town created meanwhile stops its pool
        self._requests.close()
