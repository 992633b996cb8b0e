"""The settings screen's "Test connection": one real call to the configured endpoint, explained in words.

:func:`run_connection_test` makes exactly one request with a short timeout and no retries (the project's
OpenAI client, :func:`agents.llm.openai_model.make_openai_client`): a tiny chat completion when a model
is named, else ``GET /models`` (which is what the game would ask a local server for its model). It
returns a frozen :class:`ConnectionTestResult`: the model's short answer and the latency, or what went
wrong in plain words ("nothing is listening at 127.0.0.1:8080 — is the server running?"). Messages never
contain the key: it is masked wherever a server echoed it.

:class:`ConnectionTester` runs the test on its own worker thread so the window never waits: ``start``
returns at once, the scene calls ``poll`` each frame until the result is there.
"""

from __future__ import annotations

import json
import logging
import queue
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import openai

from agents.llm.api_key import ApiKey, mask_secret
from agents.llm.json_extraction import strip_reasoning
from agents.llm.openai_model import EndpointConfig, make_openai_client
from agents.llm.settings_form import SettingsForm
from agents.llm.url_safety import masked_url

logger = logging.getLogger(__name__)

TEST_TIMEOUT_SECONDS = 15.0
ANSWER_MAX_CHARS = 120
TEST_PROMPT = "This is a connection test. Reply with one short friendly sentence."
TEST_MAX_TOKENS = 48


@dataclass(frozen=True)
class ConnectionTarget:
    """Where to call; the key is an :class:`ApiKey` (masked in every repr)."""

    base_url: str
    model: str
    api_key: ApiKey | None = None
    api_key_source: str = ""  # "typed" or the environment variable's name, for messages
    timeout_seconds: float = TEST_TIMEOUT_SECONDS


@dataclass(frozen=True)
class ConnectionTestResult:
    """What the test found: ``ok`` with a short ``answer``, or ``error`` in plain words."""

    ok: bool
    answer: str
    latency_seconds: float
    error: str = ""
    target_label: str = field(default="")

    @property
    def summary(self) -> str:
        """One line for the screen."""
        if self.ok:
            return f"OK in {self.latency_seconds:.2f} s: {self.answer}"
        return f"Failed after {self.latency_seconds:.2f} s: {self.error}"


def target_from_form(form: SettingsForm, environ: Mapping[str, str]) -> ConnectionTarget | str:
    """The endpoint the form names, or a sentence saying why there is nothing to call."""
    if form.preset == "offline":
        return "the offline model needs no connection: it runs inside the game"
    base_url = form.base_url.strip().rstrip("/")
    if not base_url:
        return "no base URL: choose a provider or type the server's address"
    typed = form.api_key_typed.strip()
    if typed:
        return ConnectionTarget(base_url, form.model.strip(), ApiKey(typed), "typed")
    env_name = form.api_key_env.strip()
    from_env = environ.get(env_name, "").strip() if env_name else ""
    return ConnectionTarget(base_url, form.model.strip(), ApiKey(from_env) if from_env else None, env_name)


def _host_port(base_url: str) -> str:
    parts = urlsplit(base_url)
    try:
        port = parts.port
    except ValueError:
        port = None
    if port is None:
        port = 443 if parts.scheme == "https" else 80
    return f"{parts.hostname or base_url}:{port}"


def _root_causes(error: BaseException) -> list[BaseException]:
    causes: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and current not in causes:
        causes.append(current)
        current = current.__cause__ or current.__context__
    return causes


def _server_message(error: openai.APIStatusError) -> str:
    body = error.body
    if isinstance(body, dict):
        inner = body.get("error", body)
        if isinstance(inner, dict) and isinstance(inner.get("message"), str):
            return str(inner["message"])
        if isinstance(body.get("message"), str):
            return str(body["message"])
    return str(error.message)


