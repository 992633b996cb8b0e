"""Reactions: on noticing another resident, decide to talk, wait, or go on.

Gates (as in the original): neither is asleep, neither is already talking, it is not late at night,
the pair has not talked within the chat cool-down, and the pair was not considered within the
reconsider interval (so a pair standing side by side is not asked about every step). Pacing (issue
15): neither has talked with anyone within ``conversation_gap_minutes``, held
``max_conversations_per_game_hour`` conversations in the last 60 minutes or
``max_conversations_per_game_day`` today (:func:`has_room_to_talk`), so a reaction is considered, not
made to every passer-by. Only then one ``react_decision`` call, grounded in memories retrieved about
the other resident.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from agents.cognition.config import MindConfig
from agents.cognition.plan import time_texts
from agents.cognition.recall import recall
from agents.cognition.resident import Resident
from agents.cognition.services import MindServices


@dataclass(frozen=True)
class Reaction:
    decision: str  # talk | wait | continue
    reason: str
    touched_ids: tuple[int, ...]


def may_react(me: Resident, other: Resident, now: datetime, config: MindConfig) -> bool:
    """The original's gates; see the module docstring."""
    if me.action is None or other.action is None:
        return False
    if me.is_asleep() or other.is_asleep() or me.is_chatting(now) or other.is_chatting(now):
        return False
    if now.hour >= config.night_start_hour or now.hour < config.night_end_hour:
        return False
    last_chat = me.last_chat_at.get(other.name)
    if last_chat is not None and now - last_chat < timedelta(minutes=config.chat_cooldown_minutes):
        return False
    considered = me.last_considered_at.get(other.name)
    if considered is not None and now - considered < timedelta(minutes=config.react_reconsider_minutes):
        return False
    return has_room_to_talk(me, now, config) and has_room_to_talk(other, now, config)


def has_room_to_talk(resident: Resident, now: datetime, config: MindConfig) -> bool:
    """Whether ``resident``'s conversations so far leave room for one more now (see the module docstring)."""
    starts = [c.started_at for c in resident.conversations]
    if resident.is_chatting(now):
        return False
    if starts and now - max(starts) < timedelta(minutes=config.conversation_gap_minutes):
        return False
    hour_ago = now - timedelta(minutes=60)
    if sum(1 for start in starts if start > hour_ago) >= config.max_conversations_per_game_hour:
        return False
    return sum(1 for start in starts if start.date() == now.date()) < config.max_conversations_per_game_day


def decide_reaction(
    me: Resident, other: Resident, observation: str, now: datetime, services: MindServices, config: MindConfig
) -> Reaction:
    """One call (reads, never changes, the residents; the caller touches ``touched_ids``)."""
    query = services.embed([f"{other.name}; {observation}"])[0]
    found = recall(me.memory, query, now, config, count=config.retrieval_count)
    last_chat = me.last_chat_at.get(other.name)
    context: dict[str, object] = {
        "persona": me.identity(), "observation": observation, "other_name": other.name,
        "other_activity": other.action.description if other.action else "unknown",
        "current_activity": me.action.description if me.action else "unknown",
        "relevant_memories": [s.record.description for s in found], **time_texts(now),
    }
    if last_chat is not None:
        context["minutes_since_last_chat"] = int((now - last_chat).total_seconds() // 60)
    value = services.ask("react_decision", context, me.name)
    return Reaction(str(value["decision"]), str(value["reason"]), tuple(s.record.memory_id for s in found))
