"""The recordings menu (title -> Replay): every recorded run of the recordings folder, newest first,
with its world, scenario, the game time it spans, its steps, its size and, for a fork, where it
branched from; Replay opens the selected one in the replay scene (``on_open(path)``), Delete removes
it after asking, Back (or Esc) closes the menu. Files that cannot be read are listed below with the
reason, and never stop the others from listing.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pygame
import pygame_gui
from pygame_gui.core import ObjectID
from pygame_gui.elements import UIButton, UILabel, UIScrollingContainer
from pygame_gui.windows import UIConfirmationDialog

from agents.persistence.errors import SaveSlotError
from agents.persistence.recording_store import (
    RecordingEntry,
    RecordingListing,
    delete_recording,
    list_recordings,
)
from game.ui.theme import make_ui_manager

log = logging.getLogger(__name__)

BACKGROUND = (22, 24, 32)
MARGIN_PX = 24
ROW_HEIGHT_PX = 58
BUTTON_SIZE_PX = (130, 36)
FOOTER_HEIGHT_PX = 96
LEFT_TEXT_ID = "#form_text"


def recording_lines(entry: RecordingEntry) -> tuple[str, str]:
    """The two lines of a recording's row."""
    meta = entry.meta
    start = meta.clock_start + timedelta(seconds=meta.first_step * meta.step_seconds)
    end = meta.clock_start + timedelta(seconds=entry.last_step * meta.step_seconds)
    first = f"{entry.name}    {meta.world} - {meta.scenario}    {len(meta.residents)} residents"
    second = (f"{start:%a %d %b %H:%M} to {end:%a %d %b %H:%M}   steps {meta.first_step}-{entry.last_step}   "
              f"{entry.size_bytes / 1e6:.1f} MB")
    if meta.parent is not None:
        second += f"   forked from {meta.parent.name} at step {meta.parent.step}"
    if not meta.has_minds:
        second += "   (imported: moves only, no minds)"
    return first, second


