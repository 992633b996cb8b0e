"""The saves menu: every slot of the saves folder with its picture, and Save, Save as new, Load,
Replay (the slot's recording, from the slot's moment), Delete, Back.

Rows, newest first: the slot's picture, its name, the scenario, the game time (with the weekday),
the residents, when it was saved (local time) and, for a fork, the slot it came from (lineage).
Files that cannot be read are listed below with the reason. Save writes over the selected slot after
asking; Save as new asks a name and saves a fork whose parent is the slot the town came from or was
last saved to; both are disabled when there is no town being played (the menu opened from the
title). Load calls ``on_load(path)``; Delete asks first. Saving goes through the town's
:class:`~game.scenes.town_saver.TownSaver` (captured between steps, written on a worker): the list
refreshes when the write is done. Problems (SaveSlotError) are shown in words at the bottom. Esc
closes an open dialog first; otherwise the stack pops the scene.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pygame
import pygame_gui
from pygame_gui.core import ObjectID
from pygame_gui.elements import UIButton, UIImage, UILabel, UIScrollingContainer, UITextEntryLine, UIWindow
from pygame_gui.windows import UIConfirmationDialog

from agents.persistence.errors import SaveSlotError
from agents.persistence.save_slots import (
    SlotEntry,
    SlotListing,
    SlotProblem,
    check_slot_name,
    delete_slot,
    list_slots,
)
from game.scenes.scene import SceneStack
from game.scenes.town_saver import TownSaver
from game.ui.theme import make_ui_manager

log = logging.getLogger(__name__)

BACKGROUND = (22, 24, 32)
LEFT_TEXT_ID = "#form_text"  # the theme's left-aligned text (assets/ui/theme.json)
MARGIN_PX = 24
ROW_HEIGHT_PX = 78
THUMB_SIZE_PX = (120, 68)
BUTTON_SIZE_PX = (130, 36)
FOOTER_HEIGHT_PX = 96


@dataclass(frozen=True)
class SlotRow:
    """One line of the list: a readable slot, or a file that could not be read."""

    entry: SlotEntry | None
    problem: SlotProblem | None

    @property
    def name(self) -> str:
        if self.entry is not None:
            return self.entry.slot
        assert self.problem is not None
        return self.problem.path.name


def slot_lines(entry: SlotEntry) -> tuple[str, str]:
    """The two lines of detail under a slot's name."""
    header = entry.header
    saved = header.created_at.astimezone().strftime("%Y-%m-%d %H:%M")
    first = (f"{header.scenario}  -  {header.game_time:%a %d %b %Y, %H:%M}  -  {header.resident_count} "
             f"resident{'s' if header.resident_count != 1 else ''}")
    second = f"saved {saved}" + (f"  -  forked from {header.parent_slot}" if header.parent_slot else "")
    return first, second


def _text(class_id: str | None = None) -> ObjectID:
    return ObjectID(object_id=LEFT_TEXT_ID, class_id=class_id)


def suggested_name(taken: set[str], game_time: datetime | None, scenario: str) -> str:
    """A free slot name like ``three-mon-0830``."""
    base = f"{scenario}-{game_time:%a-%H%M}".lower() if game_time else scenario
    base = "".join(c if c.isalnum() or c in "-_" else "-" for c in base)[:56] or "town"
    name, number = base, 2
    while name in taken:
        name, number = f"{base}-{number}", number + 1
    return name


