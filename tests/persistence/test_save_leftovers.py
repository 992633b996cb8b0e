"""Temporary files of interrupted saves are removed the next time the saves folder is listed or
written, but never the temporary file of a save in progress (in this process or a running one)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from agents.atomic_write import write_bytes_atomically
from agents.engine.simulation import Simulation
from agents.persistence.save_leftovers import remove_stale_temporaries, writing
from agents.persistence.save_slots import list_slots, save_slot, slot_path

REPO_ROOT = Path(__file__).resolve().parents[2]

# A child that starts an atomic write of a slot and is killed in the middle of it.
_CHILD = """
import os, sys, tempfile, time
from pathlib import Path
target = Path(sys.argv[1])
descriptor, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.{os.getpid()}-", suffix=".tmp")
os.write(descriptor, b"half a save")
print(name, flush=True)
time.sleep(60)
"""


def _killed_write(saves_dir: Path, slot: str) -> Path:
    child = subprocess.Popen([sys.executable, "-c", _CHILD, str(slot_path(slot, saves_dir))],
                             stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout is not None
        leftover = Path(child.stdout.readline().strip())
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(30)
        if child.stdout is not None:
            child.stdout.close()
    assert leftover.is_file()
    return leftover


@pytest.mark.skipif(os.name != "posix", reason="tells a dead writer by its process id (POSIX)")
def test_listing_removes_the_leftovers_of_killed_saves(saves_dir: Path) -> None:
    saves_dir.mkdir(parents=True)
    leftovers = [_killed_write(saves_dir, f"slot-{number}") for number in range(3)]
    assert list_slots(saves_dir).slots == ()
    assert not any(path.exists() for path in leftovers)


@pytest.mark.skipif(os.name != "posix", reason="tells a dead writer by its process id (POSIX)")
def test_writing_a_slot_removes_the_leftovers(saves_dir: Path, simulation: Simulation) -> None:
    saves_dir.mkdir(parents=True)
    leftover = _killed_write(saves_dir, "monday")
    save_slot(simulation, "tuesday", saves_dir)
    assert not leftover.exists()
    assert [entry.slot for entry in list_slots(saves_dir).slots] == ["tuesday"]
    assert not list(saves_dir.glob(".*.tmp"))


def test_a_save_in_progress_in_this_process_is_kept(saves_dir: Path) -> None:
    saves_dir.mkdir(parents=True)
    target = slot_path("busy", saves_dir)
    in_progress = saves_dir / f".{target.name}.{os.getpid()}-abc123.tmp"
    with writing([target]):
        in_progress.write_bytes(b"being written")
        assert remove_stale_temporaries(saves_dir) == 0
        list_slots(saves_dir)
        assert in_progress.exists()
    # the same file once no write of that slot is under way: a leftover
    assert remove_stale_temporaries(saves_dir) == 1 and not in_progress.exists()


def test_a_fresh_write_of_another_running_process_is_kept_until_stale(saves_dir: Path) -> None:
    saves_dir.mkdir(parents=True)
    other = saves_dir / f".autosave-1.smallville-save.{os.getppid()}-def456.tmp"  # the parent process runs
    untagged = saves_dir / ".autosave-2.smallville-save.ghi789.tmp"  # written by an older version
    for path in (other, untagged):
        path.write_bytes(b"half")
    assert remove_stale_temporaries(saves_dir) == 0
    past = time.time() - 3600
    for path in (other, untagged):
        os.utime(path, (past, past))
    assert remove_stale_temporaries(saves_dir) == 2


def test_atomic_writes_name_their_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[str] = []
    real_replace = os.replace

    def spying_replace(source: str, target: Path) -> None:
        seen.append(Path(source).name)
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", spying_replace)
    write_bytes_atomically(tmp_path / "x.smallville-save", b"data")
    assert seen and seen[0].startswith(f".x.smallville-save.{os.getpid()}-") and seen[0].endswith(".tmp")
