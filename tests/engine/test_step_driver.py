"""The step driver: residents' model work runs in parallel within a step, the result does not depend
on the number of workers, "flowing" lets the clock run on, and failures and timeouts become incidents
with a fallback instead of a crash."""

from __future__ import annotations

import pickle
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import timedelta
from functools import lru_cache

import numpy as np
import pytest

from agents.cognition.resident import PlannedAction, Resident
from agents.cognition.services import MindServices
from agents.engine.engine_settings import EngineSettings, TimePolicy
from agents.engine.mind_services_factory import offline_services
from agents.engine.operation_pool import OperationPool
from agents.engine.simulation import FALLBACK_IDLE_MINUTES, Simulation
from agents.engine.step_driver import StepDriver
from agents.engine.town_steps import run_steps, step_once
from agents.llm.local_embedder import HashedNgramEmbedder
from agents.llm.offline import OFFLINE_ANSWERS
from agents.paths import shipped_worlds_dir
from agents.world.world_folder import load_world_folder
from tests.engine.scripted_server import scripted_server

CALL_LATENCY_SECONDS = 0.3
NEW_ACTION = "reading the morning news"


def embedder() -> HashedNgramEmbedder:
    return HashedNgramEmbedder(dimension=256)


@lru_cache(maxsize=4)
def _pickled(scenario: str, hour: int) -> bytes:
    folder = load_world_folder(shipped_worlds_dir() / "smallville")
    services = offline_services(embedder())
    simulation = Simulation.create(folder.world_map, folder.load_scenario(scenario), services, seed=3)
    run_steps(simulation, hour * 360, services)
    return pickle.dumps(simulation)


def simulation_at(scenario: str, hour: int) -> Simulation:
    """A fresh copy of the scenario run offline to ``hour`` o'clock."""
    return pickle.loads(_pickled(scenario, hour))


def wanting_one_decision(simulation: Simulation, count: int) -> list[str]:
    """Make the first ``count`` residents need exactly one decision this step: their action has ended
    and the next one is planned but not placed yet (one ``action_place`` call each)."""
    names = list(simulation.residents)[:count]
    for name in names:
        resident = simulation.residents[name]
        assert resident.action is not None
        resident.action = replace(resident.action, start=simulation.now, duration_minutes=0)
        resident.pending_actions[:] = [PlannedAction(NEW_ACTION, 10, resident.action.parent_activity)]
        resident.place_cache.clear()
        resident.unscored_ids.clear()
        resident.importance_since_reflection = 0
    return names


def run_pooled_hour(simulation: Simulation, services: MindServices, steps: int = 360) -> StepDriver:
    """A game hour (or ``steps``) on a pool of 4 workers with one driver; returns the (closed) driver."""
    driver = StepDriver(simulation, services, OperationPool(4))
    try:
        for _ in range(steps):
            driver.step()
        driver.settle()  # as Simulation.run ends: an outcome not due yet is filed in the town
    finally:
        driver.close()
    return driver


def test_the_result_does_not_depend_on_the_number_of_workers() -> None:
    services = offline_services(embedder())
    sequential, pooled = simulation_at("three", 7), simulation_at("three", 7)
    run_steps(sequential, 360, services)
    driver = run_pooled_hour(pooled, services)
    assert driver.counters().operations > 10, "the hour needed the model"
    assert pooled.snapshot_sha256() == sequential.snapshot_sha256()


def answering(spec: str, asked: dict[tuple[str, str], float], what: Callable[[Mapping[str, object]], str],
              slow_for: str = "") -> Callable[[Mapping[str, object]], object]:
    """The offline answer to ``spec``, noting when the server got the request in ``asked`` under (what
    was asked, whose), and a second late for the resident ``slow_for``."""
    def answer(context: Mapping[str, object]) -> object:
        name = str(context["persona"]["name"])  # type: ignore[index]
        asked[(what(context), name)] = time.monotonic()
        if name == slow_for:
            time.sleep(1.0)
        return OFFLINE_ANSWERS[spec](context)
    return answer


def step_once_against(simulation: Simulation, overrides: Mapping[str, Callable[[Mapping[str, object]], object]]) -> None:
    """One step, and the work it asked ahead, on 4 workers against the test server with ``overrides``."""
    with scripted_server(overrides) as (services, _, _server):
        driver = StepDriver(simulation, services, OperationPool(4))
        try:
            driver.step()
            driver.finish_background()
        finally:
            driver.close()


