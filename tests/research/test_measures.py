"""The paper's measures by interview: a known diffusion (A tells B, B tells C, D never hears) over
the scripted test server (the interview's calls over HTTP), a planted "yes" without a source, density on a known graph, the command."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import replace
from pathlib import Path

import pytest

from agents.cli.main import main
from agents.cognition.importance import remember
from agents.cognition.services import MindServices
from agents.engine.simulation import Simulation
from agents.llm.offline import OFFLINE_ANSWERS
from agents.llm.offline.knowledge import says_yes
from agents.memory.records import CONVERSATION, MemoryKind, MemorySource
from agents.persistence.save_slots import save_slot
from agents.research.interview_battery import PARTY, PERSON, TOPIC
from agents.research.measures import TopicFigures, TownMeasures, density, measure_town, mutual
from agents.research.measures_report import measures_json, measures_table
from tests.engine.scripted_server import scripted_server
from tests.memory.test_memory_sources import town

A, B, C, D = "Isabella Rodriguez", "Maria Lopez", "Klaus Mueller", "Ayesha Khan"
PARTY_TALK = "Isabella's Valentine's Day party at Hobbs Cafe"


def _me(context: Mapping[str, object]) -> str:
    return str(context["persona"]["name"])  # type: ignore[index]


def _chat(sim: Simulation, services: MindServices, first: str, second: str, gist: str) -> None:
    """What each side takes away from a chat (as the town's finish_chat does): a memory heard from the other."""
    for me, partner in ((first, second), (second, first)):
        remember(sim.residents[me], services, MemoryKind.DIALOGUE, f"{first} and {second} talked about {gist}",
                 sim.now, sim.config, importance=4, source=MemorySource(CONVERSATION, partner, me, sim.now))


def _diffusion_town(services: MindServices) -> Simulation:
    """Four residents at 9 am with no history: A (the party is her own news, in her persona) tells B,
    B tells C, C chats with D about the weather."""
    scenario = town().load_scenario("valentines")
    scenario = replace(scenario, personas=tuple(scenario.persona(name) for name in (A, B, C, D)),
                       start_time=scenario.start_time.replace(hour=9))
    sim = Simulation.create(town().world_map, scenario, services, seed=3, load_history_csv=False)
    _chat(sim, services, A, B, PARTY_TALK)
    _chat(sim, services, B, C, PARTY_TALK)
    _chat(sim, services, C, D, "the weather")
    return sim


def _topic(measures: TownMeasures, name: str) -> TopicFigures:
    return next(row for row in measures.topics if row.topic == name)


def _answer(measures: TownMeasures, resident: str, subject: str) -> bool:
    return next(a.says_yes for a in measures.answers if a.resident == resident and a.question.subject == subject)


@pytest.mark.slow
def test_a_told_b_told_c_and_d_never_heard() -> None:
    with scripted_server() as (services, _, server):
        sim = _diffusion_town(services)
        before = server.stats.chat_requests
        measures = measure_town(sim, services, workers=2)
        assert server.stats.chat_requests - before == 2 * 4  # the battery and its judging, per resident
    party = _topic(measures, PARTY.name)
    assert party.knowers == tuple(sorted((A, B, C))) and party.share == 0.75
    assert not _answer(measures, D, PARTY.name) and party.hallucinated == () and party.grounded_but_no == ()
    assert {B, C} <= set(party.trace_hearers) and D not in party.trace_hearers
    assert party.disagreement.trace_only == ()
    assert not measures.fallback_residents
    # everyone is asked of everyone else, once
    people = [a for a in measures.answers if a.question.kind == PERSON]
    assert len(people) == 4 * 3 and len([a for a in measures.answers if a.question.kind == TOPIC]) == 4 * 2
    # C and D talked, so each knows the other; nobody's "yes" to a person lacks a memory of them
    assert _answer(measures, D, C) and _answer(measures, C, D)
    assert (C, D) in measures.acquaintance.mutual_pairs or (D, C) in measures.acquaintance.mutual_pairs
    assert measures.acquaintance.hallucinated == ()


def _yes_from(who: str) -> Callable[[Mapping[str, object]], object]:
    def answer(context: Mapping[str, object]) -> object:
        if _me(context) != who:
            return OFFLINE_ANSWERS["knowledge_battery"](context)
        return {"answers": [{"id": q["id"], "answer": "Yes, of course I do."}  # type: ignore[index]
                            for q in context["questions"]]}  # type: ignore[union-attr]
    return answer


@pytest.mark.slow
def test_a_yes_without_a_source_is_hallucinated() -> None:
    with scripted_server({"knowledge_battery": _yes_from(D)}) as (services, _, _server):
        sim = _diffusion_town(services)
        # D also saw (not heard) something of the party: a memory without a source carries nothing
        remember(sim.residents[D], services, MemoryKind.OBSERVATION, "a Valentine's Day poster on a wall",
                 sim.now, sim.config, importance=2)
        measures = measure_town(sim, services)
    party = _topic(measures, PARTY.name)
    assert party.knowers == tuple(sorted((A, B, C))) and party.hallucinated == (D,)
    assert party.disagreement.interview_only == (D,)  # said yes, never heard it from anyone
    known = measures.acquaintance
    assert (D, C) not in known.hallucinated  # they talked
    assert (D, A) in known.hallucinated and (D, B) in known.hallucinated  # never met, never named to her
    assert known.hallucination_rate == pytest.approx(len(known.hallucinated) / known.yes_answers)
    document = measures_json(measures)
    assert document["topics"][0]["hallucinated"] == [D]
    assert "hallucinated Ayesha Khan" in measures_table(measures)


def test_density_is_over_mutual_acquaintance() -> None:
    names = ["A", "B", "C", "D"]
    assert density(names, [("A", "B"), ("B", "C"), ("C", "D")]) == 0.5
    assert density(names, []) == 0.0 and density(["A"], []) == 0.0
    one_way = {("A", "B"), ("B", "A"), ("A", "C"), ("C", "D"), ("D", "C")}
    assert mutual(one_way, names) == (("A", "B"), ("C", "D"))
    assert density(names, mutual(one_way, names)) == pytest.approx(2 / 6)


def test_the_offline_judge_hears_yes_and_no() -> None:
    assert says_yes("Yes, Isabella told me.") and says_yes("Sam Moore is running, I hear.")
    assert not says_yes("No, I don't know anything about that.") and not says_yes("I don't think so")
    assert not says_yes("I have never heard of her.") and not says_yes("  ")


@pytest.mark.slow
def test_measure_command_on_a_save_slot(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with scripted_server() as (services, _, _server):
        sim = _diffusion_town(services)
    save_slot(sim, "diffused", tmp_path)
    out = tmp_path / "measures.json"
    assert main(["measure", "diffused", "--saves-dir", str(tmp_path), "--out", str(out)]) == 0
    document = json.loads(out.read_text(encoding="utf-8"))
    assert document["slot"] == "diffused" and document["model"].startswith("offline")
    party = document["topics"][0]
    assert party["topic"] == "party" and party["knowers"] == sorted((A, B, C))
    assert len(document["answers"]) == 4 * (2 + 3)
    assert "knows the party" in capsys.readouterr().out
    assert main(["measure", "missing", "--saves-dir", str(tmp_path)]) == 2
