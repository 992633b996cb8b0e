"""``smallville-sim run``: a headless run writes its summary and exits 0; against the test server it
counts calls and never writes the key; bad input exits 2; a dead model ends in exit 3."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest

from agents.cli.main import main
from agents.cli.run_command import EXIT_MODEL_UNREACHABLE
from tests.fixtures.model_server import ModelServer

FAKE_KEY = "sk-RUNNER-FAKE-KEY-0123456789abcdef"


def test_offline_run_writes_json_and_markdown(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "out" / "run.json"
    assert main(["run", "--hours", "10", "--model", "offline", "--seed", "2", "--summary", str(target)]) == 0
    summary = json.loads(target.read_text())
    assert summary["steps"] == 3600 and summary["ended_game_time"] == "2023-02-13T10:00:00"
    assert summary["model"].startswith("offline model")
    assert set(summary["residents"]) == {"Isabella Rodriguez", "Maria Lopez", "Klaus Mueller"}
    for data in summary["residents"].values():
        assert data["places_visited"] and all(data["places_visited"]) and data["memories"] > 0
    assert summary["totals"]["calls"] > 0 and summary["totals"]["fallbacks"] == 0
    markdown = target.with_suffix(".md").read_text()
    assert markdown.startswith("# Run summary: the Ville / three") and "Isabella Rodriguez" in markdown
    assert "# Run summary" in capsys.readouterr().out


def test_the_same_seed_gives_the_same_summary(tmp_path: Path) -> None:
    results = []
    for run in range(2):
        target = tmp_path / f"run{run}.json"
        assert main(["run", "--hours", "6", "--model", "offline", "--seed", "5", "--summary", str(target)]) == 0
        summary = json.loads(target.read_text())
        summary.pop("wall_seconds")
        engine = summary.pop("engine")  # how the run was driven: its counts of operations vary with timing
        assert engine["operations"] > 0 and engine["operations_failed"] == 0
        results.append(summary)
    assert results[0] == results[1]


def test_run_against_the_test_server_counts_calls_and_hides_the_key(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, isolated_user_folders: Path) -> None:
    monkeypatch.setenv("RUNNER_TEST_KEY", FAKE_KEY)
    target = tmp_path / "served.json"
    with ModelServer(required_api_key=FAKE_KEY) as server:
        code = main(["run", "--hours", "1", "--model", server.base_url, "--api-key-env", "RUNNER_TEST_KEY",
                     "--summary", str(target)])
    assert code == 0
    summary = json.loads(target.read_text())
    assert summary["totals"]["calls"] > 0 and summary["totals"]["prompt_tokens"] > 0
    assert "smallville-test-model" in summary["model"]
    written = [path for path in [*tmp_path.rglob("*"), *isolated_user_folders.rglob("*")] if path.is_file()]
    assert written and not any(FAKE_KEY.encode() in path.read_bytes() for path in written)


def test_bad_input_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", "--hours", "1", "--model", "offline", "--world", str(tmp_path)]) == 2
    assert "map file not found" in capsys.readouterr().err
    assert main(["run", "--hours", "1", "--model", "offline", "--scenario", "nobody"]) == 2
    assert "no scenario named 'nobody'" in capsys.readouterr().err
    assert main(["run", "--hours", "0", "--model", "offline"]) == 2


def test_a_dead_model_ends_in_exit_3(isolated_user_folders: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        dead_port = probe.getsockname()[1]
    config = isolated_user_folders / "config"
    config.mkdir(parents=True, exist_ok=True)
    (config / "settings.toml").write_text(
        "[resilience]\ntimeout_seconds = 0.2\ndeadline_seconds = 0.5\nmax_retries = 0\n"
        "failure_threshold = 1\ndown_period_seconds = 0.0\ncooldown_seconds = 30.0\n"
        "unreachable_give_up_seconds = 1.0\n")
    code = main(["run", "--hours", "1", "--model", f"http://127.0.0.1:{dead_port}/v1", "--model-name", "x"])
    assert code == EXIT_MODEL_UNREACHABLE
    assert "unreachable" in capsys.readouterr().err


def test_workers_and_time_policy_reach_the_summary(tmp_path: Path) -> None:
    target = tmp_path / "pooled.json"
    assert main(["run", "--hours", "2", "--model", "offline", "--seed", "2", "--workers", "3",
                 "--summary", str(target)]) == 0
    pooled = json.loads(target.read_text())
    assert pooled["engine"]["workers"] == 3 and pooled["engine"]["time_policy"] == "every-step-decided"
    assert pooled["engine"]["operations"] > 0 and pooled["engine"]["operations_failed"] == 0
    assert 0 < pooled["engine"]["operations_asked_ahead_used"] <= pooled["engine"]["operations_asked_ahead"]
    sequential = tmp_path / "sequential.json"
    assert main(["run", "--hours", "2", "--model", "offline", "--seed", "2", "--workers", "1",
                 "--summary", str(sequential)]) == 0
    assert json.loads(sequential.read_text())["snapshot_sha256"] == pooled["snapshot_sha256"]
    assert "every-step-decided, 3 workers" in target.with_suffix(".md").read_text()


def test_step_seconds_sets_the_length_of_a_step(tmp_path: Path) -> None:
    target = tmp_path / "minutes.json"
    assert main(["run", "--hours", "2", "--model", "offline", "--step-seconds", "60", "--summary", str(target)]) == 0
    summary = json.loads(target.read_text())
    assert summary["steps"] == 120 and summary["ended_game_time"] == "2023-02-13T02:00:00"


def test_a_flowing_run_finishes_with_everyone_decided(tmp_path: Path) -> None:
    target = tmp_path / "flowing.json"
    assert main(["run", "--hours", "0.05", "--model", "offline", "--time-policy", "flowing",
                 "--summary", str(target)]) == 0
    summary = json.loads(target.read_text())
    assert summary["engine"]["time_policy"] == "flowing" and summary["steps"] == 18
    assert all(data["memories"] > 0 for data in summary["residents"].values())


def test_save_writes_a_slot_that_loads_as_the_town_at_the_end(tmp_path: Path) -> None:
    from agents.paths import user_saves_dir
    from agents.persistence.save_slots import load_slot

    target = tmp_path / "saved.json"
    assert main(["run", "--hours", "1", "--model", "offline", "--seed", "4", "--save", "after-one-hour",
                 "--summary", str(target)]) == 0
    summary = json.loads(target.read_text())
    loaded = load_slot("after-one-hour", user_saves_dir())
    assert summary["saved_to"] == str(loaded.path)
    assert loaded.header.game_time.isoformat() == summary["ended_game_time"] == "2023-02-13T01:00:00"
    assert loaded.simulation.snapshot_sha256() == summary["snapshot_sha256"]


def test_a_bad_slot_name_is_refused_before_the_run(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", "--hours", "1", "--model", "offline", "--save", "../escape"]) == 2
    assert "--save" in capsys.readouterr().err


def test_more_workers_than_the_endpoint_takes_at_once_is_pointed_out(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], isolated_user_folders: Path) -> None:
    """Only a cap the user set says so: unset, sixteen workers run sixteen calls at once."""
    with ModelServer() as server:
        assert main(["run", "--hours", "0.01", "--model", server.base_url, "--workers", "16",
                     "--summary", str(tmp_path / "r.json")]) == 0
        assert "model calls at once" not in capsys.readouterr().err
        (isolated_user_folders / "config").mkdir(parents=True, exist_ok=True)
        (isolated_user_folders / "config" / "settings.toml").write_text("[resilience]\nmax_concurrent_requests = 8\n")
        assert main(["run", "--hours", "0.01", "--model", server.base_url, "--workers", "16",
                     "--summary", str(tmp_path / "s.json")]) == 0
        assert "16 workers, but at most 8 model calls at once" in capsys.readouterr().err
        assert main(["run", "--hours", "0.01", "--model", server.base_url, "--workers", "8",
                     "--summary", str(tmp_path / "t.json")]) == 0
        assert "model calls at once" not in capsys.readouterr().err
