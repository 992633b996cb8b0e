"""Reflection: when the importance of new memories passes the threshold, ask up to 3 salient questions
about the latest memories, retrieve for each, and write up to 5 insights per question, each citing the
ids of the memories that support it.

:func:`should_reflect` is the trigger (>= threshold); :func:`reflect` is the decision (reads the
resident, returns a frozen :class:`Reflection`); :func:`apply_reflection` writes it and resets the
counter.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from agents.cognition.config import MindConfig
from agents.cognition.importance import remember
from agents.cognition.plan import time_texts
from agents.cognition.resident import Resident
from agents.cognition.services import MindServices
from agents.memory.records import MemoryKind
from agents.memory.retrieval import rank

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Insight:
    text: str
    evidence_ids: tuple[int, ...]


@dataclass(frozen=True)
class Reflection:
    questions: tuple[str, ...]
    insights: tuple[Insight, ...]
    touched_ids: tuple[int, ...]


def should_reflect(resident: Resident, config: MindConfig) -> bool:
    return resident.importance_since_reflection >= config.reflection_threshold


def reflect(resident: Resident, now: datetime, services: MindServices, config: MindConfig) -> Reflection:
    """1 + (number of questions) calls."""
    recent = resident.memory.latest(config.reflection_statement_count)
    recent = [r for r in recent if r.importance > config.idle_importance] or recent
    base = {"persona": resident.identity(), **time_texts(now)}
    questions = services.ask("reflection_questions",
                             {**base, "statements": [r.description for r in reversed(recent)]},
                             resident.name)["questions"]
    insights: list[Insight] = []
    touched: set[int] = set()
    for question in questions:  # type: ignore[union-attr]
        query = services.embed([str(question)])[0]
        found = rank(resident.memory, query, now, count=config.reflection_retrieval_count,
                     weights=config.retrieval_weights, decay_per_hour=config.recency_decay_per_game_hour)
        if not found:
            continue
        touched.update(s.record.memory_id for s in found)
        statements = [{"id": str(s.record.memory_id), "description": s.record.description} for s in found]
        value = services.ask("reflection_insights", {**base, "statements": statements, "question": str(question)},
                             resident.name)
        for item in value["insights"][: config.max_insights_per_question]:  # type: ignore[index]
            evidence = tuple(int(i) for i in item["evidence_ids"] if str(i).isdigit())
            insights.append(Insight(str(item["insight"]), evidence))
    return Reflection(tuple(str(q) for q in questions), tuple(insights), tuple(sorted(touched)))  # type: ignore[union-attr]


def apply_reflection(resident: Resident, reflection: Reflection, now: datetime, services: MindServices,
                     config: MindConfig) -> None:
    resident.memory.touch(reflection.touched_ids, now)
    for insight in reflection.insights:
        remember(resident, services, MemoryKind.REFLECTION, insight.text, now, config, evidence_ids=insight.evidence_ids)
    resident.importance_since_reflection = 0
    logger.info("%s reflected: %d insights", resident.name, len(reflection.insights))


