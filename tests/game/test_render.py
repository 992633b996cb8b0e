"""Headless rendering: the frame is a picture, layers differ, foreground covers characters, a
resident's sprite lands on its tile, clicks select residents, --screenshot writes a PNG."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pygame

from agents.world.world_folder import load_world_folder
from game.render.camera import Camera
from game.render.map_renderer import CHUNK_TILES, MapRenderer
from game.render.resident_layer import ResidentLayer
from game.render.resident_pose import Facing, ResidentPose
from game.scenes.play_scene import PlayScene


def pixels(surface: pygame.Surface) -> np.ndarray:
    return pygame.surfarray.array3d(surface).astype(np.int16)


def test_frame_is_not_blank(display: pygame.Surface, drawable_world: Path) -> None:
    world = load_world_folder(drawable_world)
    scene = PlayScene(world, world.load_scenario(world.scenario_names()[0]), display.get_size())
    scene.draw(display)
    frame = pixels(display)
    distinct_colours = len(np.unique(frame.reshape(-1, 3), axis=0))
    assert distinct_colours > 50 and frame.std() > 10


def test_art_layers_differ_and_semantic_layers_are_not_drawn(display: pygame.Surface, drawable_world: Path) -> None:
    renderer = MapRenderer(load_world_folder(drawable_world).map_path)
    names = [layer.name for layer in renderer.background_layers + renderer.foreground_layers]
    assert len(renderer.background_layers) >= 2
    assert not any(layer.properties.get("semantics") for layer in renderer.background_layers)
    images = []
    for layer in renderer.background_layers:
        surface = pygame.Surface((renderer.chunk_size_px * 3, renderer.chunk_size_px * 3), pygame.SRCALPHA)
        for cy in range(3):
            for cx in range(3):
                chunk = pygame.Surface((renderer.chunk_size_px,) * 2, pygame.SRCALPHA)
                renderer._draw_layers(chunk, [layer], cx + 2, cy + 1)
                surface.blit(chunk, (cx * renderer.chunk_size_px, cy * renderer.chunk_size_px))
        images.append(pygame.image.tobytes(surface, "RGBA"))
    assert len(set(images)) > 1, f"all art layers drew the same picture: {names}"


def _tile_rect(camera: Camera, tile: tuple[int, int], tile_px: int) -> pygame.Rect:
    left, top = camera.world_to_screen((tile[0] * tile_px, tile[1] * tile_px))
    return pygame.Rect(round(left), round(top), round(tile_px * camera.zoom), round(tile_px * camera.zoom))


def test_resident_sprite_is_drawn_at_its_tile(display: pygame.Surface, drawable_world: Path) -> None:
    world = load_world_folder(drawable_world)
    persona = world.load_scenario(world.scenario_names()[0]).personas[0]
    renderer = MapRenderer(world.map_path)
    camera = Camera(map_size_px=renderer.map_size_px, viewport_size_px=display.get_size())
    tile_px = renderer.tile_size_px
    camera.center_on(persona.spawn_tile[0] * tile_px + 100, persona.spawn_tile[1] * tile_px + 60)
    layer = ResidentLayer({persona.name: world.sprite_path(persona.name)}, tile_px)
    renderer.draw_background(display, camera)
    without = pixels(display)
    layer.draw(display, camera, [ResidentPose(persona.name, persona.spawn_tile, persona.spawn_tile)], None,
               show_labels=False)
    changed = np.argwhere((pixels(display) != without).any(axis=2))
    assert len(changed) > 50, "the sprite changed almost nothing"
    tile_rect = _tile_rect(camera, persona.spawn_tile, tile_px)
    xs, ys = changed[:, 0], changed[:, 1]
    assert tile_rect.left <= xs.min() and xs.max() < tile_rect.right
    assert tile_rect.top <= ys.min() and ys.max() < tile_rect.bottom
    assert layer.resident_at(tile_rect.center) == persona.name
    assert layer.resident_at((tile_rect.right + 200, tile_rect.bottom + 200)) is None


def test_walking_resident_moves_between_tiles_and_animates() -> None:
    pose = ResidentPose("A", (3, 4), (4, 4), 0.5, Facing.RIGHT)
    assert pose.position_tiles() == (3.5, 4.0) and pose.is_walking
    columns = [ResidentPose("A", (3, 4), (4, 4), p / 8, Facing.RIGHT).sheet_column() for p in range(8)]
    assert columns == [0, 0, 1, 1, 2, 2, 1, 1]
    assert ResidentPose("A", (3, 4), (3, 4)).sheet_column() == 1


def test_foreground_draws_above_residents(display: pygame.Surface, drawable_world: Path) -> None:
    renderer = MapRenderer(load_world_folder(drawable_world).map_path)
    if not renderer.foreground_layers:
        return
    assert renderer._foreground, "foreground layers exist but baked no chunk"
    chunk_key, chunk = next(iter(renderer._foreground.items()))
    alpha = pygame.surfarray.array_alpha(chunk)
    x, y = np.argwhere(alpha == 255)[0]
    camera = Camera(map_size_px=renderer.map_size_px, viewport_size_px=display.get_size())
    world_x = chunk_key[0] * renderer.chunk_size_px + x
    world_y = chunk_key[1] * renderer.chunk_size_px + y
    camera.center_on(world_x, world_y)
    display.fill((255, 0, 255))
    renderer.draw_foreground(display, camera)
    sx, sy = (round(v) for v in camera.world_to_screen((world_x, world_y)))
    assert display.get_at((sx, sy))[:3] != (255, 0, 255)
    assert CHUNK_TILES * renderer.tile_size_px == renderer.chunk_size_px


def test_click_selects_and_drag_does_not(display: pygame.Surface, drawable_world: Path) -> None:
    world = load_world_folder(drawable_world)
    scenario = world.load_scenario(world.scenario_names()[0])
    scene = PlayScene(world, scenario, display.get_size())
    scene.draw(display)
    first = scenario.personas[0].name
    rect = scene.residents.screen_rect_of(first)
    assert rect is not None and display.get_rect().contains(rect)
    scene.handle_event(pygame.event.Event(pygame.MOUSEBUTTONDOWN, button=1, pos=rect.center))
    scene.handle_event(pygame.event.Event(pygame.MOUSEBUTTONUP, button=1, pos=rect.center))
    assert scene.selected == first and first in scene.caption()
    before = scene.camera.top_left_world_px
    scene.handle_event(pygame.event.Event(pygame.MOUSEBUTTONDOWN, button=1, pos=(100, 100)))
    scene.handle_event(pygame.event.Event(pygame.MOUSEMOTION, pos=(60, 90), rel=(-40, -10), buttons=(1, 0, 0)))
    scene.handle_event(pygame.event.Event(pygame.MOUSEBUTTONUP, button=1, pos=(60, 90)))
    assert scene.camera.top_left_world_px != before and scene.selected == first


def test_screenshot_command_writes_a_png(tmp_path: Path, drawable_world: Path) -> None:
    target = tmp_path / "first.png"
    result = subprocess.run([sys.executable, "-m", "game", "--world", str(drawable_world), "--screenshot", str(target)],
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    image = pygame.image.load(str(target))
    assert image.get_size() == (1280, 720)


def test_a_broken_world_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "map.tmx").write_text("<map")
    result = subprocess.run([sys.executable, "-m", "game", "--world", str(tmp_path), "--screenshot",
                             str(tmp_path / "x.png")], capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 2 and "not valid XML" in result.stderr and "Traceback" not in result.stderr
