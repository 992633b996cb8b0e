"""The rows a recorder has made and not written yet, and what it has stored once already.

:class:`RecordingRows` hands out the ids a recording refers to things by (texts, conversations,
embeddings: each stored once), makes the rows of new memories (with the importance and last access
they were first seen with, the baseline of keyframes' array changes), and writes everything
buffered in one transaction (:meth:`RecordingRows.write`). A recording gone on again, or a fork's
started from its parent's memories, first loads what the file holds (:meth:`RecordingRows.load_known`).
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from array import array
from datetime import datetime
from typing import Any

import numpy as np

from agents.cognition.resident import Conversation
from agents.memory.records import MemoryKind
from agents.memory.stream import MemoryStream
from agents.persistence.recording_keyframes import KeyframeRows
from agents.persistence.recording_store import pack_json
from agents.persistence.recording_strings import StringInterner

BATCH_LEVEL = 1  # zlib level of a transaction's steps (small blobs: speed over a few bytes)
_KIND_VALUES = {kind: kind.value for kind in MemoryKind}
_TIMES_KEPT = 4096  # creation times whose text id is kept at hand


class RecordingRows:
    """See the module docstring. ``residents``: how many residents the recording has."""

    def __init__(self, residents: int, interner: StringInterner | None = None) -> None:
        self.interner = interner or StringInterner()
        self.text = self.interner.id
        # per resident, the importance and last access of each memory as first seen (the memories table's)
        self.first_seen = [(array("d"), array("d")) for _ in range(residents)]
        self._conversation_ids: dict[int, tuple[Conversation, int]] = {}  # id(object) -> (object, row id)
        self._conversation_values: dict[tuple[Any, ...], int] = {}
        self._next_conversation = 1
        self._embedding_ids: dict[bytes, int] = {}
        self._next_embedding = 1
        self._time_ids: dict[object, int] = {}  # a memory's creation time -> its text id
        self.memory_rows: list[tuple[Any, ...]] = []
        self.source_rows: list[tuple[int, int, str, int, int, int]] = []
        self.embedding_rows: list[tuple[int, bytes, bytes]] = []
        self.conversation_rows: list[tuple[Any, ...]] = []
        self.frame_rows: list[tuple[int, bytes]] = []
        self.keyframe_rows: list[KeyframeRows] = []

    def load_known(self, connection: sqlite3.Connection) -> None:
        """Take in what the recording holds already: its texts, embeddings, conversations (by value)
        and the memories' first-seen importance and last access."""
        self.interner = StringInterner.loaded(connection)
        self.text = self.interner.id
        for index, digest in connection.execute("SELECT id, digest FROM embeddings"):
            self._embedding_ids[bytes(digest)] = index
            self._next_embedding = max(self._next_embedding, index + 1)
        for index, first, second, started, turns in connection.execute(
                "SELECT id, first, second, started, turns FROM conversations"):
            self._conversation_values[(first, second, started, turns)] = index
            self._next_conversation = max(self._next_conversation, index + 1)
        for resident, importance, last_access in connection.execute(
                "SELECT resident, importance, last_access FROM memories ORDER BY resident, memory_id"):
            first_importance, first_access = self.first_seen[resident]
            first_importance.append(importance)
            first_access.append(last_access)

    def conversation(self, conversation: Conversation, step: int) -> int:
        """The row id of ``conversation`` (one row for both sides; made at ``step`` when new)."""
        known = self._conversation_ids.get(id(conversation))
        if known is not None and known[0] is conversation:
            return known[1]
        first, second = conversation.participants
        started = conversation.started_at.isoformat()
        turns = json.dumps([list(turn) for turn in conversation.turns], ensure_ascii=False)
        value = (first, second, started, turns)
        index = self._conversation_values.get(value)
        if index is None:
            index = self._conversation_values[value] = self._next_conversation
            self._next_conversation += 1
            self.conversation_rows.append((index, step, first, second, started, turns))
        self._conversation_ids[id(conversation)] = (conversation, index)
        return index

    def new_memories(self, index: int, stream: MemoryStream, known: int, count: int, step: int,
                     last_access: np.ndarray) -> None:
        """Rows for memories ``known`` to ``count`` of resident ``index``'s stream, first seen at
        ``step`` (``last_access``: the stream's live last-access rows); each embedding stored once."""
        text = self.text
        row_bytes = stream.embedding_dimension * 4
        vectors = np.ascontiguousarray(stream.embeddings[known:count], dtype="<f4").tobytes()
        first_importance, first_access = self.first_seen[index]
        accesses = last_access[known:count].tolist()
        for offset, memory_id in enumerate(range(known, count)):
            record = stream[memory_id]
            vector = vectors[offset * row_bytes:(offset + 1) * row_bytes]
            digest = hashlib.blake2b(vector, digest_size=16).digest()
            embedding = self._embedding_ids.get(digest)
            if embedding is None:
                embedding = self._embedding_ids[digest] = self._next_embedding
                self._next_embedding += 1
                self.embedding_rows.append((embedding, digest, vector))
            created = self._time_id(record.created_at)
            source = record.source
            if source is not None:
                self.source_rows.append((index, memory_id, source.channel, text(source.speaker), text(source.listener),
                                         self._time_id(source.at)))
            evidence = ",".join(map(str, record.evidence_ids)) if record.evidence_ids else ""
            self.memory_rows.append((index, memory_id, step, _KIND_VALUES[record.kind], text(record.description),
                                     created, record.importance, text(record.subject), text(record.predicate),
                                     text(record.object), evidence, embedding, accesses[offset]))
            first_importance.append(record.importance)
            first_access.append(accesses[offset])

    def _time_id(self, when: datetime) -> int:
        """The text id of ``when`` as an ISO date-time (the last few thousand kept at hand)."""
        found = self._time_ids.get(when)
        if found is None:
            if len(self._time_ids) >= _TIMES_KEPT:
                self._time_ids.clear()
            found = self._time_ids[when] = self.text(when.isoformat())
        return found

    def write(self, connection: sqlite3.Connection, step: int, batch_first: int | None,
              frame_changes: list[list[Any]], mind_events: list[list[Any]]) -> None:
        """Insert everything buffered, and the steps ``batch_first`` to ``step`` (their frame changes
        and mind events), in the transaction open; the buffers are emptied by :meth:`clear`."""
        new_texts = self.interner.take_new()
        if new_texts:
            connection.executemany("INSERT INTO strings(id, text) VALUES (?, ?)", new_texts)
        if self.embedding_rows:
            connection.executemany("INSERT INTO embeddings(id, digest, vector) VALUES (?, ?, ?)", self.embedding_rows)
        if self.memory_rows:
            connection.executemany(
                "INSERT INTO memories(resident, memory_id, step, kind, description, created, importance, subject, "
                "predicate, object, evidence, embedding, last_access) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                self.memory_rows)
        if self.source_rows:
            connection.executemany("INSERT INTO memory_sources(resident, memory_id, channel, speaker, listener, at) "
                                   "VALUES (?, ?, ?, ?, ?, ?)", self.source_rows)
        if self.conversation_rows:
            connection.executemany("INSERT INTO conversations(id, step, first, second, started, turns) "
                                   "VALUES (?, ?, ?, ?, ?, ?)", self.conversation_rows)
        if batch_first is not None and (frame_changes or mind_events):
            connection.execute("INSERT OR REPLACE INTO step_batches(last_step, first_step, frame_changes, mind_events) "
                               "VALUES (?, ?, ?, ?)", (step, batch_first, pack_json(frame_changes, BATCH_LEVEL),
                                                       pack_json(mind_events, BATCH_LEVEL)))
        if self.frame_rows:
            connection.executemany("INSERT OR REPLACE INTO frames(step, body) VALUES (?, ?)", self.frame_rows)
        for rows in self.keyframe_rows:
            _write_keyframe(connection, rows)

    def clear(self) -> None:
        """Forget the rows written (after the transaction committed)."""
        self.memory_rows, self.source_rows, self.embedding_rows, self.conversation_rows = [], [], [], []
        self.frame_rows, self.keyframe_rows = [], []


def _write_keyframe(connection: sqlite3.Connection, rows: KeyframeRows) -> None:
    step = rows.step
    for table in ("keyframes", "keyframe_residents", "keyframe_parts"):
        connection.execute(f"DELETE FROM {table} WHERE step = ?", (step,))
    connection.execute("INSERT INTO keyframes(step, raw_bytes, town) VALUES (?, ?, ?)", rows.town)
    connection.executemany("INSERT INTO keyframe_residents(step, resident, raw_bytes, body, memories, capacity, "
                           "dimension, epoch, arrays_base, arrays) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows.residents)
    connection.executemany("INSERT INTO keyframe_parts(step, owner, raw_bytes, body) VALUES (?, ?, ?, ?)", rows.parts)
