"""Interview: a user asks a resident a question; the answer is in character and grounded in retrieval.

The transcript is kept on the resident; with ``remember=True`` the exchange also becomes a memory.
"""

from __future__ import annotations

from datetime import datetime

from agents.cognition.config import MindConfig
from agents.cognition.importance import remember
from agents.cognition.plan import time_texts
from agents.cognition.resident import Resident
from agents.cognition.services import MindServices
from agents.memory.records import MemoryKind
from agents.memory.retrieval import retrieve

INTERVIEWER = "Interviewer"


def interview(resident: Resident, question: str, now: datetime, services: MindServices, config: MindConfig,
              *, remember_it: bool = False) -> str:
    """Answer ``question`` (one call); the transcript grows by the question and the answer."""
    query = services.embed([question])[0]
    found = retrieve(resident.memory, query, now, count=config.retrieval_count,
                     weights=config.retrieval_weights, decay_per_hour=config.recency_decay_per_game_hour)
    value = services.ask("interview_answer", {
        "persona": resident.identity(), "question": question,
        "relevant_memories": [r.description for r in found],
        "current_activity": resident.action.description if resident.action else "unknown",
        "conversation": [{"speaker": s, "text": t} for s, t in resident.interview_transcript[-10:]],
        **time_texts(now),
    }, resident.name)
    answer = str(value["answer"])
    resident.interview_transcript += [(INTERVIEWER, question), (resident.name, answer)]
    if remember_it:
        remember(resident, services, MemoryKind.THOUGHT,
                 f"{resident.name} was asked \"{question}\" and answered \"{answer}\"", now, config,
                 importance=config.interview_importance)
    return answer
