"""Which language model to use: explicit settings, then the environment, then a local server, then offline.

:func:`select_provider` returns a :class:`ProviderChoice` (plain data; its repr masks the key):

1. ``settings.provider == "offline"`` -> the offline model, by choice;
2. ``settings.base_url`` set -> that endpoint (kind ``"settings"``); key from ``settings.api_key`` or the
   environment variable ``settings.api_key_env``;
3. the environment (kind ``"environment"``): ``SMALLVILLE_BASE_URL``, ``SMALLVILLE_MODEL``,
   ``SMALLVILLE_API_KEY``, or ``OPENAI_API_KEY`` alone for OpenAI itself (default model ``gpt-4o-mini``);
4. a local server on 127.0.0.1 answering ``GET /v1/models`` within ``detect_timeout_seconds``
   (kind ``"detected-local"``): Ollama 11434, LM Studio 1234, llama.cpp 8080, vLLM 8000, probed in
   parallel and preferred in that order; its first listed model is used unless one is configured;
5. otherwise the offline model (kind ``"offline"``).

Detection only ever connects to the loopback address. ``SMALLVILLE_BASE_URL`` is checked like the
settings' ``base_url`` (a bad one is refused with :class:`~agents.llm.settings.SettingsError` naming
the variable). A base URL may carry a key (``http://user:KEY@host/v1``, ``...?api-key=KEY``): it is
used as given, but every label and log line shows it masked (:mod:`agents.llm.url_safety`).
"""

from __future__ import annotations

import base64
import concurrent.futures
import http.client
import json
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal
from urllib.parse import unquote, urlencode, urlsplit

from agents.llm.api_key import ApiKey
from agents.llm.offline_model import OFFLINE_LABEL, OFFLINE_MODEL_NAME
from agents.llm.settings import LlmSettings, SettingsError
from agents.llm.settings_checks import checked_text
from agents.llm.url_safety import (
    base_url_refusal,
    client_base_and_query,
    mask_urls_in_text,
    masked_url,
    register_url_secrets,
)

logger = logging.getLogger(__name__)

ProviderKind = Literal["settings", "environment", "detected-local", "offline"]
ServerKind = Literal["openai", "ollama", "lmstudio", "llamacpp", "vllm", "unknown"]

OPENAI_BASE_URL = "https://api.openai.com/v1"
DEFAULT_OPENAI_MODEL = "gpt-4o-mini"
LOOPBACK_HOST = "127.0.0.1"


@dataclass(frozen=True)
class LocalServerCandidate:
    kind: ServerKind
    label: str
    port: int


DEFAULT_LOCAL_SERVERS: tuple[LocalServerCandidate, ...] = (
    LocalServerCandidate("ollama", "Ollama", 11434),
    LocalServerCandidate("lmstudio", "LM Studio", 1234),
    LocalServerCandidate("llamacpp", "llama.cpp server", 8080),
    LocalServerCandidate("vllm", "vLLM", 8000),
)

# Which response_format each kind of server takes (see agents.llm.structured_output).
STRUCTURED_OUTPUT_BY_SERVER: Mapping[ServerKind, str] = {
    "openai": "json_schema",
    "ollama": "json_schema",
    "lmstudio": "json_schema",
    "vllm": "json_schema",
    "llamacpp": "json_object_schema",
    "unknown": "json_schema",
}


@dataclass(frozen=True)
class ProviderChoice:
    """The model the layer will use, and the label shown to the user."""

    kind: ProviderKind
    base_url: str | None
    model: str
    api_key: ApiKey | None
    label: str
    server_kind: ServerKind = "unknown"

    def __post_init__(self) -> None:
        # The label is printed, logged and written (run header, HUD, summaries): a key carried in a
        # URL it names is masked, however the label was made (also by dataclasses.replace).
        object.__setattr__(self, "label", mask_urls_in_text(self.label))
        if self.base_url:
            register_url_secrets(self.base_url)

    @property
    def shown_url(self) -> str:
        """The base URL as it may be shown (credentials and secret query values masked)."""
        return masked_url(self.base_url) if self.base_url else ""

    @property
    def is_offline(self) -> bool:
        return self.kind == "offline"

    @property
    def structured_output(self) -> str:
        return STRUCTURED_OUTPUT_BY_SERVER[self.server_kind]


@dataclass(frozen=True)
class DetectedServer:
    candidate: LocalServerCandidate
    models: tuple[str, ...]

    @property
    def base_url(self) -> str:
        return f"http://{LOOPBACK_HOST}:{self.candidate.port}/v1"


def list_models(
    host: str, port: int, timeout_seconds: float, path_prefix: str = "/v1", *,
    query: Mapping[str, str] | None = None, headers: Mapping[str, str] | None = None,
) -> tuple[str, ...] | None:
    """Model ids from ``GET {prefix}/models[?query]``, or ``None`` when nothing answers like an OpenAI server."""
    connection = http.client.HTTPConnection(host, port, timeout=timeout_seconds)
    target = f"{path_prefix.rstrip('/')}/models" + (f"?{urlencode(query)}" if query else "")
    try:
        connection.request("GET", target, headers={"Accept": "application/json", **(headers or {})})
        response = connection.getresponse()
        body = response.read(1_000_000)
        if response.status != 200:
            return None
        payload = json.loads(body)
    except (OSError, http.client.HTTPException, json.JSONDecodeError, UnicodeDecodeError):
        return None
    finally:
        connection.close()
    data = payload.get("data") if isinstance(payload, dict) else None
    if not isinstance(data, list):
        return None
    return tuple(str(item["id"]) for item in data if isinstance(item, dict) and "id" in item)


