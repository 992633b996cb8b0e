"""Builds the standard language-model stack from settings: the one object the engine holds beside the sim.

From the outside in: ``CachingModel`` (response cache) -> ``OutageWait`` (a call waits while the model is
unreachable, never falls back then) -> ``CircuitBreaker`` -> ``RetryingModel`` -> ``BudgetGuard``
(optional) -> ``UsageMeter`` -> ``ClosingGuard`` -> ``OpenAICompatibleModel``. The budget and the meter
sit inside the retries, so every attempt a server received is metered and checked against the budget
(a retry the budget cannot pay for is refused). With no model reachable the core
is the :class:`~agents.llm.offline_model.OfflineModel`, wrapped only by the usage meter (no network, so
no retry, breaker, budget or cache). The embedder is wordllama (or the endpoint's embedding model when
``embedder = "endpoint"``), wrapped in a by-text cache.

:class:`LanguageModelStack` is not simulation state (it holds clients, locks and SQLite connections);
:meth:`LanguageModelStack.snapshot` gives its numbers as plain data for saves, the HUD and run summaries.
Closing, in this order: :meth:`LanguageModelStack.begin_close` (from then on every new call to the
endpoint is refused with :class:`ModelStackClosed`, a :class:`ModelUnreachable`, so the prompt runner
falls back and no exception reaches a worker; a retry's back-off wait ends at once; calls already sent
may finish), then close the worker pools that call the stack (``SimulationRunner.close`` /
``StepDriver.close``: their running work now ends quickly), then :meth:`LanguageModelStack.close` (it
begins the close too if that was not done, then closes the network clients, then the caches).
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field

from agents.llm.budget import BudgetGuard
from agents.llm.circuit_breaker import CircuitBreaker, CircuitState
from agents.llm.embedding_cache import CachingEmbedder
from agents.llm.endpoint_embedder import EndpointEmbedder
from agents.llm.errors import ModelUnreachable
from agents.llm.local_embedder import default_local_embedder
from agents.llm.offline_model import OfflineModel
from agents.llm.openai_model import EndpointConfig, OpenAICompatibleModel
from agents.llm.outage_wait import OutageWait
from agents.llm.protocol import CompletionRequest, CompletionResult, Embedder, LanguageModel
from agents.llm.provider import ProviderChoice, select_provider
from agents.llm.response_cache import CachingModel, ResponseCache
from agents.llm.retrying import RetryingModel, RetryPolicy
from agents.llm.settings import LlmSettings
from agents.llm.usage_meter import PriceTable, UsageMeter, UsageSnapshot
from agents.paths import UserFolders, user_folders

logger = logging.getLogger(__name__)


class ModelStackClosed(ModelUnreachable):
    """The model stack was closed (the game quit, or a run ended): calls are refused without trying."""


class ClosingGuard:
    """Refuses every call once ``closed`` is set (wraps the endpoint, inside the retries)."""

    def __init__(self, inner: LanguageModel, closed: threading.Event) -> None:
        self._inner = inner
        self._closed = closed

    @property
    def model_name(self) -> str:
        return self._inner.model_name

    def complete(self, request: CompletionRequest) -> CompletionResult:
        if self._closed.is_set():
            raise ModelStackClosed(f"{request.spec_name} for {request.agent_name}: the model stack is closed")
        return self._inner.complete(request)


@dataclass(frozen=True)
class StackSnapshot:
    """The stack's numbers as plain data."""

    provider_label: str
    provider_kind: str
    model: str
    usage: UsageSnapshot
    cache_hits: int
    cache_misses: int
    circuit: CircuitState | None
    budget_usd: float | None
    budget_exhausted: bool

    def to_dict(self) -> dict[str, object]:
        return {
            "provider": self.provider_label,
            "provider_kind": self.provider_kind,
            "model": self.model,
            "usage": self.usage.to_dict(),
            "cache": {"hits": self.cache_hits, "misses": self.cache_misses},
            "model_unreachable": bool(self.circuit and self.circuit.is_open),
            "budget_usd": self.budget_usd,
            "budget_exhausted": self.budget_exhausted,
        }


