"""Name labels, "+N" badges, the list a badge expands to, and speech/emoji bubbles, rendered once
per text and cached.

A bubble shows its emoji as a picture (:mod:`game.render.emoji_font`, the shipped Noto Emoji font)
and, when given, a text word-wrapped by :func:`wrap_words`: lines break only between words, at most
``max_lines`` lines, and a text too long ends with an ellipsis after a whole word. The one exception:
a single word wider than the whole line is broken inside (there is no other way to show it).
"""

from __future__ import annotations

from collections.abc import Sequence

import pygame

from game.render.emoji_font import EmojiPainter

LABEL_TEXT_COLOUR = (250, 250, 245)
LABEL_SHADOW_COLOUR = (15, 15, 20)
BADGE_FILL = (38, 42, 58)
BADGE_EDGE = (255, 214, 64)
LIST_FILL = (24, 27, 38)
LIST_EDGE = (120, 126, 150)
BUBBLE_FILL = (255, 255, 250)
BUBBLE_EDGE = (40, 40, 48)
BUBBLE_TEXT_COLOUR = (30, 30, 36)
ELLIPSIS = "\u2026"
BUBBLE_TEXT_WIDTH_PX = 200
BUBBLE_TEXT_LINES = 3
BUBBLE_PAD_PX = 4
BUBBLE_TIP_PX = 4
CACHE_LIMIT = 512


def _break_long_word(word: str, fits: Fits) -> list[str]:
    """Pieces of a word that alone is wider than a line (the only case where a word is broken)."""
    pieces: list[str] = []
    while word:
        cut = len(word)
        while cut > 1 and not fits(word[:cut]):
            cut -= 1
        pieces.append(word[:cut])
        word = word[cut:]
    return pieces


class Fits:
    """Whether a text fits ``max_width_px`` in ``font``."""

    def __init__(self, font: pygame.font.Font, max_width_px: int) -> None:
        self.font, self.max_width_px = font, max_width_px

    def __call__(self, text: str) -> bool:
        return self.font.size(text)[0] <= self.max_width_px


def wrap_words(text: str, font: pygame.font.Font, max_width_px: int, max_lines: int) -> list[str]:
    """``text`` in lines no wider than ``max_width_px``, broken only at spaces, at most ``max_lines``;
    when the text does not fit, the last line ends with an ellipsis after a whole word. A single word
    wider than a line by itself is broken inside (and only then)."""
    if max_lines < 1:
        raise ValueError(f"max_lines must be at least 1, got {max_lines}")
    fits = Fits(font, max_width_px)
    words = text.split()
    lines: list[str] = []
    current = ""
    index = 0
    while index < len(words) and len(lines) < max_lines:
        word = words[index]
        candidate = f"{current} {word}" if current else word
        if fits(candidate):
            current = candidate
            index += 1
            continue
        if current:
            lines.append(current)
            current = ""
            continue
        pieces = _break_long_word(word, fits)  # a word wider than the whole line
        lines.extend(pieces[:-1])
        current = pieces[-1]
        index += 1
    overflow = index < len(words)
    if current:
        if len(lines) < max_lines:
            lines.append(current)
        else:
            overflow = True
    if len(lines) > max_lines:
        lines, overflow = lines[:max_lines], True
    if overflow and lines:
        last = lines[-1].split(" ")
        while last and not fits(" ".join(last) + ELLIPSIS):
            last.pop()
        lines[-1] = (" ".join(last) + ELLIPSIS) if last else ELLIPSIS
    return lines


