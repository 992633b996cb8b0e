"""Workers mean what they say (issue 17): with no cap set in settings.toml, as many calls reach the
endpoint at once as are asked (the workers are the cap); a cap the user set is kept, and said once."""

from __future__ import annotations

import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from agents.engine.engine_settings import EngineSettings, concurrency_warning
from agents.llm.provider import ProviderChoice
from agents.llm.settings import LlmSettings, load_settings, settings_to_toml
from agents.llm.stack import build_model_stack
from agents.prompts.runner import PromptRunner
from tests.fixtures.model_server import ModelServer
from tests.fixtures.town_samples import context_for

NAME = "Isabella Rodriguez"


def _peak_calls_at_once(server: ModelServer, settings: LlmSettings, calls: int, home: Path) -> int:
    stack = build_model_stack(settings, environ={"SMALLVILLE_HOME": str(home)},
                              choice=ProviderChoice("settings", server.base_url, server.model_name, None, "test"))
    runner = PromptRunner(stack.model)
    try:
        with ThreadPoolExecutor(calls) as pool:
            list(pool.map(lambda _: runner.run("wake_up_hour", context_for("wake_up_hour", NAME), NAME), range(calls)))
    finally:
        stack.close()
    return server.stats.chat_in_flight_peak


def test_no_cap_set_lets_every_call_run_at_once_and_a_set_cap_holds(tmp_path: Path) -> None:
    uncapped = LlmSettings(cache_enabled=False)
    assert uncapped.max_concurrent_requests is None
    with ModelServer(latency_seconds=0.4) as server:
        assert _peak_calls_at_once(server, uncapped, 24, tmp_path / "a") == 24
    with ModelServer(latency_seconds=0.4) as server:
        assert _peak_calls_at_once(server, LlmSettings(cache_enabled=False, max_concurrent_requests=4), 24,
                                   tmp_path / "b") == 4


def test_the_warning_is_only_for_a_cap_the_user_set_below_the_workers() -> None:
    sixteen = EngineSettings(workers=16)
    assert concurrency_warning(sixteen, None) is None
    assert concurrency_warning(sixteen, 16) is None
    warning = concurrency_warning(sixteen, 4)
    assert warning is not None and "16 workers" in warning and "at most 4 model calls" in warning


def test_an_unset_cap_is_not_written_back_and_a_set_one_is(tmp_path: Path) -> None:
    assert "max_concurrent_requests" not in settings_to_toml(LlmSettings())["resilience"]
    assert settings_to_toml(LlmSettings(max_concurrent_requests=3))["resilience"]["max_concurrent_requests"] == 3
    path = tmp_path / "settings.toml"
    path.write_text("[resilience]\nmax_concurrent_requests = 6\n", encoding="utf-8")
    assert load_settings(path).max_concurrent_requests == 6


def test_the_runner_says_a_lower_cap_once_and_nothing_without_one(tmp_path: Path) -> None:
    with ModelServer() as server:
        outputs = []
        for name, table in (("free", ""), ("capped", "[resilience]\nmax_concurrent_requests = 4\n")):
            home = tmp_path / name
            (home / "config").mkdir(parents=True)
            (home / "config" / "settings.toml").write_text(table, encoding="utf-8")
            done = subprocess.run(
                [sys.executable, "-m", "agents.cli.main", "run", "--scenario", "three", "--hours", "0.02",
                 "--workers", "16", "--model", server.base_url, "--model-name", server.model_name, "--no-record"],
                check=False, capture_output=True, text=True, timeout=300,
                env={**os.environ, "SMALLVILLE_HOME": str(home)})
            assert done.returncode == 0, done.stderr
            outputs.append(done.stderr)
    free, capped = outputs
    assert "at most" not in free
    assert capped.count("16 workers, but at most 4 model calls at once") == 1
