"""A virtual scrolling list: any number of rows of different heights, of which only those on screen
are drawn.

The owner gives the items (hashable values), a height function and a render function; the list keeps
the rows' offsets (one running sum, so finding the rows on screen is a bisection), renders visible
rows once and caches them, scrolls smoothly with the wheel (eased towards a target), and has a
scroll bar one can drag or click. It draws into :attr:`VirtualList.surface` only when something
changed (:meth:`VirtualList.render` says whether it did), so the owner shows that surface in a
pygame_gui image and the frame costs nothing while nobody scrolls.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Hashable, Sequence
from itertools import accumulate
from typing import Generic, TypeVar

import pygame

from game.ui.inspector_text import BORDER, DIM, PANEL_BG, Style, fit

SCROLLBAR_WIDTH_PX = 8
SCROLLBAR_GAP_PX = 4
WHEEL_STEP_PX = 60
EASE_PER_SECOND = 18.0  # how fast the view catches up with the wheel (larger: snappier)
MIN_THUMB_PX = 24
ROW_CACHE_LIMIT = 600
CLICK_SLOP_PX = 4

T = TypeVar("T", bound=Hashable)


class VirtualList(Generic[T]):
    """See the module docstring. ``rect`` is in screen coordinates (for events)."""

    def __init__(self, rect: pygame.Rect, height_of: Callable[[T, int], int],
                 render_row: Callable[[T, int, bool], pygame.Surface],
                 empty_text: str = "nothing here yet") -> None:
        self.height_of = height_of
        self.render_row = render_row
        self.empty_text = empty_text
        self.rect = pygame.Rect(rect)
        self.surface = pygame.Surface(self.rect.size)
        self.items: Sequence[T] = ()
        self._tops: list[int] = [0]  # _tops[i] is where row i starts; _tops[-1] the total height
        self.offset_px = 0.0
        self.target_px = 0.0
        self.highlighted: int | None = None
        self.on_click: Callable[[int], None] | None = None
        self._rows: dict[tuple[T, bool, int], pygame.Surface] = {}
        self._dirty = True
        self._dragging_thumb: float | None = None  # where on the thumb it was grabbed
        self._press_at: tuple[int, int] | None = None

    # -- content -----------------------------------------------------------------------------------

    @property
    def content_width_px(self) -> int:
        return max(40, self.rect.width - SCROLLBAR_WIDTH_PX - SCROLLBAR_GAP_PX)

    @property
    def total_height_px(self) -> int:
        return self._tops[-1]

    @property
    def max_offset_px(self) -> float:
        return max(0, self.total_height_px - self.rect.height)

    def set_items(self, items: Sequence[T], keep_position: bool = True, highlighted: int | None = None,
                  heights: Sequence[int] | None = None) -> None:
        """New rows. With ``keep_position`` the row at the top stays there (also when rows were added
        above it); else the view goes to the top. ``heights``, when the owner knows them (at
        :attr:`content_width_px`), saves asking ``height_of`` for every row."""
        width = self.content_width_px
        height_of = self.height_of
        anchor = None
        if keep_position and self.items and self.offset_px > 0:  # the row at the top stays there
            first = self.index_at_offset(self.offset_px)
            anchor = (first, self.items[first], self.offset_px - self._tops[first], len(self.items))
        self.items = items
        if heights is None:
            heights = [height_of(item, width) for item in items]
        elif len(heights) != len(items):
            raise ValueError(f"{len(items)} rows but {len(heights)} heights")
        self._tops = [0, *accumulate(heights)]
        self.highlighted = highlighted
        if not keep_position:
            self.offset_px = self.target_px = 0.0
        elif anchor is not None:
            old_index, item, into_px, old_count = anchor
            for index in {old_index + len(items) - old_count, old_index}:  # grown at the front, or in place
                if 0 <= index < len(items) and items[index] == item:
                    moved = self._tops[index] + into_px - self.offset_px
                    self.offset_px += moved
                    self.target_px += moved
                    break
        self.offset_px = min(self.offset_px, self.max_offset_px)
        self.target_px = min(self.target_px, self.max_offset_px)
        if len(self._rows) > ROW_CACHE_LIMIT:
            self._rows.clear()
        self._dirty = True

    def set_rect(self, rect: pygame.Rect) -> None:
        rect = pygame.Rect(rect)
        if rect.size != self.rect.size:
            self.rect = rect
            self.surface = pygame.Surface(rect.size)
            self._rows.clear()
            self.set_items(self.items, highlighted=self.highlighted)
        else:
            self.rect = rect
        self._dirty = True

    def adopt_surface(self, surface: pygame.Surface) -> None:
        """Draw into ``surface`` from now on (the pygame_gui image's own surface, so a new frame of
        the list needs no copy); it must be the list's size."""
        if surface.get_size() != self.rect.size:
            raise ValueError(f"the list is {self.rect.size} but the surface is {surface.get_size()}")
        self.surface = surface
        self._dirty = True

    def set_highlighted(self, index: int | None) -> None:
        if index != self.highlighted:
            self.highlighted = index
            self._dirty = True

    def invalidate(self) -> None:
        self._dirty = True

    # -- where things are ----------------------------------------------------------------------------

    def row_top(self, index: int) -> int:
        return self._tops[index]

    def index_at_offset(self, offset_px: float) -> int:
        """The row at ``offset_px`` from the top of the content (clamped to the rows there are)."""
        if not self.items:
            return 0
        return min(len(self.items) - 1, max(0, bisect.bisect_right(self._tops, offset_px) - 1))

    def visible_range(self) -> range:
        """Indices of the rows on screen now."""
        if not self.items:
            return range(0)
        first = self.index_at_offset(self.offset_px)
        last = self.index_at_offset(self.offset_px + self.rect.height - 1)
        return range(first, last + 1)

    def index_at(self, pos: tuple[int, int]) -> int | None:
        """The row under the screen point ``pos``, or None."""
        if not self.rect.collidepoint(pos) or pos[0] >= self.rect.x + self.content_width_px:
            return None
        offset = self.offset_px + pos[1] - self.rect.y
        if not self.items or offset >= self.total_height_px:
            return None
        return self.index_at_offset(offset)

    # -- scrolling -----------------------------------------------------------------------------------

    def scroll_by(self, delta_px: float) -> None:
        self.target_px = min(self.max_offset_px, max(0.0, self.target_px + delta_px))

    def scroll_to(self, offset_px: float, at_once: bool = False) -> None:
        self.target_px = min(self.max_offset_px, max(0.0, offset_px))
        if at_once:
            self.offset_px = self.target_px
            self._dirty = True

    def scroll_to_index(self, index: int, at_once: bool = True) -> None:
        """Bring row ``index`` into view, a little below the top."""
        self.scroll_to(self._tops[index] - min(40, self.rect.height // 4), at_once)

    def ensure_visible(self, index: int, at_once: bool = True) -> None:
        """Scroll as little as needed for row ``index`` to be on screen (its top first)."""
        top, bottom = self._tops[index], self._tops[index + 1]
        if top < self.target_px:
            self.scroll_to(top, at_once)
        elif bottom > self.target_px + self.rect.height:
            self.scroll_to(min(top, bottom - self.rect.height), at_once)

    def scroll_to_end(self, at_once: bool = True) -> None:
        self.scroll_to(self.max_offset_px, at_once)

    def _thumb_rect(self) -> pygame.Rect | None:
        """The scroll bar's thumb, in the list's own coordinates; None when everything fits."""
        total = self.total_height_px
        height = self.rect.height
        if total <= height:
            return None
        thumb_px = max(MIN_THUMB_PX, round(height * height / total))
        travel = height - thumb_px
        top = round(travel * self.offset_px / self.max_offset_px) if self.max_offset_px else 0
        return pygame.Rect(self.rect.width - SCROLLBAR_WIDTH_PX, top, SCROLLBAR_WIDTH_PX, thumb_px)

    def handle_event(self, event: pygame.event.Event, mouse_pos: tuple[int, int]) -> bool:
        """Wheel over the list, dragging the thumb, clicking the bar or a row. True when used."""
        if event.type == pygame.MOUSEWHEEL:
            if self.rect.collidepoint(mouse_pos):
                self.scroll_by(-event.y * WHEEL_STEP_PX)
                return True
            return False
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1 and self.rect.collidepoint(event.pos):
            local_x, local_y = event.pos[0] - self.rect.x, event.pos[1] - self.rect.y
            if local_x >= self.rect.width - SCROLLBAR_WIDTH_PX - SCROLLBAR_GAP_PX:
                thumb = self._thumb_rect()
                if thumb is not None:
                    if thumb.top <= local_y < thumb.bottom:
                        self._dragging_thumb = local_y - thumb.top
                    else:  # a page towards the click
                        self.scroll_by(self.rect.height * (1 if local_y > thumb.centery else -1))
                return True
            self._press_at = event.pos
            return True
        if event.type == pygame.MOUSEMOTION and self._dragging_thumb is not None:
            thumb = self._thumb_rect()
            if thumb is not None:
                travel = self.rect.height - thumb.height
                top = event.pos[1] - self.rect.y - self._dragging_thumb
                fraction = min(1.0, max(0.0, top / travel)) if travel else 0.0
                self.scroll_to(fraction * self.max_offset_px, at_once=True)
            return True
        if event.type == pygame.MOUSEBUTTONUP and event.button == 1:
            if self._dragging_thumb is not None:
                self._dragging_thumb = None
                return True
            pressed, self._press_at = self._press_at, None
            if pressed is not None:
                moved = abs(event.pos[0] - pressed[0]) + abs(event.pos[1] - pressed[1])
                index = self.index_at(event.pos)
                if moved <= CLICK_SLOP_PX and index is not None and self.on_click is not None:
                    self.on_click(index)
                return True
        return False

    def update(self, dt_seconds: float) -> None:
        if self.offset_px != self.target_px:
            step = (self.target_px - self.offset_px) * min(1.0, dt_seconds * EASE_PER_SECOND)
            self.offset_px += step
            if abs(self.target_px - self.offset_px) < 0.5:
                self.offset_px = self.target_px
            self._dirty = True

    # -- drawing ---------------------------------------------------------------------------------------

    def render(self) -> bool:
        """Draw the visible rows into :attr:`surface` if anything changed; True when it drew."""
        if not self._dirty:
            return False
        self._dirty = False
        surface = self.surface
        surface.fill(PANEL_BG)
        width = self.content_width_px
        if not self.items:
            surface.blit(Style.DIM.font.render(fit(self.empty_text, Style.DIM, width), True, DIM), (4, 6))
            return True
        top_px = int(self.offset_px)
        for index in self.visible_range():
            item = self.items[index]
            highlighted = index == self.highlighted
            key = (item, highlighted, width)
            row = self._rows.get(key)
            if row is None:
                row = self.render_row(item, width, highlighted)
                self._rows[key] = row
            surface.blit(row, (0, self._tops[index] - top_px))
        thumb = self._thumb_rect()
        if thumb is not None:
            track = pygame.Rect(self.rect.width - SCROLLBAR_WIDTH_PX, 0, SCROLLBAR_WIDTH_PX, self.rect.height)
            pygame.draw.rect(surface, (40, 44, 56), track, border_radius=4)
            pygame.draw.rect(surface, BORDER if self._dragging_thumb is None else (143, 166, 200), thumb,
                             border_radius=4)
        return True
