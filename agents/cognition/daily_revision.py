"""A new day revises the resident's "currently" status from yesterday's memories and planning thoughts."""

from __future__ import annotations

from datetime import datetime

from agents.cognition.config import MindConfig
from agents.cognition.plan import time_texts
from agents.cognition.resident import Resident
from agents.cognition.services import MindServices


def revise_currently(resident: Resident, now: datetime, services: MindServices, config: MindConfig) -> str:
    """One call; returns the new status (the caller sets it)."""
    recent = [r.description for r in reversed(resident.memory.latest(config.revision_memory_count))]
    value = services.ask("revise_currently", {
        "persona": resident.identity(), "planning_thoughts": resident.planning_thoughts[-10:],
        "recent_memories": recent, **time_texts(now),
    }, resident.name)
    return str(value["currently"])
