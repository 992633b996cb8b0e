"""The offline model: a :class:`~agents.llm.protocol.LanguageModel` with no network, built from persona data.

It answers every prompt spec deterministically from the request's context with the rules in
:mod:`agents.llm.offline` (wake-up hour from ``lifestyle``, a daily plan from the routine and occupation,
places chosen only from the agent's known places, short plain dialogue, modest importance scores), so
the whole game runs with no model at all. Each answer is checked against the request's schema like a
real model's; results are marked ``source = OFFLINE`` and cost nothing. The game and the headless
runner label it "offline model (no language model connected)".
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping

from agents.llm.errors import InvalidModelOutput, PermanentModelError
from agents.llm.offline import OFFLINE_ANSWERS
from agents.llm.protocol import NO_TOKENS, AnswerSource, CompletionRequest, CompletionResult
from agents.llm.schema_repair import SchemaMismatch, repair_to_schema

OFFLINE_MODEL_NAME = "offline"
OFFLINE_LABEL = "offline model (no language model connected)"


class OfflineModel:
    """Rule-based answers for every prompt spec; thread-safe (it keeps no state)."""

    def __init__(
        self, answers: Mapping[str, Callable[[Mapping[str, object]], object]] = OFFLINE_ANSWERS
    ) -> None:
        self._answers = answers

    @property
    def model_name(self) -> str:
        return OFFLINE_MODEL_NAME

    def complete(self, request: CompletionRequest) -> CompletionResult:
        rule = self._answers.get(request.spec_name)
        if rule is None:
            raise PermanentModelError(f"the offline model has no rule for prompt spec {request.spec_name!r}")
        try:
            value = rule(request.context)
        except ValueError as error:
            raise InvalidModelOutput(f"offline rule failed: {error}") from error
        raw_text = json.dumps(value, ensure_ascii=False)
        try:
            checked, repairs = repair_to_schema(value, request.output_schema)
        except SchemaMismatch as error:
            raise InvalidModelOutput(
                f"offline answer does not match the schema: {error}", raw_text=raw_text
            ) from error
        return CompletionResult(
            value=checked,
            raw_text=raw_text,
            usage=NO_TOKENS,
            model=OFFLINE_MODEL_NAME,
            source=AnswerSource.OFFLINE,
            repairs=repairs,
        )
