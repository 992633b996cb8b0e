"""The inspector's Memories tab controls: the kind filter (a button that cycles all / event / thought /
chat / reflection), the text search, the count line, and listing the memories that pass into the tab's
:class:`VirtualList` (their row heights come from a per-resident cache, so a new memory among 5,000
costs a filter and one look-up per row).
"""

from __future__ import annotations

from typing import Any

import pygame
import pygame_gui
from pygame_gui.core import ObjectID
from pygame_gui.core.interfaces import IContainerLikeInterface
from pygame_gui.elements import UIButton, UILabel, UITextEntryLine

from agents.views.resident_view import MemoryView, ResidentDetailView
from game.ui.inspector_list import VirtualList
from game.ui.inspector_sections import MEMORY_KINDS, MemoryHeights, filter_memories

ROW_PX = 30
KIND_BUTTON_PX = 124
CONTROLS_HEIGHT_PX = ROW_PX + 24  # the filter row and the count line above the list


def count_text(total: int, shown: int) -> str:
    text = f"{total:,} memor{'y' if total == 1 else 'ies'}, newest first"
    return text + (f" · {shown:,} shown" if shown != total else "")


class MemoryControls:
    """Kind filter, search and count of the Memories tab, from ``top`` in ``container``."""

    def __init__(self, manager: pygame_gui.UIManager, container: IContainerLikeInterface, left: int, top: int,
                 width: int, kind: str, search: str) -> None:
        self.kind = kind
        self.kind_button = UIButton(pygame.Rect(left, top, KIND_BUTTON_PX, ROW_PX), f"kind: {kind}", manager,
                                    container=container, tool_tip_text="which kind of memory to list (click to change)")
        self.search_entry = UITextEntryLine(pygame.Rect(left + KIND_BUTTON_PX + 4, top, width - KIND_BUTTON_PX - 4,
                                                        ROW_PX), manager, container=container,
                                            placeholder_text="search memories")
        self.search_entry.set_text(search)
        self.count_label = UILabel(pygame.Rect(left, top + ROW_PX + 2, width, 20), "", manager, container=container,
                                   object_id=ObjectID(class_id="@dim"))
        self.filtered: list[MemoryView] = []
        self.heights = MemoryHeights()

    @property
    def elements(self) -> tuple[Any, ...]:
        return (self.kind_button, self.search_entry, self.count_label)

    @property
    def search(self) -> str:
        return self.search_entry.get_text()

    def set_filter(self, kind: str | None = None, search: str | None = None) -> None:
        if kind is not None:
            if kind not in MEMORY_KINDS:
                raise ValueError(f"no memory kind {kind!r}; the kinds are {', '.join(MEMORY_KINDS)}")
            self.kind = kind
            self.kind_button.set_text(f"kind: {kind}")
        if search is not None and search != self.search_entry.get_text():
            self.search_entry.set_text(search)

    def next_kind(self) -> str:
        return MEMORY_KINDS[(MEMORY_KINDS.index(self.kind) + 1) % len(MEMORY_KINDS)]

    def index_of(self, memory_id: int | None) -> int | None:
        """Where memory ``memory_id`` is among the listed ones (None when filtered out or absent)."""
        if memory_id is None:
            return None
        return next((i for i, memory in enumerate(self.filtered) if memory.memory_id == memory_id), None)

    def list_into(self, listing: VirtualList[MemoryView], view: ResidentDetailView, highlighted_id: int | None) -> None:
        """Filter ``view``'s memories and give them to ``listing``; the count line follows."""
        self.filtered = filter_memories(view.memories, self.kind, self.search)
        heights = self.heights.heights(view.name, self.filtered, listing.content_width_px)
        listing.set_items(self.filtered, highlighted=self.index_of(highlighted_id), heights=heights)
        text = count_text(len(view.memories), len(self.filtered))
        if text != self.count_label.text:
            self.count_label.set_text(text)
