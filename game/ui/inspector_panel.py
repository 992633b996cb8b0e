"""The inspector: a side panel on the right that reads one resident's mind from a frozen
:class:`ResidentDetailView` and lets the player interview them, whisper to them and load a history.

Layout, top to bottom: the header (:mod:`game.ui.inspector_header`), a row of tabs (Plan, Talk,
Memories, Reflections, People, Ask), the tab's content, and a one-line message. Every tab's content is
a :class:`VirtualList` drawn into a pygame_gui image: only visible rows are drawn, so 5,000 memories
scroll as smoothly as five. A tab is laid out again only when its part of the view changed (the view's
``version`` first, then the section's data), and drawn again only when it changed or scrolls.

A ``read_only`` inspector (the replay scene) shows the same tabs without the Ask tab's request rows.
Requests go out through the callbacks given to the constructor (``on_ask``, ``on_whisper``,
``on_load_history``); their results come back in the next view (the interview transcript) or through
:meth:`InspectorPanel.show_message`.

The manager: with ``owns_manager=True`` (the default) the panel feeds it every event, updates and
draws it; when several panels share one manager, pass ``owns_manager=False`` and have the scene call
``manager.process_events(event)`` once before the panels' ``handle_event`` and ``manager.update`` /
``manager.draw_ui`` once a frame.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pygame
import pygame_gui
from pygame_gui.core import ObjectID
from pygame_gui.elements import UIButton, UIImage, UILabel, UIPanel
from pygame_gui.windows import UIFileDialog

from agents.views.resident_view import MemoryView, ResidentDetailView
from game.ui.inspector_ask import ROWS_HEIGHT_PX, AskControls
from game.ui.inspector_header import (
    COMPACT_HEADER_HEIGHT_PX,
    HEADER_HEIGHT_PX,
    PortraitCache,
    header_key,
    render_header,
)
from game.ui.inspector_keys import TEXT_KEY_EVENTS, belongs_to, focused_entry
from game.ui.inspector_list import VirtualList
from game.ui.inspector_memories import CONTROLS_HEIGHT_PX, MemoryControls
from game.ui.inspector_sections import (
    interview_blocks,
    memory_row_height,
    people_blocks,
    plan_blocks,
    reflection_blocks,
    render_memory_row,
    talk_blocks,
)
from game.ui.inspector_text import EmojiRenderer, Style, TextBlock, block_height, render_block, text_width

TABS = ("Plan", "Talk", "Memories", "Reflections", "People", "Ask")
PAD_PX = 8
GAP_PX = 4
TAB_HEIGHT_PX = 28
ROW_PX = 30
STATUS_HEIGHT_PX = 22
COMPACT_BELOW_HEIGHT_PX = 560  # a panel shorter than this gets the compact header
MOUSE_EVENTS = (pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP, pygame.MOUSEWHEEL)


def panel_width_px(viewport_width_px: int) -> int:
    """About 400 px at 1280 wide, 340 at 960; never more than half the window."""
    return min(viewport_width_px // 2, max(340, min(420, round(viewport_width_px * 0.32))))


@dataclass
class _Tab:
    """One tab's list, its image in the panel and the key of the data it was laid out from."""

    name: str
    listing: VirtualList[Any]
    image: UIImage | None = None
    shown_key: Hashable = None


