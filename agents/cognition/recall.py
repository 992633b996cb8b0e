"""Retrieval under the run's ablation condition (:mod:`agents.cognition.condition`).

Every decision that retrieves memories (reacting, talking, answering an interview, reflecting) goes
through :func:`recall`: :func:`~agents.memory.retrieval.rank` within the kinds of memory the
condition leaves, and under ``no-memory`` within the current observation only.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

import numpy as np
import numpy.typing as npt

from agents.cognition.config import MindConfig
from agents.memory.records import MemoryKind
from agents.memory.retrieval import ScoredMemory, rank
from agents.memory.stream import MemoryStream


def recall(stream: MemoryStream, query: npt.NDArray[np.float32], now: datetime, config: MindConfig, *,
           count: int, kinds: Iterable[MemoryKind] | None = None) -> list[ScoredMemory]:
    """The ``count`` best memories for ``query`` (of ``kinds``) that ``config.condition`` lets the
    resident recall; reads, never changes, the stream (the caller touches what it uses)."""
    condition = config.condition
    allowed = condition.recalled_kinds()
    wanted = allowed if kinds is None else allowed & frozenset(kinds)
    only_ids: tuple[int, ...] | None = None
    if not condition.remembers:
        newest = stream.latest(1, kinds=(MemoryKind.OBSERVATION,))
        only_ids = tuple(record.memory_id for record in newest)
    return rank(stream, query, now, count=count, weights=config.retrieval_weights,
                decay_per_hour=config.recency_decay_per_game_hour,
                kinds=None if wanted == frozenset(MemoryKind) else wanted, only_ids=only_ids)
