"""Coordination, the paper's last measure: who was invited to the party, and who came.

*Invited*: a resident who first heard of the party in a chat, i.e. holds a memory taken away from a
conversation (a :class:`~agents.memory.records.MemorySource` of channel ``conversation``) that
mentions it, and knew nothing of it before (no earlier whisper, and not in their own persona). The
ones who knew of it otherwise, the scenario's seed (Isabella's whisper in ``valentines``), are the
*hosts*: they tell of the party in their chats too, but nobody invited them.

*Came*: a resident whose place address starts with the party's place (``the Ville:Hobbs Cafe``) in
any frame of the party's window (February 14 from 17:00 to 19:00 game time), read from the run's
recording (:class:`~agents.persistence.recording_reader.RecordingReader`). The attendance timeline
counts who was there in each ten game minutes of the window. A recording that does not hold the whole
window (a run that stopped earlier, or a slot saved before it ended) gives no attendance.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from agents.engine.simulation import Simulation
from agents.memory.records import CONVERSATION
from agents.persistence.recording_reader import RecordingReader
from agents.research.interview_battery import PARTY, Topic
from agents.research.measures import persona_text
from agents.research.traces import mentions, topic_trace
from agents.views.town_frame import SimulationView

BUCKET_MINUTES = 10


@dataclass(frozen=True)
class PartyWindow:
    """Where and when a party is: residents at an address starting with ``place`` from ``start`` to
    ``end`` (game time, both included)."""

    place: str
    start: datetime
    end: datetime

    def describe(self) -> str:
        return f"{self.place} on {self.start:%b %d} from {self.start:%H:%M} to {self.end:%H:%M}"


VALENTINES_PARTY = PartyWindow("the Ville:Hobbs Cafe", datetime(2023, 2, 14, 17, 0), datetime(2023, 2, 14, 19, 0))


@dataclass(frozen=True)
class TimelineSlot:
    """Who was at the party's place in some frame from ``start`` for ``BUCKET_MINUTES`` game minutes."""

    start: datetime
    names: tuple[str, ...]


@dataclass(frozen=True)
class Attendance:
    """Who was at the party's place during its window: each one's first frame there, and the timeline."""

    window: PartyWindow
    frames: int
    arrivals: tuple[tuple[str, datetime], ...]  # (name, first seen there), in order of arrival
    timeline: tuple[TimelineSlot, ...]

    @property
    def attended(self) -> tuple[str, ...]:
        return tuple(sorted(name for name, _ in self.arrivals))


@dataclass(frozen=True)
class Coordination:
    """The invited, the hosts and (when the recording holds the window) who came."""

    residents: int
    window: PartyWindow
    hosts: tuple[str, ...]
    invited: tuple[str, ...]
    attendance: Attendance | None  # None: the party window is not in this run's recording

    @property
    def attended(self) -> tuple[str, ...]:
        return self.attendance.attended if self.attendance is not None else ()

    @property
    def invited_who_came(self) -> tuple[str, ...]:
        return tuple(name for name in self.invited if name in set(self.attended))

    @property
    def came_uninvited(self) -> tuple[str, ...]:
        """Those who came without being invited (the hosts among them)."""
        return tuple(name for name in self.attended if name not in set(self.invited))


# -- invitations -------------------------------------------------------------------------------------


def invitations(simulation: Simulation, topic: Topic = PARTY) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """``(hosts, invited)`` of ``simulation`` (see the module docstring), each sorted by name."""
    hosts: list[str] = []
    invited: list[str] = []
    first = {hearing.listener: hearing for hearing in topic_trace(simulation, topic.words)}
    for name, resident in sorted(simulation.residents.items()):
        hearing = first.get(name)
        if mentions(persona_text(resident), topic.words) or (hearing is not None and hearing.channel != CONVERSATION):
            hosts.append(name)
        elif hearing is not None:
            invited.append(name)
    return tuple(hosts), tuple(invited)


# -- attendance --------------------------------------------------------------------------------------