class InspectorPanel:
    """See the module docstring."""

    def __init__(self, manager: pygame_gui.UIManager, viewport_size_px: tuple[int, int],
                 portrait_path_for: Callable[[str], Path], *,
                 on_ask: Callable[[str, str], None] = lambda name, question: None,
                 on_whisper: Callable[[str, str], None] = lambda name, text: None,
                 on_load_history: Callable[[Path], None] = lambda path: None,
                 top_px: int = 32, bottom_px: int = 48, owns_manager: bool = True,
                 read_only: bool = False) -> None:
        self.manager = manager
        self.read_only = read_only  # a replay: the Ask tab shows the transcript, without the request rows
        self.on_ask, self.on_whisper, self.on_load_history = on_ask, on_whisper, on_load_history
        self.top_px, self.bottom_px = top_px, bottom_px
        self.owns_manager = owns_manager
        self.portraits = PortraitCache(portrait_path_for)
        self.emoji = EmojiRenderer(16)
        self.view: ResidentDetailView | None = None
        self.visible = False
        self.tab = "Plan"
        self.highlighted_memory_id: int | None = None
        self.message = ""
        self._size = viewport_size_px
        self._mouse_pos = (0, 0)
        self._shown_version: tuple | None = None
        self._shown_header: tuple | None = None
        self._header_dirty = True
        self._texts = {"search": "", "question": "", "whisper": "", "path": ""}
        self._kept_kind = "all"  # the memory kind filter, kept across a resize
        dummy = pygame.Rect(0, 0, 100, 100)
        self.tabs: dict[str, _Tab] = {
            name: _Tab(name, VirtualList(dummy, memory_row_height, render_memory_row, "no memories match")
                       if name == "Memories" else VirtualList(dummy, block_height, render_block))
            for name in TABS}
        for tab in self.tabs.values():
            tab.listing.on_click = (lambda index, name=tab.name: self._clicked(name, index))
        self._build()

    # -- layout ------------------------------------------------------------------------------------

    @property
    def rect(self) -> pygame.Rect:
        return self.root.rect

    def _build(self) -> None:
        """(Re)create the widgets for the current window size, keeping texts, tab, filter and scroll."""
        width, height = self._size
        panel_width = panel_width_px(width)
        panel_height = max(200, height - self.top_px - self.bottom_px)
        self.root = UIPanel(pygame.Rect(width - panel_width, self.top_px, panel_width, panel_height), starting_height=2,
                            manager=self.manager, object_id=ObjectID(object_id="#inspector"))
        container = self.root.get_container()
        inner = container.get_rect()
        inner_width = inner.width - 2 * PAD_PX
        self._compact = panel_height < COMPACT_BELOW_HEIGHT_PX
        header_px = COMPACT_HEADER_HEIGHT_PX if self._compact else HEADER_HEIGHT_PX
        self._header_image = UIImage(pygame.Rect(PAD_PX, PAD_PX, inner_width, header_px),
                                     pygame.Surface((inner_width, header_px)), self.manager, container=container)
        self._header_dirty = True
        self.close_button = UIButton(pygame.Rect(inner.width - PAD_PX - 26, PAD_PX, 26, 26), "×", self.manager,
                                     container=container, tool_tip_text="close (Esc)")
        tab_y = PAD_PX + header_px + GAP_PX
        self.tab_buttons: dict[str, UIButton] = {}
        text_widths = [text_width(Style.BODY, name) for name in TABS]
        spare = max(0, inner_width - sum(text_widths)) / len(TABS)
        x = float(PAD_PX)
        for name, text_px in zip(TABS, text_widths):
            tab_width = text_px + spare
            self.tab_buttons[name] = UIButton(pygame.Rect(round(x), tab_y, round(x + tab_width) - round(x) - 2,
                                                          TAB_HEIGHT_PX), name, self.manager, container=container)
            x += tab_width
        content_top = tab_y + TAB_HEIGHT_PX + 6
        status_top = inner.height - PAD_PX - STATUS_HEIGHT_PX
        content_bottom = status_top - GAP_PX
        self.status_label = UILabel(pygame.Rect(PAD_PX, status_top, inner_width, STATUS_HEIGHT_PX), self.message,
                                    self.manager, container=container, object_id=ObjectID(class_id="@dim"))
        # Memories: kind filter, search, count, list
        self.memories = MemoryControls(self.manager, container, PAD_PX, content_top, inner_width,
                                       self._kept_kind, self._texts["search"])
        self.kind_button, self.search_entry = self.memories.kind_button, self.memories.search_entry
        self.count_label = self.memories.count_label
        memories_top = content_top + CONTROLS_HEIGHT_PX
        # Ask: transcript, then the question, whisper and history rows
        rows_top = content_bottom - ROWS_HEIGHT_PX
        self.ask = AskControls(self.manager, container, PAD_PX, rows_top, inner_width, self._texts,
                               on_ask=self.on_ask, on_whisper=self.on_whisper, on_load_history=self.on_load_history,
                               show_message=self.show_message)
        self.question_entry, self.ask_button = self.ask.question_entry, self.ask.ask_button
        self.whisper_entry, self.whisper_button = self.ask.whisper_entry, self.ask.whisper_button
        self.path_entry, self.browse_button, self.load_button = (self.ask.path_entry, self.ask.browse_button,
                                                                 self.ask.load_button)
        origin = container.get_rect().topleft
        for name, tab in self.tabs.items():
            top = memories_top if name == "Memories" else content_top
            bottom = rows_top - GAP_PX if name == "Ask" and not self.read_only else content_bottom
            local = pygame.Rect(PAD_PX, top, inner_width, max(40, bottom - top))
            tab.listing.set_rect(local.move(origin))
            tab.image = UIImage(local, tab.listing.surface, self.manager, container=container)
            tab.listing.adopt_surface(tab.image.image)
        self.entries = (self.search_entry, *self.ask.entries)
        self._mine = {self.root, container}
        self._apply_visibility()

    def _apply_visibility(self) -> None:
        if not self.visible:
            self.root.hide()
            return
        self.root.show()
        ask = self.ask.elements
        for element in self.memories.elements:
            element.show() if self.tab == "Memories" else element.hide()
        for element in ask:
            element.show() if self.tab == "Ask" and not self.read_only else element.hide()
        for name, tab in self.tabs.items():
            assert tab.image is not None
            tab.image.show() if name == self.tab else tab.image.hide()
        for name, button in self.tab_buttons.items():
            button.select() if name == self.tab else button.unselect()

    def resize(self, size_px: tuple[int, int]) -> None:
        """Follow a new window size (the widgets are made again; texts, tab and scroll stay)."""
        self._remember_texts()
        self._close_dialog()
        self.root.kill()
        self._size = size_px
        if self.owns_manager:
            self.manager.set_window_resolution(size_px)
        self._build()
        for tab in self.tabs.values():
            tab.shown_key = None  # laid out again at the new width
        self._refresh_tab(self.tab)

    def _remember_texts(self) -> None:
        self._texts = {"search": self.search_entry.get_text(), **self.ask.texts()}
        self._kept_kind = self.memories.kind

    # -- showing -----------------------------------------------------------------------------------

    def show(self, view: ResidentDetailView) -> None:
        """Open the panel on ``view`` or bring it up to date (cheap when ``view.version`` is unchanged)."""
        if not self.visible:
            self.visible = True
            self._apply_visibility()
        if self.view is not None and view.name != self.view.name:
            self.highlighted_memory_id = None
            self.show_message("")
            for tab in self.tabs.values():
                tab.listing.scroll_to(0, at_once=True)
                tab.shown_key = None
        elif view is self.view or (self.view is not None and view.version == self._shown_version):
            self.view = view
            return
        first = self.view is None or view.name != self.view.name
        self.view = view
        self._shown_version = view.version
        key = header_key(view)
        if key != self._shown_header:
            self._shown_header = key
            self._header_dirty = True
        self._refresh_tab(self.tab)
        if first and self.tab == "Plan":
            self._scroll_to_current_plan_item()

    def hide(self) -> None:
        self._close_dialog()
        self._unfocus()
        self.visible = False
        self._apply_visibility()

    def show_message(self, text: str) -> None:
        """A one-line result or error under the tabs' content ("loaded 12 whispers")."""
        if text != self.message:
            self.message = text
            self.status_label.set_text(text)

    def select_tab(self, name: str) -> None:
        if name not in self.tabs:
            raise ValueError(f"no inspector tab {name!r}; the tabs are {', '.join(TABS)}")
        self.tab = name
        self._apply_visibility()
        self._refresh_tab(name)

    @property
    def memory_kind(self) -> str:
        return self.memories.kind

    @property
    def filtered_memories(self) -> list[MemoryView]:
        return self.memories.filtered

    def set_memory_filter(self, kind: str | None = None, search: str | None = None) -> None:
        """List only memories of ``kind`` ("all", "event", "thought", "chat", "reflection") and/or
        containing ``search``."""
        self.memories.set_filter(kind, search)
        self._refresh_tab("Memories")

    def jump_to_memory(self, memory_id: int) -> None:
        """Show memory ``memory_id`` in the Memories tab, highlighted (clearing filters that hide it)."""
        self.highlighted_memory_id = memory_id
        self.tab = "Memories"
        self._apply_visibility()
        self._refresh_tab("Memories")
        if self.memories.index_of(memory_id) is None and (self.memory_kind != "all" or self.memories.search):
            self.set_memory_filter("all", "")
        index = self.memories.index_of(memory_id)
        listing = self.tabs["Memories"].listing
        listing.set_highlighted(index)
        if index is not None:
            listing.scroll_to_index(index)
            self.show_message("")
        else:
            self.show_message(f"memory {memory_id} is not among their memories")

    def _tab_key(self, name: str) -> Hashable:
        view = self.view
        assert view is not None
        if name == "Plan":
            return (view.daily_plan, view.schedule)
        if name == "Talk":
            return (view.conversation_now, view.past_conversations)
        if name == "Memories":
            return (view.memories, self.memory_kind, self.memories.search)
        if name == "Reflections":
            return view.reflections
        if name == "People":
            return view.relationships
        return (view.interview, view.first_name)

    def _refresh_tab(self, name: str) -> None:
        """Lay out tab ``name`` again if its data changed since it was last laid out."""
        view = self.view
        if view is None:
            return
        tab = self.tabs[name]
        key = self._tab_key(name)
        if key == tab.shown_key:
            return
        tab.shown_key = key
        listing = tab.listing
        if name == "Memories":
            self.memories.list_into(listing, view, self.highlighted_memory_id)
        elif name == "Ask":
            at_end = listing.offset_px >= listing.max_offset_px - 1
            listing.set_items(interview_blocks(view.interview, view.first_name or view.name, view.name))
            if at_end:
                listing.scroll_to_end()
        else:
            builders = {"Plan": lambda: plan_blocks(view), "Talk": lambda: talk_blocks(view),
                        "Reflections": lambda: reflection_blocks(view.reflections),
                        "People": lambda: people_blocks(view.relationships)}
            listing.set_items(builders[name]())

    def _scroll_to_current_plan_item(self) -> None:
        listing = self.tabs["Plan"].listing
        for index, block in enumerate(listing.items):
            if isinstance(block, TextBlock) and block.prefix.startswith("» ") and block.indent_px == 0:
                listing.ensure_visible(index)
                return

    def _clicked(self, tab: str, index: int) -> None:
        item = self.tabs[tab].listing.items[index]
        if tab == "Memories" and isinstance(item, MemoryView):
            same = self.highlighted_memory_id == item.memory_id
            self.highlighted_memory_id = None if same else item.memory_id
            self.tabs[tab].listing.set_highlighted(None if same else index)
        elif tab == "Reflections" and isinstance(item, TextBlock) and isinstance(item.target, int):
            self.jump_to_memory(item.target)

    # -- input -------------------------------------------------------------------------------------

    @property
    def typing(self) -> bool:
        """True while one of the panel's text fields has the keyboard."""
        return self.visible and focused_entry(self.entries) is not None

    def _unfocus(self) -> None:
        if focused_entry(self.entries) is not None:
            self.manager.set_focus_set(None)
            for entry in self.entries:
                entry.unfocus()

    def _is_mine(self, element: object) -> bool:
        dialog = self._dialog
        return belongs_to(element, self._mine if dialog is None else {*self._mine, dialog, dialog.get_container()})

    def handle_event(self, event: pygame.event.Event) -> bool:
        """Give the panel an event; True when it was the panel's (a click or wheel over it, one of
        its widgets, a key while one of its text fields is focused, Esc while it is open)."""
        if hasattr(event, "pos") and event.type != pygame.MOUSEWHEEL:
            self._mouse_pos = event.pos
        if not self.visible:
            return False
        used = self.manager.process_events(event) if self.owns_manager else False
        if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
            if self._dialog is not None:
                self._close_dialog()
            elif self.typing:
                self._unfocus()
            else:
                self.hide()
            return True
        if self.typing and event.type in TEXT_KEY_EVENTS:
            return True
        element = getattr(event, "ui_element", None)
        if element is not None:
            if not self._is_mine(element):
                return used
            self._ui_event(event, element)
            return True
        in_dialog = self._dialog is not None and self._dialog.rect.collidepoint(self._mouse_pos)
        if event.type in MOUSE_EVENTS or event.type == pygame.MOUSEMOTION:
            listing = self.tabs[self.tab].listing
            if not in_dialog and listing.handle_event(event, self._mouse_pos):
                return True
        if event.type in MOUSE_EVENTS:
            pos = self._mouse_pos if event.type == pygame.MOUSEWHEEL else event.pos
            return used or in_dialog or self.root.rect.collidepoint(pos)
        return used

    def _ui_event(self, event: pygame.event.Event, element: object) -> None:
        name = self.view.name if self.view is not None else ""
        if self.ask.handle_ui_event(event, element, name, self._size):
            return
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            if element is self.close_button:
                self.hide()
            elif element is self.kind_button:
                self.set_memory_filter(self.memories.next_kind())
            else:
                for tab, button in self.tab_buttons.items():
                    if element is button:
                        self.select_tab(tab)
        elif event.type == pygame_gui.UI_TEXT_ENTRY_CHANGED and element is self.search_entry:
            self._refresh_tab("Memories")

    @property
    def _dialog(self) -> UIFileDialog | None:
        """The history file dialog while it is open."""
        return self.ask.dialog

    def _close_dialog(self) -> None:
        self.ask.close_dialog()

    # -- frame -------------------------------------------------------------------------------------

    def update(self, dt_seconds: float) -> None:
        if self.owns_manager:
            self.manager.update(dt_seconds)
        if not self.visible or self.view is None:
            return
        if self._header_dirty:
            self._header_dirty = False
            width = self._header_image.rect.width
            self._header_image.set_image(render_header(self.view, width, self.portraits, self.emoji,
                                                         self._compact))
        tab = self.tabs[self.tab]
        tab.listing.update(dt_seconds)
        image = tab.image
        if image is not None and image.image is not tab.listing.surface:  # pygame_gui replaced it
            tab.listing.adopt_surface(image.image)
        tab.listing.render()  # straight into the image pygame_gui draws

    def draw(self, surface: pygame.Surface) -> None:
        """Everything the panel shows is pygame_gui's to draw: this draws the manager when the panel owns it."""
        if self.owns_manager:
            self.manager.draw_ui(surface)
