"""Hostile model answers (issue 14): whatever an answer holds, it is parsed within bounds and counts as
an invalid answer when it breaks them; every call a server received is metered and charged against the
budget, the failed and the invalid ones too."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from agents.llm.errors import BudgetExceeded
from agents.llm.json_extraction import (
    MAX_ANSWER_CHARS,
    MAX_JSON_DEPTH,
    MAX_NUMBER_CHARS,
    AnswerOutOfBounds,
    JsonNotFound,
    extract_json,
)
from agents.llm.provider import ProviderChoice
from agents.llm.settings import LlmSettings, ModelPrice
from agents.llm.stack import build_model_stack
from agents.llm.structured_output import UnparseableAnswer, parse_structured_answer
from agents.prompts.runner import PromptRunner
from agents.prompts.schemas import WAKE_UP_HOUR
from agents.prompts.spec import FallbackReason, PromptOutcome
from tests.fixtures.model_server import Fault, ModelServer
from tests.fixtures.model_server_payloads import deeply_nested_answer, hostile_answers, huge_number_answer
from tests.fixtures.town_samples import context_for

NAME = "Isabella Rodriguez"

DEEP = 1_100
HOSTILE_TEXTS = {
    "1,100-deep list": deeply_nested_answer(DEEP),
    "1,100-deep objects": '{"a": ' * DEEP + "1" + "}" * DEEP,
    "1,100-deep, cut off": "[" * DEEP,
    "1,100-deep after prose": "Here you go: " + "[" * DEEP + "]" * DEEP,
    "1,100-deep in a code fence": "```json\n" + "[" * DEEP + "]" * DEEP + "\n```",
    "5,000-digit integer": huge_number_answer(5_000),
    "5,000-digit negative integer": '{"hour": -' + "1" * 5_000 + "}",
    "5,000-digit float": '{"hour": 1.' + "5" * 5_000 + "}",
    "5,000-digit number in prose": "the hour is {\"hour\": " + "8" * 5_000 + "} ok",
    "5,000-digit number, trailing comma": '{"hour": ' + "8" * 5_000 + ",}",
    "5,000-digit number, cut off": '{"hour": ' + "8" * 5_000,
    "exponent overflow": '{"hour": 1e999}',
    "NaN": '{"hour": NaN}',
    "Infinity": '{"hour": Infinity}',
    "-Infinity": '{"hour": -Infinity}',
    "huge string": '{"hour": 7, "note": "' + "x" * (MAX_ANSWER_CHARS + 1) + '"}',
    "huge prose": "words " * (MAX_ANSWER_CHARS // 5),
    "raw control characters": '{"hour": 7, "note": "a\x00b\x01c\x1f"}'.replace("7", "\x07"),
    "only control characters": "\x00\x01\x02\x1b[31m\x7f",
}


@pytest.mark.parametrize("text", list(HOSTILE_TEXTS.values()), ids=list(HOSTILE_TEXTS))
def test_a_hostile_answer_is_an_invalid_answer_never_an_exception(text: str) -> None:
    with pytest.raises(JsonNotFound):
        extract_json(text)
    with pytest.raises(UnparseableAnswer):
        parse_structured_answer(text, WAKE_UP_HOUR)


@pytest.mark.parametrize("name", ["1,100-deep list", "5,000-digit integer", "5,000-digit float", "NaN",
                                  "exponent overflow", "huge string"])
def test_the_bound_broken_is_named(name: str) -> None:
    with pytest.raises(AnswerOutOfBounds) as refused:
        extract_json(HOSTILE_TEXTS[name])
    assert any(word in str(refused.value) for word in ("deep", "characters", "NaN", "out of range")), refused.value


def test_an_escaped_control_character_is_only_text() -> None:
    value, _repairs = extract_json('{"hour": 7, "note": "a\\u0000b"}')
    assert value == {"hour": 7, "note": "a\x00b"}


def test_answers_within_the_bounds_still_parse() -> None:
    nested = "[" * MAX_JSON_DEPTH + "]" * MAX_JSON_DEPTH
    assert extract_json(nested)[0] == json.loads(nested)
    long_number = "7" * MAX_NUMBER_CHARS
    assert extract_json('{"hour": ' + long_number + "}")[0] == {"hour": int(long_number)}
    assert extract_json('{"hour": 7.5e3}')[0] == {"hour": 7500.0}
    assert extract_json("Sure: [1, 2]. " + "[" * 10 + "]" * 10)[0] == [1, 2]
    assert parse_structured_answer('{"wake_up_hour": 7}', WAKE_UP_HOUR)[0] == {"wake_up_hour": 7}


def test_a_wrong_huge_value_is_quoted_short_in_the_problem() -> None:
    with pytest.raises(UnparseableAnswer) as refused:
        parse_structured_answer('{"wake_up_hour": "' + "z" * 50_000 + '"}', WAKE_UP_HOUR)
    assert len(str(refused.value)) < 300


# -- through the model stack: invalid, metered, charged ----------------------------------------------

PRICED = {"smallville-test-model": ModelPrice(100.0, 100.0)}  # USD per million tokens: dear on purpose


def _choice(server: ModelServer) -> ProviderChoice:
    return ProviderChoice("settings", server.base_url, server.model_name, None, "test server")


def _settings(**overrides: object) -> LlmSettings:
    fast: dict[str, object] = {"timeout_seconds": 2.0, "deadline_seconds": 10.0, "max_retries": 2,
                               "backoff_initial_seconds": 0.01, "backoff_max_seconds": 0.02, "cache_enabled": False,
                               "prices": PRICED, "failure_threshold": 1000}
    return LlmSettings(**{**fast, **overrides})  # type: ignore[arg-type]


def _wake_up(runner: PromptRunner, times: int) -> list[PromptOutcome]:
    return [runner.run("wake_up_hour", context_for("wake_up_hour", NAME), NAME) for _ in range(times)]


def test_hostile_answers_fall_back_as_invalid_and_every_call_is_metered(tmp_path: Path) -> None:
    with ModelServer(answer_hook=hostile_answers()) as server:
        stack = build_model_stack(_settings(), environ={"SMALLVILLE_HOME": str(tmp_path)}, choice=_choice(server))
        runner = PromptRunner(stack.model)
        outcomes = _wake_up(runner, 4)
        snapshot = stack.snapshot()
        stack.close()
    assert all(o.was_fallback and o.reason is FallbackReason.INVALID_ANSWER for o in outcomes)
    assert server.stats.chat_requests == 8  # each asked, then re-asked once
    assert snapshot.usage.total.calls == server.stats.chat_requests
    assert snapshot.usage.total.cost_usd > 0
    assert runner.counters_snapshot().total().invalid_answers == 8


@pytest.mark.parametrize("fault", [Fault.SERVER_ERROR, Fault.DROPPED_CONNECTION, Fault.BROKEN_BODY,
                                   Fault.RATE_LIMIT, Fault.SLOW_REPLY])
def test_a_call_that_failed_after_it_was_sent_is_metered_and_charged(fault: Fault, tmp_path: Path) -> None:
    with ModelServer(slow_reply_seconds=1.0) as server:
        server.inject(fault, times=2)
        stack = build_model_stack(_settings(timeout_seconds=0.3), environ={"SMALLVILLE_HOME": str(tmp_path)},
                                  choice=_choice(server))
        outcomes = _wake_up(PromptRunner(stack.model), 1)
        snapshot = stack.snapshot()
        stack.close()
    assert not outcomes[0].was_fallback  # the third attempt answered
    assert server.stats.chat_requests == 3
    assert snapshot.usage.total.calls == 3
    answered_tokens = snapshot.usage.total.prompt_tokens + snapshot.usage.total.completion_tokens
    assert answered_tokens > 3 * 100  # the two failed attempts were charged their prompt too


def _one_attempt_usd(server: ModelServer, tmp_path: Path) -> float:
    """The budget guard's worst-case estimate of one wake-up call."""
    probe = build_model_stack(_settings(budget_usd=1.0), environ={"SMALLVILLE_HOME": str(tmp_path)},
                              choice=_choice(server))
    assert probe.budget_guard is not None
    request = PromptRunner(probe.model).build_request("wake_up_hour", context_for("wake_up_hour", NAME), NAME)
    probe.close()
    return probe.budget_guard.estimate_cost_usd(request)


