"""The replay's timeline: pressing and dragging seek, hovering names the time and the markers, and
the day and hour marks are drawn where the times are."""

from __future__ import annotations

from datetime import datetime, timedelta

import pygame

from game.ui.timeline_bar import CONVERSATION_COLOUR, TimelineBar, TimelineMarker

START = datetime(2023, 2, 13, 22, 0)  # two hours before a midnight
STEP_SECONDS = 10


def time_of(step: int) -> datetime:
    return START + timedelta(seconds=step * STEP_SECONDS)


def make_bar(seeks: list[int]) -> TimelineBar:
    bar = TimelineBar(pygame.Rect(0, 600, 1000, 46), on_seek=seeks.append)
    bar.set_range(0, 8640, time_of)  # one game day
    return bar


def test_press_and_drag_seek_along_the_track(display: pygame.Surface) -> None:
    seeks: list[int] = []
    bar = make_bar(seeks)
    track = bar.track
    assert bar.handle_event(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=(track.x, track.centery), button=1))
    assert seeks[-1] == 0
    assert bar.handle_event(pygame.event.Event(pygame.MOUSEMOTION, pos=(track.centerx, track.centery),
                                               rel=(1, 0), buttons=(1, 0, 0)))
    assert abs(seeks[-1] - 4320) <= 10
    assert bar.handle_event(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=(track.right + 50, track.centery), button=1))
    assert seeks[-1] == 8640 and not bar.dragging
    moved = bar.handle_event(pygame.event.Event(pygame.MOUSEMOTION, pos=(track.x, 100), rel=(1, 0), buttons=(0, 0, 0)))
    assert not moved and seeks[-1] == 8640  # no drag, no seek


def test_clicks_elsewhere_are_not_the_timelines(display: pygame.Surface) -> None:
    bar = make_bar([])
    assert not bar.handle_event(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=(500, 100), button=1))


def test_positions_and_steps_agree() -> None:
    bar = make_bar([])
    for step in (0, 1234, 4320, 8640):
        assert abs(bar.step_at_x(bar.x_of(step)) - step) <= 10


def test_hover_names_the_time_and_the_markers_there(display: pygame.Surface) -> None:
    bar = make_bar([])
    bar.set_markers([TimelineMarker(4320, "conversation", ("Isabella Rodriguez", "Klaus Mueller"))])
    x = bar.x_of(4320)
    bar.handle_event(pygame.event.Event(pygame.MOUSEMOTION, pos=(x, bar.track.centery), rel=(0, 0), buttons=(0, 0, 0)))
    text = bar.hover_text()
    assert text.startswith(f"{time_of(bar.step_at_x(x)):%a %H:%M}")
    assert "conversation: Isabella & Klaus" in text


def test_marks_and_markers_are_drawn(display: pygame.Surface) -> None:
    bar = make_bar([])
    bar.set_markers([TimelineMarker(6000, "conversation", ("A B", "C D"))])
    bar.set_position(0)
    display.fill((0, 0, 0))
    bar.draw(display)
    midnight_x = bar.x_of(720)  # 22:00 + 720 steps of 10 s
    column = [display.get_at((midnight_x, y))[:3] for y in range(bar.rect.y, bar.rect.bottom)]
    assert (236, 236, 228) in column  # the tall midnight mark
    marker_x = bar.x_of(6000)
    marker_column = [display.get_at((marker_x + dx, y))[:3] for dx in (-1, 0, 1) for y in range(bar.rect.y, bar.track.y)]
    assert CONVERSATION_COLOUR in marker_column