class TextLabels:
    """Caches of rendered names, badges, name lists and bubbles."""

    def __init__(self, label_size_px: int = 14, bubble_size_px: int = 18) -> None:
        self.label_font = pygame.font.Font(None, label_size_px + 4)
        self.bubble_text_font = pygame.font.Font(None, bubble_size_px)
        self.emoji = EmojiPainter(bubble_size_px)
        self._labels: dict[str, pygame.Surface] = {}
        self._badges: dict[str, pygame.Surface] = {}
        self._lists: dict[tuple[tuple[str, str], ...], pygame.Surface] = {}
        self._bubbles: dict[tuple[str, str], pygame.Surface] = {}

    @staticmethod
    def _remember(cache: dict, key: object, surface: pygame.Surface) -> pygame.Surface:
        if len(cache) >= CACHE_LIMIT:
            cache.clear()
        cache[key] = surface
        return surface

    def name_label(self, text: str) -> pygame.Surface:
        cached = self._labels.get(text)
        if cached is None:
            front = self.label_font.render(text, True, LABEL_TEXT_COLOUR)
            cached = pygame.Surface((front.get_width() + 2, front.get_height() + 2), pygame.SRCALPHA)
            shadow = self.label_font.render(text, True, LABEL_SHADOW_COLOUR)
            for offset in ((0, 1), (2, 1), (1, 0), (1, 2)):
                cached.blit(shadow, offset)
            cached.blit(front, (1, 1))
            self._remember(self._labels, text, cached)
        return cached

    def badge(self, text: str) -> pygame.Surface:
        """A small rounded badge, e.g. "+3" for names collapsed into it."""
        cached = self._badges.get(text)
        if cached is None:
            front = self.label_font.render(text, True, LABEL_TEXT_COLOUR)
            cached = pygame.Surface((front.get_width() + 10, front.get_height() + 2), pygame.SRCALPHA)
            body = cached.get_rect()
            pygame.draw.rect(cached, BADGE_FILL, body, border_radius=body.height // 2)
            pygame.draw.rect(cached, BADGE_EDGE, body, 1, border_radius=body.height // 2)
            cached.blit(front, (5, 1))
            self._remember(self._badges, text, cached)
        return cached

    def row_height_px(self) -> int:
        """Height of one row of :meth:`name_list`."""
        return max(self.label_font.get_linesize(), self.emoji.font.get_height() * 3 // 4) + 2

    def name_list(self, rows: Sequence[tuple[str, str]]) -> pygame.Surface:
        """The list a badge expands to: one row per (name, emoji), emoji drawn as a picture."""
        key = tuple(rows)
        cached = self._lists.get(key)
        if cached is None:
            row_h = self.row_height_px()
            icon_side = row_h - 2
            names = [self.label_font.render(name, True, LABEL_TEXT_COLOUR) for name, _ in rows]
            width = max((surface.get_width() for surface in names), default=0) + icon_side + 16
            cached = pygame.Surface((width, row_h * len(rows) + 6), pygame.SRCALPHA)
            body = cached.get_rect()
            pygame.draw.rect(cached, LIST_FILL, body, border_radius=4)
            pygame.draw.rect(cached, LIST_EDGE, body, 1, border_radius=4)
            for index, ((_, emoji), name_surface) in enumerate(zip(rows, names)):
                top = 3 + index * row_h
                if emoji:
                    icon = self.emoji.picture(emoji)
                    scale = icon_side / max(1, icon.get_height())
                    icon = pygame.transform.smoothscale(icon, (max(1, round(icon.get_width() * scale)), icon_side))
                    plate = pygame.Rect(5, top + 1, icon_side, icon_side)
                    pygame.draw.rect(cached, BUBBLE_FILL, plate, border_radius=3)
                    cached.blit(icon, icon.get_rect(center=plate.center))
                cached.blit(name_surface, (icon_side + 10, top + (row_h - name_surface.get_height()) // 2))
            self._remember(self._lists, key, cached)
        return cached

    def bubble(self, emoji: str, text: str = "", max_width_px: int = BUBBLE_TEXT_WIDTH_PX,
               max_lines: int = BUBBLE_TEXT_LINES) -> pygame.Surface | None:
        """A bubble with ``emoji`` as a picture and, when given, ``text`` word-wrapped beside it.
        None when there is neither. Without an emoji but with a text, the text alone."""
        if not emoji and not text.strip():
            return None
        key = (emoji, text)
        cached = self._bubbles.get(key)
        if cached is not None:
            return cached
        picture = self.emoji.picture(emoji) if emoji else None
        lines = wrap_words(text, self.bubble_text_font, max_width_px, max_lines) if text.strip() else []
        rendered = [self.bubble_text_font.render(line, True, BUBBLE_TEXT_COLOUR) for line in lines]
        text_w = max((surface.get_width() for surface in rendered), default=0)
        text_h = sum(surface.get_height() for surface in rendered)
        pic_w, pic_h = picture.get_size() if picture is not None else (0, 0)
        gap = 4 if picture is not None and rendered else 0
        content_w, content_h = pic_w + gap + text_w, max(pic_h, text_h)
        pad = BUBBLE_PAD_PX
        cached = pygame.Surface((content_w + 2 * pad, content_h + 2 * pad + BUBBLE_TIP_PX), pygame.SRCALPHA)
        body = pygame.Rect(0, 0, cached.get_width(), cached.get_height() - BUBBLE_TIP_PX)
        pygame.draw.rect(cached, BUBBLE_FILL, body, border_radius=6)
        pygame.draw.rect(cached, BUBBLE_EDGE, body, 1, border_radius=6)
        tip_x = cached.get_width() // 2
        pygame.draw.polygon(cached, BUBBLE_FILL, [(tip_x - 4, body.bottom - 1), (tip_x + 4, body.bottom - 1),
                                                  (tip_x, cached.get_height() - 1)])
        pygame.draw.lines(cached, BUBBLE_EDGE, False, [(tip_x - 4, body.bottom - 1), (tip_x, cached.get_height() - 1),
                                                       (tip_x + 4, body.bottom - 1)])
        if picture is not None:
            cached.blit(picture, (pad, pad + (content_h - pic_h) // 2))
        y = pad + (content_h - text_h) // 2
        for surface in rendered:
            cached.blit(surface, (pad + pic_w + gap, y))
            y += surface.get_height()
        return self._remember(self._bubbles, key, cached)
