"""The replay's timeline: a bar across the bottom of the replay scene from a recording's first step
to its last, with day and hour marks, markers where conversations (blue) and reflections (gold)
happened, and a cursor at the step shown.

Pressing on the bar seeks there, dragging scrubs (``on_seek(step)`` is called as the mouse moves);
hovering shows the game time under the mouse and who talked or reflected there. The marks and
markers are drawn once into a surface, again only when the range, the size or the markers change.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

import pygame

from game.ui.hud_bar import BAR_COLOUR, BORDER_COLOUR, DIM_COLOUR, TEXT_COLOUR, ui_font

TIMELINE_HEIGHT_PX = 46
TRACK_TOP_PX = 18  # markers above the track, labels under it
TRACK_HEIGHT_PX = 10
CONVERSATION_COLOUR = (96, 165, 250)
REFLECTION_COLOUR = (242, 193, 78)
CURSOR_COLOUR = (255, 255, 255)
PLAYED_COLOUR = (90, 110, 150)
HOVER_MARKER_PX = 4  # how near (px) the mouse must be to a marker to name it
MIN_HOUR_LABEL_GAP_PX = 46


@dataclass(frozen=True)
class TimelineMarker:
    """Something that happened at ``step``: ``kind`` "conversation" or "reflection", by ``names``."""

    step: int
    kind: str
    names: tuple[str, ...]


class TimelineBar:
    """See the module docstring. ``time_of(step)`` gives a step's game time."""

    def __init__(self, rect: pygame.Rect, on_seek: Callable[[int], None]) -> None:
        self.rect = pygame.Rect(rect)
        self.on_seek = on_seek
        self.first_step, self.last_step = 0, 0
        self.time_of: Callable[[int], datetime] = lambda step: datetime(2000, 1, 1) + timedelta(seconds=step)
        self.markers: tuple[TimelineMarker, ...] = ()
        self.step = 0
        self.dragging = False
        self.hover_x: int | None = None
        self._background: pygame.Surface | None = None

    # -- what it shows -------------------------------------------------------------------------------

    def set_range(self, first_step: int, last_step: int, time_of: Callable[[int], datetime]) -> None:
        if (first_step, last_step) != (self.first_step, self.last_step) or time_of is not self.time_of:
            self.first_step, self.last_step, self.time_of = first_step, max(first_step, last_step), time_of
            self._background = None

    def set_markers(self, markers: Sequence[TimelineMarker]) -> None:
        markers = tuple(markers)
        if markers != self.markers:
            self.markers = markers
            self._background = None

    def set_position(self, step: int) -> None:
        self.step = step

    def resize(self, rect: pygame.Rect) -> None:
        if rect != self.rect:
            self.rect = pygame.Rect(rect)
            self._background = None

    # -- geometry ------------------------------------------------------------------------------------

    @property
    def track(self) -> pygame.Rect:
        return pygame.Rect(self.rect.x + 12, self.rect.y + TRACK_TOP_PX, max(1, self.rect.width - 24), TRACK_HEIGHT_PX)

    def x_of(self, step: int) -> int:
        track = self.track
        span = max(1, self.last_step - self.first_step)
        return track.x + round((min(max(step, self.first_step), self.last_step) - self.first_step) / span * (track.width - 1))

    def step_at_x(self, x: int) -> int:
        track = self.track
        fraction = min(1.0, max(0.0, (x - track.x) / max(1, track.width - 1)))
        return self.first_step + round(fraction * (self.last_step - self.first_step))

    # -- input ---------------------------------------------------------------------------------------

    def handle_event(self, event: pygame.event.Event) -> bool:
        """True if the timeline used the event (a press on it, a drag that began on it)."""
        if event.type == pygame.MOUSEMOTION:
            self.hover_x = event.pos[0] if self.rect.collidepoint(event.pos) else None
            if self.dragging:
                self.on_seek(self.step_at_x(event.pos[0]))
                return True
            return False
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1 and self.rect.collidepoint(event.pos):
            self.dragging = True
            self.on_seek(self.step_at_x(event.pos[0]))
            return True
        if event.type == pygame.MOUSEBUTTONUP and event.button == 1 and self.dragging:
            self.dragging = False
            self.on_seek(self.step_at_x(event.pos[0]))
            return True
        if event.type == pygame.WINDOWLEAVE:
            self.hover_x = None
        return event.type in (pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP, pygame.MOUSEWHEEL) \
            and self.rect.collidepoint(getattr(event, "pos", pygame.mouse.get_pos()))

    def markers_near(self, x: int) -> list[TimelineMarker]:
        return [marker for marker in self.markers if abs(self.x_of(marker.step) - x) <= HOVER_MARKER_PX]

    def hover_text(self) -> str:
        """The game time under the mouse, and who talked or reflected there; "" when not hovering."""
        if self.hover_x is None:
            return ""
        step = self.step_at_x(self.hover_x)
        text = f"{self.time_of(step):%a %H:%M} (step {step})"
        near = self.markers_near(self.hover_x)
        if near:
            said = [f"{m.kind}: {' & '.join(name.split()[0] for name in m.names)}" for m in near[:3]]
            text += " - " + "; ".join(said) + (f" (+{len(near) - 3})" if len(near) > 3 else "")
        return text

    # -- drawing -------------------------------------------------------------------------------------

    def draw(self, surface: pygame.Surface) -> None:
        if self._background is None or self._background.get_size() != self.rect.size:
            self._background = self._render_background()
        surface.blit(self._background, self.rect)
        track = self.track
        cursor_x = self.x_of(self.step)
        pygame.draw.rect(surface, PLAYED_COLOUR, pygame.Rect(track.x, track.y + 2, cursor_x - track.x, track.height - 4))
        pygame.draw.line(surface, CURSOR_COLOUR, (cursor_x, self.rect.y + 4), (cursor_x, track.bottom + 4), 3)
        text = self.hover_text()
        if text:
            font = ui_font(13)
            label = font.render(text, True, TEXT_COLOUR)
            x = min(max(self.rect.x, (self.hover_x or 0) - label.get_width() // 2), self.rect.right - label.get_width())
            box = pygame.Rect(x - 4, self.rect.y - label.get_height() - 6, label.get_width() + 8, label.get_height() + 4)
            pygame.draw.rect(surface, (20, 22, 30), box, border_radius=3)
            surface.blit(label, (x, box.y + 2))

    def _render_background(self) -> pygame.Surface:
        background = pygame.Surface(self.rect.size, pygame.SRCALPHA)
        background.fill(BAR_COLOUR)
        pygame.draw.line(background, BORDER_COLOUR, (0, 0), (self.rect.width, 0))
        offset = pygame.Vector2(self.rect.topleft)
        track = self.track.move(-offset.x, -offset.y)
        pygame.draw.rect(background, (50, 55, 70), track, border_radius=3)
        self._draw_time_marks(background, offset)
        for marker in self.markers:
            x = self.x_of(marker.step) - int(offset.x)
            colour = CONVERSATION_COLOUR if marker.kind == "conversation" else REFLECTION_COLOUR
            top = track.y - 9 if marker.kind == "conversation" else track.y - 5
            pygame.draw.line(background, colour, (x, top), (x, track.y + 1), 2)
        return background

    def _draw_time_marks(self, background: pygame.Surface, offset: pygame.Vector2) -> None:
        """A tall mark and the weekday at each midnight, a short one at each hour, labelled as room allows."""
        first_time, last_time = self.time_of(self.first_step), self.time_of(self.last_step)
        span_seconds = max(1.0, (last_time - first_time).total_seconds())
        steps = max(1, self.last_step - self.first_step)
        track = self.track
        hours = max(1, int(span_seconds // 3600) + 1)
        px_per_hour = (track.width - 1) * 3600 / span_seconds
        label_every = next((n for n in (1, 2, 3, 4, 6, 12, 24) if n * px_per_hour >= MIN_HOUR_LABEL_GAP_PX), 24)
        font = ui_font(11)
        hour = first_time.replace(minute=0, second=0, microsecond=0)
        if hour < first_time:
            hour += timedelta(hours=1)
        for _ in range(hours + 1):
            if hour > last_time:
                break
            step = self.first_step + round((hour - first_time).total_seconds() / span_seconds * steps)
            x = self.x_of(step) - int(offset.x)
            y = track.bottom - int(offset.y)
            midnight = hour.hour == 0
            pygame.draw.line(background, TEXT_COLOUR if midnight else DIM_COLOUR, (x, y - (14 if midnight else 4)),
                             (x, y + (5 if midnight else 2)))
            if midnight or hour.hour % label_every == 0:
                text = f"{hour:%a %d}" if midnight else f"{hour:%H}h"
                label = font.render(text, True, TEXT_COLOUR if midnight else DIM_COLOUR)
                background.blit(label, (min(x + 2, background.get_width() - label.get_width()), y + 3))
            hour += timedelta(hours=1)
