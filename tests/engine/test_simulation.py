"""Scenario tests of the sequential simulation: one offline day of three residents, pickling, perception,
and two residents talking through the OpenAI-compatible test server (with a whisper)."""

from __future__ import annotations

import pickle
from dataclasses import replace
from functools import lru_cache

from agents.cognition.perceive import perceive
from agents.cognition.services import MindServices
from agents.engine.mind_services_factory import offline_services as offline_services_with
from agents.engine.simulation import Simulation
from agents.engine.town_steps import hold_conversation, run_steps, step_once
from agents.llm.local_embedder import HashedNgramEmbedder
from agents.memory.records import MemoryKind
from agents.paths import shipped_worlds_dir
from agents.world.tile_events import TileEvent
from agents.world.world_folder import WorldFolder, load_world_folder
from tests.engine.scripted_server import scripted_server

EATING = ("breakfast", "lunch", "dinner", "eat")


@lru_cache(maxsize=1)
def town() -> WorldFolder:
    return load_world_folder(shipped_worlds_dir() / "smallville")


def offline_services() -> MindServices:
    return offline_services_with(HashedNgramEmbedder(dimension=256))


def test_three_residents_live_one_offline_day() -> None:
    folder = town()
    scenario = folder.load_scenario("three")
    services = offline_services()
    sim = Simulation.create(folder.world_map, scenario, services, seed=3)
    world = sim.world
    steps = sim.clock.steps_per_day()
    areas: dict[str, set[str]] = {name: set() for name in sim.residents}
    tiles_at: dict[tuple[str, int], tuple[int, int]] = {}
    for index in range(steps):
        step_once(sim, services)
        for name, resident in sim.residents.items():
            areas[name].add(sim.places.area_of(resident.tile))
            if index in (3 * 360, steps - 1):
                tiles_at[(name, index)] = resident.tile
    wake_hours = {}
    for name, resident in sim.residents.items():
        persona = resident.persona
        wake_hours[name] = resident.wake_up_hour
        log = resident.action_log
        first_sleep = next(i for i, (_, what, _, _) in enumerate(log) if "sleep" in what.casefold())
        first_awake = next(start for start, what, _, _ in log[first_sleep:] if "sleep" not in what.casefold())
        assert first_awake.hour == resident.wake_up_hour, name
        activities = {block.activity for block in resident.schedule}
        assert all(parent in activities for _, _, _, parent in resident.action_log[1:]), name
        assert len({parent for _, _, _, parent in resident.action_log}) >= 5, name
        assert len(areas[name]) >= 3, (name, areas[name])
        assert any(word in what.casefold() for _, what, _, _ in resident.action_log for word in EATING), name
        bed = world.tiles_of(f"{persona.living_area}:bed")
        assert tiles_at[(name, 3 * 360)] in bed and tiles_at[(name, steps - 1)] in bed, name
        assert any(r.kind is MemoryKind.PLAN for r in resident.memory.records())
    assert len(set(wake_hours.values())) == 3  # each wakes at their own hour


def test_simulation_pickles_and_continues_identically() -> None:
    folder = town()
    services = offline_services()
    sim = Simulation.create(folder.world_map, folder.load_scenario("three"), services, seed=7)
    run_steps(sim, 8 * 360, services)  # to 8 am: everyone is up and about
    copy = pickle.loads(pickle.dumps(sim))
    run_steps(sim, 300, services)
    run_steps(copy, 300, services)
    for name in sim.residents:
        a, b = sim.residents[name], copy.residents[name]
        assert a.tile == b.tile and a.action == b.action and a.action_log == b.action_log
        assert a.memory.records() == b.memory.records()
    assert sim.events == copy.events and sim.rng.random() == copy.rng.random()


