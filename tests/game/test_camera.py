"""The camera: clamping to the map, zoom limits and anchor, screen <-> world transforms."""

from __future__ import annotations

import pytest

from game.render.camera import ZOOM_STEPS, Camera


def make_camera() -> Camera:
    camera = Camera(map_size_px=(4480, 3200), viewport_size_px=(1280, 720))
    camera.center_on(2000, 1500)
    return camera


def test_round_trip_between_screen_and_world() -> None:
    camera = make_camera()
    for zoom_steps in (-4, 0, 4):
        camera.zoom_by_steps(zoom_steps)
        for point in ((0, 0), (640, 360), (1279, 719)):
            back = camera.world_to_screen(camera.screen_to_world(point))
            assert back == pytest.approx(point)


def test_view_is_clamped_to_the_map() -> None:
    camera = make_camera()
    camera.pan_screen(-100_000, -100_000)
    assert camera.top_left_world_px == (0, 0)
    camera.pan_screen(100_000, 100_000)
    left, top, width, height = camera.visible_world_rect()
    assert (left + width, top + height) == pytest.approx((4480, 3200))


def test_zoom_stays_within_half_and_double() -> None:
    camera = make_camera()
    camera.zoom_by_steps(-100)
    assert camera.zoom == 0.5 == ZOOM_STEPS[0]
    camera.zoom_by_steps(100)
    assert camera.zoom == 2.0 == ZOOM_STEPS[-1]


def test_zoom_keeps_the_point_under_the_mouse() -> None:
    camera = make_camera()
    anchor = (300, 200)
    before = camera.screen_to_world(anchor)
    camera.zoom_by_steps(2, anchor)
    assert camera.screen_to_world(anchor) == pytest.approx(before)


def test_a_map_smaller_than_the_window_is_centred() -> None:
    camera = Camera(map_size_px=(320, 160), viewport_size_px=(1280, 720))
    camera.center_on(0, 0)
    assert (camera.center_x_px, camera.center_y_px) == (160, 80)
