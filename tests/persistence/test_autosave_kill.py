"""kill -9 in the middle of an autosave: a child process autosaves in a loop (on the background
writer, fsync slowed so the kill lands mid-write) and is SIGKILLed, several times over, each run
going on from the newest save; every time, the newest slot loads, holds the last step reported
saved (or a later one), and an interrupted write left only its temporary file."""

from __future__ import annotations

import os
import pickle
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from agents.engine.simulation import Simulation
from agents.persistence.background_save import remove_stale_temporaries
from agents.persistence.save_slots import list_slots, load_slot, newest_slot
from tests.conftest import REPO_ROOT

KILLS = 3
pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals")


def read_line(child: subprocess.Popen[str], deadline: float) -> str:
    assert child.stdout is not None
    line = child.stdout.readline()
    assert line, f"the child ended early: {child.stderr.read() if child.stderr else ''}"
    assert time.monotonic() < deadline, "the child took too long"
    return line.strip()


def test_a_kill_mid_autosave_leaves_the_newest_save_loadable(simulation: Simulation, saves_dir: Path,
                                                              tmp_path: Path) -> None:
    start = tmp_path / "morning.pickle"
    start.write_bytes(pickle.dumps(simulation, protocol=pickle.HIGHEST_PROTOCOL))
    saves_dir.mkdir(parents=True)
    last_saved_step = simulation.clock.step_index
    interrupted = 0
    for kill in range(KILLS):
        child = subprocess.Popen([sys.executable, str(Path(__file__).with_name("autosave_loop_child.py")),
                                  str(saves_dir), str(start)], cwd=REPO_ROOT, stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, text=True,
                                 env={**os.environ, "PYTHONPATH": str(REPO_ROOT)})
        try:
            deadline = time.monotonic() + 120
            started = int(read_line(child, deadline).split()[1])
            assert started >= last_saved_step, "each run goes on from the newest save"
            saves_seen = 0
            while True:
                words = read_line(child, deadline).split()
                if words[0] == "saved":
                    last_saved_step = int(words[2])
                    saves_seen += 1
                elif words[0] == "writing" and saves_seen >= 2 + kill:
                    time.sleep(0.05 + 0.03 * kill)  # inside the write's slow fsync
                    break
            child.send_signal(signal.SIGKILL)
            child.wait(30)
        finally:
            if child.poll() is None:
                child.kill()
                child.wait(30)
            if child.stdout:
                child.stdout.close()
            if child.stderr:
                child.stderr.close()
        assert child.returncode == -signal.SIGKILL
        leftovers = list(saves_dir.glob(".*.tmp"))
        interrupted += bool(leftovers)
        assert not list_slots(saves_dir).problems, "no save was left half-written"
        newest = newest_slot(saves_dir)
        assert newest is not None and newest.slot.startswith("autosave-")
        loaded = load_slot(newest.path, saves_dir)
        assert loaded.simulation.clock.step_index >= last_saved_step
        assert loaded.simulation.clock.step_index - last_saved_step <= 1
        for entry in list_slots(saves_dir).slots:  # the slot being written when killed is whole too
            assert load_slot(entry.path, saves_dir).simulation.clock.step_index <= last_saved_step + 1
    assert interrupted >= 1, "no kill landed inside a write: the test did not test anything"
    leftovers = len(list(saves_dir.glob(".*.tmp")))
    assert remove_stale_temporaries(saves_dir, older_than_seconds=0) == leftovers
    assert not list(saves_dir.glob(".*.tmp")) and len(list_slots(saves_dir).slots) == 3
