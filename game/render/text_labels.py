"""Name labels and speech/emoji bubbles, rendered once per text and cached.

Emoji need a font that has them; the game looks for one among the system's fonts and, when none
has the glyph, shows the activity's first words in the bubble instead of a blank box.
"""

from __future__ import annotations

import pygame

EMOJI_FONT_NAMES = ("notocoloremoji", "notoemoji", "segoeuiemoji", "applecoloremoji", "symbola",
                    "dejavusans")
LABEL_TEXT_COLOUR = (250, 250, 245)
LABEL_SHADOW_COLOUR = (15, 15, 20)
BUBBLE_FILL = (255, 255, 250)
BUBBLE_EDGE = (40, 40, 48)
BUBBLE_TEXT_COLOUR = (30, 30, 36)
_NOT_A_CHARACTER = "\U0010fffd"  # private use: no font draws it, so it shows the missing-glyph box


class TextLabels:
    """Caches of rendered names and bubbles."""

    def __init__(self, label_size_px: int = 14, bubble_size_px: int = 18) -> None:
        self.label_font = pygame.font.Font(None, label_size_px + 4)
        self.bubble_text_font = pygame.font.Font(None, bubble_size_px)
        self.emoji_fonts = [pygame.font.SysFont(name, bubble_size_px) for name in EMOJI_FONT_NAMES
                            if pygame.font.match_font(name)]
        self._labels: dict[str, pygame.Surface] = {}
        self._bubbles: dict[tuple[str, str], pygame.Surface] = {}

    def name_label(self, text: str) -> pygame.Surface:
        cached = self._labels.get(text)
        if cached is None:
            front = self.label_font.render(text, True, LABEL_TEXT_COLOUR)
            cached = pygame.Surface((front.get_width() + 2, front.get_height() + 2), pygame.SRCALPHA)
            shadow = self.label_font.render(text, True, LABEL_SHADOW_COLOUR)
            for offset in ((0, 1), (2, 1), (1, 0), (1, 2)):
                cached.blit(shadow, offset)
            cached.blit(front, (1, 1))
            self._labels[text] = cached
        return cached

    def _render_emoji(self, emoji: str) -> pygame.Surface | None:
        for font in self.emoji_fonts:
            missing = font.render(_NOT_A_CHARACTER, True, BUBBLE_TEXT_COLOUR)
            drawn = font.render(emoji, True, BUBBLE_TEXT_COLOUR)
            if drawn.get_size() != missing.get_size() or pygame.image.tobytes(drawn, "RGBA") != pygame.image.tobytes(missing, "RGBA"):
                return drawn
        return None

    def bubble(self, emoji: str, activity: str) -> pygame.Surface | None:
        """A bubble showing ``emoji`` (or, without an emoji font, the activity's first words)."""
        if not emoji and not activity:
            return None
        key = (emoji, activity)
        cached = self._bubbles.get(key)
        if cached is None:
            content = self._render_emoji(emoji) if emoji else None
            if content is None:
                words = " ".join(activity.split()[:3]) or emoji
                content = self.bubble_text_font.render(words[:24], True, BUBBLE_TEXT_COLOUR)
            pad = 4
            cached = pygame.Surface((content.get_width() + 2 * pad, content.get_height() + 2 * pad + 4), pygame.SRCALPHA)
            body = pygame.Rect(0, 0, cached.get_width(), cached.get_height() - 4)
            pygame.draw.rect(cached, BUBBLE_FILL, body, border_radius=6)
            pygame.draw.rect(cached, BUBBLE_EDGE, body, 1, border_radius=6)
            tip_x = cached.get_width() // 2
            pygame.draw.polygon(cached, BUBBLE_FILL, [(tip_x - 4, body.bottom - 1), (tip_x + 4, body.bottom - 1),
                                                      (tip_x, cached.get_height() - 1)])
            cached.blit(content, (pad, pad))
            self._bubbles[key] = cached
        return cached
