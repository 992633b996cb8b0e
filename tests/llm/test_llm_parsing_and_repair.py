"""Tolerant JSON extraction and schema repair."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from agents.llm.json_extraction import JsonNotFound, extract_json, strip_reasoning
from agents.llm.schema_repair import SchemaMismatch, repair_to_schema, schema_errors, unsupported_keywords
from agents.llm.structured_output import UnparseableAnswer, parse_structured_answer
from agents.prompts import PROMPT_SPECS
from agents.prompts.schemas import DIALOGUE_TURN, REACT_DECISION, WAKE_UP_HOUR, importance_batch_schema
from tests.fixtures.town_samples import context_for


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"a": 1}', {"a": 1}),
        ('<think>I should say {"a": 2}</think>{"a": 1}', {"a": 1}),
        ('reasoning without an opening tag</think>\n{"a": 1}', {"a": 1}),
        ('```json\n{"a": 1}\n```', {"a": 1}),
        ('Sure! Here it is: {"a": 1} Hope that helps.', {"a": 1}),
        ('{"a": [1, 2,], "b": True,}', {"a": [1, 2], "b": True}),
        ('{"a": [{"b": "cut here', {"a": [{"b": "cut here"}]}),
    ],
)
def test_extract_json_tolerates_what_models_write(text: str, expected: object) -> None:
    value, _repairs = extract_json(text)
    assert value == expected


@pytest.mark.parametrize("text", ["", "   ", "no json at all", '{"a": ]]]', "<think>only thinking</think>"])
def test_extract_json_refuses_what_cannot_be_repaired(text: str) -> None:
    with pytest.raises(JsonNotFound):
        extract_json(text)


def test_unclosed_think_block_is_dropped() -> None:
    assert strip_reasoning('{"a": 1}<think>and then it never') == '{"a": 1}'


def test_repairs_number_as_string_key_case_and_clamping() -> None:
    value, repairs = repair_to_schema({"Wake Up Hour": "31"}, WAKE_UP_HOUR)
    assert value == {"wake_up_hour": 23}
    assert any("renamed" in repair for repair in repairs)
    assert any("maximum" in repair for repair in repairs)


def test_repairs_list_wrapped_in_object_and_bare_list() -> None:
    schema = importance_batch_schema(context_for("importance_batch"))
    items = [{"id": "101", "importance": 1}, {"id": "102", "importance": 2}, {"id": "103", "importance": "5"}]
    wrapped, _ = repair_to_schema({"scores": {"items": items}}, schema)
    bare, _ = repair_to_schema(items, schema)
    assert wrapped == bare
    assert schema_errors(bare, schema) == []


def test_repairs_enum_in_a_sentence_and_boolean_text() -> None:
    react, _ = repair_to_schema(
        {"decision": "I think I will TALK to her", "reason": "why not"}, REACT_DECISION
    )
    turn, _ = repair_to_schema({"answer": {"utterance": "Hi!", "end_conversation": "yes"}}, DIALOGUE_TURN)
    assert react["decision"] == "talk"  # type: ignore[index]
    assert turn == {"utterance": "Hi!", "end_conversation": True}


@pytest.mark.parametrize(
    "value",
    [
        {"decision": "maybe", "reason": "x"},
        {"reason": "no decision"},
        {"decision": "talk or wait", "reason": "x"},
    ],
)
def test_unrepairable_values_are_refused(value: object) -> None:
    with pytest.raises(SchemaMismatch):
        repair_to_schema(value, REACT_DECISION)


def test_parse_structured_answer_reports_unparseable() -> None:
    with pytest.raises(UnparseableAnswer):
        parse_structured_answer('{"unexpected": 1}', WAKE_UP_HOUR)


@given(st.integers(min_value=-1000, max_value=1000), st.booleans())
def test_any_integer_hour_repairs_to_a_valid_hour(hour: int, as_text: bool) -> None:
    raw = json.dumps({"wake_up_hour": str(hour) if as_text else hour})
    value, _ = parse_structured_answer(raw, WAKE_UP_HOUR)
    assert schema_errors(value, WAKE_UP_HOUR) == []


@given(st.text(max_size=200))
def test_parsing_arbitrary_text_never_raises_anything_but_unparseable(text: str) -> None:
    try:
        value, _ = parse_structured_answer(text, DIALOGUE_TURN)
    except UnparseableAnswer:
        return
    assert schema_errors(value, DIALOGUE_TURN) == []


def test_every_spec_schema_uses_only_supported_keywords() -> None:
    for name, spec in PROMPT_SPECS.items():
        schema = spec.schema_for(context_for(name))
        assert unsupported_keywords(schema) == set(), name
        assert schema["type"] == "object"
