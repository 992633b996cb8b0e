"""Typed exceptions of the language-model layer.

Every failure of a model call is one of these; nothing is ever returned as text that looks like a
model answer. The prompt runner (``agents.prompts.runner``) catches :class:`LanguageModelError` and
turns it into a counted fallback, so callers of the runner never see these exceptions; code that
calls a :class:`~agents.llm.protocol.LanguageModel` directly must handle them.
"""

from __future__ import annotations

from agents.llm.protocol import TokenUsage


class LanguageModelError(Exception):
    """Base of every error raised by a language model or one of its wrappers.

    ``attempts`` is how many transport attempts were made before giving up (set by the retrying
    wrapper), so the runner can count retries even for calls that finally failed.

    ``billed_usage`` is set when the request reached the server although the call failed (an HTTP
    error, a timeout or a dropped connection after sending): the tokens it is charged for, estimated
    when the server reported none. ``None`` when nothing reached a server (refused, never sent).
    """

    billed_usage: TokenUsage | None = None

    def __init__(self, message: str, *, attempts: int = 1) -> None:
        super().__init__(message)
        self.attempts = attempts


class TransientModelError(LanguageModelError):
    """A failure worth retrying: rate limit (429), server error (5xx), timeout, dropped connection.

    ``retry_after_seconds`` carries the server's Retry-After hint when it sent one.
    """

    def __init__(
        self,
        message: str,
        *,
        status_code: int | None = None,
        retry_after_seconds: float | None = None,
        attempts: int = 1,
    ) -> None:
        super().__init__(message, attempts=attempts)
        self.status_code = status_code
        self.retry_after_seconds = retry_after_seconds


class PermanentModelError(LanguageModelError):
    """A failure that retrying will not fix: bad key (401/403), unknown model (404), bad request (400)."""

    def __init__(self, message: str, *, status_code: int | None = None, attempts: int = 1) -> None:
        super().__init__(message, attempts=attempts)
        self.status_code = status_code


class StructuredOutputUnsupported(PermanentModelError):
    """The server refused the ``response_format`` we sent; the client downgrades its mode and retries."""


class InvalidModelOutput(LanguageModelError):
    """The model answered, but its text could not be parsed or repaired into a schema-valid value.

    ``raw_text`` is the model's answer (kept so a re-ask can show it to the model) and ``usage`` the
    tokens it cost, so the usage meter can charge for invalid answers too.
    """

    def __init__(
        self,
        message: str,
        *,
        raw_text: str = "",
        usage: TokenUsage | None = None,
        attempts: int = 1,
        from_cache: bool = False,
    ) -> None:
        super().__init__(message, attempts=attempts)
        self.raw_text = raw_text
        self.usage = usage if usage is not None else TokenUsage(prompt_tokens=0, completion_tokens=0)
        self.from_cache = from_cache


class DeadlineExceeded(TransientModelError):
    """The per-call deadline passed while retrying; the last transient error is the ``__cause__``."""


class ModelUnreachable(LanguageModelError):
    """The circuit breaker is open: the endpoint has been failing, calls are refused without trying."""


class BudgetExceeded(LanguageModelError):
    """The call would take the run's cost past its budget, so it was refused before being sent."""
