"""Emoji as pictures on every machine: the bubbles draw emoji with the shipped Noto Emoji font.

The monochrome Noto Emoji font (SIL OFL 1.1, ``assets/fonts/NotoEmoji-Regular.ttf``, licence in
``OFL.txt`` beside it) covers the whole emoji set, so whatever the offline model or a language model
answers is drawn as a picture, never as a word or a missing-glyph box, whether or not the system has
an emoji font. pygame.font (SDL_ttf with HarfBuzz) draws, so ZWJ sequences and flags are shaped;
pygame.freetype tells which characters the font really has (it reports a missing glyph as None).

What the model answers is cut into emoji clusters (a character with its variation selector, skin
tone, keycap or ZWJ-joined followers; flags as pairs). Clusters the font lacks (words, letters) are
dropped; when nothing is left the neutral :meth:`EmojiPainter.fallback` icon (a grey bubble with
three dots) stands in.
"""

from __future__ import annotations

from pathlib import Path

import pygame
import pygame.freetype

from agents.paths import assets_dir

EMOJI_COLOUR = (30, 30, 36)
FALLBACK_FILL = (150, 152, 160)
FALLBACK_DOT = (250, 250, 245)
MAX_EMOJI_SHOWN = 2
_ZWJ = 0x200D
_JOINERS_AFTER = {0xFE0E, 0xFE0F, 0x20E3}  # variation selectors and the keycap mark
_SKIN_TONES = range(0x1F3FB, 0x1F400)
_TAGS = range(0xE0020, 0xE0080)
_REGIONAL_INDICATORS = range(0x1F1E6, 0x1F200)
_IGNORED_FOR_COVERAGE = {_ZWJ, 0xFE0E, 0xFE0F, 0x20E3}


def emoji_font_path() -> Path:
    """The shipped emoji font."""
    return assets_dir() / "fonts" / "NotoEmoji-Regular.ttf"


def emoji_clusters(text: str) -> list[str]:
    """``text`` cut into user-perceived emoji clusters (whitespace dropped), e.g. "👩‍🍳 ☕️" ->
    ["👩‍🍳", "☕️"]. Plain letters come out one per cluster."""
    clusters: list[str] = []
    index = 0
    while index < len(text):
        char = text[index]
        index += 1
        if char.isspace():
            continue
        cluster = char
        if ord(char) in _REGIONAL_INDICATORS and index < len(text) and ord(text[index]) in _REGIONAL_INDICATORS:
            cluster += text[index]
            index += 1
        while index < len(text):
            code = ord(text[index])
            if code in _JOINERS_AFTER or code in _SKIN_TONES or code in _TAGS:
                cluster += text[index]
                index += 1
            elif code == _ZWJ and index + 1 < len(text):
                cluster += text[index:index + 2]
                index += 2
            else:
                break
        clusters.append(cluster)
    return clusters


class EmojiPainter:
    """Renders emoji strings as pictures of one size, cached per string."""

    def __init__(self, size_px: int, font_path: Path | None = None) -> None:
        path = font_path or emoji_font_path()
        if not path.is_file():
            raise ValueError(f"{path}: the emoji font is missing; reinstall the game (it ships in assets/fonts/)")
        if not pygame.freetype.get_init():
            pygame.freetype.init()
        self.size_px = size_px
        self.font = pygame.font.Font(str(path), size_px)
        self._coverage = pygame.freetype.Font(str(path), size_px)
        self._has: dict[str, bool] = {}
        self._pictures: dict[str, pygame.Surface] = {}
        self._fallback: pygame.Surface | None = None

    def has_glyph(self, cluster: str) -> bool:
        """True when the font draws every character of ``cluster`` (joiners and selectors aside)."""
        known = self._has.get(cluster)
        if known is None:
            wanted = "".join(c for c in cluster if ord(c) not in _IGNORED_FOR_COVERAGE)
            metrics = self._coverage.get_metrics(wanted) if wanted else [None]
            keycap = chr(0x20E3) in cluster
            known = (bool(metrics) and all(m is not None for m in metrics)
                     and (keycap or not wanted.isascii()))
            self._has[cluster] = known
        return known

    def drawable_part(self, emoji: str) -> str:
        """The first :data:`MAX_EMOJI_SHOWN` clusters of ``emoji`` that the font has ("" if none)."""
        return "".join([cluster for cluster in emoji_clusters(emoji) if self.has_glyph(cluster)][:MAX_EMOJI_SHOWN])

    def picture(self, emoji: str) -> pygame.Surface:
        """``emoji`` drawn as a picture; the fallback icon when nothing in it is an emoji we have."""
        cached = self._pictures.get(emoji)
        if cached is None:
            drawable = self.drawable_part(emoji)
            cached = self.font.render(drawable, True, EMOJI_COLOUR) if drawable else self.fallback()
            if len(self._pictures) > 256:
                self._pictures.clear()
            self._pictures[emoji] = cached
        return cached

    def fallback(self) -> pygame.Surface:
        """The neutral icon for an emoji we cannot draw: a grey round bubble with three dots."""
        if self._fallback is None:
            side = self.font.get_height()
            surface = pygame.Surface((side, side), pygame.SRCALPHA)
            radius = max(4, side * 2 // 5)
            centre = (side // 2, side // 2)
            pygame.draw.circle(surface, FALLBACK_FILL, centre, radius)
            dot = max(1, radius // 4)
            for step in (-1, 0, 1):
                pygame.draw.circle(surface, FALLBACK_DOT, (centre[0] + step * dot * 3, centre[1]), dot)
            self._fallback = surface
        return self._fallback
