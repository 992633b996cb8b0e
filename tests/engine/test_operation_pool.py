"""The operation pool: parallel work, results on drain, stale results dropped, failures and
timeouts as outcomes, one operation per resident."""

from __future__ import annotations

import threading
import time

import pytest

from agents.engine.operation_pool import OperationPool


def drain_until(pool: OperationPool, count: int, timeout_seconds: float = 5.0) -> list:
    found: list = []
    deadline = time.monotonic() + timeout_seconds
    while len(found) < count and time.monotonic() < deadline:
        found.extend(pool.drain())
        time.sleep(0.005)
    return found


def test_operations_run_in_parallel_and_come_back_tagged() -> None:
    def slow_double(x: int) -> int:
        time.sleep(0.2)
        return 2 * x

    with OperationPool(workers=8) as pool:
        started = time.monotonic()
        ids = {f"r{i}": pool.submit(f"r{i}", "plan", slow_double, i) for i in range(8)}
        assert pool.busy_residents() == tuple(sorted(ids))
        outcomes = drain_until(pool, 8)
        elapsed = time.monotonic() - started
    assert sorted((o.resident, o.value) for o in outcomes) == sorted((f"r{i}", 2 * i) for i in range(8))
    assert all(o.operation_id == ids[o.resident] and o.succeeded for o in outcomes)
    assert elapsed < 2 * 0.2 + 0.3, "eight 200 ms operations did not overlap"


def test_drain_never_blocks() -> None:
    release = threading.Event()
    with OperationPool(workers=1) as pool:
        pool.submit("a", "plan", lambda _: release.wait(5), None)
        began = time.monotonic()
        assert pool.drain() == []
        assert time.monotonic() - began < 0.05 and pool.in_flight("a")
        release.set()
        assert drain_until(pool, 1)[0].resident == "a"


def test_a_superseded_operation_is_dropped_as_stale() -> None:
    gate = threading.Event()
    with OperationPool(workers=2) as pool:
        first = pool.submit("a", "plan", lambda _: gate.wait(5) and "old", None)
        second = pool.submit("a", "react", lambda _: "new", None)
        outcomes = drain_until(pool, 1)
        gate.set()
        time.sleep(0.1)
        outcomes += pool.drain()
    assert [(o.operation_id, o.value) for o in outcomes] == [(second, "new")]
    assert first != second and pool.dropped_stale == 1


def test_a_failure_becomes_an_outcome() -> None:
    def broken(_: object) -> None:
        raise ValueError("the model said nonsense")

    with OperationPool(workers=1) as pool:
        pool.submit("a", "plan", broken, None)
        (outcome,) = drain_until(pool, 1)
    assert not outcome.succeeded and outcome.error == "ValueError: the model said nonsense"


def test_a_slow_operation_times_out_and_its_late_result_is_dropped() -> None:
    with OperationPool(workers=1) as pool:
        pool.submit("a", "plan", lambda _: time.sleep(0.3) or "late", None, timeout_seconds=0.05)
        time.sleep(0.1)
        (outcome,) = pool.drain()
        assert outcome.error == "timed out after 0.05 s" and not pool.in_flight("a")
        time.sleep(0.35)
        assert pool.drain() == [] and pool.dropped_stale == 1 and pool.timed_out == 1


def test_workers_must_be_positive() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        OperationPool(workers=0)


def test_start_workers_starts_every_thread_up_front() -> None:
    def pool_threads() -> set[threading.Thread]:  # earlier tests' pools may still be ending theirs
        return {thread for thread in threading.enumerate() if thread.name.startswith("smallville-op")}

    before = pool_threads()
    pool = OperationPool(workers=6)
    try:
        pool.start_workers()
        assert len(pool_threads() - before) == 6
    finally:
        pool.close()


def test_work_a_step_waits_on_goes_before_background_work() -> None:
    order: list[str] = []
    gate = threading.Event()
    with OperationPool(workers=1) as pool:
        pool.submit("busy", "plan", lambda _: gate.wait(5), None)  # holds the one worker
        pool.submit("ahead:a", "place", lambda name: order.append(name), "background a", background=True)
        pool.submit("ahead:b", "place", lambda name: order.append(name), "background b", background=True)
        pool.submit("c", "react", lambda name: order.append(name), "needed c")
        pool.expedite("ahead:b")  # a step now waits on b
        gate.set()
        drain_until(pool, 4)
    assert order == ["background b", "needed c", "background a"]  # needed work in the order submitted


def test_work_superseded_before_it_starts_never_runs() -> None:
    ran: list[str] = []
    gate = threading.Event()
    with OperationPool(workers=1) as pool:
        pool.submit("busy", "plan", lambda _: gate.wait(5), None)
        pool.submit("a", "plan", lambda name: ran.append(name), "old")
        pool.cancel("a")
        pool.submit("b", "plan", lambda name: ran.append(name), "kept")
        gate.set()
        outcomes = drain_until(pool, 2)
    assert ran == ["kept"] and sorted(o.resident for o in outcomes) == ["b", "busy"]


def test_a_timeout_counts_from_when_a_worker_starts_the_operation() -> None:
    with OperationPool(workers=1) as pool:
        pool.submit("a", "plan", lambda _: time.sleep(0.2) or "first", None)
        pool.submit("b", "plan", lambda _: "second", None, timeout_seconds=0.1)  # waits 0.2 s for the worker
        outcomes = drain_until(pool, 2)
    assert sorted((o.resident, o.value, o.error) for o in outcomes) == [("a", "first", None), ("b", "second", None)]
    assert pool.timed_out == 0


def test_work_no_worker_has_started_can_be_withdrawn_and_never_runs() -> None:
    ran: list[str] = []
    gate = threading.Event()
    with OperationPool(workers=1) as pool:
        pool.submit("busy", "plan", lambda _: gate.wait(5), None)
        pool.submit("ahead:a", "place", lambda name: ran.append(name), "withdrawn", background=True)
        assert pool.withdraw("ahead:a") and not pool.in_flight("ahead:a")
        assert not pool.withdraw("busy"), "a running operation cannot be withdrawn"
        pool.submit("b", "plan", lambda name: ran.append(name), "kept")
        gate.set()
        outcomes = drain_until(pool, 2)
        time.sleep(0.05)
        outcomes += pool.drain()
    assert ran == ["kept"] and sorted(o.resident for o in outcomes) == ["b", "busy"]
