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

import logging
import sqlite3
import time
from collections.abc import Mapping
from dataclasses import dataclass
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from agents.engine.simulation import Simulation
from agents.persistence.recording_events import INCIDENTS, LAST_INCIDENT, TILE, TOWN_WHO
from agents.persistence.recording_keyframes import KeyframeWriter, check_recordable, persona_row, statics_rows
from agents.persistence.recording_lineage import (
    attach_parent_with_memories,
    copy_parent_memories,
    free_branch_name,
    link_if_recorded,
    why_not_continued,
)
from agents.persistence.recording_rows import RecordingRows
from agents.persistence.recording_store import (
    RECORDING_SUFFIX,
    RecordingError,
    RecordingLink,
    RecordingMeta,
    ResidentIdentity,
    create_database,
    open_for_writing,
    pack_json,
    recording_name_of,
    recording_path,
    remove_recording_files,
    unpack_pickle,
    utc_now,
    write_error,
)
from agents.persistence.recording_watch import ResidentWatch, frame_changes, memory_changes, mind_events
from agents.persistence.save_format import current_app_version
from agents.views.resident_view_builder import thinking_by_resident
from agents.views.town_frame import incident_text, resident_frame, view_of

if TYPE_CHECKING:
    from agents.engine.step_driver import StepDriver

__all__ = ["Recorder", "RecorderSettings", "link_if_recorded"]

log = logging.getLogger(__name__)

# what is looked at of every resident every step (see the module docstring)
_STATE = attrgetter("action", "currently", "daily_plan", "schedule", "tile", "last_considered_at", "conversations",
                    "interview_transcript", "memory")


@dataclass(frozen=True)
class RecorderSettings:
    """How often a recording keeps a keyframe, commits, keeps a full frame (game minutes). A commit
    waits for ``commit_min_seconds`` of wall time since the one before: a run going faster than a
    game minute in that time commits twice a second (a crash loses at most that much of it)."""

    keyframe_minutes: float = 60.0
    commit_minutes: float = 1.0
    frame_key_minutes: float = 10.0
    commit_min_seconds: float = 0.5


