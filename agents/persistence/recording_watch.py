"""What a recorder last recorded of one resident, and the changes since: frame fields, mind events,
memories (the encodings are in :mod:`agents.persistence.recording_events`).

:class:`ResidentWatch` holds, for one resident, the objects and lengths seen at the last look (so a
change is found by identity and length, cheaply) and their frame as recorded. :func:`frame_changes`,
:func:`mind_events` and :func:`memory_changes` append to a step's flat list of changes what differs
now and bring the watch up to date; new memories, texts and conversations become rows of
:class:`~agents.persistence.recording_rows.RecordingRows`. Which of them the recorder calls when is
:meth:`agents.persistence.recorder.Recorder.after_step`'s business.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from agents.cognition.resident import Resident
from agents.engine.simulation import Simulation
from agents.persistence.recording_events import (
    ACTIVITY,
    ADDRESS,
    CHAT,
    CHAT_WITH,
    EMOJI,
    THINKING,
    TILE,
    action_value,
)
from agents.persistence.recording_rows import RecordingRows
from agents.views.town_frame import ResidentView, chat_now

NO_CHAT = [0, 0]


class ResidentWatch:
    """What was recorded last of one resident (see the module docstring)."""

    __slots__ = ("acc", "action", "awake", "chat_at", "considered", "conv_last", "conv_len", "currently", "frame",
                 "frame_action", "imp", "intv_last", "intv_len", "log_last", "log_len", "memories", "pending_cache",
                 "pending_first", "pending_last", "pending_len", "plan", "schedule", "thinking", "tile", "view")

    def __init__(self) -> None:
        self.view: ResidentView | None = None
        self.frame: list[Any] = [[0, 0], 0, 0, 0, 0, NO_CHAT, 0]  # the frame fields as recorded
        self.thinking = ""
        self.tile: object = None  # the tile and action of the last frame (by identity)
        self.frame_action: object = None
        self.awake = True  # not sleeping: may consider reacting to someone (and recall)
        self.considered: tuple[object, ...] = ()  # the values of last_considered_at at the last look
        self.currently: object = None
        self.plan: object = None
        self.schedule: object = None
        self.action: object = None
        self.log_len, self.log_last = 0, None
        self.conv_len, self.conv_last = 0, None
        self.intv_len, self.intv_last = 0, None
        self.pending_len, self.pending_first, self.pending_last, self.pending_cache = -1, None, None, -1
        self.chat_at = 0
        self.memories = 0  # how many memories are recorded
        self.imp = b""  # the importance and last-access rows at the last look (bytes)
        self.acc = b""


def frame_changes(rows: RecordingRows, index: int, resident: Resident, view: ResidentView, watch: ResidentWatch,
                  simulation: Simulation, step: int, out: list[Any]) -> None:
    """The frame fields of ``view`` that differ from those recorded (all of them the first time)."""
    old, frame, text = watch.view, watch.frame, rows.text
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
        chat = NO_CHAT
        if view.chat:
            conversation, shown = chat_now(simulation, resident)
            if conversation is not None:
                chat = [rows.conversation(conversation, step), shown]
        frame[CHAT] = chat
        out += (index, CHAT, chat)
    watch.view = view


def mind_events(rows: RecordingRows, index: int, resident: Resident, watch: ResidentWatch, step: int,
                out: list[Any], *, baseline: bool) -> None:
    """The mind events of one resident since the last look (``baseline``: take the state as it is,
    emitting nothing: the start of a recording, whose keyframe holds it)."""
    text = rows.text
    if resident.currently is not watch.currently:
        watch.currently = resident.currently
        if not baseline:
            out += (index, "cur", text(resident.currently))
    if resident.daily_plan is not watch.plan:
        watch.plan = resident.daily_plan
        if not baseline:
            out += (index, "plan", [text(item) for item in resident.daily_plan])
    if resident.schedule is not watch.schedule:
        watch.schedule = resident.schedule
        if not baseline:
            out += (index, "sched", [[b.start_hour, b.end_hour, text(b.activity)] for b in resident.schedule])
    if resident.action is not watch.action:
        watch.action = resident.action
        if not baseline:
            out += (index, "act", action_value(resident.action, text))
    items = resident.action_log
    if len(items) != watch.log_len or (items and items[-1] is not watch.log_last):
        start = _tail_start(items, watch.log_len, watch.log_last)
        if not baseline:
            out += (index, "log", [start, [[text(when.isoformat()), text(what), text(where), text(parent)]
                                          for when, what, where, parent in items[start:]]])
        watch.log_len, watch.log_last = len(items), items[-1] if items else None
    conversations = resident.conversations
    conversations_changed = False
    if len(conversations) != watch.conv_len or (conversations and conversations[-1] is not watch.conv_last):
        start = _tail_start(conversations, watch.conv_len, watch.conv_last)
        ids = [rows.conversation(c, step) for c in conversations[start:]]
        if not baseline:
            out += (index, "conv", [start, ids])
        watch.conv_len, watch.conv_last = len(conversations), conversations[-1] if conversations else None
        conversations_changed = True
    transcript = resident.interview_transcript
    if len(transcript) != watch.intv_len or (transcript and transcript[-1] is not watch.intv_last):
        start = _tail_start(transcript, watch.intv_len, watch.intv_last)
        if not baseline:
            out += (index, "intv", [start, [[text(s), text(t)] for s, t in transcript[start:]]])
        watch.intv_len, watch.intv_last = len(transcript), transcript[-1] if transcript else None
    if conversations_changed or len(resident.last_chat_at) != watch.chat_at:
        watch.chat_at = len(resident.last_chat_at)
        if not baseline:
            out += (index, "chat", [[text(n), text(w.isoformat())] for n, w in resident.last_chat_at.items()])
    pending = resident.pending_actions
    count = len(pending)
    if (count != watch.pending_len or len(resident.place_cache) != watch.pending_cache
            or (count and (pending[0] is not watch.pending_first or pending[-1] is not watch.pending_last))):
        watch.pending_len, watch.pending_cache = count, len(resident.place_cache)
        watch.pending_first, watch.pending_last = (pending[0], pending[-1]) if count else (None, None)
        if not baseline:
            out += (index, "pend", [_planned(p, resident, text) for p in pending])


def memory_changes(rows: RecordingRows, index: int, resident: Resident, watch: ResidentWatch, step: int,
                   out: list[Any], *, baseline: bool) -> None:
    """New memories (rows) and the importance and last access that changed since the last look
    (events), found by comparing the live rows' bytes."""
    stream = resident.memory
    count = len(stream)
    known = watch.memories
    _, all_importance, all_access = stream.capacity_arrays()
    importance, last_access = all_importance[:count], all_access[:count]
    imp_bytes, acc_bytes = importance.tobytes(), last_access.tobytes()
    if count == known and imp_bytes == watch.imp and acc_bytes == watch.acc:
        return  # the usual step: nothing remembered, scored or recalled
    if not baseline and known:
        if imp_bytes[: known * 8] != watch.imp:
            changed = np.flatnonzero(importance[:known] != np.frombuffer(watch.imp, dtype=np.float64))
            out += (index, "imp", [[i, int(importance[i])] for i in changed.tolist()])
        if acc_bytes[: known * 8] != watch.acc:
            changed = np.flatnonzero(last_access[:known] != np.frombuffer(watch.acc, dtype=np.float64))
            groups: dict[float, list[int]] = {}
            for i, hours in zip(changed.tolist(), last_access[changed].tolist()):
                groups.setdefault(hours, []).append(i)
            out += (index, "acc", [[hours, ids] for hours, ids in groups.items()])
    if count > known:
        rows.new_memories(index, stream, known, count, step, last_access)
    watch.memories = count
    watch.imp, watch.acc = imp_bytes, acc_bytes


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
