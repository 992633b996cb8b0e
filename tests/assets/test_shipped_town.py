"""The shipped town (assets/worlds/smallville): the paper's places are all there, every arena can
be reached, every resident has a bed and a spawn tile at home, and the generator
(``python -m tools.town_builder``) rebuilds it byte for byte."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pytest

from agents.world.inspection import inspect_world
from agents.world.world_folder import WorldFolder, load_world_folder

REPO_ROOT = Path(__file__).resolve().parents[2]
TOWN_DIR = REPO_ROOT / "assets" / "worlds" / "smallville"
CAFE_COUNTER = "the Ville:Hobbs Cafe:cafe:behind the cafe counter"

OBJECT_KINDS = {
    "bar customer seating", "bathroom sink", "bed", "behind the bar counter", "behind the cafe counter",
    "behind the grocery counter", "behind the pharmacy counter", "behind the supply store counter", "blackboard",
    "bookshelf", "cafe customer seating", "classroom podium", "classroom student seating", "closet",
    "common room sofa", "common room table", "computer", "computer desk", "cooking area", "desk", "dorm garden",
    "easel", "game console", "garden chair", "grocery store counter", "grocery store shelf", "guitar", "harp",
    "house garden", "kitchen sink", "library sofa", "library table", "lifting weight", "microphone",
    "park garden", "pharmacy store counter", "pharmacy store shelf", "piano", "pool table", "refrigerator",
    "shelf", "shower", "supply store counter", "supply store product shelf", "toaster", "toilet",
}

HOMES = {
    "Abigail Chen": "artist's co-living space:Abigail Chen's room",
    "Adam Smith": "Adam Smith's house:main room",
    "Arthur Burton": "Arthur Burton's apartment:main room",
    "Ayesha Khan": "Dorm for Oak Hill College:Ayesha Khan's room",
    "Carlos Gomez": "Carlos Gomez's apartment:main room",
    "Carmen Ortiz": "Tamara Taylor and Carmen Ortiz's house:Carmen Ortiz's room",
    "Eddy Lin": "Lin family's house:Eddy Lin's bedroom",
    "Francisco Lopez": "artist's co-living space:Francisco Lopez's room",
    "Giorgio Rossi": "Giorgio Rossi's apartment:main room",
    "Hailey Johnson": "artist's co-living space:Hailey Johnson's room",
    "Isabella Rodriguez": "Isabella Rodriguez's apartment:main room",
    "Jane Moreno": "Moreno family's house:Tom and Jane Moreno's bedroom",
    "Jennifer Moore": "Moore family's house:main room",
    "John Lin": "Lin family's house:Mei and John Lin's bedroom",
    "Klaus Mueller": "Dorm for Oak Hill College:Klaus Mueller's room",
    "Latoya Williams": "artist's co-living space:Latoya Williams's room",
    "Maria Lopez": "Dorm for Oak Hill College:Maria Lopez's room",
    "Mei Lin": "Lin family's house:Mei and John Lin's bedroom",
    "Rajiv Patel": "artist's co-living space:Rajiv Patel's room",
    "Ryan Park": "Ryan Park's apartment:main room",
    "Sam Moore": "Moore family's house:main room",
    "Tamara Taylor": "Tamara Taylor and Carmen Ortiz's house:Tamara Taylor's room",
    "Tom Moreno": "Moreno family's house:Tom and Jane Moreno's bedroom",
    "Wolfgang Schulz": "Dorm for Oak Hill College:Wolfgang Schulz's room",
    "Yuriko Yamamoto": "Yuriko Yamamoto's house:main room",
}


@lru_cache(maxsize=1)
def _town() -> WorldFolder:
    return load_world_folder(TOWN_DIR)


@pytest.fixture(scope="module")
def town() -> WorldFolder:
    return _town()


def test_size_and_world_name(town: WorldFolder) -> None:
    world = town.world_map
    assert world.name == "the Ville"
    assert (world.width_tiles, world.height_tiles, world.tile_size_px) == (140, 100, 32)


def test_the_papers_places_are_all_there(town: WorldFolder) -> None:
    world = town.world_map
    assert len(world.sectors()) == 19
    assert len(world.arenas()) == 63
    assert set(world.game_object_kinds()) == OBJECT_KINDS
    assert len(world.game_object_addresses()) == 222
    for place in ("Hobbs Cafe:cafe:behind the cafe counter", "The Rose and Crown Pub:pub",
                  "The Willows Market and Pharmacy:store:pharmacy store counter", "Johnson Park:park",
                  "Oak Hill College:classroom", "Oak Hill College:library", "Harvey Oak Supply Store:supply store"):
        assert world.has_address(f"the Ville:{place}"), place


def test_every_arena_can_be_reached(town: WorldFolder) -> None:
    report = inspect_world(town)
    map_problems = [p for p in report.problems if not p.startswith("scenario ")]
    assert map_problems == []
    assert report.walkable_regions == 1


def test_every_home_has_a_bed_a_spawn_tile_and_a_way_to_the_cafe(town: WorldFolder) -> None:
    world = town.world_map
    spawn_by_name = {world.spawn_name_at(tile): tile for tile in world.spawn_tiles}
    for resident, home in HOMES.items():
        address = f"the Ville:{home}"
        assert world.has_address(f"{address}:bed"), resident
        home_tiles = world.tiles_of(address)
        spawn = spawn_by_name.get(f"sp-{resident}")
        assert spawn is not None and spawn in home_tiles and world.is_walkable(spawn), resident
        assert world.find_path_to_address(spawn, CAFE_COUNTER) is not None, resident


def test_object_tiles_are_walkable(town: WorldFolder) -> None:
    world = town.world_map
    for address in world.game_object_addresses():
        assert all(world.is_walkable(tile) for tile in world.tiles_of(address)), address


def test_the_generator_is_deterministic(tmp_path: Path) -> None:
    from tools.town_builder.__main__ import build_town

    build_town(tmp_path)
    for name in ("map.tmx", "town_tiles.png", "semantics.png"):
        assert (tmp_path / name).read_bytes() == (TOWN_DIR / name).read_bytes(), name
