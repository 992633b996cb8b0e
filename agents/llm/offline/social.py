"""Offline answers for social prompts: react, dialogue turns, summaries, thoughts after a chat, interviews.

Dialogue is short and plain: a greeting, what each is doing, one thing on the speaker's mind (the
first sentence of its ``currently`` status, turned into the first person), and a goodbye after four to
six turns. Reactions are mostly "continue": nobody wakes a sleeper or chats twice within three hours,
and the chance to start a talk is higher when the agent remembers the other person.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from agents.llm.offline.persona_facts import PersonaFacts
from agents.llm.offline.text_tools import first_sentence, stable_choice, stable_fraction


def _texts(value: object) -> list[str]:
    if isinstance(value, (list, tuple)):
        return [str(item) for item in value]
    return []


def _conversation(value: object) -> list[tuple[str, str]]:
    turns: list[tuple[str, str]] = []
    if isinstance(value, (list, tuple)):
        for item in value:
            if isinstance(item, Mapping):
                turns.append((str(item.get("speaker", "")), str(item.get("text", ""))))
    return turns


def _first_person(facts: PersonaFacts, sentence: str) -> str:
    """``"Isabella Rodriguez is planning a party"`` -> ``"I'm planning a party"`` (simple cases only)."""
    text = sentence
    for name in (facts.name, facts.first_name):
        if name:
            text = re.sub(rf"\b{re.escape(name)} is\b", "I'm", text)
            text = re.sub(rf"\b{re.escape(name)} has\b", "I have", text)
            text = re.sub(rf"\b{re.escape(name)}'s\b", "my", text)
            text = re.sub(rf"\b{re.escape(name)}\b", "I", text)
    pronoun_map = {"she": "I", "he": "I", "her": "my", "his": "my", "herself": "myself", "himself": "myself"}
    if facts.pronoun in ("she", "he"):
        words = (
            pronoun_map if facts.pronoun == "she" else {k: v for k, v in pronoun_map.items() if k != "her"}
        )
        for word, replacement in words.items():
            if facts.pronoun == "he" and word in ("she", "herself"):
                continue
            if facts.pronoun == "she" and word in ("he", "his", "himself"):
                continue
            text = re.sub(rf"\b{word}\b", replacement, text)
            text = re.sub(
                rf"\b{word.capitalize()}\b", replacement.capitalize() if replacement != "I" else "I", text
            )
    text = text.replace("*", "")
    return text[0].upper() + text[1:] if text else text


def _is_asleep(activity: str) -> bool:
    return "sleep" in activity.casefold() or "asleep" in activity.casefold()


def answer_react_decision(context: Mapping[str, object]) -> dict[str, object]:
    facts = PersonaFacts.from_context(context)
    other = str(context.get("other_name", "")) or "them"
    other_activity = str(context.get("other_activity", ""))
    own_activity = str(context.get("current_activity", ""))
    if context.get("object_in_use_by_other") is True:
        return {"decision": "wait", "reason": f"{other} is using it right now, so {facts.first_name} waits."}
    if _is_asleep(other_activity) or _is_asleep(own_activity):
        return {"decision": "continue", "reason": "Someone is asleep; this is not the time to talk."}
    minutes_since_chat = context.get("minutes_since_last_chat")
    if (
        isinstance(minutes_since_chat, (int, float))
        and not isinstance(minutes_since_chat, bool)
        and minutes_since_chat < 180
    ):
        return {
            "decision": "continue",
            "reason": f"{facts.first_name} talked with {other} a little while ago.",
        }
    memories = " ".join(_texts(context.get("relevant_memories")))
    chance = 0.3
    if other.split()[0].casefold() in memories.casefold():
        chance += 0.2
    if any(word in own_activity.casefold() for word in ("work", "class", "teach", "stream")):
        chance -= 0.15
    roll = stable_fraction(facts.name, other, context.get("time_text", ""), own_activity)
    if roll < chance:
        return {
            "decision": "talk",
            "reason": f"{facts.first_name} has a moment and would like to catch up with {other}.",
        }
    return {
        "decision": "continue",
        "reason": f"{facts.first_name} is busy {own_activity or 'with their own plans'}.",
    }


def _topic_line(facts: PersonaFacts) -> str:
    if facts.currently:
        return _first_person(facts, first_sentence(facts.currently))
    if facts.occupation:
        return f"Work as a {facts.occupation} keeps me busy these days."
    return "It has been a calm day so far."


def answer_dialogue_turn(context: Mapping[str, object]) -> dict[str, object]:
    facts = PersonaFacts.from_context(context)
    partner = str(context.get("partner_name", "")) or "friend"
    partner_first = partner.split()[0]
    own_activity = str(context.get("current_activity", "")) or "going about my day"
    partner_activity = str(context.get("partner_activity", ""))
    turns = _conversation(context.get("conversation"))
    length = len(turns)
    closing_turn = 4 + int(stable_fraction(facts.name, partner, context.get("time_text", "")) * 3)
    if length == 0:
        opener = stable_choice(("Hi", "Hello", "Good to see you"), facts.name, partner)
        question = f"What are you up to, {partner_activity}?" if partner_activity else "How are you doing?"
        return {"utterance": f"{opener} {partner_first}! {question}", "end_conversation": False}
    if length == 1:
        return {
            "utterance": f"Hi {partner_first}! I'm {own_activity}. How about you?",
            "end_conversation": False,
        }
    if length == 2:
        return {"utterance": _topic_line(facts), "end_conversation": False}
    if length == 3:
        last_words = turns[-1][1].rstrip(".!?")
        reply = (
            f"That sounds interesting. {_topic_line(facts)}" if len(last_words) > 0 else _topic_line(facts)
        )
        return {"utterance": reply, "end_conversation": False}
    if length + 1 >= closing_turn:
        return {
            "utterance": f"It was nice talking to you, {partner_first}. See you later!",
            "end_conversation": True,
        }
    return {"utterance": f"I should get back to {own_activity} soon.", "end_conversation": False}


def _conversation_gist(facts: PersonaFacts, partner: str, turns: Sequence[tuple[str, str]]) -> str:
    partner_lines = [text for speaker, text in turns if speaker != facts.name]
    own_lines = [text for speaker, text in turns if speaker == facts.name]
    topics: list[str] = []
    for line in partner_lines[1:3] + own_lines[1:3]:
        if len(line) > 20:
            topics.append(line.rstrip(".!?"))
    return "; ".join(topics[:2]) if topics else "how their days were going"


def answer_conversation_summary(context: Mapping[str, object]) -> dict[str, object]:
    facts = PersonaFacts.from_context(context)
    partner = str(context.get("partner_name", "")) or "someone"
    turns = _conversation(context.get("conversation"))
    gist = _conversation_gist(facts, partner, turns)
    return {"summary": f"{facts.name} and {partner} chatted about {gist}."}


def answer_post_conversation_thought(context: Mapping[str, object]) -> dict[str, object]:
    facts = PersonaFacts.from_context(context)
    partner = str(context.get("partner_name", "")) or "someone"
    turns = _conversation(context.get("conversation"))
    partner_lines = [text for speaker, text in turns if speaker == partner and len(text) > 20]
    memo_source = partner_lines[-1] if partner_lines else ""
    memo = (
        f'{partner} told {facts.first_name}: "{memo_source}"'
        if memo_source
        else f"{facts.first_name} had a short chat with {partner}."
    )
    thought = f"{facts.first_name} should keep in touch with {partner} and remember what they talked about."
    if any(word in memo_source.casefold() for word in ("party", "event", "invite", "join", "come to")):
        thought = f"{facts.first_name} should consider going to what {partner} mentioned."
    return {"planning_thought": thought, "memo": memo}


def answer_interview(context: Mapping[str, object]) -> dict[str, object]:
    facts = PersonaFacts.from_context(context)
    question = str(context.get("question", "")).casefold()
    activity = str(context.get("current_activity", ""))
    memories = _texts(context.get("relevant_memories"))
    parts: list[str] = []
    if any(word in question for word in ("who are you", "yourself", "introduce", "name")):
        age = f", I'm {facts.age}" if facts.age else ""
        parts.append(f"I'm {facts.name}{age}.")
        if facts.learned:
            parts.append(_first_person(facts, first_sentence(facts.learned)))
    if any(word in question for word in ("doing", "right now", "busy")) and activity:
        parts.append(f"Right now I'm {activity}.")
    if any(word in question for word in ("plan", "today", "tomorrow", "going to")) and facts.currently:
        parts.append(_first_person(facts, first_sentence(facts.currently)))
    if memories:
        parts.append(f"I remember that {memories[0].rstrip('.')}.")
    if not parts:
        parts.append(_topic_line(facts))
    return {"answer": " ".join(parts)}
