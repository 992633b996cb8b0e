"""The title screen: Continue, New town (a world, imported ones included, a scenario with its
residents' portraits and start time, and whether to skip to the first wake-up), Load, Replay,
Settings, Quit.

The scene knows nothing of how a town is started or loaded: it calls the :class:`TitleActions` it
was given. Worlds are listed from :func:`agents.world.world_folder.find_world_folders`; a world or
scenario that cannot be read is shown with its error instead of its residents.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pygame
import pygame_gui
from pygame_gui.core import ObjectID
from pygame_gui.elements import UIButton, UIDropDownMenu, UIImage, UILabel, UIPanel, UITextBox

from agents.world.art_check import check_map_images
from agents.world.errors import WorldFormatError
from agents.world.scenario import Scenario
from agents.world.scenario_fit import check_scenario_fits
from agents.world.tmx_loader import load_world_map
from agents.world.world_folder import WorldFolder, find_world_folders, resolve_map_path
from game.ui.help_overlay import HelpOverlay
from game.ui.theme import make_ui_manager

log = logging.getLogger(__name__)

BUTTON_SIZE_PX = (260, 44)
PORTRAIT_PX = 56
PORTRAITS_TOP_PX = 180
BACKGROUND = (22, 25, 33)


@dataclass(frozen=True)
class TitleActions:
    """What the title screen's buttons do (the app provides them)."""

    new_town: Callable[[Path, str, bool], None]  # world folder, scenario name, skip to morning
    continue_game: Callable[[], None]
    load: Callable[[], None]
    replay: Callable[[], None]
    settings: Callable[[], None]
    quit: Callable[[], None]
    continue_label: Callable[[], str | None]  # "autosave-2: Mon 13 Feb 08:30" or None when there is no save
    has_recordings: Callable[[], bool]


