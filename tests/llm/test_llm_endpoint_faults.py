"""The real openai client against the fault-injecting test server: every fault ends well and is counted."""

from __future__ import annotations

import json

import pytest

from agents.llm.circuit_breaker import CircuitBreaker
from agents.llm.errors import TransientModelError
from agents.llm.openai_model import EndpointConfig, OpenAICompatibleModel
from agents.llm.protocol import AnswerSource
from agents.llm.retrying import RetryingModel, RetryPolicy
from agents.llm.schema_repair import schema_errors
from agents.prompts import PROMPT_SPECS, FallbackReason, PromptRunner
from tests.fixtures.model_server import ChatCall, Fault, ModelServer
from tests.fixtures.town_samples import context_for

FAST_POLICY = RetryPolicy(
    max_retries=4, initial_backoff_seconds=0.01, max_backoff_seconds=0.05, deadline_seconds=10
)


def endpoint(
    server: ModelServer, *, timeout_seconds: float = 2.0, mode: str = "json_schema"
) -> OpenAICompatibleModel:
    return OpenAICompatibleModel(
        EndpointConfig(
            base_url=server.base_url,
            model="test-model",
            timeout_seconds=timeout_seconds,
            structured_output=mode,
        )
    )


def runner_for(server: ModelServer, **kwargs: object) -> PromptRunner:
    return PromptRunner(RetryingModel(endpoint(server, **kwargs), FAST_POLICY))  # type: ignore[arg-type]


def test_clean_call_returns_the_server_answer(model_server: ModelServer) -> None:
    runner = runner_for(model_server)
    outcome = runner.run("dialogue_turn", context_for("dialogue_turn"), "Isabella Rodriguez")
    assert not outcome.was_fallback
    assert outcome.source is AnswerSource.MODEL
    assert outcome.value == {"utterance": "a short test answer", "end_conversation": False}


TRANSPORT_FAULTS = [
    Fault.RATE_LIMIT,
    Fault.SERVER_ERROR,
    Fault.SLOW_REPLY,
    Fault.DROPPED_CONNECTION,
    Fault.BROKEN_BODY,
]
CONTENT_FAULTS = [Fault.MALFORMED_JSON, Fault.TRUNCATED_JSON, Fault.WRONG_SHAPE, Fault.EMPTY_CONTENT]


@pytest.mark.parametrize("fault", TRANSPORT_FAULTS, ids=lambda f: f.value)
def test_transport_faults_end_in_a_successful_retry(fault: Fault) -> None:
    with ModelServer(slow_reply_seconds=1.5) as server:
        server.inject(fault, times=2)
        runner = runner_for(server, timeout_seconds=0.3)
        outcome = runner.run("wake_up_hour", context_for("wake_up_hour"), "Isabella Rodriguez")
        counts = runner.counters_snapshot().by_spec["wake_up_hour"]
        assert not outcome.was_fallback
        assert outcome.value == {"wake_up_hour": 0}
        assert counts.retries == 2
        assert server.stats.faults_served[fault.value] == 2


@pytest.mark.parametrize("fault", CONTENT_FAULTS, ids=lambda f: f.value)
def test_content_faults_are_re_asked_once_then_succeed(model_server: ModelServer, fault: Fault) -> None:
    model_server.inject(fault, times=1)
    runner = runner_for(model_server)
    outcome = runner.run("daily_plan", context_for("daily_plan"), "Isabella Rodriguez")
    counts = runner.counters_snapshot().by_spec["daily_plan"]
    assert not outcome.was_fallback
    assert counts.invalid_answers == 1 and counts.retries == 1 and counts.fallbacks == 0
    re_ask = model_server.stats.response_formats
    assert len(re_ask) == 2


@pytest.mark.parametrize("fault", CONTENT_FAULTS, ids=lambda f: f.value)
def test_persistent_content_faults_end_in_a_counted_fallback(model_server: ModelServer, fault: Fault) -> None:
    model_server.inject(fault, times=2)
    runner = runner_for(model_server)
    context = context_for("daily_plan")
    outcome = runner.run("daily_plan", context, "Isabella Rodriguez")
    counts = runner.counters_snapshot().by_spec["daily_plan"]
    assert outcome.was_fallback and outcome.reason is FallbackReason.INVALID_ANSWER
    assert schema_errors(outcome.value, PROMPT_SPECS["daily_plan"].schema_for(context)) == []
    assert counts.fallbacks == 1 and counts.fallbacks_by_reason == {"invalid_answer": 1}


