"""What a recording stores per step, and how a reader applies it: the frame fields and the mind events.

**Frames.** Each resident's frame is a list of seven fields (:data:`TILE` ... :data:`THINKING`):
the tile ``[x, y]``; the ids (see :mod:`agents.persistence.recording_strings`) of the action's
description, its emoji, its address and the chat partner; the chat ``[conversation id, lines
shown]`` (``[0, 0]`` when none); the id of the thinking text. The town has two (:data:`INCIDENTS`,
:data:`LAST_INCIDENT`). A full frame (``frames`` table) is ``{"r": [fields per resident], "t":
[town fields]}``; a step's changes are a flat list ``[step, who, field, value, who, field, value,
...]`` (``who`` -1 for the town).

**Mind events** of a step are a flat list ``[step, who, kind, value, ...]``; the kinds, and what
they set on the resident (:func:`apply_mind_event`):

========== ==================================================================================
``cur``    ``currently`` (a text id)
``plan``   the daily plan (text ids)
``sched``  the hourly schedule, ``[[start hour, end hour, activity id], ...]``
``act``    the action (:func:`action_value`), or null
``log``    ``[from, [[start id, description id, address id, parent id], ...]]``: the action log
           from index ``from`` on (``from`` 0 when it did not just grow)
``pend``   the planned actions ``[[description id, minutes, parent id, [sector, arena, object
           ids] or null], ...]`` with where each is placed already
``conv``   ``[from, [conversation ids]]``: the conversations from index ``from`` on
``intv``   ``[from, [[speaker id, text id], ...]]``: the interview transcript from ``from`` on
``chat``   ``[[name id, time id], ...]``: when they last talked with whom
``imp``    ``[[memory id, importance], ...]``: importance scored since
``acc``    ``[[last-access hours, [memory ids]], ...]``: memories accessed since
========== ==================================================================================

New memories are rows of the ``memories`` table (with the step they were first seen), not events.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from agents.cognition.plan import Placement
from agents.cognition.resident import Action, Conversation, PlannedAction, Resident, ScheduleBlock

TILE, ACTIVITY, EMOJI, ADDRESS, CHAT_WITH, CHAT, THINKING = range(7)
FIELDS = 7
INCIDENTS, LAST_INCIDENT = range(2)
TOWN_WHO = -1

Texts = Callable[[int], str]
Times = Callable[[int], datetime]


def action_value(action: Action | None, text_id: Callable[[str], int]) -> list[Any] | None:
    """An action as a mind event's value: text ids, and the minutes as they are."""
    if action is None:
        return None
    event = action.event
    return [text_id(action.description), text_id(action.parent_activity), text_id(action.start.isoformat()),
            action.duration_minutes, text_id(action.address), text_id(action.emoji), text_id(event[0]),
            text_id(event[1]), text_id(event[2]), text_id(action.object_state), text_id(action.chat_with)]


def action_of(value: Sequence[Any], text: Texts, time: Times) -> Action:
    description, parent, start, minutes, address, emoji, event_0, event_1, event_2, state, chat_with = value
    return Action(description=text(description), parent_activity=text(parent), start=time(start),
                  duration_minutes=minutes, address=text(address), emoji=text(emoji),
                  event=(text(event_0), text(event_1), text(event_2)), object_state=text(state),
                  chat_with=text(chat_with))


def apply_mind_event(resident: Resident, kind: str, value: Any, text: Texts, time: Times,
                     conversation: Callable[[int], Conversation]) -> None:
    """Set what mind event ``kind`` says on ``resident`` (a town rebuilt for views: see the module
    docstring). An unknown kind is a KeyError; a malformed value a ValueError/TypeError."""
    if kind == "cur":
        resident.currently = text(value)
    elif kind == "plan":
        resident.daily_plan = tuple(text(item) for item in value)
    elif kind == "sched":
        resident.schedule = tuple(ScheduleBlock(int(start), int(end), text(activity)) for start, end, activity in value)
    elif kind == "act":
        resident.action = None if value is None else action_of(value, text, time)
    elif kind == "log":
        start, items = value
        del resident.action_log[start:]
        resident.action_log.extend((time(when), text(what), text(where), text(parent))
                                   for when, what, where, parent in items)
    elif kind == "pend":
        resident.pending_actions = []
        for description, minutes, parent, placed in value:
            planned = PlannedAction(text(description), int(minutes), text(parent))
            resident.pending_actions.append(planned)
            key = (planned.description, planned.parent_activity)
            if placed is None:
                resident.place_cache.pop(key, None)
            else:
                sector, arena, game_object = (text(part) for part in placed)
                resident.place_cache[key] = Placement(sector, arena, game_object, "", ("", "", ""), "")  # type: ignore[assignment]
    elif kind == "conv":
        start, ids = value
        del resident.conversations[start:]
        resident.conversations.extend(conversation(index) for index in ids)
    elif kind == "intv":
        start, lines = value
        del resident.interview_transcript[start:]
        resident.interview_transcript.extend((text(speaker), text(line)) for speaker, line in lines)
    elif kind == "chat":
        resident.last_chat_at = {text(name): time(when) for name, when in value}
    elif kind == "imp":
        for memory_id, importance in value:
            resident.memory.set_importance(int(memory_id), int(importance))
    elif kind == "acc":
        last_access = resident.memory.capacity_arrays()[2]
        for hours, ids in value:
            last_access[[int(i) for i in ids]] = float(hours)
    else:
        raise KeyError(kind)
