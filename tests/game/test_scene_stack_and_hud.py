"""The scene stack (events to the top scene, Esc backs out, a window close asks the scene), the HUD
bar's texts and reasons, the help overlay, and the title screen's buttons."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import pygame
import pygame_gui

from agents.paths import shipped_worlds_dir
from agents.views.model_status import ModelStatusView
from game.scenes.scene import SceneStack
from game.scenes.title_scene import TitleActions, TitleScene
from game.ui.help_overlay import HelpOverlay
from game.ui.hud_bar import HudBar, HudState, banner_texts, fit_text, model_text, speed_text, ui_font


@dataclass
class RecordingScene:
    name: str
    wants_quit_dialog: bool = False
    events: list[int] = field(default_factory=list)
    closed: bool = False
    quit_asked: int = 0

    def handle_event(self, event: pygame.event.Event) -> bool:
        self.events.append(event.type)
        return False

    def update(self, dt_seconds: float) -> None: ...

    def draw(self, surface: pygame.Surface) -> None: ...

    def resize(self, size_px: tuple[int, int]) -> None: ...

    def request_quit(self) -> bool:
        self.quit_asked += 1
        return self.wants_quit_dialog

    def close(self) -> None:
        self.closed = True


def _key(key: int) -> pygame.event.Event:
    return pygame.event.Event(pygame.KEYDOWN, key=key, mod=0, unicode="", scancode=0)


def test_esc_pops_scenes_then_asks_the_last_one(display: pygame.Surface) -> None:
    stack = SceneStack()
    play, saves = RecordingScene("play", wants_quit_dialog=True), RecordingScene("saves")
    stack.push(play)
    stack.push(saves)
    stack.handle_event(_key(pygame.K_ESCAPE))
    assert saves.closed and stack.top is play and not stack.quit_now
    stack.handle_event(_key(pygame.K_ESCAPE))
    assert play.quit_asked == 1 and not stack.quit_now  # the play scene opened its dialog instead
    stack.handle_event(pygame.event.Event(pygame.QUIT))
    assert play.quit_asked == 2 and not stack.quit_now
    play.wants_quit_dialog = False
    stack.handle_event(pygame.event.Event(pygame.QUIT))
    assert stack.quit_now


def _model(**changes: object) -> ModelStatusView:
    values: dict[str, object] = {"label": "gpt-4o-mini", "offline": False, "calls": 1234, "calls_in_flight": 3,
                                     "failed_attempts": 2, "prompt_tokens": 10_000, "completion_tokens": 2_500,
                                     "cost_usd": 0.0412, "priced": True, "budget_usd": 2.5, "budget_left_usd": 2.4588,
                                     "unreachable": ""}
    values.update(changes)
    return ModelStatusView(**values)  # type: ignore[arg-type]


def _state(**changes: object) -> HudState:
    values: dict[str, object] = {"now": datetime(2023, 2, 13, 8, 30, 20), "paused": False, "asked": "15 steps/s",
                                     "asked_steps_per_second": 15.0, "reached_steps_per_second": 6.2,
                                     "limit": "3 thinking residents", "model": _model(),
                                     "thinking": (("Isabella Rodriguez", "action_place"), ("Klaus Mueller", "daily_plan"),
                                               ("Maria Lopez", "reaction")),
                                     "waiting_for_thinking": True}
    values.update(changes)
    return HudState(**values)  # type: ignore[arg-type]


def test_hud_texts_say_time_speed_reason_and_model(display: pygame.Surface) -> None:
    state = _state()
    assert speed_text(state) == "15 steps/s asked, 6.2 reached (held back by 3 thinking residents)"
    text = model_text(state.model)
    for part in ("gpt-4o-mini", "3 in flight", "1234 calls", "2 errors", "12.5k tokens", "$0.04", "$2.46 of budget left"):
        assert part in text
    assert model_text(_model(offline=True, label="offline model")).startswith("offline model")
    banners = [text for text, _ in banner_texts(state)]
    assert banners == [("The clock waits for 3 thinking residents: Isabella (action place), Klaus (daily plan), "
                       "Maria (reaction)")]
    down = _state(model=_model(unreachable="model unreachable: connection error"))
    assert banner_texts(down)[0][0].startswith("The model cannot be reached: model unreachable: connection error")
    assert speed_text(_state(paused=True)) == "paused"


def test_hud_bar_fits_at_960_and_draws(display: pygame.Surface) -> None:
    font = ui_font(15)
    long = "word " * 80
    fitted = fit_text(font, long, 300)
    assert font.size(fitted)[0] <= 300 and fitted.endswith("…") and "wor…" not in fitted
    small = pygame.Surface((960, 600))
    bar = HudBar()
    bar.set_state(_state())
    bar.draw(small)
    assert small.get_at((5, 5))[:3] != (0, 0, 0)  # the bar is drawn across the top


def test_help_overlay_is_modal_and_closes(display: pygame.Surface) -> None:
    overlay = HelpOverlay()
    assert overlay.handle_event(_key(pygame.K_F1)) and overlay.visible
    assert overlay.handle_event(_key(pygame.K_a))  # taken while open
    overlay.draw(display)
    assert overlay.handle_event(_key(pygame.K_ESCAPE)) and not overlay.visible
    assert not overlay.handle_event(_key(pygame.K_a))


def _click(manager: pygame_gui.UIManager, rect: pygame.Rect) -> None:
    for kind in (pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP):
        event = pygame.event.Event(kind, button=1, pos=rect.center, touch=False, window=None)
        manager.process_events(event)
    manager.update(0.016)


def test_title_starts_a_new_town_with_its_choices(display: pygame.Surface) -> None:
    started: list[tuple[Path, str, bool]] = []
    none = lambda *args: None
    actions = TitleActions(new_town=lambda *args: started.append(args), continue_game=none, load=none, replay=none,
                           settings=none, quit=none, continue_label=lambda: None, has_recordings=lambda: False)
    scene = TitleScene(actions, (1280, 720), world_folders=[shipped_worlds_dir() / "smallville"])
    assert not scene.continue_button.is_enabled and not scene.replay_button.is_enabled
    assert scene.portrait_names == ["Isabella Rodriguez", "Maria Lopez", "Klaus Mueller"]
    scene.update(0.016)
    for event in pygame.event.get():
        scene.handle_event(event)
    _click(scene.manager, scene.skip_button.rect)
    for event in pygame.event.get():
        scene.handle_event(event)
    assert not scene.skip_to_morning
    _click(scene.manager, scene.start_button.rect)
    for event in pygame.event.get():
        scene.handle_event(event)
    assert started == [(shipped_worlds_dir() / "smallville", "three", False)]
    scene.draw(display)


def test_title_names_a_world_whose_art_is_broken_and_does_not_offer_to_start_it(display: pygame.Surface,
                                                                                 tmp_path: Path) -> None:
    """A world whose tileset image is cut short: the title shows the file and what is wrong, wrapped
    in the panel, and Start is disabled; a problem met on the way into a town is shown the same way."""
    import shutil

    broken = tmp_path / "broken"
    shutil.copytree(shipped_worlds_dir() / "smallville", broken)
    image = broken / "town_tiles.png"
    image.write_bytes(image.read_bytes()[:3000])
    none = lambda *args: None
    actions = TitleActions(new_town=none, continue_game=none, load=none, replay=none, settings=none, quit=none,
                           continue_label=lambda: None, has_recordings=lambda: False)
    scene = TitleScene(actions, (1280, 720), world_folders=[broken, shipped_worlds_dir() / "smallville"])
    assert scene.problem_box is not None and "town_tiles.png" in scene.problem and "cut short" in scene.problem
    assert not scene.start_button.is_enabled
    scene.draw(display)
    scene.world_index = 1
    scene._build()
    assert scene.problem_box is None and scene.start_button.is_enabled
    scene.show_message("the town could not start: something in its way")
    assert scene.problem_box is not None and scene.start_button.is_enabled  # the choice itself is fine
    scene.draw(display)
