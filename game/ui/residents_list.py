"""The residents list: a panel on the left with every resident's small portrait, what they are doing
now (emoji and activity) and whether they are thinking, a search field filtering by name or
activity, and a click on a row picking that resident (``on_pick``, e.g. to open the inspector).

It reads :class:`ResidentSummaryView` values only; :meth:`ResidentsList.set_residents` is cheap when
nothing changed (it can be called every frame), and the rows are a :class:`VirtualList` drawn into a
pygame_gui image only when they change or scroll. The manager is handled as in
:mod:`game.ui.inspector_panel` (``owns_manager``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import pygame
import pygame_gui
from pygame_gui.core import ObjectID
from pygame_gui.elements import UIButton, UIImage, UILabel, UIPanel, UITextEntryLine

from agents.views.resident_view import ResidentSummaryView
from game.ui.inspector_header import PortraitCache
from game.ui.inspector_keys import TEXT_KEY_EVENTS, belongs_to, focused_entry
from game.ui.inspector_list import VirtualList
from game.ui.inspector_text import (
    ACCENT,
    BORDER,
    DIM,
    HIGHLIGHT_BG,
    PANEL_BG,
    TEXT,
    EmojiRenderer,
    Style,
    fit,
)

PORTRAIT_PX = 32
ROW_HEIGHT_PX = 48
PAD_PX = 8
ROW_PX = 30
MOUSE_EVENTS = (pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP, pygame.MOUSEWHEEL)


def list_width_px(viewport_width_px: int) -> int:
    """About 270 px at 1280 wide, 240 at 960."""
    return min(viewport_width_px // 3, max(240, min(300, round(viewport_width_px * 0.21))))


def matches(summary: ResidentSummaryView, search: str) -> bool:
    needle = search.strip().lower()
    return not needle or needle in summary.name.lower() or needle in summary.activity.lower()


class ResidentsList:
    """See the module docstring."""

    def __init__(self, manager: pygame_gui.UIManager, viewport_size_px: tuple[int, int],
                 portrait_path_for: Callable[[str], Path], on_pick: Callable[[str], None], *,
                 top_px: int = 32, bottom_px: int = 48, owns_manager: bool = True) -> None:
        self.manager = manager
        self.on_pick = on_pick
        self.top_px, self.bottom_px = top_px, bottom_px
        self.owns_manager = owns_manager
        self.portraits = PortraitCache(portrait_path_for, PORTRAIT_PX)
        self.emoji = EmojiRenderer(15)
        self.visible = False
        self.selected: str | None = None
        self.summaries: tuple[ResidentSummaryView, ...] = ()
        self.shown: list[ResidentSummaryView] = []
        self._size = viewport_size_px
        self._mouse_pos = (0, 0)
        self._search = ""
        self._shown_key: tuple | None = None
        self.listing: VirtualList[ResidentSummaryView] = VirtualList(
            pygame.Rect(0, 0, 100, 100), lambda item, width: ROW_HEIGHT_PX, self._render_row,
                                   "nobody matches")
        self.listing.on_click = self._clicked
        self._build()

    # -- layout ------------------------------------------------------------------------------------

    @property
    def rect(self) -> pygame.Rect:
        return self.root.rect

    def _build(self) -> None:
        width, height = self._size
        panel_width = list_width_px(width)
        panel_height = max(200, height - self.top_px - self.bottom_px)
        self.root = UIPanel(pygame.Rect(0, self.top_px, panel_width, panel_height), starting_height=2,
                            manager=self.manager, object_id=ObjectID(object_id="#residents_list"))
        container = self.root.get_container()
        inner = container.get_rect()
        inner_width = inner.width - 2 * PAD_PX
        self.title = UILabel(pygame.Rect(PAD_PX, PAD_PX, inner_width - 30, 26), "Residents", self.manager,
                             container=container, object_id=ObjectID(class_id="@heading"))
        self.close_button = UIButton(pygame.Rect(inner.width - PAD_PX - 26, PAD_PX, 26, 26), "×", self.manager,
                                     container=container, tool_tip_text="close the list")
        self.search_entry = UITextEntryLine(pygame.Rect(PAD_PX, PAD_PX + 32, inner_width, ROW_PX), self.manager,
                                            container=container, placeholder_text="search name or activity")
        self.search_entry.set_text(self._search)
        top = PAD_PX + 32 + ROW_PX + 6
        local = pygame.Rect(PAD_PX, top, inner_width, max(40, inner.height - top - PAD_PX))
        self.listing.set_rect(local.move(container.get_rect().topleft))
        self.image = UIImage(local, self.listing.surface, self.manager, container=container)
        self.listing.adopt_surface(self.image.image)
        self._mine = {self.root, container}
        self._shown_key = None
        self._refresh()
        self.root.show() if self.visible else self.root.hide()

    def resize(self, size_px: tuple[int, int]) -> None:
        self._search = self.search_entry.get_text()
        self.root.kill()
        self._size = size_px
        if self.owns_manager:
            self.manager.set_window_resolution(size_px)
        self._build()

    # -- content -----------------------------------------------------------------------------------

    def set_residents(self, summaries: Sequence[ResidentSummaryView]) -> None:
        """The residents as they are now (cheap when they are as before)."""
        summaries = tuple(summaries)
        if summaries is self.summaries or summaries == self.summaries:
            return
        self.summaries = summaries
        self._refresh()

    def set_selected(self, name: str | None) -> None:
        """Mark ``name``'s row (the resident the inspector shows), or none."""
        if name != self.selected:
            self.selected = name
            self._refresh()

    def _refresh(self) -> None:
        search = self.search_entry.get_text()
        key = (self.summaries, search, self.selected)
        if key == self._shown_key:
            return
        self._shown_key = key
        self.shown = [summary for summary in self.summaries if matches(summary, search)]
        selected = next((i for i, s in enumerate(self.shown) if s.name == self.selected), None)
        self.listing.set_items(self.shown, highlighted=selected)
        count = len(self.summaries)
        self.title.set_text(f"Residents ({count})" if len(self.shown) == count
                            else f"Residents ({len(self.shown)} of {count})")

    def _render_row(self, item: ResidentSummaryView, width_px: int, highlighted: bool) -> pygame.Surface:
        surface = pygame.Surface((width_px, ROW_HEIGHT_PX))
        surface.fill(HIGHLIGHT_BG if highlighted else PANEL_BG)
        surface.blit(self.portraits.get(item.name), (2, (ROW_HEIGHT_PX - PORTRAIT_PX) // 2))
        x = PORTRAIT_PX + 8
        text_width = width_px - x - 4
        name_font, small = Style.STRONG.font, Style.DIM.font
        marker = ""
        if item.thinking:
            marker = "thinking…"
        marker_width = small.size(marker)[0] + 6 if marker else 0
        surface.blit(name_font.render(fit(item.name, Style.STRONG, text_width - marker_width), True, TEXT), (x, 4))
        if marker:
            surface.blit(small.render(marker, True, ACCENT), (width_px - marker_width, 6))
        y = 4 + name_font.get_linesize()
        emoji = self.emoji.render(item.emoji)
        activity_x = x
        if emoji is not None:
            surface.blit(emoji, (x, y + (small.get_linesize() - emoji.get_height()) // 2))
            activity_x += emoji.get_width() + 4
        activity = fit(item.activity or "(nothing yet)", Style.DIM, width_px - activity_x - 4)
        surface.blit(small.render(activity, True, DIM), (activity_x, y))
        pygame.draw.line(surface, BORDER, (0, ROW_HEIGHT_PX - 1), (width_px, ROW_HEIGHT_PX - 1))
        return surface

    def _clicked(self, index: int) -> None:
        summary = self.shown[index]
        self.set_selected(summary.name)
        self.on_pick(summary.name)

    # -- showing and input -------------------------------------------------------------------------

    def toggle(self) -> None:
        self.show() if not self.visible else self.hide()

    def show(self) -> None:
        self.visible = True
        self.root.show()
        self.listing.invalidate()

    def hide(self) -> None:
        if self.typing:
            self.manager.set_focus_set(None)
        self.visible = False
        self.root.hide()

    @property
    def typing(self) -> bool:
        return self.visible and focused_entry((self.search_entry,)) is not None

    def handle_event(self, event: pygame.event.Event) -> bool:
        """True when the event was the list's: a click or wheel over it, its widgets, keys while its
        search field is focused, Esc while it is open (first leaves the field, then closes the list)."""
        if hasattr(event, "pos") and event.type != pygame.MOUSEWHEEL:
            self._mouse_pos = event.pos
        if not self.visible:
            return False
        used = self.manager.process_events(event) if self.owns_manager else False
        if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
            if self.typing:
                self.manager.set_focus_set(None)
                self.search_entry.unfocus()
            else:
                self.hide()
            return True
        if self.typing and event.type in TEXT_KEY_EVENTS:
            return True
        element = getattr(event, "ui_element", None)
        if element is not None:
            if not belongs_to(element, self._mine):
                return used
            if event.type == pygame_gui.UI_BUTTON_PRESSED and element is self.close_button:
                self.hide()
            elif event.type == pygame_gui.UI_TEXT_ENTRY_CHANGED and element is self.search_entry:
                self._refresh()
            elif event.type == pygame_gui.UI_TEXT_ENTRY_FINISHED and element is self.search_entry and self.shown:
                self._clicked(0)  # Enter picks the first match
            return True
        if (event.type in MOUSE_EVENTS or event.type == pygame.MOUSEMOTION) and \
                self.listing.handle_event(event, self._mouse_pos):
            return True
        if event.type in MOUSE_EVENTS:
            pos = self._mouse_pos if event.type == pygame.MOUSEWHEEL else event.pos
            return used or self.root.rect.collidepoint(pos)
        return used

    def update(self, dt_seconds: float) -> None:
        if self.owns_manager:
            self.manager.update(dt_seconds)
        if not self.visible:
            return
        if self.image.image is not self.listing.surface:  # pygame_gui replaced it
            self.listing.adopt_surface(self.image.image)
        self.listing.update(dt_seconds)
        self.listing.render()

    def draw(self, surface: pygame.Surface) -> None:
        """All of it is pygame_gui's to draw: this draws the manager when the list owns it."""
        if self.owns_manager:
            self.manager.draw_ui(surface)
