"""The shape of a prompt spec and of a prompt's outcome.

A :class:`PromptSpec` names its template file, its output JSON schema (fixed, or built from the context),
its default sampling parameters, the context keys it needs, how the context becomes template variables,
an optional check against the context, and its fallback (the offline model's rule for the same spec).
A :class:`PromptOutcome` is what :class:`agents.prompts.runner.PromptRunner` returns: always a valid value,
and whether it is a fallback and why.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from agents.llm.protocol import AnswerSource

JsonSchema = dict[str, object]
Context = Mapping[str, object]


class FallbackReason(enum.Enum):
    """Why a prompt's value is its spec's fallback rather than the model's answer."""

    INVALID_ANSWER = "invalid_answer"  # the model answered, but not validly, even when asked again
    MODEL_UNREACHABLE = "model_unreachable"  # the circuit breaker is open
    MODEL_ERROR = "model_error"  # the call failed after its retries (or a permanent error)
    BUDGET_EXCEEDED = "budget_exceeded"  # the budget guard refused the call


@dataclass(frozen=True)
class PromptSpec:
    """One kind of question the minds ask; see the table in ``agents.prompts.spec_table``."""

    name: str
    purpose: str
    template_file: str
    output_schema: JsonSchema | Callable[[Context], JsonSchema]
    temperature: float
    max_tokens: int
    required_context: tuple[str, ...]
    optional_context: tuple[str, ...]
    template_variables: Callable[[Context], Mapping[str, str]]
    fallback: Callable[[Context], object]
    check: Callable[[object, Context], object] | None = None

    def schema_for(self, context: Context) -> JsonSchema:
        schema = self.output_schema
        return schema(context) if callable(schema) else schema


@dataclass(frozen=True)
class PromptOutcome:
    """A prompt's result: ``value`` is always valid under the spec's schema and check."""

    value: object
    was_fallback: bool
    reason: FallbackReason | None = None
    source: AnswerSource | None = None  # where a non-fallback value came from
    detail: str = ""  # the last error, for logs and the inspector
