"""A :class:`~agents.llm.protocol.LanguageModel` for any OpenAI-compatible endpoint, via ``openai``.

Works with OpenAI, Ollama, LM Studio, llama.cpp's server, llama-cpp-python's server, vLLM and
OpenRouter: base URL, model, API key, per-attempt timeout and a cap on concurrent requests come from
:class:`EndpointConfig`. The client's own retries are switched off (``max_retries=0``): retrying is the
job of :class:`agents.llm.retrying.RetryingModel`, so every retry is visible and counted.

Structured output follows :mod:`agents.llm.structured_output`. When a server rejects the
``response_format`` we sent (HTTP 400/422 naming it), the model downgrades its mode once for all later
calls (json_schema -> json_object with schema -> json_object -> plain text) and asks again at once.

Errors are mapped to typed exceptions: 429, 5xx, 408/409, timeouts, dropped connections and non-JSON
bodies become :class:`~agents.llm.errors.TransientModelError` (with the server's Retry-After);
other 4xx become :class:`~agents.llm.errors.PermanentModelError`; an answer that cannot be repaired into
the schema becomes :class:`~agents.llm.errors.InvalidModelOutput` carrying the raw text and token usage.
"""

from __future__ import annotations

import email.utils
import json
import logging
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, replace

import openai

from agents.llm.api_key import ApiKey, redact_secret_in_logs
from agents.llm.attempt_billing import billed_usage_of_failure
from agents.llm.errors import (
    InvalidModelOutput,
    PermanentModelError,
    StructuredOutputUnsupported,
    TransientModelError,
)
from agents.llm.protocol import (
    AnswerSource,
    CompletionRequest,
    CompletionResult,
    TokenUsage,
    estimate_tokens,
    messages_as_dicts,
)
from agents.llm.structured_output import (
    MODE_DOWNGRADES,
    UnparseableAnswer,
    parse_structured_answer,
    response_format_for,
)
from agents.llm.url_safety import client_base_and_query, masked_url, register_url_secrets

logger = logging.getLogger(__name__)

# Sent when the endpoint needs no key (local servers); the openai package insists on some value.
NO_KEY_PLACEHOLDER = "not-needed"
_RESPONSE_FORMAT_WORDS = ("response_format", "json_schema", "schema", "grammar", "json_object")


@dataclass(frozen=True)
class EndpointConfig:
    """Where and how to reach an OpenAI-compatible endpoint. Its repr masks the key."""

    base_url: str
    model: str
    api_key: ApiKey | None = None
    timeout_seconds: float = 60.0
    max_concurrent_requests: int | None = None  # None: no cap of the endpoint's own (the workers are the cap)
    structured_output: str = "json_schema"  # a concrete mode, see agents.llm.structured_output


UNCAPPED_REQUESTS = 1024  # calls at once when the user set no cap (more than any pool of workers)


def request_slots(config: EndpointConfig) -> int:
    """How many calls to the endpoint may run at once: the user's cap, else as many as are asked."""
    return max(1, config.max_concurrent_requests or UNCAPPED_REQUESTS)


def make_openai_client(config: EndpointConfig) -> openai.OpenAI:
    """An ``openai.OpenAI`` client for ``config`` with the package's own retries disabled."""
    secret = config.api_key.reveal() if config.api_key is not None else NO_KEY_PLACEHOLDER
    if config.api_key is not None:
        redact_secret_in_logs(secret)
    register_url_secrets(config.base_url)  # a key in the URL is masked in every log line too
    base_url, default_query = client_base_and_query(config.base_url)  # the query goes after each path
    return openai.OpenAI(
        base_url=base_url,
        api_key=secret,
        timeout=config.timeout_seconds,
        max_retries=0,
        default_query=default_query or None,
    )


def parse_retry_after_seconds(headers: Mapping[str, str] | None) -> float | None:
    """The server's retry hint: ``retry-after-ms``, or ``Retry-After`` in seconds or as an HTTP date."""
    if not headers:
        return None
    milliseconds = headers.get("retry-after-ms")
    if milliseconds:
        try:
            return max(0.0, float(milliseconds) / 1000)
        except ValueError:
            pass
    value = headers.get("retry-after")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        moment = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, moment.timestamp() - time.time())


def translate_openai_error(
    error: openai.OpenAIError | ValueError | RecursionError,
) -> TransientModelError | PermanentModelError:
    """The typed error for an exception raised by the ``openai`` package (a body that is not JSON,
    nests too deep or holds a number too long for Python raises ``ValueError``/``RecursionError``)."""
    if isinstance(error, json.JSONDecodeError):
        return TransientModelError(f"the server's response was not JSON ({error.msg})")
    if isinstance(error, (ValueError, RecursionError)):
        return TransientModelError(f"the server's response could not be read ({type(error).__name__})")
    if isinstance(error, openai.APITimeoutError):
        return TransientModelError("the request timed out")
    if isinstance(error, openai.APIConnectionError):
        return TransientModelError(f"connection error: {error}")
    if isinstance(error, openai.APIStatusError):
        status = error.status_code
        message = f"HTTP {status}: {error.message}"
        if "response_format" in message.lower() and status != 429:
            # Some servers (llama-cpp-python) answer an unsupported response_format with a 500.
            return StructuredOutputUnsupported(message, status_code=status)
        if status == 429 or status >= 500 or status in (408, 409):
            retry_after = parse_retry_after_seconds(
                error.response.headers if error.response is not None else None
            )
            return TransientModelError(message, status_code=status, retry_after_seconds=retry_after)
        if status in (400, 422) and any(word in message.lower() for word in _RESPONSE_FORMAT_WORDS):
            return StructuredOutputUnsupported(message, status_code=status)
        return PermanentModelError(message, status_code=status)
    if isinstance(error, openai.APIResponseValidationError):
        return TransientModelError(f"the server's response had an unexpected shape: {error.message}")
    return PermanentModelError(f"{type(error).__name__}: {error}")


