"""``smallville-sim saves list|show|fork|delete``: what a researcher sees of the slots, lineage kept by
forks, deletion that asks (and refuses in a script without --yes), and clear errors."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from agents.cli.main import main
from agents.engine.simulation import Simulation
from agents.paths import user_saves_dir
from agents.persistence.save_format import read_header
from agents.persistence.save_slots import load_slot, save_slot, slot_path
from agents.persistence.thumbnails import PNG_SIGNATURE, thumbnail_path

TINY_PNG = PNG_SIGNATURE + b"\x00" * 32


class TerminalInput(io.StringIO):
    """Typed answers on a stdin that says it is a terminal."""

    def isatty(self) -> bool:
        return True


def _saves(*args: str, saves_dir: Path) -> list[str]:
    return ["saves", *args, "--saves-dir", str(saves_dir)]


def test_list_shows_each_slot_and_the_unreadable_files(town: Simulation, saves_dir: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    save_slot(town, "monday", saves_dir)
    save_slot(town, "what-if", saves_dir, parent_slot="monday")
    (saves_dir / "broken.smallville-save").write_bytes(b"not a save at all")
    assert main(_saves("list", saves_dir=saves_dir)) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0] == f"2 save slots in {saves_dir}, oldest first:"
    assert lines[1].split() == ["slot", "scenario", "world", "game", "time", "residents", "saved", "parent"]
    monday, what_if = lines[2].split(), lines[3].split()
    assert monday[:3] == ["monday", "three", "the"] and "2023-02-13" in monday and "00:05" in monday
    assert monday[-1] == "-" and what_if[0] == "what-if" and what_if[-1] == "monday"
    assert "3" in monday  # residents
    assert "1 file that cannot be read:" in out
    assert "broken.smallville-save" in out and "not a Smallville save" in out


def test_list_as_json_and_an_empty_folder(town: Simulation, saves_dir: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    assert main(_saves("list", saves_dir=saves_dir)) == 0
    assert capsys.readouterr().out.strip() == f"no save slots in {saves_dir}"
    save_slot(town, "monday", saves_dir, thumbnail_png=TINY_PNG)
    assert main(_saves("list", "--json", saves_dir=saves_dir)) == 0
    listing = json.loads(capsys.readouterr().out)
    assert listing["problems"] == [] and len(listing["slots"]) == 1
    entry = listing["slots"][0]
    assert entry["slot"] == "monday" and entry["game_time"] == "2023-02-13T00:05:00"
    assert entry["resident_count"] == 3 and entry["parent_slot"] is None
    assert entry["thumbnail"] == str(thumbnail_path(slot_path("monday", saves_dir)))


def test_the_default_folder_is_the_per_user_one(town: Simulation, capsys: pytest.CaptureFixture[str]) -> None:
    save_slot(town, "mine", user_saves_dir())
    assert main(["saves", "list"]) == 0
    assert "mine" in capsys.readouterr().out


def test_show_gives_the_header_thumbnail_lineage_and_forks(town: Simulation, saves_dir: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    save_slot(town, "root", saves_dir, thumbnail_png=TINY_PNG)
    assert main(_saves("fork", "root", "child", saves_dir=saves_dir)) == 0
    assert main(_saves("fork", "child", "grandchild", saves_dir=saves_dir)) == 0
    capsys.readouterr()
    assert main(_saves("show", "grandchild", saves_dir=saves_dir)) == 0
    shown = dict(line.split(":", 1) for line in capsys.readouterr().out.splitlines())
    shown = {key.strip(): value.strip() for key, value in shown.items()}
    header = read_header(slot_path("grandchild", saves_dir))
    assert shown["world"] == "the Ville" and shown["scenario"] == "three" and shown["residents"] == "3"
    assert shown["game time"] == "Mon 2023-02-13 00:05:00 (step 30)"
    assert shown["sha256"] == header.body_sha256 and shown["parent"] == "child"
    assert shown["lineage"] == "grandchild <- child <- root"
    assert shown["thumbnail"] == str(thumbnail_path(slot_path("grandchild", saves_dir)))  # a fork keeps the picture
    assert shown["forks"] == "none"
    assert main(_saves("show", "root", "--json", saves_dir=saves_dir)) == 0
    root = json.loads(capsys.readouterr().out)
    assert root["lineage"] == [] and root["forks"] == ["child"] and root["header"]["step_index"] == 30


def test_show_names_a_deleted_parent_and_verify_loads_the_body(town: Simulation, saves_dir: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    save_slot(town, "root", saves_dir)
    assert main(_saves("fork", "root", "child", saves_dir=saves_dir)) == 0
    assert main(_saves("delete", "root", "--yes", saves_dir=saves_dir)) == 0
    out = capsys.readouterr().out
    assert "note: 'child' named it as its parent; it still loads" in out
    assert main(_saves("show", "child", "--verify", saves_dir=saves_dir)) == 0
    out = capsys.readouterr().out
    assert "lineage:     child <- root (deleted)" in out
    assert "the saved town checks out" in out and "3 residents" in out


def test_verify_refuses_a_damaged_body(town: Simulation, saves_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    save_slot(town, "damaged", saves_dir)
    path = slot_path("damaged", saves_dir)
    data = bytearray(path.read_bytes())
    data[-10] ^= 0xFF
    path.write_bytes(bytes(data))
    assert main(_saves("show", "damaged", saves_dir=saves_dir)) == 0  # the header alone is fine
    capsys.readouterr()
    assert main(_saves("show", "damaged", "--verify", saves_dir=saves_dir)) == 2
    err = capsys.readouterr().err
    assert err.startswith("smallville-sim: error: ") and "checksum" in err and "Traceback" not in err


def test_fork_writes_a_copy_naming_its_parent(town: Simulation, saves_dir: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    save_slot(town, "base", saves_dir)
    assert main(_saves("fork", "base", "branch", saves_dir=saves_dir)) == 0
    assert "forked slot 'base' into 'branch'" in capsys.readouterr().out
    branch = load_slot("branch", saves_dir)
    assert branch.header.parent_slot == "base"
    assert branch.simulation.snapshot_sha256() == town.snapshot_sha256()
    assert main(_saves("fork", "base", "branch", saves_dir=saves_dir)) == 2
    assert "already exists" in capsys.readouterr().err
    assert main(_saves("fork", "nowhere", "other", saves_dir=saves_dir)) == 2
    assert "no such save file" in capsys.readouterr().err
    assert main(_saves("fork", "base", "../out", saves_dir=saves_dir)) == 2
    assert "new slot '../out'" in capsys.readouterr().err


def test_delete_refuses_without_yes_when_stdin_is_not_a_terminal(
        town: Simulation, saves_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    save_slot(town, "keep-me", saves_dir)
    monkeypatch.setattr("sys.stdin", io.StringIO("y\n"))
    assert main(_saves("delete", "keep-me", saves_dir=saves_dir)) == 2
    err = capsys.readouterr().err
    assert "stdin is not a terminal" in err and "--yes" in err
    assert slot_path("keep-me", saves_dir).is_file()
    assert main(_saves("delete", "keep-me", "--yes", saves_dir=saves_dir)) == 0
    assert not slot_path("keep-me", saves_dir).exists()
    assert main(_saves("delete", "keep-me", "--yes", saves_dir=saves_dir)) == 2
    assert "no save slot named 'keep-me'" in capsys.readouterr().err


def test_delete_asks_on_a_terminal(town: Simulation, saves_dir: Path, capsys: pytest.CaptureFixture[str],
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    save_slot(town, "maybe", saves_dir, thumbnail_png=TINY_PNG)
    monkeypatch.setattr("sys.stdin", TerminalInput("n\n"))
    assert main(_saves("delete", "maybe", saves_dir=saves_dir)) == 1
    out = capsys.readouterr().out
    assert "Delete slot 'maybe' (the Ville / three, game time Mon 2023-02-13 00:05" in out
    assert "kept slot 'maybe'" in out and slot_path("maybe", saves_dir).is_file()
    monkeypatch.setattr("sys.stdin", TerminalInput("yes\n"))
    assert main(_saves("delete", "maybe", saves_dir=saves_dir)) == 0
    assert not slot_path("maybe", saves_dir).exists()
    assert not thumbnail_path(slot_path("maybe", saves_dir)).exists()


def test_an_unreadable_slot_can_still_be_deleted(saves_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    saves_dir.mkdir(parents=True)
    slot_path("junk", saves_dir).write_bytes(b"SMALLVILLE-SAVE\n{not json\n")
    assert main(_saves("delete", "junk", "--yes", saves_dir=saves_dir)) == 0
    assert not slot_path("junk", saves_dir).exists()
    assert main(_saves("show", "junk", saves_dir=saves_dir)) == 2
    assert "no such save file" in capsys.readouterr().err
