"""The game in a real X window (Xvfb): arrow keys move the view, a click selects a resident.

Needs Debian's xvfb, xdotool and imagemagick (``.ci/run`` installs them); skipped with that
reason when they are absent. Screenshots are kept in test-artifacts/real_window/.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pygame
import pytest

from tests.conftest import REPO_ROOT

ARTIFACTS = REPO_ROOT / "test-artifacts" / "real_window"
pytestmark = pytest.mark.slow


def _need_tools() -> None:
    missing = [tool for tool in ("Xvfb", "xdotool", "import") if shutil.which(tool) is None]
    if missing:
        pytest.skip(f"missing {', '.join(missing)}: apt-get install xvfb xdotool imagemagick (.ci/run does)")


@pytest.fixture()
def x_display() -> Iterator[str]:
    _need_tools()
    read_end, write_end = os.pipe()
    server = subprocess.Popen(["Xvfb", "-displayfd", str(write_end), "-screen", "0", "1600x900x24", "-nolisten", "tcp"],
                              pass_fds=(write_end,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write_end)
    with os.fdopen(read_end) as pipe:
        number = pipe.readline().strip()
    try:
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(timeout=10)


def _x(display: str, *args: str) -> str:
    result = subprocess.run(list(args), env={**os.environ, "DISPLAY": display}, capture_output=True, text=True,
                            timeout=30, check=False)
    if result.returncode != 0:
        raise AssertionError(f"{' '.join(args)} failed: {result.stderr}")
    return result.stdout.strip()


def _screenshot(display: str, window: str, name: str) -> np.ndarray:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    _x(display, "import", "-window", window, str(path))
    return pygame.surfarray.array3d(pygame.image.load(str(path))).astype(np.int16)


def _wait_for(condition, timeout_seconds: float, what: str) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout_seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def _first_resident_on_screen(world_path: Path, window_size_px: tuple[int, int]) -> tuple[int, int]:
    from agents.world.world_folder import load_world_folder
    from game.app import choose_scenario
    from game.render.camera import Camera

    world = load_world_folder(world_path)
    persona = choose_scenario(world, None).personas[0]
    world_map = world.world_map
    tile = world_map.tile_size_px
    camera = Camera(map_size_px=(world_map.width_tiles * tile, world_map.height_tiles * tile),
                    viewport_size_px=window_size_px)
    x, y = persona.spawn_tile
    camera.center_on((x + 0.5) * tile, (y + 0.5) * tile)
    screen_x, screen_y = camera.world_to_screen(((x + 0.5) * tile, (y + 0.6) * tile))
    return round(screen_x), round(screen_y)


def test_keys_move_the_view_and_a_click_selects(x_display: str, drawable_world: Path) -> None:
    env = {**os.environ, "DISPLAY": x_display, "SDL_VIDEODRIVER": "x11", "SDL_AUDIODRIVER": "dummy"}
    game = subprocess.Popen([sys.executable, "-m", "game", "--world", str(drawable_world), "--paused"], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        # by process id: xdotool's --name search cannot read SDL's UTF-8 window titles
        window = _x(x_display, "xdotool", "search", "--sync", "--onlyvisible", "--pid", str(game.pid))
        window = window.splitlines()[0]
        _x(x_display, "xdotool", "windowmove", window, "0", "0")
        _x(x_display, "xdotool", "windowfocus", "--sync", window)
        time.sleep(1.0)
        before = _screenshot(x_display, window, "1-start")
        assert before.std() > 10, "the window shows a blank frame"

        # the view starts on the first resident (clamped to the map): work out where the scene
        # draws them with the same camera arithmetic, and click there
        geometry = dict(line.split("=") for line in
                        _x(x_display, "xdotool", "getwindowgeometry", "--shell", window).splitlines())
        click_x, click_y = _first_resident_on_screen(drawable_world, (int(geometry["WIDTH"]), int(geometry["HEIGHT"])))
        _x(x_display, "xdotool", "mousemove", "--window", window, str(click_x), str(click_y))
        _x(x_display, "xdotool", "click", "1")
        _wait_for(lambda: "selected:" in _x(x_display, "xdotool", "getwindowname", window), 10, "a selection")
        title = _x(x_display, "xdotool", "getwindowname", window)
        _screenshot(x_display, window, "2-selected")

        _x(x_display, "xdotool", "keydown", "Right")
        time.sleep(0.6)
        _x(x_display, "xdotool", "keyup", "Right")
        _x(x_display, "xdotool", "keydown", "Down")
        time.sleep(0.4)
        _x(x_display, "xdotool", "keyup", "Down")
        time.sleep(0.5)
        after = _screenshot(x_display, window, "3-after-arrow-keys")
        changed = (after != before).any(axis=2).mean()
        assert changed > 0.3, f"only {changed:.0%} of the window changed after the arrow keys"
        assert game.poll() is None, "the game exited early"
        first_resident = title.split("selected: ")[1]
        assert first_resident and first_resident in title
    finally:
        game.terminate()
        try:
            game.wait(timeout=10)
        except subprocess.TimeoutExpired:
            game.kill()
