"""Input helpers shared by the inspector and the residents list: the key events a focused text field
takes (so typing "w" in a question never pans the map), and whether a pygame_gui element is one of a
panel's own (its events are then the panel's, also on a manager shared with other panels)."""

from __future__ import annotations

from collections.abc import Collection, Iterable

import pygame
from pygame_gui.elements import UITextEntryLine

TEXT_KEY_EVENTS = (pygame.KEYDOWN, pygame.KEYUP, pygame.TEXTINPUT, pygame.TEXTEDITING)


def focused_entry(entries: Iterable[UITextEntryLine]) -> UITextEntryLine | None:
    """The entry of ``entries`` that has the keyboard, or None."""
    return next((entry for entry in entries if entry.is_focused and entry.visible), None)


def belongs_to(element: object, roots: Collection[object]) -> bool:
    """True when ``element`` is one of ``roots`` or inside one of them (following its containers)."""
    for _ in range(16):
        if element is None:
            return False
        if element in roots:
            return True
        element = getattr(element, "ui_container", None)
    return False
