"""The play scene driven as a player drives it, with synthetic events: a click on a resident opens the
inspector on their name, plan and memories; a question typed into the Ask tab goes to a slow test
model server while the frames keep coming, and the answer shows in the transcript; a whisper is among
the Memories rows at once, marked whispered; "Save and quit" in the quit dialog writes an autosave
that loads; and autosaves fall due on their game-time interval while the town runs."""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pygame
import pytest

from agents.cognition.interview import INTERVIEWER
from agents.engine.engine_settings import EngineSettings
from agents.engine.mind_services_factory import offline_services
from agents.engine.simulation_runner import SimulationRunner
from agents.llm.local_embedder import HashedNgramEmbedder
from agents.paths import shipped_worlds_dir
from agents.persistence.save_slots import list_slots, load_slot, slot_path
from agents.views.resident_view import MemoryView
from agents.world.world_folder import WorldFolder, load_world_folder
from game.game_app import GameApp
from game.scenes.play_scene import PlayScene
from game.scenes.town_session import TownSession
from game.ui.inspector_text import TextBlock
from tests.engine.scripted_server import scripted_server

FRAME_SECONDS = 1 / 60
INTERVIEW_LATENCY_SECONDS = 1.0
QUESTION = "What are you looking forward to today?"


def town() -> WorldFolder:
    return load_world_folder(shipped_worlds_dir() / "smallville")


def key_event(key: int, unicode: str = "") -> pygame.event.Event:
    return pygame.event.Event(pygame.KEYDOWN, key=key, mod=0, unicode=unicode, scancode=0)


def frame(scene: PlayScene, screen: pygame.Surface) -> float:
    """One frame of the game loop (events from the queue, update, draw); its seconds."""
    began = time.perf_counter()
    for event in pygame.event.get():
        scene.handle_event(event)
    scene.update(FRAME_SECONDS)
    scene.draw(screen)
    return time.perf_counter() - began


def frames_until(scene: PlayScene, screen: pygame.Surface, done: Callable[[], bool], what: str,
                 timeout_seconds: float = 30.0) -> list[float]:
    """Frames until ``done()``; each frame's seconds."""
    seconds: list[float] = []
    deadline = time.monotonic() + timeout_seconds
    while not done():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        seconds.append(frame(scene, screen))
        time.sleep(0.005)
    return seconds


def click(scene: PlayScene, screen: pygame.Surface, pos: tuple[int, int]) -> list[bool]:
    """A left click at ``pos`` through the scene, then two frames for what pygame_gui posts."""
    used = [scene.handle_event(pygame.event.Event(pygame.MOUSEBUTTONDOWN, button=1, pos=pos)),
            scene.handle_event(pygame.event.Event(pygame.MOUSEBUTTONUP, button=1, pos=pos))]
    frame(scene, screen)
    frame(scene, screen)
    return used


def type_into(scene: PlayScene, screen: pygame.Surface, entry, text: str) -> None:  # type: ignore[no-untyped-def]
    click(scene, screen, entry.rect.center)
    assert entry.is_focused, "the click did not give the text field the keyboard"
    for char in text:
        pygame.event.post(key_event(ord(char.lower()) if char.isalpha() else 0, char))
        pygame.event.post(pygame.event.Event(pygame.TEXTINPUT, text=char))
    frame(scene, screen)
    assert entry.get_text() == text


def texts(scene: PlayScene, tab: str) -> list[str]:
    return [item.prefix + item.text for item in scene.inspector.tabs[tab].listing.items
            if isinstance(item, TextBlock)]


def memory_rows(scene: PlayScene) -> list[MemoryView]:
    return [item for item in scene.inspector.tabs["Memories"].listing.items if isinstance(item, MemoryView)]


def open_tab(scene: PlayScene, screen: pygame.Surface, tab: str) -> None:
    click(scene, screen, scene.inspector.tab_buttons[tab].rect.center)
    assert scene.inspector.tab == tab


def wait_for_the_town(scene: PlayScene, screen: pygame.Surface) -> None:
    runner = scene.runner
    assert runner is not None
    frames_until(scene, screen, lambda: runner.ready and runner.view.residents != (), "the town to be created")


def click_resident(scene: PlayScene, screen: pygame.Surface, name: str) -> None:
    """Bring ``name`` into view (as the player would pan there), then click them where the camera shows
    them (their hit rect after a draw)."""
    pose = next(p for p in scene.poses if p.name == name)
    x_tiles, y_tiles = pose.position_tiles()
    tile = scene.map_renderer.tile_size_px
    scene.camera.center_on((x_tiles + 0.5) * tile, (y_tiles + 0.5) * tile)
    scene.draw(screen)
    rect = scene.residents.screen_rect_of(name)
    assert rect is not None, f"{name} is not on screen"
    assert screen.get_rect().collidepoint(rect.center)
    assert not scene.inspector.rect.collidepoint(rect.center) or not scene.inspector.visible
    used = click(scene, screen, rect.center)
    assert all(used)