@dataclass(frozen=True)
class EndpointLink:
    """The connection to an endpoint as of its last attempt: requests in flight now, attempts that
    failed so far, and since when (monotonic seconds) every attempt has found nobody answering
    (refused, dropped or timed out; None once any attempt got an HTTP answer). The HUD shows an
    unreachable model from this at once, long before the retries give up."""

    in_flight: int = 0
    failed_attempts: int = 0
    failing_since: float | None = None
    last_error: str = ""


class OpenAICompatibleModel:
    """Talks to one endpoint; thread-safe; at most ``max_concurrent_requests`` calls in flight."""

    def __init__(self, config: EndpointConfig, *, client: openai.OpenAI | None = None) -> None:
        if config.structured_output not in (*MODE_DOWNGRADES, "text"):
            raise ValueError(f"structured_output must be a concrete mode, got {config.structured_output!r}")
        self._config = config
        self._client = client if client is not None else make_openai_client(config)
        self._slots = threading.BoundedSemaphore(request_slots(config))
        self._mode_lock = threading.Lock()
        self._mode = config.structured_output
        self._link_lock = threading.Lock()
        self._link = EndpointLink()

    def __repr__(self) -> str:
        return f"OpenAICompatibleModel(base_url={masked_url(self._config.base_url)!r}, model={self._config.model!r})"

    @property
    def max_concurrent_requests(self) -> int | None:
        """The cap the user set on calls at once to this endpoint (None: none; the workers are the cap)."""
        return self._config.max_concurrent_requests

    @property
    def model_name(self) -> str:
        return self._config.model

    @property
    def structured_output_mode(self) -> str:
        """The ``response_format`` mode in use now (it may have been downgraded)."""
        with self._mode_lock:
            return self._mode

    def _downgrade(self, rejected_mode: str, reason: str) -> None:
        with self._mode_lock:
            if self._mode != rejected_mode:
                return
            self._mode = MODE_DOWNGRADES.get(rejected_mode, "text")
            logger.warning(
                "%s rejected response_format %s (%s); using %s from now on",
                masked_url(self._config.base_url),
                rejected_mode,
                reason,
                self._mode,
            )

    def link(self) -> EndpointLink:
        """How the connection to the endpoint stands now (every attempt, retries included)."""
        with self._link_lock:
            return self._link

    def _note_attempt(self, started: bool, error: TransientModelError | PermanentModelError | None = None,
                      unreachable: bool = False) -> None:
        with self._link_lock:
            link = self._link
            if started:
                self._link = replace(link, in_flight=link.in_flight + 1)
                return
            in_flight = max(0, link.in_flight - 1)
            if error is None:
                self._link = replace(link, in_flight=in_flight, failing_since=None, last_error="")
            else:
                self._link = replace(
                    link, in_flight=in_flight, failed_attempts=link.failed_attempts + 1,
                    last_error=str(error),
                    failing_since=(link.failing_since or time.monotonic()) if unreachable else link.failing_since)

    def complete(self, request: CompletionRequest) -> CompletionResult:
        with self._slots:
            while True:
                mode = self.structured_output_mode
                try:
                    return self._complete_once(request, mode)
                except StructuredOutputUnsupported as error:
                    if mode == "text":
                        raise
                    self._downgrade(mode, str(error))

    def _complete_once(self, request: CompletionRequest, mode: str) -> CompletionResult:
        arguments: dict[str, object] = {
            "model": self._config.model,
            "messages": messages_as_dicts(request.messages),
            "temperature": request.sampling.temperature,
            "max_tokens": request.sampling.max_tokens,
            "timeout": self._config.timeout_seconds,
        }
        response_format = response_format_for(mode, request.output_schema, request.spec_name)
        if response_format is not None:
            arguments["response_format"] = response_format
        self._note_attempt(started=True)
        try:
            completion = self._client.chat.completions.create(**arguments)  # type: ignore[call-overload]
        except (openai.OpenAIError, ValueError, RecursionError) as error:
            translated = translate_openai_error(error)
            translated.billed_usage = billed_usage_of_failure(error, request)  # metered if the server got it
            # no HTTP answer at all (refused, dropped, timed out) is "unreachable"
            self._note_attempt(started=False, error=translated, unreachable=isinstance(error, openai.APIConnectionError))
            raise translated from error
        except BaseException:
            self._note_attempt(started=False)
            raise
        self._note_attempt(started=False)
        prompt_text = "".join(message.content for message in request.messages)
        content = ""
        if completion.choices:
            content = completion.choices[0].message.content or ""
        if completion.usage is not None:
            usage = TokenUsage(
                prompt_tokens=max(0, completion.usage.prompt_tokens or 0),
                completion_tokens=max(0, completion.usage.completion_tokens or 0),
            )
        else:
            usage = TokenUsage(estimate_tokens(prompt_text), estimate_tokens(content))
        try:
            value, repairs = parse_structured_answer(content, request.output_schema)
        except UnparseableAnswer as error:
            raise InvalidModelOutput(str(error), raw_text=content, usage=usage) from error
        return CompletionResult(
            value=value,
            raw_text=content,
            usage=usage,
            model=self._config.model,
            source=AnswerSource.MODEL,
            repairs=repairs,
        )

    def close(self) -> None:
        self._client.close()
