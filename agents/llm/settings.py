"""Language-model settings: a frozen value read from (and written to) a TOML file in the config folder.

The file is ``<config folder>/settings.toml`` (see :mod:`agents.paths`; with
``SMALLVILLE_HOME`` set it is ``$SMALLVILLE_HOME/config/settings.toml``). Every field is optional::

    [model]
    provider = "auto"              # "auto": settings, environment, detected local server, offline; "offline"
    base_url = "http://127.0.0.1:11434/v1"   # any OpenAI-compatible endpoint; empty = not set here
    model = "llama3.2"
    api_key_env = "SMALLVILLE_API_KEY"       # the key is read from this environment variable
    # api_key = "..."              # possible, but stored in plain text: prefer api_key_env
    embedder = "local"             # "local" (wordllama, offline) or "endpoint"
    embedding_model = "text-embedding-3-small"
    structured_output = "auto"     # "auto", "json_schema", "json_object_schema", "json_object", "text"
    detect_local_servers = true
    detect_timeout_seconds = 0.3

    [resilience]
    timeout_seconds = 60           # one HTTP attempt
    deadline_seconds = 180         # one call, all retries included
    max_retries = 6
    backoff_initial_seconds = 1.0
    backoff_max_seconds = 30.0
    # max_concurrent_requests = 8  # a cap on calls at once, only for an endpoint that refuses more;
    #                               unset, as many calls run as there are workers ([simulation] workers)
    failure_threshold = 5          # consecutive failed calls that open the circuit breaker
    down_period_seconds = 60       # ... or failing for this long
    cooldown_seconds = 15          # an open breaker lets one probe call through after this
    unreachable_give_up_seconds = 600  # the headless runner exits non-zero after the model is down this long
    invalid_answer_retries = 1     # re-asks after an answer that cannot be repaired

    [cache]
    enabled = true

    [budget]
    max_cost_usd = 2.50            # absent or 0: no budget

    [prices."gpt-4o-mini"]         # USD per million tokens; add your model here
    prompt_usd_per_million_tokens = 0.15
    completion_usd_per_million_tokens = 0.60

    [prompts.daily_plan]           # per prompt spec overrides
    temperature = 0.7
    max_tokens = 600

Writing uses ``tomli-w``. The API key is written back only when it was explicitly in the file.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, cast

import tomli_w

from agents.atomic_write import write_text_atomically
from agents.llm.api_key import ApiKey
from agents.llm.settings_checks import (
    SettingsError,
    bounded_number,
    check_keys,
    check_known_tables,
    checked_text,
    read_settings_document,
    settings_table,
    shown_value,
    typed_value,
    unknown_key_error,
)
from agents.llm.url_safety import base_url_refusal
from agents.wording import nearest_hint

__all__ = ["DEFAULT_PRICES", "LlmSettings", "ModelPrice", "PromptOverride", "SettingsError", "load_settings",
           "read_settings_document", "save_settings", "settings_from_toml", "settings_table", "typed_value"]

logger = logging.getLogger(__name__)

ProviderMode = Literal["auto", "offline"]
EmbedderKind = Literal["local", "endpoint"]
StructuredOutputMode = Literal["auto", "json_schema", "json_object_schema", "json_object", "text"]

STRUCTURED_OUTPUT_MODES: tuple[str, ...] = (
    "auto",
    "json_schema",
    "json_object_schema",
    "json_object",
    "text",
)


@dataclass(frozen=True)
class ModelPrice:
    """What a model costs, in US dollars per million tokens."""

    prompt_usd_per_million_tokens: float
    completion_usd_per_million_tokens: float

    def cost_usd(self, prompt_tokens: int, completion_tokens: int) -> float:
        return (
            prompt_tokens * self.prompt_usd_per_million_tokens
            + completion_tokens * self.completion_usd_per_million_tokens
        ) / 1_000_000


# Published list prices at the time of writing; the user edits or extends them in the settings file.
DEFAULT_PRICES: Mapping[str, ModelPrice] = {
    "gpt-4o-mini": ModelPrice(0.15, 0.60),
    "gpt-4o": ModelPrice(2.50, 10.00),
    "gpt-4.1": ModelPrice(2.00, 8.00),
    "gpt-4.1-mini": ModelPrice(0.40, 1.60),
    "gpt-4.1-nano": ModelPrice(0.10, 0.40),
    "text-embedding-3-small": ModelPrice(0.02, 0.0),
}


@dataclass(frozen=True)
class PromptOverride:
    """Sampling parameters the user set for one prompt spec; ``None`` keeps the spec's default."""

    temperature: float | None = None
    max_tokens: int | None = None


