"""Schema-valid nonsense, as a weak model answers (issue 15): for the test server's answer hook.

Every answer matches its spec's schema, and none makes sense: places that do not exist or the cafe
for everything (sleep included), a schedule that drinks coffee at midnight, the same subtask all day,
every memory scored 10, the same insight and the same line again and again, and always "talk".
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from agents.llm.offline.text_tools import stable_fraction
from agents.prompts.schemas import known_place_names

CAFE = ("Hobbs Cafe", "cafe", "cafe customer seating")


def _place(context: Mapping[str, object]) -> dict[str, object]:
    """The cafe (sleep included), or known names put together into a place that does not exist."""
    sectors, arenas, objects = known_place_names(context.get("spatial_memory"))
    roll = stable_fraction(context.get("activity"), context.get("time_text"), context.get("date_text"))
    sleeping = "sleep" in str(context.get("activity", "")).casefold()
    if (sleeping or roll < 0.6) and CAFE[0] in sectors and CAFE[1] in arenas and CAFE[2] in objects:
        sector, arena, game_object = CAFE
    else:
        sector, arena, game_object = sectors[0], arenas[-1], objects[len(objects) // 2]
    return {"sector": sector, "arena": arena, "game_object": game_object, "emoji": "☕",
            "event": {"subject": "someone", "predicate": "is", "object": "drinking coffee"},
            "object_state": "in use"}


def _schedule(context: Mapping[str, object]) -> dict[str, object]:
    return {"blocks": [{"start_hour": 0, "activity": "drinking coffee at Hobbs Cafe"},
                       {"start_hour": 9, "activity": "working"},
                       {"start_hour": 18, "activity": "drinking coffee at Hobbs Cafe"}]}


def _subtasks(context: Mapping[str, object]) -> dict[str, object]:
    minutes = context.get("duration_minutes")
    total = minutes if isinstance(minutes, int) else 60
    count = max(1, total // 10)
    return {"subtasks": [{"description": "drinking coffee at Hobbs Cafe", "duration_minutes": 10}] * count}


def _scores(context: Mapping[str, object]) -> dict[str, object]:
    observations = context.get("observations")
    ids = [o["id"] for o in observations] if isinstance(observations, list) else []  # type: ignore[index]
    return {"scores": [{"id": i, "importance": 10} for i in ids]}


def _insights(context: Mapping[str, object]) -> dict[str, object]:
    statements = context.get("statements")
    first = statements[0]["id"] if isinstance(statements, list) and statements else "0"  # type: ignore[index]
    return {"insights": [{"insight": "This person likes coffee very much.", "evidence_ids": [first]}] * 3}


NONSENSE: Mapping[str, Callable[[Mapping[str, object]], object]] = {
    "wake_up_hour": lambda c: {"wake_up_hour": 7},
    "daily_plan": lambda c: {"daily_plan": ["drink coffee", "drink coffee", "drink coffee"]},
    "hourly_schedule": _schedule,
    "decompose_action": _subtasks,
    "action_place": _place,
    "importance_batch": _scores,
    "react_decision": lambda c: {"decision": "talk", "reason": "coffee"},
    "dialogue_turn": lambda c: {"utterance": "I like coffee.", "end_conversation": False},
    "conversation_summary": lambda c: {"summary": "They talked about coffee."},
    "post_conversation_thought": lambda c: {"planning_thought": "Drink coffee.", "memo": "Coffee is good."},
    "reflection_questions": lambda c: {"questions": ["Coffee?", "Coffee?", "Coffee?"]},
    "reflection_insights": _insights,
    "revise_currently": lambda c: {"currently": "Drinking coffee."},
    "interview_answer": lambda c: {"answer": "Coffee."},
}
