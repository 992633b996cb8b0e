"""The residents table of the shipped town and the scenarios built from it.

(a) the table: 25 unique, complete residents whose hours are the paper's; (b) the builder, run on a
copy of the imported original town (same addresses as ours) and, once it exists, of the shipped
world: scenarios that load, start everyone at home, know only places the map has, and carry a
history row per resident.
"""

from __future__ import annotations

import dataclasses
import logging
import re
import shutil
from pathlib import Path

import pytest

from agents.world.address import AddressLevel, split_address
from agents.world.inspection import inspect_world
from agents.world.scenario import Scenario, load_scenario, read_history_csv, spatial_memory_addresses
from agents.world.world_folder import load_world_folder
from tools.town_builder.build_scenarios import (
    SCENARIOS,
    ScenarioBuildError,
    build_scenarios,
    choose_spawn_tiles,
    spatial_memory_for,
)
from tools.town_builder.residents import RESIDENTS, THREE_OVERRIDES, THREE_RESIDENTS, Resident, resident_named

REPO_ROOT = Path(__file__).resolve().parents[2]
SHIPPED_WORLD = REPO_ROOT / "assets" / "worlds" / "smallville"

ORIGINAL_ORDER = (
    "Latoya Williams", "Rajiv Patel", "Abigail Chen", "Francisco Lopez", "Hailey Johnson", "Arthur Burton",
    "Ryan Park", "Isabella Rodriguez", "Giorgio Rossi", "Carlos Gomez", "Klaus Mueller", "Maria Lopez",
    "Ayesha Khan", "Wolfgang Schulz", "Mei Lin", "John Lin", "Eddy Lin", "Tom Moreno", "Jane Moreno",
    "Tamara Taylor", "Carmen Ortiz", "Sam Moore", "Jennifer Moore", "Yuriko Yamamoto", "Adam Smith",
)

# (bed, wake, dinner) of the paper's residents, in minutes after midnight; None: not stated.
H = 60
PAPER_HOURS: dict[str, tuple[int, int, int | None]] = {
    "Latoya Williams": (22 * H, 6 * H, 17 * H + 30), "Rajiv Patel": (0, 9 * H, 17 * H),
    "Abigail Chen": (0, 8 * H, 18 * H), "Francisco Lopez": (23 * H, 7 * H, 18 * H),
    "Hailey Johnson": (2 * H, 10 * H, 18 * H), "Arthur Burton": (0, 7 * H, 16 * H),
    "Ryan Park": (1 * H, 9 * H, 17 * H), "Isabella Rodriguez": (23 * H, 6 * H, None),
    "Giorgio Rossi": (0, 7 * H, 16 * H), "Carlos Gomez": (22 * H, 7 * H, 17 * H),
    "Klaus Mueller": (23 * H, 7 * H, 17 * H), "Maria Lopez": (0, 10 * H, 19 * H),
    "Ayesha Khan": (22 * H, 6 * H, 17 * H), "Wolfgang Schulz": (21 * H, 5 * H, 18 * H),
    "Mei Lin": (23 * H, 7 * H, 17 * H), "John Lin": (22 * H, 6 * H, 17 * H), "Eddy Lin": (23 * H, 7 * H, 17 * H),
    "Tom Moreno": (23 * H, 7 * H, 17 * H), "Jane Moreno": (22 * H, 6 * H, 18 * H),
    "Tamara Taylor": (22 * H, 6 * H, 18 * H), "Carmen Ortiz": (23 * H, 7 * H, 20 * H),
    "Sam Moore": (21 * H, 5 * H, 17 * H), "Jennifer Moore": (21 * H, 5 * H, 17 * H),
    "Yuriko Yamamoto": (23 * H, 7 * H, 18 * H), "Adam Smith": (20 * H, 4 * H, 17 * H),
}
THREE_MARIA_HOURS = (2 * H, 9 * H, 18 * H)

_TIME = r"(midnight|noon|\d{1,2}(?::\d{2})?\s*[ap]m)"


def _minutes(text: str) -> int:
    text = text.strip().lower()
    if text == "midnight":
        return 0
    if text == "noon":
        return 12 * H
    match = re.fullmatch(r"(\d{1,2})(?::(\d{2}))?\s*([ap]m)", text)
    assert match, f"not a clock time: {text!r}"
    hour, minute, half = int(match[1]), int(match[2] or 0), match[3]
    assert 1 <= hour <= 12 and minute < 60, text
    return (hour % 12 + (12 if half == "pm" else 0)) * H + minute


def lifestyle_hours(lifestyle: str) -> tuple[int, int, int | None]:
    """(bed, wake, dinner) in minutes after midnight, read from a lifestyle sentence."""
    bed = re.search(r"goes to bed around " + _TIME, lifestyle)
    wake = re.search(r"wakes up around " + _TIME, lifestyle)
    dinner = re.search(r"eats dinner around " + _TIME, lifestyle)
    assert bed and wake, f"no bed time or wake-up time in {lifestyle!r}"
    return _minutes(bed[1]), _minutes(wake[1]), _minutes(dinner[1]) if dinner else None


