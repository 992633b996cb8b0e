"""Memory records: what an agent remembers, as frozen values.

A record has an integer id (its index in the stream), a kind (observation, dialogue, plan,
reflection, thought), a description, the event triple it came from (when any), the game time it was
created, its importance 1-10, for reflections the ids of the memories that support it and, for a
memory that came from someone (a conversation, or the player's whisper), its :class:`MemorySource`:
who said it to whom and when. The last-access time and the embedding live in the stream's numpy
arrays, not here.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime


class MemoryKind(enum.Enum):
    """What kind of memory a record is."""

    OBSERVATION = "observation"
    DIALOGUE = "dialogue"
    PLAN = "plan"
    REFLECTION = "reflection"
    THOUGHT = "thought"  # whispers, post-conversation thoughts and memos, interview notes


CONVERSATION = "conversation"  # a memory taken away from a chat
WHISPER = "whisper"  # a memory the player planted (a whisper or a scenario's history line)
SOURCE_CHANNELS: tuple[str, ...] = (CONVERSATION, WHISPER)


@dataclass(frozen=True, slots=True)
class MemorySource:
    """Where a memory came from: ``speaker`` said it (over ``channel``) to ``listener`` at ``at``.

    For a whisper the speaker is ``""`` (the player) and the listener the resident; for what a
    resident takes away from a chat the speaker is the partner, the listener the resident, ``at`` the
    time the chat began."""

    channel: str
    speaker: str
    listener: str
    at: datetime

    def __post_init__(self) -> None:
        if self.channel not in SOURCE_CHANNELS:
            raise ValueError(f"a memory source's channel should be one of {SOURCE_CHANNELS}, not {self.channel!r}")


@dataclass(frozen=True, slots=True)
class MemoryRecord:
    """One memory; see the module docstring."""

    memory_id: int
    kind: MemoryKind
    description: str
    created_at: datetime
    importance: int
    subject: str = ""
    predicate: str = ""
    object: str = ""
    evidence_ids: tuple[int, ...] = ()
    source: MemorySource | None = None

    @property
    def triple(self) -> tuple[str, str, str]:
        return (self.subject, self.predicate, self.object)
