"""The inspector side panel, driven with synthetic events like the game loop does: a hand-made
resident view shows its name and plan, the Memories tab filters by kind and text and scrolls
through thousands of rows drawing only the visible ones, evidence in Reflections jumps to its memory,
the interview / whisper / history fields call their callbacks, keys are swallowed while typing, and Esc
first leaves a text field and then closes the panel."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

import pygame
import pygame_gui
import pytest

from agents.views.resident_view import (
    ActionView,
    ConversationView,
    InterviewView,
    MemoryView,
    PlanStepView,
    ReflectionView,
    RelationshipView,
    ResidentDetailView,
    ScheduleItemView,
)
from game.ui.inspector_panel import InspectorPanel, panel_width_px
from game.ui.inspector_text import TextBlock
from game.ui.theme import make_ui_manager
from tests.game.panel_events import FRAME_SECONDS, click, pump

NOW = datetime(2023, 2, 13, 14, 30)
KINDS = ("event", "thought", "chat", "reflection")
WORDS = ("the cafe is busy", "Klaus is reading about gentrification", "the stove is being used",
         "Maria asked about the party", "a quiet afternoon at the library", "the piano needs tuning")


def make_memories(count: int) -> tuple[MemoryView, ...]:
    """``count`` memories, newest first: ids count-1 .. 0, kinds in turn, a few whispered."""
    memories = []
    for memory_id in range(count - 1, -1, -1):
        created = NOW - timedelta(minutes=10 * (count - memory_id))
        memories.append(MemoryView(memory_id, KINDS[memory_id % 4], f"{WORDS[memory_id % len(WORDS)]} (#{memory_id})",
                                   created, 1 + memory_id % 10, created + timedelta(minutes=5),
                                   whispered=memory_id % 97 == 0))
    return tuple(memories)


def make_view(memory_count: int = 5000, *, thinking: str = "", waiting: bool = False, error: str = "",
              transcript: tuple[tuple[str, str], ...] = (), version: int = 1, name: str = "Isabella Rodriguez"
              ) -> ResidentDetailView:
    memories = make_memories(memory_count)
    by_id = {memory.memory_id: memory for memory in memories}
    reflections = tuple(ReflectionView(replace(by_id[i], kind="reflection",
                                               description=f"Isabella cares about her regulars (insight {i})"),
                                       tuple(by_id[j] for j in (i - 1, i - 5, i - 9) if j in by_id))
                        for i in (memory_count - 1, memory_count - 41) if i in by_id)
    schedule = (
        ScheduleItemView(6, 7, "wake up and get ready", False, (
            PlanStepView("brush her teeth", NOW.replace(hour=6), 10, "the Ville:Isabella's apartment:bathroom:sink",
                         "done"),)),
        ScheduleItemView(8, 20, "run Hobbs Cafe and welcome the customers", True, (
            PlanStepView("open the cafe", NOW.replace(hour=8), 15, "the Ville:Hobbs Cafe:cafe:cafe customer seating",
                         "done"),
            PlanStepView("serve coffee to the customers", NOW.replace(hour=14, minute=15), 30,
                         "the Ville:Hobbs Cafe:cafe:behind the cafe counter", "now"),
            PlanStepView("plan the Valentine's Day party decorations", None, 45, "", "next"))),
        ScheduleItemView(20, 23, "go home and read a novel", False, ()),
    )
    talk = ConversationView("Klaus Mueller", NOW - timedelta(minutes=2),
                            (("Isabella Rodriguez", "Hi Klaus! Are you coming to the party on Valentine's Day?"),
                             ("Klaus Mueller", "I'd love to, I will bring Maria along.")), True)
    past = tuple(ConversationView("Maria Lopez", NOW - timedelta(hours=h), (("Maria Lopez", "Good morning!"),
                                                                          ("Isabella Rodriguez", "Morning, Maria.")),
                                  False) for h in (2, 5))
    return ResidentDetailView(
        name=name, first_name=name.split()[0], age=34, traits="friendly, outgoing, hospitable",
        occupation="cafe owner", lifestyle="goes to bed around 11pm",
        currently="Isabella is planning a Valentine's Day party at Hobbs Cafe on February 14th from 5pm",
        now=NOW, step_index=1234,
        action=ActionView("serving coffee to the customers", "☕", "the Ville:Hobbs Cafe:cafe:behind the cafe counter",
                          "Hobbs Cafe", "cafe", "behind the cafe counter", NOW - timedelta(minutes=15),
                          NOW + timedelta(minutes=15), ""),
        daily_plan=("wake up and complete the morning routine at 6:00 am", "open Hobbs Cafe at 8:00 am"),
        schedule=schedule, conversation_now=talk, past_conversations=past, memories=memories,
        reflections=reflections,
        relationships=(RelationshipView("Klaus Mueller", NOW - timedelta(minutes=2), 3, "a thoughtful regular"),
                       RelationshipView("Maria Lopez", NOW - timedelta(hours=2), 1, "")),
        thinking=thinking, interview=InterviewView(transcript, waiting, error), version=(version,))


@pytest.fixture()
def calls() -> dict[str, list]:
    return {"ask": [], "whisper": [], "load": []}


@pytest.fixture()
def panel(display: pygame.Surface, calls: dict[str, list]) -> Iterator[InspectorPanel]:
    pygame.event.clear()
    manager = make_ui_manager(display.get_size())
    yield InspectorPanel(manager, display.get_size(), lambda name: Path("/nonexistent") / f"{name}.png",
                         on_ask=lambda name, q: calls["ask"].append((name, q)),
                         on_whisper=lambda name, t: calls["whisper"].append((name, t)),
                         on_load_history=lambda path: calls["load"].append(path))






def type_text(panel: InspectorPanel, entry: pygame_gui.elements.UITextEntryLine, text: str) -> list[tuple[int, bool]]:
    seen = click(panel, entry.rect.center)
    assert entry.is_focused
    for char in text:
        pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=ord(char) if char.isalpha() else 0, mod=0,
                                             unicode=char, scancode=0))
        pygame.event.post(pygame.event.Event(pygame.TEXTINPUT, text=char))
    return seen + pump(panel)


def press(panel: InspectorPanel, key: int) -> list[tuple[int, bool]]:
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=key, mod=0, unicode="", scancode=0))
    pygame.event.post(pygame.event.Event(pygame.KEYUP, key=key, mod=0, unicode="", scancode=0))
    return pump(panel)


def texts(panel: InspectorPanel, tab: str) -> list[str]:
    return [item.prefix + item.text for item in panel.tabs[tab].listing.items if isinstance(item, TextBlock)]


def test_show_places_the_panel_on_the_right_and_lists_the_plan(panel: InspectorPanel, display: pygame.Surface) -> None:
    assert not panel.visible
    panel.show(make_view(50))
    pump(panel)
    width, height = display.get_size()
    assert panel.visible and panel.rect.right == width and panel.rect.width == panel_width_px(width)
    assert panel.rect.top == 32 and panel.rect.bottom == height - 48
    assert panel.view is not None and panel.view.name == "Isabella Rodriguez"
    plan = texts(panel, "Plan")
    assert any("run Hobbs Cafe and welcome the customers" in line and line.startswith("» ") for line in plan)
    assert any("serve coffee to the customers" in line and "» now" in line for line in plan)
    assert any("plan the Valentine's Day party decorations" in line for line in plan)
    assert 380 <= panel_width_px(1280) <= 420 and 320 <= panel_width_px(960) <= 360


def test_an_unchanged_version_lays_nothing_out_again(panel: InspectorPanel) -> None:
    view = make_view(100)
    panel.show(view)
    pump(panel)
    items = panel.tabs["Plan"].listing.items
    panel.show(replace(view, daily_plan=("something else",)))  # same version: not looked at
    assert panel.tabs["Plan"].listing.items is items
    panel.show(replace(view, daily_plan=("something else",), version=(2,)))
    assert "something else" in " ".join(texts(panel, "Plan"))


def test_memories_filter_by_kind_and_text(panel: InspectorPanel) -> None:
    panel.show(make_view(5000))
    pump(panel)
    click(panel, panel.tab_buttons["Memories"].rect.center)
    assert panel.tab == "Memories"
    listing = panel.tabs["Memories"].listing
    assert len(listing.items) == 5000 and listing.items[0].memory_id == 4999  # newest first
    click(panel, panel.kind_button.rect.center)  # all -> event
    assert panel.memory_kind == "event"
    assert len(listing.items) == 1250 and all(memory.kind == "event" for memory in listing.items)
    type_text(panel, panel.search_entry, "CAFE IS")
    assert listing.items and all("cafe is" in m.description and m.kind == "event" for m in listing.items)
    assert len(listing.items) < 1250
    assert "shown" in panel.count_label.text


def test_scrolling_moves_the_visible_window_and_draws_only_visible_rows(panel: InspectorPanel) -> None:
    panel.show(make_view(5000))
    panel.select_tab("Memories")
    pump(panel)
    listing = panel.tabs["Memories"].listing
    before = listing.visible_range()
    assert before.start == 0 and len(before) < 30
    pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=listing.rect.center, rel=(0, 0), buttons=(0, 0, 0)))
    for _ in range(5):
        pygame.event.post(pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=-1, flipped=False, precise_x=0.0, precise_y=-1.0))
    seen = pump(panel, frames=40)
    assert all(used for kind, used in seen if kind == pygame.MOUSEWHEEL)
    after = listing.visible_range()
    assert after.start > before.start and listing.offset_px == pytest.approx(300, abs=1)
    # dragging the scroll bar's thumb to the bottom reaches the oldest memory
    thumb = listing._thumb_rect()
    assert thumb is not None
    start = (listing.rect.x + thumb.centerx, listing.rect.y + thumb.centery)
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=start, button=1))
    pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=(start[0], listing.rect.bottom + 50), rel=(0, 400),
                                         buttons=(1, 0, 0)))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=(start[0], listing.rect.bottom + 50), button=1))
    pump(panel, frames=3)
    assert listing.visible_range().stop == 5000 and listing.items[-1].memory_id == 0
    assert len(listing._rows) < 60  # only rows that were on screen were ever rendered


def test_clicking_evidence_jumps_to_the_memory_highlighted(panel: InspectorPanel) -> None:
    panel.show(make_view(5000))
    panel.set_memory_filter("event")  # hides the evidence's kind: the jump must clear it
    panel.select_tab("Reflections")
    pump(panel)
    listing = panel.tabs["Reflections"].listing
    index = next(i for i, block in enumerate(listing.items) if isinstance(block, TextBlock)
                 and block.target == 4954)  # second reflection (4959), evidence 4959 - 5
    listing.scroll_to_index(index)
    pump(panel)
    y = listing.rect.y + listing.row_top(index) - int(listing.offset_px) + 8
    click(panel, (listing.rect.x + 40, y))
    assert panel.tab == "Memories" and panel.highlighted_memory_id == 4954
    memories = panel.tabs["Memories"].listing
    assert panel.memory_kind == "all"
    assert memories.highlighted is not None and memories.items[memories.highlighted].memory_id == 4954
    assert memories.highlighted in memories.visible_range()


def test_typing_a_question_and_enter_asks_and_keys_are_swallowed(panel: InspectorPanel, calls: dict) -> None:
    panel.show(make_view(10))
    panel.select_tab("Ask")
    pump(panel)
    seen = type_text(panel, panel.question_entry, "what do you want")
    assert panel.typing
    assert all(used for kind, used in seen if kind in (pygame.KEYDOWN, pygame.TEXTINPUT))
    press(panel, pygame.K_RETURN)
    assert calls["ask"] == [("Isabella Rodriguez", "what do you want")]
    assert panel.question_entry.get_text() == ""
    type_text(panel, panel.whisper_entry, "you love jazz")
    click(panel, panel.whisper_button.rect.center)
    assert calls["whisper"] == [("Isabella Rodriguez", "you love jazz")]
    type_text(panel, panel.path_entry, "/tmp/history.csv")
    click(panel, panel.load_button.rect.center)
    assert calls["load"] == [Path("/tmp/history.csv")]
    panel.show_message("loaded 12 whispers")
    assert panel.status_label.text == "loaded 12 whispers"


def test_the_transcript_shows_thinking_while_waiting_and_the_error(panel: InspectorPanel) -> None:
    panel.select_tab("Ask")
    panel.show(make_view(10, transcript=(("You", "how are you?"),), waiting=True, thinking="interview"))
    pump(panel)
    lines = texts(panel, "Ask")
    assert "You: how are you?" in lines and "Isabella is thinking..." in lines
    panel.show(make_view(10, transcript=(("You", "how are you?"),), error="the model did not answer; ask again",
                         version=2))
    lines = texts(panel, "Ask")
    assert "Isabella is thinking..." not in lines and "the model did not answer; ask again" in lines


def test_escape_first_leaves_the_text_field_then_closes(panel: InspectorPanel) -> None:
    panel.show(make_view(10))
    panel.select_tab("Memories")
    pump(panel)
    type_text(panel, panel.search_entry, "w")
    assert panel.typing
    assert (pygame.KEYDOWN, True) in press(panel, pygame.K_ESCAPE)
    assert not panel.typing and panel.visible
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_w, mod=0, unicode="w", scancode=0))
    assert pump(panel) == [(pygame.KEYDOWN, False)]  # not typing: "w" is the map's again
    assert (pygame.KEYDOWN, True) in press(panel, pygame.K_ESCAPE)
    assert not panel.visible
    press_seen = press(panel, pygame.K_ESCAPE)
    assert (pygame.KEYDOWN, False) in press_seen  # closed: Esc is the scene's


def test_clicks_over_the_panel_are_used_and_elsewhere_not(panel: InspectorPanel) -> None:
    panel.show(make_view(10))
    pump(panel)
    inside = click(panel, (panel.rect.x + 20, panel.rect.bottom - 40))
    assert all(used for kind, used in inside if kind in (pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP))
    outside = click(panel, (100, 300))
    assert not any(used for kind, used in outside if kind in (pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP))


def test_missing_portrait_and_resize_to_the_smallest_window(panel: InspectorPanel) -> None:
    panel.show(make_view(200, thinking="action place"))
    panel.select_tab("Memories")
    panel.set_memory_filter(search="piano")
    pump(panel)
    panel.resize((960, 600))
    pump(panel)
    assert panel.rect.right == 960 and panel.rect.bottom == 600 - 48 and panel.rect.width == panel_width_px(960)
    assert panel.tab == "Memories" and panel.search_entry.get_text() == "piano"
    assert all("piano" in m.description for m in panel.tabs["Memories"].listing.items)
    for widget in (panel.search_entry, panel.kind_button, *panel.tab_buttons.values()):
        assert panel.rect.contains(widget.rect)
    panel.select_tab("Ask")
    for widget in (panel.question_entry, panel.ask_button, panel.path_entry, panel.load_button, panel.browse_button):
        assert panel.rect.contains(widget.rect)
        assert widget.rect.bottom <= panel.status_label.rect.top


def test_browse_opens_a_file_dialog_whose_pick_loads_and_esc_closes_it_first(panel: InspectorPanel,
                                                                            calls: dict) -> None:
    panel.show(make_view(10))
    panel.select_tab("Ask")
    pump(panel)
    click(panel, panel.browse_button.rect.center)
    dialog = panel._dialog
    assert isinstance(dialog, pygame_gui.windows.UIFileDialog)
    assert (pygame.KEYDOWN, True) in press(panel, pygame.K_ESCAPE)
    assert panel._dialog is None and not dialog.alive() and panel.visible
    click(panel, panel.browse_button.rect.center)
    dialog = panel._dialog
    assert dialog is not None
    pygame.event.post(pygame.event.Event(pygame_gui.UI_FILE_DIALOG_PATH_PICKED, ui_element=dialog,
                                         text="/tmp/history.csv", ui_object_id="#file_dialog"))
    assert (pygame_gui.UI_FILE_DIALOG_PATH_PICKED, True) in pump(panel)
    assert calls["load"] == [Path("/tmp/history.csv")] and panel.path_entry.get_text() == "/tmp/history.csv"


def test_a_shared_manager_fed_once_by_the_scene(display: pygame.Surface, calls: dict) -> None:
    """The wiring for one manager shared by several panels: the scene feeds each event to the manager
    once, then to the panels (owns_manager=False); typing goes in once, picks and asks still work."""
    from agents.views.resident_view import ResidentSummaryView
    from game.ui.residents_list import ResidentsList

    pygame.event.clear()
    manager = make_ui_manager(display.get_size())
    portrait = lambda name: Path("/nonexistent.png")
    inspector = InspectorPanel(manager, display.get_size(), portrait, owns_manager=False,
                               on_ask=lambda name, q: calls["ask"].append((name, q)))
    picked: list[str] = []
    residents = ResidentsList(manager, display.get_size(), portrait, picked.append, owns_manager=False)
    residents.set_residents((ResidentSummaryView("Isabella Rodriguez", "serving coffee", "", "", ""),))
    residents.toggle()
    inspector.show(make_view(20))
    inspector.select_tab("Ask")

    def frames(count: int = 2) -> None:
        for _ in range(count):
            for event in pygame.event.get():
                manager.process_events(event)
                inspector.handle_event(event) or residents.handle_event(event)
            inspector.update(FRAME_SECONDS)
            residents.update(FRAME_SECONDS)
            manager.update(FRAME_SECONDS)

    def click_at(pos: tuple[int, int]) -> None:
        pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=1))
        frames()
        pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=1))
        frames()

    click_at(inspector.question_entry.rect.center)
    for char in "hi there":
        pygame.event.post(pygame.event.Event(pygame.TEXTINPUT, text=char))
    frames()
    assert inspector.question_entry.get_text() == "hi there" and inspector.typing and not residents.typing
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_RETURN, mod=0, unicode="\r", scancode=0))
    frames()
    assert calls["ask"] == [("Isabella Rodriguez", "hi there")]
    listing = residents.listing
    click_at((listing.rect.x + 60, listing.rect.y + 20))
    assert picked == ["Isabella Rodriguez"]
