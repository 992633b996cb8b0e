"""A resident's live state: who they are, where they stand, what they remember, plan and do.

Plain picklable data owned by the simulation. Values that do not change once made (an action, a
schedule block, a conversation) are frozen dataclasses; the resident itself is a mutable record the
simulation step updates.
"""

from __future__ import annotations

import copy
from dataclasses import MISSING, dataclass, field, fields
from datetime import date, datetime, timedelta

from agents.memory.stream import MemoryStream
from agents.world.pathfinding import Tile
from agents.world.scenario import Persona, SpatialMemory


@dataclass(frozen=True)
class ScheduleBlock:
    """One block of the hourly schedule: from ``start_hour`` until the next block starts."""

    start_hour: int
    end_hour: int
    activity: str


@dataclass(frozen=True)
class PlannedAction:
    """A 5-15 minute step of a block, not yet placed."""

    description: str
    duration_minutes: int
    parent_activity: str


@dataclass(frozen=True)
class Action:
    """What a resident is doing now, where, and the event it puts on the map."""

    description: str
    parent_activity: str
    start: datetime
    duration_minutes: float
    address: str  # world:sector:arena:game_object (or coarser when that is all there is)
    emoji: str = ""
    event: tuple[str, str, str] = ("", "", "")
    object_state: str = ""
    chat_with: str = ""

    @property
    def end(self) -> datetime:
        return self.start + timedelta(minutes=self.duration_minutes)

    @property
    def is_sleeping(self) -> bool:
        return "sleep" in self.description.casefold()


@dataclass(frozen=True)
class Conversation:
    """A finished conversation: who spoke what, in order."""

    participants: tuple[str, str]
    turns: tuple[tuple[str, str], ...]  # (speaker, text)
    started_at: datetime

    def as_context(self) -> list[dict[str, str]]:
        return [{"speaker": speaker, "text": text} for speaker, text in self.turns]


@dataclass
class Resident:
    """See the module docstring."""

    persona: Persona
    currently: str
    tile: Tile
    memory: MemoryStream
    spatial_memory: SpatialMemory
    day: date | None = None
    wake_up_hour: int = 7
    daily_plan: tuple[str, ...] = ()
    schedule: tuple[ScheduleBlock, ...] = ()
    pending_actions: list[PlannedAction] = field(default_factory=list)
    planned_until: datetime | None = None  # the queue covers the current block up to here
    action: Action | None = None
    path: list[Tile] = field(default_factory=list)
    place_cache: dict[tuple[str, str], tuple[str, str, tuple[str, str, str], str]] = field(default_factory=dict)
    # the inputs of placements asked for ahead (see agents.engine.thoughts), by (description, parent)
    placing_ahead: dict[tuple[str, str], dict[str, object]] = field(default_factory=dict)
    # the inputs of the next actions' decomposition asked for ahead, as of when the current action ends
    decomposing_ahead: dict[str, object] | None = None
    last_chat_at: dict[str, datetime] = field(default_factory=dict)
    last_considered_at: dict[str, datetime] = field(default_factory=dict)
    importance_since_reflection: int = 0
    unscored_ids: list[int] = field(default_factory=list)
    scoring_ahead: dict[str, object] | None = None  # the inputs of scores asked, to apply at a later scoring
    planning_thoughts: list[str] = field(default_factory=list)
    conversations: list[Conversation] = field(default_factory=list)
    interview_transcript: list[tuple[str, str]] = field(default_factory=list)
    action_log: list[tuple[datetime, str, str, str]] = field(default_factory=list)  # start, what, where, parent

    @property
    def name(self) -> str:
        return self.persona.name

    def identity(self) -> dict[str, object]:
        """The persona card for prompts, with the live "currently"."""
        return {**self.persona.identity(), "currently": self.currently}

    def block_at(self, when: datetime) -> ScheduleBlock | None:
        found = None
        for block in self.schedule:
            if block.start_hour <= when.hour:
                found = block
        return found

    def inputs_asked_ahead(self) -> list[dict[str, object]]:
        """The inputs of work asked ahead and not used yet (places, the next decomposition, scores)."""
        asked = list(self.placing_ahead.values())
        asked.extend(inputs for inputs in (self.decomposing_ahead, self.scoring_ahead) if inputs is not None)
        return asked

    def is_asleep(self) -> bool:
        return self.action is not None and self.action.is_sleeping

    def is_chatting(self, now: datetime) -> bool:
        return self.action is not None and bool(self.action.chat_with) and now < self.action.end

    def __setstate__(self, state: dict[str, object]) -> None:
        """Unpickling: a save made before a field was added loads with that field's default."""
        for spec in fields(self):
            if spec.name in state:
                continue
            if spec.default is not MISSING:
                state[spec.name] = spec.default
            elif spec.default_factory is not MISSING:
                state[spec.name] = spec.default_factory()
        self.__dict__.update(state)

    def frozen_copy(self) -> Resident:
        """A copy for a worker to read (a decision's frozen input): later changes to this resident
        do not show in it. Containers are copied, the memory stream cheaply (see
        :meth:`MemoryStream.frozen_copy`)."""
        copied = {f.name: _copy_field(getattr(self, f.name)) for f in fields(self)}
        copied["memory"] = self.memory.frozen_copy()
        copied["spatial_memory"] = self.known_places()
        return Resident(**copied)

    def known_places(self) -> SpatialMemory:
        """A deep copy of the spatial memory, safe to hand to a prompt context."""
        return copy.deepcopy(self.spatial_memory)


def _copy_field(value: object) -> object:
    if isinstance(value, (list, dict, set)):
        return copy.copy(value)
    return value
