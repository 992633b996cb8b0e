"""Benchmark of the minds (prints figures; not part of the test run).

1. The 3-resident scenario over one game day against the OpenAI-compatible test server (answers from
   the prompt's context via the offline rules): completions and tokens per agent per game day.
   Targets: <= 300 completions and <= 150k tokens; the original made 1,100-1,500 completions and
   0.5-0.76 M tokens per agent per game day. Then the answers the minds corrected (by kind) and the
   answers that fell back to the offline rules (by reason), per resident-day; and the same day
   against the test server answering schema-valid nonsense (``tests/cognition/nonsense_answers.py``).
2. Retrieval over 10,000 memories (256-dim embeddings), median. Target <= 2 ms.
3. The mind's own overhead per agent-step without model calls: the same day with the offline model,
   minus the time spent inside the model. Target <= 0.2 ms.

Run from the repository root: ``python bench/cognition.py``.
"""

from __future__ import annotations

import logging
import statistics
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np

from agents.cognition.config import MindConfig
from agents.cognition.services import MindServices
from agents.engine.simulation import Simulation
from agents.engine.town_steps import run_steps
from agents.llm.local_embedder import HashedNgramEmbedder, normalise_rows
from agents.llm.offline_model import OfflineModel
from agents.memory.records import MemoryKind
from agents.memory.retrieval import rank
from agents.memory.stream import MemoryStream
from agents.paths import shipped_worlds_dir
from agents.prompts.runner import PromptRunner
from agents.world.world_folder import load_world_folder
from tests.cognition.nonsense_answers import NONSENSE
from tests.engine.scripted_server import scripted_server


class TimedModel:
    """Counts the seconds spent inside the wrapped model."""

    def __init__(self, inner: OfflineModel) -> None:
        self.inner, self.seconds = inner, 0.0

    @property
    def model_name(self) -> str:
        return self.inner.model_name

    def complete(self, request):  # type: ignore[no-untyped-def]
        start = time.perf_counter()
        try:
            return self.inner.complete(request)
        finally:
            self.seconds += time.perf_counter() - start


def day_against_server(label: str = "", overrides: dict | None = None) -> None:  # type: ignore[type-arg]
    folder = load_world_folder(shipped_worlds_dir() / "smallville")
    scenario = folder.load_scenario("three")
    with scripted_server(overrides) as (services, meter, server):
        sim = Simulation.create(folder.world_map, scenario, services, seed=1)
        start = time.perf_counter()
        run_steps(sim, sim.clock.steps_per_day(), services)
        wall = time.perf_counter() - start
        usage = meter.snapshot()
        answers = services.runner.counters_snapshot()
    print(f"1{label}. one game day, 3 residents, test server{' answering nonsense' if overrides else ''} "
          f"({server.stats.chat_requests} HTTP requests, {wall:.1f} s wall)")
    print(f"   {'resident':22} {'completions':>11} {'tokens':>9} {'corrected':>9} {'fell back':>9}"
          "   (target <= 300 / <= 150,000; original 1,100-1,500 / 500,000-760,000)")
    for name, line in sorted(usage.by_agent.items()):
        corrected = sum(answers.corrections_by_agent.get(name, {}).values())
        print(f"   {name:22} {line.calls:11d} {line.prompt_tokens + line.completion_tokens:9,d} {corrected:9d} "
              f"{answers.fallbacks_by_agent.get(name, 0):9d}")
    print("   by prompt kind: " + ", ".join(f"{k} {v.calls}" for k, v in sorted(usage.by_spec.items())))
    total = answers.total()
    resident_days = len(sim.residents)
    print("   corrections per resident-day by kind: " + (", ".join(
        f"{kind} {n / resident_days:.1f}" for kind, n in sorted(total.corrections_by_kind.items())) or "none"))
    print("   fallbacks per resident-day by reason: " + (", ".join(
        f"{reason} {n / resident_days:.1f}" for reason, n in sorted(total.fallbacks_by_reason.items())) or "none"))


def retrieval_median() -> None:
    rng = np.random.default_rng(0)
    epoch = datetime(2023, 2, 13)
    stream = MemoryStream(256, epoch)
    vectors = normalise_rows(rng.normal(size=(10_000, 256)))
    for i in range(10_000):
        stream.add(MemoryKind.OBSERVATION, f"memory {i}", epoch + timedelta(minutes=i), int(rng.integers(1, 11)), vectors[i])
    config = MindConfig()
    queries = normalise_rows(rng.normal(size=(200, 256)))
    now = epoch + timedelta(days=8)
    times = []
    for query in queries:
        start = time.perf_counter()
        rank(stream, query, now, count=config.retrieval_count, weights=config.retrieval_weights,
             decay_per_hour=config.recency_decay_per_game_hour)
        times.append(time.perf_counter() - start)
    print(f"2. retrieval over 10,000 memories: median {statistics.median(times) * 1000:.3f} ms (target <= 2 ms)")


def mind_overhead() -> None:
    folder = load_world_folder(shipped_worlds_dir() / "smallville")
    model = TimedModel(OfflineModel())
    services = MindServices(PromptRunner(model), HashedNgramEmbedder(dimension=256))  # type: ignore[arg-type]
    sim = Simulation.create(folder.world_map, folder.load_scenario("three"), services, seed=1)
    steps = sim.clock.steps_per_day()
    start = time.perf_counter()
    run_steps(sim, steps, services)
    total = time.perf_counter() - start
    agent_steps = steps * len(sim.residents)
    own = total - model.seconds
    print(f"3. mind overhead: {own / agent_steps * 1000:.4f} ms per agent-step without model calls "
          f"({agent_steps} agent-steps, {total:.2f} s total, {model.seconds:.2f} s in the offline model; target <= 0.2 ms)")


if __name__ == "__main__":
    logging.basicConfig(level=logging.WARNING)
    day_against_server()
    day_against_server("b", dict(NONSENSE))
    retrieval_median()
    mind_overhead()
