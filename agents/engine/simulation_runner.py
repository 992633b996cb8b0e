"""Runs a :class:`~agents.engine.simulation.Simulation` beside a window: the simulation is created
and advanced on a worker thread, and the main thread only ever reads frozen views of it.

Ownership is handed over, never shared: while a step is in flight the worker owns the simulation
and the main thread draws the last published :class:`SimulationView`; when the step's outcome is
drained, a new view is published. A failed step becomes :attr:`SimulationRunner.last_error` (the
simulation keeps what that step did before it failed; nothing crashes the window).

Two pools: a one-thread "stepper" that owns the simulation and runs steps, and inside each step the
:class:`~agents.engine.step_driver.StepDriver`'s pool of ``workers`` threads, on which all residents'
model calls run in parallel. :attr:`SimulationRunner.thinking` says who is waiting on the model now.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from agents.cognition.services import MindServices
from agents.engine.engine_settings import EngineSettings
from agents.engine.operation_pool import OperationPool
from agents.engine.simulation import Simulation
from agents.engine.step_driver import StepDriver
from agents.world.pathfinding import Tile
from agents.world.scenario import Scenario
from agents.world.world_map import WorldMap

log = logging.getLogger(__name__)

_SIMULATION_KEY = "simulation"


@dataclass(frozen=True, slots=True)
class ResidentView:
    """What a viewer needs of one resident after a step."""

    name: str
    tile: Tile
    previous_tile: Tile
    activity: str
    emoji: str
    address: str
    chat_with: str


@dataclass(frozen=True)
class SimulationView:
    """A frozen picture of the simulation after a step."""

    step_index: int
    now: datetime
    residents: tuple[ResidentView, ...]
    incidents: int = 0  # operations that failed or timed out so far (each fell back)
    last_incident: str = ""


def tiles_of_residents(simulation: Simulation) -> dict[str, Tile]:
    return {name: resident.tile for name, resident in simulation.residents.items()}


def view_of(simulation: Simulation, before: Mapping[str, Tile]) -> SimulationView:
    """The view after a step; ``before`` holds each resident's tile before that step."""
    residents = []
    for name, resident in simulation.residents.items():
        action = resident.action
        residents.append(ResidentView(
            name=name, tile=resident.tile, previous_tile=before.get(name, resident.tile),
            activity=action.description if action else "", emoji=action.emoji if action else "",
            address=action.address if action else "", chat_with=action.chat_with if action else ""))
    incidents = simulation.incidents
    last = incidents[-1] if incidents else None
    last_text = f"{last.kind} for {', '.join(last.residents)}: {last.error}; {last.fallback}" if last else ""
    return SimulationView(simulation.clock.step_index, simulation.now, tuple(residents), len(incidents), last_text)


def initial_view(scenario: Scenario) -> SimulationView:
    """The view before the simulation exists: everyone at their spawn tile."""
    return SimulationView(0, scenario.start_time, tuple(
        ResidentView(p.name, p.spawn_tile, p.spawn_tile, "", "", "", "") for p in scenario.personas))


class SimulationRunner:
    """See the module docstring. Call every method from the main thread."""

    def __init__(self, world: WorldMap, scenario: Scenario, services: MindServices, *, seed: int = 0,
                 settings: EngineSettings | None = None) -> None:
        self._services = services
        self._settings = settings or EngineSettings()
        self._pool = OperationPool(workers=1)
        self._simulation: Simulation | None = None
        self._driver: StepDriver | None = None
        self._view = initial_view(scenario)
        self.last_error: str | None = None
        self.last_step_wall_seconds = 0.0
        self.views_published = 0
        self._pool.submit(_SIMULATION_KEY, "create",
                          lambda _: Simulation.create(world, scenario, services, seed=seed), None)

    @property
    def view(self) -> SimulationView:
        """The latest published view (never blocks)."""
        return self._view

    @property
    def ready(self) -> bool:
        """The simulation exists and no step is in flight."""
        return self._simulation is not None and not self._pool.in_flight(_SIMULATION_KEY)

    @property
    def busy(self) -> bool:
        return self._pool.in_flight(_SIMULATION_KEY)

    @property
    def thinking(self) -> tuple[tuple[str, str], ...]:
        """(resident, kind of work) for everyone waiting on the model now (readable any time)."""
        return self._driver.thinking if self._driver is not None else ()

    @property
    def settings(self) -> EngineSettings:
        return self._settings

    def request_steps(self, steps: int = 1) -> bool:
        """Start ``steps`` steps on the worker; False when the simulation is busy or not created yet."""
        if not self.ready or steps < 1:
            return False
        driver = self._driver
        assert driver is not None

        def advance(_: None) -> tuple[Simulation, SimulationView]:
            simulation = driver.simulation
            for _ in range(steps - 1):
                driver.step()
            before = tiles_of_residents(simulation)
            driver.step()
            return simulation, view_of(simulation, before)

        self._pool.submit(_SIMULATION_KEY, "step", advance, None)
        return True

    def poll(self) -> bool:
        """Take in a finished creation or step; True when a new view was published."""
        published = False
        for outcome in self._pool.drain():
            self.last_step_wall_seconds = outcome.wall_seconds
            if not outcome.succeeded:
                self.last_error = f"{outcome.kind} failed: {outcome.error}"
                log.error("simulation %s", self.last_error)
                continue
            self.last_error = None
            if outcome.kind == "create":
                self._simulation = outcome.value
                self._driver = StepDriver.pooled(self._simulation, self._services, self._settings)
                self._view = view_of(self._simulation, tiles_of_residents(self._simulation))
            else:
                self._simulation, self._view = outcome.value
            self.views_published += 1
            published = True
        return published

    def simulation_when_idle(self) -> Simulation | None:
        """The simulation itself, only while no step is in flight (for saves, interviews)."""
        return self._simulation if self.ready else None

    def close(self) -> None:
        if self._driver is not None:
            self._driver.close()
        self._pool.close()
