"""Dialogue: turn by turn, each line grounded in memories the speaker retrieves about the partner and
the last thing said; at most ``max_dialogue_rounds`` lines each; it ends when either side ends it.
Afterwards each side summarises it and writes a planning thought and a memo.

:func:`hold_dialogue` (the turns) and :func:`take_away` (one side's summary, thought and memo) read
the residents and never change them; :func:`hold_conversation` is both, returning a frozen
:class:`ConversationOutcome` the simulation applies (memories, chat actions, cool-downs). The engine
runs the two sides' take-aways in parallel.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from agents.cognition.config import MindConfig
from agents.cognition.plan import time_texts
from agents.cognition.resident import Conversation, Resident
from agents.cognition.services import MindServices
from agents.memory.retrieval import rank

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class SideOutcome:
    """What one participant takes away."""

    name: str
    summary: str
    planning_thought: str
    memo: str
    touched_ids: tuple[int, ...]


@dataclass(frozen=True)
class ConversationOutcome:
    conversation: Conversation
    sides: tuple[SideOutcome, SideOutcome]
    relevant_memories_shown: tuple[tuple[str, tuple[str, ...]], ...]  # (speaker, memories) per turn


@dataclass(frozen=True)
class Dialogue:
    """The lines spoken, before either side takes anything away."""

    conversation: Conversation
    touched_ids: dict[str, tuple[int, ...]]  # per speaker: the memories retrieved for their lines
    relevant_memories_shown: tuple[tuple[str, tuple[str, ...]], ...]


def hold_conversation(
    initiator: Resident, partner: Resident, now: datetime, location_text: str,
    services: MindServices, config: MindConfig,
) -> ConversationOutcome:
    """See the module docstring: the dialogue, then what each side takes away (one after the other;
    the engine runs the two take-aways in parallel)."""
    dialogue = hold_dialogue(initiator, partner, now, location_text, services, config)
    sides = (take_away(initiator, partner, dialogue, now, services),
             take_away(partner, initiator, dialogue, now, services))
    return ConversationOutcome(dialogue.conversation, sides, dialogue.relevant_memories_shown)


def hold_dialogue(
    initiator: Resident, partner: Resident, now: datetime, location_text: str,
    services: MindServices, config: MindConfig,
) -> Dialogue:
    """The turns of the conversation (reads the residents, never changes them)."""
    speakers = (initiator, partner)
    turns: list[tuple[str, str]] = []
    shown: list[tuple[str, tuple[str, ...]]] = []
    touched: dict[str, set[int]] = {initiator.name: set(), partner.name: set()}
    for turn_index in range(2 * config.max_dialogue_rounds):
        speaker, listener = speakers[turn_index % 2], speakers[(turn_index + 1) % 2]
        last_line = turns[-1][1] if turns else (listener.action.description if listener.action else "")
        query = services.embed([f"{listener.name}; {last_line}"])[0]
        found = rank(speaker.memory, query, now, count=config.dialogue_retrieval_count,
                     weights=config.retrieval_weights, decay_per_hour=config.recency_decay_per_game_hour)
        memories = tuple(s.record.description for s in found)
        touched[speaker.name].update(s.record.memory_id for s in found)
        shown.append((speaker.name, memories))
        value = services.ask("dialogue_turn", {
            "persona": speaker.identity(), "partner_name": listener.name,
            "conversation": [{"speaker": s, "text": t} for s, t in turns],
            "partner_activity": listener.action.description if listener.action else "unknown",
            "current_activity": speaker.action.description if speaker.action else "unknown",
            "relevant_memories": list(memories), "location_text": location_text, **time_texts(now),
        }, speaker.name)
        turns.append((speaker.name, str(value["utterance"])))
        if value["end_conversation"]:
            break
    conversation = Conversation((initiator.name, partner.name), tuple(turns), now)
    logger.debug("%s and %s talked for %d turns", initiator.name, partner.name, len(turns))
    return Dialogue(conversation, {name: tuple(sorted(ids)) for name, ids in touched.items()}, tuple(shown))


def take_away(me: Resident, other: Resident, dialogue: Dialogue, now: datetime,
              services: MindServices) -> SideOutcome:
    """What ``me`` takes from the dialogue: a summary, a planning thought and a memo."""
    context = {"persona": me.identity(), "partner_name": other.name,
               "conversation": dialogue.conversation.as_context(), **time_texts(now)}
    summary = str(services.ask("conversation_summary", context, me.name)["summary"])
    thought = services.ask("post_conversation_thought", context, me.name)
    return SideOutcome(me.name, summary, str(thought["planning_thought"]), str(thought["memo"]),
                       dialogue.touched_ids.get(me.name, ()))


def chat_minutes(conversation: Conversation, config: MindConfig) -> float:
    """How long the conversation takes in game time (at least one minute)."""
    return max(1.0, len(conversation.turns) * config.dialogue_turn_seconds / 60.0)
