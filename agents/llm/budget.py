"""Budget guard: refuse a call before it could take the run's cost past the budget.

:class:`BudgetGuard` wraps the usage meter. Before each call it estimates the call's worst-case cost
(prompt tokens estimated from the message text, completion tokens = the call's ``max_tokens``) and
reserves it; if spent + reserved + estimate would exceed the budget, it raises
:class:`~agents.llm.errors.BudgetExceeded` without calling, and ``is_exhausted`` turns True so the
engine can stop the clock. Reservations make the check hold with many calls in flight at once.
"""

from __future__ import annotations

import logging
import threading

from agents.llm.errors import BudgetExceeded
from agents.llm.protocol import CompletionRequest, CompletionResult, TokenUsage, estimate_tokens
from agents.llm.usage_meter import UsageMeter

logger = logging.getLogger(__name__)


class BudgetGuard:
    """See the module docstring; thread-safe."""

    def __init__(self, meter: UsageMeter, budget_usd: float) -> None:
        if budget_usd <= 0:
            raise ValueError("a budget must be positive")
        self._meter = meter
        self._budget_usd = budget_usd
        self._lock = threading.Lock()
        self._reserved_usd = 0.0
        self._exhausted = False
        if meter.prices.price_of(meter.model_name) is None:
            logger.warning(
                "A budget of $%.2f is set but model %r has no price in the settings: it cannot be enforced",
                budget_usd,
                meter.model_name,
            )

    @property
    def model_name(self) -> str:
        return self._meter.model_name

    @property
    def budget_usd(self) -> float:
        return self._budget_usd

    @property
    def is_exhausted(self) -> bool:
        """True once a call has been refused for lack of budget."""
        with self._lock:
            return self._exhausted

    @property
    def remaining_usd(self) -> float:
        with self._lock:
            return max(0.0, self._budget_usd - self._meter.total_cost_usd - self._reserved_usd)

    def estimate_cost_usd(self, request: CompletionRequest) -> float:
        prompt_tokens = estimate_tokens("".join(message.content for message in request.messages))
        worst_case = TokenUsage(prompt_tokens=prompt_tokens, completion_tokens=request.sampling.max_tokens)
        return self._meter.prices.cost_usd(self._meter.model_name, worst_case)

    def complete(self, request: CompletionRequest) -> CompletionResult:
        estimate = self.estimate_cost_usd(request)
        with self._lock:
            spent = self._meter.total_cost_usd
            if spent + self._reserved_usd + estimate > self._budget_usd:
                if not self._exhausted:
                    logger.warning(
                        "Budget of $%.4f reached (spent $%.4f): model calls stop", self._budget_usd, spent
                    )
                self._exhausted = True
                raise BudgetExceeded(
                    f"the call could cost ${estimate:.4f}; "
                    f"spent ${spent:.4f} of a ${self._budget_usd:.4f} budget"
                )
            self._reserved_usd += estimate
        try:
            return self._meter.complete(request)
        finally:
            with self._lock:
                self._reserved_usd -= estimate
