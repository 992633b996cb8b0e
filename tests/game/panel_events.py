"""Driving a panel as the game loop does, for the panel tests: queued events go to the panel's
``handle_event``, then ``update`` runs; a click is a button press and release at a point."""

from __future__ import annotations

from typing import Protocol

import pygame

FRAME_SECONDS = 1 / 60


class Panel(Protocol):
    def handle_event(self, event: pygame.event.Event) -> bool: ...

    def update(self, dt_seconds: float) -> None: ...


def pump(panel: Panel, frames: int = 2) -> list[tuple[int, bool]]:
    """Run ``frames`` frames; returns each event's type and whether the panel used it."""
    seen = []
    for _ in range(frames):
        for event in pygame.event.get():
            seen.append((event.type, panel.handle_event(event)))
        panel.update(FRAME_SECONDS)
    return seen


def click(panel: Panel, pos: tuple[int, int]) -> list[tuple[int, bool]]:
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=1))
    seen = pump(panel)
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=1))
    return seen + pump(panel)