class NameDialog(UIWindow):
    """Asks the name of a new slot (Save / Cancel); the scene reads :attr:`entry`."""

    def __init__(self, manager: pygame_gui.UIManager, suggestion: str) -> None:
        width, height = manager.get_root_container().get_size()
        rect = pygame.Rect(0, 0, 440, 190)
        rect.center = (width // 2, height // 2)
        super().__init__(rect, manager, window_display_title="Save as new", resizable=False)
        inner_width, _ = self.get_container().get_size()
        UILabel(pygame.Rect(10, 8, inner_width - 20, 24), "Name of the new slot (letters, digits, - and _):",
                manager, container=self, object_id=_text())
        self.entry = UITextEntryLine(pygame.Rect(10, 36, inner_width - 20, 32), manager, container=self,
                                     initial_text=suggestion)
        self.message = UILabel(pygame.Rect(10, 70, inner_width - 20, 22), "", manager, container=self,
                               object_id=_text("@field_error"))
        self.save_button = UIButton(pygame.Rect(inner_width - 230, 98, 110, 34), "Save", manager, container=self,
                                    object_id=ObjectID(class_id="@primary_button"))
        self.cancel_button = UIButton(pygame.Rect(inner_width - 110, 98, 100, 34), "Cancel", manager,
                                      container=self)
        self.set_blocking(True)
        self.entry.focus()


class SavesScene:
    """See the module docstring."""

    def __init__(self, stack: SceneStack, saves_dir: Path, *, current_town: TownSaver | None,
                 on_load: Callable[[Path], None], viewport_size_px: tuple[int, int],
                 on_replay: Callable[[SlotEntry], None] | None = None) -> None:
        self.stack = stack
        self.saves_dir = saves_dir
        self.current_town = current_town
        self.on_load = on_load
        self.on_replay = on_replay
        self.size_px = viewport_size_px
        self.manager = make_ui_manager(viewport_size_px)
        self.rows: list[SlotRow] = []
        self.row_buttons: list[UIButton] = []
        self.selected: int | None = None
        self.dialog: UIWindow | None = None
        self._dialog_action: Callable[[], None] | None = None
        self._confirming: tuple[UIWindow, Callable[[], None]] | None = None
        self.status_text = ""
        self.status_is_error = False
        self._saves_seen = current_town.saves_finished if current_town is not None else 0
        self._refresh_listing()
        self._build()

    # -- data -------------------------------------------------------------------------------------

    def _refresh_listing(self) -> None:
        keep = self.rows[self.selected].name if self.selected is not None and self.selected < len(self.rows) else None
        try:
            listing = list_slots(self.saves_dir)
        except SaveSlotError as error:
            listing = SlotListing((), ())
            self._status(str(error), error=True)
        self.rows = ([SlotRow(entry, None) for entry in reversed(listing.slots)]
                     + [SlotRow(None, problem) for problem in listing.problems])
        names = [row.name for row in self.rows]
        self.selected = names.index(keep) if keep in names else (0 if self.rows else None)

    def selected_row(self) -> SlotRow | None:
        return self.rows[self.selected] if self.selected is not None else None

    # -- layout -----------------------------------------------------------------------------------

    def _build(self) -> None:
        self.manager.clear_and_reset()
        self.manager.set_window_resolution(self.size_px)
        self.dialog = None
        width, height = self.size_px
        UILabel(pygame.Rect(MARGIN_PX, 10, 150, 60), "Saves", self.manager, object_id=ObjectID(class_id="@title"))
        town = self.current_town
        subtitle = ("the town being played: " + town.scenario_name + f", {town.runner.view.now:%a %d %b %Y %H:%M}"
                    + (f" (from {town.origin_slot})" if town.origin_slot else "")
                    if town is not None else "no town is being played: load one, or go back")
        UILabel(pygame.Rect(MARGIN_PX + 150, 32, width - 2 * MARGIN_PX - 150, 26), subtitle, self.manager,
                object_id=_text("@dim"))
        list_rect = pygame.Rect(MARGIN_PX, 72, width - 2 * MARGIN_PX, height - 72 - FOOTER_HEIGHT_PX)
        self.list_container = UIScrollingContainer(list_rect, self.manager, allow_scroll_x=False)
        inner_width = list_rect.width - 24
        self.list_container.set_scrollable_area_dimensions((inner_width, max(1, len(self.rows) * ROW_HEIGHT_PX)))
        self.row_buttons = []
        for index, row in enumerate(self.rows):
            self._build_row(index, row, inner_width)
        if not self.rows:
            UILabel(pygame.Rect(8, 8, inner_width - 16, 26), "No saves yet.", self.manager,
                    container=self.list_container, object_id=_text("@dim"))
        footer_y = height - FOOTER_HEIGHT_PX + 12
        self.status_label = UILabel(pygame.Rect(MARGIN_PX, footer_y, width - 2 * MARGIN_PX, 24), "", self.manager,
                                    object_id=_text("@dim"))
        button_y = footer_y + 34
        x = MARGIN_PX
        buttons: list[UIButton] = []
        for text, class_id in (("Save", "@primary_button"), ("Save as new", None), ("Load", "@primary_button"),
                               ("Replay", None), ("Delete", "@danger_button")):
            buttons.append(UIButton(pygame.Rect((x, button_y), BUTTON_SIZE_PX), text, self.manager,
                                    object_id=ObjectID(class_id=class_id) if class_id else None))
            x += BUTTON_SIZE_PX[0] + 10
        self.save_button, self.save_new_button, self.load_button, self.replay_button, self.delete_button = buttons
        self.back_button = UIButton(pygame.Rect((width - MARGIN_PX - BUTTON_SIZE_PX[0], button_y), BUTTON_SIZE_PX),
                                    "Back", self.manager)
        self._show_status()
        self._update_buttons()

    def _build_row(self, index: int, row: SlotRow, inner_width: int) -> None:
        y = index * ROW_HEIGHT_PX
        button = UIButton(pygame.Rect(0, y, inner_width, ROW_HEIGHT_PX - 4), "", self.manager,
                          container=self.list_container, object_id=ObjectID(object_id="#slot_row"))
        self.row_buttons.append(button)
        text_x = THUMB_SIZE_PX[0] + 20
        text_width = inner_width - text_x - 8
        if row.entry is not None:
            thumbnail = _thumbnail_surface(row.entry.thumbnail)
            UIImage(pygame.Rect(8, y + (ROW_HEIGHT_PX - 4 - THUMB_SIZE_PX[1]) // 2, *THUMB_SIZE_PX), thumbnail,
                    self.manager, container=self.list_container)
            first, second = slot_lines(row.entry)
            UILabel(pygame.Rect(text_x, y + 4, text_width, 24), row.entry.slot, self.manager,
                    container=self.list_container, object_id=_text("@heading"))
            UILabel(pygame.Rect(text_x, y + 28, text_width, 22), first, self.manager, container=self.list_container,
                    object_id=_text())
            UILabel(pygame.Rect(text_x, y + 50, text_width, 20), second, self.manager, container=self.list_container,
                    object_id=_text("@dim"))
        else:
            assert row.problem is not None
            UILabel(pygame.Rect(8, y + 4, inner_width - 16, 24), f"{row.problem.path.name}: cannot be read",
                    self.manager, container=self.list_container, object_id=_text("@field_error"))
            reason = row.problem.reason.removeprefix(f"{row.problem.path}: ")
            UILabel(pygame.Rect(8, y + 30, inner_width - 16, 40), reason, self.manager,
                    container=self.list_container, object_id=_text("@dim"))

    def _update_buttons(self) -> None:
        row = self.selected_row()
        has_town = self.current_town is not None
        for index, button in enumerate(self.row_buttons):
            if index == self.selected:
                button.select()
            else:
                button.unselect()
        _enable(self.save_button, has_town and row is not None and row.entry is not None)
        _enable(self.save_new_button, has_town)
        _enable(self.load_button, row is not None and row.entry is not None)
        _enable(self.replay_button, self.on_replay is not None and row is not None and row.entry is not None
                and row.entry.header.recording is not None)
        _enable(self.delete_button, row is not None and _slot_name_of(row) is not None)

    def _status(self, text: str, *, error: bool = False) -> None:
        self.status_text, self.status_is_error = text, error
        if hasattr(self, "status_label"):
            self._show_status()

    def _show_status(self) -> None:
        self.status_label.change_object_id(_text("@field_error" if self.status_is_error else "@dim"))
        self.status_label.set_text(self.status_text)

    # -- actions ----------------------------------------------------------------------------------

    def select(self, index: int) -> None:
        self.selected = index if 0 <= index < len(self.rows) else None
        self._update_buttons()

    def press_save(self) -> None:
        """Save over the selected slot, after asking."""
        row = self.selected_row()
        if self.current_town is None or row is None or row.entry is None:
            return
        entry = row.entry
        question = (f"Overwrite '{entry.slot}'? It holds {entry.header.scenario} at "
                    f"{entry.header.game_time:%a %d %b %H:%M}; that save will be gone.")
        self._confirm("Overwrite the save?", question, "Overwrite", lambda: self._save_over(entry))

    def _save_over(self, entry: SlotEntry) -> None:
        town = self.current_town
        assert town is not None
        parent = entry.header.parent_slot if town.origin_slot in (None, entry.slot) else town.origin_slot
        self._request(entry.slot, parent)

    def press_save_as_new(self) -> None:
        town = self.current_town
        if town is None:
            return
        taken = {row.name for row in self.rows}
        self.dialog = NameDialog(self.manager, suggested_name(taken, town.runner.view.now, town.scenario_name))
        self._dialog_action = self._save_new_from_dialog

    def _save_new_from_dialog(self) -> None:
        dialog = self.dialog
        assert isinstance(dialog, NameDialog) and self.current_town is not None
        name = dialog.entry.get_text().strip()
        try:
            check_slot_name(name)
        except SaveSlotError as error:
            dialog.message.set_text(error.problem)
            return
        if name in {row.name for row in self.rows}:
            dialog.message.set_text(f"there is already a slot named {name}: pick another name")
            return
        self._close_dialog()
        self._request(name, self.current_town.origin_slot)

    def _request(self, slot: str, parent: str | None) -> None:
        assert self.current_town is not None
        try:
            self.current_town.request_save(slot, parent)
        except SaveSlotError as error:
            self._status(str(error), error=True)
            return
        self._status(f"saving {slot}...")

    def press_load(self) -> None:
        row = self.selected_row()
        if row is None or row.entry is None:
            return
        self.on_load(row.entry.path)

    def press_replay(self) -> None:
        """Replay the selected slot's recording from the slot's moment."""
        row = self.selected_row()
        if row is None or row.entry is None or self.on_replay is None:
            return
        self.on_replay(row.entry)

    def press_delete(self) -> None:
        row = self.selected_row()
        slot = _slot_name_of(row) if row is not None else None
        if slot is None:
            return
        self._confirm("Delete the save?", f"Delete '{slot}'? This cannot be undone.", "Delete",
                      lambda: self._delete(slot))

    def _delete(self, slot: str) -> None:
        try:
            delete_slot(slot, self.saves_dir)
        except SaveSlotError as error:
            self._status(str(error), error=True)
            return
        self._status(f"deleted {slot}")
        self._refresh_listing()
        self._build()

    def _confirm(self, title: str, question: str, action: str, then: Callable[[], None]) -> None:
        width, height = self.size_px
        rect = pygame.Rect(0, 0, 420, 200)
        rect.center = (width // 2, height // 2)
        self.dialog = UIConfirmationDialog(rect, question, self.manager, window_title=title, action_short_name=action)
        self._dialog_action = then
        self._confirming = (self.dialog, then)  # the answer comes as an event after the dialog closed itself

    def _close_dialog(self) -> None:
        if self.dialog is not None and self.dialog.alive():
            self.dialog.kill()
        self.dialog, self._dialog_action, self._confirming = None, None, None

    # -- the loop ---------------------------------------------------------------------------------

    def handle_event(self, event: pygame.event.Event) -> bool:
        if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
            if self.dialog is not None and self.dialog.alive():
                self._close_dialog()
                return True
            return False
        used = self.manager.process_events(event)
        if event.type == pygame_gui.UI_CONFIRMATION_DIALOG_CONFIRMED and self._confirming is not None \
                and event.ui_element is self._confirming[0]:
            action = self._confirming[1]
            self._confirming = None
            if self.dialog is event.ui_element:
                self.dialog, self._dialog_action = None, None
            action()
            return True
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            return self._button(event.ui_element) or used
        if (event.type == pygame.KEYDOWN and event.key in (pygame.K_RETURN, pygame.K_KP_ENTER)
                and isinstance(self.dialog, NameDialog)):
            self._save_new_from_dialog()
            return True
        return used

    def _button(self, element: object) -> bool:
        dialog = self.dialog
        if isinstance(dialog, NameDialog):
            if element is dialog.save_button:
                self._save_new_from_dialog()
                return True
            if element is dialog.cancel_button:
                self._close_dialog()
                return True
        if element in self.row_buttons:
            self.select(self.row_buttons.index(element))  # type: ignore[arg-type]
            return True
        actions = {id(self.save_button): self.press_save, id(self.save_new_button): self.press_save_as_new,
                   id(self.load_button): self.press_load, id(self.replay_button): self.press_replay,
                   id(self.delete_button): self.press_delete}
        if id(element) in actions:
            actions[id(element)]()
            return True
        if element is self.back_button:
            self.stack.pop()
            return True
        return False

    def update(self, dt_seconds: float) -> None:
        town = self.current_town
        if town is not None:
            town.update(drive_runner=True)
            if town.saves_finished != self._saves_seen:
                self._saves_seen = town.saves_finished
                self._status(town.last_message, error=town.last_error is not None)
                if town.last_error is None:
                    self._refresh_listing()
                    self._build()
        if self.dialog is not None and not self.dialog.alive():
            self.dialog, self._dialog_action = None, None
        self.manager.update(dt_seconds)

    def draw(self, surface: pygame.Surface) -> None:
        surface.fill(BACKGROUND)
        self.manager.draw_ui(surface)

    def resize(self, size_px: tuple[int, int]) -> None:
        if size_px != self.size_px:
            self.size_px = size_px
            self._build()

    def request_quit(self) -> bool:
        return False

    def close(self) -> None:
        self.manager.clear_and_reset()


def _enable(button: UIButton, enabled: bool) -> None:
    if enabled:
        button.enable()
    else:
        button.disable()


def _slot_name_of(row: SlotRow) -> str | None:
    if row.entry is not None:
        return row.entry.slot
    assert row.problem is not None
    name = row.problem.path.name.removesuffix(".smallville-save")
    try:
        return check_slot_name(name)
    except SaveSlotError:
        return None


def _thumbnail_surface(path: Path | None) -> pygame.Surface:
    picture = pygame.Surface(THUMB_SIZE_PX)
    picture.fill((40, 44, 56))
    if path is None:
        return picture
    try:
        image = pygame.image.load(str(path))
    except (pygame.error, OSError) as error:
        log.warning("the picture %s could not be read: %s", path, error)
        return picture
    if image.get_bitsize() not in (24, 32):  # smoothscale needs 24 or 32 bits a pixel
        deeper = pygame.Surface(image.get_size(), depth=32)
        deeper.blit(image, (0, 0))
        image = deeper
    return pygame.transform.smoothscale(image, THUMB_SIZE_PX)