def test_endless_server_errors_end_in_a_counted_fallback(model_server: ModelServer) -> None:
    model_server.inject(Fault.SERVER_ERROR, times=50)
    runner = runner_for(model_server)
    outcome = runner.run("react_decision", context_for("react_decision"), "Isabella Rodriguez")
    counts = runner.counters_snapshot().by_spec["react_decision"]
    assert outcome.was_fallback and outcome.reason is FallbackReason.MODEL_ERROR
    assert counts.retries == FAST_POLICY.max_retries
    assert model_server.stats.chat_requests == FAST_POLICY.max_retries + 1


def test_retry_after_is_honoured() -> None:
    waits: list[float] = []
    with ModelServer(retry_after_seconds=1.25) as server:
        server.inject(Fault.RATE_LIMIT)
        model = RetryingModel(endpoint(server), FAST_POLICY, sleep=waits.append)
        runner = PromptRunner(model)
        assert not runner.run("wake_up_hour", context_for("wake_up_hour"), "Isabella Rodriguez").was_fallback
    assert waits == [FAST_POLICY.max_backoff_seconds]  # Retry-After is capped by max_backoff_seconds
    # With a generous cap it is used as sent:
    waits.clear()
    with ModelServer(retry_after_seconds=1.25) as server:
        server.inject(Fault.RATE_LIMIT)
        policy = RetryPolicy(
            max_retries=2, initial_backoff_seconds=0.01, max_backoff_seconds=30, deadline_seconds=60
        )
        RetryingModel(endpoint(server), policy, sleep=waits.append).complete(
            PromptRunner(endpoint(server)).build_request("wake_up_hour", context_for("wake_up_hour"), "I")
        )
    assert waits == [pytest.approx(1.25)]


def test_deadline_stops_retrying() -> None:
    with ModelServer(retry_after_seconds=5) as server:
        server.inject(Fault.RATE_LIMIT, times=5)
        policy = RetryPolicy(
            max_retries=10, initial_backoff_seconds=0.01, max_backoff_seconds=30, deadline_seconds=1
        )
        runner = PromptRunner(RetryingModel(endpoint(server), policy))
        outcome = runner.run("wake_up_hour", context_for("wake_up_hour"), "Isabella Rodriguez")
        assert outcome.was_fallback and outcome.reason is FallbackReason.MODEL_ERROR
        assert "deadline" in outcome.detail
        assert server.stats.chat_requests == 1


def test_server_refusing_json_schema_is_downgraded_once(model_server: ModelServer) -> None:
    model_server.accepted_response_formats = ("json_object_schema",)
    model = endpoint(model_server)
    runner = PromptRunner(model)
    for _ in range(2):
        assert not runner.run("wake_up_hour", context_for("wake_up_hour"), "I").was_fallback
    assert model.structured_output_mode == "json_object_schema"
    kinds = [rf.get("type") if isinstance(rf, dict) else None for rf in model_server.stats.response_formats]
    assert kinds == ["json_schema", "json_object", "json_object"]


def test_plain_text_mode_extracts_json_from_prose_and_reasoning() -> None:
    def chatty(call: ChatCall) -> str:
        assert call.response_format is None
        return '<think>The lifestyle says 6am.</think>Sure!\n```json\n{"wake_up_hour": "6"}\n```'

    with ModelServer(answer_hook=chatty) as server:
        runner = PromptRunner(endpoint(server, mode="text"))
        outcome = runner.run("wake_up_hour", context_for("wake_up_hour"), "I")
        assert outcome.value == {"wake_up_hour": 6} and not outcome.was_fallback
        assert runner.counters_snapshot().by_spec["wake_up_hour"].repaired_answers == 1


