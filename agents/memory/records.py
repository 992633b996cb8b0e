"""Memory records: what an agent remembers, as frozen values.

A record has an integer id (its index in the stream), a kind (observation, dialogue, plan,
reflection, thought), a description, the event triple it came from (when any), the game time it was
created, its importance 1-10 and, for reflections, the ids of the memories that support it. The
last-access time and the embedding live in the stream's numpy arrays, not here.
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

    @property
    def triple(self) -> tuple[str, str, str]:
        return (self.subject, self.predicate, self.object)
