"""Deadlines, not barriers (issue 17): under "every step decided" a conversation's outcome is due a
little after it starts, the clock runs on meanwhile (the pair stands talking), and the outcome is
applied at its due step whenever it came back: the same town with 1, 4 or 16 workers against a server
whose latency varies at random, and a save taken with a conversation out resumes to the same town."""

from __future__ import annotations

import pickle
import random
import threading
import time
from collections.abc import Callable, Mapping

import pytest

from agents.engine.mind_services_factory import offline_services
from agents.engine.operation_pool import OperationPool
from agents.engine.pending_chat import CONVERSATION_DUE_MINUTES
from agents.engine.simulation import Simulation
from agents.engine.step_driver import StepDriver
from agents.engine.town_steps import run_steps
from agents.llm.offline import OFFLINE_ANSWERS
from tests.engine.scripted_server import scripted_server
from tests.engine.test_step_driver import embedder, simulation_at

BUSY_STEPS = 240  # 08:00-08:40 of the twenty-five: conversations start


def jittered(seed: int, low_seconds: float, high_seconds: float) -> dict[str, Callable[[Mapping[str, object]], object]]:
    """Every offline answer, each after a random delay (so answers come back in different orders)."""
    rng, lock = random.Random(seed), threading.Lock()

    def delayed(spec: str) -> Callable[[Mapping[str, object]], object]:
        def answer(context: Mapping[str, object]) -> object:
            with lock:
                seconds = rng.uniform(low_seconds, high_seconds)
            time.sleep(seconds)
            return OFFLINE_ANSWERS[spec](context)
        return answer
    return {spec: delayed(spec) for spec in OFFLINE_ANSWERS}


def run_against_server(simulation: Simulation, workers: int, steps: int, seed: int,
                       until_out: bool = False) -> tuple[int, int]:
    """``steps`` steps on ``workers`` workers against the jittery server, then settled (or, with
    ``until_out``, stop at the first step that passes with a conversation out). Returns (steps run,
    steps that passed with a conversation out)."""
    passed_out = 0
    with scripted_server(jittered(seed, 0.0, 0.08)) as (services, _, _server):
        driver = StepDriver(simulation, services, OperationPool(workers))
        try:
            for done in range(1, steps + 1):
                driver.step()
                passed_out += driver.conversations_out > 0
                if until_out and driver.conversations_out:
                    break
            driver.settle()
        finally:
            driver.close()
    return done, passed_out


@pytest.mark.slow
def test_the_same_town_with_1_4_and_16_workers_whatever_order_answers_come_back_in() -> None:
    sequential = simulation_at("twenty-five", 8)
    run_steps(sequential, BUSY_STEPS, offline_services(embedder()))
    out_steps = []
    for workers, seed in ((1, 1), (4, 2), (16, 3)):
        town = simulation_at("twenty-five", 8)
        _, passed_out = run_against_server(town, workers, BUSY_STEPS, seed)
        out_steps.append(passed_out)
        assert town.snapshot_sha256() == sequential.snapshot_sha256(), f"{workers} workers gave another town"
    assert sequential.conversation_log, "the busy morning had conversations"
    assert max(out_steps) > 0, "no step passed while a conversation was out: the clock waited for it"


def test_the_clock_runs_on_while_a_conversation_is_out_and_its_lines_appear_when_due() -> None:
    """A conversation started against a server at 150 ms a call (its dialogue is several calls one
    after another): steps pass while it is out, the pair stands talking, and its lines land in the
    log at the step its outcome is due, exactly as in the sequential run."""
    sequential, pooled = simulation_at("twenty-five", 8), simulation_at("twenty-five", 8)
    services = offline_services(embedder())
    run_steps(sequential, BUSY_STEPS, services)
    with scripted_server(latency_seconds=0.15) as (server_services, _, _server):
        driver = StepDriver(pooled, server_services, OperationPool(16))
        seen_out_while_passing = 0
        try:
            for _ in range(BUSY_STEPS):
                before = len(pooled.conversation_log)
                driver.step()
                if driver.conversations_out:
                    seen_out_while_passing += 1
                    for chat_started, first, second, _turns in pooled.conversation_log[before:]:
                        assert chat_started + _due() <= pooled.now, "lines applied before their due step"
            driver.settle()
        finally:
            driver.close()
    assert seen_out_while_passing > 0
    assert [entry[:3] for entry in pooled.conversation_log] == [entry[:3] for entry in sequential.conversation_log]
    assert pooled.snapshot_sha256() == sequential.snapshot_sha256()


def _due():  # type: ignore[no-untyped-def]
    from datetime import timedelta

    return timedelta(minutes=CONVERSATION_DUE_MINUTES)


def test_a_save_taken_with_a_conversation_out_resumes_to_the_same_town() -> None:
    """Stop at the first step that passes with a conversation out, settle and save (pickle) the town
    as the game does, load it into a new driver and go on: the same town as the run never saved."""
    whole = simulation_at("twenty-five", 8)
    run_steps(whole, BUSY_STEPS, offline_services(embedder()))
    halves = simulation_at("twenty-five", 8)
    done, _ = run_against_server(halves, 8, BUSY_STEPS, seed=5, until_out=True)
    assert done < BUSY_STEPS, "no conversation was out at any step"
    assert halves.pending_chats, "the save holds the conversation's outcome, filed until its due step"
    resumed: Simulation = pickle.loads(pickle.dumps(halves))
    assert all(name in resumed.residents for chat in resumed.pending_chats for name in chat.members)
    run_against_server(resumed, 8, BUSY_STEPS - done, seed=6)
    assert resumed.snapshot_sha256() == whole.snapshot_sha256()
