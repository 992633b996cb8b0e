"""The play scene's on-screen clock controls: a pygame_gui panel at the bottom-right corner with
pause/resume, single step, a speed slider and the speed in words; above it, while it makes sense
(someone sleeps, or a skip runs), a "Skip to morning" button (it says "Stop skipping" during a skip).

The panel changes the same SimClockControl the keyboard shortcuts change, and shows whatever the
control says, so both stay in agreement. Widgets are only touched when what they show changed.
"""

from __future__ import annotations

import pygame
import pygame_gui
from pygame_gui.elements import UIButton, UIHorizontalSlider, UILabel, UIPanel

from game.scenes.sim_clock_control import SPEED_STEPS_PER_SECOND, SimClockControl
from game.ui.theme import make_ui_manager

MARGIN_PX = 8  # from the window's bottom-right corner
INSET_PX = 6  # from the panel's edge (inside its border and shadow) to the widgets
GAP_PX = 6  # between widgets
ROW_HEIGHT_PX = 30
PAUSE_WIDTH_PX = 72
STEP_WIDTH_PX = 54
SLIDER_WIDTH_PX = 130
LABEL_WIDTH_PX = 116
WIDGET_WIDTHS_PX = (PAUSE_WIDTH_PX, STEP_WIDTH_PX, SLIDER_WIDTH_PX, LABEL_WIDTH_PX)
PANEL_SIZE_PX = (sum(WIDGET_WIDTHS_PX) + GAP_PX * (len(WIDGET_WIDTHS_PX) - 1) + 2 * INSET_PX,
                 ROW_HEIGHT_PX + 2 * INSET_PX)
MOUSE_BUTTON_EVENTS = (pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP)
SKIP_WIDTH_PX = 124


def skip_text(skipping: bool) -> str:
    return "Stop skipping" if skipping else "Skip to morning"


def skip_button_position(panel_height_px: int) -> tuple[int, int]:
    """The skip button's place from the window's bottom-right corner: left of the panel, in its row."""
    return (-PANEL_SIZE_PX[0] - MARGIN_PX - GAP_PX - SKIP_WIDTH_PX,
            -panel_height_px - MARGIN_PX + (panel_height_px - ROW_HEIGHT_PX) // 2)


def pause_text(paused: bool) -> str:
    return "Resume" if paused else "Pause"


class ClockPanel:
    """Buttons and a slider that drive a SimClockControl; call handle_event, update and draw."""

    def __init__(self, control: SimClockControl, viewport_size_px: tuple[int, int]) -> None:
        self.control = control
        self.manager = make_ui_manager(viewport_size_px)
        width, height = PANEL_SIZE_PX
        self.panel = UIPanel(pygame.Rect(-width - MARGIN_PX, -height - MARGIN_PX, width, height),
                             manager=self.manager, anchors={"right": "right", "bottom": "bottom"})
        rects = self._row_rects()
        self.pause_button = UIButton(rects[0], pause_text(control.paused), self.manager,
                                     container=self.panel)
        self.step_button = UIButton(rects[1], "Step", self.manager, container=self.panel)
        self.speed_slider = UIHorizontalSlider(rects[2], control.speed_index,
                                               (0, len(SPEED_STEPS_PER_SECOND) - 1), self.manager,
                                               container=self.panel, click_increment=1)
        self.speed_label = UILabel(rects[3], control.speed_label, self.manager, container=self.panel)
        self.skip_button = UIButton(pygame.Rect(*skip_button_position(height), SKIP_WIDTH_PX, ROW_HEIGHT_PX),
                                    skip_text(control.skipping), self.manager,
                                    anchors={"right": "right", "bottom": "bottom"})
        self._shown_skip: tuple[bool, bool] | None = None  # (visible, skipping) the button shows
        self._shown_paused = control.paused
        self._shown_speed_index = control.speed_index
        self._shown_label = control.speed_label

    def _row_rects(self) -> list[pygame.Rect]:
        """The widgets' rectangles inside the panel's container, left to right."""
        inner = self.panel.get_container().get_rect()
        top = (inner.height - ROW_HEIGHT_PX) // 2
        left = (inner.width - (PANEL_SIZE_PX[0] - 2 * INSET_PX)) // 2
        rects = []
        for width in WIDGET_WIDTHS_PX:
            rects.append(pygame.Rect(left, top, width, ROW_HEIGHT_PX))
            left += width + GAP_PX
        return rects

    def handle_event(self, event: pygame.event.Event) -> bool:
        """Give the event to the panel; True if the panel used it (the game should then ignore
        it, e.g. a click on a button is not a click on the map)."""
        used = self.manager.process_events(event)
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            if event.ui_element is self.pause_button:
                self.control.toggle_pause()
            elif event.ui_element is self.step_button:
                self.control.step_once()
            elif event.ui_element is self.skip_button:
                if self.control.skipping:
                    self.control.stop_skipping()
                elif self.control.skip_to_morning():
                    self.control.paused = False
        elif event.type == pygame_gui.UI_HORIZONTAL_SLIDER_MOVED and event.ui_element is self.speed_slider:
            index = min(len(SPEED_STEPS_PER_SECOND) - 1, max(0, round(event.value)))
            self.control.set_speed_index(index)
            self._shown_speed_index = index  # the slider already shows it; don't snap it mid-drag
        if event.type in MOUSE_BUTTON_EVENTS and self.contains(event.pos):
            used = True
        element = getattr(event, "ui_element", None)
        if element is not None and getattr(element, "ui_manager", None) is self.manager:
            used = True  # pygame_gui's own events (and their legacy USEREVENT twins) from this panel
        self._sync_from_control()
        return used

    def _sync_from_control(self) -> None:
        """Make the widgets show the control's state, touching only those that are out of date."""
        control = self.control
        if control.paused != self._shown_paused:
            self._shown_paused = control.paused
            self.pause_button.set_text(pause_text(control.paused))
        if control.speed_index != self._shown_speed_index:
            self._shown_speed_index = control.speed_index
            self.speed_slider.set_current_value(control.speed_index, warn=False)
        label = control.speed_label
        if label != self._shown_label:
            self._shown_label = label
            self.speed_label.set_text(label)
        skip = (control.skipping or control.can_skip_to_morning, control.skipping)
        if skip != self._shown_skip:
            self._shown_skip = skip
            self.skip_button.set_text(skip_text(control.skipping))
            if skip[0]:
                self.skip_button.show()
            else:
                self.skip_button.hide()

    def update(self, dt_seconds: float) -> None:
        self._sync_from_control()
        self.manager.update(dt_seconds)

    def draw(self, surface: pygame.Surface) -> None:
        self.manager.draw_ui(surface)

    def resize(self, viewport_size_px: tuple[int, int]) -> None:
        """Follow a new window size, keeping the panel at the bottom-right corner."""
        self.manager.set_window_resolution(viewport_size_px)
        width, height = PANEL_SIZE_PX
        self.panel.set_relative_position((-width - MARGIN_PX, -height - MARGIN_PX))
        self.skip_button.set_relative_position(skip_button_position(height))

    def contains(self, pos: tuple[int, int]) -> bool:
        return self.panel.rect.collidepoint(pos) or (self.skip_button.visible and self.skip_button.rect.collidepoint(pos))
