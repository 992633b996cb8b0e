"""Rules of the offline model: deterministic answers to every prompt spec, from the request's context.

``OFFLINE_ANSWERS`` maps each prompt spec name to a function ``context -> value`` whose value is valid
under that spec's output schema. The same functions are the specs' fallbacks in
``agents.prompts.spec_table``, so a failed model call degrades to the same believable behaviour as
running with no model at all. The rules read the persona (``context["persona"]``), the agent's known
places (``context["spatial_memory"]``) and the spec's other keys; they use no randomness beyond
stable hashes of their inputs, so the same context always gives the same answer.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from agents.llm.offline.day_planning import (
    answer_daily_plan,
    answer_decompose_action,
    answer_hourly_schedule,
    answer_wake_up_hour,
)
from agents.llm.offline.knowledge import answer_knowledge_battery, answer_knowledge_judge
from agents.llm.offline.place_choice import answer_action_place
from agents.llm.offline.reflection import (
    answer_importance_batch,
    answer_reflection_insights,
    answer_reflection_questions,
    answer_revise_currently,
)
from agents.llm.offline.social import (
    answer_conversation_summary,
    answer_dialogue_turn,
    answer_interview,
    answer_post_conversation_thought,
    answer_react_decision,
)

OfflineAnswer = Callable[[Mapping[str, object]], object]

OFFLINE_ANSWERS: Mapping[str, OfflineAnswer] = {
    "wake_up_hour": answer_wake_up_hour,
    "daily_plan": answer_daily_plan,
    "hourly_schedule": answer_hourly_schedule,
    "decompose_action": answer_decompose_action,
    "action_place": answer_action_place,
    "importance_batch": answer_importance_batch,
    "react_decision": answer_react_decision,
    "dialogue_turn": answer_dialogue_turn,
    "conversation_summary": answer_conversation_summary,
    "post_conversation_thought": answer_post_conversation_thought,
    "reflection_questions": answer_reflection_questions,
    "reflection_insights": answer_reflection_insights,
    "revise_currently": answer_revise_currently,
    "interview_answer": answer_interview,
    "knowledge_battery": answer_knowledge_battery,
    "knowledge_judge": answer_knowledge_judge,
}

__all__ = ["OFFLINE_ANSWERS", "OfflineAnswer"]
