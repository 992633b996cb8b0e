"""Dialogue: turn by turn, each line grounded in memories the speaker retrieves about the partner and
the last thing said; at most ``max_dialogue_rounds`` lines each; it ends when either side ends it.
Afterwards each side summarises it and writes a planning thought and a memo.

A line the speaker has already said today (to anyone, or earlier in this conversation) is not said
again (issue 15): the speaker is shown their lines of the day (``lines_said_today``), and a line that
repeats one said earlier in this conversation is replaced by the offline rule's line for the same
context (or, if that repeats too, the conversation ends there); one said to someone else earlier today
is told again in other words (news still spreads); both are counted as the correction
``dialogue_line_repeated``.

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
from agents.cognition.recall import recall
from agents.cognition.resident import Conversation, Resident
from agents.cognition.services import MindServices

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


REPEATED_LINE_CORRECTION = "dialogue_line_repeated"


def lines_said_today(resident: Resident, now: datetime) -> list[str]:
    """What ``resident`` has said in conversations that started on ``now``'s day, in order."""
    return [text for conversation in resident.conversations if conversation.started_at.date() == now.date()
            for speaker, text in conversation.turns if speaker == resident.name]


def _said_key(text: str) -> str:
    return " ".join(text.casefold().split())


_RETELLING = ("By the way, ", "Have you heard? ", "Oh, and ", "Something you might like to know: ",
              "I was just telling someone: ")


def _retold(line: str, earlier: set[str]) -> str | None:
    """``line`` (said earlier today to someone else) led in with words not used with it yet, if any."""
    for lead in _RETELLING:
        retold = lead + line[:1].lower() + line[1:] if not line.startswith("I ") else lead + line
        if _said_key(retold) not in earlier:
            return retold
    return None


def hold_dialogue(
    initiator: Resident, partner: Resident, now: datetime, location_text: str,
    services: MindServices, config: MindConfig,
) -> Dialogue:
    """The turns of the conversation (reads the residents, never changes them)."""
    speakers = (initiator, partner)
    turns: list[tuple[str, str]] = []
    shown: list[tuple[str, tuple[str, ...]]] = []
    touched: dict[str, set[int]] = {initiator.name: set(), partner.name: set()}
    said = {r.name: lines_said_today(r, now) for r in speakers}
    for turn_index in range(2 * config.max_dialogue_rounds):
        speaker, listener = speakers[turn_index % 2], speakers[(turn_index + 1) % 2]
        last_line = turns[-1][1] if turns else (listener.action.description if listener.action else "")
        query = services.embed([f"{listener.name}; {last_line}"])[0]
        found = recall(speaker.memory, query, now, config, count=config.dialogue_retrieval_count)
        memories = tuple(s.record.description for s in found)
        touched[speaker.name].update(s.record.memory_id for s in found)
        shown.append((speaker.name, memories))
        asking = {
            "persona": speaker.identity(), "partner_name": listener.name,
            "conversation": [{"speaker": s, "text": t} for s, t in turns],
            "partner_activity": listener.action.description if listener.action else "unknown",
            "current_activity": speaker.action.description if speaker.action else "unknown",
            "relevant_memories": list(memories), "location_text": location_text, **time_texts(now),
            "lines_said_today": said[speaker.name][-40:],
        }
        value = services.ask("dialogue_turn", asking, speaker.name)
        line = str(value["utterance"]).strip()
        earlier = {_said_key(old) for old in said[speaker.name]}
        if _said_key(line) in earlier:
            services.runner.count_correction("dialogue_turn", REPEATED_LINE_CORRECTION, speaker.name)
            in_this_talk = any(s == speaker.name and _said_key(t) == _said_key(line) for s, t in turns)
            retold = None if in_this_talk else _retold(line, earlier)
            if retold is not None:  # news told to someone else earlier today: the same news, in other words
                line = retold
            else:
                value = services.runner.fallback_value("dialogue_turn", asking)  # the offline rule's new line
                line = str(value["utterance"]).strip()
                if _said_key(line) in earlier:
                    break
        turns.append((speaker.name, line))
        said[speaker.name].append(line)
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
