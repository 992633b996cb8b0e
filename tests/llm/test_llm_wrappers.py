"""Usage meter, budget guard, response cache, and the whole stack under many threads."""

from __future__ import annotations

import concurrent.futures
import json
import pickle
import threading
from pathlib import Path

import pytest

from agents.llm.budget import BudgetGuard
from agents.llm.errors import BudgetExceeded
from agents.llm.openai_model import EndpointConfig, OpenAICompatibleModel
from agents.llm.protocol import AnswerSource
from agents.llm.provider import ProviderChoice
from agents.llm.response_cache import CachingModel, ResponseCache
from agents.llm.settings import LlmSettings, ModelPrice
from agents.llm.stack import build_model_stack
from agents.llm.usage_meter import PriceTable, UsageMeter
from agents.prompts import FallbackReason, PromptRunner
from tests.fixtures.model_server import ChatCall, Fault, ModelServer
from tests.fixtures.model_server_payloads import schema_instance
from tests.fixtures.town_samples import PERSONAS, context_for

PRICES = PriceTable(
    {"test-model": ModelPrice(1_000_000.0, 2_000_000.0)}
)  # $1 per prompt token, $2 per completion


def endpoint(server: ModelServer) -> OpenAICompatibleModel:
    return OpenAICompatibleModel(
        EndpointConfig(base_url=server.base_url, model="test-model", timeout_seconds=5)
    )


def choice_for(server: ModelServer) -> ProviderChoice:
    return ProviderChoice("settings", server.base_url, "test-model", None, "test server")


def test_usage_meter_counts_by_agent_and_spec_and_prices(model_server: ModelServer) -> None:
    meter = UsageMeter(endpoint(model_server), PRICES)
    runner = PromptRunner(meter)
    runner.run("wake_up_hour", context_for("wake_up_hour"), "Isabella Rodriguez")
    runner.run("wake_up_hour", context_for("wake_up_hour", "Klaus Mueller"), "Klaus Mueller")
    runner.run("daily_plan", context_for("daily_plan"), "Isabella Rodriguez")
    snapshot = meter.snapshot()
    assert snapshot.total.calls == 3 and snapshot.priced
    assert snapshot.by_agent["Isabella Rodriguez"].calls == 2
    assert snapshot.by_spec["wake_up_hour"].calls == 2
    line = snapshot.total
    assert line.cost_usd == pytest.approx(line.prompt_tokens * 1.0 + line.completion_tokens * 2.0)
    assert pickle.loads(pickle.dumps(snapshot)) == snapshot
    assert snapshot.to_dict()["by_spec"]["daily_plan"]["calls"] == 1  # type: ignore[index]


def test_invalid_answers_are_metered_too(model_server: ModelServer) -> None:
    model_server.inject(Fault.WRONG_SHAPE, times=2)
    meter = UsageMeter(endpoint(model_server), PRICES)
    outcome = PromptRunner(meter).run("wake_up_hour", context_for("wake_up_hour"), "I")
    assert outcome.was_fallback
    assert meter.snapshot().total.calls == 2 and meter.snapshot().total.completion_tokens > 0


def test_price_table_matches_dated_and_prefixed_names() -> None:
    table = PriceTable({"gpt-4o-mini": ModelPrice(0.15, 0.6), "gpt-4o": ModelPrice(2.5, 10)})
    assert table.price_of("gpt-4o-mini-2024-07-18") == ModelPrice(0.15, 0.6)
    assert table.price_of("openai/gpt-4o") == ModelPrice(2.5, 10)
    assert table.price_of("llama3.2") is None


def test_budget_stops_before_it_is_exceeded(model_server: ModelServer) -> None:
    meter = UsageMeter(endpoint(model_server), PRICES)
    request = PromptRunner(meter).build_request("wake_up_hour", context_for("wake_up_hour"), "I")
    guard = BudgetGuard(meter, budget_usd=3 * BudgetGuard(meter, 1.0).estimate_cost_usd(request))
    runner = PromptRunner(guard)
    reasons = [runner.run("wake_up_hour", context_for("wake_up_hour"), "I").reason for _ in range(6)]
    assert FallbackReason.BUDGET_EXCEEDED in reasons
    assert meter.total_cost_usd <= guard.budget_usd
    assert guard.is_exhausted
    with pytest.raises(BudgetExceeded):
        guard.complete(request)
    assert model_server.stats.chat_requests == reasons.index(FallbackReason.BUDGET_EXCEEDED)


