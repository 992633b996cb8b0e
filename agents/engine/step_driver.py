"""Drives the residents' thoughts through a step: model work in parallel, results applied in order.

Each step, every resident without a thought in progress starts one (:func:`thoughts.think`). A
thought runs on this (the owning) thread until it yields :class:`ModelWork`; the work is submitted to
the operations (an :class:`OperationPool`, or :class:`InlineOperations` for the sequential way), keyed
by the thought, so each resident has at most one operation in flight. When its results are back the
thought resumes and applies them. A thought that ends with a :class:`ConversationIntent` starts a
conversation thought for the pair (the partner's own thought is superseded: its late result is
dropped as stale).

Time policies (:class:`TimePolicy`):

* every step decided: the step waits, round by round, until every thought has finished. In a round
  all outstanding operations run in parallel and the results are applied in resident order (a
  thought resumes once it and every thought before it in the round have their results; the work it
  yields next starts at once), so a run gives the same state with 1 worker or 16 (and the same seed
  and answers).
* flowing: the step applies whatever has arrived, starts new thoughts, and passes at once; residents
  still thinking go on with their last action.

Then every resident walks at most one tile and the clock advances. The work thoughts asked to start
ahead (:class:`~agents.engine.model_work.Ahead`, see :mod:`agents.engine.ahead_operations`) runs in
the background, from when the asking resident's thought has finished: it waits for a worker until
the work the step needs has one, and a thought that later needs its result waits only if it is not
back yet. A call a resident's thought needs never waits behind that resident's own background call:
it runs beside it (the background work's inputs are frozen).

A step can be driven without ever waiting (the game loop): :meth:`StepDriver.begin_step` starts it,
:meth:`StepDriver.pump` applies whatever has arrived and returns True once the step has passed; the
game loop calls ``pump`` every frame. :meth:`StepDriver.step` does the same but waits for the model
between pumps (the headless runner, benchmarks, tests). A failed or timed-out operation
closes its thought and becomes an :class:`Incident` with a fallback (:meth:`Simulation.fall_back`);
so does an exception inside a thought. Nothing here is simulation state: the simulation stays
picklable, and :meth:`StepDriver.settle` finishes the thoughts in progress before a save.
"""

from __future__ import annotations

import logging
import statistics
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from agents.cognition.services import MindServices
from agents.engine.ahead_operations import AHEAD_KEY_PREFIX, AheadOperations
from agents.engine.engine_settings import EngineSettings, TimePolicy
from agents.engine.model_work import Ahead, ConversationIntent, ModelWork, Thought
from agents.engine.operation_pool import (
    CLOSE_WAIT_SECONDS,
    InlineOperations,
    OperationOutcome,
    OperationPool,
    Operations,
)
from agents.engine.pending_chat import PendingChat, conversation_due_at
from agents.engine.simulation import CHAT_PENDING_MINUTES, Simulation
from agents.engine.thoughts import converse, finish_conversation, think

log = logging.getLogger(__name__)

WAIT_SLICE_SECONDS = 0.25  # how long one wait for outcomes sleeps before timeouts are checked
OPERATION_TIMES_KEPT = 16  # recent operations' times behind typical_operation_seconds


class DriverClosed(RuntimeError):
    """The driver was closed (the window quit) while a step was waiting."""


@dataclass(eq=False)  # compared by identity
class _ActiveThought:
    key: str
    thought: Thought
    members: tuple[str, ...]
    order: int
    requests: tuple[ModelWork, ...] = ()
    as_tuple: bool = False
    results: dict[int, OperationOutcome[Any]] = field(default_factory=dict)
    due_at: datetime | None = None  # None: due at the step it is in (the clock waits for it)
    held: PendingChat | None = None  # an outcome back before its due step, held until then

    @property
    def complete(self) -> bool:
        return len(self.results) == len(self.requests)


@dataclass(frozen=True)
class DriverCounters:
    operations: int
    failed: int
    timed_out: int
    superseded: int
    rounds: int
    ahead_started: int  # operations started ahead of need
    ahead_used: int  # of those, the ones a thought went on to use


