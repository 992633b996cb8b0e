"""Builds the frozen resident views (:mod:`agents.views.resident_view`) from the live simulation.

Call on the thread that owns the simulation (the main thread), between or during steps: it only
reads. :func:`resident_detail_view` is cheap enough to call several times a second for a resident
with thousands of memories: memory views are kept in a :class:`MemoryViewCache` (outside the
simulation, keyed weakly by the memory stream) and only memories that are new, or whose importance
or last access changed (found with one numpy comparison), are made again; the ``memories`` and
``reflections`` tuples are reused unchanged while nothing in them changed.

A conversation "under way" is the resident's current chat (``action.chat_with`` while the action
lasts). Its lines are those of the resident's latest conversation with that partner begun at or after
the chat began, once the dialogue is known; they are revealed progressively by elapsed game time:
from when the dialogue became known (the chat's end minus its length in lines,
:func:`agents.cognition.converse.chat_minutes`) to the chat's end, the first line at once and the
last by the end. Until the dialogue is known it has no lines.
"""

from __future__ import annotations

import math
import weakref
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import numpy as np
import numpy.typing as npt

from agents.cognition.converse import chat_minutes
from agents.cognition.plan import block_bounds
from agents.cognition.resident import Action, Conversation, Resident
from agents.cognition.whisper import WHISPERED
from agents.engine.simulation import Simulation
from agents.memory.records import MemoryKind, MemoryRecord
from agents.memory.stream import MemoryStream
from agents.views.resident_view import (
    ActionView,
    ConversationView,
    InterviewView,
    MemoryView,
    PlanStepView,
    ReflectionView,
    RelationshipView,
    ResidentDetailView,
    ResidentSummaryView,
    ScheduleItemView,
)
from agents.world.address import split_address

_REFLECTION = MemoryKind.REFLECTION.value
OPINION_KINDS = (MemoryKind.REFLECTION, MemoryKind.THOUGHT, MemoryKind.DIALOGUE)  # in order of preference


@dataclass
class _StreamViews:
    """The memory views of one stream, in id order, and what they were made from."""

    views: list[MemoryView] = field(default_factory=list)
    importance: npt.NDArray[np.float64] = field(default_factory=lambda: np.zeros(0))
    last_access_hours: npt.NDArray[np.float64] = field(default_factory=lambda: np.zeros(0))
    generation: int = 0
    newest_first: tuple[MemoryView, ...] = ()
    reflections: tuple[ReflectionView, ...] = ()  # newest first
    reflection_ids: list[int] = field(default_factory=list)  # ids of the reflections, oldest first
    reflection_views: list[ReflectionView] = field(default_factory=list)  # in step with reflection_ids
    reflection_at: dict[int, int] = field(default_factory=dict)  # reflection id -> its index there
    cited_by: dict[int, list[int]] = field(default_factory=dict)  # memory id -> reflections citing it
    relationships_key: tuple | None = None
    relationships: tuple[RelationshipView, ...] = ()
    mentions: dict[str, list[str]] = field(default_factory=dict)  # name -> newest description per opinion kind
    mentions_scanned: dict[str, int] = field(default_factory=dict)  # name -> memories read for it so far


class MemoryViewCache:
    """Memory views per stream, reused between builds (see the module docstring). Main thread only."""

    def __init__(self) -> None:
        self._streams: weakref.WeakKeyDictionary[MemoryStream, _StreamViews] = weakref.WeakKeyDictionary()

    def of(self, stream: MemoryStream) -> _StreamViews:
        """The stream's views, brought up to date."""
        entry = self._streams.get(stream)
        if entry is None or len(entry.views) > len(stream):
            entry = self._streams[stream] = _StreamViews()
        _update(entry, stream)
        return entry


_DEFAULT_CACHE = MemoryViewCache()


