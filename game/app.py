"""The game window: choosing the world and scenario, creating the window, and starting the app's loop
(:mod:`game.game_app`); and `--screenshot`, one frame drawn headless to a PNG."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

import pygame

from agents.engine.engine_settings import EngineSettings
from agents.paths import assets_dir, shipped_worlds_dir
from agents.world.errors import WorldFormatError
from agents.world.scenario import Scenario
from agents.world.scenario_fit import check_scenario_fits
from agents.world.world_folder import WorldFolder, find_world_folders, load_world_folder
from game.scenes.play_scene import PlayScene
from game.ui.theme import MIN_WINDOW_SIZE_PX

log = logging.getLogger(__name__)

DEFAULT_WINDOW_SIZE_PX = (1280, 720)
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
    """The scenario named (or the preferred one), checked to fit the world (a WorldFormatError)."""
    if name is None:
        names = world.scenario_names()
        if not names:
            raise WorldFormatError(world.folder / "scenarios", "this world has no scenario",
                                   hint="see docs/maps.md, section Scenarios")
        name = PREFERRED_SCENARIO if PREFERRED_SCENARIO in names else names[0]
    scenario = world.load_scenario(name)
    check_scenario_fits(world.world_map, scenario)
    return scenario


def create_window(size_px: tuple[int, int] = DEFAULT_WINDOW_SIZE_PX) -> pygame.Surface:
    pygame.display.init()
    pygame.font.init()
    icon = assets_dir() / "icon" / "smallville.png"
    if icon.is_file():
        pygame.display.set_icon(pygame.image.load(str(icon)))
    screen = pygame.display.set_mode(size_px, pygame.RESIZABLE)
    pygame.display.set_caption("Smallville")
    try:  # everything stays usable down to this size; the window manager keeps it no smaller
        pygame.Window.from_display_module().minimum_size = MIN_WINDOW_SIZE_PX
    except (AttributeError, pygame.error) as error:
        log.info("cannot set the window's minimum size: %s", error)
    return screen


def run_window(world: WorldFolder | None, scenario: Scenario | None, seed: int = 0, start_paused: bool = False,
               engine_settings: Callable[[], EngineSettings] | None = None) -> int:
    """Open the window and play until it is closed: the title screen, or (with a world and a
    scenario named) straight into a new town. Model calls run on the worker pool with the model the
    settings choose (the offline model when none is reachable)."""
    from game.game_app import GameApp

    app = GameApp(engine_settings=engine_settings or EngineSettings, seed=seed, start_paused=start_paused)
    app.save_and_quit_on_sigterm()  # before SDL starts: SDL keeps a handler that is already there
    create_window()
    try:
        if world is not None and scenario is not None:
            app.play_new(world, scenario)
        return app.run()
    finally:
        pygame.quit()


def render_screenshot(world: WorldFolder, scenario: Scenario, target: Path) -> Path:
    """Draw the first frame without a visible window and save it as an image."""
    screen = create_window()
    scene = PlayScene(world, scenario, screen.get_size())
    scene.draw(screen)
    target.parent.mkdir(parents=True, exist_ok=True)
    pygame.image.save(screen, str(target))
    pygame.quit()
    return target