def test_cache_makes_a_rerun_free_and_identical(model_server: ModelServer, tmp_path: Path) -> None:
    model_server.inject(Fault.MALFORMED_JSON)  # the first answer is invalid: replayed as such on the rerun

    def run_scenario() -> list[object]:
        cache = ResponseCache(tmp_path / "cache.sqlite3")
        runner = PromptRunner(CachingModel(endpoint(model_server), cache))
        values = [
            runner.run(name, context_for(name), "Isabella Rodriguez").value
            for name in ("daily_plan", "wake_up_hour", "dialogue_turn", "importance_batch")
        ]
        cache.close()
        return values

    first = run_scenario()
    calls_after_first_run = model_server.stats.chat_requests
    second = run_scenario()
    assert calls_after_first_run == 5  # four prompts plus the re-ask of the malformed answer
    assert model_server.stats.chat_requests == calls_after_first_run
    assert second == first


def test_cache_hits_are_marked_and_the_key_ignores_the_agent(
    model_server: ModelServer, tmp_path: Path
) -> None:
    caching = CachingModel(endpoint(model_server), ResponseCache(tmp_path / "c.sqlite3"))
    runner = PromptRunner(caching)
    context = context_for("wake_up_hour")
    assert runner.run("wake_up_hour", context, "A").source is AnswerSource.MODEL
    assert runner.run("wake_up_hour", context, "B").source is AnswerSource.CACHE
    assert caching.stats().hits == 1 and caching.stats().stored == 1


class MalformedFirstAnswers:
    """An answer hook: the first ``times`` first-attempt answers are malformed JSON; re-asks always get a
    valid answer. (A queued fault could land on a re-ask when threads are slow to start, and a re-ask
    that is malformed again is a fallback by design, so the test would depend on the machine's load.)"""

    def __init__(self, times: int) -> None:
        self._left = times
        self._lock = threading.Lock()

    def __call__(self, call: ChatCall) -> str:
        last = call.messages[-1]
        is_re_ask = isinstance(last, dict) and str(last.get("content", "")).startswith("That answer is not valid")
        with self._lock:
            malformed = not is_re_ask and self._left > 0
            self._left -= int(malformed)
        if malformed:
            return 'Sure! Here is the answer: {"answer": [1, 2, oops and some more words }'
        assert call.schema is not None
        return json.dumps(schema_instance(call.schema))


def test_whole_stack_is_thread_safe_with_16_workers(tmp_path: Path) -> None:
    settings = LlmSettings(
        max_concurrent_requests=16, budget_usd=1_000_000.0, prices={"test-model": ModelPrice(1, 1)}
    )
    malformed_first_answers = MalformedFirstAnswers(times=5)
    with ModelServer(latency_seconds=0.02, answer_hook=malformed_first_answers) as server:
        server.inject(Fault.SERVER_ERROR, times=5)  # retried: fewer than max_retries in a row for any call
        stack = build_model_stack(
            settings, environ={"SMALLVILLE_HOME": str(tmp_path)}, choice=choice_for(server)
        )
        runner = PromptRunner(stack.model)
        jobs = [
            (name, person)
            for name in ("dialogue_turn", "wake_up_hour", "importance_batch", "react_decision")
            for person in PERSONAS
            for _ in range(6)
        ]
        with concurrent.futures.ThreadPoolExecutor(max_workers=16) as pool:
            outcomes = list(pool.map(lambda job: runner.run(job[0], context_for(*job), job[1]), jobs))
        snapshot = stack.snapshot()
        stack.close()
    assert all(not outcome.was_fallback for outcome in outcomes)
    assert runner.counters_snapshot().total().calls == len(jobs)
    re_asks = runner.counters_snapshot().total().invalid_answers
    assert re_asks >= 5  # the malformed answers, and cache replays of them to identical requests
    assert snapshot.cache_hits + snapshot.cache_misses == len(jobs) + re_asks
    # every call the server received is metered: the answered ones and the 5 that got HTTP 500
    assert snapshot.usage.total.calls == server.stats.chat_requests == snapshot.cache_misses + 5
    assert sum(line.calls for line in snapshot.usage.by_agent.values()) == snapshot.usage.total.calls
    assert not snapshot.to_dict()["model_unreachable"]
