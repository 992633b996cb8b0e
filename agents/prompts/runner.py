"""The prompt runner: render a spec, call the model, validate, repair, re-ask once, else fall back.

``PromptRunner(model).run(spec_name, context, agent_name) -> PromptOutcome``:

1. checks the context has the spec's required keys (a missing key is a programming error:
   :class:`PromptContextError`);
2. renders ``system.txt`` (with the output schema) and the spec's template into chat messages, and
   builds a :class:`~agents.llm.protocol.CompletionRequest` with the spec's (or the settings')
   temperature and max_tokens, the schema for this context, the agent's name and the context;
3. calls the model (normally the wrapped stack from ``agents.llm.stack``); the model parses and repairs
   the JSON against the schema; the runner then applies the spec's check against the context;
4. on an invalid answer, asks again (``invalid_answer_retries`` times, default once) showing the model its
   answer and what was wrong; then falls back;
5. on ``ModelUnreachable``, ``BudgetExceeded`` or any other ``LanguageModelError`` (after the retrying
   wrapper gave up), falls back at once.

The fallback is the spec's offline rule, so the value is always valid; ``PromptOutcome.was_fallback`` and
``reason`` say so, and every fallback is counted per spec (:mod:`agents.prompts.counters`). No
``LanguageModelError`` reaches the caller. An engine that pauses its clock on ``MODEL_UNREACHABLE`` may
prefer to discard such an outcome and run the operation again later. Thread-safe.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

from agents.llm.errors import BudgetExceeded, InvalidModelOutput, LanguageModelError, ModelUnreachable
from agents.llm.protocol import ChatMessage, CompletionRequest, LanguageModel, SamplingParams
from agents.llm.settings import PromptOverride
from agents.prompts.answer_checks import InvalidAnswer
from agents.prompts.counters import PromptCounters, PromptCountersSnapshot
from agents.prompts.formatting import compact_json
from agents.prompts.spec import FallbackReason, PromptOutcome, PromptSpec
from agents.prompts.spec_table import PROMPT_SPECS
from agents.prompts.template_files import SYSTEM_TEMPLATE, render

logger = logging.getLogger(__name__)

_MAX_ECHOED_ANSWER_CHARS = 2000


class PromptContextError(ValueError):
    """The caller gave a context without a key the spec needs, or named an unknown spec."""


class PromptRunner:
    """See the module docstring."""

    def __init__(
        self,
        model: LanguageModel,
        *,
        specs: Mapping[str, PromptSpec] = PROMPT_SPECS,
        overrides: Mapping[str, PromptOverride] | None = None,
        invalid_answer_retries: int = 1,
    ) -> None:
        self._model = model
        self._specs = specs
        self._overrides = dict(overrides or {})
        self._invalid_answer_retries = max(0, invalid_answer_retries)
        self._counters = PromptCounters()

    @property
    def counters(self) -> PromptCounters:
        return self._counters

    def counters_snapshot(self) -> PromptCountersSnapshot:
        return self._counters.snapshot()

    def count_correction(self, spec_name: str, kind: str, agent_name: str = "") -> None:
        """Count that the minds corrected a valid answer of ``spec_name`` that made no sense (``kind``)."""
        self._counters.add_correction(spec_name, kind, agent_name)

    def fallback_value(self, spec_name: str, context: Mapping[str, object]) -> dict[str, object]:
        """The spec's offline rule's answer for ``context`` (what the minds put in place of an answer
        that is valid but makes no sense; not counted as a call)."""
        return self.spec(spec_name).fallback(context)  # type: ignore[return-value]

    def spec(self, spec_name: str) -> PromptSpec:
        try:
            return self._specs[spec_name]
        except KeyError:
            raise PromptContextError(f"unknown prompt spec {spec_name!r}") from None

    def build_request(
        self, spec_name: str, context: Mapping[str, object], agent_name: str
    ) -> CompletionRequest:
        spec = self.spec(spec_name)
        missing = [key for key in spec.required_context if key not in context]
        if missing:
            raise PromptContextError(f"prompt {spec_name!r} needs context keys {missing}")
        schema = spec.schema_for(context)
        system = render(SYSTEM_TEMPLATE, {"schema": compact_json(schema)})
        user = render(spec.template_file, spec.template_variables(context))
        override = self._overrides.get(spec_name, PromptOverride())
        sampling = SamplingParams(
            temperature=spec.temperature if override.temperature is None else override.temperature,
            max_tokens=spec.max_tokens if override.max_tokens is None else override.max_tokens,
        )
        return CompletionRequest(
            spec_name=spec_name,
            messages=(ChatMessage("system", system), ChatMessage("user", user)),
            output_schema=schema,
            sampling=sampling,
            agent_name=agent_name,
            context=dict(context),
        )

    def run(self, spec_name: str, context: Mapping[str, object], agent_name: str) -> PromptOutcome:
        spec = self.spec(spec_name)
        request = self.build_request(spec_name, context, agent_name)
        self._counters.add(spec_name, calls=1)
        problem = ""
        for attempt in range(self._invalid_answer_retries + 1):
            if attempt:
                self._counters.add(spec_name, retries=1)
            try:
                result = self._model.complete(request)
            except InvalidModelOutput as error:
                self._counters.add(spec_name, retries=error.attempts - 1, invalid_answers=1)
                problem = str(error)
                request = self._re_ask(request, error.raw_text, problem)
                logger.info("%s for %s: invalid answer (%s)", spec_name, agent_name, problem)
                continue
            except ModelUnreachable as error:
                return self._fall_back(
                    spec, context, agent_name, FallbackReason.MODEL_UNREACHABLE, str(error)
                )
            except BudgetExceeded as error:
                return self._fall_back(spec, context, agent_name, FallbackReason.BUDGET_EXCEEDED, str(error))
            except LanguageModelError as error:
                self._counters.add(spec_name, retries=error.attempts - 1)
                return self._fall_back(spec, context, agent_name, FallbackReason.MODEL_ERROR, str(error))
            self._counters.add(spec_name, retries=result.attempts - 1, cache_hits=int(result.from_cache))
            try:
                value = spec.check(result.value, context) if spec.check is not None else result.value
            except InvalidAnswer as error:
                self._counters.add(spec_name, invalid_answers=1)
                problem = str(error)
                request = self._re_ask(request, result.raw_text, problem)
                logger.info("%s for %s: answer does not fit the context (%s)", spec_name, agent_name, problem)
                continue
            if result.repairs or value != result.value:
                self._counters.add(spec_name, repaired_answers=1)
            return PromptOutcome(value=value, was_fallback=False, source=result.source)
        return self._fall_back(spec, context, agent_name, FallbackReason.INVALID_ANSWER, problem)

    def _re_ask(self, request: CompletionRequest, raw_text: str, problem: str) -> CompletionRequest:
        echoed = raw_text[:_MAX_ECHOED_ANSWER_CHARS] or "(empty answer)"
        correction = (
            f"That answer is not valid: {problem}. Reply again with only one JSON value that matches the "
            "schema, using only names and ids given above."
        )
        return CompletionRequest(
            spec_name=request.spec_name,
            messages=(*request.messages, ChatMessage("assistant", echoed), ChatMessage("user", correction)),
            output_schema=request.output_schema,
            sampling=request.sampling,
            agent_name=request.agent_name,
            context=request.context,
        )

    def _fall_back(
        self,
        spec: PromptSpec,
        context: Mapping[str, object],
        agent_name: str,
        reason: FallbackReason,
        detail: str,
    ) -> PromptOutcome:
        self._counters.add_fallback(spec.name, reason, agent_name)
        logger.info("%s for %s: using the fallback (%s: %s)", spec.name, agent_name, reason.value, detail)
        try:
            value = spec.fallback(context)
        except ValueError as error:
            raise PromptContextError(f"{spec.name}: the context allows no answer at all ({error})") from error
        return PromptOutcome(value=value, was_fallback=True, reason=reason, detail=detail)
