"""Save slots of the real town: a save restores the state and the game goes on exactly as it would
have; the header says what the save is of; listing, forking, deleting, slot names; a failed write
leaves the slot's previous save intact."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import pickle
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path

import pytest

from agents.cognition.services import MindServices
from agents.engine.simulation import Simulation
from agents.engine.town_steps import run_steps
from agents.paths import user_folders, user_saves_dir
from agents.persistence import save_format
from agents.persistence.errors import SaveSlotError
from agents.persistence.restricted_unpickler import RestrictedUnpickler
from agents.persistence.save_format import MAGIC, SAVE_SUFFIX, current_app_version, read_header
from agents.persistence.save_slots import (
    delete_slot,
    fork_slot,
    list_slots,
    load_slot,
    save_slot,
    slot_path,
)
from tests.persistence.conftest import MORNING_STEPS, stepped_simulation
from tests.persistence.save_files import body_parts, calling_pickle, write_save_file

MORE_STEPS = 360  # one game hour: residents get up, walk and act


def test_a_loaded_save_is_the_saved_state_and_goes_on_identically(services: MindServices, saves_dir: Path) -> None:
    original = stepped_simulation(services)
    save_slot(original, "morning", saves_dir)
    loaded = load_slot("morning", saves_dir).simulation
    assert loaded is not original
    assert loaded.snapshot_sha256() == original.snapshot_sha256()
    assert loaded.now == original.now and loaded.scenario_name == "three"
    tiles_before = {name: r.tile for name, r in loaded.residents.items()}

    run_steps(original, MORE_STEPS, services)
    run_steps(loaded, MORE_STEPS, services)

    assert loaded.snapshot_sha256() == original.snapshot_sha256()
    for name, resident in loaded.residents.items():
        assert resident.action_log == original.residents[name].action_log
        assert resident.memory.records() == original.residents[name].memory.records()
    assert any(r.tile != tiles_before[name] for name, r in loaded.residents.items()), "nobody moved: a weak test"
    run_steps(original, 1, services)
    assert loaded.snapshot_sha256() != original.snapshot_sha256(), "the fingerprint must see one step of difference"


def test_a_save_made_before_a_residents_field_existed_loads_with_its_default(services: MindServices,
                                                                             saves_dir: Path) -> None:
    older = stepped_simulation(services)
    for resident in older.residents.values():  # as in a save made before these fields were added
        del resident.__dict__["decomposing_ahead"], resident.__dict__["placing_ahead"]
    save_slot(older, "older", saves_dir)
    loaded = load_slot("older", saves_dir).simulation
    assert all(resident.decomposing_ahead is None and resident.placing_ahead == {}
               for resident in loaded.residents.values())
    run_steps(loaded, MORE_STEPS, services)
    assert not loaded.incidents


def test_loads_of_one_save_have_equal_snapshot_hashes_now_and_later(simulation: Simulation, services: MindServices,
                                                                   saves_dir: Path) -> None:
    header = save_slot(simulation, "morning", saves_dir)
    first, second = (load_slot("morning", saves_dir).simulation for _ in range(2))
    assert slot_path("morning", saves_dir).stat().st_size > header.body_bytes
    pickled, buffers = body_parts(slot_path("morning", saves_dir))
    plain: Simulation = pickle.loads(pickled, buffers=buffers)  # an unrestricted unpickler, from the same bytes
    assert first.snapshot_sha256() == second.snapshot_sha256() == plain.snapshot_sha256()
    run_steps(first, MORE_STEPS, services)
    run_steps(second, MORE_STEPS, services)
    assert first.snapshot_sha256() == second.snapshot_sha256()


def test_the_header_says_what_the_save_is_of(simulation: Simulation, saves_dir: Path) -> None:
    before = datetime.now(UTC)
    header = save_slot(simulation, "morning", saves_dir)
    after = datetime.now(UTC)
    path = saves_dir / f"morning{SAVE_SUFFIX}"
    assert path.is_file() and read_header(path) == header
    assert header.magic == MAGIC and header.format_version == save_format.FORMAT_VERSION == 2
    assert header.app_version == version("smallville")
    assert before <= header.created_at <= after and header.created_at.utcoffset().total_seconds() == 0
    assert header.game_time == simulation.now == datetime(2023, 2, 13, 7)
    assert header.step_index == simulation.clock.step_index == MORNING_STEPS
    assert (header.scenario, header.world, header.resident_count) == ("three", simulation.world.name, 3)
    assert header.parent_slot is None

    magic_line, header_line, body = path.read_bytes().split(b"\n", 2)
    assert magic_line.decode() == MAGIC
    fields = json.loads(header_line)
    assert fields["created_at"] == header.created_at.isoformat() and fields["game_time"] == "2023-02-13T07:00:00"
    assert fields["step_index"] == MORNING_STEPS and fields["parent_slot"] is None
    assert header.body_bytes == len(body) and header.body_sha256 == hashlib.sha256(body).hexdigest()


def test_the_app_version_is_unknown_only_without_package_metadata(monkeypatch: pytest.MonkeyPatch) -> None:
    assert current_app_version() == version("smallville")

    def missing(name: str) -> str:
        raise save_format.PackageNotFoundError(name)

    monkeypatch.setattr(save_format, "version", missing)
    assert current_app_version() == "unknown"


def test_reading_or_listing_headers_never_unpickles(saves_dir: Path, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    marker = tmp_path / "pwned"
    write_save_file(saves_dir / f"hostile{SAVE_SUFFIX}", calling_pickle("os", "system", f"echo pwned > {marker}"))

    def refuse(*args: object, **kwargs: object) -> object:
        raise AssertionError("the body was unpickled")

    monkeypatch.setattr(pickle, "loads", refuse)
    monkeypatch.setattr(pickle, "load", refuse)
    monkeypatch.setattr(RestrictedUnpickler, "load", refuse)
    assert read_header(saves_dir / f"hostile{SAVE_SUFFIX}").step_index == 2520
    assert [entry.slot for entry in list_slots(saves_dir).slots] == ["hostile"]
    assert not marker.exists()


@pytest.mark.parametrize("name", ["", "a b", "../elsewhere", "x" * 65, "café", "tab\there", "with.dot", "CON", "lpt1"])
def test_bad_slot_names_are_refused_with_the_rules(name: str, simulation: Simulation, saves_dir: Path) -> None:
    for attempt in (lambda: save_slot(simulation, name, saves_dir), lambda: delete_slot(name, saves_dir),
                    lambda: fork_slot("anything", name, saves_dir)):
        with pytest.raises(SaveSlotError) as caught:
            attempt()
        message = str(caught.value)
        assert f"{name!r}" in message and "slot name" in message
        assert ("a letter (A-Z, a-z), a digit, '-' or '_'" in message) or ("reserved" in message)
    assert not saves_dir.exists()


@pytest.mark.parametrize("name", ["a", "x" * 64, "Run_2-b", "0"])
def test_good_slot_names_are_accepted(name: str, simulation: Simulation, saves_dir: Path) -> None:
    save_slot(simulation, name, saves_dir)
    assert load_slot(name, saves_dir).slot == name


def test_a_save_file_loads_by_its_path_too(simulation: Simulation, saves_dir: Path, tmp_path: Path) -> None:
    save_slot(simulation, "morning", saves_dir)
    moved = tmp_path / f"elsewhere{SAVE_SUFFIX}"
    os.replace(slot_path("morning", saves_dir), moved)
    assert load_slot(moved, saves_dir).slot == "elsewhere"
    assert load_slot(str(moved), saves_dir).header.step_index == MORNING_STEPS
    with pytest.raises(SaveSlotError, match="no such save file"):
        load_slot("morning", saves_dir)


def test_list_slots_lists_good_saves_oldest_first_and_broken_files_as_problems(simulation: Simulation,
                                                                              saves_dir: Path) -> None:
    assert list_slots(saves_dir).slots == () and not saves_dir.exists()
    save_slot(simulation, "zeta", saves_dir)
    save_slot(simulation, "alpha", saves_dir)
    (saves_dir / f"broken{SAVE_SUFFIX}").write_bytes(b"not a save at all")
    (saves_dir / f"bad name{SAVE_SUFFIX}").write_bytes(slot_path("alpha", saves_dir).read_bytes())
    (saves_dir / "notes.txt").write_text("not a save, and not named like one")

    listing = list_slots(saves_dir)

    assert [entry.slot for entry in listing.slots] == ["zeta", "alpha"]
    assert [entry.header.step_index for entry in listing.slots] == [MORNING_STEPS, MORNING_STEPS]
    problems = {problem.path.name: problem.reason for problem in listing.problems}
    assert set(problems) == {f"broken{SAVE_SUFFIX}", f"bad name{SAVE_SUFFIX}"}
    assert str(saves_dir / f"broken{SAVE_SUFFIX}") in problems[f"broken{SAVE_SUFFIX}"]
    assert "not a Smallville save" in problems[f"broken{SAVE_SUFFIX}"]
    assert "slot name" in problems[f"bad name{SAVE_SUFFIX}"]


def test_a_fork_is_a_new_slot_that_remembers_its_parent(simulation: Simulation, services: MindServices,
                                                         saves_dir: Path) -> None:
    save_slot(simulation, "morning", saves_dir)
    fork = fork_slot("morning", "what-if", saves_dir)
    assert fork.parent_slot == "morning" and read_header(slot_path("what-if", saves_dir)) == fork
    assert fork.step_index == MORNING_STEPS
    branch = load_slot("what-if", saves_dir).simulation
    assert branch.snapshot_sha256() == simulation.snapshot_sha256()

    run_steps(branch, 10, services)
    save_slot(branch, "what-if", saves_dir, parent_slot="morning")
    assert fork_slot("what-if", "what-if-2", saves_dir).parent_slot == "what-if"
    lineage = {entry.slot: entry.header.parent_slot for entry in list_slots(saves_dir).slots}
    assert lineage == {"morning": None, "what-if": "morning", "what-if-2": "what-if"}

    untouched = slot_path("morning", saves_dir).read_bytes()
    with pytest.raises(SaveSlotError, match="already exists"):
        fork_slot("what-if", "morning", saves_dir)
    assert slot_path("morning", saves_dir).read_bytes() == untouched


def test_delete_slot_removes_it_and_says_when_there_is_nothing_to_delete(simulation: Simulation,
                                                                        saves_dir: Path) -> None:
    save_slot(simulation, "morning", saves_dir)
    assert delete_slot("morning", saves_dir) == slot_path("morning", saves_dir)
    assert list_slots(saves_dir).slots == ()
    with pytest.raises(SaveSlotError, match="no save slot named 'morning' to delete"):
        delete_slot("morning", saves_dir)


@pytest.mark.parametrize(("failing", "code", "phrase"), [
    ("fsync", errno.ENOSPC, "the disk is full"),
    ("replace", errno.ENOSPC, "the disk is full"),
    ("replace", errno.EACCES, "is not writable"),
])
def test_a_failed_save_leaves_the_previous_save_intact(failing: str, code: int, phrase: str, simulation: Simulation,
                                                       services: MindServices, saves_dir: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    save_slot(simulation, "morning", saves_dir)
    previous = slot_path("morning", saves_dir).read_bytes()
    run_steps(simulation, 10, services)

    def fail(*args: object) -> None:
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(os, failing, fail)
    with pytest.raises(SaveSlotError) as caught:
        save_slot(simulation, "morning", saves_dir)
    monkeypatch.undo()

    message = str(caught.value)
    assert phrase in message and str(slot_path("morning", saves_dir)) in message
    assert "the previous save in this slot, if any, is intact" in message
    assert slot_path("morning", saves_dir).read_bytes() == previous
    assert sorted(p.name for p in saves_dir.iterdir()) == [f"morning{SAVE_SUFFIX}"], "a temp file was left behind"
    assert load_slot("morning", saves_dir).header.step_index == MORNING_STEPS


def test_a_saves_folder_that_is_a_file_is_reported(simulation: Simulation, saves_dir: Path) -> None:
    saves_dir.parent.mkdir(parents=True, exist_ok=True)
    saves_dir.write_text("a file where the saves folder should be")
    with pytest.raises(SaveSlotError, match="not writable"):
        save_slot(simulation, "morning", saves_dir)
    with pytest.raises(SaveSlotError, match="is a file, not a folder"):
        list_slots(saves_dir)


def test_the_saves_folder_is_in_the_per_user_data_folder(isolated_user_folders: Path) -> None:
    assert user_saves_dir() == isolated_user_folders / "data" / "saves" == user_folders().saves_dir