def test_a_small_budget_stops_hostile_answers_at_its_limit(tmp_path: Path) -> None:
    with ModelServer(answer_hook=hostile_answers()) as server:
        budget_usd = 6.5 * _one_attempt_usd(server, tmp_path)
        stack = build_model_stack(_settings(budget_usd=budget_usd), environ={"SMALLVILLE_HOME": str(tmp_path)},
                                  choice=_choice(server))
        runner = PromptRunner(stack.model)
        outcomes = _wake_up(runner, 40)
        snapshot = stack.snapshot()
        requests_when_spent = server.stats.chat_requests
        more = _wake_up(PromptRunner(stack.model), 5)
        stack.close()
    assert snapshot.budget_exhausted
    assert outcomes[-1].reason is FallbackReason.BUDGET_EXCEEDED
    assert all(o.reason is FallbackReason.BUDGET_EXCEEDED for o in more)
    assert server.stats.chat_requests == requests_when_spent  # nothing more was sent
    assert snapshot.usage.total.calls == server.stats.chat_requests >= 2
    # Each attempt is admitted only while spent + its worst case (max_tokens) fits the budget; this server
    # reports more tokens than max_tokens (no real one can send 5,000 digits in so few), so the one
    # attempt admitted last may go past it by what it over-reported, never by more.
    over_report_usd = 100.0 * (len(huge_number_answer()) // 4 + 1000) / 1_000_000
    assert 0 < snapshot.usage.total.cost_usd <= budget_usd + over_report_usd


def test_a_retry_the_budget_cannot_pay_for_is_refused(tmp_path: Path) -> None:
    with ModelServer() as server:
        server.inject(Fault.SERVER_ERROR, times=10)
        budget_usd = 1.01 * _one_attempt_usd(server, tmp_path)
        stack = build_model_stack(_settings(max_retries=10, budget_usd=budget_usd),
                                  environ={"SMALLVILLE_HOME": str(tmp_path)}, choice=_choice(server))
        request = PromptRunner(stack.model).build_request("wake_up_hour", context_for("wake_up_hour", NAME), NAME)
        with pytest.raises(BudgetExceeded):
            stack.model.complete(request)
        snapshot = stack.snapshot()
        stack.close()
    assert server.stats.chat_requests == 1  # the first attempt (HTTP 500) was charged: no retry fits after it
    assert snapshot.usage.total.calls == 1
    assert 0 < snapshot.usage.total.cost_usd <= budget_usd
