"""The saves menu and the quit dialog driven headless with synthetic mouse events, with a real town
(the shipped "three" at 7 am, resumed on a runner with the offline model) behind its saver."""

from __future__ import annotations

import os
import pickle
import time
from collections.abc import Iterator
from pathlib import Path

import pygame
import pygame_gui
import pytest

from agents.cognition.services import MindServices
from agents.engine.mind_services_factory import offline_services
from agents.engine.simulation import Simulation
from agents.engine.simulation_runner import SimulationRunner
from agents.llm.local_embedder import HashedNgramEmbedder
from agents.paths import shipped_worlds_dir, user_saves_dir
from agents.persistence.autosave import AutosaveSettings
from agents.persistence.errors import SaveSlotError
from agents.persistence.save_slots import list_slots, load_slot, save_slot
from agents.world.world_folder import load_world_folder
from game.scenes.saves_scene import NameDialog, SavesScene
from game.scenes.scene import SceneStack
from game.scenes.town_saver import TownSaver, png_thumbnail
from game.ui.quit_dialog import QuitDialog
from game.ui.theme import make_ui_manager
from tests.persistence.conftest import stepped_simulation

ARTIFACTS = Path(os.environ.get("SMALLVILLE_TEST_ARTIFACTS", "/tmp/smallville-test-artifacts"))


@pytest.fixture(scope="module")
def services() -> MindServices:
    return offline_services(HashedNgramEmbedder(dimension=256))


@pytest.fixture(scope="module")
def morning(services: MindServices) -> bytes:
    return pickle.dumps(stepped_simulation(services), protocol=pickle.HIGHEST_PROTOCOL)


@pytest.fixture()
def screen() -> Iterator[pygame.Surface]:
    pygame.display.init()
    pygame.font.init()
    yield pygame.display.set_mode((1280, 720))
    pygame.quit()


@pytest.fixture()
def town(morning: bytes, services: MindServices, screen: pygame.Surface) -> Iterator[TownSaver]:
    simulation: Simulation = pickle.loads(morning)
    folder = load_world_folder(shipped_worlds_dir() / "smallville")
    runner = SimulationRunner.resume(folder.world_map, folder.load_scenario("three"), simulation, services)
    deadline = time.monotonic() + 60
    while not runner.ready:
        runner.poll()
        assert time.monotonic() < deadline
    screen.fill((90, 140, 80))
    pygame.draw.circle(screen, (240, 200, 60), (640, 360), 200)
    saver = TownSaver(runner, user_saves_dir(), "three", lambda: png_thumbnail(screen),
                      AutosaveSettings(interval_game_minutes=600), origin_slot="morning")
    yield saver
    saver.close()
    runner.close()


class Holder:
    """The scene under the saves menu."""

    def handle_event(self, event: pygame.event.Event) -> bool:
        return False

    def update(self, dt_seconds: float) -> None: ...

    def draw(self, surface: pygame.Surface) -> None: ...

    def resize(self, size_px: tuple[int, int]) -> None: ...

    def request_quit(self) -> bool:
        return False

    def close(self) -> None: ...


def open_scene(saver: TownSaver | None, size: tuple[int, int] = (1280, 720)) -> tuple[SceneStack, SavesScene,
                                                                                       list[Path]]:
    loads: list[Path] = []
    stack = SceneStack()
    stack.push(Holder())
    scene = SavesScene(stack, user_saves_dir(), current_town=saver, on_load=loads.append, viewport_size_px=size)
    stack.push(scene)
    return stack, scene, loads


def pump(scene: SavesScene, frames: int = 2) -> None:
    for _ in range(frames):
        scene.update(1 / 60)
        for event in pygame.event.get():
            scene.handle_event(event)


def click(scene: SavesScene, element: pygame_gui.core.UIElement) -> None:
    pos = element.rect.center
    for kind in (pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP):
        scene.handle_event(pygame.event.Event(kind, {"pos": pos, "button": 1, "touch": False, "window": None}))
        pump(scene, 1)
    pump(scene)


def wait_for_saves(scene: SavesScene, saver: TownSaver) -> None:
    deadline = time.monotonic() + 30
    pump(scene)
    while saver.saving:
        assert time.monotonic() < deadline, "the save never finished"
        pump(scene)
        time.sleep(0.01)
    pump(scene)


def row_named(scene: SavesScene, name: str) -> int:
    return [row.name for row in scene.rows].index(name)


def key(target: SavesScene | SceneStack, code: int) -> object:
    return target.handle_event(pygame.event.Event(pygame.KEYDOWN, {"key": code, "mod": 0, "unicode": "",
                                                                    "scancode": 0, "window": None}))