@dataclass(frozen=True)
class LlmSettings:
    """Everything the language-model layer can be told. Defaults are sensible for a first run."""

    provider: ProviderMode = "auto"
    base_url: str = ""
    model: str = ""
    api_key_env: str = "SMALLVILLE_API_KEY"
    api_key: ApiKey | None = None
    embedder: EmbedderKind = "local"
    embedding_model: str = ""
    structured_output: StructuredOutputMode = "auto"
    detect_local_servers: bool = True
    detect_timeout_seconds: float = 0.3
    timeout_seconds: float = 60.0
    deadline_seconds: float = 180.0
    max_retries: int = 6
    backoff_initial_seconds: float = 1.0
    backoff_max_seconds: float = 30.0
    max_concurrent_requests: int | None = None  # None: no cap but the workers
    failure_threshold: int = 5
    down_period_seconds: float = 60.0
    cooldown_seconds: float = 15.0
    unreachable_give_up_seconds: float = 600.0
    invalid_answer_retries: int = 1
    cache_enabled: bool = True
    budget_usd: float | None = None
    prices: Mapping[str, ModelPrice] = field(default_factory=lambda: dict(DEFAULT_PRICES))
    prompt_overrides: Mapping[str, PromptOverride] = field(default_factory=dict)


_MODEL_FIELDS: Mapping[str, type] = {
    "provider": str,
    "base_url": str,
    "model": str,
    "api_key_env": str,
    "embedder": str,
    "embedding_model": str,
    "structured_output": str,
    "detect_local_servers": bool,
    "detect_timeout_seconds": float,
}
_RESILIENCE_FIELDS: Mapping[str, type] = {
    "timeout_seconds": float,
    "deadline_seconds": float,
    "max_retries": int,
    "backoff_initial_seconds": float,
    "backoff_max_seconds": float,
    "max_concurrent_requests": int,
    "failure_threshold": int,
    "down_period_seconds": float,
    "cooldown_seconds": float,
    "unreachable_give_up_seconds": float,
    "invalid_answer_retries": int,
}

# Allowed ranges of the numbers: a value outside is refused naming its field and the range.
MAX_CONCURRENT_REQUESTS = 1024  # requests to one endpoint at once
_POSITIVE = True  # the low end is excluded: the value must be above it
_NUMBER_RANGES: Mapping[str, tuple[float, float, bool]] = {  # name: (low, high, low end exclusive)
    "detect_timeout_seconds": (0.0, 60.0, _POSITIVE),
    "timeout_seconds": (0.0, 3600.0, _POSITIVE),
    "deadline_seconds": (0.0, 86_400.0, _POSITIVE),
    "max_retries": (0, 100, False),
    "backoff_initial_seconds": (0.0, 3600.0, False),
    "backoff_max_seconds": (0.0, 3600.0, False),
    "max_concurrent_requests": (1, MAX_CONCURRENT_REQUESTS, False),
    "failure_threshold": (1, 1_000_000, False),
    "down_period_seconds": (0.0, 86_400.0, False),
    "cooldown_seconds": (0.0, 86_400.0, False),
    "unreachable_give_up_seconds": (0.0, 604_800.0, _POSITIVE),
    "invalid_answer_retries": (0, 10, False),
}
MAX_BUDGET_USD = 1_000_000.0
MAX_PRICE_USD_PER_MILLION_TOKENS = 100_000.0
TEMPERATURE_RANGE = (0.0, 2.0)
MAX_TOKENS_RANGE = (1, 1_000_000)
_ENV_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,199}")
_PRICE_KEYS = ("prompt_usd_per_million_tokens", "completion_usd_per_million_tokens")
_PROMPT_KEYS = ("temperature", "max_tokens")