def test_perception_is_nearest_first_bounded_in_arena_and_retained() -> None:
    folder = town()
    services = offline_services()
    sim = Simulation.create(folder.world_map, folder.load_scenario("three"), services, seed=1, load_history_csv=False)
    me = sim.residents["Isabella Rodriguez"]
    x, y = me.tile
    sim.events = type(sim.events)()
    near = [(x + dx, y) for dx in range(1, 12)]
    for i, tile in enumerate(near):
        sim.events.add(tile, TileEvent(f"thing {i}", "is", "busy", f"thing {i} is busy"))
    seen = perceive(me, sim.events, sim.places, sim.config)
    area = sim.places.area_of(me.tile)
    assert len(seen) <= sim.config.attention_bandwidth
    assert [p.distance_tiles for p in seen] == sorted(p.distance_tiles for p in seen)
    assert all(p.distance_tiles <= sim.config.vision_radius_tiles and sim.places.area_of(p.tile) == area for p in seen)
    from agents.cognition.importance import remember
    for p in seen:
        remember(me, services, MemoryKind.OBSERVATION, p.description, sim.now, sim.config,
                 triple=(p.event.subject, p.event.predicate, p.event.object))
    assert perceive(me, sim.events, sim.places, sim.config) == []  # retained: nothing new


def test_two_residents_meet_talk_remember_and_carry_a_whisper() -> None:
    folder = town()
    scenario = folder.load_scenario("three")
    world = folder.world_map
    cafe = sorted(t for t in world.tiles_of("the Ville:Hobbs Cafe:cafe") if world.is_walkable(t))
    a_tile = cafe[len(cafe) // 2]
    b_tile = next(t for t in cafe if t != a_tile and abs(t[0] - a_tile[0]) + abs(t[1] - a_tile[1]) <= 2)
    neutral = "{name} is going about an ordinary week."
    personas = tuple(
        replace(p, currently=neutral.format(name=p.name), spawn_tile=tile)
        for p, tile in zip(scenario.personas, (a_tile, b_tile, b_tile))
    )
    scenario = replace(scenario, personas=personas, start_time=scenario.start_time.replace(hour=10))

    def utter(context):  # type: ignore[no-untyped-def]
        memories = [m for m in context.get("relevant_memories", []) if "Valentine" in m]
        if memories:
            return {"utterance": f"Guess what: {memories[0]}", "end_conversation": len(context["conversation"]) >= 2}
        return {"utterance": f"Hello {context['partner_name']}, nice to see you.",
                "end_conversation": len(context["conversation"]) >= 2}

    overrides = {"react_decision": lambda c: {"decision": "talk", "reason": "a friend"}, "dialogue_turn": utter}
    with scripted_server(overrides) as (services, meter, server):
        sim = Simulation.create(world, scenario, services, seed=2, load_history_csv=False)
        isabella, maria = sim.residents["Isabella Rodriguez"], sim.residents["Maria Lopez"]
        for _ in range(30):
            step_once(sim, services)
            if sim.conversation_log:
                break
        assert sim.conversation_log, "the two residents standing together never talked"
        first_turns = sim.conversation_log[0][3]
        assert {s for s, _ in first_turns} >= {"Isabella Rodriguez", "Maria Lopez"}
        assert not any("Valentine" in text for _, text in first_turns)
        for me, other in ((isabella, maria), (maria, isabella)):
            dialogue = [r for r in me.memory.records() if r.kind is MemoryKind.DIALOGUE]
            assert dialogue and dialogue[0].object == other.name
        sim.whisper("Isabella Rodriguez", "You are throwing a Valentine's Day party at Hobbs Cafe on "
                    "February 14 from 5 to 7 pm", services)
        hold_conversation(sim, "Isabella Rodriguez", "Klaus Mueller", services)
        hold_conversation(sim, "Isabella Rodriguez", "Maria Lopez", services)
        for _, _, _, turns in sim.conversation_log[1:]:
            said = [text for speaker, text in turns if speaker == "Isabella Rodriguez"]
            assert any("Valentine's Day party at Hobbs Cafe on February 14 from 5 to 7 pm" in t for t in said)
        assert server.stats.chat_requests >= 20
        assert meter.snapshot().total.calls == server.stats.chat_requests
