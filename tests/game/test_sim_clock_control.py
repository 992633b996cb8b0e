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
