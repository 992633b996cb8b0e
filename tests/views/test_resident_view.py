"""Frozen views of a resident ("read every mind"): built from a live offline simulation, they show the
action, today's schedule with its steps, the chat under way revealed line by line, past conversations,
every memory newest first (whispers marked), reflections with their evidence and relationships; the
version changes exactly when something shown changes; a 5,000-memory resident builds fast (timed)."""

from __future__ import annotations

import time
from functools import lru_cache
from itertools import pairwise

import numpy as np
import pytest

from agents.cognition.importance import remember
from agents.cognition.services import MindServices
from agents.engine.mind_services_factory import offline_services
from agents.engine.simulation import Simulation
from agents.engine.town_steps import hold_conversation, run_steps, step_once
from agents.llm.local_embedder import HashedNgramEmbedder
from agents.memory.records import MemoryKind
from agents.paths import shipped_worlds_dir
from agents.views.resident_view import InterviewView
from agents.views.resident_view_builder import (
    MemoryViewCache,
    resident_detail_view,
    resident_summaries,
    thinking_by_resident,
)
from agents.world.world_folder import WorldFolder, load_world_folder

ISABELLA, MARIA, KLAUS = "Isabella Rodriguez", "Maria Lopez", "Klaus Mueller"


@lru_cache(maxsize=1)
def town() -> WorldFolder:
    return load_world_folder(shipped_worlds_dir() / "smallville")


def services() -> MindServices:
    return offline_services(HashedNgramEmbedder(dimension=64))


def simulation_after(hours: float, mind: MindServices) -> Simulation:
    folder = town()
    sim = Simulation.create(folder.world_map, folder.load_scenario("three"), mind, seed=4)
    run_steps(sim, round(hours * 3600 / sim.clock.step_seconds), mind)
    return sim


def test_the_view_shows_who_they_are_what_they_do_and_plan_and_remember() -> None:
    mind = services()
    sim = simulation_after(8.5, mind)
    cache = MemoryViewCache()
    resident = sim.residents[KLAUS]
    view = resident_detail_view(sim, KLAUS, cache=cache)
    persona = resident.persona
    assert (view.name, view.first_name, view.age, view.traits, view.occupation) == (
        KLAUS, persona.first_name, persona.age, persona.innate, persona.learned)
    assert view.now == sim.now and view.step_index == sim.clock.step_index
    action = resident.action
    assert action is not None and view.action is not None
    assert (view.action.description, view.action.address, view.action.start, view.action.end) == (
        action.description, action.address, action.start, action.end)
    assert view.action.address == ":".join(
        p for p in ("the Ville", view.action.sector, view.action.arena, view.action.game_object) if p)
    assert view.daily_plan == resident.daily_plan and view.daily_plan
    # today's schedule: one current block; its steps: done ones, then the action now, then the plan next
    assert [(s.start_hour, s.activity) for s in view.schedule] == [(b.start_hour, b.activity) for b in resident.schedule]
    current = [item for item in view.schedule if item.is_current]
    assert len(current) == 1 and current[0].activity == resident.block_at(sim.now).activity  # type: ignore[union-attr]
    steps = [step for item in view.schedule for step in item.steps]
    statuses = [step.status for step in steps]
    assert statuses.count("now") == 1 and statuses.index("now") == len([s for s in statuses if s == "done"])
    assert set(statuses[statuses.index("now") + 1:]) <= {"next"}
    now_step = steps[statuses.index("now")]
    assert now_step.description == action.description and now_step.start == action.start
    assert [s.description for s in steps if s.status == "next"] == [p.description for p in resident.pending_actions]
    done = [s for s in steps if s.status == "done"]
    assert done and all(a.start < b.start for a, b in pairwise(done))  # type: ignore[operator]
    # every memory, newest first, as the stream holds it; the history CSV lines are marked whispered
    records = resident.memory.records()
    assert [m.memory_id for m in view.memories] == [r.memory_id for r in reversed(records)]
    for memory in view.memories[:50]:
        record = resident.memory[memory.memory_id]
        assert (memory.kind, memory.description, memory.importance) == (record.kind.value, record.description,
                                                                       record.importance)
        assert memory.last_access == resident.memory.last_access_of(record.memory_id)
    whispered = [m for m in view.memories if m.whispered]
    assert len(whispered) == 5 and all(m.kind == "thought" for m in whispered)
    assert not any(m.whispered for m in view.memories if m.kind == "observation")
    # what they think of the others, from their own memories (the history whispers name them)
    others = {r.name: r for r in view.relationships}
    assert set(others) == {MARIA, ISABELLA}
    assert MARIA in others[MARIA].opinion and others[MARIA].conversations == 0
    assert view.interview == InterviewView((), False, "")


def test_version_and_tuples_change_exactly_when_something_shown_changes() -> None:
    mind = services()
    sim = simulation_after(1, mind)
    cache = MemoryViewCache()
    first = resident_detail_view(sim, MARIA, cache=cache)
    again = resident_detail_view(sim, MARIA, cache=cache)
    assert again.version == first.version and again == first
    assert again.memories is first.memories and again.memory_version == first.memory_version
    assert resident_detail_view(sim, MARIA, cache=cache, thinking="action place").version != first.version
    record = sim.whisper(MARIA, "Klaus Mueller is coming to the party", mind)
    whispered = resident_detail_view(sim, MARIA, cache=cache)
    assert whispered.version != first.version and whispered.memory_version != first.memory_version
    assert whispered.memories[0].memory_id == record.memory_id and whispered.memories[0].whispered
    assert whispered.memories[1:] == first.memories  # the others are the same views
    # a touch (retrieval marks memories accessed) shows as a new last access, only on those memories
    later = sim.now.replace(hour=sim.now.hour + 1)
    sim.residents[MARIA].memory.touch([0], later)
    touched = resident_detail_view(sim, MARIA, cache=cache)
    assert touched.version != whispered.version
    assert touched.memories[-1].last_access == later and touched.memories[:-1] == whispered.memories[:-1]
    step_once(sim, mind)
    assert resident_detail_view(sim, MARIA, cache=cache).version != touched.version  # the time shown moved on


