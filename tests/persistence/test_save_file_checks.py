"""Loading refuses what it cannot trust, with a message naming the file: damaged or truncated files,
files that are not saves, saves of a newer format, and hostile pickles (nothing in them runs)."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest

from agents.atomic_write import write_text_atomically
from agents.engine.clock import GameClock
from agents.engine.simulation import Simulation
from agents.llm.response_cache import ResponseCache
from agents.persistence.errors import SaveSlotError
from agents.persistence.save_format import FORMAT_VERSION, SAVE_SUFFIX, read_header
from agents.persistence.save_slots import load_slot, save_slot, slot_path
from tests.persistence.save_files import calling_pickle, rewrite_header_fields, write_save_file

CORRUPT = "the file is corrupt or truncated"


@pytest.fixture()
def saved(simulation: Simulation, saves_dir: Path) -> Path:
    save_slot(simulation, "morning", saves_dir)
    return slot_path("morning", saves_dir)


def load_error(path: Path) -> str:
    with pytest.raises(SaveSlotError) as caught:
        load_slot(path, path.parent)
    message = str(caught.value)
    assert str(path) in message, "the message must name the file"
    return message


def test_a_flipped_byte_in_the_body_is_caught(saved: Path) -> None:
    data = bytearray(saved.read_bytes())
    data[len(data) // 2] ^= 0x01
    saved.write_bytes(bytes(data))
    message = load_error(saved)
    assert "checksum" in message and CORRUPT in message and "load another slot" in message


@pytest.mark.parametrize("keep", [-100, 300, 20])
def test_a_truncated_file_is_caught_before_unpickling(saved: Path, keep: int) -> None:
    saved.write_bytes(saved.read_bytes()[:keep])
    message = load_error(saved)
    assert CORRUPT in message
    with pytest.raises(SaveSlotError, match="corrupt or truncated"):
        read_header(saved)


def test_extra_bytes_after_the_body_are_caught(saved: Path) -> None:
    saved.write_bytes(saved.read_bytes() + b"\x00")
    assert "promises" in load_error(saved)


@pytest.mark.parametrize(("content", "phrase"), [
    (b"", "the file is empty"),
    (b"PK\x03\x04 a zip file, say", "this is not a Smallville save"),
    (b"SMALLVILLE-SAVE-2\n{}\n", "this is not a Smallville save"),
    (b"SMALLVILLE-SAVE\nnot json\n", "the header is not valid JSON"),
    (b"SMALLVILLE-SAVE\n[1, 2]\n", "the header is not a JSON object"),
])
def test_files_that_are_not_saves_are_refused(content: bytes, phrase: str, saves_dir: Path) -> None:
    path = saves_dir / f"other{SAVE_SUFFIX}"
    saves_dir.mkdir(parents=True)
    path.write_bytes(content)
    assert phrase in load_error(path)


def test_a_save_of_a_newer_format_asks_for_a_newer_app(saved: Path) -> None:
    rewrite_header_fields(saved, format_version=FORMAT_VERSION + 1, some_future_field=[1, 2])
    message = load_error(saved)
    assert "made by a newer Smallville" in message and "update the app" in message
    with pytest.raises(SaveSlotError, match="newer Smallville"):
        read_header(saved)


@pytest.mark.parametrize(("field", "value"), [
    ("step_index", "seven"), ("step_index", -1), ("body_bytes", True), ("format_version", 0),
    ("created_at", "yesterday"), ("created_at", "2024-01-01T12:00:00"), ("game_time", None),
    ("body_sha256", "abc"), ("parent_slot", 3), ("magic", "OTHER"), ("scenario", 1),
])
def test_broken_header_fields_are_named(saved: Path, field: str, value: object) -> None:
    rewrite_header_fields(saved, **{field: value})
    message = load_error(saved)
    assert f"header field {field!r}" in message and CORRUPT in message


def test_a_missing_header_field_is_named(saved: Path) -> None:
    rewrite_header_fields(saved, world=None)
    assert "header field 'world' should be a string, found nothing" in load_error(saved)


class Exploit:
    """Calls ``function(*args)`` when unpickled by an ordinary unpickler."""

    def __init__(self, function: Callable[..., object], *args: object) -> None:
        self.function = function
        self.args = args

    def __reduce__(self) -> tuple[Callable[..., object], tuple[object, ...]]:
        return self.function, self.args


def hostile_bodies(marker: Path) -> dict[str, bytes]:
    """Pickles that would write ``marker`` (or do worse) if their ``module.name`` were admitted; each
    one does so under a plain ``pickle.loads`` (checked by the next test) unless noted."""
    shell = f"echo pwned > {marker}"
    writer = f"__import__('pathlib').Path({str(marker)!r}).write_text('pwned')"
    return {
        "os.system via __reduce__": pickle.dumps(Exploit(os.system, shell)),
        "builtins.eval": calling_pickle("builtins", "eval", writer),
        "subprocess.getoutput": calling_pickle("subprocess", "getoutput", shell),
        "subprocess.Popen (a class)": pickle.dumps(Exploit(subprocess.Popen, [sys.executable, "-c", writer])),
        "an agents function": pickle.dumps(Exploit(write_text_atomically, marker, "pwned")),
        "an agents class that makes folders": pickle.dumps(Exploit(ResponseCache, marker / "cache.sqlite3")),
        "a dotted name through a state module": calling_pickle("agents.engine.simulation", "logging.os.system", shell),
        # harmless here, but refused all the same
        "builtins.getattr": calling_pickle("builtins", "getattr", "x", "y"),
        "a function in a state package": calling_pickle("agents.engine.simulation", "_copy_spatial", "x"),
        "a foreign class re-exported by a state module": calling_pickle("agents.world.world_map", "FilePath", "x"),
    }


HARMLESS = ("builtins.getattr", "a function in a state package", "a foreign class re-exported by a state module")


@pytest.mark.parametrize("kind", [kind for kind in hostile_bodies(Path("m")) if kind not in HARMLESS])
def test_the_hostile_pickles_really_are_hostile(kind: str, tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    result = pickle.loads(hostile_bodies(marker)[kind])  # the unrestricted unpickler: what we refuse
    if isinstance(result, subprocess.Popen):
        result.wait(timeout=30)
    assert marker.exists()


@pytest.mark.parametrize("kind", list(hostile_bodies(Path("m"))))
def test_a_hostile_pickle_is_refused_and_nothing_runs(kind: str, saves_dir: Path, tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    body = hostile_bodies(marker)[kind]
    path = write_save_file(saves_dir / f"hostile{SAVE_SUFFIX}", body)
    message = load_error(path)
    assert "refused to load" in message
    assert "not made by Smallville or was tampered with" in message
    assert not marker.exists(), "something in the file ran"


def test_the_refusal_names_the_refused_global(saves_dir: Path, tmp_path: Path) -> None:
    path = write_save_file(saves_dir / f"hostile{SAVE_SUFFIX}", pickle.dumps(Exploit(os.system, "echo pwned")))
    assert f"refused to load {os.system.__module__}.system" in load_error(path)


def test_a_save_holding_something_other_than_a_simulation_is_refused(saves_dir: Path) -> None:
    clock = GameClock(start=datetime(2023, 2, 13))
    path = write_save_file(saves_dir / f"clock{SAVE_SUFFIX}", pickle.dumps(clock))
    assert "holds a GameClock, not a simulation" in load_error(path)


def test_a_save_naming_a_class_this_version_lacks_says_so(saves_dir: Path) -> None:
    path = write_save_file(saves_dir / f"old{SAVE_SUFFIX}", calling_pickle("agents.engine.simulation", "Gone"))
    assert "which this version of Smallville does not have" in load_error(path)


def test_a_damaged_pickle_with_a_matching_checksum_is_reported(saves_dir: Path) -> None:
    path = write_save_file(saves_dir / f"garbage{SAVE_SUFFIX}", b"\x80\x05garbage")
    assert "the saved state could not be rebuilt" in load_error(path)
