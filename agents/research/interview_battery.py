"""The paper's knowledge interview, batched: two model calls per resident, whatever the town's size.

Each resident is asked, in ONE ``knowledge_battery`` call, every question of the measures: the
topics' questions ("Did you know there is a Valentine's Day party?", "Do you know who is running for
mayor?") and "Do you know of <name>?" for every other resident. Under each question the resident
sees what comes to mind: for a topic, the memories retrieved for the question (as an interview
retrieves them, :func:`~agents.cognition.recall.recall`) and the newest few that mention the topic's
words; for a person, the newest few memories that name them and the known places that do. ONE
``knowledge_judge`` call then says, per answer, whether it is a "yes". With the offline model the
resident answers by what they remember and the judge reads the answer's opening
(:mod:`agents.llm.offline.knowledge`).

Nothing here changes the resident: the interview reads a frozen copy and leaves no memory, so the
measures can be taken of any save slot without changing the town.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from agents.cognition.config import MindConfig
from agents.cognition.plan import time_texts
from agents.cognition.recall import recall
from agents.cognition.resident import Resident
from agents.cognition.services import MindServices
from agents.memory.records import MemoryRecord
from agents.research.traces import mentions

TOPIC = "topic"
PERSON = "person"
MEMORIES_BY_WORDS = 3  # the newest memories naming the topic or person, shown under its question


@dataclass(frozen=True)
class Topic:
    """A piece of news whose spread the measures follow: ``question`` is asked, a "yes" means
    ``fact``, and a memory carries it when it mentions one of ``words`` (case-insensitively)."""

    name: str
    question: str
    fact: str
    words: tuple[str, ...]


PARTY = Topic("party", "Did you know there is a Valentine's Day party?",
              "the resident knows there is a Valentine's Day party", ("valentine",))
MAYOR = Topic("mayor", "Do you know who is running for mayor?",
              "the resident knows who is running for mayor (Sam Moore), and names him", ("for mayor",))
VALENTINES_TOPICS: tuple[Topic, ...] = (PARTY, MAYOR)


@dataclass(frozen=True)
class Question:
    """One question of a resident's battery: about a topic (``subject`` its name) or a person."""

    question_id: str
    kind: str
    subject: str
    text: str
    fact: str
    words: tuple[str, ...]


@dataclass(frozen=True)
class Answer:
    """What ``resident`` answered to ``question`` and whether the judge heard a "yes";
    ``from_fallback``: the model did not answer (or judge) this one itself."""

    resident: str
    question: Question
    answer: str
    says_yes: bool
    from_fallback: bool


def questions_for(resident_name: str, names: Sequence[str], topics: Sequence[Topic]) -> tuple[Question, ...]:
    """The topics' questions, then "Do you know of <name>?" for everyone in ``names`` but the resident."""
    asked = [(TOPIC, topic.name, topic.question, topic.fact, topic.words) for topic in topics]
    asked += [(PERSON, name, f"Do you know of {name}?", f"the resident knows of {name}", (name,))
              for name in names if name != resident_name]
    return tuple(Question(f"q{index}", *entry) for index, entry in enumerate(asked, start=1))


def _newest_mentioning(records: Sequence[MemoryRecord], words: Sequence[str], count: int) -> list[str]:
    found = [record.description for record in records if mentions(record.description, words)]
    return found[-count:]


def places_of(resident: Resident) -> Iterator[str]:
    """Every sector, arena and object name of the resident's known places."""
    for sectors in resident.spatial_memory.values():
        for sector, arenas in sectors.items():
            yield sector
            for arena, objects in arenas.items():
                yield arena
                yield from objects


def memories_for(resident: Resident, question: Question, now: datetime, services: MindServices,
                 config: MindConfig) -> list[str]:
    """What comes to the resident's mind for ``question`` (see the module docstring); the ablation
    condition holds: a resident who does not remember sees only what :func:`recall` lets through."""
    condition = config.condition
    allowed = condition.recalled_kinds()
    records = [r for r in resident.memory.records() if r.kind in allowed] if condition.remembers else []
    found: list[str] = []
    if question.kind == TOPIC:
        query = services.embed([question.text])[0]
        found += [scored.record.description
                  for scored in recall(resident.memory, query, now, config, count=config.retrieval_count)]
    found += _newest_mentioning(records, question.words, MEMORIES_BY_WORDS)
    if question.kind == PERSON:
        found += [f"you know the place {place}" for place in dict.fromkeys(places_of(resident))
                  if mentions(place, question.words)]
    return list(dict.fromkeys(found))


def _by_id(value: Mapping[str, object], list_key: str, value_key: str) -> dict[str, str]:
    entries = value[list_key]
    return {str(entry["id"]): str(entry[value_key]) for entry in entries}  # type: ignore[union-attr, index]


def interview_resident(resident: Resident, names: Sequence[str], topics: Sequence[Topic], now: datetime,
                       services: MindServices, config: MindConfig) -> tuple[Answer, ...]:
    """The battery and its judging for one resident (a frozen copy when on a worker): two calls."""
    questions = questions_for(resident.name, names, topics)
    asked = [{"id": q.question_id, "question": q.text, "keywords": list(q.words),
              "memories": memories_for(resident, q, now, services, config)} for q in questions]
    battery = services.runner.run("knowledge_battery", {"persona": resident.identity(), "questions": asked,
                                                        **time_texts(now)}, resident.name)
    answers = _by_id(battery.value, "answers", "answer")  # type: ignore[arg-type]
    items = [{"id": q.question_id, "question": q.text, "answer": answers[q.question_id], "fact": q.fact}
             for q in questions]
    judged = services.runner.run("knowledge_judge", {"persona": resident.identity(), "items": items,
                                                     **time_texts(now)}, resident.name)
    verdicts = _by_id(judged.value, "verdicts", "verdict")  # type: ignore[arg-type]
    fallback = battery.was_fallback or judged.was_fallback
    return tuple(Answer(resident.name, q, answers[q.question_id], verdicts[q.question_id] == "yes", fallback)
                 for q in questions)