def settings_from_toml(document: Mapping[str, object], path: Path) -> LlmSettings:
    """Build settings from a parsed TOML document; ``path`` is only used in error messages. Unknown
    tables and keys, values of the wrong type and numbers out of range are refused (SettingsError)."""
    check_known_tables(document, path)
    values: dict[str, object] = {}
    for section, fields in (("model", _MODEL_FIELDS), ("resilience", _RESILIENCE_FIELDS)):
        table = settings_table(document, section, path)
        for key, raw in table.items():
            where = f"{path} [{section}] {key}"
            if key == "api_key" and section == "model":
                secret = checked_text(cast(str, typed_value(raw, str, where)), where)
                if secret:
                    logger.warning("The API key is stored in plain text in %s; prefer api_key_env", path)
                    values["api_key"] = ApiKey(secret)
                continue
            if key not in fields:
                raise unknown_key_error(path, section, key, (*fields, "api_key") if section == "model" else fields)
            value = typed_value(raw, fields[key], where)
            if isinstance(value, str):
                value = checked_text(value, where)
            elif key in _NUMBER_RANGES:
                low, high, exclusive = _NUMBER_RANGES[key]
                bounded_number(cast(float, value), low, high, where, low_exclusive=exclusive)
            values[key] = value
    _check_model_texts(values, path)

    cache = settings_table(document, "cache", path)
    check_keys(cache, ("enabled",), path, "cache")
    if "enabled" in cache:
        values["cache_enabled"] = typed_value(cache["enabled"], bool, f"{path} [cache] enabled")

    budget = settings_table(document, "budget", path)
    check_keys(budget, ("max_cost_usd",), path, "budget")
    if "max_cost_usd" in budget:
        where = f"{path} [budget] max_cost_usd"
        budget_usd = bounded_number(cast(float, typed_value(budget["max_cost_usd"], float, where)),
                                    0.0, MAX_BUDGET_USD, where)
        values["budget_usd"] = budget_usd if budget_usd > 0 else None

    prices = dict(DEFAULT_PRICES)
    for model_name, price_table in settings_table(document, "prices", path).items():
        table_name = f"prices.{_quoted(model_name)}"
        if not isinstance(price_table, dict):
            raise SettingsError(f"{path} [{table_name}] must be a table, e.g. [prices.\"my-model\"]")
        checked_text(model_name, f"{path} [{table_name}]")
        check_keys(price_table, _PRICE_KEYS, path, table_name)
        numbers = [bounded_number(cast(float, typed_value(price_table.get(key, 0.0), float, f"{path} [{table_name}] {key}")),
                                  0.0, MAX_PRICE_USD_PER_MILLION_TOKENS, f"{path} [{table_name}] {key}")
                   for key in _PRICE_KEYS]
        prices[model_name] = ModelPrice(prompt_usd_per_million_tokens=numbers[0],
                                        completion_usd_per_million_tokens=numbers[1])
    values["prices"] = prices

    overrides: dict[str, PromptOverride] = {}
    known_specs = _prompt_spec_names()
    for spec_name, override_table in settings_table(document, "prompts", path).items():
        table_name = f"prompts.{_quoted(spec_name)}"
        if spec_name not in known_specs:
            raise SettingsError(f"{path} [{table_name}]: unknown prompt kind{nearest_hint(spec_name, known_specs)}")
        if not isinstance(override_table, dict):
            raise SettingsError(f"{path} [{table_name}] must be a table")
        check_keys(override_table, _PROMPT_KEYS, path, table_name)
        temperature = override_table.get("temperature")
        max_tokens = override_table.get("max_tokens")
        where = f"{path} [{table_name}]"
        overrides[spec_name] = PromptOverride(
            temperature=None if temperature is None else bounded_number(
                cast(float, typed_value(temperature, float, f"{where} temperature")), *TEMPERATURE_RANGE,
                f"{where} temperature"),
            max_tokens=None if max_tokens is None else int(bounded_number(
                cast(int, typed_value(max_tokens, int, f"{where} max_tokens")), *MAX_TOKENS_RANGE,
                f"{where} max_tokens")),
        )
    values["prompt_overrides"] = overrides
    return LlmSettings(**values)  # type: ignore[arg-type]


