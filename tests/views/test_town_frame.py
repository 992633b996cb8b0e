"""The town's frame (what the map, sprites and bubbles draw) built from a live offline simulation:
every resident with the tile before the step, the action, the chat lines shown so far (the very
lines of the inspector's conversation under way) and the thinking; the runner re-exports the same
values, so drawing code sees no difference."""

from __future__ import annotations

from agents.engine.mind_services_factory import offline_services
from agents.engine.simulation import Simulation
from agents.engine.town_steps import run_steps
from agents.llm.local_embedder import HashedNgramEmbedder
from agents.paths import shipped_worlds_dir
from agents.views.resident_view_builder import resident_detail_view
from agents.views.town_frame import ResidentView, SimulationView, initial_view, tiles_of_residents, view_of
from agents.world.world_folder import load_world_folder


def test_the_frame_has_every_resident_with_the_tile_before_and_the_chat_shown_so_far() -> None:
    services = offline_services(HashedNgramEmbedder(dimension=64))
    folder = load_world_folder(shipped_worlds_dir() / "smallville")
    simulation = Simulation.create(folder.world_map, folder.load_scenario("three"), services, seed=5)
    run_steps(simulation, 12 * 360 - 30, services)
    chats_seen, moves_seen = 0, 0
    for _ in range(300):
        before = tiles_of_residents(simulation)
        run_steps(simulation, 1, services)
        thinking = {"Maria Lopez": "action place"}
        frame = view_of(simulation, before, thinking)
        assert (frame.step_index, frame.now) == (simulation.clock.step_index, simulation.now)
        assert [r.name for r in frame.residents] == list(simulation.residents)
        for shown in frame.residents:
            resident = simulation.residents[shown.name]
            action = resident.action
            assert (shown.tile, shown.previous_tile) == (resident.tile, before[shown.name])
            expected = (action.description, action.emoji, action.address, action.chat_with) if action else ("",) * 4
            assert (shown.activity, shown.emoji, shown.address, shown.chat_with) == expected
            assert shown.thinking == thinking.get(shown.name, "")
            talking = resident_detail_view(simulation, shown.name).conversation_now
            assert shown.chat == (talking.lines if talking is not None else ())
            chats_seen += bool(shown.chat)
            moves_seen += shown.tile != shown.previous_tile
    assert chats_seen and moves_seen, "noon should have residents walking and talking"


def test_before_the_town_exists_everyone_stands_at_their_spawn_tile() -> None:
    scenario = load_world_folder(shipped_worlds_dir() / "smallville").load_scenario("three")
    frame = initial_view(scenario)
    assert frame.step_index == 0 and frame.now == scenario.start_time
    assert [(r.name, r.tile, r.previous_tile, r.chat, r.thinking) for r in frame.residents] == [
        (p.name, p.spawn_tile, p.spawn_tile, (), "") for p in scenario.personas]


def test_the_runner_hands_out_the_same_frame_values() -> None:
    from agents.engine import simulation_runner

    assert simulation_runner.ResidentView is ResidentView and simulation_runner.SimulationView is SimulationView
    assert simulation_runner.view_of is view_of and simulation_runner.initial_view is initial_view