def test_answers_that_contradict_the_context_are_re_asked(model_server: ModelServer) -> None:
    answers = iter(
        [
            {
                "sector": "Hobbs Cafe",
                "arena": "cafe",
                "game_object": "bed",
                "emoji": "x",
                "event": {"subject": "I", "predicate": "is", "object": "x"},
                "object_state": "used",
            },
            {
                "sector": "hobbs cafe",
                "arena": "cafe",
                "game_object": "behind the cafe counter",
                "emoji": "☕",
                "event": {"subject": "Isabella", "predicate": "is serving", "object": "coffee"},
                "object_state": "staffed",
            },
        ]
    )
    model_server.answer_hook = lambda call: next(answers)
    runner = runner_for(model_server)
    outcome = runner.run("action_place", context_for("action_place"), "Isabella Rodriguez")
    assert not outcome.was_fallback
    # A bed is in no arena of Hobbs Cafe (and in several elsewhere): re-asked; the second answer's
    # "hobbs cafe" is repaired to the known name.
    assert outcome.value["sector"] == "Hobbs Cafe"  # type: ignore[index]
    assert outcome.value["game_object"] == "behind the cafe counter"  # type: ignore[index]
    counts = runner.counters_snapshot().by_spec["action_place"]
    assert (counts.invalid_answers, counts.retries, counts.repaired_answers, counts.fallbacks) == (1, 1, 1, 0)


def test_circuit_breaker_opens_reports_and_recovers() -> None:
    clock = [0.0]
    with ModelServer() as server:
        server.inject(Fault.SERVER_ERROR, times=100)
        policy = RetryPolicy(max_retries=0, deadline_seconds=5)
        breaker = CircuitBreaker(
            RetryingModel(endpoint(server), policy),
            failure_threshold=3,
            down_period_seconds=60,
            cooldown_seconds=10,
            clock=lambda: clock[0],
        )
        runner = PromptRunner(breaker)
        context = context_for("wake_up_hour")
        reasons = [runner.run("wake_up_hour", context, "I").reason for _ in range(5)]
        assert reasons == [FallbackReason.MODEL_ERROR] * 3 + [FallbackReason.MODEL_UNREACHABLE] * 2
        assert breaker.is_open and "model unreachable" in breaker.reason
        assert server.stats.chat_requests == 3  # no calls while open
        with server._lock:
            server._faults["chat"].clear()
        clock[0] = 11.0  # cooldown over: half-open, the next call is a probe
        assert not breaker.is_open
        assert not runner.run("wake_up_hour", context, "I").was_fallback
        assert breaker.state().consecutive_failures == 0 and breaker.reason == ""


def test_a_rejected_api_key_is_permanent_and_not_retried() -> None:
    with ModelServer(required_api_key="right-key") as server:
        runner = runner_for(server)
        outcome = runner.run("wake_up_hour", context_for("wake_up_hour"), "I")
        assert outcome.was_fallback and outcome.reason is FallbackReason.MODEL_ERROR
        assert "401" in outcome.detail
        assert server.stats.chat_requests == 1


def test_transient_error_carries_retry_after() -> None:
    with ModelServer(retry_after_seconds=0.5) as server:
        server.inject(Fault.RATE_LIMIT)
        request = PromptRunner(endpoint(server)).build_request(
            "wake_up_hour", context_for("wake_up_hour"), "I"
        )
        with pytest.raises(TransientModelError) as caught:
            endpoint(server).complete(request)
        assert caught.value.status_code == 429
        assert caught.value.retry_after_seconds == pytest.approx(0.5)


def test_every_spec_yields_a_valid_value_from_the_test_server(model_server: ModelServer) -> None:
    runner = runner_for(model_server)
    for name, spec in PROMPT_SPECS.items():
        context = context_for(name)
        outcome = runner.run(name, context, "Isabella Rodriguez")
        assert schema_errors(outcome.value, spec.schema_for(context)) == [], name
        if spec.check is not None:
            assert spec.check(outcome.value, context) == outcome.value
    # The server's generic answers fit every spec except the hourly schedule (all its blocks start at 0),
    # which falls back, counted.
    snapshot = runner.counters_snapshot()
    fell_back = {name for name, counts in snapshot.by_spec.items() if counts.fallbacks}
    assert fell_back == {"hourly_schedule"}
    assert snapshot.by_spec["hourly_schedule"].fallbacks_by_reason == {"invalid_answer": 1}
    assert json.loads(json.dumps(snapshot.to_dict()))["total"]["calls"] == len(PROMPT_SPECS)
