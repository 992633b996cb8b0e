"""The play scene's clock control: steps owed by speed (the fraction of a step carried from frame to
frame, a bounded catch-up while the simulation is busy), pause, single step, the measured speed, and
"skip to morning" (as fast as possible until a resident wakes, with a real runner and the offline
model: it stops at the first wake-up)."""

from __future__ import annotations

import time

import pytest

from game.scenes.sim_clock_control import (
    MAX_STEPS_PER_REQUEST,
    SPEED_STEPS_PER_SECOND,
    SimClockControl,
    sleep_by_resident,
)


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
        assert scene.clock_control.paused and "unreachable" in " ".join(scene.hud_texts())
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


def requested_over(control: SimClockControl, frames: int, dt_seconds: float) -> int:
    """Steps requested over ``frames`` frames of ``dt_seconds`` with a simulation always ready."""
    total = 0
    for _ in range(frames):
        control.tick(dt_seconds)
        steps = control.steps_due(simulation_ready=True)
        if steps:
            control.step_requested(steps)
            total += steps
    return total


@pytest.mark.parametrize("speed", [15, 30, 60])
def test_the_fraction_of_a_step_is_carried_so_the_asked_speed_is_reached(speed: int) -> None:
    control = SimClockControl(speed_index=SPEED_STEPS_PER_SECOND.index(speed))
    frame_seconds = 1 / 61  # a frame a little shorter than 1/60 s: 60 steps/s is less than a step a frame
    requested = requested_over(control, 610, frame_seconds)  # ten seconds
    assert abs(requested - speed * 10) <= 1
    assert 0 <= control.owed_steps < 1


def test_a_busy_simulation_owes_only_a_short_catch_up() -> None:
    control = SimClockControl(speed_index=SPEED_STEPS_PER_SECOND.index(60))
    for _ in range(120):  # two seconds while the simulation works on earlier steps
        control.tick(1 / 60)
        assert control.steps_due(simulation_ready=False) == 0
    assert control.model_is_the_limit
    control.tick(1 / 60)
    assert control.steps_due(simulation_ready=True) == 7, "0.1 s of steps at 60 steps/s (and this frame's)"
    assert not control.model_is_the_limit


def test_the_inf_speed_asks_the_most_per_request_and_single_step_one() -> None:
    control = SimClockControl(speed_index=len(SPEED_STEPS_PER_SECOND) - 1)
    control.tick(0.001)
    assert control.steps_due(True) == MAX_STEPS_PER_REQUEST
    control.step_requested()
    control.step_once()
    assert control.steps_due(False) == 0 and control.steps_due(True) == 1


def test_skip_to_morning_runs_fast_until_someone_wakes_then_returns_to_the_speed_asked() -> None:
    control = SimClockControl(speed_index=2)
    assert control.can_skip_to_morning and control.skip_to_morning(), "a town not started yet may skip"
    assert control.skipping and control.steps_per_second == float("inf")
    assert control.speed_label == "skipping to morning" and control.asked_steps_per_second == 4
    control.tick(1 / 60)
    assert control.steps_due(True) == MAX_STEPS_PER_REQUEST and control.walk_progress() == 1.0
    control.step_requested(MAX_STEPS_PER_REQUEST)
    control.note_sleep({"Ann": True, "Bo": False})  # Bo is still up at midnight: not a wake-up
    assert control.skipping and not control.can_skip_to_morning
    control.note_sleep({"Ann": True, "Bo": True})
    assert control.skipping
    control.note_sleep({"Ann": True, "Bo": False})  # Bo gets up
    assert not control.skipping and control.steps_per_second == 4 and control.speed_label == "4 steps/s"
    assert control.can_skip_to_morning, "Ann still sleeps"
    control.note_sleep({"Ann": False, "Bo": False})
    assert not control.can_skip_to_morning and not control.skip_to_morning(), "nobody sleeps"
    control.note_sleep({"Ann": True, "Bo": False})  # night again
    assert control.skip_to_morning()
    control.faster()
    assert not control.skipping and control.speed_index == 3, "choosing a speed ends the skip"
    control.skip_to_morning()
    control.step_once()
    assert not control.skipping and control.paused, "a single step ends it"


