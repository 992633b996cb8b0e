"""The recorder: watches a live simulation after every step and writes what changed into its
recording (:mod:`agents.persistence.recording_store`).

Use (on the thread that owns the simulation)::

    recorder = Recorder.start(simulation, "monday")        # a new recording, or Recorder.go_on(...)
    driver.on_step_passed.append(recorder.on_step_passed)  # every step: recorder.after_step(...)
    ...
    recorder.close()

After each step it compares the town with what it recorded last, by cheap identity and length
checks: each resident's frame (:func:`agents.views.town_frame.view_of`: tile, action, emoji, place,
chat, thinking) and mind (new memories, importance and last-access changes, plan, schedule, action,
planned actions, action log, conversations, interview; see :mod:`agents.persistence.recording_events`).
Every step it compares each resident's tile, action, "currently", plan and schedule and how many
memories, conversations and interview lines they have: the town changes the rest of a mind together
with one of those (an action starts with its log entry and its planned actions taken; a day's plan
clears the old one; a chat ends with conversations and memories; see :mod:`agents.engine.thoughts`).
The rest is compared when one of those changed, and the memories' importance and last access also
when the resident considered reacting to someone this step (what comes with a recall). Everything is
compared for everyone on each scoring step (every ``importance_scoring_interval_minutes``: 5 game
minutes) and at each commit, so a change made any other way is recorded at most that late.
Changes are buffered and written in one transaction per game minute (at most two a second of wall
time: see :class:`RecorderSettings`), per keyframe and at :meth:`Recorder.close`, so a killed process
loses at most the transaction it had not committed. Every
``keyframe_minutes`` of game time it writes a keyframe (:mod:`agents.persistence.recording_keyframes`).
Nothing here changes the simulation.
"""

from __future__ import annotations

import hashlib
import json
import logging
import sqlite3
import time
from array import array
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from agents.cognition.resident import Conversation, Resident
from agents.engine.simulation import Simulation
from agents.persistence.recording_events import (
    ACTIVITY,
    ADDRESS,
    CHAT,
    CHAT_WITH,
    EMOJI,
    INCIDENTS,
    LAST_INCIDENT,
    THINKING,
    TILE,
    TOWN_WHO,
    action_value,
)
from agents.persistence.recording_keyframes import (
    KeyframeRows,
    KeyframeWriter,
    check_recordable,
    persona_row,
    statics_rows,
)
from agents.persistence.recording_store import (
    RECORDING_SUFFIX,
    RecordingError,
    RecordingLink,
    RecordingMeta,
    ResidentIdentity,
    create_database,
    open_for_reading,
    open_for_writing,
    pack_json,
    read_last_step,
    read_meta,
    recording_name_of,
    recording_path,
    remove_recording_files,
    unpack_pickle,
    utc_now,
    write_error,
)
from agents.persistence.recording_strings import StringInterner
from agents.persistence.save_format import current_app_version
from agents.views.resident_view_builder import thinking_by_resident
from agents.views.town_frame import ResidentView, chat_now, incident_text, resident_frame, view_of

if TYPE_CHECKING:
    from agents.engine.step_driver import StepDriver

log = logging.getLogger(__name__)

_NO_CHAT = [0, 0]
BATCH_LEVEL = 1  # zlib level of a transaction's steps (small blobs: speed over a few bytes)
# what is compared each step before looking closer (see the module docstring): these attributes (by
# value, identity first) and how long these are
_IDENTITIES = attrgetter("action", "currently", "daily_plan", "schedule")
_LENGTHS = attrgetter("conversations", "interview_transcript", "memory")

@dataclass(frozen=True)
class RecorderSettings:
    """How often a recording keeps a keyframe, commits, keeps a full frame (game minutes). A commit
    waits for ``commit_min_seconds`` of wall time since the one before: a run going faster than a
    game minute in that time commits twice a second (a crash loses at most that much of it)."""

    keyframe_minutes: float = 60.0
    commit_minutes: float = 1.0
    frame_key_minutes: float = 10.0
    commit_min_seconds: float = 0.5


