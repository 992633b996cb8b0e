"""Schemas, checks and template variables of the knowledge interview's two prompts.

``knowledge_battery`` asks one resident every question of the paper's measures in one call (the
party, the candidacy, and "Do you know of <name>?" for every other resident): one answer per question
id. ``knowledge_judge`` reads the answers and says, per id, whether the answer is a "yes" (the resident
knows ``fact``). Both schemas list exactly the ids asked (an enum, so constrained decoding cannot
invent one); the checks put the answers in the order asked and refuse a missing or repeated id.
"""

from __future__ import annotations

from collections.abc import Mapping

from agents.prompts.answer_checks import InvalidAnswer
from agents.prompts.formatting import NOTHING, common_variables
from agents.prompts.schemas import JsonSchema, array, strict_object, text

ANSWER_MAX_CHARS = 300
VERDICTS = ("yes", "no")


def _ids(entries: object) -> list[str]:
    if not isinstance(entries, (list, tuple)):
        return []
    return [str(entry.get("id")) for entry in entries if isinstance(entry, Mapping) and "id" in entry]


def _batch_schema(ids: list[str], list_key: str, value_key: str, value_schema: JsonSchema) -> JsonSchema:
    id_schema: JsonSchema = {"type": "string", "enum": ids} if ids else text(1, 40)
    count = max(1, len(ids))
    return strict_object({list_key: array(strict_object({"id": id_schema, value_key: value_schema}), count, count)})


def knowledge_battery_schema(context: Mapping[str, object]) -> JsonSchema:
    return _batch_schema(_ids(context.get("questions")), "answers", "answer", text(1, ANSWER_MAX_CHARS))


def knowledge_judge_schema(context: Mapping[str, object]) -> JsonSchema:
    return _batch_schema(_ids(context.get("items")), "verdicts", "verdict", {"type": "string", "enum": list(VERDICTS)})


def _in_order(value: object, wanted: list[str], list_key: str) -> object:
    entries = list(value[list_key])  # type: ignore[index]
    by_id = {str(entry["id"]): entry for entry in entries}
    if len(by_id) != len(entries) or set(by_id) != set(wanted):
        raise InvalidAnswer(f"expected one {list_key[:-1]} for each of the ids {wanted}, got {[e['id'] for e in entries]}")
    return {list_key: [by_id[identifier] for identifier in wanted]}


def check_knowledge_battery(value: object, context: Mapping[str, object]) -> object:
    return _in_order(value, _ids(context.get("questions")), "answers")


def check_knowledge_judge(value: object, context: Mapping[str, object]) -> object:
    return _in_order(value, _ids(context.get("items")), "verdicts")


def _questions_text(questions: object) -> str:
    lines: list[str] = []
    for entry in questions if isinstance(questions, (list, tuple)) else ():
        if not isinstance(entry, Mapping):
            continue
        lines.append(f"[{entry.get('id')}] {entry.get('question')}")
        memories = entry.get("memories")
        for memory in memories if isinstance(memories, (list, tuple)) else ():
            lines.append(f"    - you remember: {memory}")
    return "\n".join(lines) or NOTHING


def _items_text(items: object) -> str:
    lines: list[str] = []
    for entry in items if isinstance(items, (list, tuple)) else ():
        if isinstance(entry, Mapping):
            lines.append(f"[{entry.get('id')}] Question: {entry.get('question')}\n"
                         f"    What a \"yes\" means: {entry.get('fact')}\n    Answer: {entry.get('answer')}")
    return "\n".join(lines) or NOTHING


def knowledge_battery_variables(context: Mapping[str, object]) -> dict[str, str]:
    return {**common_variables(context), "questions": _questions_text(context.get("questions"))}


def knowledge_judge_variables(context: Mapping[str, object]) -> dict[str, str]:
    return {**common_variables(context), "items": _items_text(context.get("items"))}