class StepDriver:
    """See the module docstring. Not thread-safe: one thread calls :meth:`step`; :attr:`thinking`
    may be read from any thread."""

    def __init__(self, simulation: Simulation, services: MindServices, operations: Operations, *,
                 time_policy: TimePolicy = TimePolicy.EVERY_STEP_DECIDED,
                 operation_timeout_seconds: float | None = None) -> None:
        self.simulation = simulation
        self.services = services
        self.time_policy = time_policy
        self.operation_timeout_seconds = operation_timeout_seconds
        self._operations = operations
        self._active: dict[str, _ActiveThought] = {}
        self._thought_of: dict[str, str] = {}  # resident -> key of the thought they are part of
        self._order = {name: index for index, name in enumerate(simulation.residents)}
        self._operations_submitted = self._failed = self._timed_out = self._superseded = self._rounds = 0
        self.thinking: tuple[tuple[str, str], ...] = ()  # (resident, kind of work) waiting on the model
        self._closed = False
        self._step_open = False
        self._beginning = False
        self._operation_seconds: deque[float] = deque(maxlen=OPERATION_TIMES_KEPT)
        self._ahead = AheadOperations()
        # work of a thought waiting until its resident's ahead operation is back (one in flight each)
        self._claims: dict[str, tuple[_ActiveThought, int]] = {}  # ahead operation key -> who waits
        self._round: list[_ActiveThought] = []  # a complete round's thoughts still to resume, in order
        # called with this driver after every step has passed (between steps: a recorder reads the town)
        self.on_step_passed: list[Callable[[StepDriver], None]] = []

    @classmethod
    def inline(cls, simulation: Simulation, services: MindServices) -> StepDriver:
        """Every operation run in turn on this thread (the sequential way)."""
        return cls(simulation, services, InlineOperations())

    @classmethod
    def pooled(cls, simulation: Simulation, services: MindServices, settings: EngineSettings) -> StepDriver:
        """Operations on a pool of ``settings.workers`` threads (started now), with the settings' time
        policy."""
        pool = OperationPool(settings.workers)
        pool.start_workers()
        return cls(simulation, services, pool, time_policy=settings.time_policy,
                   operation_timeout_seconds=settings.operation_timeout_seconds)

    @property
    def workers(self) -> int:
        return self._operations.workers

    @property
    def conversations_out(self) -> int:
        """Conversations whose outcome is not applied yet: its lines still with the model, or back
        and held until their due step (the pair stands talking meanwhile)."""
        return sum(1 for active in self._active.values() if active.due_at is not None)

    def counters(self) -> DriverCounters:
        return DriverCounters(self._operations_submitted, self._failed, self._timed_out, self._superseded,
                              self._rounds, self._ahead.started_count, self._ahead.claimed_count)

    # -- the step ----------------------------------------------------------------------------------

    @property
    def step_open(self) -> bool:
        """A step has begun and not yet passed."""
        return self._step_open

    def step(self) -> None:
        """One step under the time policy, waiting for the model when it must (see the module docstring)."""
        self.begin_step()
        while not self.pump():
            self.wait_for_outcomes()

    def begin_step(self) -> None:
        """Start a step (nothing happens if one is open): take what has arrived and start a thought for
        every resident without one. Never waits."""
        if self._step_open:
            return
        self._step_open = True
        self._collect_outcomes()
        if self.time_policy is TimePolicy.FLOWING:
            self._resume_ready()
        self._beginning = True  # no work ahead starts before every resident's thought has begun
        self._apply_due_chats()
        simulation = self.simulation
        for name, resident in simulation.residents.items():
            if name not in self._thought_of and not simulation.chat_is_pending(name):
                if resident.action is not None and resident.action.duration_minutes == CHAT_PENDING_MINUTES:
                    # a chat whose outcome no one holds (a town rebuilt from a recording's keyframe
                    # while its lines were out): it ends now, as a failed one would
                    simulation.fall_back((name,), "conversation", "its outcome was not kept")
                self._begin(name, (name,), think(simulation, resident, self.services))
        self._beginning = False
        self._start_queued_ahead()

    def pump(self, deadline: float | None = None) -> bool:
        """Apply the outcomes that have arrived and resume the thoughts they complete; when the step
        may pass (every thought finished, or at once when flowing) every resident walks and the clock
        advances, and this returns True. Never waits; past ``deadline`` (``time.monotonic()``) it
        stops between two thoughts and goes on at the next call."""
        if not self._step_open:
            return False
        if self.time_policy is TimePolicy.EVERY_STEP_DECIDED:
            self._resume_not_due()
            while self._due_thoughts():
                if not self._apply_round(deadline):
                    return False
        else:
            self._collect_outcomes()
            self._resume_ready()
        self._start_ahead()
        simulation = self.simulation
        for resident in simulation.residents.values():
            simulation.move(resident)
        simulation.advance_clock()
        self._step_open = False
        for observer in self.on_step_passed:
            observer(self)
        return True

    def _start_ahead(self) -> None:
        """Start the work queued ahead for residents with no thought in progress (all of them when
        every step is decided; a resident's work also starts as soon as their thought has finished,
        see :meth:`_advance`); forget what the residents' plans no longer need."""
        self._ahead.forget_all_but(inputs for resident in self.simulation.residents.values()
                                   for inputs in resident.inputs_asked_ahead())
        self._start_queued_ahead()

    def _start_queued_ahead(self) -> None:
        """Start the work queued ahead of the residents with no thought in progress (unless a step is
        beginning: a resident later in the order may yet need a call this step, which goes first)."""
        if not self._beginning:
            self._ahead.start_queued(lambda name: name not in self._thought_of, self._submit_work)

    def settle(self) -> None:
        """Wait until every thought in progress has finished (before a save, or at the end of a run):
        the model work of every thought, due or not, is waited for; a conversation's outcome held
        until its due step is filed in the simulation (:meth:`Simulation.file_pending_chat`), so a
        save holds it and the town applies it at the same step as if it had not been saved."""
        while any(active.requests for active in self._active.values()):
            if not self._apply_round(every_thought=True):
                self.wait_for_outcomes()
        for active in sorted(self._active.values(), key=lambda a: a.order):
            if active.held is not None:
                self.simulation.file_pending_chat(active.held)
                active.thought.close()
                self._finish(active)

    def finish_background(self) -> None:
        """Settle, then wait until the work asked ahead so far is back (a measured run ends with all
        the work it asked for done)."""
        self.settle()
        while True:
            self._collect_outcomes()
            self._start_ahead()
            if not self._ahead.pending:
                return
            self.wait_for_outcomes()

    def _due_thoughts(self) -> bool:
        """Whether a thought waits on work that is due by the step after this one (the step may not
        pass before it is back)."""
        return any(active.requests and self._is_due(active) for active in self._active.values())

    def _is_due(self, active: _ActiveThought) -> bool:
        if active.due_at is None:
            return True
        simulation = self.simulation
        return active.due_at <= simulation.now + timedelta(seconds=simulation.clock.step_seconds)

    def _resume_not_due(self) -> None:
        """Resume the thoughts whose work is back but not due yet (a conversation whose lines came
        early): until they are held they change nothing live, so their order does not matter."""
        self._collect_outcomes()
        for active in sorted(self._active.values(), key=lambda a: a.order):
            if (self._active.get(active.key) is active and active.requests and active.complete
                    and not self._is_due(active) and active not in self._round):
                self._resume(active)

    def _apply_due_chats(self) -> None:
        """Apply the conversations due now, in order of due time and the initiator's place: the
        outcomes filed in the simulation (by a save) and those held here."""
        now = self.simulation.now
        due: list[tuple[datetime, int, PendingChat | _ActiveThought]] = [
            (chat.due_at, self._order.get(chat.initiator, len(self._order)), chat)
            for chat in self.simulation.take_due_chats()]
        due.extend((active.held.due_at, active.order, active) for active in self._active.values()
                   if active.held is not None and active.held.due_at <= now)
        for _, _, item in sorted(due, key=lambda entry: (entry[0], entry[1])):
            if isinstance(item, PendingChat):
                self._begin(f"{item.initiator}+{item.partner}", item.members,
                            finish_conversation(self.simulation, item, self.services))
            elif self._active.get(item.key) is item:
                item.held, item.due_at = None, None
                self._advance(item, None)

    def _apply_round(self, deadline: float | None = None, *, every_thought: bool = False) -> bool:
        """Take what has arrived and resume the current round's thoughts in resident order, each as soon
        as its results and those of every thought before it in the round are in; True once the round
        is done. A round is every thought waiting on work when it begins; work that resumed thoughts
        yield belongs to the next round but is submitted at once, so it runs while the rest of this
        round is still coming back. The order of resumptions, and so the state, is the same as if the
        round waited for all its results. False while the next thought's results are not all in, or
        when ``deadline`` passed (the rest follow next time)."""
        self._collect_outcomes()
        if not self._round:
            self._round = sorted((a for a in self._active.values() if a.requests and (every_thought or self._is_due(a))),
                                 key=lambda a: a.order)
            self._rounds += 1
        resumed = False
        while self._round:
            active = self._round[0]
            if self._active.get(active.key) is not active:  # superseded by an earlier thought in this round
                self._round.pop(0)
                continue
            if not active.complete or (resumed and deadline is not None and time.monotonic() > deadline):
                return False  # every call that can resume one thought does: each makes progress
            self._round.pop(0)
            self._resume(active)
            resumed = True
        return True

    def wait_for_outcomes(self, timeout_seconds: float = WAIT_SLICE_SECONDS) -> None:
        """Sleep until an outcome may have arrived, at most ``timeout_seconds`` (and at most a slice,
        so timeouts are noticed)."""
        if self._closed:
            raise DriverClosed("the step driver was closed while a step waited for the model")
        self._operations.wait_for_any(min(timeout_seconds, WAIT_SLICE_SECONDS))

    def close(self, wait_seconds: float = CLOSE_WAIT_SECONDS) -> bool:
        """Stop the pool: work not started yet (the background work asked ahead, too) is withdrawn,
        running operations get up to ``wait_seconds`` to finish and are then abandoned, their
        outcomes dropped silently (see :meth:`OperationPool.close`). Call it before closing the model
        stack. May be called from another thread: a step waiting for outcomes then ends with
        :class:`DriverClosed`. True when nothing was left running."""
        self._closed = True
        return self._operations.close(wait_seconds)

    # -- thoughts ----------------------------------------------------------------------------------

    def _begin(self, key: str, members: tuple[str, ...], thought: Thought, *, due_at: datetime | None = None) -> None:
        active = _ActiveThought(key, thought, members, self._order.get(members[0], len(self._order)), due_at=due_at)
        self._active[key] = active
        for name in members:
            self._thought_of[name] = key
        self._advance(active, None)

    def _advance(self, active: _ActiveThought, value: Any) -> None:
        """Resume ``active`` with ``value`` until it yields work (submitted) or ends."""
        try:
            request = active.thought.send(value)
            while isinstance(request, Ahead):
                self._ahead.queue(request.work)
                request = active.thought.send(None)
            if isinstance(request, PendingChat):  # the outcome waits for its step, its pair with it
                active.held, active.due_at, active.requests, active.results = request, request.due_at, (), {}
                self._publish_thinking()
                return
        except StopIteration as finished:
            self._finish(active)
            if isinstance(finished.value, ConversationIntent):
                self._start_conversation(finished.value)
            self._start_queued_ahead()
            return
        except Exception as failure:  # a bug in a thought: an incident, never a crash
            log.exception("a thought of %s failed", ", ".join(active.members))
            self._finish(active)
            self.simulation.fall_back(active.members, "thinking", f"{type(failure).__name__}: {failure}")
            return
        active.as_tuple = isinstance(request, tuple)
        active.requests = request if isinstance(request, tuple) else (request,)
        active.results = {}
        for index, work in enumerate(active.requests):
            entry = self._ahead.claim(work)
            if entry is not None and entry.outcome is not None:
                active.results[index] = entry.outcome
            elif entry is not None:
                self._claims[entry.operation_key] = (active, index)
                self._operations.expedite(entry.operation_key)
            else:
                self._submit_first(active, index)
        self._publish_thinking()  # a claimed result already back is applied with the round, like any other

    def _submit_first(self, active: _ActiveThought, index: int) -> None:
        """Submit the thought's work at once. An ahead operation of one of its residents that no
        worker has started yet (and no thought waits for) is withdrawn and queued ahead again, to
        start after, so the call the step needs takes the worker first; one already running goes on
        beside it (its inputs are frozen, and its result is applied only when a thought claims it,
        so the order of application does not change)."""
        work = active.requests[index]
        residents = (work.resident,) if work.resident else active.members
        for name in residents:
            busy_with = self._ahead.busy_with(name)
            if busy_with is not None and busy_with not in self._claims and self._operations.withdraw(busy_with):
                self._ahead.requeue(name)
        self._submit(active, index)

    def _submit(self, active: _ActiveThought, index: int) -> None:
        self._submit_work(f"{active.key}/{index}", active.requests[index])

    def _submit_work(self, operation_key: str, work: ModelWork) -> None:
        services = self.services
        self._operations_submitted += 1
        self._operations.submit(operation_key, work.kind, lambda w: w.run(services), work,
                                self.operation_timeout_seconds, background=operation_key.startswith(AHEAD_KEY_PREFIX))

    def _ahead_arrived(self, outcome: OperationOutcome[Any]) -> None:
        """An ahead operation is back: hand it to the thought that claimed it."""
        entry = self._ahead.arrived(outcome)
        if entry is None:
            return
        claim = self._claims.pop(entry.operation_key, None)
        if claim is not None:
            active, index = claim
            if self._active.get(active.key) is active and index not in active.results:
                active.results[index] = outcome

    def _finish(self, active: _ActiveThought) -> None:
        del self._active[active.key]
        for name in active.members:
            if self._thought_of.get(name) == active.key:
                del self._thought_of[name]
        self._publish_thinking()

    def _drop(self, active: _ActiveThought) -> None:
        """Supersede a thought: close it where it waits; its operations' results will be stale."""
        for index in range(len(active.requests)):
            self._operations.cancel(f"{active.key}/{index}")
        active.thought.close()
        self._superseded += 1
        self._finish(active)

    def _start_conversation(self, intent: ConversationIntent) -> None:
        for name in (intent.initiator, intent.partner):
            key = self._thought_of.get(name)
            if key is not None and len(self._active[key].members) > 1:
                log.debug("%s is already in a conversation; %s's intent dropped", name, intent.initiator)
                return
        if any(self.simulation.chat_is_pending(name) for name in (intent.initiator, intent.partner)):
            return
        key = self._thought_of.get(intent.partner)
        if key is not None:
            self._drop(self._active[key])
        self._begin(f"{intent.initiator}+{intent.partner}", (intent.initiator, intent.partner),
                    converse(self.simulation, intent, self.services),
                    due_at=conversation_due_at(self.simulation.now))

    # -- outcomes ----------------------------------------------------------------------------------

    @property
    def typical_operation_seconds(self) -> float:
        """The median time of the last few operations on a worker (0 before any came back): how
        long an answer takes to come back."""
        return statistics.median(self._operation_seconds) if self._operation_seconds else 0.0

    def _collect_outcomes(self) -> None:
        """File the outcomes that have arrived with their thoughts (stale ones are ignored)."""
        for outcome in self._operations.drain():
            self._operation_seconds.append(outcome.wall_seconds)
            if outcome.resident.startswith(AHEAD_KEY_PREFIX):
                self._ahead_arrived(outcome)
                continue
            key, _, index = outcome.resident.rpartition("/")
            active = self._active.get(key)
            if active is None or not index.isdigit() or int(index) >= len(active.requests):
                continue
            active.results.setdefault(int(index), outcome)

    def _ready_in_order(self) -> list[_ActiveThought]:
        return sorted((a for a in self._active.values() if a.requests and a.complete), key=lambda a: a.order)

    def _resume_ready(self) -> None:
        """Resume, in resident order, every thought whose results are all in."""
        for active in self._ready_in_order():
            if self._active.get(active.key) is not active:
                continue  # superseded by an earlier thought in this round
            self._resume(active)

    def _resume(self, active: _ActiveThought) -> None:
        outcomes = [active.results[i] for i in range(len(active.requests))]
        failed = [o for o in outcomes if not o.succeeded]
        if failed:
            self._failed += len(failed)
            self._timed_out += sum(1 for o in failed if (o.error or "").startswith("timed out"))
            active.thought.close()
            self._finish(active)
            self.simulation.fall_back(active.members, failed[0].kind, failed[0].error or "failed")
            return
        values = tuple(o.value for o in outcomes)
        self._advance(active, values if active.as_tuple else values[0])

    def _publish_thinking(self) -> None:
        waiting = [(name, a.requests[0].kind) for a in self._active.values() if a.requests and not a.complete
                   for name in a.members]
        self.thinking = tuple(sorted(waiting))
