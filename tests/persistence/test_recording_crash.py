"""kill -9 in the middle of recording: a child process records a town step after step and is
SIGKILLed at different moments; each time the recording opens, holds every step the child had
reported committed, misses at most the transaction in progress (one game minute), its frames read
to the end and its last keyframe rebuilds the town."""

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
from agents.persistence.recording_reader import RecordingReader
from agents.persistence.recording_store import list_recordings
from tests.conftest import REPO_ROOT

KILLS = 3
COMMIT_STEPS = 6  # one game minute: the most a kill may lose
pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals")


def read_line(child: subprocess.Popen[str], deadline: float) -> str:
    assert child.stdout is not None
    line = child.stdout.readline()
    assert line, f"the child ended early: {child.stderr.read() if child.stderr else ''}"
    assert time.monotonic() < deadline, "the child took too long"
    return line.strip()


def test_a_kill_mid_recording_loses_at_most_the_last_transaction(simulation: Simulation, tmp_path: Path) -> None:
    start = tmp_path / "morning.pickle"
    start.write_bytes(pickle.dumps(simulation, protocol=pickle.HIGHEST_PROTOCOL))
    recordings = tmp_path / "recordings"
    for kill in range(KILLS):
        name = f"killed-{kill}"
        child = subprocess.Popen([sys.executable, str(Path(__file__).with_name("recording_child.py")),
                                  str(recordings), name, str(start)], cwd=REPO_ROOT, stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(REPO_ROOT)})
        try:
            deadline = time.monotonic() + 120
            first = int(read_line(child, deadline).split()[1])
            recorded = committed = first
            with RecordingReader.open(name, recordings) as watching:  # read while the child writes
                while recorded < first + 40 + 7 * kill:
                    _, recorded_text, committed_text = read_line(child, deadline).split()
                    recorded, committed = int(recorded_text), int(committed_text)
                    seen = watching.last_step  # it grows meanwhile
                    assert watching.frame(seen).step_index == seen
                time.sleep(0.002 * kill)  # somewhere in the next step, or its commit
                child.send_signal(signal.SIGKILL)
                child.wait(30)
            assert child.stdout is not None
            for line in child.stdout.read().splitlines():  # what it printed before the kill, not read yet
                _, recorded_text, committed_text = line.split()
                recorded, committed = int(recorded_text), int(committed_text)
        finally:
            if child.poll() is None:
                child.kill()
                child.wait(30)
            for stream in (child.stdout, child.stderr):
                if stream:
                    stream.close()
        assert child.returncode == -signal.SIGKILL
        with RecordingReader.open(name, recordings) as reader:
            last = reader.last_step
            assert committed <= last <= recorded + 1, (committed, last, recorded)
            assert recorded - last < COMMIT_STEPS, "more than the last transaction was lost"
            frames = [reader.frame(step) for step in range(reader.first_step, last + 1)]
            assert [f.step_index for f in frames] == list(range(first, last + 1))
            town = reader.simulation_at(last)
            assert town.clock.step_index == first and len(town.residents) == 3
            assert reader.resident_view("Isabella Rodriguez", last) is not None
    assert {entry.name for entry in list_recordings(recordings).recordings} == {f"killed-{k}" for k in range(KILLS)}
    assert not list_recordings(recordings).problems
