"""A town being played: its world and scenario, the runner that owns its simulation, the model stack
behind it, and where it came from (a new town, or the slot it was loaded from).

The session is what the play scene, the saves menu and the quit dialog share. Closing it closes the
runner first (its work in flight is withdrawn or finished), then the recording, and the model stack
after, so no worker ever calls a closed client.

Every town is recorded (:class:`~agents.persistence.recorder.Recorder`) from when it exists: a new
town into a new recording, a loaded one into the recording its save names (or a branch of it, when
that recording went on past the save). A recording that cannot be written (a full disk) is said in
the HUD once and the town goes on unrecorded.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from agents.engine.engine_settings import EngineSettings, concurrency_warning
from agents.engine.simulation import Simulation
from agents.engine.simulation_runner import SimulationRunner
from agents.engine.step_driver import StepDriver
from agents.llm.model_outage import model_outage
from agents.llm.stack import LanguageModelStack
from agents.persistence.errors import SaveSlotError
from agents.persistence.recorder import Recorder
from agents.persistence.recording_store import generated_recording_name
from agents.views.model_status import ModelStatusView, model_status_of
from agents.world.errors import WorldFormatError
from agents.world.scenario import Scenario
from agents.world.world_folder import WorldFolder, find_world_folders

log = logging.getLogger(__name__)


@dataclass
class TownSession:
    """See the module docstring."""

    world: WorldFolder
    scenario: Scenario
    runner: SimulationRunner
    stack: LanguageModelStack | None
    origin_slot: str | None = None  # the slot this town was loaded from or last saved to (a fork's parent)
    notes: tuple[str, ...] = ()
    recordings_dir: Path | None = None  # None: the per-user recordings folder
    go_on_recording: str | None = None  # the recording a loaded town's save names
    seed: int | None = None
    recorder: Recorder | None = field(default=None, init=False)
    recording_problem: str | None = field(default=None, init=False)
    closed: bool = field(default=False, init=False)

    def __post_init__(self) -> None:
        self.runner.on_ready.append(self._start_recording)

    def _start_recording(self, driver: StepDriver) -> None:
        """On the main thread, once the town exists: record it from its step now."""
        simulation = driver.simulation
        try:
            if self.go_on_recording is not None:
                recorder = Recorder.go_on(simulation, self.go_on_recording, recordings_dir=self.recordings_dir,
                                          seed=self.seed)
            else:
                name = generated_recording_name(self.recordings_dir, prefix=simulation.scenario_name)
                recorder = Recorder.start(simulation, name, recordings_dir=self.recordings_dir, seed=self.seed)
        except SaveSlotError as error:  # a RecordingError is one: the town plays on, unrecorded
            log.error("this town is not recorded: %s", error)
            self.recording_problem = f"not recorded: {error}"
            return
        self.recorder = recorder
        driver.on_step_passed.append(recorder.on_step_passed)

    @property
    def recording_name(self) -> str | None:
        """The recording a save taken now goes on into (None when the town is not recorded)."""
        recorder = self.recorder
        if recorder is None or recorder.failure is not None:
            return None
        recorder.flush()  # a save's step is then in the recording
        return recorder.name

    @property
    def model_label(self) -> str:
        return self.stack.choice.label if self.stack is not None else "offline model"

    def model_status(self) -> ModelStatusView | None:
        if self.stack is None:
            return None
        return model_status_of(self.stack, operations_in_flight=len(self.runner.thinking))

    def model_down_reason(self) -> str | None:
        """Why the clock should stop for the model now (it is unreachable, or the circuit breaker is
        open: the calls wait for it), else None. The same rule as the headless runner's."""
        outage = model_outage(self.stack) if self.stack is not None else None
        return None if outage is None else outage.reason or "no answer"

    def close(self) -> None:
        if self.closed:
            return
        self.closed = True
        if self.stack is not None:
            self.stack.begin_close()  # no new calls, no more back-off waits: work in flight ends at once
        simulation = self.runner.simulation_when_idle()
        self.runner.close()
        if self.recorder is not None:
            try:
                self.recorder.close(simulation)  # with a keyframe at the end: forkable where it stopped
            except SaveSlotError as error:
                log.error("the recording could not be finished: %s", error)
        if self.stack is not None:
            self.stack.close()


def open_town(world: WorldFolder, scenario: Scenario, *, seed: int, engine_settings: EngineSettings,
              simulation: Simulation | None = None, origin_slot: str | None = None,
              recording: str | None = None, recordings_dir: Path | None = None) -> TownSession:
    """Start a town (or go on with a loaded ``simulation``) with the model the settings choose (the
    offline model when none is reachable). Raises SettingsError for a broken settings file."""
    from agents.engine.mind_services_factory import services_from_settings

    services, stack = services_from_settings()
    warning = concurrency_warning(engine_settings, stack.max_concurrent_requests)
    if warning:
        log.warning("%s", warning)
    try:
        if simulation is None:
            runner = SimulationRunner(world.world_map, scenario, services, seed=seed, settings=engine_settings)
        else:
            runner = SimulationRunner.resume(world.world_map, scenario, simulation, services,
                                             settings=engine_settings)
    except BaseException:
        stack.close()
        raise
    return TownSession(world, scenario, runner, stack, origin_slot=origin_slot,
                       notes=(warning,) if warning else (), recordings_dir=recordings_dir,
                       go_on_recording=recording, seed=seed if simulation is None else None)


def world_of(simulation: Simulation) -> WorldFolder:
    """The world folder a loaded simulation's map came from: where it was saved, or (when the save
    came from another machine or app folder) the world folder of the same name found here."""
    source = Path(simulation.world.source_path)
    if source.is_file():
        return WorldFolder(folder=source.parent, world_map=simulation.world)
    for folder in find_world_folders():
        if folder.name == source.parent.name:
            return WorldFolder(folder=folder, world_map=simulation.world)
    raise WorldFormatError(source, "the world this town lives in is not on this machine",
                           hint="import or copy that world into your worlds folder, then load again")
