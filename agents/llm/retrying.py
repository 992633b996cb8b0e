"""Retry with exponential backoff and jitter, honouring Retry-After, within a per-call deadline.

:class:`RetryingModel` wraps any :class:`~agents.llm.protocol.LanguageModel`; :func:`call_with_retries`
does the same for any callable (the endpoint embedder uses it). Only
:class:`~agents.llm.errors.TransientModelError` is retried (429, 5xx, timeouts, dropped connections).
The wait before retry ``n`` is ``b/2 + uniform(0, b/2)`` with ``b = min(max_backoff, initial * 2**(n-1))``,
or the server's Retry-After when it sent one (capped by ``max_backoff``). When the next wait would pass
the call's deadline, :class:`~agents.llm.errors.DeadlineExceeded` is raised instead of waiting. The
deadline is checked between attempts: a call can overrun it by at most one attempt's timeout.

The final result (or error) carries ``attempts`` so the prompt runner can count retries per spec.
"""

from __future__ import annotations

import dataclasses
import logging
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from agents.llm.errors import DeadlineExceeded, LanguageModelError, TransientModelError
from agents.llm.protocol import CompletionRequest, CompletionResult, LanguageModel

logger = logging.getLogger(__name__)

T = TypeVar("T")


@dataclass(frozen=True)
class RetryPolicy:
    """How hard to try one call."""

    max_retries: int = 6
    initial_backoff_seconds: float = 1.0
    max_backoff_seconds: float = 30.0
    deadline_seconds: float = 180.0

    def backoff_seconds(self, retry_number: int, jitter: random.Random) -> float:
        """The wait before retry ``retry_number`` (1-based) when the server gave no hint."""
        ceiling = min(self.max_backoff_seconds, self.initial_backoff_seconds * 2 ** (retry_number - 1))
        return ceiling / 2 + jitter.uniform(0, ceiling / 2)


def call_with_retries(
    attempt: Callable[[], T],
    policy: RetryPolicy,
    *,
    what: str,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
    jitter: random.Random | None = None,
) -> tuple[T, int]:
    """Run ``attempt`` until it succeeds; returns its value and the number of attempts made."""
    rng = jitter if jitter is not None else random.Random()
    started = clock()
    attempts = 0
    while True:
        attempts += 1
        try:
            return attempt(), attempts
        except TransientModelError as error:
            error.attempts = attempts
            if attempts > policy.max_retries:
                raise
            if error.retry_after_seconds is not None:
                wait_seconds = min(error.retry_after_seconds, policy.max_backoff_seconds)
            else:
                wait_seconds = policy.backoff_seconds(attempts, rng)
            elapsed = clock() - started
            if elapsed + wait_seconds > policy.deadline_seconds:
                raise DeadlineExceeded(
                    f"{what}: gave up after {attempts} attempts in {elapsed:.1f}s "
                    f"(deadline {policy.deadline_seconds:g}s); last error: {error}",
                    status_code=error.status_code,
                    attempts=attempts,
                ) from error
            logger.info("%s: attempt %d failed (%s); retrying in %.2fs", what, attempts, error, wait_seconds)
            sleep(wait_seconds)
        except LanguageModelError as error:
            error.attempts = attempts
            raise


class RetryingModel:
    """Retries transient failures of the wrapped model; thread-safe."""

    def __init__(
        self,
        inner: LanguageModel,
        policy: RetryPolicy,
        *,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._inner = inner
        self._policy = policy
        self._sleep = sleep
        self._clock = clock
        self._jitter = random.Random()

    @property
    def model_name(self) -> str:
        return self._inner.model_name

    def complete(self, request: CompletionRequest) -> CompletionResult:
        result, attempts = call_with_retries(
            lambda: self._inner.complete(request),
            self._policy,
            what=f"{request.spec_name} for {request.agent_name}",
            sleep=self._sleep,
            clock=self._clock,
            jitter=self._jitter,
        )
        return dataclasses.replace(result, attempts=attempts)
