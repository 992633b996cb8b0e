"""What every scene is (title, play, saves, settings, replay) and the stack they live on.

One loop drives the top scene: ``handle_event`` for each event, then ``update(dt_seconds)``, then
``draw``. A scene owns one pygame_gui manager (:func:`game.ui.theme.make_ui_manager`) shared by its
panels: the manager takes events first (a click on a widget is never a click on the map), a modal
dialog (a blocking ``UIWindow``) takes every event and draws last. ``request_quit`` is asked when the
window is closed or Esc reaches the scene with nothing left to back out of: a scene that returns
True has taken care of it (it opened a "save and quit?" dialog, say); False lets the app quit.
"""

from __future__ import annotations

import logging
from typing import Protocol

import pygame

log = logging.getLogger(__name__)


class Scene(Protocol):
    def handle_event(self, event: pygame.event.Event) -> bool: ...

    def update(self, dt_seconds: float) -> None: ...

    def draw(self, surface: pygame.Surface) -> None: ...

    def resize(self, size_px: tuple[int, int]) -> None: ...

    def request_quit(self) -> bool: ...

    def close(self) -> None: ...


class SceneStack:
    """Scenes on a stack; the top one gets the events, updates and draws."""

    def __init__(self) -> None:
        self._scenes: list[Scene] = []
        self.quit_now = False

    @property
    def top(self) -> Scene | None:
        return self._scenes[-1] if self._scenes else None

    def __len__(self) -> int:
        return len(self._scenes)

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(list(self._scenes))

    def push(self, scene: Scene) -> None:
        self._scenes.append(scene)
        surface = pygame.display.get_surface()
        if surface is not None:
            scene.resize(surface.get_size())

    def pop(self) -> Scene | None:
        """Remove the top scene (closing it) and show the one under it."""
        if not self._scenes:
            return None
        scene = self._scenes.pop()
        scene.close()
        top = self.top
        surface = pygame.display.get_surface()
        if top is not None and surface is not None:
            top.resize(surface.get_size())
        refresh = getattr(top, "refresh", None)
        if callable(refresh):  # shown again: what it lists may have changed (saves, settings)
            refresh()
        return scene

    def replace(self, scene: Scene) -> None:
        """Swap the top scene for ``scene``."""
        if self._scenes:
            self._scenes.pop().close()
        self.push(scene)

    def reset(self, scene: Scene) -> None:
        """Close every scene and start over from ``scene`` (back to the title, say)."""
        while self._scenes:
            self._scenes.pop().close()
        self.push(scene)

    def find(self, kind: type) -> object | None:
        """The topmost scene of class ``kind``, if any."""
        for scene in reversed(self._scenes):
            if isinstance(scene, kind):
                return scene
        return None

    def handle_event(self, event: pygame.event.Event) -> None:
        top = self.top
        if event.type == pygame.QUIT:
            if top is None or not top.request_quit():
                self.quit_now = True
            return
        if event.type in (pygame.VIDEORESIZE, pygame.WINDOWSIZECHANGED):
            surface = pygame.display.get_surface()
            if surface is not None and top is not None:
                top.resize(surface.get_size())
            return
        if top is None:
            return
        used = top.handle_event(event)
        if not used and event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
            if len(self._scenes) > 1:
                self.pop()
            elif not top.request_quit():
                self.quit_now = True

    def update(self, dt_seconds: float) -> None:
        if self.top is not None:
            self.top.update(dt_seconds)

    def draw(self, surface: pygame.Surface) -> None:
        if self.top is not None:
            self.top.draw(surface)

    def close(self) -> None:
        while self._scenes:
            self._scenes.pop().close()