class _Tracked:
    """What was recorded last of one resident (compared by identity and length each step)."""

    __slots__ = ("acc", "action", "awake", "chat_at", "conv_last", "conv_len", "currently", "frame", "frame_action",
                 "identities", "imp", "intv_last", "intv_len", "lengths", "log_last", "log_len", "memories",
                 "pending_cache", "pending_first", "pending_last", "pending_len", "plan", "schedule", "thinking",
                 "tile", "view")

    def __init__(self) -> None:
        self.view: ResidentView | None = None
        self.identities: tuple[object, ...] = ()  # _IDENTITIES and _LENGTHS at the last look
        self.lengths: tuple[int, ...] = ()
        self.frame: list[Any] = [[0, 0], 0, 0, 0, 0, _NO_CHAT, 0]
        self.thinking = ""
        self.tile: object = None  # the tile and action of the last frame (by identity)
        self.frame_action: object = None
        self.awake = True  # not sleeping: may consider reacting to someone (and recall)
        self.currently: object = None
        self.plan: object = None
        self.schedule: object = None
        self.action: object = None
        self.log_len, self.log_last = 0, None
        self.conv_len, self.conv_last = 0, None
        self.intv_len, self.intv_last = 0, None
        self.pending_len, self.pending_first, self.pending_last, self.pending_cache = -1, None, None, -1
        self.chat_at = 0
        self.memories = 0
        self.imp = b""
        self.acc = b""