def test_save_as_new_makes_a_fork_with_lineage_and_a_picture(town: TownSaver) -> None:
    _stack, scene, _ = open_scene(town)
    assert not scene.rows and not scene.save_button.is_enabled and scene.save_new_button.is_enabled
    click(scene, scene.save_new_button)
    dialog = scene.dialog
    assert isinstance(dialog, NameDialog)
    assert dialog.entry.get_text() == "three-mon-0700"
    dialog.entry.set_text("what if")
    click(scene, dialog.save_button)
    assert "a slot name must be" in dialog.message.text and scene.dialog is dialog, "a bad name is refused in words"
    dialog.entry.set_text("what-if")
    click(scene, dialog.save_button)
    assert scene.dialog is None
    wait_for_saves(scene, town)
    assert [row.name for row in scene.rows] == ["what-if"]
    entry = scene.rows[0].entry
    assert entry is not None and entry.header.parent_slot == "morning" and entry.thumbnail is not None
    assert pygame.image.load(str(entry.thumbnail)).get_size() == (240, 135)
    assert town.origin_slot == "what-if" and "saved what-if" in scene.status_label.text


def test_save_over_a_slot_asks_first_and_load_calls_back(town: TownSaver) -> None:
    other = load_slot_sim(town)
    save_slot(other, "older", user_saves_dir())
    before = list_slots(user_saves_dir()).slots[0].header
    _stack, scene, loads = open_scene(town)
    scene.select(row_named(scene, "older"))
    click(scene, scene.save_button)
    assert isinstance(scene.dialog, pygame_gui.windows.UIConfirmationDialog)
    assert list_slots(user_saves_dir()).slots[0].header == before, "nothing is written before the answer"
    click(scene, scene.dialog.cancel_button)
    assert scene.dialog is None and not town.saving
    click(scene, scene.save_button)
    click(scene, scene.dialog.confirm_button)  # type: ignore[union-attr]
    wait_for_saves(scene, town)
    after = list_slots(user_saves_dir()).slots[0].header
    assert after.created_at > before.created_at and after.parent_slot == "morning"
    click(scene, scene.load_button)
    assert loads == [user_saves_dir() / "older.smallville-save"]


def load_slot_sim(town: TownSaver) -> Simulation:
    simulation = town.runner.simulation_when_idle()
    assert simulation is not None
    return simulation


def test_delete_asks_first_and_esc_closes_the_dialog_then_the_scene(town: TownSaver) -> None:
    save_slot(load_slot_sim(town), "doomed", user_saves_dir())
    stack, scene, _ = open_scene(town)
    click(scene, scene.delete_button)
    assert scene.dialog is not None
    assert key(stack, pygame.K_ESCAPE) is None and len(stack) == 2 and scene.dialog is None
    assert (user_saves_dir() / "doomed.smallville-save").exists()
    click(scene, scene.delete_button)
    click(scene, scene.dialog.confirm_button)  # type: ignore[union-attr]
    assert not (user_saves_dir() / "doomed.smallville-save").exists()
    assert scene.rows == [] and scene.status_label.text == "deleted doomed"
    key(stack, pygame.K_ESCAPE)
    assert len(stack) == 1, "Esc with no dialog open goes back"


def test_from_the_title_the_save_buttons_are_off_and_problems_are_listed(screen: pygame.Surface,
                                                                         morning: bytes) -> None:
    saves = user_saves_dir()
    save_slot(pickle.loads(morning), "monday", saves)
    saves.joinpath("broken.smallville-save").write_bytes(b"SMALLVILLE-SAVE\n{not json\n")
    _stack, scene, loads = open_scene(None)
    assert [row.name for row in scene.rows] == ["monday", "broken.smallville-save"]
    assert scene.rows[1].problem is not None and "not valid JSON" in scene.rows[1].problem.reason
    assert not scene.save_button.is_enabled and not scene.save_new_button.is_enabled
    click(scene, scene.row_buttons[1])
    assert scene.selected == 1 and not scene.load_button.is_enabled and scene.delete_button.is_enabled
    click(scene, scene.row_buttons[0])
    click(scene, scene.load_button)
    assert loads == [saves / "monday.smallville-save"]


def test_a_failing_save_is_shown_in_words(town: TownSaver, monkeypatch: pytest.MonkeyPatch) -> None:
    import errno

    from agents.persistence import save_slots

    def disk_full(path: Path, data: bytes) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(save_slots, "write_bytes_atomically", disk_full)
    _stack, scene, _ = open_scene(town)
    click(scene, scene.save_new_button)
    click(scene, scene.dialog.save_button)  # type: ignore[union-attr]
    wait_for_saves(scene, town)
    assert "the disk is full" in scene.status_label.text and scene.status_is_error


