"""Closing the operation pool: work no worker has started is withdrawn and never runs, running work
gets a bounded time, and what abandoned work does after the close (a result, a failure) is dropped
with a debug line only."""

from __future__ import annotations

import logging
import threading
import time

import pytest

from agents.engine.operation_pool import OperationPool


def test_close_withdraws_queued_work_and_waits_for_running_work() -> None:
    ran: list[str] = []
    release = threading.Event()
    pool = OperationPool(workers=1)

    def slow(name: str) -> str:
        release.wait(0.3)
        ran.append(name)
        return name

    pool.submit("a", "slow", slow, "a")
    pool.submit("b", "queued", slow, "b", background=True)
    pool.submit("c", "queued", slow, "c")
    time.sleep(0.05)
    assert pool.running() == 1
    began = time.monotonic()
    assert pool.close(wait_seconds=2.0), "the running operation finished within the wait"
    assert 0.1 < time.monotonic() - began < 1.0
    time.sleep(0.4)
    assert ran == ["a"], "queued work ran after the close"
    assert pool.drain() == [] and not pool.in_flight("a")
    assert pool.submit("d", "late", slow, "d") == 0 and pool.running() == 0


def test_work_abandoned_at_close_fails_quietly(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="agents.engine.operation_pool")
    started, release = threading.Event(), threading.Event()
    pool = OperationPool(workers=2)

    def breaks_after_close(_: None) -> None:
        started.set()
        release.wait(5)
        raise RuntimeError("Cannot send a request, as the client has been closed.")

    pool.submit("a", "plan", breaks_after_close, None)
    assert started.wait(5)
    began = time.monotonic()
    assert not pool.close(wait_seconds=0.1), "the running operation was abandoned"
    assert time.monotonic() - began < 0.5
    release.set()
    deadline = time.monotonic() + 5
    while pool.running() and time.monotonic() < deadline:
        time.sleep(0.01)
    assert pool.running() == 0
    assert not [r for r in caplog.records if r.levelno > logging.DEBUG or r.exc_info]
    assert "failed after the pool closed" in caplog.text


def test_a_failure_before_close_is_still_logged(caplog: pytest.LogCaptureFixture) -> None:
    with OperationPool(workers=1) as pool:
        pool.submit("a", "plan", lambda _: 1 / 0, None)
        deadline = time.monotonic() + 5
        outcomes = []
        while not outcomes and time.monotonic() < deadline:
            outcomes = pool.drain()
            time.sleep(0.01)
    assert outcomes and not outcomes[0].succeeded
    assert any(r.levelno == logging.ERROR and r.exc_info for r in caplog.records)
