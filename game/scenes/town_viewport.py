"""The town as the player looks at it, shared by live play and replay: the map, the residents'
sprites posed from a frame of the town, the camera, and the mouse and keys that move it.

A scene gives it the residents of each frame (:meth:`TownViewport.pose_residents`, from a live
runner's :class:`~agents.engine.simulation_runner.SimulationView` or from a recording's frame, the same
values) and the walk progress between their previous and current tiles; the viewport remembers which
way each resident faces. Mouse: a press and release without moving is a click on whoever stands
there (:meth:`handle_mouse` returns it), dragging moves the view, the wheel zooms at the mouse. Keys:
arrows and WASD pan (:meth:`pan_with_keys`, once a frame).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pygame

from agents.world.pathfinding import Tile
from agents.world.scenario import Scenario
from agents.world.world_folder import WorldFolder
from game.render.camera import PAN_SPEED_SCREEN_PX_PER_SECOND, Camera
from game.render.map_renderer import MapRenderer
from game.render.resident_layer import ResidentLayer
from game.render.resident_pose import Facing, ResidentPose, facing_between

PAN_KEYS = {
    pygame.K_LEFT: (-1, 0), pygame.K_a: (-1, 0), pygame.K_RIGHT: (1, 0), pygame.K_d: (1, 0),
    pygame.K_UP: (0, -1), pygame.K_w: (0, -1), pygame.K_DOWN: (0, 1), pygame.K_s: (0, 1),
}
DRAG_THRESHOLD_PX = 4


@dataclass(frozen=True)
class MouseResult:
    """What a mouse event did on the map: ``used`` it at all; ``clicked`` a press and release
    without a drag (``resident`` is who stands there, or None for empty ground); ``moved_view``."""

    used: bool
    clicked: bool = False
    resident: str | None = None
    moved_view: bool = False


class TownViewport:
    """See the module docstring. ``sprite_paths``: each resident's character sheet (a missing file
    draws the layer's stand-in figure); ``start_tiles``: where each stands before the first frame."""

    def __init__(self, map_path: Path, sprite_paths: Mapping[str, Path], start_tiles: Mapping[str, Tile],
                 viewport_size_px: tuple[int, int]) -> None:
        self.map_renderer = MapRenderer(map_path)
        self.camera = Camera(map_size_px=self.map_renderer.map_size_px, viewport_size_px=viewport_size_px)
        self.residents = ResidentLayer(dict(sprite_paths), self.map_renderer.tile_size_px)
        self.poses: list[ResidentPose] = [ResidentPose(name, tile, tile) for name, tile in start_tiles.items()]
        self._facing: dict[str, Facing] = {}
        self._press_at: tuple[int, int] | None = None
        self._dragging = False
        if start_tiles:
            self.center_on_tile(next(iter(start_tiles.values())))
        else:
            self.camera.center_on(self.camera.map_size_px[0] / 2, self.camera.map_size_px[1] / 2)

    @classmethod
    def for_scenario(cls, world: WorldFolder, scenario: Scenario, viewport_size_px: tuple[int, int]) -> TownViewport:
        """The scenario's residents at their spawn tiles, with the world's character sheets."""
        return cls(world.map_path, {p.name: world.sprite_path(p.name) for p in scenario.personas},
                   {p.name: p.spawn_tile for p in scenario.personas}, viewport_size_px)

    # -- the residents -------------------------------------------------------------------------------

    def pose_residents(self, residents: Sequence[object], progress: float) -> None:
        """Pose every resident of a frame (values with ``name``, ``tile``, ``previous_tile``, ``emoji``
        and ``activity``), ``progress`` (0..1) of the way from their previous tile to their tile."""
        poses = []
        for resident in residents:
            name, tile, previous = resident.name, resident.tile, resident.previous_tile  # type: ignore[attr-defined]
            if previous != tile:
                self._facing[name] = facing_between(previous, tile)
            poses.append(ResidentPose(name, previous, tile, progress, self._facing.get(name, Facing.DOWN),
                                      resident.emoji, resident.activity))  # type: ignore[attr-defined]
        self.poses = poses

    def set_poses(self, poses: Sequence[ResidentPose]) -> None:
        self.poses = list(poses)

    def pose_of(self, name: str) -> ResidentPose | None:
        return next((pose for pose in self.poses if pose.name == name), None)

    # -- the camera ----------------------------------------------------------------------------------

    def center_on_tile(self, tile: tuple[float, float], offset_px: float = 0.0) -> None:
        size = self.map_renderer.tile_size_px
        self.camera.center_on((tile[0] + 0.5) * size + offset_px, (tile[1] + 0.5) * size)

    def follow(self, name: str, free_width_offset_px: float = 0.0) -> None:
        """Keep ``name`` in view; ``free_width_offset_px`` (screen px) shifts them left of the centre,
        into the part of the map a side panel leaves free."""
        pose = self.pose_of(name)
        if pose is not None:
            self.center_on_tile(pose.position_tiles(), free_width_offset_px / self.camera.zoom)

    def pan_with_keys(self, dt_seconds: float, typing: bool) -> bool:
        """Pan by the arrow/WASD keys held down (not while typing); True if the view moved."""
        if typing:
            return False
        pressed = pygame.key.get_pressed()
        dx = sum(vector[0] for key, vector in PAN_KEYS.items() if pressed[key])
        dy = sum(vector[1] for key, vector in PAN_KEYS.items() if pressed[key])
        if not (dx or dy):
            return False
        distance = PAN_SPEED_SCREEN_PX_PER_SECOND * min(dt_seconds, 0.1)
        self.camera.pan_screen(max(-1, min(1, dx)) * distance, max(-1, min(1, dy)) * distance)
        return True

    def resize(self, size_px: tuple[int, int]) -> None:
        self.camera.resize(size_px)

    # -- input ---------------------------------------------------------------------------------------

    def release_mouse(self) -> None:
        """Forget a press in progress (a panel took the release)."""
        self._press_at, self._dragging = None, False

    def track_pointer(self, event: pygame.event.Event) -> None:
        """Every event, before the panels take theirs: where the mouse hovers (labels expand there)."""
        if event.type == pygame.MOUSEMOTION:
            self.hover(event.pos)
        elif event.type == pygame.WINDOWLEAVE:
            self.hover(None)

    def panel_took(self, event: pygame.event.Event) -> None:
        """A panel used ``event``: a release there ends any press begun on the map."""
        if event.type == pygame.MOUSEBUTTONUP:
            self.release_mouse()

    def handle_mouse(self, event: pygame.event.Event,
                     on_click: Callable[[str | None], None] | None = None) -> MouseResult:
        """The map's mouse (see the module docstring); ``on_click(resident or None)`` on a click."""
        result = self._mouse(event)
        if result.clicked and on_click is not None:
            on_click(result.resident)
        return result

    def _mouse(self, event: pygame.event.Event) -> MouseResult:
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            self._press_at, self._dragging = event.pos, False
            return MouseResult(used=True)
        if event.type == pygame.MOUSEMOTION and self._press_at is not None and event.buttons[0]:
            if not self._dragging:
                moved = abs(event.pos[0] - self._press_at[0]) + abs(event.pos[1] - self._press_at[1])
                self._dragging = moved >= DRAG_THRESHOLD_PX
            if self._dragging:
                self.camera.pan_screen(-event.rel[0], -event.rel[1])
                return MouseResult(used=True, moved_view=True)
            return MouseResult(used=True)
        if event.type == pygame.MOUSEBUTTONUP and event.button == 1 and self._press_at is not None:
            clicked = not self._dragging
            self.release_mouse()
            return MouseResult(used=True, clicked=clicked,
                               resident=self.residents.resident_at(event.pos) if clicked else None)
        if event.type == pygame.MOUSEWHEEL:
            self.camera.zoom_by_steps(1 if event.y > 0 else -1, pygame.mouse.get_pos())
            return MouseResult(used=True)
        return MouseResult(used=False)

    def hover(self, pos: tuple[int, int] | None) -> None:
        self.residents.hover_pos = pos

    # -- drawing -------------------------------------------------------------------------------------

    def draw(self, surface: pygame.Surface, selected: str | None) -> None:
        self.map_renderer.draw_background(surface, self.camera)
        self.residents.draw(surface, self.camera, self.poses, selected)
        self.map_renderer.draw_foreground(surface, self.camera)
