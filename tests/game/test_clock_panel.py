"""The on-screen clock panel: real mouse events through pygame_gui change the clock control, changes
made elsewhere (keyboard shortcuts) show in the widgets, clicks over the panel are used, and it is
cheap to update and draw."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pygame
import pygame_gui
import pytest

from game.scenes.sim_clock_control import SPEED_STEPS_PER_SECOND, SimClockControl
from game.ui.clock_panel import MARGIN_PX, ClockPanel
from tests.game.panel_events import FRAME_SECONDS, click, pump


@pytest.fixture()
def panel(display: pygame.Surface) -> Iterator[ClockPanel]:
    pygame.event.clear()
    yield ClockPanel(SimClockControl(), display.get_size())






def test_panel_sits_at_the_bottom_right_corner(panel: ClockPanel, display: pygame.Surface) -> None:
    width, height = display.get_size()
    assert panel.panel.rect.bottomright == (width - MARGIN_PX, height - MARGIN_PX)
    row = [panel.pause_button, panel.step_button, panel.speed_slider, panel.speed_label]
    assert all(panel.panel.rect.contains(widget.rect) for widget in row)
    assert [widget.rect.left for widget in row] == sorted(widget.rect.left for widget in row)
    assert len({widget.rect.centery for widget in row}) == 1


def test_clicking_pause_pauses_and_the_button_says_resume(panel: ClockPanel) -> None:
    assert panel.pause_button.text == "Pause"
    seen = click(panel, panel.pause_button.rect.center)
    assert panel.control.paused
    assert panel.pause_button.text == "Resume"
    assert (pygame_gui.UI_BUTTON_PRESSED, True) in seen
    assert all(used for kind, used in seen if kind in (pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP))
    click(panel, panel.pause_button.rect.center)
    assert not panel.control.paused
    assert panel.pause_button.text == "Pause"


def test_clicking_step_requests_one_step(panel: ClockPanel) -> None:
    click(panel, panel.step_button.rect.center)
    assert panel.control.single_step_requested
    assert panel.control.paused
    assert panel.pause_button.text == "Resume"


def test_slider_arrow_buttons_change_the_speed(panel: ClockPanel) -> None:
    start = panel.control.speed_index
    seen = click(panel, panel.speed_slider.right_button.rect.center)
    seen += pump(panel)  # the arrow's press becomes a slider-moved event one round later
    assert (pygame_gui.UI_HORIZONTAL_SLIDER_MOVED, True) in seen
    assert panel.control.speed_index == start + 1
    assert panel.speed_label.text == panel.control.speed_label
    click(panel, panel.speed_slider.left_button.rect.center)
    click(panel, panel.speed_slider.left_button.rect.center)
    pump(panel)
    assert panel.control.speed_index == start - 1
    assert panel.speed_label.text == f"{SPEED_STEPS_PER_SECOND[start - 1]:g} steps/s"


def test_dragging_the_slider_to_the_right_end_goes_as_fast_as_possible(
        panel: ClockPanel, monkeypatch: pytest.MonkeyPatch) -> None:
    knob = panel.speed_slider.sliding_button
    mouse = [knob.rect.center]
    monkeypatch.setattr(pygame.mouse, "get_pos", lambda: mouse[0])  # the dummy driver has no mouse
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=mouse[0], button=1))
    pump(panel)
    mouse[0] = (panel.speed_slider.rect.right + 40, knob.rect.centery)
    pump(panel, frames=3)
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=mouse[0], button=1))
    pump(panel)
    assert panel.control.speed_index == len(SPEED_STEPS_PER_SECOND) - 1
    assert panel.speed_label.text == "as fast as possible"


def test_changes_made_elsewhere_show_after_update(panel: ClockPanel) -> None:
    knob_left = panel.speed_slider.sliding_button.rect.left
    panel.control.toggle_pause()
    panel.control.faster()
    panel.update(FRAME_SECONDS)
    assert panel.pause_button.text == "Resume"
    assert panel.speed_slider.get_current_value() == panel.control.speed_index
    assert panel.speed_slider.sliding_button.rect.left > knob_left
    assert panel.speed_label.text == panel.control.speed_label
    # showing an outside change must not echo back as a slider move
    assert not pygame.event.get(pygame_gui.UI_HORIZONTAL_SLIDER_MOVED)
    for _ in range(len(SPEED_STEPS_PER_SECOND)):
        panel.control.slower()
    panel.update(FRAME_SECONDS)
    assert panel.speed_slider.get_current_value() == 0
    assert panel.speed_label.text == "1 steps/s"


def test_clicks_over_the_panel_are_used_and_clicks_elsewhere_are_not(panel: ClockPanel) -> None:
    over_label = panel.speed_label.rect.center  # not a button, still the panel
    for kind in (pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP):
        assert panel.handle_event(pygame.event.Event(kind, pos=over_label, button=1))
        assert not panel.handle_event(pygame.event.Event(kind, pos=(20, 20), button=1))
    assert panel.contains(panel.panel.rect.topleft)
    assert not panel.contains((panel.panel.rect.left - 1, panel.panel.rect.top))
    assert not panel.handle_event(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_SPACE, mod=0,
                                                     unicode=" ", scancode=44))
    assert not panel.control.paused


def test_resize_keeps_the_panel_at_the_corner(panel: ClockPanel) -> None:
    panel.resize((800, 600))
    assert panel.panel.rect.bottomright == (800 - MARGIN_PX, 600 - MARGIN_PX)
    click(panel, panel.pause_button.rect.center)
    assert panel.control.paused


def test_update_and_draw_are_cheap(panel: ClockPanel, display: pygame.Surface) -> None:
    panel.update(FRAME_SECONDS)
    panel.draw(display)  # first frame may build caches
    frames = 100
    start = time.perf_counter()
    for frame in range(frames):
        if frame % 10 == 0:
            panel.control.toggle_pause()
        panel.update(FRAME_SECONDS)
        panel.draw(display)
    mean_ms = (time.perf_counter() - start) / frames * 1000
    assert mean_ms < 5, f"clock panel update+draw took {mean_ms:.2f} ms per frame"