def _update(entry: _StreamViews, stream: MemoryStream) -> None:
    known, count = len(entry.views), len(stream)
    importance, last_access = stream.importance, stream.last_access_hours
    changed = np.flatnonzero((entry.importance[:known] != importance[:known])
                             | (entry.last_access_hours[:known] != last_access[:known]))
    if not changed.size and count == known:
        return
    redo = np.concatenate([changed, np.arange(known, count)])
    made = _memory_views(stream, redo, last_access)
    entry.views.extend(made[changed.size:])
    for memory_id, view in zip(changed.tolist(), made[:changed.size]):
        entry.views[memory_id] = view
    entry.importance, entry.last_access_hours = importance.copy(), last_access.copy()
    entry.generation += 1
    entry.newest_first = tuple(reversed(entry.views))
    _update_reflections(entry, redo.tolist())
    entry.relationships_key = None


def _update_reflections(entry: _StreamViews, redone: list[int]) -> None:
    """Make again the reflection views whose memory or evidence was just made again."""
    views = entry.views
    stale: set[int] = set()
    for memory_id in redone:
        view = views[memory_id]
        if view.kind == _REFLECTION and memory_id not in entry.reflection_at:
            entry.reflection_at[memory_id] = len(entry.reflection_ids)
            entry.reflection_ids.append(memory_id)
            entry.reflection_views.append(ReflectionView(view, ()))
            for cited in view.evidence_ids:
                entry.cited_by.setdefault(cited, []).append(memory_id)
        if memory_id in entry.reflection_at:
            stale.add(memory_id)
        stale.update(entry.cited_by.get(memory_id, ()))
    for memory_id in stale:
        view = views[memory_id]
        entry.reflection_views[entry.reflection_at[memory_id]] = ReflectionView(
            view, tuple(views[i] for i in view.evidence_ids if 0 <= i < len(views)))
    if stale:
        entry.reflections = tuple(reversed(entry.reflection_views))


def _memory_views(stream: MemoryStream, ids: npt.NDArray[np.int64], last_access_hours: npt.NDArray[np.float64]) -> list[MemoryView]:
    if not ids.size:
        return []
    accessed = _times(stream.epoch, last_access_hours[ids])
    records = [stream[i] for i in ids.tolist()]
    return [MemoryView(r.memory_id, r.kind.value, r.description, r.created_at, r.importance, when,
                       r.predicate == WHISPERED, r.evidence_ids) for r, when in zip(records, accessed)]


def _times(epoch: datetime, hours: npt.NDArray[np.float64]) -> list[datetime]:
    """``epoch + hours`` as datetimes, vectorised (as :meth:`MemoryStream.last_access_of`, to the microsecond)."""
    if epoch.tzinfo is not None:
        return [epoch + timedelta(hours=float(h)) for h in hours]
    micros = np.rint(hours * 3.6e9).astype("timedelta64[us]")
    return [epoch + delta for delta in micros.astype(timedelta).tolist()]


# -- the builders -------------------------------------------------------------------------------------


def resident_detail_view(simulation: Simulation, name: str, *, thinking: str = "",
                         interview: InterviewView | None = None,
                         cache: MemoryViewCache | None = None) -> ResidentDetailView:
    """Everything about resident ``name`` now (a KeyError if there is none); see the module docstring.
    ``interview`` defaults to the transcript kept on the resident, with nothing waiting."""
    resident = simulation.residents[name]
    persona = resident.persona
    now = simulation.now
    memories = (cache or _DEFAULT_CACHE).of(resident.memory)
    if interview is None:
        interview = InterviewView(tuple(resident.interview_transcript), False, "")
    action = resident.action
    conversation_now, current = _conversation_now(simulation, resident)
    past = tuple(_conversation_view(resident.name, c, False) for c in reversed(resident.conversations)
                 if c is not current)
    schedule = _schedule(resident, now)
    reflections = memories.reflections
    relationships = _relationships(simulation, resident, memories)
    version = (simulation.clock.step_index, now, memories.generation, resident.currently, action,
               resident.daily_plan, schedule, len(resident.conversations),
               len(conversation_now.lines) if conversation_now is not None else -1,
               relationships, thinking, interview)
    return ResidentDetailView(
        name=resident.name, first_name=persona.first_name, age=persona.age if persona.age > 0 else None,
        traits=persona.innate, occupation=persona.learned, lifestyle=persona.lifestyle,
        currently=resident.currently, now=now, step_index=simulation.clock.step_index,
        action=_action_view(action) if action is not None else None,
        daily_plan=tuple(resident.daily_plan), schedule=schedule,
        conversation_now=conversation_now, past_conversations=past,
        memories=memories.newest_first, reflections=reflections, relationships=relationships,
        thinking=thinking, interview=interview, version=version, memory_version=memories.generation,
    )