@pytest.mark.parametrize("size", [(1280, 720), (960, 600)])
def test_render_the_saves_menu(town: TownSaver, morning: bytes, size: tuple[int, int]) -> None:
    screen = pygame.display.set_mode(size)
    saves = user_saves_dir()
    simulation = pickle.loads(morning)
    screen.fill((70, 120, 60))
    pygame.draw.rect(screen, (180, 150, 110), (300, 200, 500, 300))
    pygame.draw.circle(screen, (240, 200, 60), (900, 160), 90)
    picture = png_thumbnail(screen)
    save_slot(simulation, "monday-morning", saves, thumbnail_png=picture)
    save_slot(simulation, "autosave-1", saves, parent_slot="monday-morning", thumbnail_png=picture)
    save_slot(simulation, "what-if", saves, parent_slot="monday-morning")
    saves.joinpath("broken.smallville-save").write_bytes(b"SMALLVILLE-SAVE\n")
    _stack, scene, _ = open_scene(town, size)
    pump(scene)
    scene.draw(screen)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pygame.image.save(screen, str(ARTIFACTS / f"saves_scene_{size[0]}x{size[1]}.png"))
    for button in (scene.save_button, scene.save_new_button, scene.load_button, scene.delete_button,
                   scene.back_button):
        assert screen.get_rect().contains(button.rect), f"{button.text} is off screen at {size}"
    click(scene, scene.delete_button)
    scene.draw(screen)
    pygame.image.save(screen, str(ARTIFACTS / f"saves_scene_delete_{size[0]}x{size[1]}.png"))


# -- the quit dialog -----------------------------------------------------------------------------


def pump_manager(manager: pygame_gui.UIManager, frames: int = 2) -> None:
    for _ in range(frames):
        manager.update(1 / 60)
        for event in pygame.event.get():
            manager.process_events(event)


def click_in(manager: pygame_gui.UIManager, element: pygame_gui.core.UIElement) -> None:
    for kind in (pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP):
        manager.process_events(pygame.event.Event(kind, {"pos": element.rect.center, "button": 1, "touch": False,
                                                         "window": None}))
        pump_manager(manager, 1)
    pump_manager(manager)


def test_save_and_quit_writes_an_autosave(town: TownSaver, screen: pygame.Surface) -> None:
    manager = make_ui_manager((1280, 720))
    quit_calls: list[str] = []
    dialog = QuitDialog(manager, on_save_and_quit=lambda: (town.save_on_quit(), quit_calls.append("saved")),
                        on_quit=lambda: quit_calls.append("quit"), on_cancel=lambda: quit_calls.append("cancel"))
    pump_manager(manager)
    screen.fill((22, 24, 32))
    manager.draw_ui(screen)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pygame.image.save(screen, str(ARTIFACTS / "quit_dialog.png"))
    click_in(manager, dialog.save_button)
    assert quit_calls == ["saved"] and dialog.result == "saved" and not dialog.alive()
    loaded = load_slot("autosave-1", user_saves_dir())
    assert loaded.header.game_time == town.runner.view.now


def test_quit_dialog_cancel_quit_and_a_failed_save(screen: pygame.Surface) -> None:
    manager = make_ui_manager((1280, 720))
    calls: list[str] = []

    def failing() -> None:
        raise SaveSlotError("autosave-1", "could not save: the disk is full", "free some disk space")

    dialog = QuitDialog(manager, on_save_and_quit=failing, on_quit=lambda: calls.append("quit"),
                        on_cancel=lambda: calls.append("cancel"))
    pump_manager(manager)
    click_in(manager, dialog.save_button)
    assert dialog.alive() and "the disk is full" in dialog.text.html_text and calls == []
    click_in(manager, dialog.quit_button)
    assert calls == ["quit"] and not dialog.alive()
    again = QuitDialog(manager, on_save_and_quit=failing, on_quit=lambda: calls.append("quit"),
                       on_cancel=lambda: calls.append("cancel"))
    manager.process_events(pygame.event.Event(pygame.KEYDOWN, {"key": pygame.K_ESCAPE, "mod": 0, "unicode": "",
                                                               "scancode": 0, "window": None}))
    assert calls == ["quit", "cancel"] and again.result == "cancelled"


# -- the play scene's hooks ----------------------------------------------------------------------


def test_f5_quick_saves_between_steps_and_f9_asks_for_the_quick_load(town: TownSaver,
                                                                      screen: pygame.Surface) -> None:
    from game.scenes.play_scene import PlayScene

    folder = load_world_folder(shipped_worlds_dir() / "smallville")
    quick_loads: list[str] = []
    scene = PlayScene(folder, folder.load_scenario("three"), screen.get_size(), runner=town.runner,
                      saver=town, on_quick_load=lambda: quick_loads.append("F9"))
    scene.clock_control.set_speed_index(6)  # 60 steps a second
    for _ in range(5):
        scene.update(1 / 60)
    assert key_scene(scene, pygame.K_F5) is True
    assert town.holds_steps
    deadline = time.monotonic() + 30
    while town.saving or not (user_saves_dir() / "quicksave.smallville-save").exists():
        scene.update(1 / 60)
        assert time.monotonic() < deadline, "the quick save never happened"
        time.sleep(0.005)
    quick = load_slot("quicksave", user_saves_dir())
    assert quick.header.step_index > 2520, "the town went on stepping before the save"
    assert town.last_message.startswith("quick saved to quicksave at ")
    assert key_scene(scene, pygame.K_F9) is True and quick_loads == ["F9"]


def key_scene(scene: object, code: int) -> object:
    return scene.handle_event(pygame.event.Event(pygame.KEYDOWN, {"key": code, "mod": 0, "unicode": "",  # type: ignore[attr-defined]
                                                                   "scancode": 0, "window": None}))
