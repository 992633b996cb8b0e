"""The residents list, driven with synthetic events: it toggles on the left, shows what each resident
does and who is thinking, the search field filters by name and by activity (and swallows keys while
focused), a click on a row picks that resident, and unchanged residents cost nothing."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pygame
import pytest

from agents.views.resident_view import ResidentSummaryView
from game.ui.residents_list import ResidentsList, list_width_px
from game.ui.theme import make_ui_manager
from tests.game.panel_events import click, pump

SUMMARIES = (
    ResidentSummaryView("Isabella Rodriguez", "serving coffee", "☕", "the Ville:Hobbs Cafe:cafe:counter", ""),
    ResidentSummaryView("Klaus Mueller", "reading a paper on gentrification", "📚", "the Ville:library:library:desk",
                        "action place"),
    ResidentSummaryView("Maria Lopez", "studying for an exam", "📖", "the Ville:dorm:room:desk", ""),
    ResidentSummaryView("Tom Moreno", "sleeping", "😴", "the Ville:Moreno house:bedroom:bed", ""),
)


@pytest.fixture()
def picked() -> list[str]:
    return []


@pytest.fixture()
def residents(display: pygame.Surface, picked: list[str]) -> Iterator[ResidentsList]:
    pygame.event.clear()
    manager = make_ui_manager(display.get_size())
    portraits = Path(__file__).resolve().parents[2] / "assets" / "worlds" / "smallville" / "portraits"
    listing = ResidentsList(manager, display.get_size(), lambda name: portraits / f"{name.replace(' ', '_')}.png",
                            picked.append)
    listing.set_residents(SUMMARIES)
    yield listing






def type_text(panel: ResidentsList, text: str) -> list[tuple[int, bool]]:
    seen = click(panel, panel.search_entry.rect.center)
    for char in text:
        pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=ord(char) if char.isalpha() else 0, mod=0,
                                             unicode=char, scancode=0))
        pygame.event.post(pygame.event.Event(pygame.TEXTINPUT, text=char))
    return seen + pump(panel)


def row_centre(panel: ResidentsList, index: int) -> tuple[int, int]:
    listing = panel.listing
    return listing.rect.x + 60, listing.rect.y + listing.row_top(index) - int(listing.offset_px) + 20


def test_toggle_shows_it_on_the_left_and_events_pass_while_hidden(residents: ResidentsList,
                                                                  display: pygame.Surface) -> None:
    assert not residents.visible
    assert not any(used for _, used in click(residents, (40, 200)))  # hidden: clicks are the map's
    residents.toggle()
    pump(residents)
    assert residents.visible and residents.rect.left == 0 and residents.rect.top == 32
    assert residents.rect.width == list_width_px(display.get_width())
    assert residents.rect.bottom == display.get_height() - 48
    assert [s.name for s in residents.shown] == [s.name for s in SUMMARIES]
    assert residents.title.text == "Residents (4)"
    residents.toggle()
    assert not residents.visible


def test_search_filters_by_name_and_activity_and_swallows_keys(residents: ResidentsList) -> None:
    residents.toggle()
    pump(residents)
    seen = type_text(residents, "klaus")
    assert residents.typing
    assert all(used for kind, used in seen if kind in (pygame.KEYDOWN, pygame.TEXTINPUT))
    assert [s.name for s in residents.shown] == ["Klaus Mueller"]
    assert residents.title.text == "Residents (1 of 4)"
    residents.search_entry.set_text("")
    residents.set_residents(SUMMARIES)
    type_text(residents, "exam")
    assert [s.name for s in residents.shown] == ["Maria Lopez"]
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_ESCAPE, mod=0, unicode="", scancode=0))
    assert pump(residents) == [(pygame.KEYDOWN, True)]
    assert not residents.typing and residents.visible
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_ESCAPE, mod=0, unicode="", scancode=0))
    assert (pygame.KEYDOWN, True) in pump(residents)  # a second Esc closes the list
    assert not residents.visible


def test_clicking_a_row_picks_that_resident(residents: ResidentsList, picked: list[str]) -> None:
    residents.toggle()
    pump(residents)
    seen = click(residents, row_centre(residents, 2))
    assert picked == ["Maria Lopez"] and residents.selected == "Maria Lopez"
    assert residents.listing.highlighted == 2
    assert all(used for kind, used in seen if kind in (pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP))
    outside = click(residents, (700, 300))
    assert picked == ["Maria Lopez"]
    assert not any(used for kind, used in outside if kind in (pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP))


def test_unchanged_residents_are_not_listed_again_and_changes_show(residents: ResidentsList) -> None:
    residents.toggle()
    pump(residents)
    items = residents.listing.items
    residents.set_residents(tuple(SUMMARIES))  # equal values: nothing is laid out again
    assert residents.listing.items is items
    changed = (replace(SUMMARIES[0], activity="closing the cafe", thinking="action place"), *SUMMARIES[1:])
    residents.set_residents(changed)
    assert residents.shown[0].activity == "closing the cafe" and residents.shown[0].thinking == "action place"


def test_a_missing_portrait_and_the_smallest_window(residents: ResidentsList) -> None:
    residents.set_residents((*SUMMARIES, ResidentSummaryView("Nobody Known", "wandering", "", "", "")))
    residents.toggle()
    residents.resize((960, 600))
    pump(residents)
    assert residents.rect.width == list_width_px(960) and residents.rect.bottom == 600 - 48
    assert residents.rect.contains(residents.search_entry.rect)
    assert len(residents.shown) == 5  # the one without a portrait is drawn with a placeholder
    assert residents.listing.render() is False  # drawn already, nothing changed since
