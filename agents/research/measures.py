"""The paper's emergent measures, measured the paper's way: by interview, checked against memory.

Every resident answers the knowledge battery (:mod:`agents.research.interview_battery`): the topics
(the party, the candidacy) and "Do you know of <name>?" for every other resident. A judged "yes"
counts only when it is *grounded*:

* a topic: the resident holds a memory that came from someone (a conversation or a whisper, i.e. it
  has a :class:`~agents.memory.records.MemorySource`) mentioning the topic's words, or their own
  persona (as the scenario wrote it) does: the seed knows their own news;
* a person: some memory of the resident's mentions them by name, or their persona or known places do.

A "yes" that is not grounded is *hallucinated* (and does not count as knowing). Density is
``2|E| / (|V| (|V| - 1))`` over *mutual* acquaintance: an edge when each of the two knows the other
(grounded "yes" both ways).

The same figures are read from the traces too (exact, no interview): a topic's hearers from the
memories' sources (:func:`~agents.research.traces.topic_trace`), acquaintance from the memories
themselves; the :class:`Disagreement` of each names who differs.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import networkx as nx

from agents.cognition.resident import Resident
from agents.cognition.services import MindServices
from agents.engine.simulation import Simulation
from agents.research.interview_battery import (
    PERSON,
    TOPIC,
    VALENTINES_TOPICS,
    Answer,
    Topic,
    interview_resident,
    places_of,
)
from agents.research.traces import mentions, topic_trace

log = logging.getLogger(__name__)

Pair = tuple[str, str]  # two residents' names, in sorted order


@dataclass(frozen=True)
class Disagreement:
    """Where the interview and the trace part: ``trace_only`` heard it (or know each other) by the
    trace but did not say so; ``interview_only`` said so with no trace of it."""

    trace_only: tuple[str, ...]
    interview_only: tuple[str, ...]


@dataclass(frozen=True)
class TopicFigures:
    """One topic's spread among ``residents`` residents: who knows it by the interview (a grounded
    "yes"), who said "yes" without a memory carrying it, and who heard it by the trace."""

    topic: str
    residents: int
    knowers: tuple[str, ...]
    hallucinated: tuple[str, ...]
    grounded_but_no: tuple[str, ...]  # hold a memory carrying it, yet answered "no"
    trace_hearers: tuple[str, ...]
    disagreement: Disagreement

    @property
    def share(self) -> float:
        return len(self.knowers) / self.residents if self.residents else 0.0

    @property
    def trace_share(self) -> float:
        return len(self.trace_hearers) / self.residents if self.residents else 0.0


@dataclass(frozen=True)
class AcquaintanceFigures:
    """Who knows whom: the interview's grounded "yes" answers, the hallucinated ones, the mutual pairs
    and their density; and the same read from the memories (``trace_pairs``)."""

    residents: int
    answers: int
    yes_answers: int
    hallucinated: tuple[Pair, ...]  # (who answered, of whom), in order
    mutual_pairs: tuple[Pair, ...]
    density: float
    trace_pairs: tuple[Pair, ...]
    trace_density: float
    disagreement: Disagreement  # pairs ("A & B") mutual by one and not the other

    @property
    def hallucination_rate(self) -> float:
        """Hallucinated answers among the "yes" answers (the paper: 6 of 453, 1.3%)."""
        return len(self.hallucinated) / self.yes_answers if self.yes_answers else 0.0


@dataclass(frozen=True)
class TownMeasures:
    """Every figure of one measurement of a town, and the answers they came from."""

    scenario: str
    game_time: str
    residents: tuple[str, ...]
    topics: tuple[TopicFigures, ...]
    acquaintance: AcquaintanceFigures
    answers: tuple[Answer, ...]

    @property
    def fallback_residents(self) -> tuple[str, ...]:
        """Residents whose battery or judging the model did not answer itself (the offline rule did)."""
        return tuple(dict.fromkeys(a.resident for a in self.answers if a.from_fallback))


# -- grounding ---------------------------------------------------------------------------------------


def persona_text(resident: Resident) -> str:
    """The resident's persona as the scenario wrote it (not the day's revised "currently")."""
    identity = resident.persona.identity()
    return " ".join(str(identity.get(key, "")) for key in
                    ("innate", "learned", "currently", "lifestyle", "daily_plan_req", "living_area"))


def knows_topic_by_memory(resident: Resident, words: Sequence[str]) -> bool:
    """A memory that came from someone mentions the topic, or the resident's own persona does."""
    return mentions(persona_text(resident), words) or any(
        record.source is not None and mentions(record.description, words) for record in resident.memory.records())


def knows_person_by_memory(resident: Resident, name: str) -> bool:
    """Some memory, the persona or a known place of the resident's names ``name``."""
    words = (name,)
    return (mentions(persona_text(resident), words)
            or any(mentions(record.description, words) for record in resident.memory.records())
            or any(mentions(place, words) for place in places_of(resident)))


