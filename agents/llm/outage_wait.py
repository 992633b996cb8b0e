"""Wait out an unreachable model instead of falling back: a named model is never silently replaced.

:class:`OutageWait` wraps the circuit breaker (outside it, so it sees a call after all its retries).
When a call fails because the model cannot be reached - the breaker is open
(:class:`~agents.llm.errors.ModelUnreachable`), or a transient failure while the endpoint's every
attempt finds nobody answering (:attr:`agents.llm.openai_model.EndpointLink.failing_since`) - the
call does not end in a fallback: it waits :data:`OUTAGE_POLL_SECONDS` and asks again, until the model
answers or the stack is closed. The thought that made the call waits with it, so under "every step
decided" the step does not pass and the game clock does not advance on fallbacks while the model is
away; the headless runner gives up after ``unreachable_give_up_seconds`` and closes the stack, the
window pauses its clock while the model is unreachable. Once the stack is closed the call fails as
before (the prompt runner falls back at once).

A server that answers with errors (5xx, a rejected key) is reachable: those calls fall back as
always, until the breaker opens. Thread-safe; :attr:`OutageWait.waiting` counts the calls waiting now.
"""

from __future__ import annotations

import logging
import threading

from agents.llm.errors import ModelUnreachable, TransientModelError
from agents.llm.openai_model import OpenAICompatibleModel
from agents.llm.protocol import CompletionRequest, CompletionResult, LanguageModel

logger = logging.getLogger(__name__)

OUTAGE_POLL_SECONDS = 0.5  # how often a call waiting for an unreachable model asks again


class OutageWait:
    """See the module docstring."""

    def __init__(self, inner: LanguageModel, endpoint: OpenAICompatibleModel, closed: threading.Event, *,
                 poll_seconds: float = OUTAGE_POLL_SECONDS) -> None:
        self._inner = inner
        self._endpoint = endpoint
        self._closed = closed
        self._poll_seconds = poll_seconds
        self._lock = threading.Lock()
        self._waiting = 0

    @property
    def model_name(self) -> str:
        return self._inner.model_name

    @property
    def waiting(self) -> int:
        """Calls waiting for the model to be reachable again, now."""
        with self._lock:
            return self._waiting

    def _unreachable_now(self) -> bool:
        return self._endpoint.link().failing_since is not None

    def complete(self, request: CompletionRequest) -> CompletionResult:
        waited = False
        try:
            while True:
                try:
                    return self._inner.complete(request)
                except ModelUnreachable:
                    if self._closed.is_set():
                        raise
                except TransientModelError:
                    if self._closed.is_set() or not self._unreachable_now():
                        raise
                if not waited:
                    waited = True
                    with self._lock:
                        self._waiting += 1
                    logger.info("%s for %s: the model is unreachable; waiting for it",
                                request.spec_name, request.agent_name)
                self._closed.wait(self._poll_seconds)
        finally:
            if waited:
                with self._lock:
                    self._waiting -= 1
