"""The play scene: the town and its residents, the HUD bar, the clock panel, the inspector and the
residents list, the help overlay, saving, and the quit dialog.

Controls (F1 shows them in the game): arrow keys or WASD move the view, dragging with the left mouse
button moves it too, the wheel zooms (0.5x to 2x) at the mouse, a click on a resident opens the
inspector (a click elsewhere closes it), Tab the residents list, F follows the selected resident.
Space pauses and resumes, "." advances one step, "+" and "-" change the speed, M skips to the first
wake-up; F5 quick-saves, F9 quick-loads, Ctrl+S opens the saves menu. Esc closes the top panel or
dialog; on the bare map it asks "save and quit / quit without saving / cancel". Every action has a
button too (the toolbar at the bottom left, the clock panel at the bottom right).

Panels take their events before the map does; the quit dialog and the help overlay are modal. The
inspector reads a frozen view of the resident built on the agents side
(:mod:`agents.views.resident_view_builder`), refreshed a few times a second while the clock runs.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import pygame
import pygame_gui
from pygame_gui.elements import UIButton

from agents.engine.simulation_runner import SimulationRunner
from agents.llm.settings import SettingsError
from agents.persistence.autosave import AutosaveSettings, load_autosave_settings
from agents.persistence.errors import SaveSlotError
from agents.world.errors import WorldFormatError
from agents.world.scenario import Scenario
from agents.world.world_folder import WorldFolder
from game.render.camera import Camera
from game.render.map_renderer import MapRenderer
from game.render.resident_layer import ResidentLayer
from game.render.resident_pose import ResidentPose
from game.scenes.play_hud import hud_state
from game.scenes.sim_clock_control import SimClockControl, sleep_by_resident
from game.scenes.town_saver import TownSaver, png_thumbnail
from game.scenes.town_viewport import PAN_KEYS, TownViewport
from game.ui.clock_panel import ClockPanel
from game.ui.help_overlay import HelpOverlay
from game.ui.hud_bar import HUD_BAR_HEIGHT_PX, HudBar, HudState, banner_texts
from game.ui.inspector_panel import InspectorPanel
from game.ui.quit_dialog import QuitDialog
from game.ui.residents_list import ResidentsList
from game.ui.theme import make_ui_manager

if TYPE_CHECKING:
    from game.game_app import GameApp
    from game.scenes.town_session import TownSession

log = logging.getLogger(__name__)

BOTTOM_AREA_PX = 52  # the toolbar and the clock panel
VIEW_REFRESH_SECONDS = 0.25  # the inspector's and the residents list's views are rebuilt at most this often
MESSAGE_SECONDS = 5.0
TOOLBAR_BUTTONS = (("residents", "Residents", 88), ("follow", "Follow", 62), ("saves", "Saves", 58),
                   ("settings", "Settings", 74), ("help", "Help", 50), ("menu", "Menu", 58))


class PlayScene:
    """Draws a world and its scenario's residents and handles the player's controls. Without a runner
    (``--screenshot``, tests) it draws the residents where the scenario places them."""

    def __init__(self, world: WorldFolder, scenario: Scenario, viewport_size_px: tuple[int, int],
                 runner: SimulationRunner | None = None, model_label: str = "",
                 model_down_reason: Callable[[], str | None] | None = None, notes: Sequence[str] = (),
                 *, session: TownSession | None = None, app: GameApp | None = None,
                 saver: TownSaver | None = None, on_quick_load: Callable[[], None] | None = None) -> None:
        self.world = world
        self.scenario = scenario
        self.runner = runner
        self.session = session
        self.app = app
        self.model_label = model_label
        self.model_down_reason = model_down_reason or (lambda: None)
        self.notes = tuple(notes)
        self.paused_for_model: str | None = None
        self.size = viewport_size_px
        self.clock_control = SimClockControl()
        self.ui = make_ui_manager(viewport_size_px)
        self.clock_panel = ClockPanel(self.clock_control, viewport_size_px) if runner is not None else None
        self.viewport = TownViewport.for_scenario(world, scenario, viewport_size_px)
        self.selected: str | None = None
        self.follow = False
        self.hud = HudBar()
        self.help = HelpOverlay()
        self.inspector = InspectorPanel(self.ui, viewport_size_px, world.portrait_path, on_ask=self._ask,
                                        on_whisper=self._whisper, on_load_history=self._load_history,
                                        top_px=HUD_BAR_HEIGHT_PX, bottom_px=BOTTOM_AREA_PX, owns_manager=False)
        self.residents_list = ResidentsList(self.ui, viewport_size_px, world.portrait_path, on_pick=self.select,
                                            top_px=HUD_BAR_HEIGHT_PX, bottom_px=BOTTOM_AREA_PX, owns_manager=False)
        self.toolbar: dict[str, UIButton] = {}
        self._build_toolbar()
        self.saver: TownSaver | None = saver  # saves, F5 quick save, autosaves
        self.on_quick_load = on_quick_load or (app.quick_load if app is not None else None)  # F9
        self.quit_dialog: QuitDialog | None = None
        self._saver_message = ""
        self._recording_problem_said: str | None = None
        self._message = ""
        self._message_until = 0.0
        self._views_refreshed_at = -1.0
        self._shown_step = -1
        if notes:
            self.show_message("note: " + "; ".join(notes), seconds=15.0)
        if saver is None and runner is not None and session is not None and app is not None:
            self._make_saver(session, app)

    # the viewport's parts, by the names tests, benchmarks and the smoke test use
    @property
    def camera(self) -> Camera:
        return self.viewport.camera

    @property
    def map_renderer(self) -> MapRenderer:
        return self.viewport.map_renderer

    @property
    def residents(self) -> ResidentLayer:
        return self.viewport.residents

    @property
    def poses(self) -> list[ResidentPose]:
        return self.viewport.poses

    @classmethod
    def for_session(cls, session: TownSession, app: GameApp, viewport_size_px: tuple[int, int]) -> PlayScene:
        return cls(session.world, session.scenario, viewport_size_px, runner=session.runner,
                   model_label=session.model_label, model_down_reason=session.model_down_reason,
                   notes=session.notes, session=session, app=app)

    def _make_saver(self, session: TownSession, app: GameApp) -> None:
        try:
            autosave = load_autosave_settings(app.settings_path)
        except SettingsError as error:  # a bad [saves] table: say so, autosave with the defaults
            self.show_message(str(error), seconds=30)
            autosave = AutosaveSettings()
        self.saver = TownSaver(session.runner, app.saves_dir, session.scenario.name, self.thumbnail_png, autosave,
                               origin_slot=session.origin_slot, recording_of=lambda: session.recording_name)

    def _build_toolbar(self) -> None:
        for button in self.toolbar.values():
            button.kill()
        self.toolbar = {}
        if self.runner is None:
            return
        x = 8
        y = self.size[1] - BOTTOM_AREA_PX + 6
        for key, text, width in TOOLBAR_BUTTONS:
            self.toolbar[key] = UIButton(pygame.Rect(x, y, width, 34), text, self.ui)
            x += width + 4

    # -- player requests -----------------------------------------------------------------------------

    def select(self, name: str | None) -> None:
        self.selected = name
        self.residents_list.set_selected(name)
        self._views_refreshed_at = -1.0
        if name is None:
            self.inspector.hide()
        else:
            self._refresh_views(force=True)

    def _ask(self, name: str, question: str) -> None:
        if self.runner is None:
            return
        try:
            if not self.runner.ask_interview(name, question):
                self.inspector.show_message(f"{name.split()[0]} is still answering the last question")
        except (RuntimeError, ValueError) as error:
            self.inspector.show_message(str(error))
        self._refresh_views(force=True)

    def _whisper(self, name: str, text: str) -> None:
        if self.runner is None:
            return
        try:
            self.runner.whisper(name, text)
            self.inspector.show_message(f"whispered to {name.split()[0]}: it is among their memories now")
        except (RuntimeError, ValueError) as error:
            self.inspector.show_message(str(error))
        self._refresh_views(force=True)

    def _load_history(self, path: Path) -> None:
        if self.runner is None:
            return
        try:
            count = self.runner.load_history(path)
            self.inspector.show_message(f"loaded {count} whispers from {path.name}")
        except (WorldFormatError, RuntimeError, ValueError) as error:
            self.inspector.show_message(f"not loaded: {error}")
        self._refresh_views(force=True)

    def show_message(self, text: str, seconds: float = MESSAGE_SECONDS) -> None:
        self._message = text
        self._message_until = time.monotonic() + seconds

    # -- input ---------------------------------------------------------------------------------------

    def handle_event(self, event: pygame.event.Event) -> bool:
        """React to one event; True if the scene used it (False for an Esc no panel wanted: the stack
        then asks :meth:`request_quit`)."""
        if self.quit_dialog is not None and self.quit_dialog.alive():  # modal: it takes every event
            self.ui.process_events(event)
            return True
        if self.help.handle_event(event):
            return True
        self.viewport.track_pointer(event)
        if self.clock_panel is not None and self.clock_panel.handle_event(event):
            self.viewport.panel_took(event)
            return True
        used = self.ui.process_events(event)
        if self.inspector.handle_event(event) or self.residents_list.handle_event(event) or used:
            self.viewport.panel_took(event)
            if not self.inspector.visible and self.selected is not None:
                self.selected = None
            return True
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            return self._toolbar_pressed(event.ui_element)
        if event.type == pygame.KEYDOWN:
            return self._key(event)
        return self._mouse(event)

    def _toolbar_pressed(self, element: object) -> bool:
        for key, button in self.toolbar.items():
            if element is button:
                self._command(key)
                return True
        return False

    def _command(self, command: str) -> None:
        app = self.app
        if command == "residents":
            self.residents_list.toggle()
            self._refresh_views(force=True)
        elif command == "follow":
            self.follow = not self.follow and self.selected is not None
            if self.selected is None:
                self.show_message("pick a resident to follow first")
        elif command == "saves" and app is not None:
            app.open_saves()
        elif command == "settings" and app is not None:
            app.open_settings()
        elif command == "help":
            self.help.toggle()
        elif command == "menu":
            self.request_quit()
        elif command == "quick_save" and self.saver is not None:
            try:
                self.saver.quick_save()
            except SaveSlotError as error:
                self.show_message(str(error), seconds=15)
        elif command == "quick_load" and self.on_quick_load is not None:
            self.on_quick_load()

    def _key(self, event: pygame.event.Event) -> bool:
        key = event.key
        if key in PAN_KEYS:
            return True
        if key == pygame.K_TAB:
            self._command("residents")
            return True
        if key == pygame.K_f:
            self._command("follow")
            return True
        if key == pygame.K_F5:
            self._command("quick_save")
            return True
        if key == pygame.K_F9:
            self._command("quick_load")
            return True
        if key == pygame.K_s and event.mod & pygame.KMOD_CTRL:
            self._command("saves")
            return True
        if self.runner is None:
            return False
        control = self.clock_control
        if key == pygame.K_SPACE:
            control.toggle_pause()
        elif key == pygame.K_PERIOD:
            control.step_once()
        elif key in (pygame.K_PLUS, pygame.K_EQUALS, pygame.K_KP_PLUS):
            control.faster()
        elif key in (pygame.K_MINUS, pygame.K_KP_MINUS):
            control.slower()
        elif key == pygame.K_m:
            control.skip_to_morning()
        else:
            return False
        return True

    def _mouse(self, event: pygame.event.Event) -> bool:
        result = self.viewport.handle_mouse(event, on_click=self.select)
        self.follow = self.follow and not result.moved_view
        return result.used

    def resize(self, size_px: tuple[int, int]) -> None:
        if size_px == self.size:
            return
        self.size = size_px
        self.viewport.resize(size_px)
        self.ui.set_window_resolution(size_px)
        self.inspector.resize(size_px)
        self.residents_list.resize(size_px)
        self._build_toolbar()
        if self.clock_panel is not None:
            self.clock_panel.resize(size_px)

    def request_quit(self) -> bool:
        """The window was closed, or Esc reached the bare map: ask "save and quit / quit without
        saving / cancel". Without a town to lose, quit at once."""
        if self.runner is None or self.app is None:
            return False
        if self.quit_dialog is not None and self.quit_dialog.alive():
            return True
        self.quit_dialog = QuitDialog(self.ui, on_save_and_quit=self._save_and_quit,
                                      on_quit=self._quit_without_saving)
        return True

    def _save_and_quit(self) -> None:
        """Write an autosave now (a SaveSlotError keeps the dialog open, saying why), then quit."""
        if self.saver is not None:
            self.saver.save_on_quit()
        assert self.app is not None
        self.app.quit()

    def _quit_without_saving(self) -> None:
        assert self.app is not None
        self.app.quit()

    # -- the clock -----------------------------------------------------------------------------------

    def update(self, dt_seconds: float) -> None:
        if self.viewport.pan_with_keys(dt_seconds, self.inspector.typing or self.residents_list.typing):
            self.follow = False
        if self.saver is not None:
            self.saver.update()  # before the steps are asked for: it may hold them back for a save
            if self.saver.last_message and self.saver.last_message != self._saver_message:
                self._saver_message = self.saver.last_message
                self.show_message(self.saver.last_message)
        if self.runner is not None:
            self._advance_simulation(dt_seconds)
            self._refresh_views()
        if self.follow and self.selected is not None:
            self._follow_selected()
        if self.clock_panel is not None:
            self.clock_panel.update(dt_seconds)
        self.inspector.update(dt_seconds)
        self.residents_list.update(dt_seconds)
        self.ui.update(dt_seconds)
        self._say_recording_problem()
        if self._message and time.monotonic() > self._message_until:
            self._message = ""
        self.hud.set_state(self._hud_state())

    def _say_recording_problem(self) -> None:
        """Once: the town could not be recorded, or its recording stopped (a full disk)."""
        session = self.session
        if session is None:
            return
        recorder = session.recorder
        problem = session.recording_problem or (f"recording stopped: {recorder.failure}"
                                                if recorder is not None and recorder.failure else None)
        if problem and problem != self._recording_problem_said:
            self._recording_problem_said = problem
            self.show_message(problem, seconds=20)

    def _advance_simulation(self, dt_seconds: float) -> None:
        """Take in finished steps, ask for the next ones at the chosen speed, and pose the residents.
        Never waits for the simulation."""
        runner, control = self.runner, self.clock_control
        assert runner is not None
        control.tick(dt_seconds)
        if runner.poll():
            control.view_published()
        control.note_sleep(sleep_by_resident((r.name, r.activity) for r in runner.view.residents))
        control.measure(runner.view.step_index, dt_seconds)
        down = self.model_down_reason()
        if down and not control.paused:
            control.paused, self.paused_for_model = True, down
        elif not down and self.paused_for_model is not None:
            control.paused, self.paused_for_model = False, None
        holding = self.saver is not None and self.saver.holds_steps
        steps = 0 if holding else control.steps_due(runner.ready)
        if steps and runner.request_steps(steps):
            control.step_requested(steps)
        self.viewport.pose_residents(runner.view.residents, control.walk_progress())

    def _refresh_views(self, force: bool = False) -> None:
        """The inspector's and the residents list's views, rebuilt at most every VIEW_REFRESH_SECONDS."""
        runner = self.runner
        if runner is None:
            return
        now = time.monotonic()
        if not force and now - self._views_refreshed_at < VIEW_REFRESH_SECONDS:
            return
        self._views_refreshed_at = now
        try:
            if self.selected is not None:
                view = runner.resident_view(self.selected)
                if view is not None:
                    self.inspector.show(view)
            if self.residents_list.visible:
                self.residents_list.set_residents(runner.resident_summaries())
        except RuntimeError:  # the town is not created yet
            return

    def _follow_selected(self) -> None:
        assert self.selected is not None
        # keep them in the part of the map the inspector leaves free
        self.viewport.follow(self.selected, self.inspector.rect.width / 2 if self.inspector.visible else 0.0)

    def set_poses(self, poses: Sequence[ResidentPose]) -> None:
        """Replace what the residents look like this frame (tests, benchmarks)."""
        self.viewport.set_poses(poses)

    # -- drawing -------------------------------------------------------------------------------------

    def _hud_state(self) -> HudState | None:
        if self.runner is None:
            return None
        model = self.session.model_status() if self.session is not None else None
        message = self._message
        runner = self.runner
        if runner.last_error:
            message = f"problem: {runner.last_error}"
        elif not message and runner.view.step_index == 0 and runner.busy and not runner.ready:
            message = "starting the town: the residents wake into their memories..."
        if self.paused_for_model and (model is None or not model.unreachable):
            message = (f"The model is unreachable ({self.paused_for_model}): the clock is paused and goes on "
                       "when it answers again")
        return hud_state(self.clock_control, self.runner, model, message)

    def hud_texts(self) -> list[str]:
        """What the HUD shows now, as text (bar, then banners)."""
        state = self.hud.state
        if state is None:
            return [f"{self.world.world_map.name} - {self.scenario.title}"]
        return [*self.hud.bar_texts(), *(text for text, _ in banner_texts(state))]

    def draw(self, screen: pygame.Surface) -> None:
        screen.fill((0, 0, 0))
        self.viewport.draw(screen, self.selected)
        self.hud.draw(screen)
        self.ui.draw_ui(screen)
        if self.clock_panel is not None:
            self.clock_panel.draw(screen)
        self.help.draw(screen)

    def thumbnail_png(self) -> bytes | None:
        """A small PNG of the town as the camera sees it (not of whatever menu is on top)."""
        try:
            surface = pygame.Surface(self.size)
            self.viewport.draw(surface, None)
            return png_thumbnail(surface)
        except pygame.error as error:
            log.warning("no thumbnail for the save: %s", error)
            return None

    def caption(self) -> str:
        """The window title: world, scenario, game time, and who is inspected."""
        caption = f"Smallville - {self.world.world_map.name} - {self.scenario.title}"
        if self.runner is not None:
            caption += f" - {self.runner.view.now:%a %d %b %Y %H:%M}"
        if self.selected:
            caption += f" - inspecting {self.selected}"
        return caption

    def close(self) -> None:
        if self.saver is not None:
            self.saver.close()  # pending writes finish first
        if self.session is not None:
            self.session.close()
        self.ui.clear_and_reset()

