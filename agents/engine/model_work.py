"""What a resident's thinking waits on: model work, run on a worker from a frozen input.

A *thought* is a generator (see :mod:`agents.engine.thoughts`) that runs on the thread owning the
simulation and, whenever it needs the model, yields a :class:`ModelWork` (or a tuple of them, which
run in parallel). The step driver (:mod:`agents.engine.step_driver`) runs the work as an operation
on the worker pool and sends the result back into the thought; the thought then applies it to live
state. So a worker only ever sees ``inputs`` (frozen copies: plain values, frozen dataclasses,
:meth:`Resident.frozen_copy`), and live state changes only on the owning thread.

A thought may also yield :class:`Ahead`: work it will need in a later step, started in the
background (the next action's place while the current action runs); and a conversation yields its
outcome as a :class:`~agents.engine.pending_chat.PendingChat`, to be resumed at its due step.

A thought returns ``None`` or a :class:`ConversationIntent` (it decided to talk to someone); a
failed or timed-out operation closes the thought and becomes an :class:`Incident`.
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from agents.cognition.services import MindServices
from agents.engine.pending_chat import PendingChat


@dataclass(frozen=True)
class ModelWork:
    """``decide(services=services, **inputs)`` on a worker; ``kind`` names it (HUD, logs, incidents)."""

    kind: str
    decide: Callable[..., Any]
    inputs: Mapping[str, object]
    resident: str = ""  # whose operation this is; empty: all of the yielding thought's residents

    def run(self, services: MindServices) -> Any:
        return self.decide(services=services, **self.inputs)


@dataclass(frozen=True)
class Ahead:
    """Work a thought will need in a later step: the driver starts it as background work once the
    thought has finished (so it never runs beside another operation of the same resident) and the
    thought goes on at once. When the thought later yields a :class:`ModelWork` with the very same ``inputs`` object,
    it gets this work's result (waiting for it if it is not back yet). ``work.resident`` owns it."""

    work: ModelWork


@dataclass(frozen=True)
class ConversationIntent:
    """A thought's decision that ``initiator`` talks to ``partner`` now."""

    initiator: str
    partner: str


@dataclass(frozen=True)
class Incident:
    """An operation that failed or timed out, and what the resident did instead (a visible event)."""

    at: datetime
    residents: tuple[str, ...]
    kind: str
    error: str
    fallback: str


Thought = Generator["ModelWork | tuple[ModelWork, ...] | Ahead | PendingChat", Any, "ConversationIntent | None"]


def run_inline(thought: Thought, services: MindServices) -> ConversationIntent | None:
    """Drive one thought to its end on this thread, running its work in turn (no pool)."""
    try:
        request = next(thought)
        while True:
            if isinstance(request, Ahead | PendingChat):  # the work runs when the thought asks for its
                request = thought.send(None)  # result; an outcome is applied at once (now is its step)
            elif isinstance(request, tuple):
                request = thought.send(tuple(work.run(services) for work in request))
            else:
                request = thought.send(request.run(services))
    except StopIteration as finished:
        return finished.value
