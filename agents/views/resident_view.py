"""Frozen views of one resident for the inspector ("read every mind") and of all residents for the list.

Values only: panels read these, never the live :class:`agents.cognition.resident.Resident`. They are
built by :mod:`agents.views.resident_view_builder` on the main thread from the live simulation.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class MemoryView:
    """One memory as the resident holds it (observation, thought, chat or reflection)."""

    memory_id: int
    kind: str  # "observation" | "dialogue" | "plan" | "reflection" | "thought" (MemoryKind values)
    description: str
    created_at: datetime
    importance: int  # 1..10 poignancy
    last_access: datetime
    whispered: bool  # planted by the player (whisper or history CSV)
    evidence_ids: tuple[int, ...] = ()  # memories a reflection/thought was drawn from


@dataclass(frozen=True, slots=True)
class ActionView:
    """What the resident is doing now, and where."""

    description: str
    emoji: str
    address: str  # world:sector:arena:game_object (or coarser)
    sector: str
    arena: str
    game_object: str
    start: datetime
    end: datetime
    chat_with: str  # "" unless chatting


@dataclass(frozen=True, slots=True)
class PlanStepView:
    """A 5-15 minute step of a schedule block."""

    description: str
    start: datetime | None  # None when not known (not yet placed)
    duration_minutes: float
    address: str  # "" when not yet placed
    status: str  # "done" | "now" | "next"


@dataclass(frozen=True, slots=True)
class ScheduleItemView:
    """One block of today's hourly schedule, with its decomposed steps when known."""

    start_hour: int
    end_hour: int
    activity: str
    is_current: bool
    steps: tuple[PlanStepView, ...]


@dataclass(frozen=True, slots=True)
class ConversationView:
    """A conversation: the partner, when it began, the lines (speaker, text) and whether it goes on now."""

    partner: str
    started_at: datetime
    lines: tuple[tuple[str, str], ...]
    under_way: bool


@dataclass(frozen=True, slots=True)
class ReflectionView:
    """A reflection and the memories it was drawn from."""

    memory: MemoryView
    evidence: tuple[MemoryView, ...]


@dataclass(frozen=True, slots=True)
class RelationshipView:
    """Someone the resident has talked with and what they think of them, from their own memories."""

    name: str
    last_talked_at: datetime | None
    conversations: int
    opinion: str  # what they think of them, from their own memories ("" when nothing stands out)


@dataclass(frozen=True, slots=True)
class InterviewView:
    """The player's interview with the resident so far."""

    transcript: tuple[tuple[str, str], ...]  # (speaker, text): the player's question, then the answer
    waiting: bool  # a question is being answered on a worker
    error: str  # "" or a plain line saying what failed and that the question can be asked again


@dataclass(frozen=True)
class ResidentDetailView:
    """Everything the inspector shows about one resident, at one moment of game time.

    ``memories`` and ``reflections`` are the very same tuples from one build to the next while the
    memories have not changed (see ``memory_version``): a panel can skip re-listing them.
    """

    name: str
    first_name: str
    age: int | None
    traits: str
    occupation: str
    lifestyle: str
    currently: str
    now: datetime
    step_index: int
    action: ActionView | None
    daily_plan: tuple[str, ...]
    schedule: tuple[ScheduleItemView, ...]
    conversation_now: ConversationView | None
    past_conversations: tuple[ConversationView, ...]  # newest first
    memories: tuple[MemoryView, ...]  # newest first, all of them
    reflections: tuple[ReflectionView, ...]  # newest first
    relationships: tuple[RelationshipView, ...]
    thinking: str  # "" or the kind of work in flight for them, e.g. "action place"
    interview: InterviewView
    version: tuple  # changes exactly when anything shown changes (cheap to compare)
    memory_version: int = 0  # changes exactly when ``memories`` (and so ``reflections``) change


@dataclass(frozen=True, slots=True)
class ResidentSummaryView:
    """One line of the residents list."""

    name: str
    activity: str
    emoji: str
    address: str
    thinking: str
