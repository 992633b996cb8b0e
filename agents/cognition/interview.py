"""Interview: a user asks a resident a question; the answer is in character and grounded in retrieval.

Two parts, so the game loop never waits on the model:

* :func:`answer_question` is pure: it reads a frozen copy of the resident (:meth:`Resident.frozen_copy`)
  and returns an :class:`InterviewAnswer` (one call, plus the embeddings it needs); it can run on a worker.
  With ``strict=True`` a model that could not answer (unreachable, erroring, out of budget, or answering
  unusably) raises :class:`InterviewFailed` instead of giving the offline stand-in answer.
* :func:`apply_answer` runs on the thread that owns the simulation: the transcript on the resident
  (saved with it) grows by the question and the answer, the retrieved memories are marked accessed,
  and with ``remember_it`` the exchange also becomes a memory.

:func:`interview` does both at once (the inline way, for ``Simulation.interview``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import numpy as np
import numpy.typing as npt

from agents.cognition.config import MindConfig
from agents.cognition.importance import remember
from agents.cognition.plan import time_texts
from agents.cognition.recall import recall
from agents.cognition.resident import Resident
from agents.cognition.services import MindServices
from agents.memory.records import MemoryKind

INTERVIEWER = "Interviewer"
TRANSCRIPT_TURNS_SHOWN = 10  # the last lines of the interview the model sees


class InterviewFailed(RuntimeError):
    """The model gave no answer of its own (the question can be asked again)."""


@dataclass(frozen=True)
class InterviewAnswer:
    """What :func:`answer_question` found: the answer, the memories it drew on, and (with
    ``remember_it``) the note to remember with its embedding."""

    question: str
    answer: str
    touched_ids: tuple[int, ...]
    note: str = ""
    note_embedding: npt.NDArray[np.float32] | None = None


def interview_note(resident_name: str, question: str, answer: str) -> str:
    return f"{resident_name} was asked \"{question}\" and answered \"{answer}\""


def answer_question(resident: Resident, question: str, now: datetime, services: MindServices, config: MindConfig,
                    *, remember_it: bool = False, strict: bool = False) -> InterviewAnswer:
    """The answer to ``question`` from ``resident`` (a frozen copy when on a worker); never changes it."""
    query = services.embed([question])[0]
    found = recall(resident.memory, query, now, config, count=config.retrieval_count)
    context = {
        "persona": resident.identity(), "question": question,
        "relevant_memories": [s.record.description for s in found],
        "current_activity": resident.action.description if resident.action else "unknown",
        "conversation": [{"speaker": s, "text": t} for s, t in resident.interview_transcript[-TRANSCRIPT_TURNS_SHOWN:]],
        **time_texts(now),
    }
    if strict:
        outcome = services.runner.run("interview_answer", context, resident.name)
        if outcome.was_fallback:
            reason = outcome.reason.value.replace("_", " ") if outcome.reason is not None else "no answer"
            raise InterviewFailed(f"{reason}: {outcome.detail}" if outcome.detail else reason)
        value = outcome.value
    else:
        value = services.ask("interview_answer", context, resident.name)
    answer = str(value["answer"])
    note = interview_note(resident.name, question, answer) if remember_it else ""
    embedding = services.embed([note])[0] if note else None
    return InterviewAnswer(question, answer, tuple(s.record.memory_id for s in found), note, embedding)


def apply_answer(resident: Resident, answer: InterviewAnswer, now: datetime, services: MindServices,
                 config: MindConfig) -> None:
    """On the owning thread: the transcript grows; the memories drawn on are accessed now; the note
    (if any) becomes a memory, with the embedding computed with the answer (no call here)."""
    resident.interview_transcript += [(INTERVIEWER, answer.question), (resident.name, answer.answer)]
    resident.memory.touch(answer.touched_ids, now)
    if answer.note:
        knowing = services.knowing([answer.note], np.stack([answer.note_embedding])) \
            if answer.note_embedding is not None else services
        remember(resident, knowing, MemoryKind.THOUGHT, answer.note, now, config,
                 importance=config.interview_importance)


def interview(resident: Resident, question: str, now: datetime, services: MindServices, config: MindConfig,
              *, remember_it: bool = False) -> str:
    """Answer ``question`` (one call) on this thread; the transcript grows by the question and the answer."""
    found = answer_question(resident, question, now, services, config, remember_it=remember_it)
    apply_answer(resident, found, now, services, config)
    return found.answer
