"""``smallville --smoke-test``: proves a build works, headless, in a few seconds.

It loads the default world and scenario, renders 60 frames of the play scene (with its clock panel
and the live simulation beside it), runs simulation steps with the
offline model, writes a file into the per-user data folder and reads it back, saves the simulation
into a slot in the per-user saves folder, loads it back and compares the state (then deletes the
slot), then prints one line and exits 0; any failure prints the reason and exits 1.
"""

from __future__ import annotations

import logging
import os
import secrets
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from agents.engine.town_steps import run_steps
from agents.paths import user_data_dir, user_saves_dir
from agents.world.scenario import Scenario
from agents.world.world_folder import WorldFolder

if TYPE_CHECKING:
    import pygame

    from agents.engine.simulation import Simulation

log = logging.getLogger(__name__)

SMOKE_FRAMES = 60
SMOKE_STEPS = 30


class SmokeTestFailure(RuntimeError):
    """One check of the smoke test failed; the message says which and why."""


@dataclass(frozen=True)
class SmokeTestResult:
    world: str
    scenario: str
    frames: int
    frames_seconds: float
    steps: int
    steps_seconds: float
    save_bytes: int
    save_seconds: float
    data_folder: str

    def line(self) -> str:
        return (f"smoke test ok: {self.world} / {self.scenario}: {self.frames} frames in "
                f"{self.frames_seconds * 1000:.0f} ms, {self.steps} simulation steps (offline model) in "
                f"{self.steps_seconds * 1000:.0f} ms, saved and loaded back ({self.save_bytes // 1024} KiB save "
                f"slot) in {self.save_seconds * 1000:.0f} ms, data folder {self.data_folder} writable")


def _check_title_screen(screen: pygame.Surface) -> None:
    """The title screen draws with our theme (the theme file and its fonts are in the build)."""
    import pygame

    from game.scenes.title_scene import TitleActions, TitleScene

    def nothing(*_: object) -> None:
        return None

    title = TitleScene(TitleActions(nothing, nothing, nothing, nothing, nothing, nothing, lambda: None,
                                    lambda: False), screen.get_size())
    if not title.portrait_names:
        raise SmokeTestFailure(f"the title screen shows no residents ({title.problem or 'no scenario'})")
    title.update(1 / 60)
    title.draw(screen)
    if pygame.surfarray.array3d(screen).std() < 5:
        raise SmokeTestFailure("the title screen is blank")
    title.close()


def _check_data_folder() -> str:
    folder = user_data_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe = folder / f".smoke-test-{os.getpid()}"
        token = secrets.token_hex(16)
        probe.write_text(token, encoding="utf-8")
        read_back = probe.read_text(encoding="utf-8")
        probe.unlink()
    except OSError as error:
        raise SmokeTestFailure(f"the per-user data folder {folder} is not writable: {error}") from error
    if read_back != token:
        raise SmokeTestFailure(f"{probe} read back different content than was written")
    return str(folder)


def run_smoke_test() -> SmokeTestResult:
    os.environ["SDL_VIDEODRIVER"] = "dummy"
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    import pygame

    from agents.engine.mind_services_factory import offline_services
    from agents.engine.simulation_runner import SimulationRunner
    from game.app import choose_scenario, choose_world, create_window
    from game.scenes.play_scene import PlayScene

    world = choose_world(None)
    scenario = choose_scenario(world, None)
    screen = create_window()
    runner = SimulationRunner(world.world_map, scenario, offline_services())
    try:
        scene = PlayScene(world, scenario, screen.get_size(), runner=runner, model_label="offline model")
        if scene.clock_panel is None:
            raise SmokeTestFailure("the play scene has no clock panel")
        started = time.perf_counter()
        for frame in range(SMOKE_FRAMES):
            scene.camera.pan_screen(4, 2)
            scene.update(1 / 60)
            scene.draw(screen)
            pygame.display.flip()
        frames_seconds = time.perf_counter() - started
        if pygame.surfarray.array3d(screen).std() < 5:
            raise SmokeTestFailure("the rendered frame is blank")
        if runner.last_error is not None:
            raise SmokeTestFailure(f"the simulation beside the window failed: {runner.last_error}")
        _check_title_screen(screen)
    finally:
        runner.close()
        pygame.quit()
    started = time.perf_counter()
    simulation = run_offline_steps(world, scenario, SMOKE_STEPS)
    steps_seconds = time.perf_counter() - started
    data_folder = _check_data_folder()
    started = time.perf_counter()
    save_bytes = _check_save_slot(simulation)
    save_seconds = time.perf_counter() - started
    return SmokeTestResult(world=world.world_map.name, scenario=scenario.name, frames=SMOKE_FRAMES,
                           frames_seconds=frames_seconds, steps=simulation.clock.step_index,
                           steps_seconds=steps_seconds, save_bytes=save_bytes, save_seconds=save_seconds,
                           data_folder=data_folder)


def _check_save_slot(simulation: Simulation) -> int:
    """Save ``simulation`` into a slot of the per-user saves folder, load it back, compare the state by
    value, delete the slot (and the saves folder if this made it and it is empty); returns the file's
    size."""
    from agents.persistence.errors import SaveSlotError
    from agents.persistence.save_slots import delete_slot, load_slot, save_slot, slot_path

    saves_dir = user_saves_dir()
    folder_existed = saves_dir.is_dir()
    slot = f"smoke-test-{os.getpid()}"
    try:
        save_slot(simulation, slot, saves_dir)
        try:
            size = slot_path(slot, saves_dir).stat().st_size
            loaded = load_slot(slot, saves_dir)
        finally:
            delete_slot(slot, saves_dir)
    except (SaveSlotError, OSError) as error:
        raise SmokeTestFailure(f"saving and loading a save slot failed: {error}") from error
    finally:
        if not folder_existed:
            _remove_if_empty(saves_dir)
    saved_hash, loaded_hash = simulation.snapshot_sha256(), loaded.simulation.snapshot_sha256()
    if saved_hash != loaded_hash:
        raise SmokeTestFailure(f"the simulation loaded from save slot {slot!r} differs from the one saved "
                               f"(state hash {loaded_hash[:12]} instead of {saved_hash[:12]})")
    if loaded.header.step_index != simulation.clock.step_index:
        raise SmokeTestFailure(f"the save slot's header says step {loaded.header.step_index}, the simulation "
                               f"was at step {simulation.clock.step_index}")
    return size


def _remove_if_empty(folder: Path) -> None:
    try:
        folder.rmdir()
    except OSError as error:
        log.info("left the saves folder %s in place (%s)", folder, error)


def run_offline_steps(world: WorldFolder, scenario: Scenario, steps: int) -> Simulation:
    """Run ``steps`` simulation steps of ``scenario`` with the offline model and the local embedder and
    return the simulation; fails when no resident has a plan afterwards."""
    from agents.engine.mind_services_factory import offline_services
    from agents.engine.simulation import Simulation

    services = offline_services()
    simulation = Simulation.create(world.world_map, scenario, services, seed=0)
    run_steps(simulation, steps, services)
    if simulation.clock.step_index != steps:
        raise SmokeTestFailure(f"the clock is at step {simulation.clock.step_index} after {steps} steps")
    if not any(resident.daily_plan for resident in simulation.residents.values()):
        raise SmokeTestFailure("no resident made a plan for the day")
    return simulation
