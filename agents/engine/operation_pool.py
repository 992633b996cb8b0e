"""Model work as operations run by a worker thread pool, with results coming back to the main thread.

An operation is a resident's piece of thinking (a plan, a reaction, a dialogue turn) computed from
a frozen copy of what it needs. :meth:`OperationPool.submit` hands it to a ``ThreadPoolExecutor``;
the worker never touches live state. Its outcome (a value, or the failure that happened) is posted
to a ``queue.SimpleQueue`` tagged with the operation id, and the main thread collects it with
:meth:`OperationPool.drain` and applies it.

Rules kept here so the engine cannot break them:
- one operation in flight per resident: submitting another one for the same resident supersedes the
  first, whose result is then dropped as stale when it arrives (and which is not run at all if it
  had not started);
- work a step waits on runs before background work (``background=True``: work asked ahead), in the
  order submitted; work no worker has started yet can be withdrawn;
- a failure inside the worker comes back as an :class:`OperationOutcome` with ``error`` set (never an
  exception on the main thread, never a crash); an operation still running past its timeout is
  reported as timed out (counted from when a worker starts it) and its late result dropped;
- closing withdraws the work no worker has started, gives running work a bounded time to finish
  (:data:`CLOSE_WAIT_SECONDS`) and then abandons it: whatever comes back after the close, a result or a
  failure (a model client closed under it), is dropped and logged at debug level only, so a quit or
  the end of a run never prints a worker's traceback;
- the pool is not simulation state (it holds threads and a queue) and lives beside the simulation.
"""

from __future__ import annotations

import heapq
import logging
import queue
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from typing import Any, Generic, Protocol, Self, TypeVar

log = logging.getLogger(__name__)

InputT = TypeVar("InputT")
ResultT = TypeVar("ResultT")

DEFAULT_WORKERS = 8
CLOSE_WAIT_SECONDS = 2.0  # how long close() waits for running operations before abandoning them


@dataclass(frozen=True)
class OperationOutcome(Generic[ResultT]):
    """What came back for one operation: ``value`` on success, else ``error`` (a sentence)."""

    operation_id: int
    resident: str
    kind: str
    value: ResultT | None
    error: str | None
    wall_seconds: float

    @property
    def succeeded(self) -> bool:
        return self.error is None


def run_operation(operation_id: int, resident: str, kind: str, work: Callable[[Any], Any],
                  frozen_input: Any, closed: threading.Event | None = None) -> OperationOutcome[Any]:
    """Run ``work(frozen_input)``; a failure becomes the outcome's ``error``, never a crash. Once
    ``closed`` is set (the pool was closed: nobody will read the outcome) a failure is only logged at
    debug level."""
    started = time.monotonic()
    try:
        value, error = work(frozen_input), None
    except Exception as failure:  # a worker's failure becomes an outcome
        if closed is not None and closed.is_set():
            log.debug("operation %d (%s for %s) failed after the pool closed (dropped): %s: %s",
                      operation_id, kind, resident, type(failure).__name__, failure)
        else:
            log.exception("operation %d (%s for %s) failed", operation_id, kind, resident)
        value, error = None, f"{type(failure).__name__}: {failure}"
    return OperationOutcome(operation_id, resident, kind, value, error, time.monotonic() - started)


@dataclass(frozen=True)
class _InFlight:
    operation_id: int
    kind: str
    timeout_seconds: float | None
    started_at: float | None = None  # when a worker took it


@dataclass(frozen=True)
class _Pending:
    operation_id: int
    resident: str
    kind: str
    work: Callable[[Any], Any]
    frozen_input: Any


