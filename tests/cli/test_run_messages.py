"""What ``smallville-sim run`` says: which model and where that choice came from, counts in the right
number ("1 game hour"), an unreachable model on the progress line at once and for how long, and a
run that ends (given up, or interrupted) with its summary and no traceback."""

from __future__ import annotations

import argparse
import io
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import pytest

from agents.cli.main import main
from agents.cli.model_choice import settings_for_command_line
from agents.cli.progress import RunProgress, UsageFigures
from agents.cli.run_errors import EXIT_INTERRUPTED, EXIT_MODEL_UNREACHABLE, EXIT_TERMINATED
from agents.cli.wording import count_of
from agents.llm.api_key import ApiKey
from agents.llm.settings import LlmSettings
from agents.persistence.save_format import read_header
from agents.persistence.save_slots import slot_path
from tests.fixtures.model_server import Fault, ModelServer

REPO_ROOT = Path(__file__).resolve().parents[2]
SETTINGS_KEY = "sk-SETTINGS-KEY-not-for-other-urls-0123"


def _write_settings(home: Path, text: str) -> None:
    config = home / "config"
    config.mkdir(parents=True, exist_ok=True)
    (config / "settings.toml").write_text(text)


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _last_line(text: str) -> str:
    return [line for line in text.splitlines() if line.strip()][-1]


def _first_line(err: str) -> str:
    return next(line for line in err.splitlines() if line.startswith("smallville-sim run: "))


# -- where the model came from -----------------------------------------------------------------------


def test_model_offline_is_from_the_command_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["run", "--hours", "0.1", "--model", "offline", "--summary", str(tmp_path / "s.json")]) == 0
    first = _first_line(capsys.readouterr().err)
    assert "model: offline model (from the command line)" in first and "settings" not in first
    assert '"model": "offline model (from the command line)"' in (tmp_path / "s.json").read_text()


def test_offline_chosen_in_settings_says_so(capsys: pytest.CaptureFixture[str], isolated_user_folders: Path) -> None:
    _write_settings(isolated_user_folders, '[model]\nprovider = "offline"\n')
    assert main(["run", "--hours", "0.1"]) == 0
    assert "model: offline model (chosen in settings)" in _first_line(capsys.readouterr().err)


def test_a_url_from_the_command_line_or_from_settings(capsys: pytest.CaptureFixture[str],
                                                      isolated_user_folders: Path) -> None:
    with ModelServer() as server:
        assert main(["run", "--hours", "0.01", "--model", server.base_url]) == 0
        assert (f"model: smallville-test-model at {server.base_url} (from the command line)"
                in _first_line(capsys.readouterr().err))
        _write_settings(isolated_user_folders, f'[model]\nbase_url = "{server.base_url}"\n'
                                               'model = "smallville-test-model"\n')
        assert main(["run", "--hours", "0.01"]) == 0
        assert (f"model: smallville-test-model at {server.base_url} (from settings)"
                in _first_line(capsys.readouterr().err))


def test_a_url_without_a_model_id_never_turns_into_the_offline_model(capsys: pytest.CaptureFixture[str]) -> None:
    began = time.monotonic()
    assert main(["run", "--hours", "1", "--model", f"http://127.0.0.1:{_closed_port()}/v1"]) == 2
    err = capsys.readouterr().err
    assert "--model-name" in err and "offline" not in err and "smallville-sim run:" not in err
    assert time.monotonic() - began < 10


def test_the_settings_key_is_not_sent_to_another_url(isolated_user_folders: Path) -> None:
    _write_settings(isolated_user_folders, f'[model]\nbase_url = "http://127.0.0.1:{_closed_port()}/v1"\n'
                                           f'api_key = "{SETTINGS_KEY}"\n')
    with ModelServer() as server:
        assert main(["run", "--hours", "0.01", "--model", server.base_url]) == 0
        seen = server.stats.authorization_headers
    assert seen and not any(SETTINGS_KEY in header for header in seen)
    args = argparse.Namespace(model="http://h/v1/", model_name="m", api_key_env=None)
    same = settings_for_command_line(args, LlmSettings(base_url="http://h/v1", api_key=ApiKey(SETTINGS_KEY)))
    assert same.api_key is not None and same.base_url == "http://h/v1"
    other = settings_for_command_line(args, LlmSettings(base_url="http://elsewhere/v1", api_key=ApiKey(SETTINGS_KEY)))
    assert other.api_key is None and other.model == "m"


# -- counts --------------------------------------------------------------------------------------------


