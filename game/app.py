"""The game window and its loop: handle input, update, draw, cap at 60 frames per second."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

import pygame

from agents.engine.engine_settings import EngineSettings, concurrency_warning
from agents.engine.simulation_runner import SimulationRunner
from agents.paths import assets_dir, shipped_worlds_dir
from agents.world.errors import WorldFormatError
from agents.world.scenario import Scenario
from agents.world.world_folder import WorldFolder, find_world_folders, load_world_folder
from game.scenes.play_scene import PlayScene

log = logging.getLogger(__name__)

DEFAULT_WINDOW_SIZE_PX = (1280, 720)
FRAME_RATE_CAP = 60
DEFAULT_WORLD = "smallville"
PREFERRED_SCENARIO = "three"


def choose_world(path: Path | None) -> WorldFolder:
    """The world named on the command line, else the shipped Smallville, else any world found."""
    if path is not None:
        return load_world_folder(path)
    default = shipped_worlds_dir() / DEFAULT_WORLD
    if (default / "map.tmx").is_file():
        return load_world_folder(default)
    found = find_world_folders()
    if not found:
        raise WorldFormatError(default, "no world found",
                               hint="pass --world PATH, or import one with smallville-sim import-original")
    return load_world_folder(found[0])


def choose_scenario(world: WorldFolder, name: str | None) -> Scenario:
    if name is not None:
        return world.load_scenario(name)
    names = world.scenario_names()
    if not names:
        raise WorldFormatError(world.folder / "scenarios", "this world has no scenario",
                               hint="see docs/maps.md, section Scenarios")
    return world.load_scenario(PREFERRED_SCENARIO if PREFERRED_SCENARIO in names else names[0])


def create_window(size_px: tuple[int, int] = DEFAULT_WINDOW_SIZE_PX) -> pygame.Surface:
    pygame.display.init()
    pygame.font.init()
    icon = assets_dir() / "icon" / "smallville.png"
    if icon.is_file():
        pygame.display.set_icon(pygame.image.load(str(icon)))
    screen = pygame.display.set_mode(size_px, pygame.RESIZABLE)
    pygame.display.set_caption("Smallville")
    return screen


def run_window(world: WorldFolder, scenario: Scenario, seed: int = 0, start_paused: bool = False,
               engine_settings: EngineSettings | None = None) -> int:
    """Open the window and play until it is closed. The window's loop owns the simulation; its model
    calls run on the worker pool with the model the settings choose (the offline model when none is
    reachable)."""
    from agents.engine.mind_services_factory import services_from_settings

    services, stack = services_from_settings()
    engine_settings = engine_settings or EngineSettings()
    warning = concurrency_warning(engine_settings, stack.max_concurrent_requests)
    if warning:
        log.warning("%s", warning)
    runner = SimulationRunner(world.world_map, scenario, services, seed=seed, settings=engine_settings)
    try:
        breaker = stack.circuit_breaker

        def model_down_reason() -> str | None:
            state = breaker.state() if breaker is not None else None
            return state.reason if state is not None and state.is_open else None

        return _window_loop(world, scenario, runner, stack.choice.label, start_paused, model_down_reason,
                            notes=(warning,) if warning else ())
    finally:
        runner.close()
        stack.close()


def _window_loop(world: WorldFolder, scenario: Scenario, runner: SimulationRunner, model_label: str,
                 start_paused: bool, model_down_reason: Callable[[], str | None],
                 notes: tuple[str, ...] = ()) -> int:
    screen = create_window()
    scene = PlayScene(world, scenario, screen.get_size(), runner=runner, model_label=model_label,
                      model_down_reason=model_down_reason, notes=notes)
    scene.clock_control.paused = start_paused
    clock = pygame.time.Clock()
    caption = ""
    running = True
    while running:
        for event in pygame.event.get():
            if event.type == pygame.QUIT or (event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE):
                running = False
                continue
            scene.handle_event(event)
        dt_seconds = clock.get_time() / 1000.0
        scene.update(dt_seconds)
        scene.draw(pygame.display.get_surface())
        pygame.display.flip()
        if scene.caption() != caption:
            caption = scene.caption()
            pygame.display.set_caption(caption)
        clock.tick(FRAME_RATE_CAP)
    pygame.quit()
    return 0


def render_screenshot(world: WorldFolder, scenario: Scenario, target: Path) -> Path:
    """Draw the first frame without a visible window and save it as an image."""
    screen = create_window()
    scene = PlayScene(world, scenario, screen.get_size())
    scene.draw(screen)
    target.parent.mkdir(parents=True, exist_ok=True)
    pygame.image.save(screen, str(target))
    pygame.quit()
    return target
