"""A broken world map gives an error naming the file and the line, layer or tile."""

from __future__ import annotations

from pathlib import Path

import pytest

from agents.world.errors import WorldFormatError
from agents.world.tmx_loader import load_world_map
from agents.world.world_folder import load_world_folder
from tests.world.tiny_world import TOWN_ARENAS, TOWN_SKETCH, write_tiny_world


def test_missing_map(tmp_path: Path) -> None:
    with pytest.raises(WorldFormatError, match="map file not found") as caught:
        load_world_folder(tmp_path)
    assert caught.value.path == tmp_path / "map.tmx"


def test_malformed_xml_names_the_line(tmp_path: Path) -> None:
    path = write_tiny_world(tmp_path, TOWN_SKETCH, TOWN_ARENAS)
    lines = path.read_text().splitlines()
    lines[4] = lines[4] + "<unclosed"
    path.write_text("\n".join(lines))
    with pytest.raises(WorldFormatError, match="not valid XML") as caught:
        load_world_map(path)
    assert caught.value.where.startswith("line 5") or caught.value.where.startswith("line 6")


def test_missing_world_name(tmp_path: Path) -> None:
    path = write_tiny_world(tmp_path, TOWN_SKETCH, TOWN_ARENAS)
    path.write_text(path.read_text().replace('name="world_name"', 'name="something_else"'))
    with pytest.raises(WorldFormatError, match="world_name"):
        load_world_map(path)


def test_semantic_tile_without_a_name(tmp_path: Path) -> None:
    path = write_tiny_world(tmp_path, TOWN_SKETCH, TOWN_ARENAS)
    text = path.read_text()
    path.write_text(text.replace('<property name="name" value="kitchen" />', ""))
    with pytest.raises(WorldFormatError, match="no 'name' property") as caught:
        load_world_map(path)
    assert "layer 'Arenas', tile (1, 1)" == caught.value.where


def test_no_semantic_layers(tmp_path: Path) -> None:
    path = write_tiny_world(tmp_path, TOWN_SKETCH, TOWN_ARENAS)
    path.write_text(path.read_text().replace('name="semantics"', 'name="ignored"'))
    with pytest.raises(WorldFormatError, match="semantics = collision"):
        load_world_map(path)
