"""Circuit breaker: when the endpoint stays down, stop calling it and say so.

:class:`CircuitBreaker` wraps a model (outside the retrying wrapper, so one failure here is one call that
failed after all its retries). It opens after ``failure_threshold`` consecutive failed calls, or when calls
have kept failing for ``down_period_seconds``. While open, calls raise
:class:`~agents.llm.errors.ModelUnreachable` at once. After ``cooldown_seconds`` it is half-open:
``is_open`` reads False so the engine resumes, and the next call goes through as a probe (other calls
meanwhile are still refused); success closes the breaker, failure opens it again.

The engine polls :meth:`CircuitBreaker.state` (or ``is_open`` / ``reason``) to pause the game clock
and show "model unreachable"; the headless runner uses ``down_for_seconds`` to give up after a while.
Failures counted: transient errors (after retries) and permanent ones such as a rejected API key.
An answer that could not be parsed is not a failure: the endpoint is reachable.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from agents.llm.errors import InvalidModelOutput, ModelUnreachable, PermanentModelError, TransientModelError
from agents.llm.protocol import CompletionRequest, CompletionResult, LanguageModel

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class CircuitState:
    """What the engine needs to know about the endpoint's health (plain data)."""

    is_open: bool
    reason: str
    consecutive_failures: int
    down_for_seconds: float  # since the first failure of the current run of failures; 0 when healthy


class CircuitBreaker:
    """See the module docstring; thread-safe."""

    def __init__(
        self,
        inner: LanguageModel,
        *,
        failure_threshold: int = 5,
        down_period_seconds: float = 60.0,
        cooldown_seconds: float = 15.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._inner = inner
        self._failure_threshold = max(1, failure_threshold)
        self._down_period_seconds = down_period_seconds
        self._cooldown_seconds = cooldown_seconds
        self._clock = clock
        self._lock = threading.Lock()
        self._consecutive_failures = 0
        self._first_failure_at: float | None = None
        self._opened_at: float | None = None
        self._probe_in_flight = False
        self._last_error = ""

    @property
    def model_name(self) -> str:
        return self._inner.model_name

    def state(self) -> CircuitState:
        with self._lock:
            now = self._clock()
            is_open = self._opened_at is not None and (
                now - self._opened_at < self._cooldown_seconds or self._probe_in_flight
            )
            reason = f"model unreachable: {self._last_error}" if self._opened_at is not None else ""
            down_for = now - self._first_failure_at if self._first_failure_at is not None else 0.0
            return CircuitState(is_open, reason, self._consecutive_failures, down_for)

    @property
    def is_open(self) -> bool:
        return self.state().is_open

    @property
    def reason(self) -> str:
        return self.state().reason

    def _admit(self) -> bool:
        """Whether this call may go through; True marks it as the probe when half-open."""
        with self._lock:
            if self._opened_at is None:
                return False
            if self._clock() - self._opened_at >= self._cooldown_seconds and not self._probe_in_flight:
                self._probe_in_flight = True
                return True
            raise ModelUnreachable(f"model unreachable: {self._last_error}")

    def _record_failure(self, error: Exception, was_probe: bool) -> None:
        with self._lock:
            now = self._clock()
            self._consecutive_failures += 1
            self._last_error = str(error)
            if self._first_failure_at is None:
                self._first_failure_at = now
            if was_probe:
                self._probe_in_flight = False
            should_open = (
                self._consecutive_failures >= self._failure_threshold
                or now - self._first_failure_at >= self._down_period_seconds
                or was_probe
            )
            if should_open:
                if self._opened_at is None:
                    logger.error("Language model unreachable, pausing calls: %s", error)
                self._opened_at = now

    def _record_success(self, was_probe: bool) -> None:
        with self._lock:
            if self._opened_at is not None and was_probe:
                logger.warning("Language model reachable again")
            if was_probe or self._opened_at is None:
                self._opened_at = None
                self._consecutive_failures = 0
                self._first_failure_at = None
                self._last_error = ""
            if was_probe:
                self._probe_in_flight = False

    def complete(self, request: CompletionRequest) -> CompletionResult:
        was_probe = self._admit()
        try:
            result = self._inner.complete(request)
        except (TransientModelError, PermanentModelError) as error:
            self._record_failure(error, was_probe)
            raise
        except InvalidModelOutput:
            self._record_success(was_probe)  # the endpoint answered: it is reachable
            raise
        except BaseException:
            if was_probe:
                with self._lock:
                    self._probe_in_flight = False
            raise
        self._record_success(was_probe)
        return result