class RecordingsScene:
    """See the module docstring."""

    def __init__(self, recordings_dir: Path, *, on_open: Callable[[Path], None], on_back: Callable[[], None],
                 viewport_size_px: tuple[int, int]) -> None:
        self.recordings_dir = recordings_dir
        self.on_open, self.on_back = on_open, on_back
        self.size = viewport_size_px
        self.manager = make_ui_manager(viewport_size_px)
        self.listing = RecordingListing((), ())
        self.selected: int | None = None
        self.dialog: UIConfirmationDialog | None = None
        self._pending_delete: str | None = None
        self.status = ""
        self.refresh()

    @property
    def entries(self) -> list[RecordingEntry]:
        return sorted(self.listing.recordings, key=lambda entry: entry.meta.created_at, reverse=True)

    def refresh(self) -> None:
        try:
            self.listing = list_recordings(self.recordings_dir)
        except OSError as error:
            self.listing = RecordingListing((), ())
            self.status = f"the recordings folder {self.recordings_dir} cannot be read ({error.strerror or error})"
        if self.selected is not None and self.selected >= len(self.listing.recordings):
            self.selected = None
        self._build()

    # -- layout --------------------------------------------------------------------------------------

    def _build(self) -> None:
        self.manager.clear_and_reset()
        width, height = self.size
        UILabel(pygame.Rect(MARGIN_PX, 6, width - 2 * MARGIN_PX, 60), "Replay a recorded run", self.manager,
                object_id=ObjectID(class_id="@title", object_id=LEFT_TEXT_ID))
        list_rect = pygame.Rect(MARGIN_PX, 72, width - 2 * MARGIN_PX, height - 72 - FOOTER_HEIGHT_PX)
        self.scroller = UIScrollingContainer(list_rect, self.manager, allow_scroll_x=False)
        inner_width = list_rect.width - 20
        self.rows: list[UIButton] = []
        entries = self.entries
        for index, entry in enumerate(entries):
            y = index * ROW_HEIGHT_PX
            button = UIButton(pygame.Rect(0, y, inner_width, ROW_HEIGHT_PX - 4), "", self.manager,
                              container=self.scroller, object_id=ObjectID(object_id="#slot_row"))
            if index == self.selected:
                button.select()
            self.rows.append(button)
            first, second = recording_lines(entry)
            for line, (text, class_id) in enumerate(((first, None), (second, "@dim"))):
                UILabel(pygame.Rect(12, y + 6 + line * 24, inner_width - 24, 22), text, self.manager,
                        container=self.scroller, object_id=ObjectID(class_id=class_id, object_id=LEFT_TEXT_ID))
        problems_top = len(entries) * ROW_HEIGHT_PX
        for offset, problem in enumerate(self.listing.problems):
            UILabel(pygame.Rect(12, problems_top + offset * 24, inner_width - 24, 22),
                    f"cannot be read: {problem.path.name}: {problem.reason}", self.manager, container=self.scroller,
                    object_id=ObjectID(class_id="@dim", object_id=LEFT_TEXT_ID))
        if not entries and not self.listing.problems:
            UILabel(pygame.Rect(12, 0, inner_width - 24, 24), "no recorded run yet: every town you play is recorded",
                    self.manager, container=self.scroller, object_id=ObjectID(class_id="@dim", object_id=LEFT_TEXT_ID))
        self.scroller.set_scrollable_area_dimensions(
            (inner_width, max(list_rect.height - 4, (len(entries) + len(self.listing.problems)) * ROW_HEIGHT_PX)))
        button_y = height - FOOTER_HEIGHT_PX + 40
        self.open_button = UIButton(pygame.Rect((MARGIN_PX, button_y), BUTTON_SIZE_PX), "Replay", self.manager,
                                    object_id=ObjectID(class_id="@primary_button"))
        self.delete_button = UIButton(pygame.Rect((MARGIN_PX + BUTTON_SIZE_PX[0] + 10, button_y), BUTTON_SIZE_PX),
                                      "Delete", self.manager, object_id=ObjectID(class_id="@danger_button"))
        self.back_button = UIButton(pygame.Rect((width - MARGIN_PX - BUTTON_SIZE_PX[0], button_y), BUTTON_SIZE_PX),
                                    "Back", self.manager)
        self.status_label = UILabel(pygame.Rect(MARGIN_PX, height - FOOTER_HEIGHT_PX + 6, width - 2 * MARGIN_PX, 28),
                                    self.status, self.manager, object_id=ObjectID(class_id="@dim", object_id=LEFT_TEXT_ID))
        self._update_buttons()

    def _update_buttons(self) -> None:
        for button in (self.open_button, self.delete_button):
            button.enable() if self.selected is not None else button.disable()

    def _set_status(self, text: str) -> None:
        self.status = text
        self.status_label.set_text(text)

    # -- actions -------------------------------------------------------------------------------------

    def select(self, index: int | None) -> None:
        self.selected = index
        for row_index, row in enumerate(self.rows):
            row.select() if row_index == index else row.unselect()
        self._update_buttons()

    def press_open(self) -> None:
        if self.selected is not None:
            self.on_open(self.entries[self.selected].path)

    def press_delete(self) -> None:
        if self.selected is None:
            return
        name = self.entries[self.selected].name
        self._pending_delete = name
        self.dialog = UIConfirmationDialog(pygame.Rect(0, 0, 420, 200), f"Delete the recording {name}? Its replay "
                                           "is lost; save slots are kept.", self.manager, action_short_name="Delete",
                                           window_title="Delete recording", blocking=True)
        self.dialog.set_position(((self.size[0] - 420) // 2, (self.size[1] - 200) // 2))

    def _delete(self, name: str) -> None:
        try:
            delete_recording(name, self.recordings_dir)
        except SaveSlotError as error:  # a RecordingError is one
            self._set_status(str(error))
            return
        self.selected = None
        self.status = f"deleted the recording {name}"
        self.refresh()

    # -- the scene -----------------------------------------------------------------------------------

    def handle_event(self, event: pygame.event.Event) -> bool:
        used = self.manager.process_events(event)
        if event.type == pygame_gui.UI_CONFIRMATION_DIALOG_CONFIRMED and event.ui_element is self.dialog:
            self.dialog = None
            if self._pending_delete is not None:
                self._delete(self._pending_delete)
            return True
        if event.type == pygame_gui.UI_WINDOW_CLOSE and event.ui_element is self.dialog:
            self.dialog, self._pending_delete = None, None
            return True
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            element = event.ui_element
            if element is self.open_button:
                self.press_open()
            elif element is self.delete_button:
                self.press_delete()
            elif element is self.back_button:
                self.on_back()
            elif element in self.rows:
                index = self.rows.index(element)
                if index == self.selected:  # a second click opens it
                    self.press_open()
                else:
                    self.select(index)
            return True
        if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE and self.dialog is not None:
            self.dialog.kill()
            self.dialog, self._pending_delete = None, None
            return True
        if event.type == pygame.KEYDOWN and event.key == pygame.K_RETURN and self.dialog is None:
            self.press_open()
            return True
        return used

    def update(self, dt_seconds: float) -> None:
        self.manager.update(dt_seconds)

    def draw(self, surface: pygame.Surface) -> None:
        surface.fill(BACKGROUND)
        self.manager.draw_ui(surface)

    def resize(self, size_px: tuple[int, int]) -> None:
        if size_px != self.size:
            self.size = size_px
            self.manager.set_window_resolution(size_px)
            self._build()

    def request_quit(self) -> bool:
        return False

    def close(self) -> None:
        return None
