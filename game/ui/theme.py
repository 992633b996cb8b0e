"""One look across every panel: the pygame_gui theme file of ours and the UI manager made with it.

Every scene builds its widgets on a manager from :func:`make_ui_manager`, so fonts and colours come
from ``assets/ui/theme.json`` alone. Object ids with ``@`` (``@title``, ``@heading``, ``@dim``,
``@banner_warning``, ``@banner_wait``, ``@danger_button``, ``@primary_button``) are the theme's
classes; pass them as ``object_id=ObjectID(class_id="@heading")``.
"""

from __future__ import annotations

from pathlib import Path

import pygame_gui

from agents.paths import assets_dir

MIN_WINDOW_SIZE_PX = (960, 600)  # everything stays usable down to this size


def theme_path() -> Path:
    return assets_dir() / "ui" / "theme.json"


def make_ui_manager(size_px: tuple[int, int]) -> pygame_gui.UIManager:
    """A UI manager with our theme; pygame_gui's own Noto Sans carries the text."""
    manager = pygame_gui.UIManager(size_px, theme_path=str(theme_path()), enable_live_theme_updates=False)
    return manager
