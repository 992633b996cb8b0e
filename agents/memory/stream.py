"""The memory stream: an agent's records plus numpy arrays for vectorised retrieval.

Rows of ``embeddings`` (float32, L2-normalised, one per record), ``importance`` (float64) and
``last_access_hours`` (float64, game hours since the stream's epoch) are kept in step with the record
list; the arrays grow by doubling so adding is amortised O(1). The stream is plain picklable data.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import datetime

import numpy as np
import numpy.typing as npt

from agents.memory.records import MemoryKind, MemoryRecord

_INITIAL_CAPACITY = 64


class MemoryStream:
    """See the module docstring. ``epoch`` is the game time that ``0`` hours stands for."""

    def __init__(self, embedding_dimension: int, epoch: datetime) -> None:
        self.embedding_dimension = embedding_dimension
        self.epoch = epoch
        self._records: list[MemoryRecord] = []
        self._embeddings = np.zeros((_INITIAL_CAPACITY, embedding_dimension), dtype=np.float32)
        self._importance = np.zeros(_INITIAL_CAPACITY, dtype=np.float64)
        self._last_access_hours = np.zeros(_INITIAL_CAPACITY, dtype=np.float64)

    # -- time ----------------------------------------------------------------------------------

    def hours_at(self, when: datetime) -> float:
        return (when - self.epoch).total_seconds() / 3600.0

    # -- adding ----------------------------------------------------------------------------------

    def add(
        self,
        kind: MemoryKind,
        description: str,
        created_at: datetime,
        importance: int,
        embedding: npt.NDArray[np.float32],
        *,
        triple: tuple[str, str, str] = ("", "", ""),
        evidence_ids: Iterable[int] = (),
    ) -> MemoryRecord:
        """Append a record (its id is its index) with its embedding row; returns the record."""
        vector = np.asarray(embedding, dtype=np.float32).reshape(-1)
        if vector.shape[0] != self.embedding_dimension:
            raise ValueError(f"embedding has {vector.shape[0]} dimensions, the stream {self.embedding_dimension}")
        index = len(self._records)
        if index == self._embeddings.shape[0]:
            self._grow()
        record = MemoryRecord(
            memory_id=index, kind=kind, description=description, created_at=created_at,
            importance=_clamp_importance(importance), subject=triple[0], predicate=triple[1],
            object=triple[2], evidence_ids=tuple(evidence_ids),
        )
        self._records.append(record)
        self._embeddings[index] = vector
        self._importance[index] = record.importance
        self._last_access_hours[index] = self.hours_at(created_at)
        return record

    def set_importance(self, memory_id: int, importance: int) -> MemoryRecord:
        """Give record ``memory_id`` its scored importance (records are scored after they are added)."""
        record = replace(self._records[memory_id], importance=_clamp_importance(importance))
        self._records[memory_id] = record
        self._importance[memory_id] = record.importance
        return record

    def touch(self, memory_ids: Iterable[int], when: datetime) -> None:
        """Mark records as accessed at ``when`` (retrieval does this for its top-k)."""
        ids = np.fromiter(memory_ids, dtype=np.int64)
        if ids.size:
            self._last_access_hours[ids] = self.hours_at(when)

    def frozen_copy(self) -> MemoryStream:
        """A copy for a worker to read while this stream goes on changing.

        Cheap: embedding rows never change once written, so the copy shares them (a view); the
        record list and the importance and last-access arrays, which do change, are copied.
        """
        count = len(self._records)
        copy = MemoryStream.__new__(MemoryStream)
        copy.embedding_dimension = self.embedding_dimension
        copy.epoch = self.epoch
        copy._records = list(self._records)
        copy._embeddings = self._embeddings[:count]
        copy._importance = self._importance[:count].copy()
        copy._last_access_hours = self._last_access_hours[:count].copy()
        return copy

    def _grow(self) -> None:
        capacity = self._embeddings.shape[0] * 2
        embeddings = np.zeros((capacity, self.embedding_dimension), dtype=np.float32)
        embeddings[: len(self._records)] = self._embeddings[: len(self._records)]
        self._embeddings = embeddings
        self._importance = np.resize(self._importance, capacity)
        self._last_access_hours = np.resize(self._last_access_hours, capacity)

    # -- reading ---------------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._records)

    def __getitem__(self, memory_id: int) -> MemoryRecord:
        return self._records[memory_id]

    def records(self) -> Sequence[MemoryRecord]:
        return tuple(self._records)

    def latest(self, count: int, kinds: Iterable[MemoryKind] | None = None) -> list[MemoryRecord]:
        """The ``count`` most recently created records (of ``kinds``), newest first."""
        wanted = None if kinds is None else set(kinds)
        found: list[MemoryRecord] = []
        for record in reversed(self._records):
            if wanted is None or record.kind in wanted:
                found.append(record)
                if len(found) >= count:
                    break
        return found

    @property
    def embeddings(self) -> npt.NDArray[np.float32]:
        """The live rows (a view: read-only by convention)."""
        return self._embeddings[: len(self._records)]

    @property
    def importance(self) -> npt.NDArray[np.float64]:
        return self._importance[: len(self._records)]

    @property
    def last_access_hours(self) -> npt.NDArray[np.float64]:
        return self._last_access_hours[: len(self._records)]

    def last_access_of(self, memory_id: int) -> datetime:
        from datetime import timedelta

        return self.epoch + timedelta(hours=float(self._last_access_hours[memory_id]))


def _clamp_importance(value: int) -> int:
    return max(1, min(10, int(value)))