# -- (a) the table ------------------------------------------------------------------------------


def test_twenty_five_unique_residents_in_the_papers_order() -> None:
    assert tuple(r.name for r in RESIDENTS) == ORIGINAL_ORDER
    assert THREE_RESIDENTS == ("Isabella Rodriguez", "Maria Lopez", "Klaus Mueller")
    assert set(THREE_OVERRIDES) <= set(THREE_RESIDENTS)


@pytest.mark.parametrize("resident", RESIDENTS, ids=lambda r: r.name)
def test_every_field_is_filled_in(resident: Resident) -> None:
    for field in dataclasses.fields(resident):
        value = getattr(resident, field.name)
        assert value, f"{resident.name}: {field.name} is empty"
        if isinstance(value, str):
            assert value == value.strip() and "  " not in value, f"{resident.name}: {field.name} has stray blanks"
    assert 18 <= resident.age <= 90
    assert len([t for t in resident.innate.split(",") if t.strip()]) == 3
    for text in (resident.learned, resident.currently, resident.lifestyle, resident.daily_plan_req):
        assert resident.name in text, f"{resident.name} is not named in {text[:40]!r}..."
    assert len(resident.daily_plan_req) > 40


@pytest.mark.parametrize("resident", RESIDENTS, ids=lambda r: r.name)
def test_lifestyle_keeps_the_papers_hours(resident: Resident) -> None:
    assert lifestyle_hours(resident.lifestyle) == PAPER_HOURS[resident.name]


def test_three_resident_overrides_keep_marias_hours_there() -> None:
    maria = resident_named("Maria Lopez").with_override(THREE_OVERRIDES["Maria Lopez"])
    assert lifestyle_hours(maria.lifestyle) == THREE_MARIA_HOURS
    assert "three hours" in maria.daily_plan_req


@pytest.mark.parametrize("resident", RESIDENTS, ids=lambda r: r.name)
def test_homes_and_known_places_are_arena_addresses(resident: Resident) -> None:
    assert resident.known_places[0] == resident.living_area
    assert len(set(resident.known_places)) == len(resident.known_places)
    for address in resident.known_places:
        parts = split_address(address)
        assert len(parts) == int(AddressLevel.ARENA) and parts[0] == "the Ville" and all(parts), address


def test_whispers_are_clean() -> None:
    everyone = {r.name for r in RESIDENTS}
    typos = ("Abigail Chan", "Haily", "Willow Market", "knonw", "Collrhr", "justn", "peopl ", "somehwat",
             "aquintance", "*")
    for resident in RESIDENTS:
        for whisper in resident.whispers:
            assert whisper.strip() == whisper and whisper, resident.name
            assert ";" not in whisper, f"{resident.name}: a ';' would split this whisper: {whisper!r}"
            assert not any(typo in whisper for typo in typos), f"{resident.name}: {whisper!r}"
            assert resident.name not in whisper, f"{resident.name} is told about themselves by name: {whisper!r}"
    three = set(THREE_RESIDENTS)
    for name, override in THREE_OVERRIDES.items():
        for whisper in override.whispers or ():
            strangers = [other for other in everyone - three if other in whisper]
            assert not strangers, f"{name}'s whisper in the three-resident town names {strangers}"


# -- (b) the scenarios built on a map -----------------------------------------------------------


def _fresh_copy(source: Path, target: Path) -> Path:
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("scenarios"))
    return target


