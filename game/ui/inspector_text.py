"""Text for the inspector and the residents list: styles, fast word wrapping and the blocks their
lists are made of.

The panels draw their lists themselves (only the rows on screen, see :mod:`game.ui.inspector_list`),
so they need text laid out without pygame_gui: :class:`TextBlock` is one paragraph (an optional
coloured prefix such as a speaker's name, then the text) in a :class:`Style`; :func:`wrap` breaks it
into lines with a cache of word widths, so laying out thousands of memories stays cheap.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from importlib import resources

import pygame

PANEL_BG = (27, 30, 39)
ROW_BG = (33, 37, 48)
HIGHLIGHT_BG = (58, 82, 117)
NOW_BG = (64, 56, 34)
BORDER = (75, 81, 99)
TEXT = (236, 236, 228)
DIM = (169, 173, 184)
ACCENT = (242, 193, 78)
LINK = (156, 200, 255)
ERROR = (255, 140, 110)
WHISPER = (200, 160, 255)
ROW_PAD_PX = 4  # above and below a block's text
_NOT_A_CHARACTER = "\U0010fffd"
EMOJI_FONT_NAMES = ("notocoloremoji", "notoemoji", "segoeuiemoji", "applecoloremoji", "symbola", "dejavusans")


_fonts: dict[tuple[int, bool], pygame.font.Font] = {}


def panel_font(size_px: int, bold: bool = False) -> pygame.font.Font:
    """pygame_gui's own Noto Sans (the theme's font) at ``size_px``, loaded once per size (and again
    after pygame's font module was restarted, which makes older fonts unusable)."""
    key = (size_px, bold)
    font = _fonts.get(key)
    if font is not None:
        try:
            font.get_height()
            return font
        except pygame.error:
            _fonts.clear()
    name = "NotoSans-Bold.ttf" if bold else "NotoSans-Regular.ttf"
    with resources.as_file(resources.files("pygame_gui.data") / name) as path:
        font = _fonts[key] = pygame.font.Font(str(path), size_px)
    return font


class Style(Enum):
    """How a block looks: (font size px, bold, colour)."""

    HEADING = (15, True, ACCENT)
    BODY = (14, False, TEXT)
    STRONG = (14, True, TEXT)
    DIM = (13, False, DIM)
    LINK = (13, False, LINK)
    ERROR = (14, True, ERROR)
    NOW = (14, True, ACCENT)
    WHISPER = (13, False, WHISPER)

    @property
    def font(self) -> pygame.font.Font:
        size, bold, _ = self.value
        return panel_font(size, bold)

    @property
    def colour(self) -> tuple[int, int, int]:
        return self.value[2]


@dataclass(frozen=True, slots=True)
class TextBlock:
    """One paragraph of a list: ``prefix`` (drawn in ``prefix_colour``, e.g. "Isabella: ") then
    ``text``, wrapped to the list's width less ``indent_px``. ``target`` is what a click on it means
    (a memory id to jump to, a resident's name); ``background`` marks it (now, highlighted)."""

    text: str
    style: Style = Style.BODY
    indent_px: int = 0
    prefix: str = ""
    prefix_colour: tuple[int, int, int] = ACCENT
    target: Hashable | None = None
    background: tuple[int, int, int] | None = None
    gap_above_px: int = 0


_word_widths: dict[tuple[int, bool, str], int] = {}
_wrapped: dict[tuple[str, Style, int], tuple[str, ...]] = {}
WRAP_CACHE_LIMIT = 40_000


def text_width(style: Style, text: str) -> int:
    return style.font.size(text)[0]


def _word_width(style: Style, word: str) -> int:
    size, bold, _ = style.value
    key = (size, bold, word)
    width = _word_widths.get(key)
    if width is None:
        if len(_word_widths) > WRAP_CACHE_LIMIT:
            _word_widths.clear()
        width = style.font.size(word)[0]
        _word_widths[key] = width
    return width


def wrap(text: str, style: Style, width_px: int) -> tuple[str, ...]:
    """``text`` broken into lines no wider than ``width_px`` (a word wider than that is cut)."""
    key = (text, style, width_px)
    lines = _wrapped.get(key)
    if lines is not None:
        return lines
    if len(_wrapped) > WRAP_CACHE_LIMIT:
        _wrapped.clear()
    space = _word_width(style, " ")
    out: list[str] = []
    for paragraph in text.split("\n"):
        line: list[str] = []
        line_width = 0
        for word in paragraph.split():
            word_width = _word_width(style, word)
            while word_width > width_px and len(word) > 1:  # a very long word: cut it
                if line:
                    out.append(" ".join(line))
                    line, line_width = [], 0
                cut = len(word)
                while cut > 1 and _word_width(style, word[:cut]) > width_px:
                    cut = max(1, cut * 3 // 4)
                out.append(word[:cut])
                word = word[cut:]
                word_width = _word_width(style, word)
            added = word_width + (space if line else 0)
            if line and line_width + added > width_px:
                out.append(" ".join(line))
                line, line_width = [word], word_width
            else:
                line.append(word)
                line_width += added
        out.append(" ".join(line))
    lines = tuple(out) if out else ("",)
    _wrapped[key] = lines
    return lines


def fit(text: str, style: Style, width_px: int) -> str:
    """``text`` on one line, shortened with an ellipsis when wider than ``width_px``."""
    font = style.font
    if font.size(text)[0] <= width_px:
        return text
    low, high = 0, len(text)
    while low < high:  # the longest prefix that fits with the ellipsis
        middle = (low + high + 1) // 2
        if font.size(text[:middle].rstrip() + "…")[0] <= width_px:
            low = middle
        else:
            high = middle - 1
    return text[:low].rstrip() + "…"


def _prefix(block: TextBlock) -> str:
    """The prefix as wrapping spaces it (runs of spaces become one)."""
    prefix = block.prefix
    if not prefix:
        return ""
    return " ".join(prefix.split()) + (" " if prefix[-1].isspace() else "")


def block_lines(block: TextBlock, width_px: int) -> tuple[str, ...]:
    return wrap(_prefix(block) + block.text, block.style, max(20, width_px - block.indent_px))


def block_height(block: TextBlock, width_px: int) -> int:
    return block.gap_above_px + len(block_lines(block, width_px)) * block.style.font.get_linesize() + 2 * ROW_PAD_PX


def render_block(block: TextBlock, width_px: int, highlighted: bool = False) -> pygame.Surface:
    """The block drawn on its own opaque surface, ``width_px`` wide."""
    lines = block_lines(block, width_px)
    font = block.style.font
    line_px = font.get_linesize()
    surface = pygame.Surface((width_px, block_height(block, width_px)))
    surface.fill(PANEL_BG)
    background = HIGHLIGHT_BG if highlighted else block.background
    if background is not None:
        top = block.gap_above_px
        pygame.draw.rect(surface, background, (0, top, width_px, surface.get_height() - top),
                         border_radius=3)
    y = block.gap_above_px + ROW_PAD_PX
    prefix_left = len(_prefix(block))
    for line in lines:
        x = block.indent_px + 2
        if prefix_left > 0:
            head = line[:prefix_left]
            surface.blit(font.render(head, True, block.prefix_colour), (x, y))
            x += font.size(head)[0]
            prefix_left -= len(head) + 1  # the wrap dropped one space between lines
            line = line[len(head):]
        if line:
            surface.blit(font.render(line, True, block.style.colour), (x, y))
        y += line_px
    return surface


def hhmm(moment: datetime | None) -> str:
    return "--:--" if moment is None else f"{moment:%H:%M}"


def day_hhmm(moment: datetime | None) -> str:
    return "unknown time" if moment is None else f"{moment:%a %d %b %H:%M}"


class EmojiRenderer:
    """Emoji drawn with a system emoji font when one has them; None when none does (then the caller
    shows the words alone)."""

    def __init__(self, size_px: int = 16) -> None:
        self.fonts = [pygame.font.SysFont(name, size_px) for name in EMOJI_FONT_NAMES if pygame.font.match_font(name)]
        self._cache: dict[str, pygame.Surface | None] = {}

    def render(self, emoji: str) -> pygame.Surface | None:
        if not emoji:
            return None
        if emoji in self._cache:
            return self._cache[emoji]
        drawn_surface: pygame.Surface | None = None
        for font in self.fonts:
            missing = font.render(_NOT_A_CHARACTER, True, TEXT)
            drawn = font.render(emoji, True, TEXT)
            if drawn.get_size() != missing.get_size() or \
                    pygame.image.tobytes(drawn, "RGBA") != pygame.image.tobytes(missing, "RGBA"):
                drawn_surface = drawn
                break
        self._cache[emoji] = drawn_surface
        return drawn_surface
