"""A short recorded run of the shipped town for the recording tests, with what the live town showed at
every step (frames, resident views at sampled steps, state hashes at chosen steps) to compare with
what the recording gives back."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from pathlib import Path

from agents.cognition.services import MindServices
from agents.engine.simulation import Simulation
from agents.engine.step_driver import StepDriver
from agents.paths import shipped_worlds_dir
from agents.persistence.recorder import Recorder, RecorderSettings
from agents.views.resident_view import ResidentDetailView
from agents.views.resident_view_builder import MemoryViewCache, resident_detail_view, thinking_by_resident
from agents.views.town_frame import SimulationView, tiles_of_residents, view_of
from agents.world.world_folder import load_world_folder

INTERVIEWED = "Isabella Rodriguez"
WHISPERED_TO = "Klaus Mueller"
QUESTION = "What are you planning for the party?"
WHISPER = "You would like to visit Hobbs Cafe this afternoon."
VIEW_FIELDS_COMPARED = tuple(f.name for f in fields(ResidentDetailView) if f.name not in ("version", "memory_version"))


@dataclass
class RecordedRun:
    """The run's recording and what the live town showed."""

    path: Path
    recordings_dir: Path
    first_step: int
    last_step: int
    frames: dict[int, SimulationView] = field(default_factory=dict)
    views: dict[tuple[str, int], ResidentDetailView] = field(default_factory=dict)
    hashes: dict[int, str] = field(default_factory=dict)
    interview_step: int = 0
    final: Simulation | None = None


def town(services: MindServices, scenario: str = "three", seed: int = 5) -> Simulation:
    folder = load_world_folder(shipped_worlds_dir() / "smallville")
    return Simulation.create(folder.world_map, folder.load_scenario(scenario), services, seed=seed)


def record_run(services: MindServices, recordings_dir: Path, *, steps: int, interview_step: int,
               view_steps: set[int], hash_steps: set[int], name: str = "run",
               settings: RecorderSettings | None = None) -> RecordedRun:
    """Record ``steps`` steps of the "three" town from its start; at ``interview_step`` (between
    steps) the player interviews one resident and whispers to another."""
    simulation = town(services)
    driver = StepDriver.inline(simulation, services)
    recorder = Recorder.start(simulation, name, recordings_dir=recordings_dir, seed=5,
                              settings=settings or RecorderSettings())
    run = RecordedRun(recorder.path, recordings_dir, simulation.clock.step_index, 0, interview_step=interview_step)
    cache = MemoryViewCache()
    run.frames[simulation.clock.step_index] = view_of(simulation, {})
    if simulation.clock.step_index in hash_steps:
        run.hashes[simulation.clock.step_index] = simulation.snapshot_sha256()
    for _ in range(steps):
        before = tiles_of_residents(simulation)
        driver.step()
        step = simulation.clock.step_index
        if step == interview_step:
            simulation.interview(INTERVIEWED, QUESTION, services)
            simulation.whisper(WHISPERED_TO, WHISPER, services)
        thinking = thinking_by_resident(driver.thinking)
        recorder.after_step(simulation, thinking)
        run.frames[step] = view_of(simulation, before, thinking)
        if step in view_steps:
            for name_ in simulation.residents:
                run.views[(name_, step)] = resident_detail_view(simulation, name_, thinking=thinking.get(name_, ""),
                                                                cache=cache)
        if step in hash_steps:
            run.hashes[step] = simulation.snapshot_sha256()
    recorder.close(simulation)
    run.last_step = simulation.clock.step_index
    run.final = simulation
    return run
