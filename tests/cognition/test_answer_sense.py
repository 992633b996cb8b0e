"""The minds keep a model's valid answers sensible (issue 15): places that fit their block, schedules
that sleep at night, decompositions that neither contradict their block nor loop, reflections that are
neither repeated nor too many, conversations paced; every correction counted by kind."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from agents.cognition.answer_sense import (
    DECOMPOSITION_CONTRADICTS_BLOCK,
    DECOMPOSITION_REPEATS_ACTIONS,
    PLACE_DOES_NOT_FIT_BLOCK,
    SLEEP_AWAY_FROM_HOME,
    decomposition_problem,
    placement_problem,
    schedule_problem,
)
from agents.cognition.config import MindConfig
from agents.cognition.importance import remember
from agents.cognition.plan import (
    PlannedAction,
    cached_placement,
    decompose,
    hourly_schedule,
    place,
    planning_context,
)
from agents.cognition.react import has_room_to_talk
from agents.cognition.reflect import (
    Insight,
    Reflection,
    apply_reflection,
    calibrated_threshold,
    should_reflect,
)
from agents.cognition.resident import Conversation, ScheduleBlock
from agents.memory.records import MemoryKind
from tests.cognition.scripted import CONFIG, EPOCH, ScriptedModel, make_resident, services_with


def _context():  # type: ignore[no-untyped-def]
    return planning_context(make_resident(), EPOCH)


def test_sleep_is_at_home_and_a_named_place_is_kept() -> None:
    context = _context()
    home = str(context["persona"]["living_area"]).split(":")[1]  # type: ignore[index]
    assert placement_problem("Hobbs Cafe", "sleeping", "sleeping", context) == SLEEP_AWAY_FROM_HOME
    assert placement_problem(home, "sleeping", "sleeping", context) == ""
    assert placement_problem(home, "serving customers", "working behind the counter at Hobbs Cafe",
                             context) == PLACE_DOES_NOT_FIT_BLOCK
    assert placement_problem("Hobbs Cafe", "serving customers", "working behind the counter at Hobbs Cafe", context) == ""


def test_a_schedule_awake_before_waking_up_or_without_sleep_makes_no_sense() -> None:
    awake = (ScheduleBlock(0, 9, "drinking coffee at Hobbs Cafe"), ScheduleBlock(9, 24, "working"))
    assert schedule_problem(awake, 7)
    night_owl = (ScheduleBlock(0, 2, "relaxing at home before bed"), ScheduleBlock(2, 10, "sleeping"),
                 ScheduleBlock(10, 24, "writing"))
    assert schedule_problem(night_owl, 10) == ""


def test_a_decomposition_that_sleeps_goes_elsewhere_or_loops_makes_no_sense() -> None:
    context = _context()
    block = ScheduleBlock(8, 12, "working behind the counter at Hobbs Cafe")
    assert decomposition_problem(block, ["taking a nap"], context, {}) == DECOMPOSITION_CONTRADICTS_BLOCK
    assert decomposition_problem(block, ["drinking at The Rose and Crown Pub"], context, {}) == DECOMPOSITION_CONTRADICTS_BLOCK
    assert decomposition_problem(block, ["serving"] * 5, context, {}) == DECOMPOSITION_REPEATS_ACTIONS
    assert decomposition_problem(block, ["serving"], context, {"serving": 4}) == DECOMPOSITION_REPEATS_ACTIONS
    assert decomposition_problem(block, ["serving", "restocking"], context, {"serving": 2}) == ""


def test_nonsense_answers_are_replaced_by_the_offline_rules_and_counted() -> None:
    cafe = {"sector": "Hobbs Cafe", "arena": "cafe", "game_object": "cafe customer seating", "emoji": "z",
            "event": {"subject": "a", "predicate": "is", "object": "b"}, "object_state": "used"}
    model = ScriptedModel({
        "action_place": lambda c: cafe,
        "hourly_schedule": lambda c: {"blocks": [{"start_hour": 0, "activity": "drinking coffee"},
                                                 {"start_hour": 9, "activity": "working"}]},
        "decompose_action": lambda c: {"subtasks": [{"description": "taking a nap", "duration_minutes": 60}]},
    })
    services = services_with(model)
    me = make_resident()
    context = planning_context(me, EPOCH)
    if "Hobbs Cafe" not in str(context["spatial_memory"]):
        return  # the scripted resident does not know the cafe: nothing to place there
    placed = place(context, services, me.name, PlannedAction("sleeping", 360, "sleeping"), "")
    assert placed.sector == str(me.persona.living_area).split(":")[1]
    schedule = hourly_schedule(context, services, me.name, 7, ("x",))
    assert "sleep" in schedule[0].activity
    actions = decompose(context, services, me.name, ScheduleBlock(9, 12, "working at home"), 60, EPOCH)
    assert not any("nap" in a.description for a in actions) and sum(a.duration_minutes for a in actions) == 60
    kinds = services.runner.counters_snapshot().total().corrections_by_kind
    assert kinds == {"sleep_away_from_home": 1, "schedule_awake_before_wake_up": 1,
                     "decomposition_contradicts_block": 1}
    agents = services.runner.counters_snapshot().corrections_by_agent
    assert sum(agents[me.name].values()) == 3


def test_the_same_task_later_in_the_day_is_placed_without_a_call() -> None:
    cache = {("taking orders in the morning", "working"): "placed"}
    assert cached_placement(cache, "taking orders around midday", "working") == "placed"  # type: ignore[arg-type]
    assert cached_placement(cache, "taking orders around midday", "resting") is None  # type: ignore[arg-type]


def test_a_repeated_or_unsupported_insight_is_not_stored_and_at_most_two_are() -> None:
    services = services_with(ScriptedModel())
    me = make_resident()
    evidence = remember(me, services, MemoryKind.OBSERVATION, "Klaus is reading", EPOCH, CONFIG, importance=3)
    insights = (Insight("Isabella cares about her cafe", (evidence.memory_id,)),
                Insight("Isabella cares about her cafe.", (evidence.memory_id,)),  # the same again
                Insight("Isabella has no evidence", ()),
                Insight("Isabella likes Klaus's company", (evidence.memory_id,)),
                Insight("Isabella wants to throw a party", (evidence.memory_id,)))
    apply_reflection(me, Reflection(("q",), insights, ()), EPOCH, services, CONFIG)
    stored = [r.description for r in me.memory.records() if r.kind is MemoryKind.REFLECTION]
    assert stored == ["Isabella cares about her cafe", "Isabella likes Klaus's company"]
    kinds = services.runner.counters_snapshot().total().corrections_by_kind
    assert kinds == {"reflection_repeat": 1, "reflection_without_evidence": 1}
    apply_reflection(me, Reflection(("q",), insights[:1], ()), EPOCH + timedelta(hours=5), services, CONFIG)
    assert len([r for r in me.memory.records() if r.kind is MemoryKind.REFLECTION]) == 2


def test_the_reflection_threshold_follows_the_models_scale() -> None:
    config = MindConfig(reflection_threshold=150)
    services = services_with(ScriptedModel())
    generous, modest = make_resident(), make_resident("Klaus Mueller")
    for minute in range(0, 12 * 60, 5):
        when = EPOCH + timedelta(minutes=minute)
        remember(generous, services, MemoryKind.OBSERVATION, f"x {minute}", when, config, importance=10)
        remember(modest, services, MemoryKind.OBSERVATION, f"y {minute}", when, config, importance=1)
    now = EPOCH + timedelta(hours=12)
    high, low = calibrated_threshold(generous, config, now), calibrated_threshold(modest, config, now)
    assert high > 150 > low >= 150 * config.calibrated_threshold_min_fraction
    # a day's importance divided by the target number of reflections a day
    assert abs(high - 10 * 144 * 2 / config.reflections_per_game_day) < 1
    generous.importance_since_reflection = 1000
    assert not should_reflect(generous, config, now)
    generous.importance_since_reflection = int(high) + 1
    assert should_reflect(generous, config, now)
    assert not should_reflect(generous, replace(config, reflection_threshold=10_000), now)


def test_no_more_than_two_conversations_an_hour_and_a_gap_between_them() -> None:
    config = CONFIG
    me = make_resident()
    assert has_room_to_talk(me, EPOCH, config)
    me.conversations.append(Conversation((me.name, "Klaus Mueller"), (), EPOCH))
    assert not has_room_to_talk(me, EPOCH + timedelta(minutes=10), config)  # within the gap
    me.conversations.append(Conversation((me.name, "Maria Lopez"), (), EPOCH + timedelta(minutes=50)))
    assert not has_room_to_talk(me, EPOCH + timedelta(minutes=59), config)
    assert has_room_to_talk(me, EPOCH + timedelta(minutes=100), config)
    for hour in range(config.max_conversations_per_game_day):
        me.conversations.append(Conversation((me.name, "X Y"), (), EPOCH + timedelta(hours=2 + hour)))
    assert not has_room_to_talk(me, EPOCH + timedelta(hours=20), config)