def density(names: Sequence[str], pairs: Iterable[Pair]) -> float:
    """``2|E| / (|V| (|V| - 1))`` of the graph on ``names`` with edges ``pairs`` (0 under two residents)."""
    graph = nx.Graph()
    graph.add_nodes_from(names)
    graph.add_edges_from(pairs)
    return float(nx.density(graph)) if len(names) > 1 else 0.0


def _pair(a: str, b: str) -> Pair:
    return (a, b) if a <= b else (b, a)


def mutual(knows: set[tuple[str, str]], names: Sequence[str]) -> tuple[Pair, ...]:
    """The pairs of ``names`` in which each knows the other (``knows``: (who, of whom))."""
    return tuple(_pair(a, b) for a, b in itertools.combinations(sorted(names), 2)
                 if (a, b) in knows and (b, a) in knows)


def _sorted(names: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted(set(names)))


# -- figures -----------------------------------------------------------------------------------------


def topic_figures(topic: Topic, residents: Mapping[str, Resident], answers: Sequence[Answer],
                  trace_hearers: Iterable[str]) -> TopicFigures:
    said_yes = {a.resident for a in answers if a.question.kind == TOPIC and a.question.subject == topic.name
                and a.says_yes}
    grounded = {name for name, resident in residents.items() if knows_topic_by_memory(resident, topic.words)}
    hearers = set(trace_hearers)
    return TopicFigures(
        topic=topic.name, residents=len(residents), knowers=_sorted(said_yes & grounded),
        hallucinated=_sorted(said_yes - grounded), grounded_but_no=_sorted(grounded - said_yes),
        trace_hearers=_sorted(hearers),
        disagreement=Disagreement(_sorted(hearers - said_yes), _sorted(said_yes - hearers)))


def acquaintance_figures(residents: Mapping[str, Resident], answers: Sequence[Answer]) -> AcquaintanceFigures:
    names = sorted(residents)
    asked = [a for a in answers if a.question.kind == PERSON]
    by_memory = {(a, b) for a in names for b in names if a != b and knows_person_by_memory(residents[a], b)}
    said_yes = [(a.resident, a.question.subject) for a in asked if a.says_yes]
    knows = {pair for pair in said_yes if pair in by_memory}
    pairs, trace_pairs = mutual(knows, names), mutual(by_memory, names)
    return AcquaintanceFigures(
        residents=len(names), answers=len(asked), yes_answers=len(said_yes),
        hallucinated=tuple(pair for pair in said_yes if pair not in by_memory),
        mutual_pairs=pairs, density=density(names, pairs), trace_pairs=trace_pairs,
        trace_density=density(names, trace_pairs),
        disagreement=Disagreement(tuple(f"{a} & {b}" for a, b in trace_pairs if (a, b) not in set(pairs)),
                                  tuple(f"{a} & {b}" for a, b in pairs if (a, b) not in set(trace_pairs))))


def figures_of(simulation: Simulation, answers: Sequence[Answer],
               topics: Sequence[Topic] = VALENTINES_TOPICS) -> TownMeasures:
    """The measures of ``simulation`` from its residents' ``answers`` (no model call)."""
    residents = simulation.residents
    topic_rows = tuple(topic_figures(topic, residents, answers,
                                     (hearing.listener for hearing in topic_trace(simulation, topic.words)))
                       for topic in topics)
    return TownMeasures(scenario=simulation.scenario_name, game_time=f"{simulation.now:%a %Y-%m-%d %H:%M}",
                        residents=tuple(sorted(residents)), topics=topic_rows,
                        acquaintance=acquaintance_figures(residents, answers), answers=tuple(answers))


def interview_town(simulation: Simulation, services: MindServices, topics: Sequence[Topic] = VALENTINES_TOPICS,
                   *, workers: int = 1) -> tuple[Answer, ...]:
    """Every resident's battery (two calls each), ``workers`` residents at a time; frozen copies are
    interviewed, so the town is not changed."""
    names = sorted(simulation.residents)
    copies = [simulation.residents[name].frozen_copy() for name in names]
    now, config = simulation.now, simulation.config

    def one(resident: Resident) -> tuple[Answer, ...]:
        log.info("interviewing %s", resident.name)
        return interview_resident(resident, names, topics, now, services, config)

    with ThreadPoolExecutor(max_workers=max(1, workers), thread_name_prefix="measure") as pool:
        return tuple(answer for answers in pool.map(one, copies) for answer in answers)


def measure_town(simulation: Simulation, services: MindServices, topics: Sequence[Topic] = VALENTINES_TOPICS,
                 *, workers: int = 1) -> TownMeasures:
    """Interview every resident and compute the measures (see the module docstring)."""
    return figures_of(simulation, interview_town(simulation, services, topics, workers=workers), topics)
