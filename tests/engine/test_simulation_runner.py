"""The simulation runner: creation and steps happen on a worker; the main thread only polls frozen
views and never waits, even when the model is slow; a failing step is reported, not raised."""

from __future__ import annotations

import time
from functools import lru_cache

from agents.cognition.services import MindServices
from agents.engine.simulation_runner import SimulationRunner
from agents.llm.local_embedder import HashedNgramEmbedder
from agents.llm.offline_model import OfflineModel
from agents.llm.protocol import CompletionRequest, CompletionResult
from agents.paths import shipped_worlds_dir
from agents.prompts.runner import PromptRunner
from agents.world.world_folder import WorldFolder, load_world_folder


@lru_cache(maxsize=1)
def town() -> WorldFolder:
    return load_world_folder(shipped_worlds_dir() / "smallville")


class SlowOfflineModel:
    """The offline model behind a fixed delay per call, like a slow server."""

    def __init__(self, delay_seconds: float) -> None:
        self._inner = OfflineModel()
        self.delay_seconds = delay_seconds

    @property
    def model_name(self) -> str:
        return "slow-offline"

    def complete(self, request: CompletionRequest) -> CompletionResult:
        time.sleep(self.delay_seconds)
        return self._inner.complete(request)


def services(model: object) -> MindServices:
    return MindServices(PromptRunner(model), HashedNgramEmbedder(dimension=128))  # type: ignore[arg-type]


def wait_until(condition, timeout_seconds: float = 30.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout_seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


def test_steps_advance_the_published_view() -> None:
    folder = town()
    scenario = folder.load_scenario("three")
    runner = SimulationRunner(folder.world_map, scenario, services(OfflineModel()), seed=1)
    try:
        assert runner.view.step_index == 0 and [r.tile for r in runner.view.residents] == [
            p.spawn_tile for p in scenario.personas]
        wait_until(lambda: runner.poll() or runner.ready)
        assert runner.request_steps(360)  # one game hour
        assert not runner.request_steps(1), "only one request in flight"
        wait_until(runner.poll)
        view = runner.view
        assert view.step_index == 360 and view.now.hour == 1
        assert all(r.activity for r in view.residents)
        assert runner.simulation_when_idle() is not None
    finally:
        runner.close()


def test_the_main_thread_never_waits_for_a_slow_model() -> None:
    folder = town()
    runner = SimulationRunner(folder.world_map, folder.load_scenario("three"), services(SlowOfflineModel(0.05)))
    try:
        slowest_poll = 0.0
        deadline = time.monotonic() + 60
        while runner.views_published < 2 and time.monotonic() < deadline:
            began = time.perf_counter()
            runner.poll()
            if runner.ready:
                runner.request_steps(1)
            slowest_poll = max(slowest_poll, time.perf_counter() - began)
            time.sleep(0.005)
        assert runner.views_published >= 2, "the slow simulation did not get through its first step"
        assert slowest_poll < 0.02, f"a poll took {slowest_poll * 1000:.1f} ms"
    finally:
        runner.close()


def test_a_frame_stops_waiting_for_answers_once_they_are_known_to_be_slow() -> None:
    folder = town()
    runner = SimulationRunner(folder.world_map, folder.load_scenario("three"), services(SlowOfflineModel(0.05)))
    try:
        wait_until(lambda: runner._driver is not None or runner.poll())
        driver = runner._driver
        assert driver is not None
        waits: list[float] = []
        wait = driver.wait_for_outcomes
        driver.wait_for_outcomes = lambda seconds=0.25: waits.append(seconds) or wait(seconds)  # type: ignore[method-assign]
        runner.request_steps(1)  # the day's planning: four chained calls each
        wait_until(lambda: runner.poll() or driver.typical_operation_seconds > 0)
        assert driver.typical_operation_seconds >= 0.05
        waits.clear()
        polls_while_thinking = 0
        while runner.busy:
            polls_while_thinking += 1
            runner.poll()
            time.sleep(0.005)
        assert polls_while_thinking > 5 and not waits, "a frame waited although answers take 50 ms"
    finally:
        runner.close()


def test_a_failing_step_is_reported_not_raised() -> None:
    class BrokenEmbedder:
        dimension = 8

        def embed(self, texts: object) -> object:
            raise RuntimeError("embedder exploded")

    folder = town()
    broken = MindServices(PromptRunner(OfflineModel()), BrokenEmbedder())  # type: ignore[arg-type]
    runner = SimulationRunner(folder.world_map, folder.load_scenario("three"), broken)
    try:
        wait_until(lambda: runner.poll() or runner.last_error is not None or runner.ready)
        if runner.ready:
            runner.request_steps(1)
            wait_until(lambda: runner.poll() or runner.last_error is not None)
        assert runner.last_error is not None and "embedder exploded" in runner.last_error
    finally:
        runner.close()
