"""What the player asks of the residents from the window: interviews, whispers, a history CSV.

:class:`PlayerRequests` lives beside the simulation (it holds a small :class:`OperationPool` of its
own), never inside it. An interview runs on that pool: :meth:`PlayerRequests.ask` hands a worker a
frozen copy of the resident (:meth:`Resident.frozen_copy`) and the question, and the pure
:func:`agents.cognition.interview.answer_question` computes the answer there (one model call, in
``strict`` mode: no offline stand-in answer); :meth:`PlayerRequests.poll`, called by the game loop on
the main thread, applies finished answers to the live resident (the transcript lives on the
resident, so it is saved with the slot). A failure (the model down, an error, the pool's timeout)
becomes :attr:`InterviewView.error` and the question can be asked again.

A whisper (:meth:`PlayerRequests.whisper`) and a history CSV (:meth:`PlayerRequests.load_history`)
apply at once on the main thread: they add memories and make no model call (one embedding each; a
history file's texts in one call). A history file is parsed and checked in full first; a bad row, or
one naming a resident not in the town, refuses the whole file with a
:class:`~agents.world.errors.WorldFormatError` naming the line, and nothing is loaded.

Changing the simulation from the main thread between or during steps is safe: the step driver runs
the thoughts on the main thread too and hands workers only frozen copies; memory ids are indices
into an append-only stream, so a memory added here takes the next id and results of operations in
flight (touched ids, scores of listed ids, evidence ids) still name the memories they meant.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from agents.cognition.config import MindConfig
from agents.cognition.interview import (
    INTERVIEWER,
    InterviewAnswer,
    InterviewFailed,
    answer_question,
    apply_answer,
)
from agents.cognition.resident import Resident
from agents.cognition.services import MindServices
from agents.cognition.whisper import whisper as plant
from agents.engine.operation_pool import OperationPool
from agents.engine.simulation import Simulation
from agents.views.resident_view import InterviewView, MemoryView
from agents.views.resident_view_builder import memory_record_view
from agents.world.errors import WorldFormatError
from agents.world.scenario import read_history_rows

log = logging.getLogger(__name__)

INTERVIEW_KEY_PREFIX = "interview:"
INTERVIEW_WORKERS = 2
DEFAULT_INTERVIEW_TIMEOUT_SECONDS = 120.0


@dataclass(frozen=True)
class _InterviewInput:
    """What a worker needs to answer one question (frozen: later changes to the town do not show)."""

    resident: Resident
    question: str
    now: datetime
    config: MindConfig


class PlayerRequests:
    """See the module docstring. Call every method from the main thread."""

    def __init__(self, services: MindServices, *, timeout_seconds: float | None = DEFAULT_INTERVIEW_TIMEOUT_SECONDS,
                 workers: int = INTERVIEW_WORKERS, remember_interviews: bool = False) -> None:
        self.services = services
        self.timeout_seconds = timeout_seconds
        self.remember_interviews = remember_interviews
        self._pool = OperationPool(workers)
        self._waiting: dict[str, str] = {}  # resident -> the question being answered
        self._errors: dict[str, str] = {}  # resident -> why the last question got no answer

    # -- interviews ----------------------------------------------------------------------------------

    def ask(self, simulation: Simulation, name: str, question: str) -> bool:
        """Ask ``name`` ``question`` on a worker; False (nothing asked) while their last question is
        still being answered. A ValueError for an unknown resident or an empty question."""
        resident = _resident(simulation, name)
        question = question.strip()
        if not question:
            raise ValueError("the question is empty: type what to ask")
        if name in self._waiting:
            return False
        services, remember_it = self.services, self.remember_interviews

        def work(asked: _InterviewInput) -> InterviewAnswer:
            return answer_question(asked.resident, asked.question, asked.now, services, asked.config,
                                   remember_it=remember_it, strict=True)

        frozen = _InterviewInput(resident.frozen_copy(), question, simulation.now, simulation.config)
        self._pool.submit(INTERVIEW_KEY_PREFIX + name, "interview", work, frozen, self.timeout_seconds)
        self._waiting[name] = question
        self._errors.pop(name, None)
        return True

    def poll(self, simulation: Simulation | None) -> int:
        """Apply the answers that have come back (and note failures and timeouts); never waits.
        How many answers were applied. An answer for a resident the simulation does not have (another
        save was loaded meanwhile) is dropped."""
        applied = 0
        for outcome in self._pool.drain():
            name = outcome.resident.removeprefix(INTERVIEW_KEY_PREFIX)
            question = self._waiting.pop(name, "")
            if not outcome.succeeded:
                self._errors[name] = _failure_line(question, outcome.error or "failed")
                log.warning("interview of %s failed: %s", name, outcome.error)
                continue
            if simulation is None or name not in simulation.residents:
                continue
            apply_answer(simulation.residents[name], outcome.value, simulation.now, self.services, simulation.config)
            applied += 1
        return applied

    def waiting(self, name: str) -> bool:
        return name in self._waiting

    def thinking(self) -> tuple[tuple[str, str], ...]:
        """(resident, "interview") for everyone whose answer is awaited, sorted."""
        return tuple((name, "interview") for name in sorted(self._waiting))

    def interview_view(self, name: str, simulation: Simulation | None = None) -> InterviewView:
        """The interview with ``name``: the transcript on the resident (when ``simulation`` is given)
        and, while an answer is awaited, the question last (``waiting``); or why the last question got
        no answer (``error``)."""
        resident = simulation.residents.get(name) if simulation is not None else None
        transcript = tuple(resident.interview_transcript) if resident is not None else ()
        question = self._waiting.get(name)
        if question is not None:
            transcript += ((INTERVIEWER, question),)
        return InterviewView(transcript, question is not None, self._errors.get(name, ""))

    # -- whispers ------------------------------------------------------------------------------------

    def whisper(self, simulation: Simulation, name: str, text: str) -> MemoryView:
        """Plant ``text`` in ``name``'s mind now; the new memory's view (marked whispered)."""
        resident = _resident(simulation, name)
        if not text.strip():
            raise ValueError("the whisper is empty: type the thought to plant")
        record = plant(resident, text, simulation.now, self.services, simulation.config)
        return memory_record_view(resident.memory, record)

    def load_history(self, simulation: Simulation, path: Path) -> int:
        """Whisper every line of a ``Name,Whisper`` CSV (whispers split by ``;``) to its resident; how
        many memories were added. The whole file is checked first (see the module docstring)."""
        path = Path(path)
        rows = read_history_rows(path)
        for row in rows:
            if row.name not in simulation.residents:
                raise WorldFormatError(path, f"no resident named {row.name!r} lives in this town",
                                       where=f"line {row.line_number}",
                                       hint="use one of: " + ", ".join(simulation.residents))
            if not row.whispers:
                raise WorldFormatError(path, f"no whisper for {row.name}", where=f"line {row.line_number}",
                                       hint="write the thoughts after the name, separated by ;")
        texts = list(dict.fromkeys(text for row in rows for text in row.whispers))
        if not texts:
            return 0
        knowing = self.services.knowing(texts, self.services.embed(texts))  # may fail: nothing added yet
        for row in rows:
            for text in row.whispers:
                plant(simulation.residents[row.name], text, simulation.now, knowing, simulation.config)
        loaded = sum(len(row.whispers) for row in rows)
        log.info("loaded %d whispers from %s", loaded, path)
        return loaded

    def close(self) -> None:
        self._pool.close()


def _resident(simulation: Simulation, name: str) -> Resident:
    resident = simulation.residents.get(name)
    if resident is None:
        raise ValueError(f"no resident named {name!r} lives in this town (residents: {', '.join(simulation.residents)})")
    return resident


def _failure_line(question: str, error: str) -> str:
    reason = error.removeprefix(f"{InterviewFailed.__name__}: ")
    asked = f" \"{question}\"" if question else ""
    return f"No answer to{asked}: {reason}. You can ask again."
