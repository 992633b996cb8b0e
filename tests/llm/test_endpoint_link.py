"""The HUD learns at once that the model cannot be reached: the endpoint records every attempt
(refused, dropped, timed out), long before the retries give up or the circuit breaker opens."""

from __future__ import annotations

import socket

import pytest

from agents.llm.errors import TransientModelError
from agents.llm.offline_model import OfflineModel
from agents.llm.protocol import CompletionRequest
from agents.prompts import PromptRunner
from tests.fixtures.model_server import ModelServer
from tests.fixtures.town_samples import context_for
from tests.llm.test_llm_endpoint_faults import endpoint


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_a_refused_attempt_marks_the_link_unreachable_and_an_answer_clears_it(model_server: ModelServer) -> None:
    from agents.llm.openai_model import EndpointConfig, OpenAICompatibleModel

    dead = OpenAICompatibleModel(EndpointConfig(base_url=f"http://127.0.0.1:{_closed_port()}/v1", model="m",
                                                timeout_seconds=2.0, structured_output="json_schema"))
    with pytest.raises(TransientModelError):
        dead.complete(_request())
    link = dead.link()
    assert link.failing_since is not None and link.failed_attempts == 1 and link.in_flight == 0
    assert "connection error" in link.last_error

    alive = endpoint(model_server)
    alive.complete(_request())
    assert alive.link().failing_since is None and alive.link().in_flight == 0


def _request() -> CompletionRequest:
    return PromptRunner(OfflineModel()).build_request("dialogue_turn", context_for("dialogue_turn"), "Isabella")
