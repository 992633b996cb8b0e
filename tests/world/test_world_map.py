"""The world model on a tiny hand-made map: addresses both ways, collision, radius, spawns."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from agents.world.address import AddressLevel, TileAddress, split_address
from agents.world.errors import UnknownAddressError
from agents.world.tmx_loader import load_world_map
from agents.world.world_map import WorldMap
from tests.world.tiny_world import TOWN_ARENAS, TOWN_OBJECTS, TOWN_SKETCH, TOWN_SPAWNS, write_tiny_world


@pytest.fixture()
def town(tmp_path: Path) -> WorldMap:
    return load_world_map(write_tiny_world(tmp_path, TOWN_SKETCH, TOWN_ARENAS, TOWN_OBJECTS, TOWN_SPAWNS))


def test_size_and_collision(town: WorldMap) -> None:
    assert (town.width_tiles, town.height_tiles, town.tile_size_px) == (10, 7, 16)
    assert town.collision_tile_count == TOWN_SKETCH.count("#")
    assert not town.is_walkable((0, 0)) and town.is_walkable((1, 1))
    assert not town.is_walkable((-1, 0)) and not town.is_walkable((10, 0))


def test_tile_to_address_and_back(town: WorldMap) -> None:
    address = town.address_at((1, 1))
    assert address == TileAddress("Tinytown", "Cafe", "kitchen", "stove")
    assert address.prefixes() == ("Tinytown", "Tinytown:Cafe", "Tinytown:Cafe:kitchen", "Tinytown:Cafe:kitchen:stove")
    assert town.address_at((0, 0)) == TileAddress("Tinytown")
    assert town.address_at((0, 0)).deepest == "Tinytown"
    assert town.tiles_of("Tinytown:Cafe:kitchen:stove") == {(1, 1), (2, 1)}
    assert (1, 1) in town.tiles_of("Tinytown:Cafe")
    assert len(town.tiles_of("Tinytown")) == 70
    # every tile of an arena address reports that arena back
    for tile in town.tiles_of("Tinytown:Park:lawn"):
        assert town.address_at(tile).at_level(AddressLevel.ARENA) == "Tinytown:Park:lawn"


def test_levels_are_listed(town: WorldMap) -> None:
    assert town.sectors() == ("Tinytown:Cafe", "Tinytown:Park")
    assert town.arenas() == ("Tinytown:Cafe:dining room", "Tinytown:Cafe:kitchen", "Tinytown:Park:lawn")
    assert town.game_object_addresses() == ("Tinytown:Cafe:dining room:table", "Tinytown:Cafe:kitchen:stove")
    assert town.game_object_kinds() == ("stove", "table")


def test_unknown_address_is_a_clear_error(town: WorldMap) -> None:
    assert not town.has_address("Tinytown:Library")
    with pytest.raises(UnknownAddressError, match="Tinytown:Library"):
        town.tiles_of("Tinytown:Library")
    assert town.has_address(" Tinytown : Cafe ")  # blanks around levels are ignored
    assert split_address("a: b :c") == ("a", "b", "c")


def test_spawn_points(town: WorldMap) -> None:
    assert town.spawn_tiles == ((1, 3), (0, 6))
    assert town.spawn_name_at((1, 3)) == "sp-A" and town.spawn_name_at((2, 3)) == ""


def test_tiles_within_radius_is_a_clipped_disc(town: WorldMap) -> None:
    assert town.tiles_within_radius((0, 0), 0) == [(0, 0)]
    near = town.tiles_within_radius((5, 3), 2)
    assert len(near) == 13  # a radius-2 disc of tile centres
    assert all((x - 5) ** 2 + (y - 3) ** 2 <= 4 for x, y in near)
    corner = town.tiles_within_radius((0, 0), 2)
    assert sorted(corner) == sorted([(0, 0), (1, 0), (2, 0), (0, 1), (1, 1), (0, 2)])


def test_path_to_an_address(town: WorldMap) -> None:
    path = town.find_path_to_address((1, 3), "Tinytown:Park:lawn")
    assert path is not None and path[0] == (1, 3)
    # (5, 5) and (7, 5) are equally near; neighbour order (up, left, right, down) picks the left one
    assert path[-1] == (5, 5) and len(path) == 9
    assert town.address_at(path[-1]).at_level(AddressLevel.ARENA) == "Tinytown:Park:lawn"
    with pytest.raises(UnknownAddressError):
        town.find_path_to_address((1, 3), "Tinytown:Nowhere")


def test_the_world_pickles(town: WorldMap) -> None:
    copy = pickle.loads(pickle.dumps(town))
    assert copy.tiles_of("Tinytown:Cafe:kitchen") == town.tiles_of("Tinytown:Cafe:kitchen")
    assert copy.find_path((1, 3), (6, 6)) == town.find_path((1, 3), (6, 6))


def test_orphan_tiles_are_found(tmp_path: Path) -> None:
    sketch = "xx\n.."
    world = load_world_map(write_tiny_world(tmp_path, sketch, {"x": ("", "room")}))
    assert world.orphan_tiles() == {"arena outside any sector": ((0, 0), (1, 0))}
    assert world.arenas() == ()
