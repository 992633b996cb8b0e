"""Remembering and scoring: new memories are embedded at once and scored in ONE call per step.

:func:`remember` adds a record; an idle observation ("... is idle", or an event with no predicate)
gets importance 1 and is never sent to the model; other records wait in ``Resident.unscored_ids``.
:func:`score_unscored` asks ``importance_batch`` once for all of them and adds the scores of
observations, dialogue and thoughts to the resident's reflection counter.
"""

from __future__ import annotations

import logging
from datetime import datetime

from agents.cognition.config import MindConfig
from agents.cognition.resident import Resident
from agents.cognition.services import MindServices
from agents.memory.records import MemoryKind, MemoryRecord, MemorySource

logger = logging.getLogger(__name__)

COUNTED_KINDS = frozenset({MemoryKind.OBSERVATION, MemoryKind.DIALOGUE, MemoryKind.THOUGHT})


def is_idle(description: str, predicate: str | None = None) -> bool:
    if predicate is not None and not predicate.strip():
        return True
    text = description.casefold().strip()
    return text.endswith(" is idle") or text == "idle"


def remember(
    resident: Resident,
    services: MindServices,
    kind: MemoryKind,
    description: str,
    now: datetime,
    config: MindConfig,
    *,
    triple: tuple[str, str, str] = ("", "", ""),
    importance: int | None = None,
    evidence_ids: tuple[int, ...] = (),
    source: MemorySource | None = None,
) -> MemoryRecord:
    """Add a memory; ``importance=None`` means "let the model score it" (idle observations: 1);
    ``source``: who said it to whom (see :class:`~agents.memory.records.MemorySource`)."""
    embedding = services.embed([description])[0]
    idle = kind is MemoryKind.OBSERVATION and is_idle(description, triple[1] if any(triple) else None)
    initial = config.idle_importance if idle else (importance if importance is not None else 1)
    record = resident.memory.add(kind, description, now, initial, embedding, triple=triple, evidence_ids=evidence_ids,
                                  source=source)
    if idle:
        resident.importance_since_reflection += config.idle_importance
    elif importance is None:
        resident.unscored_ids.append(record.memory_id)
    elif kind in COUNTED_KINDS:
        resident.importance_since_reflection += record.importance
    return record


def score_unscored(resident: Resident, services: MindServices, now: datetime) -> int:
    """Score every waiting memory in one call; returns how many were scored."""
    ids = tuple(resident.unscored_ids)
    if not ids:
        return 0
    apply_scores(resident, ids, ask_scores(resident, ids, services, now))
    return len(ids)


def ask_scores(resident: Resident, ids: tuple[int, ...], services: MindServices, now: datetime) -> dict[int, int]:
    """The decision: ONE ``importance_batch`` call for the memories ``ids`` (reads, never changes,
    the resident); a memory the answer leaves out scores 1."""
    return scores_for(services=services, **scoring_inputs(resident, ids, now))


def scoring_inputs(resident: Resident, ids: tuple[int, ...], now: datetime) -> dict[str, object]:
    """What :func:`scores_for` needs, as plain values (small enough to keep in a save)."""
    observations = [{"id": str(i), "description": resident.memory[i].description} for i in ids]
    context = {"persona": resident.identity(), "observations": observations,
               "date_text": now.strftime("%A %B %d, %Y"), "time_text": now.strftime("%I:%M %p").lstrip("0")}
    return {"context": context, "agent_name": resident.name, "ids": ids}


def scores_for(context: dict[str, object], agent_name: str, ids: tuple[int, ...],
               services: MindServices) -> dict[int, int]:
    """The ``importance_batch`` call over :func:`scoring_inputs`."""
    value = services.ask("importance_batch", context, agent_name)
    scores = {str(s["id"]): int(s["importance"]) for s in value["scores"]}  # type: ignore[union-attr]
    return {memory_id: scores.get(str(memory_id), 1) for memory_id in ids}


def apply_scores(resident: Resident, ids: tuple[int, ...], scores: dict[int, int]) -> None:
    """Write the scores of ``ids`` and count them towards reflection; they no longer wait."""
    for memory_id in ids:
        record = resident.memory.set_importance(memory_id, scores.get(memory_id, 1))
        if record.kind in COUNTED_KINDS:
            resident.importance_since_reflection += record.importance
    waiting = set(ids)
    resident.unscored_ids = [i for i in resident.unscored_ids if i not in waiting]
