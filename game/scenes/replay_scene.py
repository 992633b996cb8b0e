"""The replay scene: a recorded run played back with the same map, sprites, walk animation, bubbles
and inspector as live play.

Top: a bar with the recording's name, the game time and step shown, and the speed. Bottom: the
control row (:mod:`game.ui.replay_controls`: step back, play/pause, step forward, speed from 1 to 64
steps per second or as fast as possible, a time to jump to, "Continue from here", Close) over the
timeline (:mod:`game.ui.timeline_bar`: day and hour marks, conversation and reflection markers; press
or drag to scrub). A click on a resident opens the inspector, read-only, showing the resident as of
the step shown (:meth:`RecordingReader.resident_view`); it follows the replay as it plays.

Keys: Space plays and pauses, "," and "." step back and forward, "+" and "-" change the speed, Home
and End go to the first and last step, J types a time to jump to, F follows the selected resident,
arrows/WASD move the view; Esc closes the inspector, then the replay.

The scene reads only a :class:`ReplaySource` (a recording reader), never a live simulation. A
recording still being written grows while it is watched.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

import pygame

from agents.views.game_time_query import GameTimeQueryError, parse_game_moment
from agents.views.resident_view import ResidentDetailView
from game.scenes.replay_clock import ReplayClock
from game.scenes.town_viewport import PAN_KEYS, TownViewport
from game.ui.hud_bar import BAR_COLOUR, BORDER_COLOUR, HUD_BAR_HEIGHT_PX, PADDING_PX, TEXT_COLOUR, ui_font
from game.ui.inspector_panel import InspectorPanel
from game.ui.replay_controls import CONTROLS_HEIGHT_PX, ReplayControls
from game.ui.theme import make_ui_manager
from game.ui.timeline_bar import TIMELINE_HEIGHT_PX, TimelineBar, TimelineMarker

log = logging.getLogger(__name__)

FAST_AS_POSSIBLE_BUDGET_SECONDS = 0.010  # of a frame, spent reading frames when "as fast as possible"
VIEW_REFRESH_SECONDS = 0.25  # the inspector's view is rebuilt at most this often while playing
BOUNDS_REFRESH_SECONDS = 1.0  # how often a recording being written is asked how far it has got
MESSAGE_SECONDS = 6.0
MESSAGE_COLOUR = (47, 78, 122)


class ReplaySource(Protocol):
    """What the replay scene reads (:class:`agents.persistence.recording_reader.RecordingReader`)."""

    @property
    def first_step(self) -> int: ...

    @property
    def last_step(self) -> int: ...  # asked anew each time: a recording being written grows

    def frame(self, step: int) -> Any: ...  # .now, .residents (name, tile, previous_tile, activity, emoji)

    def markers(self) -> Iterable[Any]: ...  # (step, kind, names)

    def time_of(self, step: int) -> datetime: ...

    def step_at(self, when: datetime) -> int: ...

    def resident_view(self, name: str, step: int) -> ResidentDetailView | None: ...


class ReplayScene:
    """See the module docstring. ``on_continue(step)`` forks a live town at that step (None: the
    button is disabled); ``on_close()`` leaves the replay."""

    def __init__(self, source: ReplaySource, title: str, map_path: Path, sprite_paths: dict[str, Path],
                 portrait_path_for: Callable[[str], Path], viewport_size_px: tuple[int, int], *,
                 on_close: Callable[[], None], on_continue: Callable[[int], None] | None = None,
                 start_step: int | None = None) -> None:
        self.source = source
        self.title = title
        self.size = viewport_size_px
        self.on_close, self.on_continue = on_close, on_continue
        self.clock = ReplayClock(source.first_step, source.last_step, start_step=start_step)
        first = source.frame(self.clock.step)
        self.viewport = TownViewport(map_path, sprite_paths, {r.name: r.tile for r in first.residents},
                                     viewport_size_px)
        self.frame = first
        self._shown_step = self.clock.step
        self.viewport.pose_residents(first.residents, 1.0)
        self.ui = make_ui_manager(viewport_size_px)
        self.inspector = InspectorPanel(self.ui, viewport_size_px, portrait_path_for, top_px=HUD_BAR_HEIGHT_PX,
                                        bottom_px=self._bottom_px(), owns_manager=False, read_only=True)
        self.controls = ReplayControls(self.ui, self._controls_rect(), self.clock, on_jump=self.jump_to,
                                       on_continue=self._continue, on_close=self.on_close,
                                       can_continue=on_continue is not None)
        self.timeline = TimelineBar(self._timeline_rect(), on_seek=self.seek)
        self.timeline.set_range(source.first_step, source.last_step, source.time_of)
        self.timeline.set_markers(self._markers())
        self.selected: str | None = None
        self.follow = False
        self._message = ""
        self._message_until = 0.0
        self._view_built_at = -1.0
        self._view_step = -1
        self._bounds_checked_at = time.monotonic()
        self._bar: tuple[str, pygame.Surface] | None = None

    # -- layout --------------------------------------------------------------------------------------

    @staticmethod
    def _bottom_px() -> int:
        return CONTROLS_HEIGHT_PX + TIMELINE_HEIGHT_PX

    def _controls_rect(self) -> pygame.Rect:
        width = min(self.size[0], ReplayControls.width_px())
        return pygame.Rect((self.size[0] - width) // 2, self.size[1] - self._bottom_px(), width, CONTROLS_HEIGHT_PX)

    def _timeline_rect(self) -> pygame.Rect:
        return pygame.Rect(0, self.size[1] - TIMELINE_HEIGHT_PX, self.size[0], TIMELINE_HEIGHT_PX)

    def resize(self, size_px: tuple[int, int]) -> None:
        if size_px == self.size:
            return
        self.size = size_px
        self.viewport.resize(size_px)
        self.ui.set_window_resolution(size_px)
        self.inspector.resize(size_px)
        self.controls.resize(self._controls_rect())
        self.timeline.resize(self._timeline_rect())

    def _markers(self) -> list[TimelineMarker]:
        return [TimelineMarker(int(step), str(kind), tuple(names)) for step, kind, names in self.source.markers()]

    # -- what the player does ------------------------------------------------------------------------

    def seek(self, step: int) -> None:
        self.clock.seek(step)

    def jump_to(self, text: str) -> None:
        """Go to the moment typed (see :mod:`agents.views.game_time_query`); a bad one is explained."""
        source = self.source
        try:
            moment = parse_game_moment(text, first_day=source.time_of(source.first_step).date(),
                                       today=self.frame.now.date())
        except GameTimeQueryError as error:
            self.show_message(str(error))
            return
        if moment.step is not None:
            step = moment.step
        else:
            assert moment.time is not None
            first, last = source.time_of(source.first_step), source.time_of(source.last_step)
            if not first <= moment.time <= last:
                self.show_message(f"{moment.time:%a %d %b %H:%M} is not in this recording "
                                  f"({first:%a %d %b %H:%M} to {last:%a %d %b %H:%M})")
                return
            step = source.step_at(moment.time)
        if not source.first_step <= step <= source.last_step:
            self.show_message(f"step {step} is not in this recording (steps {source.first_step} to {source.last_step})")
            return
        self.clock.seek(step)
        self.show_message(f"went to {source.time_of(step):%a %d %b %H:%M:%S} (step {step})")

    def _continue(self) -> None:
        if self.on_continue is not None:
            self.clock.playing = False
            self.on_continue(self.clock.step)

    def select(self, name: str | None) -> None:
        self.selected = name
        if name is None:
            self.inspector.hide()
            self.follow = False
        else:
            self._refresh_view(force=True)

    def show_message(self, text: str, seconds: float = MESSAGE_SECONDS) -> None:
        self._message, self._message_until = text, time.monotonic() + seconds

    # -- events --------------------------------------------------------------------------------------

    def handle_event(self, event: pygame.event.Event) -> bool:
        self.viewport.track_pointer(event)
        if self.timeline.handle_event(event):
            return True
        used = self.ui.process_events(event)
        if self.controls.handle_event(event) or self.inspector.handle_event(event) or used:
            self.viewport.panel_took(event)
            if not self.inspector.visible and self.selected is not None:
                self.selected = None
            return True
        if event.type == pygame.KEYDOWN:
            return self._key(event)
        result = self.viewport.handle_mouse(event, on_click=self.select)
        self.follow = self.follow and not result.moved_view
        return result.used

    def _key(self, event: pygame.event.Event) -> bool:
        key, clock = event.key, self.clock
        if key == pygame.K_SPACE:
            clock.toggle_play()
        elif key == pygame.K_COMMA:
            clock.step_by(-1)
        elif key == pygame.K_PERIOD:
            clock.step_by(1)
        elif key in (pygame.K_PLUS, pygame.K_EQUALS, pygame.K_KP_PLUS):
            clock.faster()
        elif key in (pygame.K_MINUS, pygame.K_KP_MINUS):
            clock.slower()
        elif key == pygame.K_HOME:
            clock.seek(clock.first_step)
        elif key == pygame.K_END:
            clock.seek(clock.last_step)
        elif key == pygame.K_j:
            self.controls.jump_entry.focus()
        elif key == pygame.K_ESCAPE:
            if not self.inspector.visible:
                return False  # the stack closes the replay
            self.select(None)
        elif key == pygame.K_f:
            self.follow = self.selected is not None and not self.follow
        else:
            return key in PAN_KEYS  # panned in update
        self.controls.sync()
        return True

    def request_quit(self) -> bool:
        """The window was closed: nothing in a replay can be lost, so the app may quit."""
        return False

    def close(self) -> None:
        close = getattr(self.source, "close", None)
        if callable(close):
            close()

    # -- the clock -----------------------------------------------------------------------------------

    def update(self, dt_seconds: float) -> None:
        if self.viewport.pan_with_keys(dt_seconds, self.inspector.typing or self.controls.typing):
            self.follow = False
        self._follow_growth()
        clock = self.clock
        if clock.playing and clock.steps_per_second is None:
            self._advance_as_fast_as_possible()
        else:
            clock.tick(dt_seconds)
        self._show_step(clock.step)
        self.viewport.pose_residents(self.frame.residents, clock.walk_progress)
        if self.follow and self.selected is not None:
            self.viewport.follow(self.selected, self.inspector.rect.width / 2 if self.inspector.visible else 0.0)
        self._refresh_view()
        self.timeline.set_position(clock.step)
        self.controls.sync()
        self.inspector.update(dt_seconds)
        self.ui.update(dt_seconds)
        if self._message and time.monotonic() > self._message_until:
            self._message = ""

    def _advance_as_fast_as_possible(self) -> None:
        """Read frames one after another for a slice of the frame; show the last."""
        began = time.perf_counter()
        while self.clock.playing and time.perf_counter() - began < FAST_AS_POSSIBLE_BUDGET_SECONDS:
            self.clock.advance_steps(1)
            self._show_step(self.clock.step)

    def _show_step(self, step: int) -> None:
        if step != self._shown_step:
            self.frame = self.source.frame(step)
            self._shown_step = step

    def _follow_growth(self) -> None:
        """A recording still being written: take in the steps added since."""
        now = time.monotonic()
        if now - self._bounds_checked_at < BOUNDS_REFRESH_SECONDS:
            return
        self._bounds_checked_at = now
        source = self.source
        if source.last_step != self.clock.last_step:
            self.clock.set_bounds(source.first_step, source.last_step)
            self.timeline.set_range(source.first_step, source.last_step, source.time_of)
            self.timeline.set_markers(self._markers())

    def _refresh_view(self, force: bool = False) -> None:
        if self.selected is None:
            return
        now = time.monotonic()
        step = self.clock.step
        if not force and (step == self._view_step or now - self._view_built_at < VIEW_REFRESH_SECONDS):
            return
        view = self.source.resident_view(self.selected, step)
        self._view_built_at, self._view_step = now, step
        if view is not None:
            self.inspector.show(view)

    # -- drawing -------------------------------------------------------------------------------------

    def bar_text(self) -> str:
        clock = self.clock
        state = "playing" if clock.playing else "paused"
        text = (f"Replay: {self.title}   {self.frame.now:%a %d %b %Y  %H:%M:%S}   step {clock.step} of "
                f"{clock.first_step}-{clock.last_step}   {state}, {clock.speed_label}")
        if self.selected is not None:
            text += f"   inspecting {self.selected} as at this step"
        return text

    def draw(self, screen: pygame.Surface) -> None:
        screen.fill((0, 0, 0))
        self.viewport.draw(screen, self.selected)
        self._draw_bar(screen)
        self.timeline.draw(screen)
        self.ui.draw_ui(screen)

    def _draw_bar(self, screen: pygame.Surface) -> None:
        text = self.bar_text()
        if self._bar is None or self._bar[0] != text or self._bar[1].get_width() != self.size[0]:
            bar = pygame.Surface((self.size[0], HUD_BAR_HEIGHT_PX), pygame.SRCALPHA)
            bar.fill(BAR_COLOUR)
            pygame.draw.line(bar, BORDER_COLOUR, (0, HUD_BAR_HEIGHT_PX - 1), (self.size[0], HUD_BAR_HEIGHT_PX - 1))
            line = ui_font(15).render(text, True, TEXT_COLOUR)
            bar.blit(line, (PADDING_PX, (HUD_BAR_HEIGHT_PX - line.get_height()) // 2))
            self._bar = (text, bar)
        screen.blit(self._bar[1], (0, 0))
        if self._message:
            line = ui_font(14).render(self._message, True, TEXT_COLOUR)
            box = pygame.Rect(0, 0, line.get_width() + 2 * PADDING_PX, line.get_height() + 8)
            box.midtop = (self.size[0] // 2, HUD_BAR_HEIGHT_PX + 6)
            pygame.draw.rect(screen, MESSAGE_COLOUR, box, border_radius=4)
            screen.blit(line, (box.x + PADDING_PX, box.y + 4))

    def caption(self) -> str:
        caption = f"Smallville - replay of {self.title} - {self.frame.now:%a %d %b %Y %H:%M}"
        return caption + (f" - inspecting {self.selected}" if self.selected is not None else "")


def sprite_paths_for(names: Sequence[str], sprite_path_for: Callable[[str], Path]) -> dict[str, Path]:
    return {name: sprite_path_for(name) for name in names}