def test_a_skip_in_a_town_where_nobody_sleeps_stops() -> None:
    control = SimClockControl()
    assert control.skip_to_morning()
    control.note_sleep({"Ann": False, "Bo": False})
    assert not control.skipping


def test_sleeping_is_sleep_in_the_activity() -> None:
    assert sleep_by_resident([("Ann", "Sleeping"), ("Bo", "having breakfast"), ("Cy", "")]) == {
        "Ann": True, "Bo": False}, "no activity yet is neither"


def test_skipping_to_morning_in_a_real_town_stops_at_the_first_wake_up() -> None:
    from agents.engine.mind_services_factory import offline_services
    from agents.engine.simulation import Simulation
    from agents.engine.simulation_runner import SimulationRunner
    from agents.engine.step_driver import StepDriver
    from agents.paths import shipped_worlds_dir
    from agents.world.world_folder import load_world_folder

    folder = load_world_folder(shipped_worlds_dir() / "smallville")
    scenario = folder.load_scenario("three")
    services = offline_services()
    reference = StepDriver.inline(Simulation.create(folder.world_map, scenario, services, seed=4), services)
    asleep: set[str] = set()
    while True:  # the first wake-up: someone seen asleep whose activity is no longer sleeping
        reference.step()
        sleeping = sleep_by_resident((n, r.action.description if r.action else "")
                                     for n, r in reference.simulation.residents.items())
        if any(not sleeping.get(name, True) for name in asleep):
            break
        asleep.update(name for name, value in sleeping.items() if value)
    first_awake_step = reference.simulation.clock.step_index
    assert reference.simulation.now.hour >= 4, "the town should sleep into the early morning"

    runner = SimulationRunner(folder.world_map, scenario, services, seed=4)
    control = SimClockControl(speed_index=2)
    assert runner.view.now.hour == 0 and control.skip_to_morning()
    stopped_at: int | None = None
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:  # what PlayScene._advance_simulation does each frame
            control.tick(1 / 60)
            runner.poll()
            control.note_sleep(sleep_by_resident((r.name, r.activity) for r in runner.view.residents))
            if not control.skipping:
                stopped_at = runner.view.step_index
                break
            steps = control.steps_due(runner.ready)
            if steps and runner.request_steps(steps):
                control.step_requested(steps)
        assert stopped_at is not None, "the skip never ended"
        assert first_awake_step <= stopped_at < first_awake_step + MAX_STEPS_PER_REQUEST
        assert control.steps_per_second == 4 and not control.paused
        before = runner.view.step_index
        for _ in range(30):  # back at 4 steps/s: half a second of frames asks for two steps
            control.tick(1 / 60)
            runner.poll()
            steps = control.steps_due(runner.ready)
            if steps and runner.request_steps(steps):
                control.step_requested(steps)
        assert control.owed_steps < 1 and runner.view.step_index - before <= 2
    finally:
        runner.close()


def test_the_clock_panel_offers_skip_to_morning_while_someone_sleeps(display) -> None:  # type: ignore[no-untyped-def]
    import pygame

    from game.ui.clock_panel import ClockPanel

    pygame.event.clear()
    control = SimClockControl(paused=True)
    panel = ClockPanel(control, display.get_size())

    def click(pos: tuple[int, int]) -> None:
        for kind in (pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP):
            pygame.event.post(pygame.event.Event(kind, pos=pos, button=1))
            for _ in range(2):
                for event in pygame.event.get():
                    panel.handle_event(event)
                panel.update(1 / 60)

    panel.update(1 / 60)
    button = panel.skip_button
    assert button.visible and button.text == "Skip to morning"
    assert button.rect.right < panel.panel.rect.left and panel.panel.rect.top <= button.rect.centery <= panel.panel.rect.bottom
    assert panel.contains(button.rect.center)
    click(button.rect.center)
    assert control.skipping and not control.paused, "skipping starts the clock"
    assert button.text == "Stop skipping" and panel.speed_label.text == "skipping to morning"
    click(button.rect.center)
    assert not control.skipping and button.text == "Skip to morning"
    control.note_sleep({"Ann": False})
    panel.update(1 / 60)
    assert not button.visible and not panel.contains(button.rect.center), "nobody sleeps: nothing to skip"
    panel.resize((960, 600))
    panel.update(1 / 60)
    assert panel.skip_button.rect.right < panel.panel.rect.left and panel.panel.rect.right == 960 - 8
