"""Retrieval: score = w_rec * recency + w_imp * importance + w_rel * relevance, each min-max normalised.

* recency = ``decay ** (game hours since last access)`` (decay 0.995 per game hour, the paper's value);
  a memory accessed more recently scores higher (the original code's inverted order is not copied);
* importance = the record's 1-10 score;
* relevance = cosine similarity between the query embedding and the memory's (rows are unit length,
  so a dot product).

Each component is min-max normalised over the candidates; a component that is equal for all of them
normalises to 0 (it cannot change the order). :func:`rank` is pure (it reads the stream); the caller
applies :meth:`MemoryStream.touch` to the returned ids, so a worker may rank and the main thread apply.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

import numpy as np
import numpy.typing as npt

from agents.cognition.config import RetrievalWeights
from agents.memory.records import MemoryKind, MemoryRecord
from agents.memory.stream import MemoryStream


@dataclass(frozen=True)
class ScoredMemory:
    """A retrieved record with its total and component scores (each normalised to 0-1)."""

    record: MemoryRecord
    score: float
    recency: float
    importance: float
    relevance: float


def min_max(values: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """Scale to 0-1; a constant array becomes all zeros."""
    if values.size == 0:
        return values
    low, high = float(values.min()), float(values.max())
    if high - low <= 1e-12:
        return np.zeros_like(values)
    return (values - low) / (high - low)


def component_scores(
    stream: MemoryStream, query: npt.NDArray[np.float32], now: datetime, decay_per_hour: float,
    candidates: npt.NDArray[np.int64] | None = None,
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Normalised (recency, importance, relevance) of ``candidates`` (all records when None)."""
    hours = stream.last_access_hours if candidates is None else stream.last_access_hours[candidates]
    importance = stream.importance if candidates is None else stream.importance[candidates]
    embeddings = stream.embeddings if candidates is None else stream.embeddings[candidates]
    elapsed = np.maximum(stream.hours_at(now) - hours, 0.0)
    recency = np.power(decay_per_hour, elapsed)
    relevance = (embeddings @ np.asarray(query, dtype=np.float32).reshape(-1)).astype(np.float64)
    return min_max(recency), min_max(importance.astype(np.float64)), min_max(relevance)


def rank(
    stream: MemoryStream,
    query: npt.NDArray[np.float32],
    now: datetime,
    *,
    count: int,
    weights: RetrievalWeights,
    decay_per_hour: float,
    kinds: Iterable[MemoryKind] | None = None,
    only_ids: Iterable[int] | None = None,
) -> list[ScoredMemory]:
    """The ``count`` best-scoring records for ``query``, best first (ties: newer first); among those
    of ``kinds`` and, when given, among the records ``only_ids``."""
    if len(stream) == 0 or count <= 0:
        return []
    candidates: npt.NDArray[np.int64] | None = None
    if kinds is not None or only_ids is not None:
        wanted = set(MemoryKind) if kinds is None else set(kinds)
        among = stream.records() if only_ids is None else [stream[i] for i in sorted(set(only_ids))]
        candidates = np.fromiter((r.memory_id for r in among if r.kind in wanted), dtype=np.int64)
        if candidates.size == 0:
            return []
    recency, importance, relevance = component_scores(stream, query, now, decay_per_hour, candidates)
    total = weights.recency * recency + weights.importance * importance + weights.relevance * relevance
    ids = np.arange(len(stream), dtype=np.int64) if candidates is None else candidates
    take = min(count, total.size)
    if take < total.size:
        top = np.argpartition(-total, take - 1)[:take]
    else:
        top = np.arange(total.size)
    # best score first; ties broken by newer record first
    order = top[np.lexsort((-ids[top], -total[top]))]
    return [
        ScoredMemory(stream[int(ids[i])], float(total[i]), float(recency[i]), float(importance[i]),
                     float(relevance[i]))
        for i in order
    ]


def retrieve(
    stream: MemoryStream,
    query: npt.NDArray[np.float32],
    now: datetime,
    *,
    count: int,
    weights: RetrievalWeights,
    decay_per_hour: float,
    kinds: Iterable[MemoryKind] | None = None,
) -> list[MemoryRecord]:
    """:func:`rank` then touch the returned records (for callers that own the stream)."""
    found = rank(stream, query, now, count=count, weights=weights, decay_per_hour=decay_per_hour, kinds=kinds)
    stream.touch((s.record.memory_id for s in found), now)
    return [s.record for s in found]
