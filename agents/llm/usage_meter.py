"""Usage meter: calls, prompt and completion tokens, and cost, by agent and by prompt spec.

:class:`UsageMeter` wraps a model and records every call a server received: answered calls, answers
that turned out invalid (their tokens were paid for), and calls that failed after the request was sent
(an HTTP error, a timeout or a dropped connection: ``billed_usage`` on the error, estimated, see
:mod:`agents.llm.attempt_billing`). In the endpoint's stack it sits inside the retries, so every
attempt is one call here. Cache hits never reach it (the cache wraps the meter). Cost comes
from a :class:`PriceTable` built from the settings' ``[prices]`` (USD per million tokens); a model
with no price costs 0 and the snapshot says ``priced = False``.

:meth:`UsageMeter.snapshot` returns a frozen :class:`UsageSnapshot` (``to_dict()`` gives plain data for a
save, the HUD or a run summary); :meth:`UsageMeter.restore` continues counting from a saved snapshot.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field

from agents.llm.errors import InvalidModelOutput, LanguageModelError
from agents.llm.protocol import CompletionRequest, CompletionResult, LanguageModel, TokenUsage
from agents.llm.settings import ModelPrice

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class PriceTable:
    """Prices per model; looks up exact names, then ``provider/model`` suffixes, then dated variants."""

    prices: Mapping[str, ModelPrice] = field(default_factory=dict)

    def price_of(self, model_name: str) -> ModelPrice | None:
        if model_name in self.prices:
            return self.prices[model_name]
        short_name = model_name.rsplit("/", 1)[-1]
        if short_name in self.prices:
            return self.prices[short_name]
        prefixes = [name for name in self.prices if short_name.startswith(name + "-")]
        return self.prices[max(prefixes, key=len)] if prefixes else None

    def cost_usd(self, model_name: str, usage: TokenUsage) -> float:
        price = self.price_of(model_name)
        return 0.0 if price is None else price.cost_usd(usage.prompt_tokens, usage.completion_tokens)


@dataclass(frozen=True)
class UsageLine:
    """Totals for one agent, one spec, or everything."""

    calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost_usd: float = 0.0

    def plus(self, usage: TokenUsage, cost_usd: float) -> UsageLine:
        return UsageLine(
            self.calls + 1,
            self.prompt_tokens + usage.prompt_tokens,
            self.completion_tokens + usage.completion_tokens,
            self.cost_usd + cost_usd,
        )

    def to_dict(self) -> dict[str, float | int]:
        return {
            "calls": self.calls,
            "prompt_tokens": self.prompt_tokens,
            "completion_tokens": self.completion_tokens,
            "cost_usd": round(self.cost_usd, 6),
        }


@dataclass(frozen=True)
class UsageSnapshot:
    """The meter's numbers at one moment: plain, picklable data."""

    model: str
    priced: bool
    total: UsageLine
    by_agent: Mapping[str, UsageLine]
    by_spec: Mapping[str, UsageLine]

    def to_dict(self) -> dict[str, object]:
        return {
            "model": self.model,
            "priced": self.priced,
            "total": self.total.to_dict(),
            "by_agent": {name: line.to_dict() for name, line in sorted(self.by_agent.items())},
            "by_spec": {name: line.to_dict() for name, line in sorted(self.by_spec.items())},
        }


class UsageMeter:
    """Meters the wrapped model; thread-safe."""

    def __init__(self, inner: LanguageModel, prices: PriceTable) -> None:
        self._inner = inner
        self._prices = prices
        self._lock = threading.Lock()
        self._total = UsageLine()
        self._by_agent: dict[str, UsageLine] = {}
        self._by_spec: dict[str, UsageLine] = {}
        self._priced = prices.price_of(inner.model_name) is not None
        if not self._priced:
            logger.info("No price known for model %r: its cost is counted as 0", inner.model_name)

    @property
    def model_name(self) -> str:
        return self._inner.model_name

    @property
    def prices(self) -> PriceTable:
        return self._prices

    @property
    def total_cost_usd(self) -> float:
        with self._lock:
            return self._total.cost_usd

    def record(self, request: CompletionRequest, usage: TokenUsage) -> None:
        cost = self._prices.cost_usd(self._inner.model_name, usage)
        with self._lock:
            self._total = self._total.plus(usage, cost)
            agent = request.agent_name
            self._by_agent[agent] = self._by_agent.get(agent, UsageLine()).plus(usage, cost)
            spec = request.spec_name
            self._by_spec[spec] = self._by_spec.get(spec, UsageLine()).plus(usage, cost)

    def complete(self, request: CompletionRequest) -> CompletionResult:
        try:
            result = self._inner.complete(request)
        except InvalidModelOutput as error:
            self.record(request, error.usage)
            raise
        except LanguageModelError as error:
            if error.billed_usage is not None:  # the server received the call, then it failed
                self.record(request, error.billed_usage)
            raise
        self.record(request, result.usage)
        return result

    def snapshot(self) -> UsageSnapshot:
        with self._lock:
            return UsageSnapshot(
                model=self._inner.model_name,
                priced=self._priced,
                total=self._total,
                by_agent=dict(self._by_agent),
                by_spec=dict(self._by_spec),
            )

    def restore(self, snapshot: UsageSnapshot) -> None:
        """Continue from saved numbers (e.g. after loading a save)."""
        with self._lock:
            self._total = snapshot.total
            self._by_agent = dict(snapshot.by_agent)
            self._by_spec = dict(snapshot.by_spec)
