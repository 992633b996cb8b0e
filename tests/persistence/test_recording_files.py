"""Recordings that are not what they claim: a file that is not a recording, a symlink to /dev/zero,
another program's SQLite file, a recording of a newer format, one cut short, a keyframe whose pickle
would call ``os.system``, a blob lying about its size or unpacking to gigabytes. Each is refused
with a RecordingError naming the file; nothing runs; the good recordings beside them still list."""

from __future__ import annotations

import json
import os
import pickle
import sqlite3
import zlib
from pathlib import Path

import pytest

from agents.cognition.services import MindServices
from agents.engine.town_steps import run_steps
from agents.persistence.recorder import Recorder
from agents.persistence.recording_reader import RecordingReader
from agents.persistence.recording_store import RECORDING_SUFFIX, RecordingError, list_recordings
from tests.persistence.recording_runs import town
from tests.persistence.save_files import calling_pickle


@pytest.fixture(scope="module")
def good(services: MindServices, tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """The bytes of a small good recording (100 steps of the "three" town from 7 am)."""
    folder = tmp_path_factory.mktemp("good")
    simulation = town(services)
    run_steps(simulation, 7 * 360, services)
    recorder = Recorder.start(simulation, "good", recordings_dir=folder)
    for _ in range(100):
        run_steps(simulation, 1, services)
        recorder.after_step(simulation)
    recorder.close(simulation)
    return (folder / f"good{RECORDING_SUFFIX}").read_bytes()


def write(folder: Path, name: str, data: bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}{RECORDING_SUFFIX}"
    path.write_bytes(data)
    return path


def test_a_file_that_is_not_a_recording_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "junk", b"this is no database at all" * 100)
    with pytest.raises(RecordingError, match="not a Smallville recording") as refused:
        RecordingReader.open(path)
    assert str(path) in str(refused.value)


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_a_symlink_to_dev_zero_is_refused_without_reading_it(tmp_path: Path) -> None:
    tmp_path.mkdir(exist_ok=True)
    link = tmp_path / f"zero{RECORDING_SUFFIX}"
    link.symlink_to("/dev/zero")
    with pytest.raises(RecordingError, match="not a regular file"):
        RecordingReader.open(link)


def test_another_programs_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / f"other{RECORDING_SUFFIX}"
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE meta(key TEXT, value TEXT)")
    connection.commit()
    connection.close()
    with pytest.raises(RecordingError, match="not a Smallville recording"):
        RecordingReader.open(path)


def _edit(path: Path, *statements: tuple[str, tuple[object, ...]]) -> None:
    connection = sqlite3.connect(path)
    for sql, parameters in statements:
        connection.execute(sql, parameters)
    connection.commit()
    connection.close()


def test_a_recording_of_a_newer_format_asks_for_a_newer_app(good: bytes, tmp_path: Path) -> None:
    path = write(tmp_path, "future", good)
    meta = json.loads(sqlite3.connect(path).execute("SELECT value FROM meta").fetchone()[0])
    _edit(path, ("UPDATE meta SET value = ?", (json.dumps({**meta, "format_version": 99}),)))
    with pytest.raises(RecordingError, match="newer Smallville .* format 99.*update the app"):
        RecordingReader.open(path)


def test_a_recording_cut_short_is_refused_when_read(good: bytes, tmp_path: Path) -> None:
    path = write(tmp_path, "cut", good[: len(good) // 3])
    with pytest.raises(RecordingError) as refused:
        reader = RecordingReader.open(path)
        reader.simulation_at(reader.last_step)
        reader.frame(reader.last_step)
    assert str(path) in str(refused.value)


def test_a_keyframe_that_would_run_a_command_is_refused_and_runs_nothing(good: bytes, tmp_path: Path) -> None:
    path = write(tmp_path, "hostile", good)
    marker = tmp_path / "ran"
    body = calling_pickle("os", "system", f"touch {marker}")
    _edit(path, ("UPDATE keyframes SET town = ?, raw_bytes = ?", (zlib.compress(body), len(body))))
    with RecordingReader.open(path) as reader:
        with pytest.raises(RecordingError, match="refused to load os.system"):
            reader.simulation_at(reader.last_step)
        assert reader.frame(reader.last_step).step_index == reader.last_step  # the frames still read
    assert not marker.exists()


@pytest.mark.parametrize("lie", ["declares more", "declares less", "bomb"])
def test_a_blob_lying_about_its_size_is_refused(good: bytes, tmp_path: Path, lie: str) -> None:
    path = write(tmp_path, "liar", good)
    body = pickle.dumps([1, 2, 3])
    if lie == "declares more":
        update = (zlib.compress(body), 10 ** 12)
    elif lie == "declares less":
        update = (zlib.compress(body), len(body) - 1)
    else:
        update = (zlib.compress(b"\0" * 200_000_000, 9), 100)
    _edit(path, ("UPDATE keyframes SET town = ?, raw_bytes = ?", update))
    with RecordingReader.open(path) as reader, pytest.raises(RecordingError, match="bytes"):
        reader.simulation_at(reader.last_step)


def test_broken_frames_are_an_error_not_a_crash(good: bytes, tmp_path: Path) -> None:
    path = write(tmp_path, "frames", good)
    _edit(path, ("UPDATE step_batches SET frame_changes = ?", (zlib.compress(b"[[1, 2, 3"),)),
          ("DELETE FROM frames WHERE step > (SELECT MIN(step) FROM frames)", ()))
    with RecordingReader.open(path) as reader, pytest.raises(RecordingError, match="not valid"):
        reader.frame(reader.last_step)


def test_bad_files_are_listed_as_problems_beside_the_good_ones(good: bytes, tmp_path: Path) -> None:
    write(tmp_path, "good", good)
    write(tmp_path, "junk", os.urandom(5000))
    listing = list_recordings(tmp_path)
    assert [entry.name for entry in listing.recordings] == ["good"]
    assert [problem.path.name for problem in listing.problems] == [f"junk{RECORDING_SUFFIX}"]
    with RecordingReader.open("good", tmp_path) as reader:
        assert reader.simulation_at(reader.last_step).clock.step_index == reader.last_step
