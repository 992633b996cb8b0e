"""THE table of prompt specs: every question the minds ask the language model.

Each row names the template (``agents/prompts/templates/<name>.txt``, rendered with ``string.Template``
``$variables``; the shared ``system.txt`` carries the output schema), the output schema
(``agents.prompts.schemas``), default temperature and max_tokens (overridable per spec in the settings'
``[prompts.<name>]``), the context keys, an optional check against the context
(``agents.prompts.answer_checks``) and the fallback: the offline model's rule for the same spec
(``agents.llm.offline``).

Context keys (every spec takes ``persona``: a dict with name, first_name, last_name, age, innate,
learned, currently, lifestyle, daily_plan_req, living_area; optional everywhere: ``date_text`` such as
"Tuesday February 14, 2023" and ``time_text`` such as "9:30 am"):

=========================  ==========================================================================
spec                       context keys (required; optional in brackets) -> output
=========================  ==========================================================================
wake_up_hour               persona -> {"wake_up_hour": 0-23}
daily_plan                 persona, [wake_up_hour: int, spatial_memory] -> {"daily_plan": [3-12 str]}
hourly_schedule            persona, [wake_up_hour, daily_plan: [str], spatial_memory]
                           -> {"blocks": [{"start_hour": 0-23, "activity"}]}, sorted, first at 0,
                           a block lasts until the next starts (the last until midnight)
decompose_action           persona, activity: str, duration_minutes: int, [start_time_text]
                           -> {"subtasks": [{"description", "duration_minutes"}]} summing to the duration
action_place               persona, activity: str, spatial_memory {world: {sector: {arena: [objects]}}},
                           [parent_activity, current_address] -> {"sector", "arena", "game_object" (all
                           from spatial_memory, consistent), "emoji", "event": {"subject", "predicate",
                           "object"}, "object_state"}
importance_batch           persona, observations: [{"id": str, "description": str}]
                           -> {"scores": [{"id", "importance": 1-10}]}, one per observation, same order
react_decision             persona, observation: str, other_name, other_activity, current_activity,
                           [relevant_memories: [str], minutes_since_last_chat: int,
                           object_in_use_by_other: bool] -> {"decision": talk|wait|continue, "reason"}
dialogue_turn              persona, partner_name, conversation: [{"speaker", "text"}], [partner_activity,
                           current_activity, relevant_memories, location_text]
                           -> {"utterance", "end_conversation": bool}
conversation_summary       persona, partner_name, conversation -> {"summary"}
post_conversation_thought  persona, partner_name, conversation -> {"planning_thought", "memo"}
reflection_questions       persona, statements: [str] -> {"questions": [1-3 str]}
reflection_insights        persona, statements: [{"id", "description"}], [question]
                           -> {"insights": [{"insight", "evidence_ids": [ids of statements]}] (1-5)}
revise_currently           persona, [planning_thoughts: [str], recent_memories: [str]] -> {"currently"}
interview_answer           persona, question, [relevant_memories, current_activity, conversation]
                           -> {"answer"}
knowledge_battery          persona, questions: [{"id", "question", "memories": [str], "keywords": [str]}]
                           -> {"answers": [{"id", "answer"}]}, one per question, same order
knowledge_judge            persona, items: [{"id", "question", "answer", "fact"}]
                           -> {"verdicts": [{"id", "verdict": yes|no}]}, one per item, same order
=========================  ==========================================================================
"""

from __future__ import annotations

from collections.abc import Mapping

from agents.llm.offline import OFFLINE_ANSWERS
from agents.prompts import answer_checks, formatting, knowledge_prompts, schemas
from agents.prompts.spec import PromptSpec

_COMMON_OPTIONAL = ("date_text", "time_text")


def _spec(
    name: str,
    purpose: str,
    output_schema: object,
    temperature: float,
    max_tokens: int,
    required: tuple[str, ...],
    optional: tuple[str, ...],
    variables: object,
    check: object = None,
) -> PromptSpec:
    return PromptSpec(
        name=name,
        purpose=purpose,
        template_file=f"{name}.txt",
        output_schema=output_schema,  # type: ignore[arg-type]
        temperature=temperature,
        max_tokens=max_tokens,
        required_context=("persona", *required),
        optional_context=(*optional, *_COMMON_OPTIONAL),
        template_variables=variables,  # type: ignore[arg-type]
        fallback=OFFLINE_ANSWERS[name],
        check=check,  # type: ignore[arg-type]
    )


