"""The game in a real X window (Xvfb), driven with xdotool's real clicks and keys, as a new player
would: title -> new town -> click a resident (the inspector opens on them) -> the keys move the view
-> F5 -> Esc, Esc -> "quit without saving" -> start again -> Continue -> the same game time and town.

Needs Debian's xvfb, xdotool and imagemagick (``.ci/run`` installs them); skipped with that
reason when they are absent. Screenshots are kept in test-artifacts/real_window/.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pygame
import pytest

from tests.conftest import REPO_ROOT

ARTIFACTS = REPO_ROOT / "test-artifacts" / "real_window"
WINDOW_SIZE_PX = (1280, 720)
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


def _wait_for(condition: Callable[[], bool], timeout_seconds: float, what: str) -> None:
    deadline = time.monotonic() + timeout_seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def _layout() -> dict[str, tuple[int, int]]:
    """Where the title screen's buttons and the quit dialog's are, and the first resident, worked
    out with the same code the game draws them with (on a headless display in this process)."""
    from agents.paths import shipped_worlds_dir
    from agents.world.world_folder import load_world_folder
    from game.render.camera import Camera
    from game.scenes.title_scene import TitleActions, TitleScene
    from game.ui.quit_dialog import QuitDialog
    from game.ui.theme import make_ui_manager

    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    pygame.display.init()
    pygame.font.init()
    try:
        pygame.display.set_mode(WINDOW_SIZE_PX)
        none = lambda *args: None
        world_path = shipped_worlds_dir() / "smallville"
        title = TitleScene(TitleActions(none, none, none, none, none, none, lambda: "a save", lambda: False),
                           WINDOW_SIZE_PX, world_folders=[world_path])
        dialog = QuitDialog(make_ui_manager(WINDOW_SIZE_PX), on_save_and_quit=none, on_quit=none)
        world = load_world_folder(world_path)
        persona = world.load_scenario("three").personas[0]
        tile = world.world_map.tile_size_px
        camera = Camera(map_size_px=(world.world_map.width_tiles * tile, world.world_map.height_tiles * tile),
                        viewport_size_px=WINDOW_SIZE_PX)
        x, y = persona.spawn_tile
        camera.center_on((x + 0.5) * tile, (y + 0.5) * tile)
        resident = camera.world_to_screen(((x + 0.5) * tile, (y + 0.6) * tile))
        return {"start": title.start_button.rect.center, "skip": title.skip_button.rect.center,
                "continue": title.continue_button.rect.center, "quit_without_saving": dialog.quit_button.rect.center,
                "resident": (round(resident[0]), round(resident[1])), "resident_name": persona.name}  # type: ignore[dict-item]
    finally:
        pygame.quit()


class Game:
    """The game as a process in the X display, with its window."""

    def __init__(self, display: str, home: Path) -> None:
        self.display = display
        env = {**os.environ, "DISPLAY": display, "SDL_VIDEODRIVER": "x11", "SDL_AUDIODRIVER": "dummy",
               "SMALLVILLE_HOME": str(home)}
        self.process = subprocess.Popen([sys.executable, "-m", "game", "--paused"], env=env,
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        # by process id: xdotool's --name search cannot read SDL's UTF-8 window titles
        self.window = _x(display, "xdotool", "search", "--sync", "--onlyvisible", "--pid",
                         str(self.process.pid)).splitlines()[0]
        _x(display, "xdotool", "windowmove", self.window, "0", "0")
        _x(display, "xdotool", "windowfocus", "--sync", self.window)
        _wait_for(lambda: self.screenshot("0-first-frame").std() > 10, 30, "the window's first drawn frame")

    def title(self) -> str:
        return _x(self.display, "xdotool", "getwindowname", self.window)

    def click(self, at: tuple[int, int]) -> None:
        _x(self.display, "xdotool", "mousemove", "--window", self.window, str(at[0]), str(at[1]))
        _x(self.display, "xdotool", "click", "1")

    def key(self, *keys: str) -> None:
        for key in keys:
            _x(self.display, "xdotool", "key", "--window", self.window, key)
            time.sleep(0.1)

    def hold(self, key: str, seconds: float) -> None:
        _x(self.display, "xdotool", "keydown", key)
        time.sleep(seconds)
        _x(self.display, "xdotool", "keyup", key)

    def screenshot(self, name: str) -> np.ndarray:
        return _screenshot(self.display, self.window, name)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(timeout=10)


def test_a_new_player_plays_saves_quits_and_continues(x_display: str, tmp_path: Path) -> None:
    from agents.persistence.save_format import read_header

    layout = _layout()
    saves = tmp_path / "data" / "saves"
    game = Game(x_display, tmp_path)
    try:
        title_shot = game.screenshot("1-title")
        assert title_shot.std() > 10, "the title screen is blank"
        game.click(layout["skip"])  # this test wants the residents where the scenario puts them
        time.sleep(0.3)
        game.click(layout["start"])
        _wait_for(lambda: "Mon 13 Feb 2023 00:00" in game.title(), 30, "the new town (its time in the title)")
        time.sleep(1.0)
        game.screenshot("2-new-town")

        game.click(layout["resident"])
        name = layout["resident_name"]
        _wait_for(lambda: f"inspecting {name}" in game.title(), 10, "the inspector on the first resident")
        time.sleep(0.5)
        inspected = game.screenshot("3-inspector")
        # the inspector's panel covers the right side of the window: far from the map's colours
        right = inspected[int(WINDOW_SIZE_PX[0] * 0.75):, 60:600]
        assert right.mean() < 80, "the right side of the window shows no dark inspector panel"

        game.key("space", "plus", "plus", "plus")  # run at 60 steps/s for a while, then pause
        time.sleep(2.5)
        game.key("space")
        time.sleep(0.5)
        game.key("F5")
        _wait_for(lambda: (saves / "quicksave.smallville-save").is_file(), 20, "the quick save")
        saved_time = read_header(saves / "quicksave.smallville-save").game_time
        assert saved_time.strftime("%H:%M") != "00:00", "the clock did not run before the save"

        before = game.screenshot("4-before-keys")
        game.hold("Left", 0.6)
        game.hold("Up", 0.4)
        time.sleep(0.5)
        after = game.screenshot("5-after-arrow-keys")
        changed = (after != before).any(axis=2).mean()
        assert changed > 0.3, f"only {changed:.0%} of the window changed after the arrow keys"

        game.key("Escape")  # closes the inspector
        time.sleep(0.3)
        game.key("Escape")  # on the bare map: the quit dialog
        time.sleep(0.7)
        game.screenshot("6-quit-dialog")
        assert game.process.poll() is None, "Esc quit without asking"
        game.click(layout["quit_without_saving"])
        assert game.process.wait(timeout=20) == 0
        errors = game.process.stderr.read() if game.process.stderr else ""
        assert "Traceback" not in errors, errors
    finally:
        game.stop()

    again = Game(x_display, tmp_path)
    try:
        again.screenshot("7-title-again")
        again.click(layout["continue"])
        expected = f"{saved_time:%a %d %b %Y %H:%M}"
        _wait_for(lambda: expected in again.title(), 30, f"the continued town at {expected}")
        assert "Isabella, Maria and Klaus" in again.title()  # the same residents' scenario
        time.sleep(1.0)
        continued = again.screenshot("8-continued")
        assert continued.std() > 10
    finally:
        again.stop()


def _replay_layout(recordings: Path) -> dict[str, object]:
    """Where the title's Replay button, the recordings menu's first row and its Replay button, the
    first resident in the replay (at its first step) and the timeline's 8 o'clock are, worked out headless with the same
    code the game draws them with."""
    from agents.persistence.recording_reader import RecordingReader
    from game.scenes.recordings_scene import RecordingsScene
    from game.scenes.replay_opening import replay_scene_for
    from game.scenes.title_scene import TitleActions, TitleScene

    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    pygame.display.init()
    pygame.font.init()
    try:
        screen = pygame.display.set_mode(WINDOW_SIZE_PX)
        none = lambda *args: None
        title = TitleScene(TitleActions(none, none, none, none, none, none, lambda: None, lambda: True), WINDOW_SIZE_PX)
        menu = RecordingsScene(recordings, on_open=none, on_back=none, viewport_size_px=WINDOW_SIZE_PX)
        menu.select(0)
        reader = RecordingReader.open(recordings / "morning.smallville-rec")
        scene = replay_scene_for(reader, WINDOW_SIZE_PX, on_close=lambda: None, on_continue=None)
        try:
            scene.draw(screen)
            name = scene.viewport.poses[0].name
            rect = scene.viewport.residents.screen_rect_of(name)
            assert rect is not None
            eight = scene.timeline.x_of(8 * 360 + 20), scene.timeline.track.centery
        finally:
            scene.close()
        return {"replay": title.replay_button.rect.center, "row": menu.rows[0].rect.center,
                "open": menu.open_button.rect.center, "resident": rect.center, "name": name, "eight": eight}
    finally:
        pygame.quit()


def test_a_player_replays_a_recorded_morning_scrubs_to_eight_and_inspects(x_display: str, tmp_path: Path) -> None:
    from agents.engine.mind_services_factory import offline_services
    from agents.llm.local_embedder import HashedNgramEmbedder
    from tests.persistence.recording_runs import record_run

    recordings = tmp_path / "data" / "recordings"
    record_run(offline_services(HashedNgramEmbedder(dimension=256)), recordings, steps=3240, interview_step=3000,
               view_steps=set(), hash_steps=set(), name="morning")
    layout = _replay_layout(recordings)
    game = Game(x_display, tmp_path)
    try:
        game.click(layout["replay"])  # type: ignore[arg-type]
        time.sleep(0.8)
        game.screenshot("r1-recordings")
        game.click(layout["row"])  # type: ignore[arg-type]
        time.sleep(0.3)
        game.click(layout["open"])  # type: ignore[arg-type]
        _wait_for(lambda: "replay of morning" in game.title(), 20, "the replay scene")
        name = str(layout["name"])
        game.click(layout["resident"])  # type: ignore[arg-type]
        _wait_for(lambda: f"inspecting {name}" in game.title(), 10, f"the inspector on {name}")
        game.key("plus", "plus", "space")  # 16 -> 64 steps/s, play
        time.sleep(2.0)
        game.key("space")
        time.sleep(0.3)
        playing = game.screenshot("r2-played-at-64")
        assert playing.std() > 10
        shown = re.search(r"2023 (\d\d:\d\d)", game.title()).group(1)  # type: ignore[union-attr]
        minutes = int(shown[:2]) * 60 + int(shown[3:])
        assert 12 <= minutes <= 40, f"2 s at 64 steps of 10 s should be about 21 game minutes, not {shown}"
        game.click(layout["eight"])  # type: ignore[arg-type]
        _wait_for(lambda: "Mon 13 Feb 2023 08:0" in game.title(), 10, "the replay at eight o'clock")
        game.key("f")  # follow them to where they are at eight
        time.sleep(1.0)
        eight = game.screenshot("r3-eight-oclock-inspector")
        right = eight[int(WINDOW_SIZE_PX[0] * 0.75):, 60:560]
        assert right.mean() < 80, "no inspector panel on the right"
        game.key("Escape", "Escape")  # the inspector, then the replay
        time.sleep(0.5)
        assert "replay" not in game.title()
    finally:
        game.stop()
