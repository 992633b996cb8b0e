"""The inspector's Ask tab controls: a question (Enter or Ask asks), a whisper, and a history CSV to
load (typed, or picked with Browse in pygame_gui's file dialog).

They only send requests, through the callbacks the inspector was given (``on_ask(name, question)``,
``on_whisper(name, text)``, ``on_load_history(path)``); answers come back in the next resident view
(the transcript) and results through the inspector's message line.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pygame
import pygame_gui
from pygame_gui.core import ObjectID
from pygame_gui.core.interfaces import IContainerLikeInterface
from pygame_gui.elements import UIButton, UITextEntryLine
from pygame_gui.windows import UIFileDialog

ROW_PX = 30
GAP_PX = 4
ROWS_HEIGHT_PX = 3 * ROW_PX + 2 * GAP_PX
BUTTON_PX = 80


class AskControls:
    """The three rows of the Ask tab, laid out from ``top`` in ``container``; see the module docstring."""

    def __init__(self, manager: pygame_gui.UIManager, container: IContainerLikeInterface, left: int, top: int,
                 width: int, texts: dict[str, str], *, on_ask: Callable[[str, str], None],
                 on_whisper: Callable[[str, str], None], on_load_history: Callable[[Path], None],
                 show_message: Callable[[str], None]) -> None:
        self.manager = manager
        self.on_ask, self.on_whisper, self.on_load_history = on_ask, on_whisper, on_load_history
        self.show_message = show_message
        self.dialog: UIFileDialog | None = None
        entry_width = width - BUTTON_PX - GAP_PX
        self.question_entry = UITextEntryLine(pygame.Rect(left, top, entry_width, ROW_PX), manager,
                                              container=container, placeholder_text="a question (Enter asks)")
        self.ask_button = UIButton(pygame.Rect(left + width - BUTTON_PX, top, BUTTON_PX, ROW_PX), "Ask", manager,
                                   container=container, object_id=ObjectID(class_id="@primary_button"))
        top += ROW_PX + GAP_PX
        self.whisper_entry = UITextEntryLine(pygame.Rect(left, top, entry_width, ROW_PX), manager,
                                             container=container, placeholder_text="whisper a thought to them")
        self.whisper_button = UIButton(pygame.Rect(left + width - BUTTON_PX, top, BUTTON_PX, ROW_PX), "Whisper",
                                       manager, container=container, tool_tip_text="plant this as a memory of theirs")
        top += ROW_PX + GAP_PX
        self.path_entry = UITextEntryLine(pygame.Rect(left, top, width - 128, ROW_PX), manager, container=container,
                                          placeholder_text="history CSV to load")
        self.browse_button = UIButton(pygame.Rect(left + width - 124, top, 66, ROW_PX), "Browse", manager,
                                      container=container, tool_tip_text="pick the CSV file")
        self.load_button = UIButton(pygame.Rect(left + width - 54, top, 54, ROW_PX), "Load", manager,
                                    container=container, tool_tip_text="load whispers from a CSV file")
        self.question_entry.set_text(texts.get("question", ""))
        self.whisper_entry.set_text(texts.get("whisper", ""))
        self.path_entry.set_text(texts.get("path", ""))

    @property
    def entries(self) -> tuple[UITextEntryLine, ...]:
        return (self.question_entry, self.whisper_entry, self.path_entry)

    @property
    def elements(self) -> tuple[pygame_gui.core.UIElement, ...]:
        return (self.question_entry, self.ask_button, self.whisper_entry, self.whisper_button, self.path_entry,
                self.browse_button, self.load_button)

    def texts(self) -> dict[str, str]:
        return {"question": self.question_entry.get_text(), "whisper": self.whisper_entry.get_text(),
                "path": self.path_entry.get_text()}

    def handle_ui_event(self, event: pygame.event.Event, element: object, resident: str,
                        window_size_px: tuple[int, int]) -> bool:
        """React to one of pygame_gui's events about ``element``; True when it was one of these controls'."""
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            actions: dict[int, Callable[[], None]] = {
                id(self.ask_button): lambda: self._ask(resident),
                id(self.whisper_button): lambda: self._whisper(resident),
                id(self.load_button): self._load,
                id(self.browse_button): lambda: self._browse(window_size_px)}
            action = actions.get(id(element))
            if action is not None:
                action()
                return True
        elif event.type == pygame_gui.UI_TEXT_ENTRY_FINISHED:
            if element is self.question_entry:
                self._ask(resident)
            elif element is self.whisper_entry:
                self._whisper(resident)
            elif element is self.path_entry:
                self._load()
            else:
                return False
            return True
        elif event.type == pygame_gui.UI_FILE_DIALOG_PATH_PICKED and element is self.dialog:
            self.path_entry.set_text(str(event.text))
            self.close_dialog()
            self._load()
            return True
        elif event.type == pygame_gui.UI_WINDOW_CLOSE and element is self.dialog:
            self.dialog = None
            return True
        return False

    def _ask(self, resident: str) -> None:
        question = self.question_entry.get_text().strip()
        if not question:
            self.show_message("type a question first")
            return
        self.question_entry.set_text("")
        self.show_message("")
        self.on_ask(resident, question)

    def _whisper(self, resident: str) -> None:
        text = self.whisper_entry.get_text().strip()
        if not text:
            self.show_message("type what to whisper first")
            return
        self.whisper_entry.set_text("")
        self.show_message("")
        self.on_whisper(resident, text)

    def _load(self) -> None:
        text = self.path_entry.get_text().strip()
        if not text:
            self.show_message("type the path of a history CSV, or Browse")
            return
        self.on_load_history(Path(text).expanduser())

    def _browse(self, window_size_px: tuple[int, int]) -> None:
        if self.dialog is not None:
            return
        width, height = window_size_px
        rect = pygame.Rect(0, 0, min(560, width - 40), min(440, height - 80))
        rect.center = (width // 2, height // 2)
        start = self.path_entry.get_text().strip() or str(Path.home())
        self.dialog = UIFileDialog(rect, self.manager, window_title="Load a history CSV", initial_file_path=start,
                                   allow_existing_files_only=True, allowed_suffixes={".csv"})

    def close_dialog(self) -> None:
        if self.dialog is not None:
            self.dialog.kill()
            self.dialog = None
