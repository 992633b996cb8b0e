"""The HUD: a compact bar along the top of the play scene, and banners under it when they matter.

The bar reads left to right: the game's weekday, date and time with seconds; the speed asked and
reached, and when it is lower, why (the model, thinking residents, or the machine); the model's
status (provider and model or "offline model", calls in flight, errors, tokens, cost, budget left).
A banner appears at once when the model is unreachable, and while the clock waits for thinking
residents. It draws from a :class:`HudState`, a frozen value the play scene (or the replay scene)
builds each frame; text is rendered again only when it changed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from importlib import resources

import pygame

from agents.views.model_status import ModelStatusView

HUD_BAR_HEIGHT_PX = 32
BAR_COLOUR = (27, 30, 39, 235)
BORDER_COLOUR = (75, 81, 99)
TEXT_COLOUR = (236, 236, 228)
DIM_COLOUR = (169, 173, 184)
ACCENT_COLOUR = (242, 193, 78)
WARNING_COLOUR = (138, 59, 18, 235)
WAIT_COLOUR = (47, 78, 122, 235)
PADDING_PX = 10
FONT_SIZE_PX = 15
THINKING_NAMES_SHOWN = 4


_FONTS: dict[tuple[int, bool], pygame.font.Font] = {}


def ui_font(size_px: int, bold: bool = False) -> pygame.font.Font:
    """pygame_gui's own Noto Sans (the theme's font), at ``size_px`` (made again after pygame.quit)."""
    font = _FONTS.get((size_px, bold))
    if font is not None:
        try:
            font.size("a")
            return font
        except pygame.error:  # the font module was quit since: this font is dead
            pass
    if not pygame.font.get_init():
        pygame.font.init()
    name = "NotoSans-Bold.ttf" if bold else "NotoSans-Regular.ttf"
    with resources.as_file(resources.files("pygame_gui.data") / name) as path:
        font = pygame.font.Font(str(path), size_px)
    _FONTS[(size_px, bold)] = font
    return font


@dataclass(frozen=True, slots=True)
class HudState:
    """Everything the bar shows, as plain values."""

    now: datetime
    paused: bool
    asked: str  # "15 steps/s", "as fast as possible"
    asked_steps_per_second: float
    reached_steps_per_second: float
    limit: str  # "" or why the reached speed is lower: "the model", "3 thinking residents", "the machine"
    model: ModelStatusView | None
    thinking: tuple[tuple[str, str], ...] = ()
    waiting_for_thinking: bool = False
    skipping_to_morning: bool = False
    message: str = ""  # a passing line (saved, loaded, an error)


def clock_text(now: datetime) -> str:
    return f"{now:%a %d %b %Y  %H:%M:%S}"


def speed_text(state: HudState) -> str:
    if state.skipping_to_morning:
        return "skipping to morning..."
    if state.paused:
        return "paused"
    text = f"{state.asked} asked, {state.reached_steps_per_second:.1f} reached"
    if state.limit:
        text += f" (held back by {state.limit})"
    return text


def model_text(model: ModelStatusView | None) -> str:
    if model is None:
        return "model: starting..."
    parts = [model.label if not model.offline else "offline model (no language model connected)"]
    parts.append(f"{model.calls_in_flight} in flight")
    parts.append(f"{model.calls} calls")
    if not model.offline:
        parts.append(f"{model.failed_attempts} errors")
        parts.append(f"{_thousands(model.tokens)} tokens")
        parts.append(f"${model.cost_usd:.2f}" if model.priced else "cost unknown (no price)")
        if model.budget_left_usd is not None:
            parts.append(f"${model.budget_left_usd:.2f} of budget left")
    return "  ·  ".join(parts)


def _thousands(count: int) -> str:
    return f"{count / 1000:.1f}k" if count >= 1000 else str(count)


def banner_texts(state: HudState) -> list[tuple[str, tuple[int, int, int, int]]]:
    """The banners to show now, most urgent first."""
    banners: list[tuple[str, tuple[int, int, int, int]]] = []
    if state.model is not None and state.model.unreachable:
        banners.append(((f"The model cannot be reached: {state.model.unreachable.rstrip('.')}. The clock waits and goes on "
                        "by itself when it answers again."), WARNING_COLOUR))
    if state.waiting_for_thinking and state.thinking:
        shown = [f"{name.split()[0]} ({kind.replace('_', ' ')})" for name, kind in state.thinking[:THINKING_NAMES_SHOWN]]
        more = len(state.thinking) - len(shown)
        banners.append((f"The clock waits for {len(state.thinking)} thinking resident"
                        f"{'s' if len(state.thinking) != 1 else ''}: " + ", ".join(shown)
                        + (f" and {more} more" if more else ""), WAIT_COLOUR))
    if state.message:
        banners.append((state.message, BAR_COLOUR))
    return banners


def fit_text(font: pygame.font.Font, text: str, width_px: int) -> str:
    """``text``, shortened at a word with an ellipsis when it is wider than ``width_px``."""
    if font.size(text)[0] <= width_px:
        return text
    words = text.split(" ")
    while len(words) > 1 and font.size(" ".join(words) + "…")[0] > width_px:
        words.pop()
    return " ".join(words) + "…"


class HudBar:
    """Draws a :class:`HudState` along the top of the screen."""

    def __init__(self) -> None:
        self._font = ui_font(FONT_SIZE_PX)
        self._bold = ui_font(FONT_SIZE_PX, bold=True)
        self._cache: dict[tuple[str, int, bool, tuple[int, int, int]], pygame.Surface] = {}
        self._state: HudState | None = None
        self._bar: pygame.Surface | None = None  # the bar's background, made again when the width changes

    def set_state(self, state: HudState) -> None:
        self._state = state

    @property
    def state(self) -> HudState | None:
        return self._state

    def _text(self, text: str, width_px: int, bold: bool = False,
              colour: tuple[int, int, int] = TEXT_COLOUR) -> pygame.Surface:
        key = (text, width_px, bold, colour)
        surface = self._cache.get(key)
        if surface is None:
            font = self._bold if bold else self._font
            surface = font.render(fit_text(font, text, width_px), True, colour)
            if len(self._cache) > 256:
                self._cache.clear()
            self._cache[key] = surface
        return surface

    def bar_texts(self) -> tuple[str, str, str]:
        state = self._state
        if state is None:
            return ("", "", "")
        return (clock_text(state.now), speed_text(state), model_text(state.model))

    def draw(self, screen: pygame.Surface) -> None:
        state = self._state
        if state is None:
            return
        width = screen.get_width()
        if self._bar is None or self._bar.get_width() != width:
            self._bar = pygame.Surface((width, HUD_BAR_HEIGHT_PX), pygame.SRCALPHA)
            self._bar.fill(BAR_COLOUR)
            pygame.draw.line(self._bar, BORDER_COLOUR, (0, HUD_BAR_HEIGHT_PX - 1), (width, HUD_BAR_HEIGHT_PX - 1))
        screen.blit(self._bar, (0, 0))
        clock, speed, model = self.bar_texts()
        clock_surface = self._text(clock, 240, bold=True, colour=ACCENT_COLOUR)
        y = (HUD_BAR_HEIGHT_PX - clock_surface.get_height()) // 2
        screen.blit(clock_surface, (PADDING_PX, y))
        left = PADDING_PX + clock_surface.get_width() + 2 * PADDING_PX
        rest = width - left - PADDING_PX
        speed_width = min(rest // 2, max(200, self._font.size(speed)[0]))
        colour = DIM_COLOUR if not state.limit else ACCENT_COLOUR
        screen.blit(self._text(speed, speed_width, colour=colour), (left, y))
        model_left = left + speed_width + 2 * PADDING_PX
        model_surface = self._text(model, width - model_left - PADDING_PX)
        screen.blit(model_surface, (width - PADDING_PX - model_surface.get_width(), y))
        self._draw_banners(screen, banner_texts(state))

    def _draw_banners(self, screen: pygame.Surface, banners: Sequence[tuple[str, tuple[int, int, int, int]]]) -> None:
        y = HUD_BAR_HEIGHT_PX + 6
        max_width = min(screen.get_width() - 40, 900)
        for text, colour in banners:
            surface = self._text(text, max_width - 2 * PADDING_PX)
            rect = pygame.Rect(0, y, surface.get_width() + 2 * PADDING_PX, surface.get_height() + 8)
            rect.centerx = screen.get_width() // 2
            box = pygame.Surface(rect.size, pygame.SRCALPHA)
            box.fill(colour)
            screen.blit(box, rect.topleft)
            pygame.draw.rect(screen, BORDER_COLOUR, rect, 1)
            screen.blit(surface, (rect.x + PADDING_PX, rect.y + 4))
            y = rect.bottom + 4
