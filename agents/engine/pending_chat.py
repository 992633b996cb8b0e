"""Deadlines, not barriers: when a conversation's outcome is due, and the outcome waiting for it.

Under "every step decided" a conversation does not hold the town's clock while its lines are written:
its outcome is *due* :data:`CONVERSATION_DUE_MINUTES` of game time after it starts (the pair stands
talking meanwhile, seen chatting by everyone), and the clock waits only if it reaches that step with
the outcome not back yet. The outcome is applied at its due step, never earlier because it came back
early, so a town is the same with 1 worker or 16 (:class:`~agents.engine.step_driver.StepDriver`).

While the outcome waits for its step it is held by the driver, with the conversation's thought; a
save (which settles the driver first) files it in the simulation as a :class:`PendingChat`, so the
town resumes with it and applies it at the same step as the uninterrupted run. Other work is due at
once: a reaction at the step it is asked, a decomposition when the current action ends (work asked
ahead, :mod:`agents.engine.ahead_operations`, is never waited for before then).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from agents.cognition.converse import ConversationOutcome

CONVERSATION_DUE_MINUTES = 2.0  # game minutes from a chat's start to when its lines appear


def conversation_due_at(started: datetime) -> datetime:
    """When the outcome of a conversation that started at ``started`` is due."""
    return started + timedelta(minutes=CONVERSATION_DUE_MINUTES)


@dataclass(frozen=True)
class PendingChat:
    """A conversation's outcome, back from the model, to be applied at the first step at ``due_at``
    or later (the initiator's and partner's chat started at ``started``)."""

    due_at: datetime
    initiator: str
    partner: str
    started: datetime
    outcome: ConversationOutcome

    @property
    def members(self) -> tuple[str, str]:
        return (self.initiator, self.partner)
