"""Work started ahead: model work a thought will need in a later step, run while the clock goes on.

A thought yields :class:`~agents.engine.model_work.Ahead` (today: where the next action will happen,
asked when the current one starts). The step driver queues it here and the thought goes on at once.
Once the asking resident's thought has finished (and when a step has been decided), the queue is
started, one operation at a time per resident and only for residents with no thought in progress;
the pool runs it as background work. A call the resident's next thought needs runs beside it (the
step driver withdraws an ahead operation no worker has taken yet, so the needed call goes first). When a
thought later yields a :class:`~agents.engine.model_work.ModelWork` with the very same ``inputs``
object, it *claims* the entry: it gets the outcome at once if it is back, or waits for it like for
any operation. The result is a function of the inputs only, so a run gives the same state whatever
the timing and the number of workers; the inputs live in simulation state, so after a load the claim
simply runs the same work again.

Nothing here is simulation state (it holds outcomes of a running pool).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from agents.engine.model_work import ModelWork
from agents.engine.operation_pool import OperationOutcome

AHEAD_KEY_PREFIX = "ahead:"


@dataclass
class AheadEntry:
    """One piece of work started (or queued to start) ahead."""

    resident: str
    work: ModelWork
    operation_key: str = ""  # set when started
    outcome: OperationOutcome[Any] | None = None
    claimed: bool = False

    @property
    def started(self) -> bool:
        return bool(self.operation_key)


class AheadOperations:
    """See the module docstring. Used by one thread (the one that owns the simulation)."""

    def __init__(self) -> None:
        self._by_inputs: dict[int, AheadEntry] = {}  # id(work.inputs): the entry holds the inputs alive
        self._queue: list[AheadEntry] = []
        self._in_flight: dict[str, AheadEntry] = {}  # resident -> their started entry not back yet
        self._by_operation: dict[str, AheadEntry] = {}
        self._serial = 0
        self.started_count = 0
        self.claimed_count = 0  # started entries a thought went on to use

    def queue(self, work: ModelWork) -> None:
        """Queue ``work`` (its ``resident`` set) to start once its resident has no thought in progress."""
        entry = AheadEntry(work.resident, work)
        self._by_inputs[id(work.inputs)] = entry
        self._queue.append(entry)

    def claim(self, work: ModelWork) -> AheadEntry | None:
        """The entry started ahead for ``work.inputs`` (taken out: it is claimed once), or None. An
        entry still queued is dropped (None): the claimer runs the work itself."""
        entry = self._by_inputs.pop(id(work.inputs), None)
        if entry is None or entry.work.inputs is not work.inputs:
            return None
        if not entry.started:
            self._queue.remove(entry)
            return None
        entry.claimed = True
        self.claimed_count += 1
        return entry

    @property
    def pending(self) -> bool:
        """Whether any work is queued or started ahead and not back yet."""
        return bool(self._queue or self._in_flight)

    def busy_with(self, resident: str) -> str | None:
        """The operation key of ``resident``'s work started ahead that is not back yet, if any."""
        entry = self._in_flight.get(resident)
        return entry.operation_key if entry is not None else None

    def start_queued(self, may_start: Callable[[str], bool], start: Callable[[str, ModelWork], None]) -> None:
        """Start queued entries, in order, for residents ``may_start`` allows and who have nothing
        started ahead in flight; ``start(operation_key, work)`` submits one."""
        waiting: list[AheadEntry] = []
        for entry in self._queue:
            if entry.resident in self._in_flight or not may_start(entry.resident):
                waiting.append(entry)
                continue
            self._serial += 1
            entry.operation_key = f"{AHEAD_KEY_PREFIX}{entry.resident}:{self._serial}"
            self._in_flight[entry.resident] = entry
            self._by_operation[entry.operation_key] = entry
            self.started_count += 1
            start(entry.operation_key, entry.work)
        self._queue = waiting

    def requeue(self, resident: str) -> None:
        """``resident``'s started entry was withdrawn before a worker took it (a call the step needs
        goes first): it waits in the queue again, ahead of what was queued after it."""
        entry = self._in_flight.pop(resident)
        del self._by_operation[entry.operation_key]
        entry.operation_key = ""
        self.started_count -= 1
        self._queue.insert(0, entry)

    def arrived(self, outcome: OperationOutcome[Any]) -> AheadEntry | None:
        """File an outcome whose key starts with ``ahead:``; returns its entry (None if unknown)."""
        entry = self._by_operation.pop(outcome.resident, None)
        if entry is None:
            return None
        entry.outcome = outcome
        if self._in_flight.get(entry.resident) is entry:
            del self._in_flight[entry.resident]
        return entry

    def forget_all_but(self, live_inputs: Iterable[object]) -> None:
        """Drop the unclaimed entries whose inputs the simulation no longer holds (plans changed);
        ones in flight stay until they are back."""
        live = {id(inputs) for inputs in live_inputs}
        for token, entry in list(self._by_inputs.items()):
            if token not in live and (entry.outcome is not None or not entry.started):
                del self._by_inputs[token]
                if not entry.started:
                    self._queue.remove(entry)
