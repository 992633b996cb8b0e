"""Reflection: when the importance of new memories passes the threshold, ask up to 3 salient questions
about the latest memories, retrieve for each, and write up to 5 insights per question, each citing the
ids of the memories that support it.

:func:`should_reflect` is the trigger (>= threshold); :func:`reflect` is the decision (reads the
resident, returns a frozen :class:`Reflection`); :func:`apply_reflection` writes it and resets the
counter.

Whatever the model (issue 15): the threshold is calibrated per resident from the importance their
memories scored over the last game day (:func:`calibrated_threshold`), so a model that scores
everything 10 does not reflect hundreds of times a day and one that scores 1 still reflects; a
reflection does not come within ``reflection_min_gap_minutes`` of the last; an insight identical or
nearly identical to one the resident holds is not stored again (counted as the correction
``reflection_repeat``), nor is one citing no evidence; at most ``max_insights_stored_per_reflection``
are stored per reflection and ``max_reflections_per_game_day`` per day.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from agents.cognition.config import MindConfig
from agents.cognition.importance import COUNTED_KINDS, remember
from agents.cognition.plan import time_texts
from agents.cognition.recall import recall
from agents.cognition.resident import Resident
from agents.cognition.services import MindServices
from agents.memory.records import MemoryKind

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


REPEAT_CORRECTION = "reflection_repeat"
NO_EVIDENCE_CORRECTION = "reflection_without_evidence"
_WINDOW = timedelta(hours=24)
_SHORTEST_WINDOW_HOURS = 4.0


def should_reflect(resident: Resident, config: MindConfig, now: datetime | None = None) -> bool:
    """The trigger. Without ``now`` (or with calibration off), the plain threshold of the paper; never
    under a condition without reflection (:mod:`agents.cognition.condition`)."""
    if not config.condition.reflects:
        return False
    counted = resident.importance_since_reflection
    if now is None or not config.calibrate_reflection:
        return counted >= config.reflection_threshold
    if counted < config.reflection_threshold * config.calibrated_threshold_min_fraction:
        return False
    last = last_reflection_at(resident)
    if last is not None and now - last < timedelta(minutes=config.reflection_min_gap_minutes):
        return False
    return counted >= calibrated_threshold(resident, config, now)


def last_reflection_at(resident: Resident) -> datetime | None:
    latest = resident.memory.latest(1, kinds=(MemoryKind.REFLECTION,))
    return latest[0].created_at if latest else None


def calibrated_threshold(resident: Resident, config: MindConfig, now: datetime) -> float:
    """The importance that should gather between reflections for ``reflections_per_game_day`` a day,
    from what the resident's memories scored over the last game day (bounded around the config's)."""
    total = 0.0
    earliest = now
    for record in reversed(resident.memory.records()):
        if now - record.created_at > _WINDOW:
            break
        earliest = record.created_at
        if record.kind in COUNTED_KINDS:
            total += record.importance
    hours = max(_SHORTEST_WINDOW_HOURS, (now - earliest).total_seconds() / 3600)
    per_day = total * 24 / hours
    low = config.reflection_threshold * config.calibrated_threshold_min_fraction
    high = config.reflection_threshold * config.calibrated_threshold_max_multiple
    return min(high, max(low, per_day / config.reflections_per_game_day))


def _words(text: str) -> frozenset[str]:
    return frozenset(re.findall(r"[a-z0-9']+", text.casefold()))


def is_repeat(text: str, held: list[frozenset[str]], similarity: float) -> bool:
    """Whether ``text`` is identical or nearly identical (word-set Jaccard) to one of ``held``."""
    words = _words(text)
    if not words:
        return True
    return any(len(words & other) / len(words | other) >= similarity for other in held if other)


def reflect(resident: Resident, now: datetime, services: MindServices, config: MindConfig) -> Reflection:
    """1 + (number of questions) calls."""
    recent = resident.memory.latest(config.reflection_statement_count)
    recent = [r for r in recent if r.importance > config.idle_importance] or recent
    held = [r.description for r in resident.memory.records() if r.kind is MemoryKind.REFLECTION]
    base = {"persona": resident.identity(), **time_texts(now), "known_reflections": held[-20:]}
    questions = services.ask("reflection_questions",
                             {**base, "statements": [r.description for r in reversed(recent)]},
                             resident.name)["questions"]
    insights: list[Insight] = []
    touched: set[int] = set()
    for question in questions:  # type: ignore[union-attr]
        query = services.embed([str(question)])[0]
        found = recall(resident.memory, query, now, config, count=config.reflection_retrieval_count)
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
    """Store the insights that are new (see the module docstring) and reset the counter."""
    resident.memory.touch(reflection.touched_ids, now)
    records = resident.memory.records()
    held = [_words(r.description) for r in records if r.kind is MemoryKind.REFLECTION]
    today = sum(1 for r in records if r.kind is MemoryKind.REFLECTION and r.created_at.date() == now.date())
    room = min(config.max_insights_stored_per_reflection, config.max_reflections_per_game_day - today)
    stored = 0
    for insight in reflection.insights:
        if stored >= room:
            break
        if not insight.evidence_ids:
            services.runner.count_correction("reflection_insights", NO_EVIDENCE_CORRECTION, resident.name)
            continue
        if is_repeat(insight.text, held, config.reflection_repeat_similarity):
            services.runner.count_correction("reflection_insights", REPEAT_CORRECTION, resident.name)
            continue
        remember(resident, services, MemoryKind.REFLECTION, insight.text, now, config, evidence_ids=insight.evidence_ids)
        held.append(_words(insight.text))
        stored += 1
    resident.importance_since_reflection = 0
    logger.info("%s reflected: %d of %d insights stored", resident.name, stored, len(reflection.insights))