def detect_local_servers(
    candidates: Sequence[LocalServerCandidate] = DEFAULT_LOCAL_SERVERS, timeout_seconds: float = 0.3
) -> list[DetectedServer]:
    """Local servers that answer, in the order of ``candidates`` (probed in parallel on 127.0.0.1)."""
    if not candidates:
        return []
    with concurrent.futures.ThreadPoolExecutor(
        max_workers=len(candidates), thread_name_prefix="detect"
    ) as pool:
        results = list(pool.map(lambda c: list_models(LOOPBACK_HOST, c.port, timeout_seconds), candidates))
    return [
        DetectedServer(c, models) for c, models in zip(candidates, results, strict=True) if models is not None
    ]


def _server_kind_of(base_url: str) -> ServerKind:
    parts = urlsplit(base_url)
    if parts.hostname == "api.openai.com":
        return "openai"
    if parts.hostname in ("127.0.0.1", "localhost", "::1"):
        for candidate in DEFAULT_LOCAL_SERVERS:
            if parts.port == candidate.port:
                return candidate.kind
    return "unknown"


def _key_from(environ: Mapping[str, str], *names: str) -> ApiKey | None:
    for name in names:
        value = environ.get(name, "").strip()
        if value:
            return ApiKey(value)
    return None


def _first_model_of(base_url: str, timeout_seconds: float) -> str | None:
    base, query = client_base_and_query(base_url)
    parts = urlsplit(base)
    try:
        port = parts.port
    except ValueError:
        return None  # refused before it gets here (agents.llm.url_safety.url_problem)
    if parts.hostname not in ("127.0.0.1", "localhost", "::1") or port is None:
        return None  # only ask local servers; remote ones need a configured model
    headers: dict[str, str] = {}
    if parts.username is not None or parts.password is not None:
        credentials = f"{unquote(parts.username or '')}:{unquote(parts.password or '')}"
        headers["Authorization"] = "Basic " + base64.b64encode(credentials.encode("utf-8")).decode("ascii")
    models = list_models(parts.hostname, port, timeout_seconds, parts.path or "/v1", query=query, headers=headers)
    return models[0] if models else None


def _checked_url(url: str, where: str) -> str:
    refusal = base_url_refusal(url, where)
    if refusal:
        raise SettingsError(refusal)
    register_url_secrets(url)
    return url


def offline_choice() -> ProviderChoice:
    return ProviderChoice("offline", None, OFFLINE_MODEL_NAME, None, OFFLINE_LABEL)


def select_provider(
    settings: LlmSettings,
    environ: Mapping[str, str],
    detect: bool = True,
    local_candidates: Sequence[LocalServerCandidate] = DEFAULT_LOCAL_SERVERS,
) -> ProviderChoice:
    """See the module docstring."""
    if settings.provider == "offline":
        return ProviderChoice("offline", None, OFFLINE_MODEL_NAME, None, "offline model (chosen in settings)")
    if settings.base_url:
        base_url = _checked_url(settings.base_url.rstrip("/"), "[model] base_url")
        key = settings.api_key or _key_from(environ, settings.api_key_env)
        model = settings.model or _first_model_of(base_url, settings.detect_timeout_seconds) or ""
        if model:
            return ProviderChoice(
                "settings",
                base_url,
                model,
                key,
                f"{model} at {base_url} (from settings)",
                _server_kind_of(base_url),
            )
        logger.warning("settings name base_url %s but no model, and the server lists none", masked_url(base_url))
    env_base_url = environ.get("SMALLVILLE_BASE_URL", "").strip().rstrip("/")
    if env_base_url:
        _checked_url(env_base_url, "the environment variable SMALLVILLE_BASE_URL")
    env_model = checked_text(environ.get("SMALLVILLE_MODEL", "").strip(), "the environment variable SMALLVILLE_MODEL")
    env_key = _key_from(environ, "SMALLVILLE_API_KEY", "OPENAI_API_KEY")
    if env_base_url:
        model = (
            env_model
            or settings.model
            or _first_model_of(env_base_url, settings.detect_timeout_seconds)
            or ""
        )
        if model:
            return ProviderChoice(
                "environment",
                env_base_url,
                model,
                env_key,
                f"{model} at {env_base_url} (from SMALLVILLE_BASE_URL)",
                _server_kind_of(env_base_url),
            )
        logger.warning(
            "SMALLVILLE_BASE_URL is %s but no model is set and the server lists none", masked_url(env_base_url)
        )
    elif env_key is not None:
        model = env_model or settings.model or DEFAULT_OPENAI_MODEL
        return ProviderChoice(
            "environment",
            OPENAI_BASE_URL,
            model,
            env_key,
            f"OpenAI {model} (API key from the environment)",
            "openai",
        )
    if detect and settings.detect_local_servers:
        for server in detect_local_servers(local_candidates, settings.detect_timeout_seconds):
            wanted = settings.model or env_model
            model = wanted if wanted in server.models else (server.models[0] if server.models else "")
            if not model:
                logger.info(
                    "%s is running on port %d but has no model loaded",
                    server.candidate.label,
                    server.candidate.port,
                )
                continue
            return ProviderChoice(
                "detected-local",
                server.base_url,
                model,
                None,
                f"{model} on {server.candidate.label} at {server.base_url} (detected)",
                server.candidate.kind,
            )
    return offline_choice()