@pytest.fixture()
def offline_scene(display: pygame.Surface) -> Iterator[PlayScene]:
    pygame.event.clear()
    folder = town()
    scenario = folder.load_scenario("three")
    runner = SimulationRunner(folder.world_map, scenario, offline_services(HashedNgramEmbedder(dimension=64)), seed=3)
    scene = PlayScene(folder, scenario, display.get_size(), runner=runner, model_label="offline model")
    try:
        yield scene
    finally:
        runner.close()


def test_a_click_on_a_resident_opens_the_inspector_on_their_name_plan_and_memories(
        offline_scene: PlayScene, display: pygame.Surface) -> None:
    scene = offline_scene
    runner = scene.runner
    assert runner is not None
    wait_for_the_town(scene, display)
    name = scene.scenario.personas[0].name
    # M skips to the first wake-up, so there is a day plan to show; Space then pauses
    scene.handle_event(key_event(pygame.K_m, "m"))
    frames_until(scene, display, lambda: bool(runner.resident_view(name).daily_plan),  # type: ignore[union-attr]
                 "a day plan")
    scene.handle_event(key_event(pygame.K_SPACE, " "))
    assert scene.clock_control.paused
    frames_until(scene, display, lambda: runner.ready, "the step in progress to pass")
    frame(scene, display)
    assert scene.selected is None and not scene.inspector.visible

    click_resident(scene, display, name)
    assert scene.selected == name
    inspector = scene.inspector
    assert inspector.visible and inspector.view is not None and inspector.view.name == name
    assert f"inspecting {name}" in scene.caption()
    truth = runner.resident_view(name)
    assert truth is not None and truth.daily_plan
    assert inspector.tab == "Plan"
    plan = " ".join(texts(scene, "Plan"))
    for item in truth.daily_plan[:3]:
        assert item in plan, f"the Plan tab does not show {item!r}"
    open_tab(scene, display, "Memories")
    rows = memory_rows(scene)
    assert rows and [m.memory_id for m in rows] == [m.memory_id for m in truth.memories]
    assert [m.description for m in rows][:3] == [m.description for m in truth.memories][:3]
    # a click on the bare map closes it again
    click(scene, display, (40, display.get_height() // 2))
    assert scene.selected is None and not inspector.visible


def test_an_interview_is_answered_while_the_frames_keep_coming(display: pygame.Surface) -> None:
    pygame.event.clear()
    folder = town()
    scenario = folder.load_scenario("three")

    def answer(context) -> dict[str, object]:  # type: ignore[no-untyped-def]
        return {"answer": f"The party at Hobbs Cafe! (You asked: {context['question']})"}

    with scripted_server({"interview_answer": answer}, latency_seconds=INTERVIEW_LATENCY_SECONDS) as (
            services, _meter, server):
        runner = SimulationRunner(folder.world_map, scenario, services, seed=5, settings=EngineSettings(workers=2))
        try:
            scene = PlayScene(folder, scenario, display.get_size(), runner=runner, model_label="test server")
            scene.clock_control.paused = True
            wait_for_the_town(scene, display)
            name = scenario.personas[0].name
            first = name.split()[0]
            click_resident(scene, display, name)
            assert scene.selected == name and scene.inspector.visible
            open_tab(scene, display, "Ask")
            calls_before = server.stats.chat_requests
            type_into(scene, display, scene.inspector.question_entry, QUESTION)
            assert scene.inspector.typing
            asked_at = time.monotonic()
            pygame.event.post(key_event(pygame.K_RETURN, "\r"))
            waiting_seconds: list[float] = []
            saw_thinking = False

            def answered() -> bool:
                view = scene.inspector.view
                return view is not None and not view.interview.waiting and len(view.interview.transcript) >= 2

            deadline = time.monotonic() + 30
            while not answered():
                assert time.monotonic() < deadline, "the answer never came"
                seconds = frame(scene, display)
                view = scene.inspector.view
                if view is not None and view.interview.waiting:
                    waiting_seconds.append(seconds)
                    lines = texts(scene, "Ask")
                    assert "interview" in view.thinking  # the header's "thinking: interview" chip
                    if f"{first} is thinking..." in lines:
                        saw_thinking = True
                        assert f"{INTERVIEWER}: {QUESTION}" in lines
                time.sleep(0.005)
            took = time.monotonic() - asked_at
            assert took >= INTERVIEW_LATENCY_SECONDS * 0.9, f"answered in {took:.2f} s: not by the slow server"
            assert saw_thinking, "the transcript never said the resident was thinking"
            assert len(waiting_seconds) >= 10, f"only {len(waiting_seconds)} frames while the answer was out"
            slowest = max(waiting_seconds)
            assert slowest < INTERVIEW_LATENCY_SECONDS / 4, f"a frame took {slowest:.3f} s: the loop waited"
            assert server.stats.chat_requests > calls_before
            frame(scene, display)
            lines = texts(scene, "Ask")
            expected = f"The party at Hobbs Cafe! (You asked: {QUESTION})"
            assert f"{name}: {expected}" in lines or f"{first}: {expected}" in lines, lines
            assert f"{first} is thinking..." not in lines
            assert scene.inspector.question_entry.get_text() == ""
        finally:
            runner.close()


def test_a_whisper_through_the_inspector_is_among_the_memories_at_once_marked_whispered(
        offline_scene: PlayScene, display: pygame.Surface) -> None:
    scene = offline_scene
    runner = scene.runner
    assert runner is not None
    scene.clock_control.paused = True
    wait_for_the_town(scene, display)
    name = scene.scenario.personas[1].name
    click_resident(scene, display, name)
    assert scene.selected == name
    before = runner.resident_view(name)
    assert before is not None
    step = runner.view.step_index
    open_tab(scene, display, "Ask")
    whisper = "Isabella is planning a surprise for you"
    type_into(scene, display, scene.inspector.whisper_entry, whisper)
    assert not scene.follow and scene.clock_control.paused, "the typed keys went to the map (F follows, ...)"
    click(scene, display, scene.inspector.whisper_button.rect.center)
    assert "whispered to" in scene.inspector.message
    assert scene.inspector.whisper_entry.get_text() == ""
    open_tab(scene, display, "Memories")
    rows = memory_rows(scene)
    assert runner.view.step_index == step, "the clock is paused: no step passed"
    assert len(rows) == len(before.memories) + 1
    newest = rows[0]
    assert newest.description == whisper and newest.whispered and newest.kind == "thought"
    assert newest.memory_id not in {m.memory_id for m in before.memories}


@pytest.fixture()
def app_and_session(display: pygame.Surface, tmp_path: Path) -> Iterator[tuple[GameApp, TownSession, Path]]:
    pygame.event.clear()
    saves = tmp_path / "saves"
    saves.mkdir()
    settings = tmp_path / "config" / "settings.toml"
    settings.parent.mkdir()
    app = GameApp(engine_settings=EngineSettings, saves_dir=saves, settings_path=settings)
    folder = town()
    scenario = folder.load_scenario("three")
    runner = SimulationRunner(folder.world_map, scenario, offline_services(HashedNgramEmbedder(dimension=64)), seed=2)
    session = TownSession(folder, scenario, runner, stack=None)
    try:
        yield app, session, saves
    finally:
        session.close()


def test_save_and_quit_in_the_quit_dialog_writes_an_autosave_that_loads(
        app_and_session: tuple[GameApp, TownSession, Path], display: pygame.Surface) -> None:
    app, session, saves = app_and_session
    scene = PlayScene.for_session(session, app, display.get_size())
    try:
        assert scene.saver is not None, "a scene for a session in an app saves"
        scene.clock_control.paused = True
        wait_for_the_town(scene, display)
        assert scene.request_quit()
        dialog = scene.quit_dialog
        assert dialog is not None and dialog.alive()
        frame(scene, display)
        assert not app.stack.quit_now
        assert list_slots(saves).slots == ()
        click(scene, display, dialog.save_button.rect.center)
        assert dialog.result == "saved", f"the dialog says: {dialog.text.html_text}"
        assert not dialog.alive() and app.stack.quit_now
        path = slot_path("autosave-1", saves)
        assert path.is_file()
        loaded = load_slot("autosave-1", saves)
        assert loaded.simulation.scenario_name == "three"
        assert set(loaded.simulation.residents) == {p.name for p in session.scenario.personas}
        assert loaded.header.game_time == session.runner.view.now
    finally:
        scene.close()
    assert session.closed


def test_autosaves_fall_due_on_their_game_time_interval_in_the_play_scene(
        app_and_session: tuple[GameApp, TownSession, Path], display: pygame.Surface) -> None:
    app, session, saves = app_and_session
    app.settings_path.write_text("[saves]\nautosave_interval_game_minutes = 2\nautosave_slots_kept = 5\n",
                                 encoding="utf-8")
    scene = PlayScene.for_session(session, app, display.get_size())
    try:
        saver = scene.saver
        assert saver is not None and saver.autosave.interval_game_minutes == 2
        wait_for_the_town(scene, display)
        start = session.runner.view.now
        for _ in range(8):  # "+" up to as fast as possible
            scene.handle_event(key_event(pygame.K_PLUS, "+"))
        assert not scene.clock_control.paused
        frames_until(scene, display, lambda: (session.runner.view.now - start).total_seconds() >= 7 * 60
                     and not saver.saving, "seven game minutes", timeout_seconds=60)
        slots = {entry.slot: entry for entry in list_slots(saves).slots}
        autosaves = sorted(slot for slot in slots if slot.startswith("autosave-"))
        assert len(autosaves) >= 3, f"autosaves after 7 game minutes at one every 2: {autosaves}"
        times = sorted(slots[slot].header.game_time for slot in autosaves)
        assert all((later - earlier).total_seconds() >= 2 * 60 for earlier, later in itertools.pairwise(times)), times
        assert (times[0] - start).total_seconds() >= 2 * 60, f"the first autosave came at {times[0]}, too soon"
        assert "autosaved to" in saver.last_message
        assert not app.stack.quit_now
    finally:
        scene.close()
