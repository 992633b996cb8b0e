"""Run as the user would (issue 14): a model named but never answering is never silently replaced by the
offline model, no fallback-only hours are saved, a URL that is no model server's is refused at once; a
server answering 1,100-deep nesting and 5,000-digit numbers is counted call for call in the summary, and
a small budget stops the run at its limit. Each run is ``smallville-sim run`` in a subprocess; no output
holds a traceback."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from agents.cli.run_errors import EXIT_BUDGET_EXHAUSTED, EXIT_INPUT_ERROR, EXIT_MODEL_UNREACHABLE
from agents.persistence.save_format import read_header
from agents.persistence.save_slots import slot_path
from tests.fixtures.model_server import ModelServer
from tests.fixtures.model_server_payloads import hostile_answers

REPO_ROOT = Path(__file__).resolve().parents[2]
MODEL = "smallville-test-model"
SCENARIO_START = datetime(2023, 2, 13, 0, 0)  # the shipped "three" scenario's start
STEP_SECONDS = 10


@dataclass(frozen=True)
class Ran:
    code: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


def _settings(home: Path, text: str) -> None:
    (home / "config").mkdir(parents=True, exist_ok=True)
    (home / "config" / "settings.toml").write_text(text)


def _run(home: Path, *args: str, timeout_seconds: float = 120) -> Ran:
    done = subprocess.run([sys.executable, "-m", "agents.cli.main", "run", "--no-record", *args], cwd=REPO_ROOT,
                          env={**os.environ, "SMALLVILLE_HOME": str(home)}, text=True, capture_output=True,
                          timeout=timeout_seconds, check=False)
    ran = Ran(done.returncode, done.stdout, done.stderr)
    assert "Traceback" not in ran.output, ran.output
    return ran


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


FAST_RESILIENCE = ("[resilience]\ntimeout_seconds = 0.5\nmax_retries = 2\nbackoff_initial_seconds = 0.05\n"
                   "backoff_max_seconds = 0.1\n")


# -- a model that never answers ------------------------------------------------------------------------


def test_a_closed_port_without_a_model_name_is_refused_not_run_offline(isolated_user_folders: Path) -> None:
    url = f"http://127.0.0.1:{_closed_port()}/v1"
    ran = _run(isolated_user_folders, "--hours", "1", "--model", url)
    assert ran.code == EXIT_INPUT_ERROR
    assert "offline model" not in ran.stderr.split("error:")[0]
    assert f"--model {url}" in ran.stderr and "did not answer" in ran.stderr


def test_a_closed_port_waits_then_gives_up_and_saves_no_fallback_hours(isolated_user_folders: Path) -> None:
    _settings(isolated_user_folders, FAST_RESILIENCE + "unreachable_give_up_seconds = 3\n")
    url = f"http://127.0.0.1:{_closed_port()}/v1"
    summary = isolated_user_folders / "down.json"
    ran = _run(isolated_user_folders, "--hours", "3", "--model", url, "--model-name", "llama3.2",
               "--save", "down", "--summary", str(summary))
    assert ran.code == EXIT_MODEL_UNREACHABLE, ran.output
    assert "offline model" not in ran.stderr
    assert f"model at {url} unreachable for" in ran.stderr
    assert ran.stderr.rstrip().splitlines()[-1].startswith(f"smallville-sim: stopped: the model at {url} has been "
                                                           "unreachable for")
    data = json.loads(summary.read_text())
    assert data["totals"]["calls"] == 0  # nothing reached a server
    assert data["steps"] <= 1  # the clock waited: at most the step open when it gave up was closed
    header = read_header(slot_path("down", isolated_user_folders / "data" / "saves"))
    assert header.game_time <= SCENARIO_START + timedelta(seconds=STEP_SECONDS)


@pytest.mark.parametrize("url", ["ftp://127.0.0.1:21/v1", "localhost:8080/v1", "file:///etc/passwd"])
def test_a_url_that_is_no_model_server_is_refused_at_once_in_one_line(isolated_user_folders: Path, url: str) -> None:
    ran = _run(isolated_user_folders, "--hours", "1", "--model", url, "--model-name", "x", timeout_seconds=30)
    assert ran.code == EXIT_INPUT_ERROR
    lines = [line for line in ran.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, ran.stderr
    assert lines[0].startswith(f"smallville-sim: error: --model {url}: not a model server's URL")
    assert "http://" in lines[0] and ran.stdout == ""


# -- a server answering what no parser should choke on -------------------------------------------------


def test_hostile_answers_are_counted_call_for_call(isolated_user_folders: Path) -> None:
    _settings(isolated_user_folders, FAST_RESILIENCE + "[cache]\nenabled = false\n")
    summary = isolated_user_folders / "hostile.json"
    with ModelServer(answer_hook=hostile_answers(), model_name=MODEL) as server:
        ran = _run(isolated_user_folders, "--hours", "0.05", "--model", server.base_url, "--model-name", MODEL,
                   "--summary", str(summary))
    assert ran.code == 0, ran.output
    totals = json.loads(summary.read_text())["totals"]
    assert server.stats.chat_requests > 0
    assert totals["calls"] == server.stats.chat_requests
    # every answer was invalid; those of work asked ahead still in flight when the town was done are
    # metered (the server got them) but belong to no operation the summary tells (at most one a worker)
    workers = 8
    assert server.stats.chat_requests - workers <= totals["invalid_answers"] <= server.stats.chat_requests
    assert totals["fallbacks"] > 0


def test_a_small_budget_stops_the_run_at_its_limit(isolated_user_folders: Path) -> None:
    budget_usd = 0.05
    _settings(isolated_user_folders, FAST_RESILIENCE + "[cache]\nenabled = false\n"
              f"[budget]\nmax_cost_usd = {budget_usd}\n"
              f'[prices."{MODEL}"]\nprompt_usd_per_million_tokens = 5.0\ncompletion_usd_per_million_tokens = 5.0\n')
    summary = isolated_user_folders / "budget.json"
    with ModelServer(answer_hook=hostile_answers(), model_name=MODEL) as server:
        ran = _run(isolated_user_folders, "--hours", "3", "--model", server.base_url, "--model-name", MODEL,
                   "--summary", str(summary))
    assert ran.code == EXIT_BUDGET_EXHAUSTED, ran.output
    data = json.loads(summary.read_text())
    totals = data["totals"]
    assert totals["calls"] == server.stats.chat_requests > 0
    assert totals["cost_priced"]
    # Every attempt is admitted only while what was spent and its worst case fit the budget; this server
    # reports more completion tokens than max_tokens allows (5,000 digits), so the attempts in flight
    # when the budget ran out may pass it by what they over-reported: a few cents at this price.
    assert budget_usd * 0.5 < totals["cost_usd"] <= budget_usd * 1.5
    assert datetime.fromisoformat(data["ended_game_time"]) < SCENARIO_START + timedelta(hours=3)
    assert "budget" in ran.stderr.rstrip().splitlines()[-1]
