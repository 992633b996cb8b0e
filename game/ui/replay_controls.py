"""The replay's control row (pygame_gui, on the replay scene's manager): step back, play/pause, step
forward, a speed slider (1 to 64 steps per second, then "as fast as possible") with its label, a
field to type a game time to jump to ("14:30", "Tue 09:00", "2023-02-14 09:00" or a step number),
"Continue from here" (fork a live town at this moment) and "Close".

It changes the scene's :class:`~game.scenes.replay_clock.ReplayClock` and calls back for what the
scene does (``on_jump(text)``, ``on_continue()``, ``on_close()``); the widgets show the clock's state
and are touched only when it changed. The scene feeds events to its manager first, then to
:meth:`ReplayControls.handle_event`.
"""

from __future__ import annotations

from collections.abc import Callable

import pygame
import pygame_gui
from pygame_gui.core import ObjectID
from pygame_gui.elements import UIButton, UIHorizontalSlider, UILabel, UIPanel, UITextEntryLine

from game.scenes.replay_clock import REPLAY_SPEEDS_STEPS_PER_SECOND, ReplayClock

CONTROLS_HEIGHT_PX = 42
ROW_PX = 30
GAP_PX = 6
WIDGETS = (("back", 56), ("play", 66), ("forward", 56), ("slider", 150), ("speed", 130), ("jump", 150),
           ("go", 44), ("continue", 150), ("close", 62))


def play_text(playing: bool) -> str:
    return "Pause" if playing else "Play"


class ReplayControls:
    """See the module docstring; ``rect`` is the row's place on the screen."""

    def __init__(self, manager: pygame_gui.UIManager, rect: pygame.Rect, clock: ReplayClock, *,
                 on_jump: Callable[[str], None], on_continue: Callable[[], None], on_close: Callable[[], None],
                 can_continue: bool = True) -> None:
        self.manager, self.clock = manager, clock
        self.on_jump, self.on_continue, self.on_close = on_jump, on_continue, on_close
        self.can_continue = can_continue
        self.panel: UIPanel | None = None
        self._build(rect)

    def _build(self, rect: pygame.Rect) -> None:
        if self.panel is not None:
            self.panel.kill()
        self.rect = pygame.Rect(rect)
        self.panel = UIPanel(self.rect, manager=self.manager)
        container = self.panel.get_container()
        x, top = 4, max(0, (container.get_rect().height - ROW_PX) // 2)
        self.widgets: dict[str, object] = {}
        for key, width in WIDGETS:
            place = pygame.Rect(x, top, width, ROW_PX)
            x += width + GAP_PX
            if key == "slider":
                self.widgets[key] = UIHorizontalSlider(place, self.clock.speed_index,
                                                       (0, len(REPLAY_SPEEDS_STEPS_PER_SECOND) - 1), self.manager,
                                                       container=container, click_increment=1)
            elif key == "speed":
                self.widgets[key] = UILabel(place, self.clock.speed_label, self.manager, container=container)
            elif key == "jump":
                self.widgets[key] = UITextEntryLine(place, self.manager, container=container,
                                                    placeholder_text="go to: 14:30, Tue 09:00")
            else:
                text = {"back": "< Step", "play": play_text(self.clock.playing), "forward": "Step >", "go": "Go",
                        "continue": "Continue from here", "close": "Close"}[key]
                object_id = ObjectID(class_id="@primary_button") if key == "continue" else None
                self.widgets[key] = UIButton(place, text, self.manager, container=container, object_id=object_id)
        if not self.can_continue:
            self.button("continue").disable()
        self._shown = (self.clock.playing, self.clock.speed_index)

    def button(self, key: str) -> UIButton:
        widget = self.widgets[key]
        assert isinstance(widget, UIButton)
        return widget

    @property
    def jump_entry(self) -> UITextEntryLine:
        widget = self.widgets["jump"]
        assert isinstance(widget, UITextEntryLine)
        return widget

    @property
    def typing(self) -> bool:
        return self.jump_entry.is_focused

    # -- events --------------------------------------------------------------------------------------

    def handle_event(self, event: pygame.event.Event) -> bool:
        """React to the manager's events for these widgets; True if the event was theirs (or a click
        on the row)."""
        element = getattr(event, "ui_element", None)
        if event.type == pygame_gui.UI_BUTTON_PRESSED and element in self.widgets.values():
            key = next(k for k, w in self.widgets.items() if w is element)
            if key == "back":
                self.clock.step_by(-1)
            elif key == "forward":
                self.clock.step_by(1)
            elif key == "play":
                self.clock.toggle_play()
            elif key == "go":
                self._jump()
            elif key == "continue":
                self.on_continue()
            elif key == "close":
                self.on_close()
            self.sync()
            return True
        if event.type == pygame_gui.UI_TEXT_ENTRY_FINISHED and element is self.jump_entry:
            self._jump()
            return True
        if event.type == pygame_gui.UI_HORIZONTAL_SLIDER_MOVED and element is self.widgets["slider"]:
            self.clock.set_speed_index(round(event.value))
            self._shown = (self.clock.playing, self.clock.speed_index)  # the slider shows it already
            self._set_speed_label()
            return True
        return event.type in (pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP) and self.rect.collidepoint(event.pos)

    def _jump(self) -> None:
        text = self.jump_entry.get_text().strip()
        if text:
            self.on_jump(text)

    # -- showing the clock ---------------------------------------------------------------------------

    def sync(self) -> None:
        """Make the widgets show the clock (call once a frame; cheap when nothing changed)."""
        shown = (self.clock.playing, self.clock.speed_index)
        if shown == self._shown:
            return
        if shown[0] != self._shown[0]:
            self.button("play").set_text(play_text(self.clock.playing))
        if shown[1] != self._shown[1]:
            slider = self.widgets["slider"]
            assert isinstance(slider, UIHorizontalSlider)
            slider.set_current_value(self.clock.speed_index, warn=False)
            self._set_speed_label()
        self._shown = shown

    def _set_speed_label(self) -> None:
        label = self.widgets["speed"]
        assert isinstance(label, UILabel)
        label.set_text(self.clock.speed_label)

    def resize(self, rect: pygame.Rect) -> None:
        text = self.jump_entry.get_text()
        self._build(rect)
        self.jump_entry.set_text(text)

    @staticmethod
    def width_px() -> int:
        return sum(width for _, width in WIDGETS) + GAP_PX * (len(WIDGETS) - 1) + 8
