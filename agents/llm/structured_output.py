"""Structured output: how we ask a server for JSON, and how we turn its text into a validated value.

Servers differ in what they accept as ``response_format``:

* ``json_schema`` - ``{"type": "json_schema", "json_schema": {"name", "schema"}}``: OpenAI, vLLM,
  Ollama, LM Studio, llama-cpp-python's server;
* ``json_object_schema`` - ``{"type": "json_object", "schema": ...}``: llama.cpp's own server;
* ``json_object`` - ``{"type": "json_object"}``: JSON of any shape;
* ``text`` - no ``response_format``; the prompt asks for JSON and we extract it tolerantly.

Whatever the mode, :func:`parse_structured_answer` always extracts, validates and repairs the text
against the schema (:mod:`agents.llm.json_extraction`, :mod:`agents.llm.schema_repair`); a server's
promise of structure is never trusted blindly.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from agents.llm.json_extraction import JsonNotFound, extract_json
from agents.llm.schema_repair import SchemaMismatch, repair_to_schema

# Order in which the client falls back when a server refuses a response_format.
MODE_DOWNGRADES: Mapping[str, str] = {
    "json_schema": "json_object_schema",
    "json_object_schema": "json_object",
    "json_object": "text",
}


class UnparseableAnswer(ValueError):
    """The text holds no value that can be repaired to match the schema."""


def schema_for_server(schema: Mapping[str, object]) -> dict[str, object]:
    """``schema`` without ``maxLength``: it is enforced here by cutting the text (a repair).

    Grammar-based servers (llama.cpp) expand ``maxLength`` into one nested rule per character and fail
    on long limits; the rest of the schema is sent as it is.
    """
    cleaned: dict[str, object] = {key: value for key, value in schema.items() if key != "maxLength"}
    properties = schema.get("properties")
    if isinstance(properties, Mapping):
        cleaned["properties"] = {name: schema_for_server(sub) for name, sub in properties.items()}
    items = schema.get("items")
    if isinstance(items, Mapping):
        cleaned["items"] = schema_for_server(items)
    return cleaned


def response_format_for(
    mode: str, schema: Mapping[str, object], schema_name: str
) -> dict[str, object] | None:
    """The ``response_format`` request field for ``mode``, or ``None`` for plain text."""
    schema = schema_for_server(schema)
    if mode == "json_schema":
        safe_name = re.sub(r"[^A-Za-z0-9_-]", "_", schema_name)[:64] or "answer"
        return {
            "type": "json_schema",
            "json_schema": {"name": safe_name, "schema": dict(schema), "strict": False},
        }
    if mode == "json_object_schema":
        return {"type": "json_object", "schema": dict(schema)}
    if mode == "json_object":
        return {"type": "json_object"}
    if mode == "text":
        return None
    raise ValueError(f"unknown structured output mode {mode!r}")


def parse_structured_answer(raw_text: str, schema: Mapping[str, object]) -> tuple[object, tuple[str, ...]]:
    """The schema-valid value in ``raw_text`` and the repairs made; raises :class:`UnparseableAnswer`
    (also for an answer past the bounds of :mod:`agents.llm.json_extraction`), never anything else."""
    try:
        value, extraction_repairs = extract_json(raw_text)
        repaired, schema_repairs = repair_to_schema(value, schema)
    except (JsonNotFound, SchemaMismatch) as error:  # AnswerOutOfBounds is a JsonNotFound
        raise UnparseableAnswer(str(error)) from error
    except RecursionError as error:  # ruled out by the extraction's depth bound; never a crash all the same
        raise UnparseableAnswer("the answer nests too deep to parse") from error
    return repaired, extraction_repairs + schema_repairs
