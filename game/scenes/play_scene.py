"""The play scene: the town, its residents, the camera controls and selection.

Controls: arrow keys or WASD move the view, dragging with the left mouse button moves it too, the
wheel zooms (0.5x to 2x) at the mouse, a left click on a resident selects them (a click elsewhere
clears the selection). With a running simulation: space pauses and resumes, "." advances one step,
"+" and "-" change the speed; the clock panel at the bottom right (:mod:`game.ui.clock_panel`) does
the same with the mouse (pause, step, speed slider) and takes its clicks before the map does.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pygame

from agents.engine.simulation_runner import SimulationRunner
from agents.world.scenario import Scenario
from agents.world.world_folder import WorldFolder
from game.render.camera import PAN_SPEED_SCREEN_PX_PER_SECOND, Camera
from game.render.map_renderer import MapRenderer
from game.render.resident_layer import ResidentLayer
from game.render.resident_pose import Facing, ResidentPose, facing_between
from game.scenes.sim_clock_control import SimClockControl
from game.ui.clock_panel import ClockPanel

PAN_KEYS = {
    pygame.K_LEFT: (-1, 0), pygame.K_a: (-1, 0), pygame.K_RIGHT: (1, 0), pygame.K_d: (1, 0),
    pygame.K_UP: (0, -1), pygame.K_w: (0, -1), pygame.K_DOWN: (0, 1), pygame.K_s: (0, 1),
}
DRAG_THRESHOLD_PX = 4
HUD_BACKGROUND = (18, 20, 28, 200)
HUD_TEXT = (236, 236, 228)


class PlayScene:
    """Draws a world and its scenario's residents and handles the player's view controls."""

    def __init__(self, world: WorldFolder, scenario: Scenario, viewport_size_px: tuple[int, int],
                 runner: SimulationRunner | None = None, model_label: str = "",
                 model_down_reason: Callable[[], str | None] | None = None, notes: Sequence[str] = ()) -> None:
        self.world = world
        self.scenario = scenario
        self.runner = runner
        self.model_label = model_label
        self.model_down_reason = model_down_reason or (lambda: None)
        self.notes = tuple(notes)  # lasting remarks for the HUD (a setting that holds the simulation back)
        self.paused_for_model: str | None = None
        self.clock_control = SimClockControl()
        self.clock_panel = ClockPanel(self.clock_control, viewport_size_px) if runner is not None else None
        self._facing: dict[str, Facing] = {}
        self.map_renderer = MapRenderer(world.map_path)
        self.camera = Camera(map_size_px=self.map_renderer.map_size_px, viewport_size_px=viewport_size_px)
        self.residents = ResidentLayer({p.name: world.sprite_path(p.name) for p in scenario.personas},
                                       self.map_renderer.tile_size_px)
        self.poses: list[ResidentPose] = [ResidentPose(p.name, p.spawn_tile, p.spawn_tile) for p in scenario.personas]
        self.selected: str | None = None
        self._held_pan = [0, 0]
        self._press_at: tuple[int, int] | None = None
        self._dragging = False
        self._hud_font = pygame.font.Font(None, 20)
        if scenario.personas:
            x, y = scenario.personas[0].spawn_tile
            tile = self.map_renderer.tile_size_px
            self.camera.center_on((x + 0.5) * tile, (y + 0.5) * tile)
        else:
            self.camera.center_on(self.camera.map_size_px[0] / 2, self.camera.map_size_px[1] / 2)

    # -- input -------------------------------------------------------------------------------

    def handle_event(self, event: pygame.event.Event) -> bool:
        """React to one event; True if the scene used it."""
        if self.clock_panel is not None and self.clock_panel.handle_event(event):
            if event.type == pygame.MOUSEBUTTONUP:
                self._press_at, self._dragging = None, False
            return True
        if event.type == pygame.KEYDOWN and event.key in PAN_KEYS:
            return True
        if event.type == pygame.KEYDOWN and self.runner is not None:
            if event.key == pygame.K_SPACE:
                self.clock_control.toggle_pause()
                return True
            if event.key == pygame.K_PERIOD:
                self.clock_control.step_once()
                return True
            if event.key in (pygame.K_PLUS, pygame.K_EQUALS, pygame.K_KP_PLUS):
                self.clock_control.faster()
                return True
            if event.key in (pygame.K_MINUS, pygame.K_KP_MINUS):
                self.clock_control.slower()
                return True
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            self._press_at, self._dragging = event.pos, False
            return True
        if event.type == pygame.MOUSEMOTION and self._press_at is not None and event.buttons[0]:
            if not self._dragging:
                moved = abs(event.pos[0] - self._press_at[0]) + abs(event.pos[1] - self._press_at[1])
                self._dragging = moved >= DRAG_THRESHOLD_PX
            if self._dragging:
                self.camera.pan_screen(-event.rel[0], -event.rel[1])
            return True
        if event.type == pygame.MOUSEBUTTONUP and event.button == 1 and self._press_at is not None:
            if not self._dragging:
                self.selected = self.residents.resident_at(event.pos)
            self._press_at, self._dragging = None, False
            return True
        if event.type == pygame.MOUSEWHEEL:
            self.camera.zoom_by_steps(1 if event.y > 0 else -1, pygame.mouse.get_pos())
            return True
        if event.type in (pygame.VIDEORESIZE, pygame.WINDOWSIZECHANGED):
            size = pygame.display.get_surface().get_size()
            self.camera.resize(size)
            if self.clock_panel is not None:
                self.clock_panel.resize(size)
            return True
        return False

    def update(self, dt_seconds: float) -> None:
        pressed = pygame.key.get_pressed()
        dx = sum(vector[0] for key, vector in PAN_KEYS.items() if pressed[key])
        dy = sum(vector[1] for key, vector in PAN_KEYS.items() if pressed[key])
        if dx or dy:
            distance = PAN_SPEED_SCREEN_PX_PER_SECOND * min(dt_seconds, 0.1)
            self.camera.pan_screen(max(-1, min(1, dx)) * distance, max(-1, min(1, dy)) * distance)
        if self.runner is not None:
            self._advance_simulation(dt_seconds)
        if self.clock_panel is not None:
            self.clock_panel.update(dt_seconds)

    def _advance_simulation(self, dt_seconds: float) -> None:
        """Take in finished steps, ask for the next ones at the chosen speed, and pose the residents.
        Never waits for the simulation."""
        runner, control = self.runner, self.clock_control
        assert runner is not None
        control.tick(dt_seconds)
        if runner.poll():
            control.view_published()
        control.measure(runner.view.step_index, dt_seconds)
        down = self.model_down_reason()
        if down and not control.paused:
            control.paused, self.paused_for_model = True, down
        elif not down and self.paused_for_model is not None:
            control.paused, self.paused_for_model = False, None
        steps = control.steps_due(runner.ready)
        if steps and runner.request_steps(steps):
            control.step_requested()
        progress = control.walk_progress()
        poses = []
        for resident in runner.view.residents:
            if resident.previous_tile != resident.tile:
                self._facing[resident.name] = facing_between(resident.previous_tile, resident.tile)
            poses.append(ResidentPose(resident.name, resident.previous_tile, resident.tile, progress,
                                      self._facing.get(resident.name, Facing.DOWN), resident.emoji,
                                      resident.activity))
        self.poses = poses

    def set_poses(self, poses: Sequence[ResidentPose]) -> None:
        """Replace what the residents look like this frame (from the simulation or a replay)."""
        self.poses = list(poses)

    # -- drawing -----------------------------------------------------------------------------

    def draw(self, screen: pygame.Surface) -> None:
        screen.fill((0, 0, 0))
        self.map_renderer.draw_background(screen, self.camera)
        self.residents.draw(screen, self.camera, self.poses, self.selected)
        self.map_renderer.draw_foreground(screen, self.camera)
        self._draw_hud(screen)
        if self.clock_panel is not None:
            self.clock_panel.draw(screen)

    def _hud_lines(self) -> list[str]:
        lines = [f"{self.world.world_map.name} - {self.scenario.title} - {len(self.poses)} residents"]
        runner = self.runner
        if runner is None:
            lines.append("the simulation is not running (first frame)")
        else:
            control = self.clock_control
            state = "paused" if control.paused else control.speed_label
            if not control.paused and control.measured_steps_per_second > 0:
                state += f" (now {control.measured_steps_per_second:.0f} steps/s)"
            if runner.view.step_index == 0 and not runner.ready and runner.busy:
                state += "   starting the residents..."
            elif runner.busy and control.model_is_the_limit:
                state += ("   waiting for the model (the model is the limit)" if runner.thinking
                          else "   the simulation's own work is the limit")
            settings = runner.settings
            lines.append(f"{runner.view.now:%a %d %b %Y  %H:%M}   {state}   model: {self.model_label}   "
                         f"{settings.time_policy.value}, {settings.workers} workers")
            if self.paused_for_model:
                lines.append(f"the model is unreachable ({self.paused_for_model}): the clock is paused "
                             "and resumes when it answers again")
            lines.extend(f"note: {note}" for note in self.notes)
            thinking = thinking_line(runner.thinking)
            if thinking:
                lines.append(thinking)
            if runner.view.last_incident:
                lines.append(f"fallbacks: {runner.view.incidents} (last: {runner.view.last_incident})")
            if runner.last_error:
                lines.append(f"problem: {runner.last_error}")
        selected = self.selected or "nobody (click a resident)"
        if self.runner is not None and self.selected:
            found = next((r for r in self.runner.view.residents if r.name == self.selected), None)
            if found is not None and found.activity:
                selected += f": {found.activity}" + (f" ({found.address.split(':', 1)[-1]})" if found.address else "")
        lines.append(f"zoom {self.camera.zoom:g}x   selected: {selected}")
        controls = "arrows/WASD or drag: move   wheel: zoom   click: select"
        if self.runner is not None:
            controls += "   space or Pause: pause   . or Step: one step   +/- or slider: speed"
        lines.append(controls)
        return lines

    def _draw_hud(self, screen: pygame.Surface) -> None:
        lines = self._hud_lines()
        rendered = [self._hud_font.render(line, True, HUD_TEXT) for line in lines]
        width = max(surface.get_width() for surface in rendered) + 16
        height = sum(surface.get_height() + 2 for surface in rendered) + 10
        panel = pygame.Surface((width, height), pygame.SRCALPHA)
        panel.fill(HUD_BACKGROUND)
        y = 5
        for surface in rendered:
            panel.blit(surface, (8, y))
            y += surface.get_height() + 2
        screen.blit(panel, (8, 8))

    def caption(self) -> str:
        """The window title: world, scenario and who is selected."""
        selected = f" - selected: {self.selected}" if self.selected else ""
        return f"Smallville - {self.world.world_map.name} - {self.scenario.title}{selected}"


THINKING_NAMES_SHOWN = 5


def thinking_line(thinking: Sequence[tuple[str, str]]) -> str:
    """"thinking (3): Isabella Rodriguez (action place), ..." for the HUD; empty when nobody is."""
    if not thinking:
        return ""
    shown = [f"{name} ({kind.replace('_', ' ')})" for name, kind in thinking[:THINKING_NAMES_SHOWN]]
    more = len(thinking) - len(shown)
    return f"thinking ({len(thinking)}): " + ", ".join(shown) + (f" and {more} more" if more else "")