def resident_summaries(simulation: Simulation, thinking: Mapping[str, str]) -> tuple[ResidentSummaryView, ...]:
    """One line per resident, in the simulation's order; ``thinking``: resident -> kind of work in flight."""
    found = []
    for name, resident in simulation.residents.items():
        action = resident.action
        found.append(ResidentSummaryView(name, action.description if action else "", action.emoji if action else "",
                                         action.address if action else "", thinking.get(name, "")))
    return tuple(found)


def thinking_by_resident(pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    """``(resident, kind)`` pairs (``SimulationRunner.thinking``) -> resident -> ``"action place"`` (kinds
    in words, joined by ", " when several)."""
    kinds: dict[str, list[str]] = {}
    for name, kind in pairs:
        words = kind.replace("_", " ")
        if words not in kinds.setdefault(name, []):
            kinds[name].append(words)
    return {name: ", ".join(found) for name, found in kinds.items()}


# -- the parts ----------------------------------------------------------------------------------------


def _action_view(action: Action) -> ActionView:
    levels = split_address(action.address) + ("", "", "", "")
    return ActionView(action.description, action.emoji, action.address, levels[1], levels[2], levels[3],
                      action.start, action.end, action.chat_with)


def _partner_of(me: str, conversation: Conversation) -> str:
    return next((p for p in conversation.participants if p != me), me)


def _conversation_view(me: str, conversation: Conversation, under_way: bool) -> ConversationView:
    return ConversationView(_partner_of(me, conversation), conversation.started_at, tuple(conversation.turns),
                            under_way)


def _conversation_now(simulation: Simulation, resident: Resident) -> tuple[ConversationView | None, Conversation | None]:
    """The chat under way (see the module docstring) and the conversation it shows, if known."""
    action, now = resident.action, simulation.now
    if action is None or not action.chat_with or now >= action.end:
        return None, None
    latest = resident.conversations[-1] if resident.conversations else None
    if latest is None or action.chat_with not in latest.participants or latest.started_at < action.start:
        return ConversationView(action.chat_with, action.start, (), True), None
    lines = tuple(latest.turns)
    if lines:
        minutes = chat_minutes(latest, simulation.config)
        known_at = action.end - timedelta(minutes=minutes)
        fraction = (now - known_at).total_seconds() / (minutes * 60)
        shown = max(1, min(len(lines), math.floor(len(lines) * fraction) + 1))
        lines = lines[:shown]
    return ConversationView(action.chat_with, latest.started_at, lines, True), latest


def _schedule(resident: Resident, now: datetime) -> tuple[ScheduleItemView, ...]:
    """Today's blocks, each with its steps by when they start: those done today (from the action log),
    the action now, and the planned ones next (with their expected start and, when already placed,
    where). ``is_current`` marks the block of the time now."""
    if not resident.schedule:
        return ()
    current = resident.block_at(now)
    midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
    action = resident.action
    done_today: list[tuple[datetime, str, str]] = []
    for start, description, address, _ in reversed(resident.action_log):
        if start < midnight:
            break
        if action is not None and start == action.start and description == action.description:
            continue  # the action now
        done_today.append((start, description, address))
    done_today.reverse()
    steps = [PlanStepView(description, start, _minutes_until(start, done_today, index, action), address, "done")
             for index, (start, description, address) in enumerate(done_today)]
    if action is not None:
        steps.append(PlanStepView(action.description, action.start, action.duration_minutes, action.address, "now"))
    steps.extend(_next_steps(resident, action.end if action is not None else now))
    bounds = [block_bounds(block, now) for block in resident.schedule]
    by_block: list[list[PlanStepView]] = [[] for _ in resident.schedule]
    for step in steps:
        when = step.start or now
        index = next((i for i, (begins, ends) in enumerate(bounds) if begins <= when < ends), None)
        if index is None:
            index = 0 if when < bounds[0][0] else len(bounds) - 1
        by_block[index].append(step)
    return tuple(ScheduleItemView(block.start_hour, block.end_hour, block.activity, block is current, tuple(found))
                 for block, found in zip(resident.schedule, by_block))


def _minutes_until(start: datetime, done: list[tuple[datetime, str, str]], index: int, action: Action | None) -> float:
    """How long a past step lasted: until the next step (or the action now) began."""
    following = done[index + 1][0] if index + 1 < len(done) else (action.start if action is not None else start)
    return max(0.0, (following - start).total_seconds() / 60)


def _next_steps(resident: Resident, from_time: datetime) -> list[PlanStepView]:
    steps, when = [], from_time
    for planned in resident.pending_actions:
        placement = resident.place_cache.get((planned.description, planned.parent_activity))
        address = ":".join(part for part in (placement.sector, placement.arena, placement.game_object) if part) \
            if placement is not None else ""  # type: ignore[attr-defined]
        steps.append(PlanStepView(planned.description, when, float(planned.duration_minutes), address, "next"))
        when += timedelta(minutes=planned.duration_minutes)
    return steps


def _relationships(simulation: Simulation, resident: Resident, memories: _StreamViews) -> tuple[RelationshipView, ...]:
    """Everyone the resident has talked with (most recent first), then the other residents their
    memories name; each with the newest reflection (else thought, else conversation summary) of theirs
    that names them."""
    counts: dict[str, int] = {}
    latest: dict[str, datetime] = {}
    for conversation in resident.conversations:
        partner = _partner_of(resident.name, conversation)
        counts[partner] = counts.get(partner, 0) + 1
        latest[partner] = max(latest.get(partner, conversation.started_at), conversation.started_at)
    for partner, when in resident.last_chat_at.items():
        latest[partner] = max(latest.get(partner, when), when)
    key = (memories.generation, tuple(sorted(counts.items())), tuple(sorted(latest.items())))
    if memories.relationships_key == key:
        return memories.relationships
    others = [n for n in simulation.residents if n != resident.name] + [n for n in latest if n not in simulation.residents]
    opinions = _opinions(simulation, others, memories)
    known = [n for n in others if n in latest or opinions.get(n)]
    names = sorted(known, key=lambda n: (n not in latest, -latest[n].timestamp() if n in latest else 0.0, n))
    memories.relationships = tuple(RelationshipView(n, latest.get(n), counts.get(n, 0), opinions.get(n, ""))
                                   for n in names)
    memories.relationships_key = key
    return memories.relationships


def _opinions(simulation: Simulation, names: list[str], memories: _StreamViews) -> dict[str, str]:
    """name -> the newest memory naming them, by kind in :data:`OPINION_KINDS` order; scanned
    incrementally (only memories new since the last build are read)."""
    ranks = {kind.value: index for index, kind in enumerate(OPINION_KINDS)}
    views = memories.views
    found: dict[str, str] = {}
    for name in names:
        other = simulation.residents.get(name)
        first = (other.persona.first_name if other is not None else name.split(" ")[0]).casefold()
        full = name.casefold()
        newest = memories.mentions.setdefault(name, [""] * len(OPINION_KINDS))
        for view in views[memories.mentions_scanned.get(name, 0):]:
            rank = ranks.get(view.kind)
            if rank is not None:
                text = view.description.casefold()
                if full in text or first in text:
                    newest[rank] = view.description
        memories.mentions_scanned[name] = len(views)
        found[name] = next((text for text in newest if text), "")
    return found


def memory_record_view(stream: MemoryStream, record: MemoryRecord) -> MemoryView:
    """One memory's view, now (for a whisper's result, say)."""
    return MemoryView(record.memory_id, record.kind.value, record.description, record.created_at,
                      record.importance, stream.last_access_of(record.memory_id), record.predicate == WHISPERED,
                      record.evidence_ids)
