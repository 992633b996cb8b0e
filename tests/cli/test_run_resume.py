"""``smallville-sim run --resume SLOT`` and ``--fork SLOT --as NEW``: a saved town goes on from its
saved game time; save, load and continue gives the same state as a run never interrupted (offline
model, same seed); a fork names its parent; a slot is never replaced without ``--overwrite``, and
that is refused before the run starts."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest

from agents.cli.main import main
from agents.engine.mind_services_factory import offline_services
from agents.engine.simulation import Simulation
from agents.llm.local_embedder import HashedNgramEmbedder
from agents.paths import shipped_worlds_dir, user_saves_dir
from agents.persistence.save_format import read_header
from agents.persistence.save_slots import load_slot, save_slot, slot_path
from agents.world.world_folder import load_world_folder


def _run(tmp_path: Path, name: str, *args: str) -> tuple[int, dict[str, Any]]:
    target = tmp_path / f"{name}.json"
    code = main(["run", "--model", "offline", *args, "--summary", str(target)])
    return code, json.loads(target.read_text()) if target.exists() else {}


def test_resume_goes_on_from_the_saved_game_time_and_writes_nothing(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, first = _run(tmp_path, "first", "--hours", "1", "--seed", "3", "--save", "A")
    assert code == 0 and first["ended_game_time"] == "2023-02-13T01:00:00"
    saved = slot_path("A", user_saves_dir()).read_bytes()
    capsys.readouterr()
    code, resumed = _run(tmp_path, "resumed", "--resume", "A", "--hours", "0.5")
    assert code == 0
    assert resumed["started_game_time"] == "2023-02-13T01:00:00"
    assert resumed["ended_game_time"] == "2023-02-13T01:30:00" and resumed["steps"] == 180
    assert resumed["continued_from"] == {"slot": "A", "how": "resume", "game_time": "2023-02-13T01:00:00",
                                         "step": 360}
    assert resumed["seed"] is None and "saved_to" not in resumed
    err = capsys.readouterr().err
    assert "resuming slot 'A' (the Ville / three, game time Mon 2023-02-13 01:00)" in err
    assert "nothing will be saved" in err
    assert slot_path("A", user_saves_dir()).read_bytes() == saved  # the slot is as it was
    assert "seed as saved in slot 'A'" in (tmp_path / "resumed.md").read_text()


def test_save_then_resume_gives_the_state_of_a_run_never_interrupted(tmp_path: Path) -> None:
    """7 am is when the first resident gets up: the hours around it plan, talk and remember."""
    assert _run(tmp_path, "part1", "--hours", "6.5", "--seed", "4", "--save", "A")[0] == 0
    code, part2 = _run(tmp_path, "part2", "--resume", "A", "--hours", "2")
    assert code == 0
    code, whole = _run(tmp_path, "whole", "--hours", "8.5", "--seed", "4")
    assert code == 0
    assert part2["ended_game_time"] == whole["ended_game_time"] == "2023-02-13T08:30:00"
    assert part2["totals"]["calls"] > 0, "the continued hours did some thinking"
    assert part2["snapshot_sha256"] == whole["snapshot_sha256"]


def test_fork_continues_a_copy_into_a_new_slot_with_its_parent(tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(tmp_path, "base", "--hours", "0.5", "--seed", "2", "--save", "A")[0] == 0
    a_before = slot_path("A", user_saves_dir()).read_bytes()
    capsys.readouterr()
    code, forked = _run(tmp_path, "forked", "--fork", "A", "--as", "B", "--hours", "0.5")
    assert code == 0
    assert "forking slot 'A' into 'B'" in capsys.readouterr().err
    b = load_slot("B", user_saves_dir())
    assert b.header.parent_slot == "A" and b.header.game_time.isoformat() == "2023-02-13T01:00:00"
    assert b.simulation.snapshot_sha256() == forked["snapshot_sha256"] and forked["saved_to"] == str(b.path)
    assert forked["continued_from"]["how"] == "fork"
    assert slot_path("A", user_saves_dir()).read_bytes() == a_before


def test_save_over_an_existing_slot_is_refused_before_the_run(tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(tmp_path, "first", "--hours", "0.1", "--save", "taken")[0] == 0
    before = slot_path("taken", user_saves_dir()).read_bytes()
    capsys.readouterr()
    began = time.monotonic()
    code, summary = _run(tmp_path, "second", "--hours", "1000", "--save", "taken")
    assert code == 2 and summary == {}  # refused at once: no summary of a run that never ran
    assert time.monotonic() - began < 5
    err = capsys.readouterr().err
    assert "the slot 'taken' already exists" in err and "--overwrite" in err
    assert "smallville-sim run:" not in err  # the run never started
    assert slot_path("taken", user_saves_dir()).read_bytes() == before
    code, summary = _run(tmp_path, "third", "--hours", "0.2", "--save", "taken", "--overwrite")
    assert code == 0 and read_header(slot_path("taken", user_saves_dir())).game_time.isoformat() == \
        summary["ended_game_time"] == "2023-02-13T00:12:00"


def test_resume_into_itself_needs_overwrite_and_keeps_its_lineage(tmp_path: Path) -> None:
    assert _run(tmp_path, "base", "--hours", "0.1", "--save", "A")[0] == 0
    assert _run(tmp_path, "fork", "--fork", "A", "--as", "B", "--hours", "0.1")[0] == 0
    assert _run(tmp_path, "refused", "--resume", "B", "--hours", "0.1", "--save", "B")[0] == 2
    code, summary = _run(tmp_path, "back", "--resume", "B", "--hours", "0.1", "--save", "B", "--overwrite")
    assert code == 0
    header = read_header(slot_path("B", user_saves_dir()))
    assert header.parent_slot == "A" and header.game_time.isoformat() == summary["ended_game_time"]
    assert _run(tmp_path, "other", "--resume", "B", "--hours", "0.1", "--save", "C")[0] == 0
    assert read_header(slot_path("C", user_saves_dir())).parent_slot == "B"


def test_fork_into_an_existing_slot_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(tmp_path, "a", "--hours", "0.1", "--save", "A")[0] == 0
    assert _run(tmp_path, "b", "--hours", "0.1", "--save", "B")[0] == 0
    capsys.readouterr()
    assert _run(tmp_path, "fork", "--fork", "A", "--as", "B", "--hours", "0.1")[0] == 2
    assert "--as B: the slot 'B' already exists" in capsys.readouterr().err


@pytest.mark.parametrize(("args", "message"), [
    (["--resume", "nowhere"], "--resume nowhere:"),
    (["--resume", "A", "--seed", "3"], "--seed cannot change a saved town"),
    (["--resume", "A", "--world", "x", "--scenario", "y"], "--world and --scenario cannot change a saved town"),
    (["--resume", "A", "--step-seconds", "60"], "--step-seconds 60: the town in slot 'A' runs 10-second steps"),
    (["--resume", "A", "--fork", "A", "--as", "B"], "--resume and --fork do not go together"),
    (["--fork", "A"], "--fork A needs --as NEW"),
    (["--as", "B"], "--as NEW goes with --fork SLOT"),
    (["--fork", "A", "--as", "B", "--save", "C"], "--fork saves into --as B; leave out --save C"),
    (["--fork", "A", "--as", "A"], "a fork needs a new name"),
    (["--resume", "../A"], "--resume '../A'"),
    (["--overwrite"], "--overwrite goes with --save SLOT"),
])
def test_options_that_do_not_go_together_are_refused(args: list[str], message: str, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(tmp_path, "a", "--hours", "0.1", "--save", "A")[0] == 0
    capsys.readouterr()
    assert main(["run", "--model", "offline", "--hours", "1", *args]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_a_town_embedded_another_way_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    services = offline_services(HashedNgramEmbedder(dimension=64))
    folder = load_world_folder(shipped_worlds_dir() / "smallville")
    simulation = Simulation.create(folder.world_map, folder.load_scenario("three"), services, seed=1)
    save_slot(simulation, "hashed", user_saves_dir())
    assert main(["run", "--model", "offline", "--hours", "1", "--resume", "hashed"]) == 2
    assert "64-dimensional vectors, but this run's embedder makes" in capsys.readouterr().err


def test_saves_dir_chooses_the_folder_read_and_written(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    assert main(["run", "--model", "offline", "--hours", "0.1", "--save", "A", "--saves-dir", str(elsewhere)]) == 0
    assert slot_path("A", elsewhere).is_file() and not slot_path("A", user_saves_dir()).exists()
    assert main(["run", "--model", "offline", "--hours", "0.1", "--fork", "A", "--as", "B",
                 "--saves-dir", str(elsewhere)]) == 0
    assert read_header(slot_path("B", elsewhere)).parent_slot == "A"
