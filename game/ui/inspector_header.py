"""The top of the inspector: portrait, name, age and occupation, traits, what they are "currently"
about, the action under way (emoji, place, since/until) and the "thinking: <kind>" marker.

Drawn as one surface (the panel shows it in a pygame_gui image) and only again when one of these
things changed. Portraits are loaded once per name; a missing or unreadable file gives a plain
placeholder with the initials, never an error.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

import pygame

from agents.views.resident_view import ResidentDetailView
from game.ui.inspector_sections import short_place
from game.ui.inspector_text import (
    ACCENT,
    BORDER,
    DIM,
    NOW_BG,
    PANEL_BG,
    TEXT,
    EmojiRenderer,
    Style,
    fit,
    hhmm,
    panel_font,
    wrap,
)

log = logging.getLogger(__name__)

PORTRAIT_PX = 64
HEADER_HEIGHT_PX = 170
COMPACT_HEADER_HEIGHT_PX = 152  # "currently" on one line, for short windows
CLOSE_BUTTON_ROOM_PX = 30  # kept free at the top right for the close button


def header_key(view: ResidentDetailView) -> tuple:
    """What the header shows; it is drawn again only when this changes."""
    return (view.name, view.age, view.traits, view.occupation, view.currently, view.action, view.thinking)


def initials(name: str) -> str:
    return "".join(part[0] for part in name.split()[:2]).upper() or "?"


class PortraitCache:
    """Portraits by resident name, scaled to ``size_px``; placeholders for missing files."""

    def __init__(self, portrait_path_for: Callable[[str], Path], size_px: int = PORTRAIT_PX) -> None:
        self.portrait_path_for = portrait_path_for
        self.size_px = size_px
        self._cache: dict[str, pygame.Surface] = {}

    def get(self, name: str) -> pygame.Surface:
        cached = self._cache.get(name)
        if cached is None:
            cached = self._load(name)
            self._cache[name] = cached
        return cached

    def _load(self, name: str) -> pygame.Surface:
        try:
            path = self.portrait_path_for(name)
            image = pygame.image.load(str(path))
        except (OSError, pygame.error, ValueError, KeyError) as error:
            log.debug("no portrait for %s (%s): a placeholder instead", name, error)
            return self.placeholder(name)
        if image.get_size() != (self.size_px, self.size_px):
            image = pygame.transform.smoothscale(image, (self.size_px, self.size_px))
        return image

    def placeholder(self, name: str) -> pygame.Surface:
        surface = pygame.Surface((self.size_px, self.size_px), pygame.SRCALPHA)
        pygame.draw.rect(surface, (58, 64, 82), surface.get_rect(), border_radius=6)
        pygame.draw.rect(surface, BORDER, surface.get_rect(), 1, border_radius=6)
        font = panel_font(max(10, self.size_px * 3 // 8), True)
        text = font.render(initials(name), True, DIM)
        surface.blit(text, text.get_rect(center=surface.get_rect().center))
        return surface


def render_header(view: ResidentDetailView, width_px: int, portraits: PortraitCache,
                  emoji: EmojiRenderer, compact: bool = False) -> pygame.Surface:
    """The header ``width_px`` wide; ``compact`` keeps "currently" to one line."""
    height_px = COMPACT_HEADER_HEIGHT_PX if compact else HEADER_HEIGHT_PX
    currently_lines = 1 if compact else 2
    surface = pygame.Surface((width_px, height_px))
    surface.fill(PANEL_BG)
    portrait = portraits.get(view.name)
    surface.blit(portrait, (0, 0))
    name_font, small = panel_font(18, True), Style.DIM.font
    text_x = portraits.size_px + 10
    text_width = width_px - text_x - CLOSE_BUTTON_ROOM_PX
    surface.blit(name_font.render(fit(view.name, Style.HEADING, text_width), True, TEXT), (text_x, 0))
    age = f"{view.age} years old" if view.age is not None else "age unknown"
    line2 = " · ".join(part for part in (age, view.occupation) if part)
    surface.blit(small.render(fit(line2, Style.DIM, width_px - text_x), True, DIM), (text_x, 26))
    traits = fit(view.traits or "no traits given", Style.DIM, width_px - text_x)
    surface.blit(small.render(traits, True, DIM), (text_x, 44))
    y = portraits.size_px + 4
    currently = wrap(f"Currently: {view.currently}" if view.currently else "Currently: (nothing in particular)",
                     Style.DIM, width_px)
    if len(currently) > currently_lines:
        rest = " ".join(currently[currently_lines - 1:])
        currently = (*currently[:currently_lines - 1], fit(rest, Style.DIM, width_px))
    for line in currently:
        surface.blit(small.render(line, True, DIM), (0, y))
        y += small.get_linesize()
    y = portraits.size_px + 4 + currently_lines * small.get_linesize() + 2
    pygame.draw.line(surface, BORDER, (0, y), (width_px, y))
    y += 4
    body, strong = Style.BODY.font, Style.STRONG.font
    marker_width = 0
    if view.thinking:
        text = fit(f"thinking: {view.thinking.replace('_', ' ')}", Style.DIM, width_px // 2)
        marker = small.render(text, True, ACCENT)
        box = marker.get_rect(bottomright=(width_px - 6, height_px - 3)).inflate(10, 2)
        pygame.draw.rect(surface, NOW_BG, box, border_radius=8)
        pygame.draw.rect(surface, ACCENT, box, 1, border_radius=8)
        surface.blit(marker, marker.get_rect(center=box.center))
        marker_width = box.width + 8
    action = view.action
    if action is None:
        surface.blit(body.render("no action yet", True, DIM), (0, y))
        return surface
    x = 0
    drawn = emoji.render(action.emoji)
    if drawn is not None:
        surface.blit(drawn, (0, y + (strong.get_linesize() - drawn.get_height()) // 2))
        x = drawn.get_width() + 6
    surface.blit(strong.render(fit(action.description or "(no description)", Style.STRONG, width_px - x),
                               True, TEXT), (x, y))
    y += strong.get_linesize() + 1
    place = " › ".join(part for part in (action.sector, action.arena, action.game_object) if part)
    place = place or short_place(action.address) or "somewhere"
    surface.blit(small.render(fit(f"at {place}", Style.DIM, width_px), True, DIM), (0, y))
    y += small.get_linesize() + 1
    times = f"since {hhmm(action.start)} · until {hhmm(action.end)}"
    if action.chat_with:
        times += f" · with {action.chat_with}"
    surface.blit(small.render(fit(times, Style.DIM, width_px - marker_width), True, DIM), (0, y))
    return surface
