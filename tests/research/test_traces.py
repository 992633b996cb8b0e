"""A topic's spread read from the memories' sources: who first heard it from whom, and when."""

from __future__ import annotations

from datetime import datetime, timedelta

from agents.memory.records import CONVERSATION, WHISPER, MemoryKind, MemoryRecord, MemorySource
from agents.research.traces import FirstHearing, first_hearings, mentions, topic_trace
from tests.memory.test_memory_sources import ISABELLA, KLAUS, MARIA, talked_town

T0 = datetime(2023, 2, 13, 8)
PARTY = ["valentine", "party"]


def _record(memory_id: int, description: str, hours: float, source: MemorySource | None) -> MemoryRecord:
    at = T0 + timedelta(hours=hours)
    return MemoryRecord(memory_id, MemoryKind.DIALOGUE if source else MemoryKind.OBSERVATION, description, at, 5,
                        source=source)


def _heard(speaker: str, listener: str, hours: float, channel: str = CONVERSATION) -> MemorySource:
    return MemorySource(channel, speaker, listener, T0 + timedelta(hours=hours))


def test_a_chain_of_telling_is_who_first_heard_it_from_whom() -> None:
    records = {
        "A": [_record(0, "You are throwing a Valentine's Day party", 0, _heard("", "A", 0, WHISPER))],
        "B": [_record(0, "B saw A at the cafe", 0.5, None),
              _record(1, "A and B chatted about the PARTY at the cafe", 1, _heard("A", "B", 1)),
              _record(2, "C reminded B of the Valentine party", 5, _heard("C", "B", 5))],
        "C": [_record(0, "B and C chatted about the weather", 2, _heard("B", "C", 2)),
              _record(1, "B told C of the valentine's party", 3, _heard("B", "C", 3))],
        "D": [_record(0, "D saw a party poster", 1, None)],  # seen, not told: no source
    }
    hearings = first_hearings(records, PARTY)
    assert [(h.listener, h.speaker, h.channel, h.at) for h in hearings] == [
        ("A", "", WHISPER, T0), ("B", "A", CONVERSATION, T0 + timedelta(hours=1)),
        ("C", "B", CONVERSATION, T0 + timedelta(hours=3))]
    assert hearings[2] == FirstHearing("C", "B", CONVERSATION, T0 + timedelta(hours=3), 1,
                                       "B told C of the valentine's party")
    assert first_hearings(records, ["mayor"]) == ()


def test_keywords_match_anywhere_ignoring_case_and_never_when_blank() -> None:
    assert mentions("A Valentine's Day Party", ["valentine"]) and mentions("the PARTY", ["x", "party"])
    assert not mentions("the cafe", ["valentine", "party"]) and not mentions("anything", ["", "  "])


def test_the_trace_of_a_town_follows_the_whisper_and_the_chat() -> None:
    sim, _ = talked_town()  # Isabella is whispered the party, then tells Maria
    hearings = {h.listener: h for h in topic_trace(sim, PARTY)}
    assert set(hearings) == {ISABELLA, MARIA} and KLAUS not in hearings
    assert (hearings[ISABELLA].speaker, hearings[ISABELLA].channel) == ("", WHISPER)
    assert (hearings[MARIA].speaker, hearings[MARIA].channel) == (ISABELLA, CONVERSATION)
    assert hearings[MARIA].at == sim.conversation_log[-1][0]
