"""The "quit?" dialog of a town being played: Save and quit / Quit without saving / Cancel.

A modal (blocking) pygame_gui window on the scene's manager: while it is open it takes every event.
Its buttons call the callbacks given; Esc and the window's close button cancel. When "Save and quit"
raises :class:`~agents.persistence.errors.SaveSlotError` (a full disk, a step that would not
finish), the dialog stays open and says what went wrong, so the player can quit without saving or
cancel.
"""

from __future__ import annotations

import html
from collections.abc import Callable

import pygame
import pygame_gui
from pygame_gui.core import ObjectID
from pygame_gui.elements import UIButton, UITextBox, UIWindow

from agents.persistence.errors import SaveSlotError

DIALOG_SIZE_PX = (500, 210)
QUESTION = "Save the town before quitting? It goes into the autosave slots; Continue on the title screen loads it."


class QuitDialog(UIWindow):
    """See the module docstring."""

    def __init__(self, manager: pygame_gui.UIManager, *, on_save_and_quit: Callable[[], None],
                 on_quit: Callable[[], None], on_cancel: Callable[[], None] | None = None,
                 question: str = QUESTION) -> None:
        width, height = manager.get_root_container().get_size()
        rect = pygame.Rect(0, 0, *DIALOG_SIZE_PX)
        rect.center = (width // 2, height // 2)
        super().__init__(rect, manager, window_display_title="Quit", object_id=ObjectID(object_id="#quit_dialog"),
                         resizable=False, draggable=False)
        self.on_save_and_quit = on_save_and_quit
        self.on_quit = on_quit
        self.on_cancel = on_cancel or (lambda: None)
        inner_width, inner_height = self.get_container().get_size()
        self.text = UITextBox(question, pygame.Rect(10, 8, inner_width - 20, inner_height - 66), manager,
                              container=self)
        button_y = inner_height - 48
        self.save_button = UIButton(pygame.Rect(10, button_y, 150, 36), "Save and quit", manager, container=self,
                                    object_id=ObjectID(class_id="@primary_button"))
        self.quit_button = UIButton(pygame.Rect(170, button_y, 170, 36), "Quit without saving", manager,
                                    container=self, object_id=ObjectID(class_id="@danger_button"))
        self.cancel_button = UIButton(pygame.Rect(inner_width - 110, button_y, 100, 36), "Cancel", manager,
                                      container=self)
        self.set_blocking(True)
        self.result: str | None = None  # "saved", "quit", "cancelled" once chosen

    def process_event(self, event: pygame.event.Event) -> bool:
        consumed = super().process_event(event)
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            if event.ui_element is self.save_button:
                self._save_and_quit()
                return True
            if event.ui_element is self.quit_button:
                self._finish("quit", self.on_quit)
                return True
            if event.ui_element is self.cancel_button:
                self.cancel()
                return True
        if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE and self.alive():
            self.cancel()
            return True
        return consumed

    def on_close_window_button_pressed(self) -> None:
        self.cancel()

    def cancel(self) -> None:
        self._finish("cancelled", self.on_cancel)

    def _save_and_quit(self) -> None:
        self.text.set_text("Saving...")
        try:
            self.on_save_and_quit()
        except SaveSlotError as error:
            self.text.set_text(f"<font color='#ff8a80'>Could not save: {html.escape(error.problem)}.</font> "
                               f"{html.escape(error.hint)}")
            return
        self._finish("saved", lambda: None)

    def _finish(self, result: str, callback: Callable[[], None]) -> None:
        self.result = result
        self.kill()
        callback()
