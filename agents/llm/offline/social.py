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
from agents.llm.offline.text_tools import first_sentence, stable_fraction


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
    text = re.sub(r"\bI (goes|does|has|is)\b", lambda m: {"goes": "I go", "does": "I do", "has": "I have",
                                                          "is": "I am"}[m.group(1)], text)
    text = re.sub(r"\b(I|and) (" + "|".join(_VERBS_S) + r")\b", lambda m: f"{m.group(1)} {m.group(2)[:-1]}"
                  if m.group(1) == "I" or re.search(r"\bI\b", text) else m.group(0), text)
    return text[0].upper() + text[1:] if text else text


_VERBS_S = ("streams", "studies", "works", "loves", "likes", "wants", "plans", "writes", "paints", "reads", "keeps",
            "spends", "takes", "makes", "runs", "teaches", "cares", "enjoys", "hopes", "thinks")


def _as_mine(activity: str) -> str:
    """An activity as the speaker says it: "spending her time at the cafe in the early afternoon" ->
    "spending my time at the cafe"."""
    text = re.sub(r"\b(her|his|their)\b", "my", activity)
    return re.sub(r"\s+(?:early in the morning|in the morning|around midday|in the early afternoon|later in the "
                  r"afternoon|in the evening|late in the evening|late at night)$", "", text)


def _as_yours(activity: str) -> str:
    text = re.sub(r"\b(her|his|their)\b", "your", activity)
    return _as_mine(text) if text else text


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
        and minutes_since_chat < 150
    ):
        return {
            "decision": "continue",
            "reason": f"{facts.first_name} talked with {other} a little while ago.",
        }
    memories = " ".join(_texts(context.get("relevant_memories")))
    chance = 0.4
    if other.split()[0].casefold() in memories.casefold():
        chance += 0.3
    if any(word in own_activity.casefold() for word in ("work", "class", "teach", "stream", "lectur")):
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


def _sentences(text: str) -> list[str]:
    return [part.strip() for part in re.split(r"(?<=[.!?])\s+", text) if len(part.strip()) > 12]


def _part_of_day(time_text: str) -> str:
    times = re.findall(r"(\d{1,2}):\d{2}\s*([ap]m)", time_text.casefold())
    if not times:
        return "day"
    hour = int(times[0][0]) % 12 + (12 if times[0][1] == "pm" else 0)
    return "morning" if hour < 12 else "afternoon" if hour < 17 else "evening"


def _about_partner(memories: Sequence[str], partner: str, own_name: str) -> list[str]:
    """Lines grounded in what the speaker remembers of the partner (their doings, what they said)."""
    first = partner.split()[0]
    lines: list[str] = []
    for memory in memories:
        text = memory.strip().rstrip(".")
        said = re.match(rf"{re.escape(partner)} told [A-Z][a-z]+: \"(.+)\"$", text)
        if said:
            lines.append(f"I keep thinking about what you told me, {first}: {said.group(1).rstrip('.!?')}.")
            continue
        doing = re.match(rf"{re.escape(partner)} is (.+)$", text)
        if doing and doing.group(1).split()[0].endswith("ing") and "sleep" not in doing.group(1):
            lines.append(f"I noticed you {doing.group(1)} earlier. How did that go?".replace(" you is ", " you were "))
            continue
    return lines


def _first_unused(candidates: Sequence[str], used: set[str]) -> str | None:
    for candidate in candidates:
        if candidate.strip() not in used:
            return candidate
    return None


def answer_dialogue_turn(context: Mapping[str, object]) -> dict[str, object]:
    """A line that follows the conversation and that the speaker has not said yet today (the minds
    give ``lines_said_today``): greetings, what each is doing, what the speaker remembers of the
    partner, what is on the speaker's mind, then a goodbye."""
    facts = PersonaFacts.from_context(context)
    partner = str(context.get("partner_name", "")) or "friend"
    partner_first = partner.split()[0]
    own_activity = _as_mine(str(context.get("current_activity", "")) or "going about my day")
    partner_activity = _as_yours(str(context.get("partner_activity", "")))
    if partner_activity == "unknown":
        partner_activity = ""
    turns = _conversation(context.get("conversation"))
    used = {line.strip() for line in _texts(context.get("lines_said_today"))}
    used.update(text.strip() for speaker, text in turns if speaker == facts.name)
    part = _part_of_day(str(context.get("time_text", "")))
    length = len(turns)
    closing_turn = 4 + int(stable_fraction(facts.name, partner, context.get("time_text", "")) * 3)
    goodbyes = [f"It was nice talking to you, {partner_first}. See you later!",
                f"Have a good {part}, {partner_first}!",
                f"I'd better get going. Take care, {partner_first}.",
                f"Good talking to you, {partner_first}. Let's catch up again soon.",
                f"See you around, {partner_first}. Enjoy the rest of your {part}!",
                f"Thanks for the chat, {partner_first}. Bye for now!"]

    def goodbye() -> dict[str, object]:
        line = _first_unused(goodbyes, used) or f"Bye, {partner_first}. Enjoy your {part}, and see you soon!"
        return {"utterance": line, "end_conversation": True}

    if length == 0:
        openers = ("Hi", "Hello", "Good to see you", "Oh, hey", f"Good {part}")
        questions = ([f"What are you up to? Still {partner_activity}?"] if partner_activity else []) + [
            "How are you doing?", f"How has your {part} been?", "What's new with you?"]
        start = int(stable_fraction(facts.name, partner) * len(openers))
        candidates = [f"{openers[(start + i) % len(openers)]}, {partner_first}! {question}"
                      for question in questions for i in range(len(openers))]
        line = _first_unused(candidates, used)
        return {"utterance": line or f"Hi there, {partner_first}.", "end_conversation": False}
    if length == 1:
        candidates = [f"Hi {partner_first}! I'm {own_activity}. How about you?",
                      f"Good to see you, {partner_first}. I'm in the middle of {own_activity}.",
                      f"Oh, hello {partner_first}. Just {own_activity} at the moment.",
                      f"Not bad, {partner_first}, thanks. I'm {own_activity} this {part}."]
        line = _first_unused(candidates, used)
        return {"utterance": line, "end_conversation": False} if line else goodbye()
    if length + 1 >= closing_turn:
        return goodbye()
    mind = [_first_person(facts, sentence) for sentence in _sentences(facts.currently)]
    remembered = _about_partner(_texts(context.get("relevant_memories")), partner, facts.name)
    candidates = (remembered[:2] + mind) if length % 2 == 0 else (mind + remembered[:2])
    if length == 3:
        candidates = [f"That sounds interesting. {line}" for line in candidates] + candidates
    candidates.append(f"I should get back to {own_activity} soon.")
    line = _first_unused(candidates, used)
    return {"utterance": line, "end_conversation": False} if line else goodbye()


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
    partner_lines = [text for speaker, text in turns if speaker == partner and len(text) > 20
                     and not re.search(r"nice talking|see you|take care|bye|good talking|thanks for|how about you|"
                                       r"what are you up to|how are you", text, re.IGNORECASE)]
    memo_source = max(partner_lines, key=len) if partner_lines else ""
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