def test_a_chat_under_way_is_revealed_line_by_line_then_becomes_a_past_conversation() -> None:
    mind = services()
    sim = simulation_after(10, mind)
    hold_conversation(sim, ISABELLA, MARIA, mind)
    isabella = sim.residents[ISABELLA]
    chat = isabella.conversations[-1]
    assert isabella.action is not None and isabella.action.chat_with == MARIA and len(chat.turns) >= 3
    view = resident_detail_view(sim, ISABELLA)
    talk = view.conversation_now
    assert talk is not None and talk.under_way and talk.partner == MARIA
    assert talk.lines == chat.turns[:1]  # the first line at once
    seen = [len(talk.lines)]
    while sim.now < isabella.action.end:
        sim.advance_clock()  # game time passes; nobody thinks
        shown = resident_detail_view(sim, ISABELLA).conversation_now
        if shown is not None:
            assert shown.lines == chat.turns[:len(shown.lines)]
            seen.append(len(shown.lines))
    assert seen == sorted(seen) and seen[-1] == len(chat.turns) and len(set(seen)) > 2
    after = resident_detail_view(sim, ISABELLA)
    assert after.conversation_now is None
    assert after.past_conversations[0].partner == MARIA and after.past_conversations[0].lines == chat.turns
    assert not after.past_conversations[0].under_way
    talked = {r.name: r for r in after.relationships}[MARIA]
    assert talked.conversations == 1 and talked.last_talked_at == chat.started_at
    assert after.relationships[0].name == MARIA  # whom they talked with first
    maria_side = resident_detail_view(sim, MARIA)
    assert maria_side.past_conversations[0].partner == ISABELLA


def test_reflections_come_with_their_evidence() -> None:
    mind = services()
    sim = simulation_after(0.5, mind)
    klaus = sim.residents[KLAUS]
    remember(klaus, mind, MemoryKind.REFLECTION, "Klaus Mueller cares about Maria Lopez", sim.now, sim.config,
             importance=7, evidence_ids=(0, 2))
    view = resident_detail_view(sim, KLAUS)
    assert len(view.reflections) == 1
    reflection = view.reflections[0]
    assert reflection.memory.description == "Klaus Mueller cares about Maria Lopez"
    assert [m.memory_id for m in reflection.evidence] == [0, 2]
    assert reflection.evidence[0] == view.memories[-1]
    assert {r.name: r for r in view.relationships}[MARIA].opinion == "Klaus Mueller cares about Maria Lopez"


def test_summaries_list_everyone_with_who_is_thinking() -> None:
    mind = services()
    sim = simulation_after(0.5, mind)
    thinking = thinking_by_resident([(MARIA, "action_place"), (MARIA, "embed"), (KLAUS, "reflection")])
    assert thinking == {MARIA: "action place, embed", KLAUS: "reflection"}
    summaries = resident_summaries(sim, thinking)
    assert [s.name for s in summaries] == list(sim.residents)
    for summary in summaries:
        action = sim.residents[summary.name].action
        assert action is not None and (summary.activity, summary.emoji, summary.address) == (
            action.description, action.emoji, action.address)
        assert summary.thinking == thinking.get(summary.name, "")


def test_a_resident_with_5000_memories_builds_fast(capsys: pytest.CaptureFixture[str]) -> None:
    mind = services()
    sim = simulation_after(0.1, mind)
    stream = sim.residents[ISABELLA].memory
    rng = np.random.default_rng(0)
    vectors = rng.normal(size=(5000, stream.embedding_dimension)).astype(np.float32)
    for index in range(5000 - len(stream)):
        kind = (MemoryKind.OBSERVATION, MemoryKind.THOUGHT, MemoryKind.REFLECTION)[index % 3]
        stream.add(kind, f"memory {index} about Maria Lopez" if index % 7 == 0 else f"memory {index}",
                   sim.now, 1 + index % 10, vectors[index], evidence_ids=(0, 1) if kind is MemoryKind.REFLECTION else ())
    cache = MemoryViewCache()
    began = time.perf_counter()
    first = resident_detail_view(sim, ISABELLA, cache=cache)
    first_seconds = time.perf_counter() - began
    began = time.perf_counter()
    for _ in range(20):
        again = resident_detail_view(sim, ISABELLA, cache=cache)
    unchanged_seconds = (time.perf_counter() - began) / 20
    began = time.perf_counter()
    for step in range(20):
        stream.touch([step * 10, step * 10 + 1], sim.now)  # what a step's retrieval does
        stream.add(MemoryKind.OBSERVATION, f"new {step}", sim.now, 2, vectors[step])
        changed = resident_detail_view(sim, ISABELLA, cache=cache)
    changed_seconds = (time.perf_counter() - began) / 20
    assert len(first.memories) == 5000 and len(changed.memories) == 5020 and again.memories is first.memories
    assert len(changed.reflections) == len([r for r in stream.records() if r.kind is MemoryKind.REFLECTION])
    assert changed.memories[0].description == "new 19"
    with capsys.disabled():
        print(f"\n5,000-memory resident view: first build {first_seconds * 1000:.1f} ms, unchanged "
              f"{unchanged_seconds * 1000:.2f} ms, after a step's changes {changed_seconds * 1000:.2f} ms")