def test_a_thought_goes_on_while_a_slower_one_of_its_round_is_still_out() -> None:
    """Rounds are pipelined: the first resident's next call starts before the second resident's first
    call is back, and the town comes out as in the sequential run."""
    sequential, pooled = simulation_at("three", 0), simulation_at("three", 0)
    first, second = list(pooled.residents)[:2]
    asked: dict[tuple[str, str], float] = {}  # (spec, resident) -> when the server got it

    step_once_against(pooled, {
        "wake_up_hour": answering("wake_up_hour", asked, lambda _: "wake_up_hour", slow_for=second),
        "daily_plan": answering("daily_plan", asked, lambda _: "daily_plan")})
    second_back = asked[("wake_up_hour", second)] + 1.0
    assert asked[("daily_plan", first)] < second_back - 0.1
    run_steps(sequential, 1, offline_services(HashedNgramEmbedder(dimension=256)))
    assert pooled.snapshot_sha256() == sequential.snapshot_sha256()


def test_work_asked_ahead_starts_once_its_residents_thought_has_finished() -> None:
    simulation = simulation_at("twenty-five", 3)
    first, second = wanting_one_decision(simulation, 2)
    simulation.residents[first].pending_actions.append(PlannedAction("reading a book", 10, "reading"))
    asked: dict[tuple[str, str], float] = {}  # (activity, resident) -> when the server got it
    step_once_against(simulation, {"action_place": answering(
        "action_place", asked, lambda context: str(context["activity"]), slow_for=second)})
    # the first resident's next place was asked while the second resident's decision was still out
    assert asked[("reading a book", first)] < asked[(NEW_ACTION, second)] + 0.9


def test_eight_decisions_in_one_step_take_about_one_call() -> None:
    simulation = simulation_at("twenty-five", 3)
    names = wanting_one_decision(simulation, 8)
    with scripted_server(latency_seconds=CALL_LATENCY_SECONDS) as (services, _, server):
        driver = StepDriver(simulation, services, OperationPool(8))
        try:
            began = time.perf_counter()
            driver.step()
            elapsed = time.perf_counter() - began
        finally:
            driver.close()
        assert server.stats.chat_requests == 8
    for name in names:
        assert simulation.residents[name].action.description == NEW_ACTION  # type: ignore[union-attr]
    assert driver.counters().rounds == 1
    assert elapsed < 2 * CALL_LATENCY_SECONDS, f"8 parallel decisions took {elapsed:.3f} s"


def test_pump_never_waits_and_the_step_passes_once_everyone_has_decided() -> None:
    simulation = simulation_at("twenty-five", 3)
    names = wanting_one_decision(simulation, 8)
    started = simulation.now
    with scripted_server(latency_seconds=CALL_LATENCY_SECONDS) as (services, _, _server):
        driver = StepDriver(simulation, services, OperationPool(8))
        try:
            driver.begin_step()
            pumps, slowest_pump, passed = 0, 0.0, False
            deadline = time.monotonic() + 20
            while not passed:
                assert time.monotonic() < deadline, "the decisions never arrived"
                began = time.perf_counter()
                passed = driver.pump()
                slowest_pump = max(slowest_pump, time.perf_counter() - began)
                pumps += 1
                if not passed:
                    assert simulation.now == started, "the step passed before everyone had decided"
                    assert 0 < len(driver.thinking) <= 8  # those whose turn has come are done
                    time.sleep(0.01)
        finally:
            driver.close()
    assert pumps > 5 and slowest_pump < CALL_LATENCY_SECONDS / 3, f"a pump took {slowest_pump:.3f} s"
    assert simulation.now == started + timedelta(seconds=10) and not driver.step_open
    for name in names:
        assert simulation.residents[name].action.description == NEW_ACTION  # type: ignore[union-attr]


def test_flowing_lets_the_clock_run_while_residents_think() -> None:
    simulation = simulation_at("twenty-five", 3)
    names = wanting_one_decision(simulation, 8)
    started = simulation.now
    with scripted_server(latency_seconds=0.5) as (services, _, _server):
        driver = StepDriver(simulation, services, OperationPool(8), time_policy=TimePolicy.FLOWING)
        try:
            driver.step()
            assert simulation.now == started + timedelta(seconds=10)
            assert sorted(name for name, _ in driver.thinking) == sorted(names)
            assert {kind for _, kind in driver.thinking} == {"action_place"}
            steps = 1
            deadline = time.monotonic() + 20
            while driver.thinking:
                assert time.monotonic() < deadline, "the decisions never arrived"
                time.sleep(0.05)
                driver.step()
                steps += 1
        finally:
            driver.close()
    assert steps > 2, "the clock ran on while the model was answering"
    for name in names:
        action = simulation.residents[name].action
        assert action is not None and action.description == NEW_ACTION and action.start > started


