"""Prompt specs (one table) and the one runner that turns a spec and a context into a valid value.

Use::

    runner = PromptRunner(stack.model, overrides=settings.prompt_overrides)
    context = {"persona": persona, "wake_up_hour": 7}
    outcome = runner.run("daily_plan", context, agent_name="Isabella Rodriguez")
    outcome.value        # always valid under the spec's schema
    outcome.was_fallback # True when the model failed and the spec's fallback answered

See ``agents.prompts.spec_table`` for every spec and its context keys, ``templates/*.txt`` for the prompts.
"""

from agents.prompts.runner import PromptContextError, PromptRunner
from agents.prompts.spec import FallbackReason, PromptOutcome, PromptSpec
from agents.prompts.spec_table import PROMPT_SPECS

__all__ = [
    "PROMPT_SPECS",
    "FallbackReason",
    "PromptContextError",
    "PromptOutcome",
    "PromptRunner",
    "PromptSpec",
]
