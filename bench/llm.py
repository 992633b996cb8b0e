"""Benchmark of the language-model layer against the OpenAI-compatible test server (prints figures).

1. Overhead per call: the full layer (prompt runner, rendering, retry, circuit breaker, usage meter,
   budget guard, JSON extraction, schema repair, context check) against the test server with no
   latency, minus a bare ``openai`` client call sending the same request to the same server.
   Target: <= 2 ms.
2. Throughput with 16 worker threads against the test server at 200 ms latency. Ideal: 16 / 0.2 = 80
   calls/s; target >= 60 calls/s.

Run from the repository root: ``python bench/llm.py`` (or ``python -m bench.llm``).
"""

from __future__ import annotations

import concurrent.futures
import logging
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from agents.llm.openai_model import EndpointConfig, make_openai_client
from agents.llm.protocol import messages_as_dicts
from agents.llm.provider import ProviderChoice
from agents.llm.settings import LlmSettings, ModelPrice
from agents.llm.stack import build_model_stack
from agents.llm.structured_output import response_format_for
from agents.prompts import PromptRunner
from tests.fixtures.model_server import ModelServer
from tests.fixtures.town_samples import PERSONAS, context_for

SPEC = "dialogue_turn"
OVERHEAD_CALLS = 400
THROUGHPUT_CALLS = 480
WORKERS = 16
LATENCY_SECONDS = 0.2


def stack_for(server: ModelServer, home: Path, concurrency: int):  # type: ignore[no-untyped-def]
    settings = LlmSettings(
        cache_enabled=False,
        max_concurrent_requests=concurrency,
        budget_usd=1e9,
        prices={"bench-model": ModelPrice(0.15, 0.6)},
    )
    choice = ProviderChoice("settings", server.base_url, "bench-model", None, "test server")
    return build_model_stack(settings, environ={"SMALLVILLE_HOME": str(home)}, choice=choice)


def per_call_milliseconds(call, count: int) -> float:  # type: ignore[no-untyped-def]
    for _ in range(20):
        call()
    samples = []
    for _ in range(5):
        started = time.perf_counter()
        for _ in range(count // 5):
            call()
        samples.append((time.perf_counter() - started) / (count // 5) * 1000)
    return statistics.median(samples)


def measure_overhead(home: Path) -> None:
    with ModelServer() as server:
        stack = stack_for(server, home, 8)
        runner = PromptRunner(stack.model)
        context = context_for(SPEC)
        request = runner.build_request(SPEC, context, "Isabella Rodriguez")
        client = make_openai_client(EndpointConfig(base_url=server.base_url, model="bench-model"))
        arguments = {
            "model": "bench-model",
            "messages": messages_as_dicts(request.messages),
            "temperature": request.sampling.temperature,
            "max_tokens": request.sampling.max_tokens,
            "response_format": response_format_for("json_schema", request.output_schema, SPEC),
        }

        def bare_call() -> None:
            client.chat.completions.create(**arguments)  # type: ignore[call-overload]

        def layer_call() -> None:
            outcome = runner.run(SPEC, context, "Isabella Rodriguez")
            assert not outcome.was_fallback

        bare = per_call_milliseconds(bare_call, OVERHEAD_CALLS)
        layered = per_call_milliseconds(layer_call, OVERHEAD_CALLS)
        client.close()
        stack.close()
    print(
        f"overhead: bare openai call {bare:.3f} ms, through the layer {layered:.3f} ms, "
        f"layer overhead {layered - bare:.3f} ms per call (target <= 2 ms)"
    )


def measure_throughput(home: Path) -> None:
    with ModelServer(latency_seconds=LATENCY_SECONDS) as server:
        stack = stack_for(server, home, WORKERS)
        runner = PromptRunner(stack.model)
        names = sorted(PERSONAS)
        jobs = [names[index % len(names)] for index in range(THROUGHPUT_CALLS)]
        contexts = {name: context_for(SPEC, name) for name in names}
        with concurrent.futures.ThreadPoolExecutor(max_workers=WORKERS) as pool:
            list(pool.map(lambda name: runner.run(SPEC, contexts[name], name), jobs[:WORKERS]))  # warm up
            started = time.perf_counter()
            outcomes = list(pool.map(lambda name: runner.run(SPEC, contexts[name], name), jobs))
            elapsed = time.perf_counter() - started
        stack.close()
    fallbacks = sum(outcome.was_fallback for outcome in outcomes)
    ideal = WORKERS / LATENCY_SECONDS
    rate = len(outcomes) / elapsed
    print(
        f"throughput: {len(outcomes)} calls with {WORKERS} workers at {LATENCY_SECONDS * 1000:.0f} ms latency "
        f"in {elapsed:.2f} s = {rate:.1f} calls/s ({rate / ideal:.0%} of the ideal {ideal:.0f}; target >= 60), "
        f"{fallbacks} fallbacks"
    )


def main() -> None:
    logging.basicConfig(level=logging.WARNING)
    with tempfile.TemporaryDirectory() as home:
        measure_overhead(Path(home))
        measure_throughput(Path(home))


if __name__ == "__main__":
    main()