def test_a_failing_operation_becomes_an_incident_and_a_fallback(monkeypatch: pytest.MonkeyPatch) -> None:
    simulation = simulation_at("twenty-five", 3)
    names = wanting_one_decision(simulation, 3)

    def broken_place(**_: object) -> None:
        raise RuntimeError("the placement rule broke")

    monkeypatch.setattr("agents.cognition.plan.place", broken_place)
    step_once(simulation, offline_services(embedder()))
    assert [i.residents for i in simulation.incidents] == [(name,) for name in names]
    incident = simulation.incidents[0]
    assert incident.kind == "action_place" and "the placement rule broke" in incident.error
    for name in names:
        action = simulation.residents[name].action
        assert action is not None and action.description == "idling"
        assert action.duration_minutes == FALLBACK_IDLE_MINUTES
    monkeypatch.undo()
    run_steps(simulation, 6 * 30, offline_services(embedder()))  # after the idle minutes they go on planning
    assert all(simulation.residents[n].action.description != "idling" for n in names)  # type: ignore[union-attr]


def test_a_timed_out_operation_falls_back_and_its_late_answer_is_dropped() -> None:
    simulation = simulation_at("twenty-five", 3)
    names = wanting_one_decision(simulation, 2)
    with scripted_server(latency_seconds=1.0) as (services, _, _server):
        pool = OperationPool(4)
        driver = StepDriver(simulation, services, pool, operation_timeout_seconds=0.2)
        try:
            began = time.perf_counter()
            driver.step()
            assert time.perf_counter() - began < 0.9, "the step did not wait for the slow answer"
            assert [i.error for i in simulation.incidents] == ["timed out after 0.2 s"] * 2
            assert {i.residents for i in simulation.incidents} == {(n,) for n in names}
            time.sleep(1.2)
            pool.drain()
            assert pool.dropped_stale == 2
        finally:
            driver.close()
    for name in names:
        assert simulation.residents[name].action.description == "idling"  # type: ignore[union-attr]


def test_settle_finishes_thoughts_in_progress() -> None:
    simulation = simulation_at("twenty-five", 3)
    wanting_one_decision(simulation, 4)
    with scripted_server(latency_seconds=0.2) as (services, _, _server):
        driver = StepDriver.pooled(simulation, services, EngineSettings(workers=4, time_policy=TimePolicy.FLOWING))
        try:
            driver.step()
            assert driver.thinking
            driver.settle()
            assert not driver.thinking
        finally:
            driver.close()
    pickle.dumps(simulation)  # nothing of the driver leaked into the state


class ThreadRecordingEmbedder:
    """The tests' embedder, noting which threads call it (a stand-in for an embedder over the network)."""

    def __init__(self) -> None:
        self._inner = embedder()
        self.dimension = self._inner.dimension
        self.threads: set[str] = set()

    def embed(self, texts: list[str]) -> object:
        self.threads.add(threading.current_thread().name)
        return self._inner.embed(texts)


def test_a_remote_embedder_is_called_on_the_workers_only() -> None:
    simulation = simulation_at("three", 7)
    recording = ThreadRecordingEmbedder()
    base = offline_services(embedder())
    services = MindServices(base.runner, recording, embed_on_workers=True)  # type: ignore[arg-type]
    memories_before = sum(len(r.memory) for r in simulation.residents.values())
    run_pooled_hour(simulation, services)
    assert recording.threads and all(name.startswith("smallville-op") for name in recording.threads), recording.threads
    added = [(record, resident.memory.embeddings[record.memory_id])
             for resident in simulation.residents.values() for record in resident.memory.records()[-5:]]
    assert sum(len(r.memory) for r in simulation.residents.values()) > memories_before
    for record, vector in added:
        assert np.allclose(vector, embedder().embed([record.description])[0], atol=1e-6), record.description