class OperationPool:
    """A worker pool for residents' operations; see the module docstring."""

    def __init__(self, workers: int = DEFAULT_WORKERS) -> None:
        if workers < 1:
            raise ValueError(f"workers must be at least 1, got {workers}")
        self.workers = workers
        self._executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="smallville-op")
        self._finished: queue.SimpleQueue[OperationOutcome[Any]] = queue.SimpleQueue()
        self._in_flight: dict[str, _InFlight] = {}
        self._pending: list[tuple[bool, int, _Pending]] = []  # a heap: needed work first, then by id
        self._next_id = 1
        self._lock = threading.Lock()
        self._idle = threading.Condition(self._lock)  # notified when an operation stops running
        self._running = 0
        self._closed = threading.Event()
        self.dropped_stale = 0
        self.timed_out = 0

    def submit(self, resident: str, kind: str, work: Callable[[InputT], ResultT], frozen_input: InputT,
               timeout_seconds: float | None = None, *, background: bool = False) -> int:
        """Run ``work(frozen_input)`` on a worker for ``resident``; returns the operation id.

        Call from the main thread only. A resident's earlier operation still in flight is superseded.
        ``background`` work waits until no other work is waiting for a worker. After :meth:`close`
        the work is not run (and no outcome comes back).
        """
        if self._closed.is_set():
            log.debug("%s for %s submitted after the pool closed: not run", kind, resident)
            return 0
        with self._lock:
            operation_id = self._next_id
            self._next_id += 1
            self._in_flight[resident] = _InFlight(operation_id, kind, timeout_seconds)
            heapq.heappush(self._pending, (background, operation_id,
                                           _Pending(operation_id, resident, kind, work, frozen_input)))
        self._executor.submit(self._run_next)  # each task runs the most urgent pending operation
        return operation_id

    def expedite(self, resident: str) -> None:
        """``resident``'s operation is now needed by a step: if it waits for a worker as background
        work, it goes before the background work."""
        with self._lock:
            pending = next((entry[2] for entry in self._pending if entry[2].resident == resident and entry[0]), None)
            if pending is None or self._closed.is_set():
                return
            heapq.heappush(self._pending, (False, pending.operation_id, pending))
        self._executor.submit(self._run_next)  # whichever copy runs first, the other is skipped

    def withdraw(self, resident: str) -> bool:
        """Take back ``resident``'s operation if no worker has started it yet (it will not run and no
        outcome comes back); False if it is running or done."""
        with self._lock:
            flight = self._in_flight.get(resident)
            if flight is None or flight.started_at is not None:
                return False
            del self._in_flight[resident]
            return True

    def start_workers(self, timeout_seconds: float = 10.0) -> None:
        """Start every worker thread now. The executor starts them one by one on the first submits,
        a few milliseconds each: a game loop should not pay that in a frame."""
        barrier = threading.Barrier(self.workers + 1)
        for _ in range(self.workers):  # each task holds its thread until all are running
            self._executor.submit(barrier.wait, timeout_seconds)
        barrier.wait(timeout_seconds)

    def _run_next(self) -> None:
        with self._lock:
            if self._closed.is_set() or not self._pending:
                return  # closed: queued work was withdrawn
            operation = heapq.heappop(self._pending)[2]
            flight = self._in_flight.get(operation.resident)
            if flight is None or flight.operation_id != operation.operation_id or flight.started_at is not None:
                return  # superseded before it started (nobody wants its result), or expedited and run
            self._in_flight[operation.resident] = replace(flight, started_at=time.monotonic())
            self._running += 1
        try:
            outcome = run_operation(operation.operation_id, operation.resident, operation.kind,
                                    operation.work, operation.frozen_input, self._closed)
        finally:
            with self._lock:
                self._running -= 1
                self._idle.notify_all()
        if self._closed.is_set():
            log.debug("operation %d (%s for %s) came back after the pool closed: dropped",
                      outcome.operation_id, outcome.kind, outcome.resident)
            return
        self._finished.put(outcome)

    def cancel(self, resident: str) -> None:
        """Forget ``resident``'s operation in flight: its result will be dropped as stale."""
        with self._lock:
            self._in_flight.pop(resident, None)

    def in_flight(self, resident: str) -> bool:
        """True while ``resident`` has an operation whose outcome has not been drained."""
        with self._lock:
            return resident in self._in_flight

    def busy_residents(self) -> tuple[str, ...]:
        """Who is thinking right now (for the HUD), sorted."""
        with self._lock:
            return tuple(sorted(self._in_flight))

    def drain(self) -> list[OperationOutcome[Any]]:
        """Current outcomes that arrived since the last call, plus timeouts; stale ones are dropped.

        Never blocks. Call from the main thread.
        """
        outcomes: list[OperationOutcome[Any]] = []
        while True:
            try:
                outcome = self._finished.get_nowait()
            except queue.Empty:
                break
            with self._lock:
                current = self._in_flight.get(outcome.resident)
                if current is None or current.operation_id != outcome.operation_id:
                    self.dropped_stale += 1
                    continue
                del self._in_flight[outcome.resident]
            outcomes.append(outcome)
        now = time.monotonic()
        with self._lock:
            expired = [(resident, flight, now - flight.started_at) for resident, flight in self._in_flight.items()
                       if flight.timeout_seconds is not None and flight.started_at is not None
                       and now - flight.started_at > flight.timeout_seconds]
            for resident, flight, running_seconds in expired:
                del self._in_flight[resident]
                self.timed_out += 1
                outcomes.append(OperationOutcome(flight.operation_id, resident, flight.kind, None,
                                                 f"timed out after {flight.timeout_seconds:g} s", running_seconds))
        return outcomes

    def wait_for_any(self, timeout_seconds: float) -> None:
        """Sleep until an outcome may be ready or ``timeout_seconds`` pass (for the headless runner;
        the game loop never calls this)."""
        try:
            outcome = self._finished.get(timeout=timeout_seconds)
        except queue.Empty:
            return
        self._finished.put(outcome)

    @property
    def closed(self) -> bool:
        return self._closed.is_set()

    def running(self) -> int:
        """How many operations a worker is running now."""
        with self._lock:
            return self._running

    def close(self, wait_seconds: float = CLOSE_WAIT_SECONDS) -> bool:
        """Stop: the work no worker has started is withdrawn (it never runs), running operations get
        up to ``wait_seconds`` to finish, and are then abandoned (they end in the background; what
        they return is dropped, a failure logged at debug level). Call it before closing what the
        operations use (the model stack). True when nothing was left running. Idempotent."""
        with self._lock:
            self._closed.set()
            self._pending.clear()
            self._in_flight.clear()
        self._executor.shutdown(wait=False, cancel_futures=True)
        deadline = time.monotonic() + max(0.0, wait_seconds)
        with self._lock:
            while self._running:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    log.debug("closing the pool: %d operation(s) still running are abandoned", self._running)
                    return False
                self._idle.wait(remaining)
        return True

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


