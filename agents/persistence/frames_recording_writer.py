"""Writing a recording that has frames only (no minds): what an imported run of the original gives.

Use::

    writer = FramesRecordingWriter.create(path, meta)   # meta.has_minds is False
    for view in views:                                  # SimulationView values, in step order
        writer.add(view)                                # steps may skip (a gap holds the last frame)
    writer.close()                                      # one transaction: all or nothing

The file is the recording format of :mod:`agents.persistence.recording_store`, written the way
:mod:`agents.persistence.recorder` writes a live run's frames (the encoding is in
:mod:`agents.persistence.recording_events`): a full frame at the first step, at every
``meta.frame_key_steps``-th step and at the first step after a gap; the changes of each step in
``step_batches`` (with empty mind events); texts once in ``strings``; chats as rows of
``conversations`` with the lines shown so far, so the reader's :meth:`RecordingReader.frame`
and its timeline's conversation markers work as for a live run. There are no keyframes, memories
or personas: nothing to fork from or to inspect beyond the frame.

A conversation is one row for both sides: a resident's chat goes on while each step's lines begin
with the lines before (or the other way round); a partner whose chat starts at the same step with
the same lines shares the row. The row keeps the longest lines seen.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from agents.persistence.recording_events import (
    ACTIVITY,
    ADDRESS,
    CHAT,
    CHAT_WITH,
    EMOJI,
    THINKING,
    TILE,
)
from agents.persistence.recording_store import (
    RecordingError,
    RecordingMeta,
    create_database,
    pack_json,
    remove_recording_files,
    write_error,
)
from agents.persistence.recording_strings import StringInterner
from agents.views.town_frame import ChatLines, ResidentView, SimulationView

BATCH_STEPS = 360  # steps of changes per row of step_batches (one game hour at 10 s a step)
_NO_CHAT = [0, 0]


@dataclass
class _Conversation:
    """A conversation being written: its row's values (turns grow while it goes on)."""

    index: int
    step: int
    participants: tuple[str, str]
    started: str
    turns: ChatLines


@dataclass
class _Talking:
    """A resident's chat under way: the conversation and the lines shown at the last step."""

    conversation: _Conversation
    shown: ChatLines = field(default_factory=tuple)


def _continues(before: ChatLines, now: ChatLines) -> bool:
    shorter = min(len(before), len(now))
    return before[:shorter] == now[:shorter]