def attendance_of(frames: Iterable[SimulationView], window: PartyWindow,
                  bucket_minutes: int = BUCKET_MINUTES) -> Attendance:
    """Who was at ``window.place`` in the ``frames`` that fall in the window (other frames are skipped)."""
    arrivals: dict[str, datetime] = {}
    buckets: dict[int, set[str]] = {}
    bucket = timedelta(minutes=bucket_minutes)
    count = 0
    for frame in frames:
        if not window.start <= frame.now <= window.end:
            continue
        count += 1
        slot = buckets.setdefault(min(int((frame.now - window.start) / bucket), _buckets(window, bucket) - 1), set())
        for resident in frame.residents:
            if resident.address.startswith(window.place):
                arrivals.setdefault(resident.name, frame.now)
                slot.add(resident.name)
    timeline = tuple(TimelineSlot(window.start + index * bucket, tuple(sorted(buckets.get(index, ()))))
                     for index in range(_buckets(window, bucket)))
    return Attendance(window, count, tuple(sorted(arrivals.items(), key=lambda item: (item[1], item[0]))), timeline)


def _buckets(window: PartyWindow, bucket: timedelta) -> int:
    """How many buckets the window spans (its last instant falls in the last one)."""
    return max(1, -(-(window.end - window.start) // bucket))


def window_frames(reader: RecordingReader, window: PartyWindow, up_to_step: int | None = None
                  ) -> Iterator[SimulationView] | None:
    """The recorded frames of ``window`` (up to ``up_to_step``, e.g. the slot's own step, when given),
    or None when the recording does not hold all of it."""
    first, last = reader.step_at(window.start), reader.step_at(window.end)
    recorded_last = reader.last_step if up_to_step is None else min(reader.last_step, up_to_step)
    if first < reader.first_step or last > recorded_last:
        return None
    return (reader.frame(step) for step in range(first, last + 1))


def coordination(simulation: Simulation, reader: RecordingReader | None = None, *,
                 window: PartyWindow = VALENTINES_PARTY, topic: Topic = PARTY,
                 up_to_step: int | None = None) -> Coordination:
    """The invited from ``simulation``'s memories and, when ``reader`` holds the window, who came."""
    hosts, invited = invitations(simulation, topic)
    frames = window_frames(reader, window, up_to_step) if reader is not None else None
    present = attendance_of(frames, window) if frames is not None else None
    return Coordination(len(simulation.residents), window, hosts, invited, present)


# -- reporting ---------------------------------------------------------------------------------------


def coordination_json(found: Coordination) -> dict[str, Any]:
    present = found.attendance
    return {
        "window": {"place": found.window.place, "start": found.window.start.isoformat(),
                   "end": found.window.end.isoformat()},
        "hosts": list(found.hosts), "invited": list(found.invited),
        "in_recording": present is not None,
        "attended": list(found.attended), "invited_who_came": list(found.invited_who_came),
        "came_uninvited": list(found.came_uninvited),
        "arrivals": [{"resident": name, "at": at.isoformat()} for name, at in present.arrivals] if present else [],
        "timeline": [{"start": slot.start.isoformat(), "count": len(slot.names), "residents": list(slot.names)}
                     for slot in present.timeline] if present else [],
        "paper": "5 of the 12 invited came",
    }


def coordination_lines(found: Coordination) -> list[str]:
    """The coordination figures as text, for the measures' table."""
    hosts = ", ".join(found.hosts) or "-"
    invited = f"{len(found.invited)} of {found.residents} invited in a chat (hosts: {hosts})"
    lines = [f"party invitations: {invited}; paper: 12 invited"]
    if found.attendance is None:
        lines.append(f"party attendance: the party window is not in this run ({found.window.describe()})")
        return lines
    lines.append(f"party attendance: {len(found.invited_who_came)} of the {len(found.invited)} invited came to "
                 f"{found.window.describe()}, {len(found.attended)} there in all; paper: 5 of the 12 invited came")
    lines.append(f"  came: {', '.join(found.attended) or '-'}")
    lines.append(f"  came uninvited: {', '.join(found.came_uninvited) or '-'}")
    return lines