class Recorder:
    """See the module docstring. Build with :meth:`start` or :meth:`go_on`; one thread only."""

    def __init__(self, connection: sqlite3.Connection, path: Path, meta: RecordingMeta,
                 settings: RecorderSettings) -> None:
        self._connection = connection
        self.path = path
        self.meta = meta
        self.name = meta.name
        self._names = meta.resident_names()
        self._rows = RecordingRows(len(self._names))
        self._commit_steps = max(1, round(settings.commit_minutes * 60 / meta.step_seconds))
        self._commit_seconds = settings.commit_min_seconds
        self._committed_at = time.monotonic()
        self._scoring_every = 1  # steps between scoring steps (as Simulation.scoring_due), set in _begin
        self._keyframe_steps = meta.keyframe_interval_steps
        self._frame_key_steps = meta.frame_key_steps
        self._watches = [ResidentWatch() for _ in self._names]
        self._town_frame: list[Any] = [0, 0]
        self._keyframes = KeyframeWriter([], self._rows.first_seen.__getitem__)
        self._batch_frames: list[list[Any]] = []
        self._batch_minds: list[list[Any]] = []
        self._batch_first: int | None = None
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
              settings: RecorderSettings | None = None) -> Recorder:
        """Record ``simulation`` from its step now into a new recording ``target``: a name (in
        ``recordings_dir``, default the per-user one) or a file. ``parent`` is where a fork's earlier
        steps are (kept as lineage; its memories so far are copied from there when it holds them).
        An existing recording of that name is a RecordingError unless ``overwrite`` (then it is
        replaced). Writes the first frame, every memory so far and a keyframe."""
        settings = settings or RecorderSettings()
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
        recorder = cls(connection, path, meta, settings)
        try:
            parent_path = path.parent / f"{parent.name}{RECORDING_SUFFIX}" if parent is not None else None
            copied = parent_path is not None and attach_parent_with_memories(connection, parent_path, simulation)
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
              settings: RecorderSettings | None = None) -> Recorder:
        """Record a loaded town into recording ``name`` (the one its save slot names): that recording
        itself when it ends exactly where the town is (the run that saved it stopped there), else a
        new recording ``name-2`` (``-3``, ...) that branches from ``name`` at the town's step (the
        recording went on past the save, or is of another timeline, or is gone)."""
        settings = settings or RecorderSettings()
        path = recording_path(name, recordings_dir)
        step = simulation.clock.step_index
        reason = "there is no such recording"
        if path.exists():
            try:
                connection, meta = open_for_writing(path)
            except RecordingError as error:
                reason = str(error)
            else:
                reason = why_not_continued(connection, meta, simulation, path)
                if not reason:
                    recorder = cls(connection, path, meta, settings)
                    recorder._begin(simulation, {}, new=False)
                    log.info("recording %s goes on from step %d", name, step)
                    return recorder
                connection.close()
        folder = path.parent
        parent = link_if_recorded(name, step, folder)
        branch = free_branch_name(name, folder)
        log.info("recording the town into %s (not %s: %s)", branch, name, reason)
        return cls.start(simulation, branch, parent=parent, recordings_dir=folder, seed=seed, settings=settings)

    def _begin(self, simulation: Simulation, thinking: Mapping[str, str], *, new: bool,
               from_parent: bool = False) -> None:
        """The first transaction: what never changes (a new recording), the memories (copied from the
        attached parent recording when ``from_parent``, else from the town), the first frame, a keyframe."""
        connection, rows = self._connection, self._rows
        step = simulation.clock.step_index
        self._scoring_every = max(1, round(simulation.config.importance_scoring_interval_minutes * 60
                                           / simulation.clock.step_seconds))
        try:
            connection.execute("BEGIN")
            if from_parent:
                copy_parent_memories(connection, simulation)
            if from_parent or not new:
                rows.load_known(connection)
            if new:
                connection.executemany("INSERT INTO statics(name, raw_bytes, body) VALUES (?, ?, ?)",
                                       statics_rows(simulation))
                for index, resident in enumerate(simulation.residents.values()):
                    raw, body = persona_row(resident.persona)
                    connection.execute("INSERT INTO residents(idx, name, sprite, portrait, raw_bytes, persona) "
                                       "VALUES (?, ?, ?, ?, ?, ?)", (index, resident.name, resident.persona.sprite,
                                                                     resident.persona.portrait, raw, body))
            personas = ([r.persona for r in simulation.residents.values()] if new  # as stored just now
                        else self._stored_personas(connection))
            self._keyframes = KeyframeWriter(personas, rows.first_seen.__getitem__)
            self.last_step = self._batch_first = step
            changes: list[Any] = [step]  # taken as the full frame below, not as changes
            view = view_of(simulation, {}, thinking)
            for index, (resident, shown, watch) in enumerate(zip(simulation.residents.values(), view.residents,
                                                                 self._watches)):
                frame_changes(rows, index, resident, shown, watch, simulation, step, changes)
                watch.thinking, watch.tile, watch.frame_action = shown.thinking, resident.tile, resident.action
                watch.awake = resident.action is None or not resident.action.is_sleeping
                watch.memories = len(resident.memory) if from_parent or not new else 0
                mind_events(rows, index, resident, watch, step, changes, baseline=True)
                memory_changes(rows, index, resident, watch, step, changes, baseline=True)
            self._town(simulation, changes)
            rows.frame_rows.append((step, self._full_frame()))
            self._keyframe(simulation)
            self._commit(step)
        except sqlite3.Error as error:
            raise write_error(self.path, error) from error

    def _stored_personas(self, connection: sqlite3.Connection) -> list[Any]:
        return [unpack_pickle(body, raw, self.path, f"the persona of resident {index}")
                for index, raw, body in connection.execute("SELECT idx, raw_bytes, persona FROM residents ORDER BY idx")]

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
        check_all = commit or (step - 1) % self._scoring_every == 0  # see the module docstring
        rows = self._rows
        frames: list[Any] = [step]
        minds: list[Any] = [step]
        no_thinking = not thinking
        for index, (name, resident), watch in zip(range(len(self._watches)), simulation.residents.items(),
                                                  self._watches):
            action, currently, plan, schedule, tile, considered, conversations, transcript, memory = _STATE(resident)
            now_thinking = "" if no_thinking else thinking.get(name, "")  # type: ignore[union-attr]
            # a frame changes only with the tile, the action or the thinking, or while a chat's lines show
            if (action is watch.frame_action and now_thinking == watch.thinking
                    and (action is None or not action.chat_with)):
                if tile is not watch.tile:  # walking on: only the tile changes
                    recorded = watch.frame[TILE]
                    if tile[0] != recorded[0] or tile[1] != recorded[1]:
                        watch.frame[TILE] = recorded = [tile[0], tile[1]]
                        frames += (index, TILE, recorded)
                    watch.tile = tile
            else:
                shown = resident_frame(simulation, resident, tile, now_thinking)
                if shown != watch.view:
                    frame_changes(rows, index, resident, shown, watch, simulation, step, frames)
                if action is not watch.frame_action:
                    watch.awake = action is None or not action.is_sleeping
                watch.tile, watch.frame_action, watch.thinking = tile, action, now_thinking
            # the mind: the rest changes with one of these (see the module docstring); mind_events and
            # memory_changes keep them up to date in the watch
            changed = (action is not watch.action or currently is not watch.currently or plan is not watch.plan
                       or schedule is not watch.schedule or len(conversations) != watch.conv_len
                       or len(transcript) != watch.intv_len or len(memory) != watch.memories)
            if changed or check_all:
                mind_events(rows, index, resident, watch, step, minds, baseline=False)
            recall = False
            if watch.awake:  # whom they last considered reacting to, when: compared by identity, cheaply
                values = tuple(considered.values())
                if values != watch.considered:
                    recall, watch.considered = True, values
            if changed or check_all or recall:
                memory_changes(rows, index, resident, watch, step, minds, baseline=False)
        self._town(simulation, frames)
        if len(frames) > 1:
            self._batch_frames.append(frames)
        if len(minds) > 1:
            self._batch_minds.append(minds)
        self.last_step = step
        if step % self._frame_key_steps == 0:
            rows.frame_rows.append((step, self._full_frame()))
        if keyframe:
            self._keyframe(simulation)
        if commit:
            self._commit(step)

    def _town(self, simulation: Simulation, out: list[Any]) -> None:
        count = len(simulation.incidents)
        if count != self._town_frame[INCIDENTS]:
            self._town_frame[INCIDENTS] = count
            self._town_frame[LAST_INCIDENT] = self._rows.text(incident_text(simulation))
            out += (TOWN_WHO, INCIDENTS, count, TOWN_WHO, LAST_INCIDENT, self._town_frame[LAST_INCIDENT])

    def _full_frame(self) -> bytes:
        return pack_json({"r": [watch.frame for watch in self._watches], "t": self._town_frame})

    # -- writing --------------------------------------------------------------------------------------

    def _keyframe(self, simulation: Simulation) -> None:
        self._rows.keyframe_rows.append(self._keyframes.rows(simulation, self._names))
        self.last_keyframe_step = simulation.clock.step_index

    def _commit(self, step: int) -> None:
        """Write everything buffered in one transaction, the progress last."""
        connection = self._connection
        try:
            if not connection.in_transaction:
                connection.execute("BEGIN")
            self._rows.write(connection, step, self._batch_first, self._batch_frames, self._batch_minds)
            connection.execute("UPDATE progress SET last_step = ? WHERE id = 0", (step,))
            connection.execute("COMMIT")
        except sqlite3.Error as error:
            if connection.in_transaction:
                connection.execute("ROLLBACK")
            raise write_error(self.path, error) from error
        self.committed_step = step
        self._committed_at = time.monotonic()
        self._rows.clear()
        self._batch_frames, self._batch_minds, self._batch_first = [], [], None

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