def _short(text: str, limit: int = ANSWER_MAX_CHARS) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def explain_error(error: BaseException, target: ConnectionTarget) -> str:
    """The error in plain words for the player (the key, if any, masked)."""
    where = _host_port(target.base_url)
    key_hint = ("the key you typed" if target.api_key_source == "typed"
                else f"the key in ${target.api_key_source}" if target.api_key_source else "the key")
    message: str
    if isinstance(error, openai.APITimeoutError):
        message = (f"no answer from {where} within {target.timeout_seconds:g} s — the server may still be "
                   "loading the model; try again")
    elif isinstance(error, openai.APIConnectionError):
        causes = _root_causes(error)
        words = " ".join(str(cause) for cause in causes).lower()
        if any(isinstance(cause, ConnectionRefusedError) for cause in causes) or "refused" in words:
            message = f"nothing is listening at {where} — is the server running?"
        elif "name or service not known" in words or "nodename nor servname" in words \
                or "getaddrinfo" in words or "name resolution" in words:
            message = f"cannot find the host {urlsplit(target.base_url).hostname!r} — check the base URL"
        elif "ssl" in words or "certificate" in words:
            message = f"the secure connection to {where} failed (TLS) — http:// or https:// mixed up?"
        else:
            message = f"could not talk to {where}: the connection was dropped or reset"
    elif isinstance(error, openai.APIStatusError):
        status = error.status_code
        said = _short(_server_message(error), 90)
        if status == 401:
            message = (f"the server refused the key (401) — check {key_hint}" if target.api_key
                       else "the server wants an API key (401) — type one or set the key variable")
        elif status == 403:
            message = f"the server refused access (403): {said}"
        elif status == 404:
            if target.model and "model" in said.lower():
                message = f"model {target.model!r} not found (404) — check the name (the server said: {said})"
            else:
                message = (f"nothing at this address (404) — the base URL usually ends in /v1 "
                           f"(the server said: {said})")
        elif status == 429:
            message = (f"the key works but the account has no quota left (429): {said}"
                       if "quota" in said.lower() else f"the server is busy or rate-limiting (429): {said}")
        elif status >= 500:
            message = f"the server had an error ({status}): {said}"
        else:
            message = f"the server rejected the request ({status}): {said}"
    elif isinstance(error, (openai.APIResponseValidationError, json.JSONDecodeError)):
        message = (f"{where} answered, but not like an OpenAI-compatible server — is the base URL right? "
                   "(it usually ends in /v1)")
    else:
        message = f"the test failed: {type(error).__name__}: {_short(str(error), 160)}"
    return without_secret(message, target.api_key)


def without_secret(text: str, key: ApiKey | None) -> str:
    """``text`` with the key (if it appears) replaced by its masked form."""
    if key is None or not key.reveal():
        return text
    return text.replace(key.reveal(), mask_secret(key.reveal()))


def run_connection_test(target: ConnectionTarget) -> ConnectionTestResult:
    """One call to ``target`` (see the module docstring); never raises for a failed connection."""
    label = f"{target.model or 'models'} at {masked_url(target.base_url)}"
    started = time.monotonic()
    client = make_openai_client(EndpointConfig(base_url=target.base_url, model=target.model,
                                               api_key=target.api_key, timeout_seconds=target.timeout_seconds,
                                               max_concurrent_requests=1))
    try:
        if target.model:
            completion = client.chat.completions.create(
                model=target.model, messages=[{"role": "user", "content": TEST_PROMPT}],
                max_tokens=TEST_MAX_TOKENS, temperature=0.0, timeout=target.timeout_seconds)
            content = completion.choices[0].message.content if completion.choices else None
            answer = _short(strip_reasoning(content or "")) or "(the model answered with no text)"
        else:
            names = [model.id for model in client.models.list(timeout=target.timeout_seconds).data]
            answer = (f"the server lists {', '.join(names[:4])}{' …' if len(names) > 4 else ''}; "
                      f"{names[0]!r} will be used" if names
                      else "the server answers but lists no model — load one, or type its name")
            if not names:
                return ConnectionTestResult(False, "", time.monotonic() - started, answer, label)
    except (openai.OpenAIError, json.JSONDecodeError) as error:
        logger.info("connection test to %s failed: %s", masked_url(target.base_url), type(error).__name__)
        return ConnectionTestResult(False, "", time.monotonic() - started, explain_error(error, target), label)
    finally:
        client.close()
    return ConnectionTestResult(True, without_secret(answer, target.api_key), time.monotonic() - started,
                                "", label)


class ConnectionTester:
    """Runs :func:`run_connection_test` on a worker thread; the main thread polls for the result.

    Each test gets its own daemon thread (a test stuck on an unanswering host never holds up quitting
    the game). Starting a new test while one runs makes the running one's result stale: only the
    latest is returned by :meth:`poll`; after :meth:`close` none is."""

    def __init__(self) -> None:
        self._results: queue.SimpleQueue[tuple[int, ConnectionTestResult]] = queue.SimpleQueue()
        self._generation = 0
        self._waiting = False

    @property
    def busy(self) -> bool:
        """True from ``start`` until ``poll`` has handed out that test's result."""
        return self._waiting

    def start(self, target: ConnectionTarget) -> None:
        self._generation += 1
        self._waiting = True
        threading.Thread(target=self._run, args=(self._generation, target), name="connection-test",
                         daemon=True).start()

    def _run(self, generation: int, target: ConnectionTarget) -> None:
        try:
            result = run_connection_test(target)
        except Exception as error:  # a bug, not a failed connection: say so instead of losing the answer
            logger.error("connection test crashed", exc_info=error)
            result = ConnectionTestResult(False, "", 0.0, f"the test itself failed: {type(error).__name__}")
        self._results.put((generation, result))

    def poll(self) -> ConnectionTestResult | None:
        """The latest test's result, once (None while it runs, or when none was started)."""
        while True:
            try:
                generation, result = self._results.get_nowait()
            except queue.Empty:
                return None
            if self._waiting and generation == self._generation:
                self._waiting = False
                return result

    def close(self) -> None:
        """Forget any running test (its thread ends on its own, within the test's timeout)."""
        self._generation += 1
        self._waiting = False