@dataclass
class LanguageModelStack:
    """The composed model and embedder, with handles on the wrappers the engine polls."""

    choice: ProviderChoice
    model: LanguageModel
    embedder: Embedder
    usage_meter: UsageMeter
    circuit_breaker: CircuitBreaker | None
    budget_guard: BudgetGuard | None
    caching_model: CachingModel | None
    response_cache: ResponseCache | None
    caching_embedder: CachingEmbedder
    endpoint_model: OpenAICompatibleModel | None
    embedder_is_remote: bool = False  # embeddings come from the endpoint (over the network)
    closed: threading.Event = field(default_factory=threading.Event)  # set by close(): calls are refused

    @property
    def max_concurrent_requests(self) -> int | None:
        """How many calls the endpoint takes at once (None for the offline model: no limit)."""
        return self.endpoint_model.max_concurrent_requests if self.endpoint_model is not None else None

    def snapshot(self) -> StackSnapshot:
        cache_stats = self.caching_model.stats() if self.caching_model is not None else None
        return StackSnapshot(
            provider_label=self.choice.label,
            provider_kind=self.choice.kind,
            model=self.choice.model,
            usage=self.usage_meter.snapshot(),
            cache_hits=cache_stats.hits if cache_stats else 0,
            cache_misses=cache_stats.misses if cache_stats else 0,
            circuit=self.circuit_breaker.state() if self.circuit_breaker is not None else None,
            budget_usd=self.budget_guard.budget_usd if self.budget_guard is not None else None,
            budget_exhausted=self.budget_guard.is_exhausted if self.budget_guard is not None else False,
        )

    def begin_close(self) -> None:
        """Refuse every new call to the endpoint and end the retries' back-off waits; the clients stay
        open, so calls already sent can finish. Then close the pools that use the stack, then call
        :meth:`close`."""
        self.closed.set()

    def close(self) -> None:
        """Begin the close (if not done), then close the network clients, then the caches (a call
        that was already past the guard may still write its answer to the cache)."""
        self.begin_close()
        if self.endpoint_model is not None:
            self.endpoint_model.close()
        self.caching_embedder.close()
        if self.response_cache is not None:
            self.response_cache.close()


def retry_policy_of(settings: LlmSettings) -> RetryPolicy:
    return RetryPolicy(
        max_retries=settings.max_retries,
        initial_backoff_seconds=settings.backoff_initial_seconds,
        max_backoff_seconds=settings.backoff_max_seconds,
        deadline_seconds=settings.deadline_seconds,
    )


def build_model_stack(
    settings: LlmSettings,
    *,
    environ: Mapping[str, str] | None = None,
    detect: bool = True,
    choice: ProviderChoice | None = None,
    folders: UserFolders | None = None,
) -> LanguageModelStack:
    """Select the provider (unless ``choice`` is given) and compose the stack for it."""
    env = os.environ if environ is None else environ
    folders = folders or user_folders(env)
    choice = choice or select_provider(settings, env, detect=detect)
    logger.info("Language model: %s", choice.label)
    prices = PriceTable(settings.prices)
    policy = retry_policy_of(settings)
    local_embedder = default_local_embedder()
    endpoint_model: OpenAICompatibleModel | None = None
    circuit_breaker: CircuitBreaker | None = None
    budget_guard: BudgetGuard | None = None
    caching_model: CachingModel | None = None
    response_cache: ResponseCache | None = None
    embedder: Embedder = local_embedder
    closed = threading.Event()
    if choice.is_offline or choice.base_url is None:
        usage_meter = UsageMeter(OfflineModel(), prices)
        model: LanguageModel = usage_meter
    else:
        mode = (
            choice.structured_output if settings.structured_output == "auto" else settings.structured_output
        )
        config = EndpointConfig(
            base_url=choice.base_url,
            model=choice.model,
            api_key=choice.api_key,
            timeout_seconds=settings.timeout_seconds,
            max_concurrent_requests=settings.max_concurrent_requests,
            structured_output=mode,
        )
        endpoint_model = OpenAICompatibleModel(config)
        usage_meter = UsageMeter(ClosingGuard(endpoint_model, closed), prices)
        attempt: LanguageModel = usage_meter
        if settings.budget_usd is not None:
            budget_guard = BudgetGuard(usage_meter, settings.budget_usd)
            attempt = budget_guard
        circuit_breaker = CircuitBreaker(
            RetryingModel(attempt, policy, sleep=closed.wait),
            failure_threshold=settings.failure_threshold,
            down_period_seconds=settings.down_period_seconds,
            cooldown_seconds=settings.cooldown_seconds,
        )
        model = OutageWait(circuit_breaker, endpoint_model, closed)
        if settings.cache_enabled:
            response_cache = ResponseCache(folders.response_cache_file)
            caching_model = CachingModel(model, response_cache)
            model = caching_model
        if settings.embedder == "endpoint" and settings.embedding_model:
            embedding_config = EndpointConfig(
                base_url=choice.base_url,
                model=settings.embedding_model,
                api_key=choice.api_key,
                timeout_seconds=settings.timeout_seconds,
                max_concurrent_requests=settings.max_concurrent_requests,
            )
            embedder = EndpointEmbedder(embedding_config, policy)
    embedding_path = folders.cache_dir / "embeddings.sqlite3" if settings.cache_enabled else None
    caching_embedder = CachingEmbedder(embedder, path=embedding_path)
    return LanguageModelStack(
        choice=choice,
        model=model,
        embedder=caching_embedder,
        usage_meter=usage_meter,
        circuit_breaker=circuit_breaker,
        budget_guard=budget_guard,
        caching_model=caching_model,
        response_cache=response_cache,
        caching_embedder=caching_embedder,
        endpoint_model=endpoint_model,
        embedder_is_remote=isinstance(embedder, EndpointEmbedder),
        closed=closed,
    )
