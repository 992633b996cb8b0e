"""The offline model answers every spec validly, deterministically, and makes a believable day."""

from __future__ import annotations

import pytest

from agents.llm.offline import OFFLINE_ANSWERS
from agents.llm.offline.day_planning import build_day, schedule_activity_at
from agents.llm.offline_model import OfflineModel
from agents.llm.protocol import AnswerSource
from agents.llm.schema_repair import schema_errors
from agents.prompts import PROMPT_SPECS, PromptRunner
from agents.prompts.spec import PromptSpec
from tests.fixtures.town_samples import PERSONAS, TOWN, base_context, context_for


def assert_valid(spec: PromptSpec, value: object, context: dict[str, object]) -> None:
    assert schema_errors(value, spec.schema_for(context)) == [], (spec.name, value)
    if spec.check is not None:
        assert spec.check(value, context) == value, (spec.name, value)


def test_offline_rules_cover_every_spec_and_nothing_else() -> None:
    assert set(OFFLINE_ANSWERS) == set(PROMPT_SPECS)


@pytest.mark.parametrize("spec_name", sorted(PROMPT_SPECS))
@pytest.mark.parametrize("persona", sorted(PERSONAS))
def test_every_spec_gets_a_valid_offline_answer(spec_name: str, persona: str) -> None:
    runner = PromptRunner(OfflineModel())
    context = context_for(spec_name, persona)
    outcome = runner.run(spec_name, context, persona)
    assert not outcome.was_fallback
    assert outcome.source is AnswerSource.OFFLINE
    assert_valid(PROMPT_SPECS[spec_name], outcome.value, context)
    assert runner.run(spec_name, context, persona).value == outcome.value  # deterministic


def test_wake_up_hour_comes_from_lifestyle() -> None:
    hours = {name: OFFLINE_ANSWERS["wake_up_hour"](base_context(name)) for name in PERSONAS}
    assert hours == {
        "Isabella Rodriguez": {"wake_up_hour": 6},
        "Klaus Mueller": {"wake_up_hour": 7},
        "Maria Lopez": {"wake_up_hour": 10},
        "Sam Moore": {"wake_up_hour": 5},
    }


def _place_of(context: dict[str, object], activity: str) -> tuple[str, str, str]:
    answer = OFFLINE_ANSWERS["action_place"]({**context, "activity": activity})
    return answer["sector"], answer["arena"], answer["game_object"]  # type: ignore[index]


@pytest.mark.parametrize("persona", sorted(PERSONAS))
def test_a_whole_day_is_believable(persona: str) -> None:
    context = base_context(persona)
    blocks = build_day(context)
    home_sector = str(PERSONAS[persona]["living_area"]).split(":")[1]
    activities = " | ".join(block.activity for block in blocks)
    assert blocks[0].start_hour == 0
    assert [b.start_hour for b in blocks] == sorted({b.start_hour for b in blocks})
    for meal in ("breakfast", "lunch", "dinner"):
        assert meal in activities, (persona, activities)
    wake = OFFLINE_ANSWERS["wake_up_hour"](context)["wake_up_hour"]  # type: ignore[index]
    assert schedule_activity_at(blocks, wake - 1) == "sleeping"
    assert schedule_activity_at(blocks, 23.5) in ("sleeping", "getting ready for bed", "relaxing at home")
    for block in blocks:
        sector, arena, game_object = _place_of(context, block.activity)
        assert game_object in TOWN[sector][arena]
        if block.activity == "sleeping":
            assert (sector, game_object) == (home_sector, "bed"), persona


def test_people_go_to_the_work_places_their_routine_names() -> None:
    isabella = base_context("Isabella Rodriguez")
    at_ten = schedule_activity_at(build_day(isabella), 10)
    assert _place_of(isabella, at_ten) == ("Hobbs Cafe", "cafe", "behind the cafe counter")
    klaus = base_context("Klaus Mueller")
    assert _place_of(klaus, schedule_activity_at(build_day(klaus), 10))[:2] == ("Oak Hill College", "library")
    maria = base_context("Maria Lopez")
    assert _place_of(maria, schedule_activity_at(build_day(maria), 11))[0] == "Oak Hill College"


def test_bathroom_follows_the_pronoun_and_private_rooms_are_avoided() -> None:
    maria = base_context("Maria Lopez")
    klaus = base_context("Klaus Mueller")
    assert _place_of(maria, "taking a shower")[1] == "woman's bathroom"
    assert _place_of(klaus, "taking a shower")[1] == "man's bathroom"
    assert _place_of(klaus, "reading a book at home")[1] == "Klaus Mueller's room"


def test_decomposition_sums_to_the_block_and_sleep_stays_whole() -> None:
    for minutes in (5, 17, 60, 95):
        context = {**context_for("decompose_action"), "duration_minutes": minutes}
        subtasks = OFFLINE_ANSWERS["decompose_action"](context)["subtasks"]  # type: ignore[index]
        assert sum(task["duration_minutes"] for task in subtasks) == minutes
        assert all(5 <= task["duration_minutes"] <= 15 for task in subtasks)
    sleep = OFFLINE_ANSWERS["decompose_action"](
        {**context_for("decompose_action"), "activity": "sleeping", "duration_minutes": 420}
    )
    assert sleep == {"subtasks": [{"description": "sleeping", "duration_minutes": 420}]}


def test_dialogue_is_short_plain_and_ends() -> None:
    context = context_for("dialogue_turn")
    conversation: list[dict[str, str]] = []
    speakers = ("Isabella Rodriguez", "Klaus Mueller")
    for turn in range(10):
        speaker = speakers[turn % 2]
        partner = speakers[(turn + 1) % 2]
        answer = OFFLINE_ANSWERS["dialogue_turn"](
            {
                **base_context(speaker),
                "partner_name": partner,
                "conversation": conversation,
                **{k: context[k] for k in ("time_text",)},
            }
        )
        conversation.append({"speaker": speaker, "text": answer["utterance"]})  # type: ignore[index]
        if answer["end_conversation"]:  # type: ignore[index]
            break
    assert 4 <= len(conversation) <= 7
    assert any("party" in turn["text"] for turn in conversation)


def test_importance_scores_are_modest_and_rank_events() -> None:
    scores = OFFLINE_ANSWERS["importance_batch"](context_for("importance_batch"))["scores"]  # type: ignore[index]
    by_id = {score["id"]: score["importance"] for score in scores}
    assert by_id == {"101": 1, "102": 2, "103": 6}


def test_reflections_name_people_not_places_and_topics_not_names_or_verbs() -> None:
    statements = [
        {"id": "1", "description": "Maria Lopez is ordering a coffee at Hobbs Cafe"},
        {"id": "2", "description": "chatted with Maria Lopez about the Valentine's Day party at Hobbs Cafe"},
        {"id": "3", "description": "Isabella went to The Rose and Crown Pub for the party planning"},
        {"id": "4", "description": "Klaus Mueller's research is going well; Maria Lopez laughed"},
    ]
    context = {**base_context("Isabella Rodriguez"), "statements": statements, "question": "What matters?"}
    insights = [item["insight"] for item in OFFLINE_ANSWERS["reflection_insights"](context)["insights"]]  # type: ignore[index]
    assert insights[0] == "Isabella has been spending time with Maria Lopez."
    assert not any(place in text for text in insights for place in ("Hobbs Cafe", "Crown Pub", "The Rose"))
    assert "The party has been on Isabella's mind lately." in insights
    topics = [text.split()[1] for text in insights if text.startswith("The ")]
    assert not {"maria", "lopez", "chatted", "going", "laughed"} & set(topics)
