"""The memory stream: an agent's records plus numpy arrays for vectorised retrieval.

Rows of ``embeddings`` (float32, L2-normalised, one per record), ``importance`` (float64) and
``last_access_hours`` (float64, game hours since the stream's epoch) are kept in step with the record
list; the arrays grow by doubling so adding is amortised O(1). The stream is plain picklable data
(pickled as columns, see :meth:`MemoryStream.__reduce_ex__`).
"""

from __future__ import annotations

import copyreg
import heapq
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import datetime
from typing import SupportsIndex

import numpy as np
import numpy.typing as npt

from agents.memory.records import MemoryKind, MemoryRecord, MemorySource
from agents.persistence.stream_state import StreamColumns, restore_stream_parts, stream_state

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
        source: MemorySource | None = None,
    ) -> MemoryRecord:
        """Append a record (its id is its index) with its embedding row; returns the record.
        ``source``: who said it to whom (a conversation's or a whisper's memory)."""
        vector = np.asarray(embedding, dtype=np.float32).reshape(-1)
        if vector.shape[0] != self.embedding_dimension:
            raise ValueError(f"embedding has {vector.shape[0]} dimensions, the stream {self.embedding_dimension}")
        index = len(self._records)
        if index == self._embeddings.shape[0]:
            self._grow()
        record = MemoryRecord(
            memory_id=index, kind=kind, description=description, created_at=created_at,
            importance=_clamp_importance(importance), subject=triple[0], predicate=triple[1],
            object=triple[2], evidence_ids=tuple(evidence_ids), source=source,
        )
        self._records.append(record)
        ids_by_kind = self.__dict__.get("_ids_by_kind")
        if ids_by_kind is not None:
            ids_by_kind.setdefault(kind, []).append(index)
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

    # -- a recording's keyframes (agents.persistence.recording_keyframes) ----------------------------

    def capacity_arrays(self) -> tuple[npt.NDArray[np.float32], npt.NDArray[np.float64], npt.NDArray[np.float64]]:
        """The embedding, importance and last-access arrays over the whole capacity: the live arrays,
        not copies (rows from ``len(self)`` on are spare). A keyframe stores the importance and
        last-access ones whole, so a rebuilt stream is this one to the byte (:meth:`from_parts`)."""
        return self._embeddings, self._importance, self._last_access_hours

    @classmethod
    def from_parts(cls, embedding_dimension: int, epoch: datetime, records: Sequence[MemoryRecord],
                   embeddings: npt.NDArray[np.float32], importance: npt.NDArray[np.float64],
                   last_access_hours: npt.NDArray[np.float64]) -> MemoryStream:
        """A stream rebuilt from its parts (a recording's keyframe): ``records`` with ids 0, 1, ...;
        ``embeddings`` holds one row per record (the spare rows up to the capacity are zero);
        ``importance`` and ``last_access_hours`` cover the whole capacity (``len(importance)``), as
        :meth:`capacity_arrays` gave them. A ValueError when the parts do not fit together."""
        count, capacity = len(records), len(importance)
        vectors = np.asarray(embeddings, dtype=np.float32)
        if (vectors.shape != (count, embedding_dimension) or len(last_access_hours) != capacity or capacity < count
                or any(record.memory_id != index for index, record in enumerate(records))):
            raise ValueError(f"stream parts do not fit: {count} records with ids 0..{count - 1} needed, embeddings "
                             f"{vectors.shape} for dimension {embedding_dimension}, capacity {capacity}")
        stream = cls.__new__(cls)  # the attributes in __init__'s order: a rebuilt stream pickles as the original
        stream.embedding_dimension = embedding_dimension
        stream.epoch = epoch
        stream._records = list(records)
        stream._embeddings = np.zeros((capacity, embedding_dimension), dtype=np.float32)
        stream._embeddings[:count] = vectors
        stream._importance = np.array(importance, dtype=np.float64)
        stream._last_access_hours = np.array(last_access_hours, dtype=np.float64)
        return stream

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
        """The ``count`` most recently created records (of ``kinds``), newest first. With ``kinds``
        this reads only their records (an index by kind, built on first use and kept up by
        :meth:`add`), so a stream of thousands of thoughts finds its few observations at once."""
        if kinds is None:
            return self._records[-count:][::-1] if count > 0 else []
        ids_by_kind = self.__dict__.get("_ids_by_kind")
        if ids_by_kind is None:
            ids_by_kind = {}
            for record in self._records:
                ids_by_kind.setdefault(record.kind, []).append(record.memory_id)
            self._ids_by_kind = ids_by_kind  # derived, not part of the saved state
        if count <= 0:
            return []
        wanted = set(kinds)
        records = self._records
        if len(wanted) == 1:  # the usual ask (perceiving: the latest observations)
            ids = ids_by_kind.get(wanted.pop(), ())
            return [records[memory_id] for memory_id in ids[-count:][::-1]]
        newest = heapq.nlargest(count, (memory_id for kind in wanted for memory_id in ids_by_kind.get(kind, ())[-count:]))
        return [records[memory_id] for memory_id in newest]

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

    # -- saving (the state a save pickles: agents.persistence.stream_state) --------------------------

    def __reduce_ex__(self, protocol: SupportsIndex) -> tuple[object, ...]:
        """Pickled as columns, not record by record (:mod:`agents.persistence.stream_state`: faster,
        and rebuilt by our own code from checked plain data); only the live rows of the arrays are
        saved. The columns are kept on the stream (``_saved_columns``, not part of the state) and
        only the records added since the last pickle are encoded. At protocol 5 the embedding rows
        go to the pickle without a copy."""
        columns = self.__dict__.get("_saved_columns")
        if not isinstance(columns, StreamColumns) or columns.epoch != self.epoch:
            columns = StreamColumns(self.epoch)
            self._saved_columns = columns
        state = stream_state(columns, self.embedding_dimension, self._records, self._embeddings, self._importance,
                             self._last_access_hours, zero_copy=int(protocol) >= 5)
        return copyreg.__newobj__, (type(self),), state

    def __setstate__(self, state: object) -> None:
        """Unpickling: the state is checked and the stream rebuilt from it (a BadSavedState names the
        part that does not check out). Its capacity is its length (or the initial one when empty)."""
        parts = restore_stream_parts(state)
        self.embedding_dimension = parts.embedding_dimension
        self.epoch = parts.epoch
        self._records = parts.records
        if parts.records:
            self._embeddings = parts.embeddings
            self._importance = parts.importance
            self._last_access_hours = parts.last_access_hours
        else:
            self._embeddings = np.zeros((_INITIAL_CAPACITY, parts.embedding_dimension), dtype=np.float32)
            self._importance = np.zeros(_INITIAL_CAPACITY, dtype=np.float64)
            self._last_access_hours = np.zeros(_INITIAL_CAPACITY, dtype=np.float64)


def _clamp_importance(value: int) -> int:
    return max(1, min(10, int(value)))
