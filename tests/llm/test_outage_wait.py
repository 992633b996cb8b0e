"""A call to a model that cannot be reached waits for it instead of falling back (issue 14), and ends
at once when the stack is closed; a server that answers with errors still falls back."""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path

from agents.llm.provider import ProviderChoice
from agents.llm.settings import LlmSettings
from agents.llm.stack import build_model_stack
from agents.prompts.runner import PromptRunner
from agents.prompts.spec import FallbackReason, PromptOutcome
from tests.fixtures.model_server import Fault, ModelServer
from tests.fixtures.town_samples import context_for

NAME = "Isabella Rodriguez"
NO_RETRIES = LlmSettings(timeout_seconds=1.0, max_retries=0, cache_enabled=False, failure_threshold=2,
                         cooldown_seconds=0.2, down_period_seconds=60.0)


def _choice(base_url: str) -> ProviderChoice:
    return ProviderChoice("settings", base_url, "smallville-test-model", None, "test server")


def _wake_up(runner: PromptRunner) -> PromptOutcome:
    return runner.run("wake_up_hour", context_for("wake_up_hour", NAME), NAME)


def test_a_call_waits_while_nobody_answers_and_gets_the_model_s_answer(tmp_path: Path) -> None:
    with ModelServer() as server:
        server.inject(Fault.DROPPED_CONNECTION, times=4)  # no answer at all, four times in a row
        stack = build_model_stack(NO_RETRIES, environ={"SMALLVILLE_HOME": str(tmp_path)},
                                  choice=_choice(server.base_url))
        outcome = _wake_up(PromptRunner(stack.model))
        snapshot = stack.snapshot()
        stack.close()
    assert not outcome.was_fallback  # without the wait, the first dropped connection was a fallback
    assert server.stats.chat_requests == 5
    assert snapshot.usage.total.calls == 5  # the dropped ones were sent: metered too


def test_a_waiting_call_ends_at_once_when_the_stack_closes(tmp_path: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    stack = build_model_stack(NO_RETRIES, environ={"SMALLVILLE_HOME": str(tmp_path)},
                              choice=_choice(f"http://127.0.0.1:{port}/v1"))
    outcomes: list[PromptOutcome] = []
    caller = threading.Thread(target=lambda: outcomes.append(_wake_up(PromptRunner(stack.model))))
    caller.start()
    time.sleep(1.0)
    assert caller.is_alive() and not outcomes  # waiting for the model, not fallen back
    closed_at = time.monotonic()
    stack.close()
    caller.join(timeout=5)
    assert not caller.is_alive() and time.monotonic() - closed_at < 2.0
    assert outcomes[0].was_fallback and outcomes[0].reason is FallbackReason.MODEL_UNREACHABLE
    assert stack.snapshot().usage.total.calls == 0  # nothing reached a server


def test_a_server_answering_errors_is_reachable_and_falls_back(tmp_path: Path) -> None:
    with ModelServer() as server:
        server.inject(Fault.SERVER_ERROR, times=1)
        stack = build_model_stack(NO_RETRIES, environ={"SMALLVILLE_HOME": str(tmp_path)},
                                  choice=_choice(server.base_url))
        outcome = _wake_up(PromptRunner(stack.model))
        stack.close()
    assert outcome.was_fallback and outcome.reason is FallbackReason.MODEL_ERROR
    assert server.stats.chat_requests == 1
