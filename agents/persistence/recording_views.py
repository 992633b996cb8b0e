"""A resident's mind as of any recorded step, for the inspector of a replay.

:class:`MindReplay` takes the town at the keyframe at or before the step
(:meth:`~agents.persistence.recording_keyframes.KeyframeLoader.town_for_views`: only this resident's
mind whole), adds the memories first seen up to the step, applies the mind events recorded since
the keyframe (:func:`~agents.persistence.recording_events.apply_mind_event`) and sets the clock to
the step. The views are then built from it by the same code as in live play
(:func:`agents.views.resident_view_builder.resident_detail_view`). Going forward from the last step
asked only applies what happened in between.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

from agents.cognition.resident import Conversation
from agents.engine.simulation import Simulation
from agents.persistence.recording_events import apply_mind_event
from agents.persistence.recording_keyframes import KeyframeLoader, memory_record, memory_sources
from agents.persistence.recording_store import RecordingError
from agents.persistence.recording_strings import StringTable

_BROKEN_HINT = "the recording is damaged; replay another one"

MindEntries = Callable[[int, int], Iterable[list[Any]]]  # (after step, up to step) -> the mind event entries


class MindReplay:
    """One resident's mind replayed from keyframe ``keyframe_step`` (see the module docstring)."""

    def __init__(self, loader: KeyframeLoader, connection: sqlite3.Connection, path: Path, strings: StringTable,
                 conversation: Callable[[int], Conversation], name: str, index: int, keyframe_step: int) -> None:
        self.name = name
        self.index = index
        self.keyframe_step = keyframe_step
        self.town: Simulation = loader.town_for_views(keyframe_step, name)
        self.step = keyframe_step
        self._connection = connection
        self._path = path
        self._strings = strings
        self._conversation = conversation

    def advance(self, step: int, entries: MindEntries) -> Simulation:
        """The town as of ``step`` (at or after the step reached so far) for this resident's views."""
        if step < self.step:
            raise ValueError(f"a mind replay goes forward only (at {self.step}, asked {step})")
        if step > self.step:
            resident = self.town.residents[self.name]
            self._add_memories(resident.memory, step)
            text, time = self._strings.__getitem__, self._strings.time
            try:
                for entry in entries(self.step, step):
                    for position in range(1, len(entry), 3):
                        if entry[position] == self.index:
                            apply_mind_event(resident, entry[position + 1], entry[position + 2], text, time,
                                             self._conversation)
            except (KeyError, ValueError, TypeError, IndexError) as error:
                raise RecordingError(self._path, f"a mind event of {self.name} up to step {step} is not valid "
                                                 f"({type(error).__name__}: {error})", _BROKEN_HINT) from error
            self.town.clock = replace(self.town.clock, step_index=step)
            self.step = step
        return self.town

    def _add_memories(self, stream: Any, step: int) -> None:
        rows = self._connection.execute(
            "SELECT memory_id, kind, description, created, subject, predicate, object, evidence, importance, "
            "last_access FROM memories WHERE resident = ? AND memory_id >= ? AND step <= ? ORDER BY memory_id",
            (self.index, len(stream), step)).fetchall()
        if not rows:
            return
        blank = np.zeros(stream.embedding_dimension, dtype=np.float32)  # views never read embeddings
        last_access = None
        sources = memory_sources(self._path, self._connection, self._strings, self.index, len(stream),
                                 len(stream) + len(rows))
        for row in rows:
            if row[0] != len(stream):
                raise RecordingError(self._path, f"{self.name}'s memories skip from {len(stream)} to {row[0]}",
                                     _BROKEN_HINT)
            record = memory_record(self._path, self._strings, row, int(row[8]), sources)
            stream.add(record.kind, record.description, record.created_at, record.importance, blank,
                       triple=record.triple, evidence_ids=record.evidence_ids, source=record.source)
            last_access = stream.capacity_arrays()[2]
            last_access[record.memory_id] = float(row[9])
