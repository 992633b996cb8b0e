"""Turns a spec's context (plain data) into the text variables its template uses.

Each ``*_variables`` function returns a mapping of template variable names to strings; the spec table
names the one each spec uses. Lists become bullet lists, conversations become transcripts, the persona
becomes an identity card, known places become an indented outline.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

NOTHING = "(none)"


def persona_card(context: Mapping[str, object]) -> str:
    persona = context.get("persona")
    if not isinstance(persona, Mapping):
        return NOTHING
    lines = [
        ("Name", persona.get("name")),
        ("Age", persona.get("age")),
        ("Innate traits", persona.get("innate")),
        ("Background", persona.get("learned")),
        ("Currently", persona.get("currently")),
        ("Lifestyle", persona.get("lifestyle")),
        ("Daily routine", persona.get("daily_plan_req")),
        ("Home", persona.get("living_area")),
    ]
    return "\n".join(f"{label}: {value}" for label, value in lines if value not in (None, ""))


def bullet_list(items: object) -> str:
    if not isinstance(items, (list, tuple)) or not items:
        return NOTHING
    return "\n".join(f"- {item}" for item in items)


def identified_list(items: object) -> str:
    """``[{"id": "7", "description": "..."}]`` -> ``[7] ...`` lines."""
    if not isinstance(items, (list, tuple)) or not items:
        return NOTHING
    lines = []
    for entry in items:
        if isinstance(entry, Mapping):
            lines.append(f"[{entry.get('id')}] {entry.get('description')}")
    return "\n".join(lines) or NOTHING


def transcript(conversation: object) -> str:
    if not isinstance(conversation, (list, tuple)) or not conversation:
        return "(the conversation has not started yet)"
    return "\n".join(
        f"{turn.get('speaker')}: {turn.get('text')}" for turn in conversation if isinstance(turn, Mapping)
    )


def places_outline(spatial_memory: object) -> str:
    if not isinstance(spatial_memory, Mapping) or not spatial_memory:
        return NOTHING
    lines: list[str] = []
    for world, sectors in spatial_memory.items():
        lines.append(f"{world}:")
        if not isinstance(sectors, Mapping):
            continue
        for sector, arenas in sectors.items():
            lines.append(f'  sector "{sector}":')
            if not isinstance(arenas, Mapping):
                continue
            for arena, objects in arenas.items():
                if objects:
                    names = ", ".join(f'"{name}"' for name in objects)
                    lines.append(f'    arena "{arena}": objects {names}')
    return "\n".join(lines)


def text_of(context: Mapping[str, object], key: str, default: str = NOTHING) -> str:
    value = context.get(key)
    if value is None or value == "":
        return default
    return str(value)


def persona_name(context: Mapping[str, object]) -> str:
    persona = context.get("persona")
    return str(persona.get("name", "the character")) if isinstance(persona, Mapping) else "the character"


def common_variables(context: Mapping[str, object]) -> dict[str, str]:
    """Variables every template may use."""
    return {
        "persona": persona_card(context),
        "name": persona_name(context),
        "date": text_of(context, "date_text", "today"),
        "time": text_of(context, "time_text", "now"),
    }


def planning_variables(context: Mapping[str, object]) -> dict[str, str]:
    return {
        **common_variables(context),
        "wake_up_hour": text_of(context, "wake_up_hour", "unknown"),
        "daily_plan": bullet_list(context.get("daily_plan")),
        "places": places_outline(context.get("spatial_memory")),
    }


def action_variables(context: Mapping[str, object]) -> dict[str, str]:
    return {
        **common_variables(context),
        "activity": text_of(context, "activity"),
        "parent_activity": text_of(context, "parent_activity", "(same as the activity)"),
        "start_time": text_of(context, "start_time_text", "the start of the block"),
        "duration_minutes": text_of(context, "duration_minutes", "60"),
        "current_address": text_of(context, "current_address", "unknown"),
        "places": places_outline(context.get("spatial_memory")),
    }


def observation_variables(context: Mapping[str, object]) -> dict[str, str]:
    return {**common_variables(context), "observations": identified_list(context.get("observations"))}


def social_variables(context: Mapping[str, object]) -> dict[str, str]:
    return {
        **common_variables(context),
        "observation": text_of(context, "observation"),
        "other_name": text_of(context, "other_name", "someone"),
        "other_activity": text_of(context, "other_activity", "unknown"),
        "partner_name": text_of(context, "partner_name", "someone"),
        "partner_activity": text_of(context, "partner_activity", "unknown"),
        "current_activity": text_of(context, "current_activity", "unknown"),
        "location": text_of(context, "location_text", "unknown"),
        "minutes_since_last_chat": text_of(context, "minutes_since_last_chat", "they have not talked today"),
        "memories": bullet_list(context.get("relevant_memories")),
        "conversation": transcript(context.get("conversation")),
        "question": text_of(context, "question"),
    }


def reflection_variables(context: Mapping[str, object]) -> dict[str, str]:
    statements = context.get("statements")
    numbered = (
        identified_list(statements)
        if statements and isinstance(statements, (list, tuple)) and isinstance(statements[0], Mapping)
        else bullet_list(statements)
    )
    return {
        **common_variables(context),
        "statements": numbered,
        "question": text_of(context, "question", "What are the most important things to conclude?"),
        "planning_thoughts": bullet_list(context.get("planning_thoughts")),
        "recent_memories": bullet_list(context.get("recent_memories")),
    }


def compact_json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
