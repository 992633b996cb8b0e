"""The keyboard help overlay (F1): every key of the play scene and what the mouse does instead.

A modal overlay: while open it takes every event; F1, Esc or a click closes it.
"""

from __future__ import annotations

import pygame

from game.ui.hud_bar import ui_font

HELP_ROWS: tuple[tuple[str, str], ...] = (
    ("Arrow keys / WASD, drag", "move around the map"),
    ("Mouse wheel", "zoom in and out (0.5x to 2x)"),
    ("Click a resident", "open the inspector: thoughts, plan, memories, talk"),
    ("Tab  (or the Residents button)", "list of residents; pick one to inspect"),
    ("F", "follow the selected resident with the camera"),
    ("Space  (or Pause)", "pause and resume the clock"),
    (".  (or Step)", "advance one step while paused"),
    ("+ / -  (or the slider)", "faster / slower"),
    ("M  (or Skip to morning)", "run fast until the first resident wakes"),
    ("F5", "quick save"),
    ("F9", "quick load (the quick save)"),
    ("Ctrl+S  (or Saves)", "saves menu: save, save as new, load, delete"),
    ("F1  (or Help)", "this help"),
    ("Esc", "close a dialog or panel; on the map: quit (asks to save)"),
)


class HelpOverlay:
    """See the module docstring."""

    def __init__(self) -> None:
        self.visible = False
        self._font = ui_font(15)
        self._bold = ui_font(15, bold=True)
        self._title = ui_font(22, bold=True)

    def toggle(self) -> None:
        self.visible = not self.visible

    def handle_event(self, event: pygame.event.Event) -> bool:
        """While open, every event is the overlay's; F1, Esc or a click closes it."""
        if not self.visible:
            if event.type == pygame.KEYDOWN and event.key == pygame.K_F1:
                self.visible = True
                return True
            return False
        closing_key = event.type == pygame.KEYDOWN and event.key in (pygame.K_F1, pygame.K_ESCAPE)
        if closing_key or event.type == pygame.MOUSEBUTTONUP:
            self.visible = False
        return event.type not in (pygame.QUIT, pygame.VIDEORESIZE, pygame.WINDOWSIZECHANGED)

    def draw(self, screen: pygame.Surface) -> None:
        if not self.visible:
            return
        shade = pygame.Surface(screen.get_size(), pygame.SRCALPHA)
        shade.fill((0, 0, 0, 170))
        screen.blit(shade, (0, 0))
        key_width = max(self._bold.size(key)[0] for key, _ in HELP_ROWS)
        text_width = max(self._font.size(text)[0] for _, text in HELP_ROWS)
        line = self._font.get_linesize() + 4
        width = min(screen.get_width() - 40, key_width + text_width + 80)
        height = min(screen.get_height() - 40, 110 + line * len(HELP_ROWS))
        box = pygame.Rect(0, 0, width, height)
        box.center = screen.get_rect().center
        pygame.draw.rect(screen, (27, 30, 39), box)
        pygame.draw.rect(screen, (143, 166, 200), box, 1)
        screen.blit(self._title.render("Keys and mouse", True, (242, 193, 78)), (box.x + 24, box.y + 16))
        y = box.y + 60
        for key, text in HELP_ROWS:
            screen.blit(self._bold.render(key, True, (236, 236, 228)), (box.x + 24, y))
            screen.blit(self._font.render(text, True, (200, 204, 214)), (box.x + 48 + key_width, y))
            y += line
        hint = self._font.render("F1, Esc or a click closes this", True, (169, 173, 184))
        screen.blit(hint, (box.right - hint.get_width() - 16, box.bottom - hint.get_height() - 10))
