"""The settings screen driven headless with synthetic mouse and keyboard events."""

from __future__ import annotations

import time
import tomllib
from pathlib import Path

import pygame
import pygame_gui
import pytest

from game.scenes.scene import SceneStack
from game.scenes.settings_scene import SettingsScene
from tests.fixtures.model_server import ChatCall, ModelServer


class Holder:
    """A scene under the settings screen, so Esc has something to go back to."""

    def __init__(self) -> None:
        self.closed = False

    def handle_event(self, event: pygame.event.Event) -> bool:
        return False

    def update(self, dt_seconds: float) -> None: ...

    def draw(self, surface: pygame.Surface) -> None: ...

    def resize(self, size_px: tuple[int, int]) -> None: ...

    def request_quit(self) -> bool:
        return False

    def close(self) -> None:
        self.closed = True


def pump(scene: SettingsScene, frames: int = 2) -> None:
    """Let the UI run and hand its own events (button pressed, menu changed) back to the scene."""
    for _ in range(frames):
        scene.update(1 / 60)
        for event in pygame.event.get():
            scene.handle_event(event)


def click(scene: SettingsScene, pos: tuple[int, int]) -> None:
    for kind in (pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP):
        scene.handle_event(pygame.event.Event(kind, {"pos": pos, "button": 1, "touch": False, "window": None}))
        pump(scene, 1)
    pump(scene)


def click_element(scene: SettingsScene, element: pygame_gui.core.UIElement) -> None:
    click(scene, element.rect.center)


def type_into(scene: SettingsScene, field: str, text: str) -> None:
    entry = scene.entries[field]
    entry.set_text("")
    click_element(scene, entry)
    assert entry.is_focused
    for character in text:
        scene.handle_event(pygame.event.Event(pygame.TEXTINPUT, {"text": character, "window": None}))
    pump(scene)
    assert entry.get_text() == text


def key(scene_or_stack: SettingsScene | SceneStack, code: int) -> object:
    event = pygame.event.Event(pygame.KEYDOWN, {"key": code, "mod": 0, "unicode": "", "scancode": 0,
                                                "window": None})
    return scene_or_stack.handle_event(event)


def pick_preset(scene: SettingsScene, label: str) -> None:
    dropdown = scene.dropdowns["preset"]
    click_element(scene, dropdown)
    menu = dropdown.menu_states["expanded"].options_selection_list
    assert menu is not None, "the menu did not open"
    options = [item["button_element"] for item in menu.item_list
               if item["text"] == label and item["button_element"] is not None]
    assert options, f"the open menu shows no {label!r}"
    click_element(scene, options[0])
    assert dropdown.selected_option[1] != "automatic"


@pytest.fixture()
def settings_path(tmp_path: Path) -> Path:
    return tmp_path / "config" / "settings.toml"


def test_a_bad_port_is_refused_then_the_fixed_form_is_written(display: pygame.Surface,
                                                              settings_path: Path) -> None:
    stack = SceneStack()
    holder = Holder()
    stack.push(holder)  # type: ignore[arg-type]
    saved: list[int] = []
    scene = SettingsScene(stack, settings_path, display.get_size(), on_saved=lambda: saved.append(1),
                          environ={})
    stack.push(scene)
    pump(scene)
    pick_preset(scene, "llama.cpp server")
    assert scene.entries["base_url"].get_text() == "http://127.0.0.1:8080/v1"
    assert scene.current_form().preset == "llamacpp"
    type_into(scene, "base_url", "http://127.0.0.1:99999/v1")
    assert key(scene, pygame.K_ESCAPE) is True  # Esc leaves the text field first
    assert not scene.entries["base_url"].is_focused and stack.top is scene
    click_element(scene, scene.save_button)
    assert "base URL" in scene.field_message("base_url") and "99999" in scene.field_message("base_url")
    assert "Not saved" in scene.status_text
    assert not settings_path.exists() and saved == []

    type_into(scene, "base_url", "http://127.0.0.1:8081/v1")
    click_element(scene, scene.save_button)
    assert saved == [1]
    document = tomllib.loads(settings_path.read_text())
    assert document["model"]["base_url"] == "http://127.0.0.1:8081/v1"
    assert document["simulation"]["workers"] == 8
    assert document["saves"]["autosave_interval_game_minutes"] == 30
    assert "base URL" not in scene.field_message("base_url")  # the error is gone once fixed
    assert "Saved" in scene.status_text

    stack.handle_event(pygame.event.Event(pygame.KEYDOWN, {"key": pygame.K_ESCAPE, "mod": 0, "unicode": "",
                                                           "scancode": 0, "window": None}))
    assert stack.top is holder  # Esc with no field focused: back to the scene below