def _check_model_texts(values: Mapping[str, object], path: Path) -> None:
    """The ``[model]`` texts that must be one of a few words, a usable URL or a variable name."""
    if values.get("provider", "auto") not in ("auto", "offline"):
        raise SettingsError(f"{path} [model] provider must be 'auto' or 'offline'")
    if values.get("embedder", "local") not in ("local", "endpoint"):
        raise SettingsError(f"{path} [model] embedder must be 'local' or 'endpoint'")
    if values.get("structured_output", "auto") not in STRUCTURED_OUTPUT_MODES:
        raise SettingsError(f"{path} [model] structured_output must be one of {', '.join(STRUCTURED_OUTPUT_MODES)}")
    base_url = cast(str, values.get("base_url", "")).strip()
    refusal = base_url_refusal(base_url, f"{path} [model] base_url") if base_url else None
    if refusal:
        raise SettingsError(refusal)
    api_key_env = cast(str, values.get("api_key_env", "SMALLVILLE_API_KEY"))
    if api_key_env and not _ENV_NAME.fullmatch(api_key_env):
        raise SettingsError(f"{path} [model] api_key_env: {shown_value(api_key_env)} is not the name of an environment "
                            "variable (letters, digits and _, e.g. OPENAI_API_KEY)")


def _quoted(name: str) -> str:
    return name if re.fullmatch(r"[A-Za-z0-9_-]+", name) else shown_value(name).replace("'", '"')


def _prompt_spec_names() -> tuple[str, ...]:
    """The prompt kinds a ``[prompts.SPEC]`` table may name. Imported here, not at the top: the prompt
    specs are built on this layer (their offline answers), so they load after it."""
    from agents.prompts.spec_table import PROMPT_SPECS

    return tuple(PROMPT_SPECS)


def load_settings(path: Path) -> LlmSettings:
    """Read the settings file; a missing file gives the defaults, a broken one raises SettingsError."""
    return settings_from_toml(read_settings_document(path), path)


def settings_to_toml(settings: LlmSettings) -> dict[str, object]:
    """The settings as a TOML document; the API key only if it was explicitly in the settings."""
    defaults = LlmSettings()
    model: dict[str, object] = {name: getattr(settings, name) for name in _MODEL_FIELDS}
    if settings.api_key is not None:
        model["api_key"] = settings.api_key.reveal()
    document: dict[str, object] = {
        "model": model,
        "resilience": {name: getattr(settings, name) for name in _RESILIENCE_FIELDS
                       if getattr(settings, name) is not None},
        "cache": {"enabled": settings.cache_enabled},
        "budget": {"max_cost_usd": settings.budget_usd or 0.0},
    }
    prices = {
        name: {
            "prompt_usd_per_million_tokens": price.prompt_usd_per_million_tokens,
            "completion_usd_per_million_tokens": price.completion_usd_per_million_tokens,
        }
        for name, price in settings.prices.items()
        if defaults.prices.get(name) != price
    }
    if prices:
        document["prices"] = prices
    overrides = {
        name: {
            key: value
            for key, value in (("temperature", o.temperature), ("max_tokens", o.max_tokens))
            if value is not None
        }
        for name, o in settings.prompt_overrides.items()
    }
    if overrides:
        document["prompts"] = overrides
    return document


def save_settings(settings: LlmSettings, path: Path) -> None:
    """Write the settings atomically (temporary file, fsync, rename). Tables these settings do not
    own (``[simulation]``, read by the engine) are kept as they are in the file."""
    owned = {"model", "resilience", "cache", "budget", "prices", "prompts"}
    kept = {key: value for key, value in read_settings_document(path).items() if key not in owned}
    document = {**kept, **settings_to_toml(settings)}
    write_text_atomically(path, tomli_w.dumps(document))