class CountingPool(OperationPool):
    """The pool, counting how many operations each resident has in flight at once."""

    def __init__(self, workers: int) -> None:
        super().__init__(workers)
        self.in_flight: dict[str, int] = {}
        self.owner: dict[str, str] = {}  # operation key -> the one resident it is for, if one
        self.most_at_once = 0
        self.ahead_operations = 0
        self.kinds: dict[tuple[str, bool], int] = {}  # (kind, asked ahead) -> operations submitted
        self.take_aways = 0

    def residents_of(self, key: str) -> list[str]:
        if key.startswith("ahead:"):
            return [key.split(":")[1]]
        return [self.owner[key]] if self.owner.get(key) else key.rpartition("/")[0].split("+")

    def submit(self, resident: str, kind: str, work: object, frozen_input: object,  # type: ignore[override]
               timeout_seconds: float | None = None, *, background: bool = False) -> int:
        self.ahead_operations += resident.startswith("ahead:")
        self.kinds[(kind, resident.startswith("ahead:"))] = self.kinds.get((kind, resident.startswith("ahead:")), 0) + 1
        self.owner[resident] = getattr(frozen_input, "resident", "")
        self.take_aways += kind == "conversation_take_away"
        for name in self.residents_of(resident):
            self.in_flight[name] = self.in_flight.get(name, 0) + 1
            self.most_at_once = max(self.most_at_once, self.in_flight[name])
        return super().submit(resident, kind, work, frozen_input, timeout_seconds,  # type: ignore[arg-type]
                              background=background)

    def drain(self) -> list:  # type: ignore[type-arg]
        outcomes = super().drain()
        for outcome in outcomes:
            self.landed(outcome.resident)
        return outcomes

    def cancel(self, resident: str) -> None:
        """A superseded operation is no longer current: its result will be dropped, if it comes."""
        if OperationPool.in_flight(self, resident):  # (self.in_flight is the counts here)
            self.landed(resident)
        super().cancel(resident)

    def withdraw(self, resident: str) -> bool:
        """Work withdrawn before a worker took it never runs."""
        withdrawn = super().withdraw(resident)
        if withdrawn:
            self.landed(resident)
        return withdrawn

    def landed(self, key: str) -> None:
        for name in self.residents_of(key):
            self.in_flight[name] -= 1


def test_places_are_asked_ahead_with_at_most_one_background_operation_per_resident() -> None:
    sequential, pooled = simulation_at("twenty-five", 8), simulation_at("twenty-five", 8)
    services = offline_services(embedder())
    run_steps(sequential, 360, services)
    pool = CountingPool(16)
    driver = StepDriver(pooled, services, pool)
    try:
        for _ in range(360):
            driver.step()
    finally:
        driver.close()
    assert pool.ahead_operations > 20, "the next actions' places were asked ahead"
    assert pool.take_aways >= 2, "the hour had a conversation"
    assert pool.most_at_once <= 2, "a resident had more than a background call and the one they need in flight"
    assert pooled.snapshot_sha256() == sequential.snapshot_sha256()


def test_a_call_a_resident_needs_runs_beside_their_own_background_call() -> None:
    """The busy morning against a server at 150 ms a call: some resident's needed call is sent while
    their background call (a place asked ahead) is still out, and the town is the sequential one."""
    sequential, pooled = simulation_at("twenty-five", 8), simulation_at("twenty-five", 8)
    run_steps(sequential, 120, offline_services(embedder()))
    with scripted_server(latency_seconds=0.15) as (services, _, _server):
        pool = CountingPool(16)
        driver = StepDriver(pooled, services, pool)
        try:
            for _ in range(120):
                driver.step()
        finally:
            driver.close()
    assert pool.ahead_operations > 20
    assert pool.most_at_once == 2, "no needed call ran beside its resident's background call"
    assert pooled.snapshot_sha256() == sequential.snapshot_sha256()


def test_the_next_actions_are_decomposed_ahead_and_used_when_the_last_planned_action_ends() -> None:
    simulation = simulation_at("twenty-five", 9)
    services = offline_services(embedder())
    pool = CountingPool(4)
    driver = StepDriver(simulation, services, pool)
    try:
        for _ in range(120):
            driver.step()  # asks ahead, from the decompositions of the hour's start on
        asked_ahead, asked_when_needed = (pool.kinds.get(("decompose_action", ahead), 0) for ahead in (True, False))
        used_before = driver.counters().ahead_used
        for _ in range(240):
            driver.step()
    finally:
        driver.close()
    asked_ahead_later, asked_when_needed_later = (pool.kinds.get(("decompose_action", ahead), 0) - before
                                                  for ahead, before in ((True, asked_ahead), (False, asked_when_needed)))
    assert asked_ahead_later >= 5, "the last planned actions' successors were decomposed ahead"
    assert asked_when_needed_later < asked_ahead_later, "the decompositions asked ahead were used"
    assert driver.counters().ahead_used > used_before


