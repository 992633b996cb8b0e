"""``smallville-sim world info`` and ``smallville-sim import-original`` from the command line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from agents.cli.main import EXIT_INPUT_ERROR, main
from tests.world.tiny_world import TOWN_ARENAS, TOWN_OBJECTS, TOWN_SKETCH, TOWN_SPAWNS, write_tiny_world


def test_world_info_text_and_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_tiny_world(tmp_path, TOWN_SKETCH, TOWN_ARENAS, TOWN_OBJECTS, TOWN_SPAWNS)
    assert main(["world", "info", str(tmp_path)]) == 0
    text = capsys.readouterr().out
    assert "10 x 7 tiles of 16 px" in text and "problems         none" in text
    assert main(["world", "info", str(tmp_path / "map.tmx"), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["sectors"] == 2 and report["arenas"] == 3 and report["game_object_addresses"] == 2
    assert report["collision_tiles"] == TOWN_SKETCH.count("#") and report["spawn_tiles"] == 2


def test_world_info_lists_problems(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sketch = "aa#bb\naa#bb"  # two arenas walled off from each other
    write_tiny_world(tmp_path, sketch, {"a": ("Home", "kitchen"), "b": ("Home", "garden")})
    assert main(["world", "info", str(tmp_path), "--json"]) == 0
    problems = json.loads(capsys.readouterr().out)["problems"]
    assert len(problems) == 1 and "cannot be reached from the rest of the town" in problems[0]


def test_world_info_on_a_broken_map_exits_non_zero(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "map.tmx").write_text("<map><oops></map>")
    assert main(["world", "info", str(tmp_path)]) == EXIT_INPUT_ERROR
    error = capsys.readouterr().err
    assert str(tmp_path / "map.tmx") in error and "line 1" in error


def test_import_original_into_the_user_worlds_folder(original_source: Path, isolated_user_folders: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import-original", str(original_source)]) == 0
    target = isolated_user_folders / "data" / "worlds" / "the_ville"
    assert (target / "map.tmx").is_file()
    assert str(target) in capsys.readouterr().out
    assert main(["import-original", str(original_source)]) == EXIT_INPUT_ERROR
    assert "not empty" in capsys.readouterr().err


def test_console_entry_point_runs_as_a_process(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "agents.cli.main", "import-original", str(tmp_path / "missing"),
                             "--out", str(tmp_path / "out")], capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == EXIT_INPUT_ERROR
    assert "import source folder not found" in result.stderr and "Traceback" not in result.stderr
