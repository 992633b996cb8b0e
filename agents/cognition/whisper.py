"""Whisper: a user plants a thought in a resident's mind, as a memory of high importance.

The scenario's history CSV (``Name,Whisper``, whispers split by ``;``, already parsed by
:func:`agents.world.scenario.read_history_csv` into ``Scenario.history``) loads the same way.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from agents.cognition.config import MindConfig
from agents.cognition.importance import remember
from agents.cognition.resident import Resident
from agents.cognition.services import MindServices
from agents.memory.records import MemoryKind, MemoryRecord


def whisper(resident: Resident, text: str, now: datetime, services: MindServices, config: MindConfig) -> MemoryRecord:
    """Plant ``text`` as a thought with the configured (high) importance; no model call."""
    return remember(resident, services, MemoryKind.THOUGHT, text.strip(), now, config,
                    importance=config.whisper_importance)


def load_history(residents: Mapping[str, Resident], history: Mapping[str, tuple[str, ...]], now: datetime,
                 services: MindServices, config: MindConfig) -> int:
    """Whisper every history line to its resident (unknown names are skipped); how many were loaded."""
    loaded = 0
    for name, whispers in history.items():
        resident = residents.get(name)
        if resident is None:
            continue
        for text in whispers:
            whisper(resident, text, now, services, config)
            loaded += 1
    return loaded
