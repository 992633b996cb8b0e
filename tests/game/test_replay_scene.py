"""The replay scene on a real recording of an offline morning of the shipped town: it plays at 64
steps/s, the timeline scrubs to another hour and the residents stand where the recording has them
then, a click on a resident opens the inspector as of the step shown, a typed time jumps there, and
"Continue from here" forks a live town as a new slot (and recording) from the keyframe; the title's
Replay lists the recording and opens it."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pygame
import pytest

from agents.engine.engine_settings import EngineSettings
from agents.engine.mind_services_factory import offline_services
from agents.llm.local_embedder import HashedNgramEmbedder
from agents.persistence.recording_reader import RecordingReader
from agents.persistence.save_slots import read_header, slot_path
from game.game_app import GameApp
from game.scenes.play_scene import PlayScene
from game.scenes.recordings_scene import RecordingsScene
from game.scenes.replay_clock import REPLAY_SPEEDS_STEPS_PER_SECOND
from game.scenes.replay_opening import replay_scene_for
from game.scenes.replay_scene import ReplayScene
from tests.persistence.recording_runs import RecordedRun, record_run

FRAME_SECONDS = 1 / 60
STEPS = 3240  # midnight to 09:00 (three residents wake, plan and walk)
HOUR_STEPS = 360


@pytest.fixture(scope="module")
def recording(tmp_path_factory: pytest.TempPathFactory) -> RecordedRun:
    services = offline_services(HashedNgramEmbedder(dimension=256))
    return record_run(services, tmp_path_factory.mktemp("recordings"), steps=STEPS, interview_step=3000,
                      view_steps=set(), hash_steps=set(), name="morning")


@pytest.fixture()
def scene(display: pygame.Surface, recording: RecordedRun) -> Iterator[ReplayScene]:
    pygame.event.clear()
    closed: list[bool] = []
    reader = RecordingReader.open(recording.path)
    replay = replay_scene_for(reader, display.get_size(), on_close=lambda: closed.append(True), on_continue=None)
    yield replay
    replay.close()


def frame(scene: ReplayScene, screen: pygame.Surface, dt: float = FRAME_SECONDS) -> None:
    for event in pygame.event.get():
        scene.handle_event(event)
    scene.update(dt)
    scene.draw(screen)


def click(scene: ReplayScene, screen: pygame.Surface, pos: tuple[int, int]) -> list[bool]:
    used = [scene.handle_event(pygame.event.Event(pygame.MOUSEBUTTONDOWN, button=1, pos=pos)),
            scene.handle_event(pygame.event.Event(pygame.MOUSEBUTTONUP, button=1, pos=pos))]
    frame(scene, screen)
    frame(scene, screen)
    return used


def tiles(scene: ReplayScene) -> dict[str, tuple[int, int]]:
    return {pose.name: pose.to_tile for pose in scene.viewport.poses}


def test_it_plays_at_64_steps_a_second_and_shows_each_step_as_recorded(scene: ReplayScene, display: pygame.Surface,
                                                                       recording: RecordedRun) -> None:
    scene.seek(7 * HOUR_STEPS)
    scene.clock.set_speed_index(REPLAY_SPEEDS_STEPS_PER_SECOND.index(64))
    scene.clock.toggle_play()
    for _ in range(60):
        frame(scene, display)
    assert abs(scene.clock.step - (7 * HOUR_STEPS + 64)) <= 1
    assert scene.frame.step_index == scene.clock.step
    assert tiles(scene) == {r.name: r.tile for r in recording.frames[scene.clock.step].residents}
    assert "playing, 64 steps/s" in scene.bar_text()


def test_as_fast_as_possible_goes_faster_than_64(scene: ReplayScene, display: pygame.Surface) -> None:
    scene.seek(6 * HOUR_STEPS)
    scene.clock.set_speed_index(len(REPLAY_SPEEDS_STEPS_PER_SECOND) - 1)
    scene.clock.toggle_play()
    for _ in range(30):
        frame(scene, display)
    assert scene.clock.step - 6 * HOUR_STEPS > 64 / 2


def test_scrubbing_the_timeline_shows_another_hour(scene: ReplayScene, display: pygame.Surface,
                                                   recording: RecordedRun) -> None:
    timeline = scene.timeline
    target = 8 * HOUR_STEPS + 30
    x = timeline.x_of(target)
    used = click(scene, display, (x, timeline.track.centery))
    assert used[0]
    assert abs(scene.clock.step - target) <= (STEPS // timeline.track.width) + 1
    assert scene.frame.now.hour == 8
    assert tiles(scene) == {r.name: r.tile for r in recording.frames[scene.clock.step].residents}


def test_the_inspector_shows_the_resident_as_of_the_step_shown(scene: ReplayScene, display: pygame.Surface) -> None:
    scene.seek(8 * HOUR_STEPS)
    frame(scene, display)
    name = scene.viewport.poses[0].name
    pose = scene.viewport.pose_of(name)
    assert pose is not None
    scene.viewport.center_on_tile(pose.position_tiles())
    scene.draw(display)
    rect = scene.viewport.residents.screen_rect_of(name)
    assert rect is not None
    click(scene, display, rect.center)
    assert scene.selected == name and scene.inspector.visible
    view = scene.inspector.view
    assert view is not None and view.name == name
    later = len(view.memories)
    assert "as at this step" in scene.bar_text()
    scene.seek(2 * HOUR_STEPS)  # asleep, fewer memories then
    time.sleep(0.3)
    frame(scene, display)
    earlier = scene.inspector.view
    assert earlier is not None and earlier.now < view.now
    assert len(earlier.memories) < later
    assert scene.inspector.read_only
    assert not scene.inspector.question_entry.visible


def test_a_typed_time_jumps_there_and_a_bad_one_is_explained(scene: ReplayScene, display: pygame.Surface) -> None:
    scene.jump_to("07:30")
    frame(scene, display)
    assert f"{scene.frame.now:%H:%M}" == "07:30"
    scene.jump_to("23:00")
    assert "is not in this recording" in scene._message
    scene.jump_to("soon")
    assert "is not a moment" in scene._message
    scene.jump_to("100")
    assert scene.clock.step == 100


def test_keys_play_step_and_go_to_the_ends(scene: ReplayScene, display: pygame.Surface) -> None:
    def key(code: int) -> None:
        scene.handle_event(pygame.event.Event(pygame.KEYDOWN, key=code, mod=0, unicode="", scancode=0))

    key(pygame.K_END)
    assert scene.clock.step == scene.clock.last_step
    key(pygame.K_COMMA)
    assert scene.clock.step == scene.clock.last_step - 1
    key(pygame.K_HOME)
    key(pygame.K_PERIOD)
    assert scene.clock.step == scene.clock.first_step + 1
    key(pygame.K_SPACE)
    assert scene.clock.playing


@pytest.fixture()
def app(display: pygame.Surface, tmp_path: Path, recording: RecordedRun) -> Iterator[GameApp]:
    pygame.event.clear()
    saves = tmp_path / "saves"
    saves.mkdir()
    game = GameApp(engine_settings=EngineSettings, saves_dir=saves, settings_path=tmp_path / "settings.toml",
                   recordings_dir=recording.recordings_dir)
    game.show_title()
    yield game
    game.stack.close()


def test_the_title_lists_the_recording_and_continue_from_here_forks_a_live_town(app: GameApp,
                                                                                display: pygame.Surface) -> None:
    assert app.has_recordings()
    app.open_replay()
    menu = app.stack.top
    assert isinstance(menu, RecordingsScene)
    assert [entry.name for entry in menu.entries] == ["morning"]
    menu.select(0)
    menu.press_open()
    replay = app.stack.top
    assert isinstance(replay, ReplayScene)
    replay.seek(8 * HOUR_STEPS + 100)
    replay._continue()
    play = app.stack.top
    assert isinstance(play, PlayScene) and play.session is not None
    slot = play.session.origin_slot
    assert slot is not None and slot.startswith("morning-fork")
    header = read_header(slot_path(slot, app.saves_dir))
    assert header.step_index == 8 * HOUR_STEPS  # the keyframe at or before the step asked
    assert header.recording == slot
    deadline = time.monotonic() + 30
    while play.runner is not None and not play.runner.ready:
        assert time.monotonic() < deadline
        app.step_frame(FRAME_SECONDS)
        time.sleep(0.01)
    assert play.runner is not None and play.runner.view.step_index == 8 * HOUR_STEPS
    assert play.session.recorder is not None and play.session.recorder.name == slot
