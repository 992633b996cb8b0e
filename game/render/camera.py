"""The camera: which part of the map the window shows, and at what zoom.

The camera's ``center_px`` is a point of the map in world pixels (zoom 1). Zoom is kept between
0.5x and 2x in fixed steps (so scaled map chunks can be cached per step). The view is clamped to
the map; a map smaller than the window is centred.
"""

from __future__ import annotations

from dataclasses import dataclass

ZOOM_STEPS: tuple[float, ...] = (0.5, 0.625, 0.75, 0.875, 1.0, 1.25, 1.5, 1.75, 2.0)
PAN_SPEED_SCREEN_PX_PER_SECOND = 720.0


@dataclass
class Camera:
    """Maps world pixels to screen pixels for a viewport of ``viewport_size_px``."""

    map_size_px: tuple[int, int]
    viewport_size_px: tuple[int, int]
    center_x_px: float = 0.0
    center_y_px: float = 0.0
    zoom_index: int = ZOOM_STEPS.index(1.0)

    @property
    def zoom(self) -> float:
        return ZOOM_STEPS[self.zoom_index]

    def resize(self, viewport_size_px: tuple[int, int]) -> None:
        self.viewport_size_px = viewport_size_px
        self.clamp()

    def center_on(self, x_px: float, y_px: float) -> None:
        self.center_x_px, self.center_y_px = x_px, y_px
        self.clamp()

    def pan_screen(self, dx_screen_px: float, dy_screen_px: float) -> None:
        """Move the view by a distance measured on screen (drag and keys)."""
        self.center_x_px += dx_screen_px / self.zoom
        self.center_y_px += dy_screen_px / self.zoom
        self.clamp()

    def zoom_by_steps(self, steps: int, anchor_screen_px: tuple[float, float] | None = None) -> None:
        """Zoom in (positive) or out, keeping the map point under ``anchor_screen_px`` in place."""
        new_index = max(0, min(len(ZOOM_STEPS) - 1, self.zoom_index + steps))
        if new_index == self.zoom_index:
            return
        anchor = anchor_screen_px or (self.viewport_size_px[0] / 2, self.viewport_size_px[1] / 2)
        world_before = self.screen_to_world(anchor)
        self.zoom_index = new_index
        world_after = self.screen_to_world(anchor)
        self.center_x_px += world_before[0] - world_after[0]
        self.center_y_px += world_before[1] - world_after[1]
        self.clamp()

    def clamp(self) -> None:
        for axis in (0, 1):
            half_view = self.viewport_size_px[axis] / self.zoom / 2
            size = self.map_size_px[axis]
            center = self.center_x_px if axis == 0 else self.center_y_px
            if size <= 2 * half_view:
                center = size / 2
            else:
                center = min(max(center, half_view), size - half_view)
            if axis == 0:
                self.center_x_px = center
            else:
                self.center_y_px = center

    @property
    def top_left_world_px(self) -> tuple[float, float]:
        return (self.center_x_px - self.viewport_size_px[0] / self.zoom / 2,
                self.center_y_px - self.viewport_size_px[1] / self.zoom / 2)

    def world_to_screen(self, point_world_px: tuple[float, float]) -> tuple[float, float]:
        left, top = self.top_left_world_px
        return ((point_world_px[0] - left) * self.zoom, (point_world_px[1] - top) * self.zoom)

    def screen_to_world(self, point_screen_px: tuple[float, float]) -> tuple[float, float]:
        left, top = self.top_left_world_px
        return (left + point_screen_px[0] / self.zoom, top + point_screen_px[1] / self.zoom)

    def visible_world_rect(self) -> tuple[float, float, float, float]:
        """(left, top, width, height) of the map area in view, in world pixels."""
        left, top = self.top_left_world_px
        return (left, top, self.viewport_size_px[0] / self.zoom, self.viewport_size_px[1] / self.zoom)
