"""What the play scene's HUD bar shows, worked out from its clock control and its town.

Kept apart from the drawing (:mod:`game.ui.hud_bar`) so the reasons are tested without a window:
the reached speed is "held back" when it is well below the speed asked, by the model (unreachable),
by thinking residents (the clock waits for their decisions), or by the machine (the simulation's own
work takes the time).
"""

from __future__ import annotations

from agents.engine.simulation_runner import SimulationRunner
from agents.views.model_status import ModelStatusView
from game.scenes.sim_clock_control import SimClockControl
from game.ui.hud_bar import HudState

HELD_BACK_FRACTION = 0.9  # reached below this share of the asked speed counts as held back


def limit_reason(control: SimClockControl, runner: SimulationRunner, model: ModelStatusView | None) -> str:
    """"" when the clock runs as asked; else what holds it back."""
    if control.paused:
        return ""
    if model is not None and model.unreachable:
        return "the model (unreachable)"
    asked = control.steps_per_second
    reached = control.measured_steps_per_second
    held_back = control.model_is_the_limit or (asked != float("inf") and reached < asked * HELD_BACK_FRACTION)
    if not held_back or reached == 0 and not runner.busy:
        return ""
    thinking = runner.thinking
    if thinking:
        count = len(thinking)
        return f"{count} thinking resident{'s' if count != 1 else ''}"
    return "the machine"


def hud_state(control: SimClockControl, runner: SimulationRunner, model: ModelStatusView | None,
              message: str = "") -> HudState:
    limit = limit_reason(control, runner, model)
    return HudState(
        now=runner.view.now,
        paused=control.paused,
        asked=control.speed_label,
        asked_steps_per_second=control.steps_per_second,
        reached_steps_per_second=control.measured_steps_per_second,
        limit=limit,
        model=model,
        thinking=tuple(runner.thinking),
        waiting_for_thinking=bool(runner.thinking) and not control.paused and "thinking" in limit,
        skipping_to_morning=control.skipping,
        message=message,
    )
