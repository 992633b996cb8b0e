"""Closing the window's runner while its work is in flight, then the model stack (the window's order):
queued work is withdrawn, running work is abandoned after a bounded wait, and whatever the abandoned
work meets afterwards (a closed client, a refused call) is dropped quietly: no exception is logged,
and the workers end soon after instead of keeping the process alive."""

from __future__ import annotations

import logging
import socket
import time
from dataclasses import replace

import pytest

from agents.engine.mind_services_factory import services_for_stack
from agents.engine.operation_pool import OperationPool
from agents.engine.simulation_runner import SimulationRunner
from agents.llm.settings import LlmSettings
from agents.llm.stack import LanguageModelStack, build_model_stack
from agents.paths import shipped_worlds_dir
from agents.world.world_folder import load_world_folder
from tests.fixtures.model_server import ModelServer


def wait_until(condition, timeout_seconds: float = 30.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout_seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


def endpoint_stack(base_url: str, **resilience: object) -> LanguageModelStack:
    settings = replace(LlmSettings(provider="auto", base_url=base_url, model="smallville-test-model",
                                   detect_local_servers=False), **resilience)  # type: ignore[arg-type]
    return build_model_stack(settings, detect=False)


def close_while_thinking(stack: LanguageModelStack, caplog: pytest.LogCaptureFixture, *,
                         begin_close_first: bool = False, wait_seconds: float = 0.1) -> OperationPool:
    """Start the town, ask for steps, close the runner while residents think (after the stack's
    ``begin_close`` if asked), then the stack; the log records from then on. Returns the step pool
    (to see its abandoned work end)."""
    folder = load_world_folder(shipped_worlds_dir() / "smallville")
    runner = SimulationRunner(folder.world_map, folder.load_scenario("three"),
                              services_for_stack(stack, LlmSettings()))
    try:
        wait_until(lambda: runner.poll() or runner.ready)
        assert runner.request_steps(20)
        wait_until(lambda: bool(runner.poll() or runner.thinking))  # the day's planning is in flight
        time.sleep(0.2)
        runner.poll()
        driver = runner._driver
        assert driver is not None
        pool = driver._operations
        assert isinstance(pool, OperationPool) and pool.running() > 0, "nothing was in flight"
    except BaseException:
        runner.close()
        stack.close()
        raise
    caplog.clear()
    if begin_close_first:
        stack.begin_close()
    began = time.monotonic()
    runner.close(wait_seconds=wait_seconds)
    assert time.monotonic() - began < min(wait_seconds, 1.0) + 0.5, "close waited longer than it should"
    stack.close()
    return pool


def assert_quiet(caplog: pytest.LogCaptureFixture) -> None:
    loud = [r for r in caplog.records if r.levelno >= logging.WARNING or r.exc_info]
    assert not loud, [f"{r.levelname} {r.name}: {r.getMessage()}" for r in loud]
    assert "client has been closed" not in caplog.text and "Traceback" not in caplog.text


def test_closing_against_a_slow_server_logs_no_exception(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    with ModelServer(latency_seconds=0.4) as server:
        stack = endpoint_stack(server.base_url)
        pool = close_while_thinking(stack, caplog)
        wait_until(lambda: pool.running() == 0, timeout_seconds=5.0)  # the abandoned calls end
    assert_quiet(caplog)
    assert "after the pool closed" in caplog.text, "the abandoned work's outcome was not noted at debug level"


def test_closing_while_calls_retry_an_unreachable_server_ends_them_quietly(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        dead_port = probe.getsockname()[1]
    stack = endpoint_stack(f"http://127.0.0.1:{dead_port}/v1", timeout_seconds=0.5, max_retries=6,
                           backoff_initial_seconds=5.0, backoff_max_seconds=30.0, failure_threshold=100,
                           down_period_seconds=600.0)
    pool = close_while_thinking(stack, caplog)
    began = time.monotonic()
    wait_until(lambda: pool.running() == 0, timeout_seconds=3.0)  # back-off waits of 2.5 s+ end at the close
    assert time.monotonic() - began < 2.0
    assert_quiet(caplog)


def test_beginning_the_stack_close_first_ends_retrying_work_at_once(caplog: pytest.LogCaptureFixture) -> None:
    """The order for a quit: refuse new calls, close the runner (its work falls back and ends within
    the wait instead of sleeping in back-off), close the stack."""
    caplog.set_level(logging.DEBUG)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        dead_port = probe.getsockname()[1]
    stack = endpoint_stack(f"http://127.0.0.1:{dead_port}/v1", timeout_seconds=0.5, max_retries=6,
                           backoff_initial_seconds=5.0, backoff_max_seconds=30.0, failure_threshold=100,
                           down_period_seconds=600.0)
    pool = close_while_thinking(stack, caplog, begin_close_first=True, wait_seconds=5.0)  # returns in < 1 s
    assert pool.running() == 0, "the running work should have ended within the wait"
    assert_quiet(caplog)