class Recorder:
    """See the module docstring. Build with :meth:`start` or :meth:`go_on`; one thread only."""

    def __init__(self, connection: sqlite3.Connection, path: Path, meta: RecordingMeta, interner: StringInterner,
                 settings: RecorderSettings, step_seconds: int) -> None:
        self._connection = connection
        self.path = path
        self.meta = meta
        self.name = meta.name
        self._text = interner.id
        self._interner = interner
        self._commit_steps = max(1, round(settings.commit_minutes * 60 / step_seconds))
        self._commit_seconds = settings.commit_min_seconds
        self._scoring_every = 1  # steps between scoring steps (as Simulation.scoring_due), set in _begin
        self._time_ids: dict[object, int] = {}  # a memory's creation time -> its text id
        self._committed_at = time.monotonic()
        self._keyframe_steps = meta.keyframe_interval_steps
        self._frame_key_steps = meta.frame_key_steps
        self._names = meta.resident_names()
        self._tracked = [_Tracked() for _ in self._names]
        self._town_frame: list[Any] = [0, 0]
        self._conversation_ids: dict[int, tuple[Conversation, int]] = {}  # id(object) -> (object, row id)
        self._conversation_values: dict[tuple[Any, ...], int] = {}
        self._next_conversation = 1
        self._embedding_ids: dict[bytes, int] = {}
        self._next_embedding = 1
        self._first_seen = [(array("d"), array("d")) for _ in self._names]  # importance, last access
        self._keyframes = KeyframeWriter([], self._first_seen.__getitem__)
        self._batch_frames: list[list[Any]] = []
        self._batch_minds: list[list[Any]] = []
        self._batch_first: int | None = None
        self._memory_rows: list[tuple[Any, ...]] = []
        self._embedding_rows: list[tuple[int, bytes, bytes]] = []
        self._conversation_rows: list[tuple[Any, ...]] = []
        self._frame_rows: list[tuple[int, bytes]] = []
        self._keyframe_rows: list[KeyframeRows] = []
        self.last_step = -1  # the step recorded last (committed or not)
        self.committed_step = -1  # the last step committed: what a reader sees, and a crash would keep
        self.last_keyframe_step = -1
        self.failure: str | None = None
        self._closed = False

    # -- starting -------------------------------------------------------------------------------------

    @classmethod
    def start(cls, simulation: Simulation, target: str | Path, *, parent: RecordingLink | None = None,
              overwrite: bool = False, recordings_dir: Path | None = None, seed: int | None = None,
              world_map_path: str | None = None, thinking: Mapping[str, str] | None = None,
              settings: RecorderSettings = RecorderSettings()) -> Recorder:
        """Record ``simulation`` from its step now into a new recording ``target``: a name (in
        ``recordings_dir``, default the per-user one) or a file. ``parent`` is where a fork's earlier
        steps are (kept as lineage). An existing recording of that name is a RecordingError unless
        ``overwrite`` (then it is replaced). Writes the first frame, every memory so far and a keyframe."""
        path = target if isinstance(target, Path) else recording_path(target, recordings_dir)
        check_recordable(simulation)
        if path.exists() and overwrite:
            remove_recording_files(path)
        step_seconds = simulation.clock.step_seconds
        meta = RecordingMeta(
            name=recording_name_of(path), world=simulation.world.name,
            world_map_path=world_map_path if world_map_path is not None else str(simulation.world.source_path),
            scenario=simulation.scenario_name, step_seconds=step_seconds, clock_start=simulation.clock.start,
            first_step=simulation.clock.step_index, seed=seed,
            residents=tuple(ResidentIdentity(r.name, r.persona.sprite, r.persona.portrait)
                            for r in simulation.residents.values()),
            parent=parent, keyframe_interval_steps=max(1, round(settings.keyframe_minutes * 60 / step_seconds)),
            frame_key_steps=max(1, round(settings.frame_key_minutes * 60 / step_seconds)),
            created_at=utc_now(), app_version=current_app_version())
        connection = create_database(path, meta)
        recorder = cls(connection, path, meta, StringInterner(), settings, step_seconds)
        try:
            parent_path = path.parent / f"{parent.name}{RECORDING_SUFFIX}" if parent is not None else None
            copied = parent_path is not None and _attach_parent_with_memories(connection, parent_path, simulation)
            try:
                recorder._begin(simulation, thinking or {}, new=True, from_parent=copied)
            finally:
                if copied:
                    connection.execute("DETACH DATABASE parent")
        except BaseException:
            connection.close()
            remove_recording_files(path)
            raise
        log.info("recording %s from step %d into %s", meta.name, meta.first_step, path)
        return recorder

    @classmethod
    def go_on(cls, simulation: Simulation, name: str, *, recordings_dir: Path | None = None, seed: int | None = None,
              settings: RecorderSettings = RecorderSettings()) -> Recorder:
        """Record a loaded town into recording ``name`` (the one its save slot names): that recording
        itself when it ends exactly where the town is (the run that saved it stopped there), else a
        new recording ``name-2`` (``-3``, ...) that branches from ``name`` at the town's step (the
        recording went on past the save, or is of another timeline, or is gone)."""
        path = recording_path(name, recordings_dir)
        step = simulation.clock.step_index
        reason = "there is no such recording"
        if path.exists():
            try:
                connection, meta = open_for_writing(path)
            except RecordingError as error:
                reason = str(error)
            else:
                reason = _why_not_continued(connection, meta, simulation, path)
                if not reason:
                    recorder = cls(connection, path, meta, StringInterner.loaded(connection), settings,
                                   meta.step_seconds)
                    recorder._begin(simulation, {}, new=False)
                    log.info("recording %s goes on from step %d", name, step)
                    return recorder
                connection.close()
        folder = path.parent
        parent = link_if_recorded(name, step, folder)
        branch = _free_name(name, folder)
        log.info("recording the town into %s (not %s: %s)", branch, name, reason)
        return cls.start(simulation, branch, parent=parent, recordings_dir=folder, seed=seed, settings=settings)

    def _begin(self, simulation: Simulation, thinking: Mapping[str, str], *, new: bool,
               from_parent: bool = False) -> None:
        """The first transaction: what never changes (a new recording), the memories (copied from the
        attached parent recording when ``from_parent``, else from the town), the first frame, a keyframe."""
        connection = self._connection
        step = simulation.clock.step_index
        self._scoring_every = max(1, round(simulation.config.importance_scoring_interval_minutes * 60
                                           / simulation.clock.step_seconds))
        try:
            connection.execute("BEGIN")
            if from_parent:
                _copy_parent_memories(connection, simulation)
                self._interner = StringInterner.loaded(connection)
                self._text = self._interner.id
                self._load_known(connection)
            if new:
                connection.executemany("INSERT INTO statics(name, raw_bytes, body) VALUES (?, ?, ?)",
                                       statics_rows(simulation))
                for index, resident in enumerate(simulation.residents.values()):
                    raw, body = persona_row(resident.persona)
                    connection.execute("INSERT INTO residents(idx, name, sprite, portrait, raw_bytes, persona) "
                                       "VALUES (?, ?, ?, ?, ?, ?)", (index, resident.name, resident.persona.sprite,
                                                                     resident.persona.portrait, raw, body))
            else:
                self._load_known(connection)
            personas = ([r.persona for r in simulation.residents.values()] if new  # as stored just now
                        else self._stored_personas(connection))
            self._keyframes = KeyframeWriter(personas, self._first_seen.__getitem__)
            self.last_step = step
            self._batch_first = step
            frames: list[Any] = [step]
            minds: list[Any] = [step]
            view = view_of(simulation, {}, thinking)
            for index, (resident, resident_view) in enumerate(zip(simulation.residents.values(), view.residents)):
                tracked = self._tracked[index]
                self._frame(index, resident, resident_view, tracked, simulation, step, frames)
                tracked.thinking = resident_view.thinking
                tracked.tile, tracked.frame_action = resident.tile, resident.action
                tracked.awake = resident.action is None or not resident.action.is_sleeping
                tracked.memories = len(resident.memory) if not new or from_parent else 0
                self._mind(index, resident, tracked, step, minds, baseline=True)
                self._memories(index, resident, tracked, step, minds, True)
                tracked.identities = _IDENTITIES(resident)
                tracked.lengths = tuple(map(len, _LENGTHS(resident)))
            self._town(simulation, frames)
            self._frame_rows.append((step, self._full_frame()))
            self._keyframe(simulation)
            self._commit(step)
        except sqlite3.Error as error:
            raise write_error(self.path, error) from error

    def _load_known(self, connection: sqlite3.Connection) -> None:
        """What a recording gone on already holds: its embeddings and conversations (by value)."""
        for index, digest in connection.execute("SELECT id, digest FROM embeddings"):
            self._embedding_ids[bytes(digest)] = index
            self._next_embedding = max(self._next_embedding, index + 1)
        for index, first, second, started, turns in connection.execute(
                "SELECT id, first, second, started, turns FROM conversations"):
            self._conversation_values[(first, second, started, turns)] = index
            self._next_conversation = max(self._next_conversation, index + 1)
        for resident, importance, last_access in connection.execute(
                "SELECT resident, importance, last_access FROM memories ORDER BY resident, memory_id"):
            first_importance, first_access = self._first_seen[resident]
            first_importance.append(importance)
            first_access.append(last_access)

    def _stored_personas(self, connection: sqlite3.Connection) -> list[Any]:
        personas = []
        for index, raw, body in connection.execute("SELECT idx, raw_bytes, persona FROM residents ORDER BY idx"):
            personas.append(unpack_pickle(body, raw, self.path, f"the persona of resident {index}"))
        return personas

    # -- each step ------------------------------------------------------------------------------------

    def on_step_passed(self, driver: StepDriver) -> None:
        """The step driver's hook (``driver.on_step_passed.append(recorder.on_step_passed)``): records
        the step; a recording that fails (a full disk) is logged once and stops, the town goes on."""
        if self.failure is not None or self._closed:
            return
        try:
            self.after_step(driver.simulation, thinking_by_resident(driver.thinking))
        except RecordingError as error:
            self.failure = str(error)
            log.error("recording stopped: %s", error)
            self._abandon()

    def after_step(self, simulation: Simulation, thinking: Mapping[str, str] | None = None) -> None:
        """Record the step the simulation has just passed (``thinking``: resident -> the kinds of
        model work in flight, in words). Nothing happens for the step recorded last."""
        if self._closed:
            raise RecordingError(self.path, "the recorder is closed", "start a new recorder to go on recording")
        step = simulation.clock.step_index
        if step == self.last_step:
            return
        if step < self.last_step:
            raise RecordingError(self.path, f"the town is at step {step}, before the step recorded last "
                                            f"({self.last_step})", "a recording follows one timeline; start a new one")
        if self._batch_first is None:
            self._batch_first = step
        keyframe = step % self._keyframe_steps == 0
        commit = keyframe or ((step - self._batch_first + 1 >= self._commit_steps or step % self._commit_steps == 0)
                              and time.monotonic() - self._committed_at >= self._commit_seconds)
        # the memories' importance and last access are compared when something shows the resident
        # may have recalled or scored (see _recalled), and for everyone at each commit
        check_all = commit or (step - 1) % self._scoring_every == 0
        previous_now = simulation.clock.start + timedelta(seconds=(step - 1) * simulation.clock.step_seconds)
        frames: list[Any] = [step]
        minds: list[Any] = [step]
        no_thinking = not thinking
        for index, (name, resident), tracked in zip(range(len(self._tracked)), simulation.residents.items(),
                                                    self._tracked):
            identities = _IDENTITIES(resident)  # (action, currently, daily plan, schedule)
            lengths = tuple(map(len, _LENGTHS(resident)))
            now_thinking = "" if no_thinking else thinking.get(name, "")  # type: ignore[union-attr]
            action = identities[0]
            tile = resident.tile
            # a frame changes only with the tile, the action or the thinking, or while a chat's lines show
            if (action is tracked.frame_action and now_thinking == tracked.thinking
                    and (action is None or not action.chat_with)):
                if tile is not tracked.tile:  # walking on: only the tile changes
                    recorded = tracked.frame[TILE]
                    if tile[0] != recorded[0] or tile[1] != recorded[1]:
                        tracked.frame[TILE] = recorded = [tile[0], tile[1]]
                        frames += (index, TILE, recorded)
                    tracked.tile = tile
            else:
                resident_view = resident_frame(simulation, resident, tile, now_thinking)
                if resident_view != tracked.view:
                    self._frame(index, resident, resident_view, tracked, simulation, step, frames)
                if action is not tracked.frame_action:
                    tracked.awake = action is None or not action.is_sleeping
                tracked.tile, tracked.frame_action, tracked.thinking = resident.tile, action, now_thinking
            changed = identities != tracked.identities or lengths != tracked.lengths
            if changed or check_all:
                self._mind(index, resident, tracked, step, minds, baseline=False)
                tracked.identities, tracked.lengths = identities, lengths
            if changed or check_all or (tracked.awake and previous_now in resident.last_considered_at.values()):
                self._memories(index, resident, tracked, step, minds, False)
        self._town(simulation, frames)
        if len(frames) > 1:
            self._batch_frames.append(frames)
        if len(minds) > 1:
            self._batch_minds.append(minds)
        self.last_step = step
        if step % self._frame_key_steps == 0:
            self._frame_rows.append((step, self._full_frame()))
        if keyframe:
            self._keyframe(simulation)
        if commit:
            self._commit(step)

    def _frame(self, index: int, resident: Resident, view: ResidentView, tracked: _Tracked,
               simulation: Simulation, step: int, out: list[Any]) -> None:
        old, frame, text = tracked.view, tracked.frame, self._text
        if old is None or view.tile[0] != frame[TILE][0] or view.tile[1] != frame[TILE][1]:
            frame[TILE] = tile = [view.tile[0], view.tile[1]]
            out += (index, TILE, tile)
        for field, value, before in ((ACTIVITY, view.activity, old.activity if old else None),
                                     (EMOJI, view.emoji, old.emoji if old else None),
                                     (ADDRESS, view.address, old.address if old else None),
                                     (CHAT_WITH, view.chat_with, old.chat_with if old else None),
                                     (THINKING, view.thinking, old.thinking if old else None)):
            if value != before:
                frame[field] = text_id = text(value)
                out += (index, field, text_id)
        if old is None or view.chat != old.chat:
            chat = _NO_CHAT
            if view.chat:
                conversation, shown = chat_now(simulation, resident)
                if conversation is not None:
                    chat = [self._conversation(conversation, step), shown]
            frame[CHAT] = chat
            out += (index, CHAT, chat)
        tracked.view = view

    def _town(self, simulation: Simulation, out: list[Any]) -> None:
        count = len(simulation.incidents)
        if count != self._town_frame[INCIDENTS]:
            self._town_frame[INCIDENTS] = count
            self._town_frame[LAST_INCIDENT] = self._text(incident_text(simulation))
            out += (TOWN_WHO, INCIDENTS, count, TOWN_WHO, LAST_INCIDENT, self._town_frame[LAST_INCIDENT])

    def _full_frame(self) -> bytes:
        return pack_json({"r": [t.frame for t in self._tracked], "t": self._town_frame})

    def _mind(self, index: int, resident: Resident, tracked: _Tracked, step: int, out: list[Any], *,
              baseline: bool) -> None:
        """Mind events of one resident since the last step (at the start, ``baseline``: take the
        state as recorded, emitting nothing but the memories not recorded yet)."""
        text = self._text
        if resident.currently is not tracked.currently:
            tracked.currently = resident.currently
            if not baseline:
                out += (index, "cur", text(resident.currently))
        if resident.daily_plan is not tracked.plan:
            tracked.plan = resident.daily_plan
            if not baseline:
                out += (index, "plan", [text(item) for item in resident.daily_plan])
        if resident.schedule is not tracked.schedule:
            tracked.schedule = resident.schedule
            if not baseline:
                out += (index, "sched", [[b.start_hour, b.end_hour, text(b.activity)] for b in resident.schedule])
        if resident.action is not tracked.action:
            tracked.action = resident.action
            if not baseline:
                out += (index, "act", action_value(resident.action, text))
        items = resident.action_log
        if len(items) != tracked.log_len or (items and items[-1] is not tracked.log_last):
            start = _tail_start(items, tracked.log_len, tracked.log_last)
            if not baseline:
                out += (index, "log", [start, [[text(when.isoformat()), text(what), text(where), text(parent)]
                                              for when, what, where, parent in items[start:]]])
            tracked.log_len, tracked.log_last = len(items), items[-1] if items else None
        conversations = resident.conversations
        conversations_changed = False
        if len(conversations) != tracked.conv_len or (conversations and conversations[-1] is not tracked.conv_last):
            start = _tail_start(conversations, tracked.conv_len, tracked.conv_last)
            ids = [self._conversation(c, step) for c in conversations[start:]]
            if not baseline:
                out += (index, "conv", [start, ids])
            tracked.conv_len, tracked.conv_last = len(conversations), conversations[-1] if conversations else None
            conversations_changed = True
        transcript = resident.interview_transcript
        if len(transcript) != tracked.intv_len or (transcript and transcript[-1] is not tracked.intv_last):
            start = _tail_start(transcript, tracked.intv_len, tracked.intv_last)
            if not baseline:
                out += (index, "intv", [start, [[text(s), text(t)] for s, t in transcript[start:]]])
            tracked.intv_len, tracked.intv_last = len(transcript), transcript[-1] if transcript else None
        if conversations_changed or len(resident.last_chat_at) != tracked.chat_at:
            tracked.chat_at = len(resident.last_chat_at)
            if not baseline:
                out += (index, "chat", [[text(n), text(w.isoformat())] for n, w in resident.last_chat_at.items()])
        pending = resident.pending_actions
        count = len(pending)
        if (count != tracked.pending_len or len(resident.place_cache) != tracked.pending_cache
                or (count and (pending[0] is not tracked.pending_first or pending[-1] is not tracked.pending_last))):
            tracked.pending_len, tracked.pending_cache = count, len(resident.place_cache)
            tracked.pending_first, tracked.pending_last = (pending[0], pending[-1]) if count else (None, None)
            if not baseline:
                out += (index, "pend", [_planned(p, resident, text) for p in pending])

    def _memories(self, index: int, resident: Resident, tracked: _Tracked, step: int, out: list[Any],
                  baseline: bool) -> None:
        stream = resident.memory
        count = len(stream)
        known = tracked.memories
        _, all_importance, all_access = stream.capacity_arrays()
        importance, last_access = all_importance[:count], all_access[:count]
        imp_bytes, acc_bytes = importance.tobytes(), last_access.tobytes()
        if count == known and imp_bytes == tracked.imp and acc_bytes == tracked.acc:
            return  # the usual step: nothing remembered, scored or recalled
        if not baseline and known:
            if imp_bytes[: known * 8] != tracked.imp:
                changed = np.flatnonzero(importance[:known] != np.frombuffer(tracked.imp, dtype=np.float64))
                out += (index, "imp", [[i, int(importance[i])] for i in changed.tolist()])
            if acc_bytes[: known * 8] != tracked.acc:
                changed = np.flatnonzero(last_access[:known] != np.frombuffer(tracked.acc, dtype=np.float64))
                groups: dict[float, list[int]] = {}
                for i, hours in zip(changed.tolist(), last_access[changed].tolist()):
                    groups.setdefault(hours, []).append(i)
                out += (index, "acc", [[hours, ids] for hours, ids in groups.items()])
        if count > known:
            self._new_memories(index, stream, known, count, step, importance, last_access)
        tracked.memories = count
        tracked.imp, tracked.acc = imp_bytes, acc_bytes

    def _new_memories(self, index: int, stream: Any, known: int, count: int, step: int, importance: Any,
                      last_access: Any) -> None:
        """Rows for memories ``known`` to ``count`` of a stream (their embeddings stored once each)."""
        text = self._text
        row_bytes = stream.embedding_dimension * 4
        vectors = np.ascontiguousarray(stream.embeddings[known:count], dtype="<f4").tobytes()
        first_importance, first_access = self._first_seen[index]
        accesses = last_access[known:count].tolist()
        for offset, memory_id in enumerate(range(known, count)):
            record = stream[memory_id]
            vector = vectors[offset * row_bytes:(offset + 1) * row_bytes]
            digest = hashlib.blake2b(vector, digest_size=16).digest()
            embedding = self._embedding_ids.get(digest)
            if embedding is None:
                embedding = self._embedding_ids[digest] = self._next_embedding
                self._next_embedding += 1
                self._embedding_rows.append((embedding, digest, vector))
            evidence = ",".join(map(str, record.evidence_ids)) if record.evidence_ids else ""
            created = self._time_ids.get(record.created_at)
            if created is None:
                created = self._time_ids[record.created_at] = text(record.created_at.isoformat())
                if len(self._time_ids) > 4096:
                    self._time_ids.clear()
            self._memory_rows.append((
                index, memory_id, step, record.kind.value, text(record.description),
                created, record.importance, text(record.subject),
                text(record.predicate), text(record.object), evidence, embedding, accesses[offset]))
            first_importance.append(record.importance)
            first_access.append(accesses[offset])

    def _conversation(self, conversation: Conversation, step: int) -> int:
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
            self._conversation_rows.append((index, step, first, second, started, turns))
        self._conversation_ids[id(conversation)] = (conversation, index)
        return index

    # -- writing --------------------------------------------------------------------------------------

    def _keyframe(self, simulation: Simulation) -> None:
        self._keyframe_rows.append(self._keyframes.rows(simulation, self._names))
        self.last_keyframe_step = simulation.clock.step_index

    def _commit(self, step: int) -> None:
        """Write everything buffered in one transaction, the progress last."""
        connection = self._connection
        try:
            if not connection.in_transaction:
                connection.execute("BEGIN")
            new_texts = self._interner.take_new()
            if new_texts:
                connection.executemany("INSERT INTO strings(id, text) VALUES (?, ?)", new_texts)
            if self._embedding_rows:
                connection.executemany("INSERT INTO embeddings(id, digest, vector) VALUES (?, ?, ?)",
                                       self._embedding_rows)
            if self._memory_rows:
                connection.executemany(
                    "INSERT INTO memories(resident, memory_id, step, kind, description, created, importance, subject, "
                    "predicate, object, evidence, embedding, last_access) VALUES "
                    "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", self._memory_rows)
            if self._conversation_rows:
                connection.executemany("INSERT INTO conversations(id, step, first, second, started, turns) "
                                       "VALUES (?, ?, ?, ?, ?, ?)", self._conversation_rows)
            if self._batch_first is not None and (self._batch_frames or self._batch_minds):
                connection.execute("INSERT OR REPLACE INTO step_batches(last_step, first_step, frame_changes, "
                                   "mind_events) VALUES (?, ?, ?, ?)",
                                   (step, self._batch_first, pack_json(self._batch_frames, BATCH_LEVEL),
                                    pack_json(self._batch_minds, BATCH_LEVEL)))
            if self._frame_rows:
                connection.executemany("INSERT OR REPLACE INTO frames(step, body) VALUES (?, ?)", self._frame_rows)
            for rows in self._keyframe_rows:
                _write_keyframe(connection, rows)
            connection.execute("UPDATE progress SET last_step = ? WHERE id = 0", (step,))
            connection.execute("COMMIT")
            self.committed_step = step
            self._committed_at = time.monotonic()
        except sqlite3.Error as error:
            if connection.in_transaction:
                connection.execute("ROLLBACK")
            raise write_error(self.path, error) from error
        self._embedding_rows, self._memory_rows, self._conversation_rows = [], [], []
        self._batch_frames, self._batch_minds, self._frame_rows, self._keyframe_rows = [], [], [], []
        self._batch_first = None

    def flush(self) -> None:
        """Commit what is buffered now (a save, say, wants the recording to have got this far)."""
        if self._closed or self.failure is not None:
            return
        if self._batch_first is not None:
            self._commit(self.last_step)

    def close(self, simulation: Simulation | None = None) -> None:
        """Commit what is buffered and close the file; with ``simulation`` (at the step recorded
        last), a keyframe is written there first, so the recording can be forked at its very end."""
        if self._closed:
            return
        try:
            if self.failure is None:
                if (simulation is not None and simulation.clock.step_index == self.last_step
                        and self.last_keyframe_step != self.last_step):
                    self._keyframe(simulation)
                    self._batch_first = self.last_step if self._batch_first is None else self._batch_first
                self.flush()
        finally:
            self._closed = True
            self._connection.close()

    def _abandon(self) -> None:
        self._closed = True
        try:
            self._connection.close()
        except sqlite3.Error:
            log.exception("closing the failed recording %s", self.path)

    @property
    def link(self) -> RecordingLink:
        """This recording at the step recorded last (what a save slot taken now points at)."""
        return RecordingLink(self.name, self.last_step)