class TitleScene:
    """See the module docstring."""

    def __init__(self, actions: TitleActions, viewport_size_px: tuple[int, int],
                 world_folders: list[Path] | None = None, preferred_scenario: str = "three") -> None:
        self.actions = actions
        self.world_folders = world_folders if world_folders is not None else find_world_folders()
        self.preferred_scenario = preferred_scenario
        self.manager = make_ui_manager(viewport_size_px)
        self._size = viewport_size_px
        self._worlds: dict[Path, WorldFolder] = {}
        self.world_index = 0
        self.scenario_name: str | None = None
        self.skip_to_morning = True
        self.problem = ""  # what is wrong with the chosen world or scenario
        self.notice = ""  # a problem met on the way into a town, shown until another choice is made
        self._portraits: list[pygame.Surface] = []
        self.help = HelpOverlay()
        self._build()

    # -- layout ----------------------------------------------------------------------------------

    def _build(self) -> None:
        self.manager.clear_and_reset()
        width, height = self._size
        self.manager.set_window_resolution(self._size)
        left_x = max(40, width // 16)
        UILabel(pygame.Rect(left_x, 40, BUTTON_SIZE_PX[0], 60), "Smallville", self.manager,
                object_id=ObjectID(class_id="@title"))
        UILabel(pygame.Rect(left_x, 100, BUTTON_SIZE_PX[0], 24), "generative agents living in a small town", self.manager,
                object_id=ObjectID(class_id="@dim"))
        y = 150
        label = self.actions.continue_label()
        self.continue_button = UIButton(pygame.Rect((left_x, y), BUTTON_SIZE_PX), "Continue", self.manager,
                                        object_id=ObjectID(class_id="@primary_button"),
                                        tool_tip_text=label or "no saved town yet")
        if label is None:
            self.continue_button.disable()
        self.continue_detail = UILabel(pygame.Rect(left_x, y + BUTTON_SIZE_PX[1], BUTTON_SIZE_PX[0], 22),
                                       label or "no saved town yet", self.manager,
                                       object_id=ObjectID(class_id="@dim"))
        y += BUTTON_SIZE_PX[1] + 34
        self.load_button = UIButton(pygame.Rect((left_x, y), BUTTON_SIZE_PX), "Load...", self.manager)
        y += BUTTON_SIZE_PX[1] + 12
        recordings = self.actions.has_recordings()
        self.replay_button = UIButton(pygame.Rect((left_x, y), BUTTON_SIZE_PX), "Replay...", self.manager,
                                      tool_tip_text=None if recordings else "no recorded run yet")
        if not recordings:
            self.replay_button.disable()
        y += BUTTON_SIZE_PX[1] + 12
        self.settings_button = UIButton(pygame.Rect((left_x, y), BUTTON_SIZE_PX), "Settings...", self.manager)
        y += BUTTON_SIZE_PX[1] + 12
        self.quit_button = UIButton(pygame.Rect((left_x, y), BUTTON_SIZE_PX), "Quit", self.manager)
        y += BUTTON_SIZE_PX[1] + 16
        UILabel(pygame.Rect(left_x, min(y, height - 34), BUTTON_SIZE_PX[0], 22), "F1: keys and help", self.manager,
                object_id=ObjectID(class_id="@dim"))

        panel_x = left_x + BUTTON_SIZE_PX[0] + 40
        panel_width = min(680, width - panel_x - 30)
        panel_height = height - 80
        self.new_panel = UIPanel(pygame.Rect(panel_x, 40, panel_width, panel_height), manager=self.manager)
        inner_width = panel_width - 30
        UILabel(pygame.Rect(12, 8, inner_width, 30), "New town", self.manager, container=self.new_panel,
                object_id=ObjectID(class_id="@heading"))
        names = [self._world_label(path) for path in self.world_folders] or ["(no world found)"]
        self.world_index = min(self.world_index, max(0, len(self.world_folders) - 1))
        UILabel(pygame.Rect(12, 46, 90, 30), "World", self.manager, container=self.new_panel)
        self.world_menu = UIDropDownMenu(names, names[self.world_index], pygame.Rect(100, 46, inner_width - 90, 30),
                                         self.manager, container=self.new_panel)
        world = self._world()
        scenarios = list(world.scenario_names()) if world is not None else []
        if self.scenario_name not in scenarios:
            self.scenario_name = (self.preferred_scenario if self.preferred_scenario in scenarios
                                  else (scenarios[0] if scenarios else None))
        UILabel(pygame.Rect(12, 84, 90, 30), "Scenario", self.manager, container=self.new_panel)
        self.scenario_menu = UIDropDownMenu(scenarios or ["(none)"], self.scenario_name or "(none)",
                                            pygame.Rect(100, 84, inner_width - 90, 30), self.manager,
                                            container=self.new_panel)
        scenario = self._scenario(world)
        problem = self.problem or self.notice
        info = "" if problem else (f"{len(scenario.personas)} residents, starts "
                                   f"{scenario.start_time:%a %d %b %Y, %H:%M}" if scenario else "")
        self.scenario_info = UILabel(pygame.Rect(12, 122, inner_width, 24), info, self.manager,
                                     container=self.new_panel, object_id=ObjectID(class_id="@dim"))
        self.problem_box: UITextBox | None = None
        if problem:  # wrapped over lines: a path and a hint do not fit in one
            self.problem_box = UITextBox(html.escape(problem), pygame.Rect(12, 122, inner_width, 96),
                                         self.manager, container=self.new_panel)
        self.scenario_title = UILabel(pygame.Rect(12, 146, inner_width, 24), scenario.title if scenario and not problem else "",
                                      self.manager, container=self.new_panel)
        self._portraits = []
        self.portrait_names: list[str] = []
        if scenario is not None and world is not None:
            top = PORTRAITS_TOP_PX + (48 if problem else 0)  # below the problem's lines
            self._place_portraits(world, scenario, inner_width, top, panel_height - top - 80)
        button_y = panel_height - 64
        self.skip_button = UIButton(pygame.Rect(12, button_y, 250, 40), self._skip_text(), self.manager,
                                    container=self.new_panel,
                                    tool_tip_text="start at the first wake-up instead of watching everyone sleep")
        self.start_button = UIButton(pygame.Rect(inner_width - 200, button_y, 200, 40), "Start the town",
                                     self.manager, container=self.new_panel,
                                     object_id=ObjectID(class_id="@primary_button"))
        if scenario is None:
            self.start_button.disable()

    def _place_portraits(self, world: WorldFolder, scenario: Scenario, width: int, top: int, height: int) -> None:
        for cell_w, scale in ((118, PORTRAIT_PX), (84, 40), (72, 32)):  # the largest cells that hold everyone
            cell_h = scale + 24
            columns = max(1, width // cell_w)
            if -(-len(scenario.personas) // columns) * cell_h <= height:
                break
        for index, persona in enumerate(scenario.personas):
            column, row = index % columns, index // columns
            x, y = 12 + column * cell_w, top + row * cell_h
            if y + cell_h > top + height:
                break
            image = _portrait(world.portrait_path(persona.name), scale)
            UIImage(pygame.Rect(x + (cell_w - scale) // 2, y, scale, scale), image, self.manager,
                    container=self.new_panel)
            UILabel(pygame.Rect(x, y + scale, cell_w, 22), persona.name.split()[0], self.manager,
                    container=self.new_panel)
            self.portrait_names.append(persona.name)

    def show_message(self, text: str) -> None:
        """A problem met on the way into a town (its art cannot be drawn, say): shown in the panel."""
        self.notice = text
        self._build()

    def _skip_text(self) -> str:
        return ("[x] " if self.skip_to_morning else "[  ] ") + "Skip to morning"

    def _world_label(self, path: Path) -> str:
        return f"{path.name}  ({path.parent})"

    def _world(self) -> WorldFolder | None:
        if not self.world_folders:
            self.problem = "no world found: import one with smallville-sim import-original"
            return None
        path = self.world_folders[self.world_index]
        if path not in self._worlds:
            try:
                folder, map_path = resolve_map_path(path)
                world_map = load_world_map(map_path)
                check_map_images(map_path)  # a world whose art cannot be drawn is not offered to start
                self._worlds[path] = WorldFolder(folder=folder, world_map=world_map)
            except WorldFormatError as error:
                self.problem = str(error)
                return None
        self.problem = ""
        return self._worlds[path]

    def _scenario(self, world: WorldFolder | None) -> Scenario | None:
        if world is None or self.scenario_name is None:
            return None
        try:
            scenario = world.load_scenario(self.scenario_name)
            check_scenario_fits(world.world_map, scenario)
        except WorldFormatError as error:
            self.problem = str(error)
            return None
        return scenario

    # -- the loop --------------------------------------------------------------------------------

    def handle_event(self, event: pygame.event.Event) -> bool:
        if self.help.handle_event(event):
            return True
        used = self.manager.process_events(event)
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            element = event.ui_element
            if element is self.continue_button:
                self.actions.continue_game()
            elif element is self.load_button:
                self.actions.load()
            elif element is self.replay_button:
                self.actions.replay()
            elif element is self.settings_button:
                self.actions.settings()
            elif element is self.quit_button:
                self.actions.quit()
            elif element is self.skip_button:
                self.skip_to_morning = not self.skip_to_morning
                self.skip_button.set_text(self._skip_text())
            elif element is self.start_button:
                self.start()
            return True
        if event.type == pygame_gui.UI_DROP_DOWN_MENU_CHANGED:
            if event.ui_element is self.world_menu:
                labels = [self._world_label(path) for path in self.world_folders]
                if event.text in labels:
                    self.world_index = labels.index(event.text)
                    self.scenario_name, self.notice = None, ""
                    self._build()
            elif event.ui_element is self.scenario_menu and event.text != "(none)":
                self.scenario_name, self.notice = event.text, ""
                self._build()
            return True
        if event.type == pygame.KEYDOWN and event.key == pygame.K_RETURN and self.start_button.is_enabled:
            self.start()
            return True
        return used

    def start(self) -> None:
        if self.world_folders and self.scenario_name is not None:
            self.actions.new_town(self.world_folders[self.world_index], self.scenario_name, self.skip_to_morning)

    def update(self, dt_seconds: float) -> None:
        self.manager.update(dt_seconds)

    def draw(self, surface: pygame.Surface) -> None:
        surface.fill(BACKGROUND)
        self.manager.draw_ui(surface)
        self.help.draw(surface)

    def resize(self, size_px: tuple[int, int]) -> None:
        if size_px != self._size:
            self._size = size_px
            self._build()

    def refresh(self) -> None:
        """Read the saves and recordings again (after a save, a delete, new settings)."""
        self._build()

    def request_quit(self) -> bool:
        return False

    def close(self) -> None:
        self.manager.clear_and_reset()


def _portrait(path: Path, size_px: int) -> pygame.Surface:
    """A resident's portrait scaled to ``size_px``; a plain tile when the file is missing or broken."""
    try:
        image = pygame.image.load(str(path))
        return pygame.transform.smoothscale(image.convert_alpha() if pygame.display.get_surface() else image,
                                            (size_px, size_px))
    except (pygame.error, FileNotFoundError, OSError, ValueError) as error:
        log.info("no portrait at %s (%s)", path, error)
        surface = pygame.Surface((size_px, size_px))
        surface.fill((60, 66, 84))
        return surface