@pytest.fixture(scope="module", params=["imported original", "shipped"])
def built_world(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of a world with the scenarios built into it (once per module and world)."""
    if request.param == "shipped":
        if not (SHIPPED_WORLD / "map.tmx").is_file():
            pytest.skip(f"the shipped map is not drawn yet ({SHIPPED_WORLD / 'map.tmx'} does not exist)")
        source = SHIPPED_WORLD
    else:
        source = request.getfixturevalue("imported_original")
    world = _fresh_copy(source, tmp_path_factory.mktemp("built") / "world")
    build_scenarios(world)
    return world


def _scenarios(world: Path) -> dict[str, Scenario]:
    return {spec.name: load_scenario(world / "scenarios" / spec.name) for spec in SCENARIOS}


def test_scenarios_load_with_the_papers_settings(built_world: Path) -> None:
    scenarios = _scenarios(built_world)
    three, twenty_five = scenarios["three"], scenarios["twenty-five"]
    assert [p.name for p in three.personas] == list(THREE_RESIDENTS)
    assert [p.name for p in twenty_five.personas] == list(ORIGINAL_ORDER)
    assert (three.reflection_threshold, twenty_five.reflection_threshold) == (150, 250)
    for scenario in scenarios.values():
        assert scenario.start_time.isoformat() == "2023-02-13T00:00:00"
        assert scenario.step_seconds == 10
        for persona in scenario.personas:
            stem = persona.name.replace(" ", "_")
            assert (persona.sprite, persona.portrait) == (f"characters/{stem}.png", f"portraits/{stem}.png")
    assert lifestyle_hours(three.persona("Maria Lopez").lifestyle) == THREE_MARIA_HOURS
    assert lifestyle_hours(twenty_five.persona("Maria Lopez").lifestyle) == PAPER_HOURS["Maria Lopez"]


def test_everyone_starts_at_home_on_a_walkable_tile(built_world: Path) -> None:
    world = load_world_folder(built_world).world_map
    for scenario in _scenarios(built_world).values():
        for persona in scenario.personas:
            assert world.is_walkable(persona.spawn_tile), persona.name
            assert world.address_at(persona.spawn_tile).at_level(AddressLevel.ARENA) == persona.living_area
        by_home: dict[str, list[tuple[int, int]]] = {}
        for persona in scenario.personas:
            by_home.setdefault(persona.living_area, []).append(persona.spawn_tile)
        for home, tiles in by_home.items():
            free = [t for t in world.spawn_tiles if world.address_at(t).at_level(AddressLevel.ARENA) == home]
            if len(free) >= len(tiles):
                assert len(set(tiles)) == len(tiles), f"housemates of {home} share a start tile"


def test_known_places_resolve_and_list_the_maps_objects(built_world: Path) -> None:
    world = load_world_folder(built_world).world_map
    for scenario in _scenarios(built_world).values():
        for persona in scenario.personas:
            addresses = spatial_memory_addresses(persona.spatial_memory)
            assert all(world.has_address(a) for a in addresses), persona.name
            assert world.has_address(persona.living_area)
            for sector, arenas in persona.spatial_memory["the Ville"].items():
                for arena, objects in arenas.items():
                    prefix = f"the Ville:{sector}:{arena}:"
                    on_map = sorted(a[len(prefix):] for a in world.game_object_addresses() if a.startswith(prefix))
                    assert objects == on_map, f"{persona.name}: {prefix}"
            known = {f"the Ville:{s}:{a}" for s, arenas in persona.spatial_memory["the Ville"].items() for a in arenas}
            assert known == set(resident_named(persona.name).known_places)


def test_history_has_one_row_per_resident(built_world: Path) -> None:
    for spec in SCENARIOS:
        folder = built_world / "scenarios" / spec.name
        history = read_history_csv(folder / "history.csv")
        assert list(history) == list(spec.residents)
        for resident in spec.resolved_residents():
            assert history[resident.name] == resident.whispers
        lines = (folder / "history.csv").read_text(encoding="utf-8").splitlines()
        assert lines[0] == "Name,Whisper" and len(lines) == len(spec.residents) + 1


def test_world_info_finds_no_problem_in_the_scenarios(built_world: Path) -> None:
    report = inspect_world(load_world_folder(built_world))
    scenario_problems = [p for p in report.problems if p.startswith("scenario ")
                         and "no character sheet" not in p]
    assert scenario_problems == []
    assert {(s.name, s.residents, s.unresolved_addresses) for s in report.scenarios} == {
        ("three", 3, 0), ("twenty-five", 25, 0), ("valentines", 25, 0)}


def test_the_build_is_deterministic(built_world: Path) -> None:
    before = {p.relative_to(built_world): p.read_bytes() for p in (built_world / "scenarios").rglob("*") if p.is_file()}
    build_scenarios(built_world)
    after = {p.relative_to(built_world): p.read_bytes() for p in (built_world / "scenarios").rglob("*") if p.is_file()}
    assert after == before


def test_a_place_the_map_lacks_names_resident_and_address(imported_original: Path) -> None:
    world = load_world_folder(imported_original).world_map
    lost = dataclasses.replace(resident_named("Sam Moore"),
                               known_places=(*resident_named("Sam Moore").known_places, "the Ville:Town Hall:hall"))
    with pytest.raises(ScenarioBuildError, match=r"Sam Moore.*the Ville:Town Hall:hall"):
        spatial_memory_for(lost, world)


def test_a_home_without_spawn_point_falls_back_to_a_walkable_home_tile(
        imported_original: Path, caplog: pytest.LogCaptureFixture) -> None:
    world = load_world_folder(imported_original).world_map
    cafe = "the Ville:Hobbs Cafe:cafe"
    moved = dataclasses.replace(resident_named("Isabella Rodriguez"), living_area=cafe)
    with caplog.at_level(logging.WARNING):
        tiles = choose_spawn_tiles([moved], world)
    tile = tiles["Isabella Rodriguez"]
    assert world.is_walkable(tile) and world.address_at(tile).at_level(AddressLevel.ARENA) == cafe
    assert "no spawn point" in caplog.text and "Isabella Rodriguez" in caplog.text
    assert tiles == choose_spawn_tiles([moved], world)
    assert world.address_at(tile).game_object == ""
