"""Whisper: a user plants a thought in a resident's mind, as a memory of high importance.

A whispered memory is a thought whose triple has the predicate :data:`WHISPERED` (``"was whispered"``),
so views can show which memories the player planted (:func:`is_whispered`); its source has the
channel ``"whisper"``, the speaker ``""`` (the player) and the resident as listener. The scenario's history CSV
(``Name,Whisper``, whispers split by ``;``, parsed by :func:`agents.world.scenario.read_history_csv`
into ``Scenario.history``) loads the same way, through :func:`whisper`.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from agents.cognition.config import MindConfig
from agents.cognition.importance import remember
from agents.cognition.resident import Resident
from agents.cognition.services import MindServices
from agents.memory.records import WHISPER, MemoryKind, MemoryRecord, MemorySource

WHISPERED = "was whispered"  # the predicate of a whispered memory's triple


def is_whispered(record: MemoryRecord) -> bool:
    """Whether the player planted this memory (a whisper or a history CSV line)."""
    return record.predicate == WHISPERED


def whisper(resident: Resident, text: str, now: datetime, services: MindServices, config: MindConfig) -> MemoryRecord:
    """Plant ``text`` as a thought with the configured (high) importance; no model call (one embedding)."""
    return remember(resident, services, MemoryKind.THOUGHT, text.strip(), now, config,
                    triple=(resident.name, WHISPERED, ""), importance=config.whisper_importance,
                    source=MemorySource(WHISPER, "", resident.name, now))


def load_history(residents: Mapping[str, Resident], history: Mapping[str, tuple[str, ...]], now: datetime,
                 services: MindServices, config: MindConfig) -> int:
    """Whisper every history line to its resident (unknown names are skipped); how many were loaded.

    The texts are embedded in one call first."""
    wanted = [(residents[name], text.strip()) for name, whispers in history.items() if name in residents
              for text in whispers if text.strip()]
    if not wanted:
        return 0
    texts = list(dict.fromkeys(text for _, text in wanted))
    knowing = services.knowing(texts, services.embed(texts))
    for resident, text in wanted:
        whisper(resident, text, now, knowing, config)
    return len(wanted)
