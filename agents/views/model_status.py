"""What the HUD says about the model: a frozen view built from the model stack on the agents side.

Provider and model (or "offline model"), calls made and in flight, failed attempts, tokens, cost and
budget left, and whether the model is unreachable now. "Unreachable" shows at once: from the
endpoint's last attempts (:class:`agents.llm.openai_model.EndpointLink`), not only when the circuit
breaker opens after the retries have given up.
"""

from __future__ import annotations

from dataclasses import dataclass

from agents.llm.model_outage import model_outage
from agents.llm.stack import LanguageModelStack


@dataclass(frozen=True, slots=True)
class ModelStatusView:
    label: str  # "gpt-4o-mini at https://..." or "offline model"
    offline: bool
    calls: int
    calls_in_flight: int
    failed_attempts: int
    prompt_tokens: int
    completion_tokens: int
    cost_usd: float
    priced: bool
    budget_usd: float | None
    budget_left_usd: float | None
    unreachable: str  # "" or why the model cannot be reached now

    @property
    def tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens


def model_status_of(stack: LanguageModelStack, operations_in_flight: int = 0) -> ModelStatusView:
    """The model's status now; ``operations_in_flight`` counts the offline model's work (it has no
    endpoint to count requests at)."""
    snapshot = stack.snapshot()
    usage = snapshot.usage
    endpoint = stack.endpoint_model
    link = endpoint.link() if endpoint is not None else None
    outage = model_outage(stack)  # the same rule as the headless runner's progress line
    unreachable = "" if outage is None else outage.reason or "no answer"
    budget_left = None
    if snapshot.budget_usd is not None:
        budget_left = max(0.0, snapshot.budget_usd - usage.total.cost_usd)
    offline = stack.choice.is_offline or endpoint is None
    return ModelStatusView(
        label="offline model" if offline else (snapshot.model or snapshot.provider_label),
        offline=offline,
        calls=usage.total.calls,
        calls_in_flight=link.in_flight if link is not None else operations_in_flight,
        failed_attempts=link.failed_attempts if link is not None else 0,
        prompt_tokens=usage.total.prompt_tokens,
        completion_tokens=usage.total.completion_tokens,
        cost_usd=usage.total.cost_usd,
        priced=usage.priced,
        budget_usd=snapshot.budget_usd,
        budget_left_usd=budget_left,
        unreachable=unreachable,
    )
