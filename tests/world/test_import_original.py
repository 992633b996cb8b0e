"""The importer over ../shared/smallville-original: the figures the issue names, homes reachable,
transparency, and every kind of bad input failing cleanly with nothing half-written."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from xml.etree import ElementTree

import pytest

from agents.world.errors import WorldFormatError
from agents.world.inspection import inspect_world
from agents.world.original_import.importer import import_original
from agents.world.world_folder import load_world_folder


def test_imported_world_figures(imported_original: Path) -> None:
    report = inspect_world(load_world_folder(imported_original))
    assert (report.width_tiles, report.height_tiles, report.tile_size_px) == (140, 100, 32)
    assert report.sectors == 19
    assert report.arenas == 63
    assert report.game_object_addresses == 222
    assert report.game_object_kinds == 46
    assert report.collision_tiles == 2064
    assert report.spawn_tiles == 40
    assert report.problems == ()
    assert [(s.name, s.residents) for s in report.scenarios] == [("three", 3), ("twenty-five", 25)]


def test_every_home_resolves_and_is_reachable(imported_original: Path) -> None:
    folder = load_world_folder(imported_original)
    world = folder.world_map
    scenario = folder.load_scenario("twenty-five")
    assert len(scenario.personas) == 25
    assert scenario.reflection_threshold == 250
    for persona in scenario.personas:
        home = world.tiles_of(persona.living_area)
        assert home, persona.name
        path = world.find_path_to_address(persona.spawn_tile, persona.living_area)
        assert path is not None, f"{persona.name} cannot walk home"
        assert path[-1] in home
        assert folder.sprite_path(persona.name).is_file()
        assert folder.portrait_path(persona.name).is_file()


def test_isabella_walks_to_the_cafe_counter(imported_original: Path) -> None:
    folder = load_world_folder(imported_original)
    isabella = folder.load_scenario("three").persona("Isabella Rodriguez")
    assert isabella.spawn_tile == (72, 14)
    path = folder.world_map.find_path_to_address((72, 14), "the Ville:Hobbs Cafe:cafe:behind the cafe counter")
    assert path is not None and path[0] == (72, 14)
    assert folder.world_map.address_at(path[-1]).game_object == "behind the cafe counter"


def test_scenarios_carry_identity_memory_and_history(imported_original: Path) -> None:
    folder = load_world_folder(imported_original)
    three = folder.load_scenario("three")
    assert [p.name for p in three.personas] == ["Isabella Rodriguez", "Maria Lopez", "Klaus Mueller"]
    assert three.start_time.isoformat() == "2023-02-13T00:00:00" and three.step_seconds == 10
    isabella = three.persona("Isabella Rodriguez")
    assert isabella.age == 34 and isabella.living_area == "the Ville:Isabella Rodriguez's apartment:main room"
    assert "behind the cafe counter" in isabella.spatial_memory["the Ville"]["Hobbs Cafe"]["cafe"]
    maria_whispers = three.history["Maria Lopez"]
    # the original file has an unquoted comma inside a whisper: the text after it is kept
    assert "For planning, you frequent Hobbs Cafe for studying" in maria_whispers
    assert len(folder.load_scenario("twenty-five").history) == 25


def test_tilesets_keep_real_alpha(imported_original: Path) -> None:
    root = ElementTree.parse(imported_original / "map.tmx").getroot()
    images = root.findall("tileset/image")
    assert images and all("trans" not in image.attrib for image in images)
    import pygame
    from pytmx.util_pygame import load_pygame

    pygame.display.init()
    try:
        pygame.display.set_mode((1, 1))
        tiled = load_pygame(str(imported_original / "map.tmx"), pixelalpha=True)
        layer = tiled.get_layer_by_name("Exterior Decoration L1")
        surfaces = [image for _, _, image in layer.tiles()]
        assert surfaces
        assert all(s.get_colorkey() is None and s.get_flags() & pygame.SRCALPHA for s in surfaces[:50])
        # some pixels of decoration tiles are partly or fully transparent: alpha survived
        assert any(s.get_at((x, y)).a < 255 for s in surfaces[:50] for x in range(0, 32, 4) for y in range(0, 32, 4))
    finally:
        pygame.display.quit()
    foreground = [layer for layer in tiled.visible_tile_layers
                  if tiled.layers[layer].properties.get("foreground")]
    assert [tiled.layers[i].name for i in foreground] == ["Foreground L1", "Foreground L2"]


# -- bad input ---------------------------------------------------------------------------------

@pytest.fixture()
def broken_source(original_source: Path, tmp_path: Path) -> Path:
    """A writable copy of the original data (recordings left out) to break in one place."""
    copy = tmp_path / "source"
    shutil.copytree(original_source, copy, ignore=shutil.ignore_patterns("recordings", "original", "speech_bubble"))
    return copy


def _import_fails(source: Path, out: Path) -> WorldFormatError:
    with pytest.raises(WorldFormatError) as caught:
        import_original(source, out)
    assert not out.exists(), "a failed import must not leave the output folder behind"
    if out.parent.exists():
        assert [p.name for p in out.parent.iterdir() if p.name.startswith(".")] == [], "staging left behind"
    return caught.value


def test_matrix_of_the_wrong_length(broken_source: Path, tmp_path: Path) -> None:
    maze = broken_source / "matrix" / "maze" / "arena_maze.csv"
    maze.write_text(maze.read_text().rsplit(",", 10)[0])
    error = _import_fails(broken_source, tmp_path / "out" / "world")
    assert error.path == maze and "expected 14000" in str(error)


def test_unknown_block_code(broken_source: Path, tmp_path: Path) -> None:
    maze = broken_source / "matrix" / "maze" / "sector_maze.csv"
    codes = maze.read_text().split(",")
    codes[3 * 140 + 5] = " 99999"
    maze.write_text(",".join(codes))
    error = _import_fails(broken_source, tmp_path / "out" / "world")
    assert error.path == maze and error.where == "tile (5, 3)" and "99999" in str(error)


def test_home_that_does_not_exist(broken_source: Path, tmp_path: Path) -> None:
    scratch = broken_source / "base_sims" / "base_the_ville_n25" / "personas" / "Adam Smith" / "bootstrap_memory" / "scratch.json"
    data = json.loads(scratch.read_text())
    data["living_area"] = "the Ville:Adam Smith's castle:main room"
    scratch.write_text(json.dumps(data))
    error = _import_fails(broken_source, tmp_path / "out" / "world")
    assert error.path == scratch and error.where == "field living_area" and "castle" in str(error)


def test_malformed_tmx(broken_source: Path, tmp_path: Path) -> None:
    tmx = broken_source / "map" / "the_ville.tmx"
    lines = tmx.read_text().splitlines()
    lines[60] = lines[60].replace(">", "", 1)
    tmx.write_text("\n".join(lines))
    error = _import_fails(broken_source, tmp_path / "out" / "world")
    assert error.path == tmx and error.where.startswith("line 6")


def test_missing_tmx(broken_source: Path, tmp_path: Path) -> None:
    (broken_source / "map" / "the_ville.tmx").unlink()
    error = _import_fails(broken_source, tmp_path / "out" / "world")
    assert "the_ville.tmx" in str(error)


def test_not_a_source_at_all(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    error = _import_fails(tmp_path / "empty", tmp_path / "out" / "world")
    assert "generative_agents" in str(error)


def test_refuses_a_non_empty_destination_unless_forced(imported_original: Path, original_source: Path,
                                                       tmp_path: Path) -> None:
    out = tmp_path / "world"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    with pytest.raises(WorldFormatError, match="not empty"):
        import_original(original_source, out)
    assert (out / "keep.txt").read_text() == "mine"
    import_original(original_source, out, force=True)
    assert (out / "map.tmx").is_file() and not (out / "keep.txt").exists()


def test_repository_layout_is_understood(original_source: Path, tmp_path: Path) -> None:
    """A checkout of the original repository (files at their upstream paths) imports the same."""
    repo = tmp_path / "generative_agents"
    assets = repo / "environment" / "frontend_server" / "static_dirs" / "assets"
    ville = assets / "the_ville"
    (ville / "visuals").mkdir(parents=True)
    (ville / "visuals" / "the_ville.tmx").symlink_to(original_source / "map" / "the_ville.tmx")
    (ville / "visuals" / "map_assets").symlink_to(original_source / "map" / "map_assets")
    (ville / "matrix").symlink_to(original_source / "matrix")
    for name in ("agent_history_init_n3.csv", "agent_history_init_n25.csv"):
        (ville / name).symlink_to(original_source / "history" / name)
    (assets / "characters").symlink_to(original_source / "characters")
    storage = repo / "environment" / "frontend_server" / "storage"
    storage.mkdir(parents=True)
    for base in ("base_the_ville_isabella_maria_klaus", "base_the_ville_n25"):
        (storage / base).symlink_to(original_source / "base_sims" / base)
    result = import_original(repo, tmp_path / "out")
    assert result.residents == 25 and result.scenarios == ("three", "twenty-five")


def test_a_crafted_resident_name_with_dots_is_refused_before_anything_is_read_or_written(
        broken_source: Path, tmp_path: Path) -> None:
    """A copy of the original data whose base simulation lists ``../../../evil``: the import is
    refused naming meta.json's field; no persona file is read or written outside --out."""
    meta = broken_source / "base_sims" / "base_the_ville_isabella_maria_klaus" / "reverie" / "meta.json"
    data = json.loads(meta.read_text())
    data["persona_names"].append("../../../evil")
    meta.write_text(json.dumps(data))
    bait = broken_source / "base_sims" / "evil" / "bootstrap_memory"  # where the name would lead
    bait.mkdir(parents=True)
    (bait / "scratch.json").write_text("{}")
    outside = sorted(str(p) for p in tmp_path.rglob("*") if "out" not in p.parts)
    error = _import_fails(broken_source, tmp_path / "out" / "world")
    assert error.path == meta and error.where == "field persona_names, entry 4" and "'/'" in str(error)
    assert sorted(str(p) for p in tmp_path.rglob("*") if "out" not in p.parts) == outside
