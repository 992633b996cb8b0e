"""Stepping a town on this thread, every operation in turn (the sequential way): tests, benchmarks,
the smoke test and quick scripts. The same town as any number of workers under the default time
policy. The town's state and its acts are :mod:`agents.engine.simulation`; driving it is here and in
:mod:`agents.engine.step_driver` (the arrows go one way: driving imports the town, never the reverse).
"""

from __future__ import annotations

from agents.cognition.services import MindServices
from agents.engine.model_work import ConversationIntent, run_inline
from agents.engine.simulation import Simulation
from agents.engine.step_driver import StepDriver
from agents.engine.thoughts import converse


def step_once(simulation: Simulation, services: MindServices) -> None:
    """One step; a conversation's outcome not due yet is filed in the town, for a later step."""
    driver = StepDriver.inline(simulation, services)
    driver.step()
    driver.settle()


def run_steps(simulation: Simulation, steps: int, services: MindServices) -> None:
    """``steps`` steps with one driver (as :func:`step_once` that many times)."""
    driver = StepDriver.inline(simulation, services)
    for _ in range(steps):
        driver.step()
    driver.settle()


def hold_conversation(simulation: Simulation, initiator: str, partner: str, services: MindServices) -> None:
    """Start and hold a conversation now, as if ``initiator`` had decided to talk; its outcome is
    applied at once."""
    run_inline(converse(simulation, ConversationIntent(initiator, partner), services), services)