def test_counts_are_singular_for_one(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", "--hours", "1", "--model", "offline", "--workers", "1"]) == 0
    first = _first_line(capsys.readouterr().err)
    assert ", 3 residents, 1 game hour, " in first and first.endswith(", 1 worker")
    assert main(["run", "--hours", "0.5", "--model", "offline", "--workers", "2"]) == 0
    first = _first_line(capsys.readouterr().err)
    assert ", 0.5 game hours, " in first and first.endswith(", 2 workers")
    assert [count_of(1, "game hour"), count_of(2.0, "game hour"), count_of(1.0, "slot"), count_of(0, "file")] == \
        ["1 game hour", "2 game hours", "1 slot", "0 files"]


# -- an unreachable model --------------------------------------------------------------------------


def test_the_progress_line_says_at_once_and_again_while_the_model_is_down() -> None:
    now = [100.0]
    out = io.StringIO()
    progress = RunProgress(total_steps=1000, stream=out, clock=lambda: now[0], alert_repeat_seconds=5.0)
    usage = UsageFigures(calls=0, tokens=0, cost_usd=0.0)
    game_time = datetime(2023, 2, 13, 8, 0)
    progress.show(0, game_time, usage, note="3 thinking")
    for second in range(13):
        now[0] = 100.0 + second
        progress.show(0, game_time, usage, alert=f"model at http://x/v1 unreachable for {second} s; retrying")
    now[0] = 114.0
    progress.show(1, game_time, usage, note="1 thinking")
    progress.show(2, game_time, usage)
    lines = out.getvalue().splitlines()
    alerts = [line for line in lines if "unreachable" in line]
    assert [re.search(r"for (\d+) s", line).group(1) for line in alerts] == ["0", "5", "10"]  # type: ignore[union-attr]
    assert lines[-1].endswith("1 thinking; the model answers again")
    assert len(lines) == 5  # the first line, three alerts, the end of the outage (step 2 is before the next tenth)


def test_an_unreachable_model_shows_on_the_progress_line_at_once(isolated_user_folders: Path) -> None:
    """Connection refused on every attempt, retries for longer than the run waits: the first line
    about it comes at once, it says how long, and the run gives up with its summary, no traceback."""
    _write_settings(isolated_user_folders,
                    "[resilience]\ntimeout_seconds = 0.5\ndeadline_seconds = 30\nmax_retries = 20\n"
                    "backoff_initial_seconds = 0.2\nbackoff_max_seconds = 0.5\n"
                    "unreachable_give_up_seconds = 2.5\n")
    url = f"http://127.0.0.1:{_closed_port()}/v1"
    env = {**os.environ, "SMALLVILLE_HOME": str(isolated_user_folders)}
    summary = isolated_user_folders / "given-up.json"
    process = subprocess.Popen([sys.executable, "-m", "agents.cli.main", "run", "--hours", "1", "--model", url,
                                "--model-name", "nobody", "--summary", str(summary)], cwd=REPO_ROOT, env=env, text=True,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stderr is not None and process.stdout is not None
    seen: list[tuple[float, str]] = []
    for line in process.stderr:
        seen.append((time.monotonic(), line.rstrip("\n")))
    stdout = process.stdout.read()
    assert process.wait(timeout=60) == EXIT_MODEL_UNREACHABLE
    lines = [text for _, text in seen]
    assert "Traceback" not in "\n".join(lines) + stdout
    started = next(at for at, text in seen if text.startswith("smallville-sim run: "))
    alerts = [(at, text) for at, text in seen if f"model at {url} unreachable for" in text]
    assert alerts and alerts[0][0] - started < 1.5, lines
    assert alerts[0][1].endswith("; retrying")
    assert lines[-1].startswith(f"smallville-sim: stopped: the model at {url} has been unreachable for")
    assert "giving up" in lines[-1]
    assert _last_line(stdout) == _last_line(summary.with_suffix(".md").read_text())  # the summary ends stdout


def test_a_model_that_comes_back_is_said_to_answer_again(isolated_user_folders: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    _write_settings(isolated_user_folders,
                    "[resilience]\ntimeout_seconds = 1\nmax_retries = 20\nbackoff_initial_seconds = 0.3\n"
                    "backoff_max_seconds = 0.3\nfailure_threshold = 50\n"
                    "max_concurrent_requests = 1\n")  # one call at a time: its retries meet every fault in turn
    with ModelServer() as server:
        server.inject(Fault.DROPPED_CONNECTION, times=8, endpoint="chat")  # down for 8 x 0.15-0.3 s
        url = server.base_url
        assert main(["run", "--hours", "0.05", "--model", url]) == 0
    err = capsys.readouterr().err
    assert f"model at {url} unreachable for" in err, err
    assert "the model answers again" in err


@pytest.mark.parametrize(("signal_number", "exit_code", "said"), [
    (signal.SIGINT, EXIT_INTERRUPTED, "interrupted (Ctrl-C)"),
    (signal.SIGTERM, EXIT_TERMINATED, "stopped by SIGTERM"),
])
def test_ctrl_c_or_sigterm_ends_the_run_with_its_summary_and_save(
        signal_number: int, exit_code: int, said: str, isolated_user_folders: Path) -> None:
    env = {**os.environ, "SMALLVILLE_HOME": str(isolated_user_folders)}
    summary = isolated_user_folders / "interrupted.json"
    process = subprocess.Popen([sys.executable, "-m", "agents.cli.main", "run", "--hours", "2000", "--model",
                                "offline", "--save", "interrupted", "--summary", str(summary)],
                               cwd=REPO_ROOT, env=env, text=True,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stderr is not None
    for line in process.stderr:
        if "steps/s" in line:
            break
    process.send_signal(signal_number)
    stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == exit_code
    assert "Traceback" not in stderr and "KeyboardInterrupt" not in stderr
    assert stderr.rstrip().splitlines()[-1] == f"smallville-sim: stopped: {said}"
    assert "saved the town at" in stderr  # where it got to is kept, as --save asked
    assert _last_line(stdout) == _last_line(summary.with_suffix(".md").read_text())
    written = json.loads(summary.read_text())
    assert written["stopped"] == said and written["steps"] > 0
    saved = read_header(slot_path("interrupted", isolated_user_folders / "data" / "saves"))
    assert saved.game_time.isoformat() == written["ended_game_time"]


def test_the_line_is_redrawn_on_a_terminal() -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    out = Terminal()
    progress = RunProgress(total_steps=10, stream=out, clock=lambda: 1.0)
    progress.show(5, datetime(2023, 2, 13, 8, 0), UsageFigures(3, 40, 0.0), note="2 thinking",
                  alert="model at http://x/v1 unreachable for 3 s; retrying")
    progress.finish()
    text = out.getvalue()
    assert text.startswith("\r[##########..........]  50.0% Mon 08:00") and text.endswith("\x1b[K\n")
    assert "| model at http://x/v1 unreachable for 3 s; retrying" in text and "2 thinking" not in text