PROMPT_SPECS: Mapping[str, PromptSpec] = {
    spec.name: spec
    for spec in (
        _spec(
            "wake_up_hour",
            "hour the agent wakes up today",
            schemas.WAKE_UP_HOUR,
            0.2,
            40,
            (),
            ("spatial_memory",),
            formatting.planning_variables,
        ),
        _spec(
            "daily_plan",
            "today's plan in broad strokes",
            schemas.DAILY_PLAN,
            0.7,
            500,
            (),
            ("wake_up_hour", "spatial_memory"),
            formatting.planning_variables,
        ),
        _spec(
            "hourly_schedule",
            "hour-by-hour schedule of the day",
            schemas.HOURLY_SCHEDULE,
            0.5,
            900,
            (),
            ("wake_up_hour", "daily_plan", "spatial_memory"),
            formatting.planning_variables,
            answer_checks.check_hourly_schedule,
        ),
        _spec(
            "decompose_action",
            "5-15 minute steps of an activity",
            schemas.DECOMPOSE_ACTION,
            0.5,
            700,
            ("activity", "duration_minutes"),
            ("start_time_text",),
            formatting.action_variables,
            answer_checks.check_decompose_action,
        ),
        _spec(
            "action_place",
            "where an action happens, its emoji, event and object state",
            schemas.action_place_schema,
            0.2,
            300,
            ("activity", "spatial_memory"),
            ("parent_activity", "current_address"),
            formatting.action_variables,
            answer_checks.check_action_place,
        ),
        _spec(
            "importance_batch",
            "importance 1-10 of new observations, in one call",
            schemas.importance_batch_schema,
            0.1,
            600,
            ("observations",),
            (),
            formatting.observation_variables,
            answer_checks.check_importance_batch,
        ),
        _spec(
            "react_decision",
            "talk, wait or continue on seeing someone",
            schemas.REACT_DECISION,
            0.3,
            150,
            ("observation", "other_name", "other_activity", "current_activity"),
            ("relevant_memories", "minutes_since_last_chat", "object_in_use_by_other"),
            formatting.social_variables,
        ),
        _spec(
            "dialogue_turn",
            "the agent's next line in a conversation",
            schemas.DIALOGUE_TURN,
            0.8,
            200,
            ("partner_name", "conversation"),
            ("partner_activity", "current_activity", "relevant_memories", "location_text"),
            formatting.social_variables,
        ),
        _spec(
            "conversation_summary",
            "one-sentence summary of a conversation",
            schemas.CONVERSATION_SUMMARY,
            0.3,
            200,
            ("partner_name", "conversation"),
            (),
            formatting.social_variables,
        ),
        _spec(
            "post_conversation_thought",
            "planning thought and memo after a conversation",
            schemas.POST_CONVERSATION_THOUGHT,
            0.5,
            200,
            ("partner_name", "conversation"),
            (),
            formatting.social_variables,
        ),
        _spec(
            "reflection_questions",
            "3 salient questions about recent memories",
            schemas.REFLECTION_QUESTIONS,
            0.5,
            250,
            ("statements",),
            (),
            formatting.reflection_variables,
        ),
        _spec(
            "reflection_insights",
            "insights citing the memories they rest on",
            schemas.reflection_insights_schema,
            0.5,
            600,
            ("statements",),
            ("question",),
            formatting.reflection_variables,
            answer_checks.check_reflection_insights,
        ),
        _spec(
            "revise_currently",
            "new 'currently' status for a new day",
            schemas.REVISE_CURRENTLY,
            0.5,
            300,
            (),
            ("planning_thoughts", "recent_memories"),
            formatting.reflection_variables,
        ),
        _spec(
            "interview_answer",
            "answer to a user's interview question",
            schemas.INTERVIEW_ANSWER,
            0.7,
            400,
            ("question",),
            ("relevant_memories", "current_activity", "conversation"),
            formatting.social_variables,
        ),
        _spec(
            "knowledge_battery",
            "a resident's answers to the paper's knowledge questions, in one call",
            knowledge_prompts.knowledge_battery_schema,
            0.3,
            2400,
            ("questions",),
            (),
            knowledge_prompts.knowledge_battery_variables,
            knowledge_prompts.check_knowledge_battery,
        ),
        _spec(
            "knowledge_judge",
            "whether each interview answer is a yes",
            knowledge_prompts.knowledge_judge_schema,
            0.0,
            900,
            ("items",),
            (),
            knowledge_prompts.knowledge_judge_variables,
            knowledge_prompts.check_knowledge_judge,
        ),
    )
}
