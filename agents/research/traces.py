"""How a topic spread, read exactly from the memories' sources (no interview).

Every memory a resident took away from a chat, or was whispered by the player, records who said it
to whom and when (:class:`~agents.memory.records.MemorySource`). A resident *heard of* a topic when
one of those memories mentions it: its description holds one of the topic's keywords (any of them,
case-insensitively). :func:`first_hearings` gives, for each resident who heard of it, the first such
memory: who from (``""``: the player, as in a scenario's seeded history), over which channel and
when. In order of time, these are the topic's chain of telling: who first heard it from whom.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from agents.engine.simulation import Simulation
from agents.memory.records import MemoryRecord


@dataclass(frozen=True)
class FirstHearing:
    """``listener`` first heard of the topic from ``speaker`` (``""``: the player) at ``at``, in memory
    ``memory_id`` (``description``) of their stream."""

    listener: str
    speaker: str
    channel: str
    at: datetime
    memory_id: int
    description: str


def mentions(description: str, words: Iterable[str]) -> bool:
    """Whether ``description`` holds one of ``words`` (case-insensitively; blank words never match)."""
    text = description.casefold()
    return any(word.strip() and word.strip().casefold() in text for word in words)


def first_hearings(records_by_resident: Mapping[str, Sequence[MemoryRecord]],
                   words: Sequence[str]) -> tuple[FirstHearing, ...]:
    """For each resident whose sourced memories mention the topic (``words``), the first of them;
    ordered by when they heard it (then by name). Memories without a source (what a resident saw,
    planned or concluded) never count: they say nothing of who told whom."""
    found: list[FirstHearing] = []
    for name, records in records_by_resident.items():
        heard = [(r.source.at, r.memory_id, r.source, r) for r in records
                 if r.source is not None and mentions(r.description, words)]
        if heard:
            at, memory_id, source, record = min(heard, key=lambda entry: entry[:2])
            found.append(FirstHearing(name, source.speaker, source.channel, at, memory_id, record.description))
    return tuple(sorted(found, key=lambda hearing: (hearing.at, hearing.listener)))


def topic_trace(simulation: Simulation, words: Sequence[str]) -> tuple[FirstHearing, ...]:
    """:func:`first_hearings` of every resident of ``simulation`` (e.g. ``["valentine", "party"]``)."""
    return first_hearings({name: resident.memory.records() for name, resident in simulation.residents.items()},
                          words)