def test_a_town_saved_with_places_asked_ahead_goes_on_identically() -> None:
    services = offline_services(embedder())
    whole, halves = simulation_at("twenty-five", 8), simulation_at("twenty-five", 8)
    run_pooled_hour(whole, services, steps=480)
    run_pooled_hour(halves, services, steps=240)
    assert sum(bool(resident.placing_ahead) for resident in halves.residents.values()) > 3
    resumed = pickle.loads(pickle.dumps(halves))  # the driver and its operations ahead are gone
    run_pooled_hour(resumed, services, steps=240)
    assert resumed.snapshot_sha256() == whole.snapshot_sha256()


def unasked(resident: Resident) -> tuple[int, ...]:
    """The resident's memories waiting for a score that have not been asked about yet."""
    asked = set(resident.scoring_ahead["ids"]) if resident.scoring_ahead else set()  # type: ignore[call-overload]
    return tuple(i for i in resident.unscored_ids if i not in asked)


def test_importance_asked_at_one_scoring_step_is_applied_at_a_later_one_with_new_memories() -> None:
    simulation = simulation_at("three", 9)
    services = offline_services(embedder())
    interval = round(simulation.config.importance_scoring_interval_minutes * 60 / simulation.clock.step_seconds)
    driver = StepDriver(simulation, services, OperationPool(2))
    try:
        while not (simulation.scoring_due() and any(unasked(r) for r in simulation.residents.values())):
            driver.step()
        waiting = {name: unasked(r) for name, r in simulation.residents.items() if unasked(r)}
        driver.step()  # a scoring step: the scores are asked, not applied
        asked = {name: simulation.residents[name].scoring_ahead for name in waiting}
        for name, ids in waiting.items():
            resident = simulation.residents[name]
            assert resident.scoring_ahead is not None and set(ids) <= set(resident.scoring_ahead["ids"])  # type: ignore[call-overload]
            assert set(ids) <= set(resident.unscored_ids)
        applied: set[str] = set()
        for _ in range(12):  # the next scoring steps of the hour
            for _ in range(interval):
                driver.step()
            for name, inputs in asked.items():
                resident, ids = simulation.residents[name], set(inputs["ids"])  # type: ignore[index, call-overload]
                if resident.scoring_ahead is inputs:  # nothing new was there to ask about: they stay out
                    assert ids <= set(resident.unscored_ids)
                else:  # applied (once there were new memories to ask about)
                    applied.add(name)
                    assert not ids & set(resident.unscored_ids)
    finally:
        driver.close()
    assert applied


def test_a_sleeping_town_does_not_wait_for_its_scores() -> None:
    simulation = simulation_at("three", 0)
    waited_for_scores: list[int] = []  # steps
    driver = StepDriver(simulation, offline_services(embedder()), OperationPool(2))
    try:
        for step in range(180):  # the first half hour: six scoring steps
            driver.begin_step()
            while not driver.pump():
                if any(kind == "importance_batch" for _, kind in driver.thinking):
                    waited_for_scores.append(step)
                driver.wait_for_outcomes()
    finally:
        driver.close()
    assert not waited_for_scores
    assert all(r.scoring_ahead is not None and set(r.unscored_ids) == set(r.scoring_ahead["ids"])  # type: ignore[call-overload]
               for r in simulation.residents.values()), "the scores stay in the background"


def pump_through(simulation: Simulation, services: MindServices, steps: int, deadline: float | None) -> int:
    """Drive ``steps`` steps by ``pump``; returns how many pumps did not pass the step."""
    driver = StepDriver(simulation, services, OperationPool(4))
    unfinished = 0
    try:
        for _ in range(steps):
            driver.begin_step()
            while not driver.pump(deadline):
                unfinished += 1
                driver.wait_for_outcomes(0.01)
    finally:
        driver.close()
    return unfinished


def test_a_round_spread_over_many_pumps_gives_the_same_town() -> None:
    services = offline_services(embedder())
    whole_rounds, spread = simulation_at("twenty-five", 8), simulation_at("twenty-five", 8)
    unfinished_whole = pump_through(whole_rounds, services, 120, deadline=None)
    unfinished_spread = pump_through(spread, services, 120, deadline=0.0)  # always past: one thought a pump
    assert unfinished_spread > unfinished_whole + 20, "rounds were split over several pumps"
    assert spread.snapshot_sha256() == whole_rounds.snapshot_sha256()
