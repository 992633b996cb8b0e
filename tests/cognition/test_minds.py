"""Unit tests of the mind modules with a scripted model (no network, no world file)."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from agents.cognition.config import MindConfig
from agents.cognition.converse import hold_conversation
from agents.cognition.daily_revision import revise_currently
from agents.cognition.importance import remember, score_unscored
from agents.cognition.interview import interview
from agents.cognition.plan import Placement, decompose, place, plan_day, planning_context
from agents.cognition.react import decide_reaction, may_react
from agents.cognition.reflect import apply_reflection, reflect, should_reflect
from agents.cognition.resident import Action, ScheduleBlock
from agents.cognition.whisper import load_history, whisper
from agents.memory.records import MemoryKind
from tests.cognition.scripted import CONFIG, EPOCH, ScriptedModel, make_resident, services_with


def test_importance_one_call_per_step_and_idle_scores_one_without_a_call() -> None:
    model = ScriptedModel({"importance_batch": lambda c: {"scores": [
        {"id": o["id"], "importance": 7} for o in c["observations"]]}})  # type: ignore[index, union-attr]
    services = services_with(model)
    me = make_resident()
    idle = remember(me, services, MemoryKind.OBSERVATION, "bed is idle", EPOCH, CONFIG, triple=("bed", "", ""))
    for text in ("Klaus is reading", "the piano is being played", "Maria is studying"):
        remember(me, services, MemoryKind.OBSERVATION, text, EPOCH, CONFIG, triple=("x", "is", text))
    assert me.memory[idle.memory_id].importance == 1
    assert score_unscored(me, services, EPOCH) == 3
    assert len(model.calls("importance_batch")) == 1
    assert [me.memory[i].importance for i in range(4)] == [1, 7, 7, 7]
    assert me.importance_since_reflection == 1 + 21
    assert score_unscored(me, services, EPOCH) == 0 and len(model.calls("importance_batch")) == 1


def test_reflection_fires_exactly_at_threshold_and_links_evidence() -> None:
    config = MindConfig(reflection_threshold=20)
    model = ScriptedModel({
        "importance_batch": lambda c: {"scores": [{"id": o["id"], "importance": 5} for o in c["observations"]]},  # type: ignore[index, union-attr]
        "reflection_insights": lambda c: {"insights": [{"insight": "Klaus loves research",
                                                         "evidence_ids": [s["id"] for s in c["statements"][:2]]}]},  # type: ignore[index]
    })
    services = services_with(model)
    me = make_resident()
    for i in range(3):
        remember(me, services, MemoryKind.OBSERVATION, f"Klaus is writing paper {i}", EPOCH, config, triple=("Klaus", "is", f"p{i}"))
    score_unscored(me, services, EPOCH)
    assert me.importance_since_reflection == 15 and not should_reflect(me, config)
    remember(me, services, MemoryKind.OBSERVATION, "Klaus is reading", EPOCH, config, triple=("Klaus", "is", "r"))
    score_unscored(me, services, EPOCH)
    assert me.importance_since_reflection == 20 and should_reflect(me, config)
    reflection = reflect(me, EPOCH, services, config)
    assert len(model.calls("reflection_questions")) == 1
    assert len(model.calls("reflection_insights")) == len(reflection.questions) >= 1
    apply_reflection(me, reflection, EPOCH, services, config)
    reflections = [r for r in me.memory.records() if r.kind is MemoryKind.REFLECTION]
    assert reflections and all(len(r.evidence_ids) == 2 for r in reflections)
    assert all(me.memory[i].kind is MemoryKind.OBSERVATION for r in reflections for i in r.evidence_ids)
    assert me.importance_since_reflection == 0 and not should_reflect(me, config)


def test_planning_day_decomposition_and_one_place_call() -> None:
    model = ScriptedModel()
    services = services_with(model)
    me = make_resident()
    context = planning_context(me, EPOCH)
    day = plan_day(context, services, me.name)
    assert 0 <= day.wake_up_hour <= 23 and len(day.daily_plan) >= 3
    assert day.schedule[0].start_hour == 0 and day.schedule[-1].end_hour == 24
    work = next(b for b in day.schedule if "sleep" not in b.activity)
    actions = decompose(context, services, me.name, work, 60, EPOCH)
    assert sum(a.duration_minutes for a in actions) == 60 and all(a.duration_minutes <= 15 for a in actions)
    calls_before = len(model.requests)
    assert decompose(context, services, me.name, ScheduleBlock(0, 6, "sleeping"), 360, EPOCH)[0].duration_minutes == 360
    assert len(model.requests) == calls_before  # sleep needs no call
    placement = place(context, services, me.name, actions[0], "the Ville")
    assert len(model.calls("action_place")) == 1
    assert placement.sector in me.spatial_memory["the Ville"]
    assert placement.game_object in me.spatial_memory["the Ville"][placement.sector][placement.arena]
    assert placement.emoji and placement.event[1] and placement.object_state


def _busy(resident, description="working"):  # type: ignore[no-untyped-def]
    resident.action = Action(description, description, EPOCH, 60, "the Ville")
    return resident


def test_reaction_gates() -> None:
    noon = EPOCH.replace(hour=12)
    me, other = _busy(make_resident()), _busy(make_resident("Klaus Mueller"))
    assert may_react(me, other, noon, CONFIG)
    assert not may_react(me, other, EPOCH.replace(hour=23, minute=30), CONFIG)  # late at night
    assert not may_react(me, _busy(make_resident("Klaus Mueller"), "sleeping"), noon, CONFIG)
    chatting = make_resident("Klaus Mueller")
    chatting.action = replace(other.action, chat_with="Maria Lopez", start=noon)  # type: ignore[arg-type]
    assert not may_react(me, chatting, noon, CONFIG)
    me.last_chat_at[other.name] = noon - timedelta(minutes=CONFIG.chat_cooldown_minutes - 1)
    assert not may_react(me, other, noon, CONFIG)
    me.last_chat_at[other.name] = noon - timedelta(minutes=CONFIG.chat_cooldown_minutes)
    assert may_react(me, other, noon, CONFIG)
    me.last_considered_at[other.name] = noon - timedelta(minutes=1)
    assert not may_react(me, other, noon, CONFIG)


def test_reaction_is_grounded_in_retrieved_memories() -> None:
    model = ScriptedModel({"react_decision": lambda c: {"decision": "talk", "reason": "friends"}})
    services = services_with(model)
    me, other = _busy(make_resident()), _busy(make_resident("Klaus Mueller"))
    whisper(me, "Klaus Mueller is writing a research paper on gentrification", EPOCH, services, CONFIG)
    reaction = decide_reaction(me, other, "Klaus Mueller is working", EPOCH, services, CONFIG)
    assert reaction.decision == "talk" and reaction.touched_ids == (0,)
    assert "gentrification" in str(model.calls("react_decision")[0].context["relevant_memories"])


def test_conversation_turn_by_turn_ends_when_a_side_ends_and_is_bounded() -> None:
    def turn(c):  # type: ignore[no-untyped-def]
        n = len(c["conversation"])
        return {"utterance": f"line {n}", "end_conversation": n == 3}

    model = ScriptedModel({"dialogue_turn": turn})
    services = services_with(model)
    a, b = _busy(make_resident()), _busy(make_resident("Klaus Mueller"))
    whisper(a, "Klaus Mueller likes jazz", EPOCH, services, CONFIG)
    outcome = hold_conversation(a, b, EPOCH, "Hobbs Cafe", services, CONFIG)
    assert [s for s, _ in outcome.conversation.turns] == [a.name, b.name, a.name, b.name]
    assert "Klaus Mueller likes jazz" in outcome.relevant_memories_shown[0][1]
    assert len(model.calls("conversation_summary")) == 2 and len(model.calls("post_conversation_thought")) == 2
    assert all(side.summary and side.planning_thought and side.memo for side in outcome.sides)
    endless = ScriptedModel({"dialogue_turn": lambda c: {"utterance": f"more {len(c['conversation'])}",  # type: ignore[arg-type]
                                                         "end_conversation": False}})
    long = hold_conversation(a, b, EPOCH, "cafe", services_with(endless), CONFIG)
    assert len(long.conversation.turns) == 2 * CONFIG.max_dialogue_rounds


def test_a_line_said_before_is_not_said_again_and_the_correction_is_counted() -> None:
    parrot = ScriptedModel({"dialogue_turn": lambda c: {"utterance": "I like coffee.", "end_conversation": False}})
    services = services_with(parrot)
    a, b = _busy(make_resident()), _busy(make_resident("Klaus Mueller"))
    outcome = hold_conversation(a, b, EPOCH, "Hobbs Cafe", services, CONFIG)
    for name in (a.name, b.name):
        lines = [text for speaker, text in outcome.conversation.turns if speaker == name]
        assert len(lines) == len(set(lines)) >= 1
    assert len(outcome.conversation.turns) >= 3  # the offline rule's lines took over, so the talk went on
    kinds = services.runner.counters_snapshot().total().corrections_by_kind
    assert kinds["dialogue_line_repeated"] >= 2


def test_whisper_history_interview_and_daily_revision() -> None:
    model = ScriptedModel({"interview_answer": lambda c: {"answer": " | ".join(c["relevant_memories"])}})  # type: ignore[arg-type]
    services = services_with(model)
    me = make_resident()
    residents = {me.name: me}
    loaded = load_history(residents, {me.name: ("You love jazz", "Maria is your friend"), "Nobody": ("x",)},
                          EPOCH, services, CONFIG)
    assert loaded == 2 and me.memory[0].importance == CONFIG.whisper_importance
    record = whisper(me, "You are throwing a Valentine's Day party at Hobbs Cafe on February 14 from 5 to 7 pm",
                     EPOCH, services, CONFIG)
    assert record.kind is MemoryKind.THOUGHT and record.importance == CONFIG.whisper_importance
    answer = interview(me, "Are you planning a Valentine's Day party?", EPOCH, services, CONFIG, remember_it=True)
    assert "Valentine" in answer
    assert me.interview_transcript[0] == ("Interviewer", "Are you planning a Valentine's Day party?")
    assert me.memory.latest(1)[0].description.startswith(f"{me.name} was asked")
    second = interview(me, "And who is your friend?", EPOCH, services, CONFIG)
    assert second and len(model.calls("interview_answer")[1].context["conversation"]) == 2  # type: ignore[arg-type]
    currently = revise_currently(me, EPOCH + timedelta(days=1), services, CONFIG)
    assert currently and len(model.calls("revise_currently")) == 1
    assert "Valentine" in str(model.calls("revise_currently")[0].context["recent_memories"])


def test_placement_value_is_frozen() -> None:
    placement = Placement("s", "a", "o", "x", ("a", "b", "c"), "used")
    with pytest.raises(AttributeError):
        placement.sector = "t"  # type: ignore[misc]
