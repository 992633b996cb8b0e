"""Whether the run's model is unreachable now, and for how long: what the progress line (and the window's banner) says at once
("model at http://127.0.0.1:8080/v1 unreachable for 12 s; retrying") and what the runner gives up on.

Unreachable shows from the endpoint's last attempts (:class:`agents.llm.openai_model.EndpointLink`:
every attempt since some moment found nobody answering), long before the retries give up and the
circuit breaker opens; an open breaker (calls failing for any reason) counts too. The offline model
is never unreachable.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from agents.llm.stack import LanguageModelStack
from agents.llm.url_safety import mask_urls_in_text


@dataclass(frozen=True)
class ModelOutage:
    """The model has not answered for ``seconds``; ``where`` is its URL, ``reason`` the last error."""

    where: str
    seconds: float
    reason: str

    def progress_text(self) -> str:
        return f"model at {self.where} unreachable for {self.seconds:.0f} s; retrying"


def model_outage(stack: LanguageModelStack, now: float | None = None) -> ModelOutage | None:
    """The outage going on now (``now`` is ``time.monotonic()``), or None while the model answers."""
    now = time.monotonic() if now is None else now
    seconds: float | None = None
    reason = ""
    if stack.endpoint_model is not None:
        link = stack.endpoint_model.link()
        if link.failing_since is not None:
            seconds, reason = max(0.0, now - link.failing_since), link.last_error
    if stack.circuit_breaker is not None:
        state = stack.circuit_breaker.state()
        if state.is_open:
            seconds = max(seconds or 0.0, state.down_for_seconds)
            reason = reason or state.reason
    if seconds is None:
        return None
    return ModelOutage(where=stack.choice.shown_url or stack.choice.label, seconds=seconds,
                       reason=mask_urls_in_text(reason))  # an error may quote the URL it failed at