class FramesRecordingWriter:
    """See the module docstring. One thread; :meth:`close` commits, :meth:`abandon` removes the file."""

    def __init__(self, connection: sqlite3.Connection, path: Path, meta: RecordingMeta) -> None:
        self._connection = connection
        self.path = path
        self.meta = meta
        self._names = meta.resident_names()
        self._order = {name: index for index, name in enumerate(self._names)}
        self._text = StringInterner()
        self._frames: list[list[Any]] | None = None
        self._last_step: int | None = None
        self._talking: list[_Talking | None] = [None] * len(self._names)
        self._last_views: list[ResidentView | None] = [None] * len(self._names)  # the same object: unchanged
        self._conversations: list[_Conversation] = []
        self._started_at: dict[tuple[tuple[str, str], int, ChatLines], _Conversation] = {}
        self._batch: list[list[Any]] = []
        self._batch_first: int | None = None
        self._closed = False

    @classmethod
    def create(cls, path: Path, meta: RecordingMeta) -> FramesRecordingWriter:
        """A new recording file at ``path`` (it must not exist) for ``meta`` (frames only)."""
        if meta.has_minds:
            raise ValueError("a frames-only recording's meta must say has_minds=False")
        connection = create_database(path, meta)
        writer = cls(connection, path, meta)
        try:
            connection.execute("BEGIN")
            connection.executemany(
                "INSERT INTO residents(idx, name, sprite, portrait, raw_bytes, persona) "
                "VALUES (?, ?, ?, ?, NULL, NULL)",
                [(index, r.name, r.sprite, r.portrait) for index, r in enumerate(meta.residents)])
        except sqlite3.Error as error:
            writer.abandon()
            raise write_error(path, error) from error
        return writer

    def add(self, view: SimulationView) -> None:
        """The frame of one step (after the steps added before; every resident of the meta, in order)."""
        if self._closed:
            raise RecordingError(self.path, "the writer is closed", "start a new recording")
        step = view.step_index
        if self._last_step is None and step != self.meta.first_step:
            raise ValueError(f"the first frame must be of step {self.meta.first_step}, got {step}")
        if self._last_step is not None and step <= self._last_step:
            raise ValueError(f"frames must come in step order: step {step} after {self._last_step}")
        if tuple(r.name for r in view.residents) != self._names:
            raise ValueError(f"step {step}: the frame's residents are not the recording's {self._names}")
        after_gap = self._last_step is not None and step > self._last_step + 1
        first = self._frames is None
        frames = self._frames
        if frames is None:
            frames = [[[0, 0], 0, 0, 0, 0, _NO_CHAT, 0] for _ in self._names]
        changes: list[Any] = [step]
        for index, resident in enumerate(view.residents):
            if resident is not self._last_views[index] or first:
                self._resident(index, resident, view, frames[index], changes, first)
                self._last_views[index] = resident
        self._frames = frames
        if self._batch_first is None:
            self._batch_first = step
        if len(changes) > 1 and not first:
            self._batch.append(changes)
        try:
            if first or after_gap or step % self.meta.frame_key_steps == 0:
                self._connection.execute("INSERT OR REPLACE INTO frames(step, body) VALUES (?, ?)",
                                         (step, pack_json({"r": frames, "t": [0, 0]})))
            self._last_step = step
            if step - self._batch_first + 1 >= BATCH_STEPS:
                self._write_batch()
        except sqlite3.Error as error:
            self.abandon()
            raise write_error(self.path, error) from error

    def _resident(self, index: int, resident: ResidentView, view: SimulationView, fields: list[Any],
                  changes: list[Any], first: bool) -> None:
        text = self._text.id
        values: list[tuple[int, Any]] = [
            (TILE, [resident.tile[0], resident.tile[1]]), (ACTIVITY, text(resident.activity)),
            (EMOJI, text(resident.emoji)), (ADDRESS, text(resident.address)),
            (CHAT_WITH, text(resident.chat_with)),
            (CHAT, self._chat(index, resident, view)), (THINKING, text(resident.thinking))]
        for position, value in values:
            if first or fields[position] != value:
                fields[position] = value
                changes += (index, position, value)

    def _chat(self, index: int, resident: ResidentView, view: SimulationView) -> list[int]:
        lines = resident.chat
        talking = self._talking[index]
        if not lines:
            self._talking[index] = None
            return _NO_CHAT
        partner = resident.chat_with or next((s for s, _ in lines if s != resident.name), "")
        participants = self._participants(resident.name, partner)
        if (talking is None or talking.conversation.participants != participants
                or not _continues(talking.shown, lines)):
            key = (participants, view.step_index, lines)
            conversation = self._started_at.get(key)
            if conversation is None:
                conversation = _Conversation(len(self._conversations) + 1, view.step_index, participants,
                                             view.now.isoformat(), lines)
                self._conversations.append(conversation)
                self._started_at[key] = conversation
            talking = self._talking[index] = _Talking(conversation)
        if len(lines) > len(talking.conversation.turns):
            talking.conversation.turns = lines
        talking.shown = lines
        return [talking.conversation.index, len(lines)]

    def _participants(self, name: str, partner: str) -> tuple[str, str]:
        pair = sorted((name, partner), key=lambda n: (self._order.get(n, len(self._order)), n))
        return pair[0], pair[1]

    def _write_batch(self) -> None:
        if self._batch_first is not None and self._last_step is not None and self._batch:
            self._connection.execute(
                "INSERT INTO step_batches(last_step, first_step, frame_changes, mind_events) VALUES (?, ?, ?, ?)",
                (self._last_step, self._batch_first, pack_json(self._batch), pack_json([])))
        self._batch, self._batch_first = [], None

    def close(self) -> None:
        """Write what is left and commit everything at once."""
        if self._closed:
            return
        if self._last_step is None:
            self.abandon()
            raise ValueError("a recording needs at least one frame")
        try:
            self._write_batch()
            self._connection.executemany(
                "INSERT INTO conversations(id, step, first, second, started, turns) VALUES (?, ?, ?, ?, ?, ?)",
                [(c.index, c.step, c.participants[0], c.participants[1], c.started,
                  json.dumps([list(turn) for turn in c.turns], ensure_ascii=False)) for c in self._conversations])
            self._connection.executemany("INSERT INTO strings(id, text) VALUES (?, ?)", self._text.take_new())
            self._connection.execute("UPDATE progress SET last_step = ? WHERE id = 0", (self._last_step,))
            self._connection.execute("COMMIT")
        except sqlite3.Error as error:
            self.abandon()
            raise write_error(self.path, error) from error
        self._closed = True
        self._connection.close()

    def abandon(self) -> None:
        """Close without committing and remove the file."""
        self._closed = True
        try:
            self._connection.close()
        finally:
            remove_recording_files(self.path)