# -- helpers ------------------------------------------------------------------------------------------


def _tail_start(items: list[Any], known: int, last: object) -> int:
    """Where the items new since the last look begin: ``known`` when the list only grew, else 0."""
    if len(items) >= known and (known == 0 or items[known - 1] is last):
        return known
    return 0


def _planned(planned: Any, resident: Resident, text: Any) -> list[Any]:
    placement = resident.place_cache.get((planned.description, planned.parent_activity))
    placed = None if placement is None else [text(placement.sector), text(placement.arena),  # type: ignore[attr-defined]
                                             text(placement.game_object)]  # type: ignore[attr-defined]
    return [text(planned.description), planned.duration_minutes, text(planned.parent_activity), placed]


def _write_keyframe(connection: sqlite3.Connection, rows: KeyframeRows) -> None:
    step = rows.step
    for table in ("keyframes", "keyframe_residents", "keyframe_parts"):
        connection.execute(f"DELETE FROM {table} WHERE step = ?", (step,))
    connection.execute("INSERT INTO keyframes(step, raw_bytes, town) VALUES (?, ?, ?)", rows.town)
    connection.executemany("INSERT INTO keyframe_residents(step, resident, raw_bytes, body, memories, capacity, "
                           "dimension, epoch, arrays_base, arrays) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows.residents)
    connection.executemany("INSERT INTO keyframe_parts(step, owner, raw_bytes, body) VALUES (?, ?, ?, ?)", rows.parts)


def _why_not_continued(connection: sqlite3.Connection, meta: RecordingMeta, simulation: Simulation,
                       path: Path) -> str:
    """"" when the recording can go on with ``simulation``, else why not."""
    if (meta.world, meta.scenario, meta.step_seconds) != (simulation.world.name, simulation.scenario_name,
                                                          simulation.clock.step_seconds):
        return "it is of another world, scenario or step length"
    if meta.resident_names() != tuple(simulation.residents):
        return "it is of other residents"
    if not meta.has_minds:
        return "it is an imported run"
    last = read_last_step(connection, path)
    if last != simulation.clock.step_index:
        return f"it ends at step {last}, the town is at step {simulation.clock.step_index}"
    counts = dict(connection.execute("SELECT resident, COUNT(*) FROM memories GROUP BY resident").fetchall())
    for index, resident in enumerate(simulation.residents.values()):
        if counts.get(index, 0) != len(resident.memory):
            return f"{resident.name} remembers {len(resident.memory)} things there, {counts.get(index, 0)} recorded"
    return ""


def _attach_parent_with_memories(connection: sqlite3.Connection, parent_path: Path, simulation: Simulation) -> bool:
    """Attach the parent recording (as ``parent``) when it holds this town's memories so far (a
    fork's: then they are copied from it, not encoded again); False (nothing attached) otherwise."""
    if not parent_path.is_file():
        return False
    try:
        connection.execute("ATTACH DATABASE ? AS parent", (str(parent_path),))
    except sqlite3.Error as error:
        log.warning("the parent recording %s cannot be attached (%s); the memories are recorded anew", parent_path, error)
        return False
    try:
        row = connection.execute("SELECT value FROM parent.meta WHERE key = 'meta'").fetchone()
        meta = RecordingMeta.from_json(row[0], parent_path) if row else None
        same = (meta is not None and meta.has_minds and meta.world == simulation.world.name
                and meta.scenario == simulation.scenario_name and meta.resident_names() == tuple(simulation.residents))
        for index, resident in enumerate(simulation.residents.values()) if same else ():
            count = len(resident.memory)
            if not count:
                continue
            last = resident.memory[count - 1]
            found = connection.execute(
                "SELECT d.text, c.text FROM parent.memories AS m JOIN parent.strings AS d ON d.id = m.description "
                "JOIN parent.strings AS c ON c.id = m.created WHERE m.resident = ? AND m.memory_id = ?",
                (index, count - 1)).fetchone()
            if found != (last.description, last.created_at.isoformat()):
                same = False
                break
    except (sqlite3.Error, RecordingError) as error:
        log.warning("the parent recording %s cannot be read (%s); the memories are recorded anew", parent_path, error)
        same = False
    if not same:
        connection.execute("DETACH DATABASE parent")
    return same


def _copy_parent_memories(connection: sqlite3.Connection, simulation: Simulation) -> None:
    """Copy from the attached parent the texts, the memories the town has so far, their embeddings
    and the conversations (in the transaction open)."""
    connection.execute("INSERT INTO strings SELECT * FROM parent.strings")
    for index, resident in enumerate(simulation.residents.values()):
        connection.execute("INSERT INTO memories SELECT * FROM parent.memories WHERE resident = ? AND memory_id < ?",
                           (index, len(resident.memory)))
    connection.execute("INSERT INTO embeddings SELECT * FROM parent.embeddings WHERE id IN "
                       "(SELECT DISTINCT embedding FROM main.memories)")
    connection.execute("INSERT INTO conversations SELECT * FROM parent.conversations WHERE step <= ?",
                       (simulation.clock.step_index,))


def link_if_recorded(name: str, step: int, recordings_dir: Path | None = None) -> RecordingLink | None:
    """A link to step ``step`` of recording ``name`` when that recording exists and reaches that step
    (a fork's parent), else None."""
    path = recording_path(name, recordings_dir)
    if not path.exists():
        return None
    try:
        connection = open_for_reading(path)
        try:
            meta, last = read_meta(connection, path), read_last_step(connection, path)
        finally:
            connection.close()
    except RecordingError as error:
        log.warning("not linking to recording %s: %s", name, error)
        return None
    first = meta.first_step if meta.parent is None else 0
    return RecordingLink(name, step) if first <= step <= last else None


def _free_name(name: str, folder: Path) -> str:
    stem = name[:60]
    number = 2
    while recording_path(f"{stem}-{number}", folder).exists():
        number += 1
    return f"{stem}-{number}"
