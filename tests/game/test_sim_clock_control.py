"""The play scene's clock control: steps owed by speed, pause, single step."""

from __future__ import annotations

import pytest

from game.scenes.sim_clock_control import SimClockControl


@pytest.mark.parametrize("speed_index, seconds, expected", [(0, 0.5, 0), (0, 1.0, 1), (3, 1.0, 8), (7, 0.0, 20)])
def test_clock_control_owes_steps_by_speed(speed_index: int, seconds: float, expected: int) -> None:
    control = SimClockControl(speed_index=speed_index)
    control.tick(seconds)
    assert control.steps_due(simulation_ready=True) == expected
    assert control.steps_due(simulation_ready=False) == 0


def test_pause_and_single_step() -> None:
    control = SimClockControl()
    control.toggle_pause()
    control.tick(10)
    assert control.steps_due(True) == 0
    control.step_once()
    assert control.steps_due(True) == 1
    control.step_requested()
    assert control.steps_due(True) == 0 and control.paused


def test_the_scene_pauses_while_the_model_is_unreachable(display, drawable_world) -> None:  # type: ignore[no-untyped-def]
    from agents.engine.mind_services_factory import offline_services
    from agents.engine.simulation_runner import SimulationRunner
    from agents.world.world_folder import load_world_folder
    from game.scenes.play_scene import PlayScene

    world = load_world_folder(drawable_world)
    scenario = world.load_scenario(world.scenario_names()[0])
    health: dict[str, str | None] = {"down": "connection refused"}
    runner = SimulationRunner(world.world_map, scenario, offline_services())
    try:
        scene = PlayScene(world, scenario, display.get_size(), runner=runner, model_label="test",
                          model_down_reason=lambda: health["down"])
        scene.update(0.1)
        assert scene.clock_control.paused and "unreachable" in " ".join(scene._hud_lines())
        health["down"] = None
        scene.update(0.1)
        assert not scene.clock_control.paused and scene.paused_for_model is None
    finally:
        runner.close()


def test_the_measured_speed_is_steps_over_real_time() -> None:
    control = SimClockControl()
    control.measure(100, 0.0)
    control.measure(130, 0.5)
    assert control.measured_steps_per_second == 0.0, "not a whole second yet"
    control.measure(160, 0.5)
    assert control.measured_steps_per_second == pytest.approx(60.0)
    control.measure(160, 1.0)
    assert control.measured_steps_per_second == 0.0