def test_a_typed_key_is_masked_and_written_only_when_ticked(display: pygame.Surface,
                                                           settings_path: Path) -> None:
    stack = SceneStack()
    scene = SettingsScene(stack, settings_path, display.get_size(), environ={})
    stack.push(scene)
    pick_preset(scene, "OpenAI")
    assert scene.entries["model"].get_text() == "gpt-4o-mini"
    secret = "sk-scene-secret-abcdef123456"
    type_into(scene, "api_key_typed", secret)
    assert scene.entries["api_key_typed"].is_text_hidden
    click_element(scene, scene.save_button)
    assert secret not in settings_path.read_text()
    click_element(scene, scene.toggles["store_key_in_file"])
    assert scene.toggles["store_key_in_file"].text.startswith("[x]")
    click_element(scene, scene.save_button)
    assert f'api_key = "{secret}"' in settings_path.read_text()
    stack.close()


def test_test_connection_shows_the_answer_while_frames_stay_fast(display: pygame.Surface,
                                                                 settings_path: Path) -> None:
    def answer(call: ChatCall) -> str:
        return "Hello, settings screen!"

    stack = SceneStack()
    scene = SettingsScene(stack, settings_path, display.get_size(), environ={})
    stack.push(scene)
    with ModelServer(answer_hook=answer, latency_seconds=0.4) as server:
        pick_preset(scene, "Custom endpoint")
        type_into(scene, "base_url", server.base_url)
        type_into(scene, "model", "smallville-test-model")
        click_element(scene, scene.test_button)
        assert scene.status_text.startswith("Testing smallville-test-model")
        slowest = 0.0
        deadline = time.monotonic() + 10
        while scene.testing and time.monotonic() < deadline:
            started = time.monotonic()
            scene.update(1 / 60)
            scene.draw(display)
            slowest = max(slowest, time.monotonic() - started)
            time.sleep(0.01)
        assert server.stats.chat_requests == 1
    assert scene.status_text.startswith("OK in ") and "Hello, settings screen!" in scene.status_text
    assert slowest < 0.1, f"a frame took {slowest:.3f} s while the test ran"
    assert not settings_path.exists()  # testing is not saving
    stack.close()


def test_test_connection_to_nothing_says_so(display: pygame.Surface, settings_path: Path) -> None:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    stack = SceneStack()
    scene = SettingsScene(stack, settings_path, display.get_size(), environ={})
    stack.push(scene)
    pick_preset(scene, "Custom endpoint")
    type_into(scene, "base_url", f"http://127.0.0.1:{port}/v1")
    type_into(scene, "model", "m")
    click_element(scene, scene.test_button)
    deadline = time.monotonic() + 5
    while scene.testing and time.monotonic() < deadline:
        scene.update(1 / 60)
        time.sleep(0.01)
    assert f"nothing is listening at 127.0.0.1:{port}" in scene.status_text
    pick_preset(scene, "Offline model")
    click_element(scene, scene.test_button)
    assert "offline model needs no connection" in scene.status_text and not scene.testing
    stack.close()


@pytest.mark.parametrize("size", [(1280, 720), (960, 600)])
def test_the_screen_fits_and_keeps_what_was_typed_on_resize(display: pygame.Surface, settings_path: Path,
                                                            tmp_path: Path, size: tuple[int, int]) -> None:
    settings_path.parent.mkdir(parents=True)
    settings_path.write_text('[model]\nbase_url = "http://127.0.0.1:11434/v1"\nmodel = "llama3.2"\n'
                             '[simulation]\nworkers = 12\n')
    screen = pygame.display.set_mode(size)
    stack = SceneStack()
    scene = SettingsScene(stack, settings_path, size, environ={})
    stack.push(scene)
    assert scene.current_form().preset == "ollama"
    assert scene.entries["workers"].get_text() == "12"
    pump(scene)
    scene.draw(screen)
    pygame.image.save(screen, str(tmp_path / f"settings_{size[0]}x{size[1]}.png"))
    window = screen.get_rect()
    for element in (scene.test_button, scene.save_button, scene.back_button, scene.status, scene.scroller):
        assert window.contains(element.rect), element
    assert scene.scroller.rect.bottom <= scene.status.rect.top
    type_into(scene, "model", "qwen2.5")
    scene.resize((1100, 650))
    assert scene.entries["model"].get_text() == "qwen2.5"
    assert scene.entries["workers"].get_text() == "12"
    stack.close()


def test_an_unreadable_file_is_explained(display: pygame.Surface, settings_path: Path) -> None:
    settings_path.parent.mkdir(parents=True)
    settings_path.write_text("[simulation]\nworkers = 'lots'\n")
    scene = SettingsScene(SceneStack(), settings_path, display.get_size(), environ={})
    assert "workers" in scene.status_text and scene.status_class == "@field_error"
    scene.close()