class InlineOperations:
    """The pool's interface with no threads: ``submit`` runs the work at once on the calling thread
    (the sequential way: tests, and :mod:`agents.engine.town_steps`). Failures come back as outcomes, as in the
    pool; timeouts cannot happen."""

    workers = 0

    def __init__(self) -> None:
        self._finished: list[OperationOutcome[Any]] = []
        self._next_id = 1

    def submit(self, resident: str, kind: str, work: Callable[[InputT], ResultT], frozen_input: InputT,
               timeout_seconds: float | None = None, *, background: bool = False) -> int:
        operation_id = self._next_id
        self._next_id += 1
        self._finished.append(run_operation(operation_id, resident, kind, work, frozen_input))
        return operation_id

    def expedite(self, resident: str) -> None:
        return None

    def withdraw(self, resident: str) -> bool:
        return False  # it ran when submitted

    def cancel(self, resident: str) -> None:
        self._finished = [o for o in self._finished if o.resident != resident]

    def drain(self) -> list[OperationOutcome[Any]]:
        finished, self._finished = self._finished, []
        return finished

    def wait_for_any(self, timeout_seconds: float) -> None:
        return None

    def close(self, wait_seconds: float = CLOSE_WAIT_SECONDS) -> bool:
        return True  # nothing runs after submit returned


class Operations(Protocol):
    """What the step driver needs of :class:`OperationPool` / :class:`InlineOperations`."""

    workers: int

    def submit(self, resident: str, kind: str, work: Callable[[Any], Any], frozen_input: Any,
               timeout_seconds: float | None = None, *, background: bool = False) -> int: ...

    def cancel(self, resident: str) -> None: ...

    def expedite(self, resident: str) -> None: ...

    def withdraw(self, resident: str) -> bool: ...

    def drain(self) -> list[OperationOutcome[Any]]: ...

    def wait_for_any(self, timeout_seconds: float) -> None: ...

    def close(self, wait_seconds: float = CLOSE_WAIT_SECONDS) -> bool: ...
