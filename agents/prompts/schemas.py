"""Output JSON schemas of the prompt specs (the subset documented in ``agents.llm.schema_repair``).

Every object lists all its properties as required and forbids extra ones, which suits strict
structured-output servers. Three schemas depend on the request's context so that servers with
constrained decoding can only produce valid names and ids: ``action_place`` (enums of the agent's known
sectors, arenas and objects), ``importance_batch`` (one score per observation id) and
``reflection_insights`` (evidence ids from the statements). Enum lists are ordered so that their first
values belong together (first sector, its first arena with objects, that arena's first object).
"""

from __future__ import annotations

from collections.abc import Mapping

JsonSchema = dict[str, object]


def strict_object(properties: Mapping[str, JsonSchema]) -> JsonSchema:
    return {
        "type": "object",
        "properties": dict(properties),
        "required": list(properties),
        "additionalProperties": False,
    }


def text(min_length: int = 1, max_length: int = 300) -> JsonSchema:
    return {"type": "string", "minLength": min_length, "maxLength": max_length}


def integer(minimum: int, maximum: int) -> JsonSchema:
    return {"type": "integer", "minimum": minimum, "maximum": maximum}


def array(items: JsonSchema, min_items: int, max_items: int) -> JsonSchema:
    return {"type": "array", "items": items, "minItems": min_items, "maxItems": max_items}


WAKE_UP_HOUR = strict_object({"wake_up_hour": integer(0, 23)})
DAILY_PLAN = strict_object({"daily_plan": array(text(3, 200), 3, 12)})
HOURLY_SCHEDULE = strict_object(
    {"blocks": array(strict_object({"start_hour": integer(0, 23), "activity": text(2, 120)}), 2, 24)}
)
DECOMPOSE_ACTION = strict_object(
    {
        "subtasks": array(
            strict_object({"description": text(2, 120), "duration_minutes": integer(1, 1440)}), 1, 40
        )
    }
)
REACT_DECISION = strict_object(
    {"decision": {"type": "string", "enum": ["talk", "wait", "continue"]}, "reason": text(1, 300)}
)
DIALOGUE_TURN = strict_object({"utterance": text(1, 400), "end_conversation": {"type": "boolean"}})
CONVERSATION_SUMMARY = strict_object({"summary": text(3, 500)})
POST_CONVERSATION_THOUGHT = strict_object({"planning_thought": text(3, 300), "memo": text(3, 300)})
REFLECTION_QUESTIONS = strict_object({"questions": array(text(5, 200), 1, 3)})
REVISE_CURRENTLY = strict_object({"currently": text(3, 600)})
INTERVIEW_ANSWER = strict_object({"answer": text(1, 1500)})
EVENT_TRIPLE = strict_object({"subject": text(1, 80), "predicate": text(1, 60), "object": text(1, 120)})


def known_place_names(spatial_memory: object) -> tuple[list[str], list[str], list[str]]:
    """Unique sector, arena and object names the agent knows, in an order where firsts belong together."""
    sectors: dict[str, None] = {}
    arenas: dict[str, None] = {}
    objects: dict[str, None] = {}
    if isinstance(spatial_memory, Mapping):
        for world_sectors in spatial_memory.values():
            if not isinstance(world_sectors, Mapping):
                continue
            for sector, sector_arenas in world_sectors.items():
                if not isinstance(sector_arenas, Mapping):
                    continue
                # Arenas with objects first, so the first arena of the first sector has an object.
                ordered = sorted(sector_arenas.items(), key=lambda item: 0 if item[1] else 1)
                for arena, arena_objects in ordered:
                    if not arena_objects:
                        continue
                    sectors.setdefault(str(sector), None)
                    arenas.setdefault(str(arena), None)
                    for game_object in arena_objects:
                        objects.setdefault(str(game_object), None)
    return list(sectors), list(arenas), list(objects)


def action_place_schema(context: Mapping[str, object]) -> JsonSchema:
    sectors, arenas, objects = known_place_names(context.get("spatial_memory"))

    def name(options: list[str]) -> JsonSchema:
        return {"type": "string", "enum": options} if options else text(1, 120)

    return strict_object(
        {
            "sector": name(sectors),
            "arena": name(arenas),
            "game_object": name(objects),
            "emoji": text(1, 16),
            "event": EVENT_TRIPLE,
            "object_state": text(1, 120),
        }
    )


def _ids(entries: object) -> list[str]:
    if not isinstance(entries, (list, tuple)):
        return []
    return [str(entry.get("id")) for entry in entries if isinstance(entry, Mapping) and "id" in entry]


def importance_batch_schema(context: Mapping[str, object]) -> JsonSchema:
    ids = _ids(context.get("observations"))
    id_schema: JsonSchema = {"type": "string", "enum": ids} if ids else text(1, 40)
    count = max(1, len(ids))
    return strict_object(
        {"scores": array(strict_object({"id": id_schema, "importance": integer(1, 10)}), count, count)}
    )


def reflection_insights_schema(context: Mapping[str, object]) -> JsonSchema:
    ids = _ids(context.get("statements"))
    id_schema: JsonSchema = {"type": "string", "enum": ids} if ids else text(1, 40)
    insight = strict_object({"insight": text(5, 300), "evidence_ids": array(id_schema, 1, 10)})
    return strict_object({"insights": array(insight, 1, 5)})
