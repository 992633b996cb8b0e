"""The settings screen's form, without pygame: provider presets, the fields as typed, checks, load and save.

A :class:`SettingsForm` holds what the player sees and types (numbers as text, so a half-typed value
is still a form). :func:`validate` turns it into a list of :class:`FieldError` naming the field in words
("base URL: port 99999 is not in 1-65535"); :func:`save` writes it into ``settings.toml`` only when
there is none, merging into the file so every table and key the form does not own (``[prices]``,
``[prompts]``, hand-written keys, other helpers' tables) is kept; :func:`load` reads it back.

What the form writes::

    [model]      provider, base_url, model, api_key_env, embedder, embedding_model, detect_local_servers,
                 api_key (only when ``store_key_in_file`` is ticked; removed from the file otherwise)
    [resilience] timeout_seconds, max_concurrent_requests
    [cache]      enabled
    [budget]     max_cost_usd            (0 = no budget)
    [simulation] time_policy, workers    (read by agents.engine.engine_settings)
    [saves]      autosave_interval_game_minutes, autosave_slots_kept

A key typed in but not ticked is used for "Test connection" only and never written. The file is
written atomically; TOML comments are not kept (tomllib/tomli-w do not carry them).
"""

from __future__ import annotations

import logging
import math
import re
import shutil
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import cast
from urllib.parse import urlsplit

import tomli_w

from agents.atomic_write import write_text_atomically
from agents.engine.engine_settings import MAX_WORKERS, TimePolicy, engine_settings_from_toml
from agents.llm.api_key import mask_secret
from agents.llm.settings import (
    MAX_CONCURRENT_REQUESTS,
    LlmSettings,
    SettingsError,
    read_settings_document,
    settings_from_toml,
    settings_table,
)
from agents.llm.url_safety import url_problem

logger = logging.getLogger(__name__)

DEFAULT_AUTOSAVE_INTERVAL_GAME_MINUTES = 30
DEFAULT_AUTOSAVE_SLOTS_KEPT = 3
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")
_ENV_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


@dataclass(frozen=True)
class ProviderPreset:
    """A starting point for the model fields. ``base_url`` None: the preset leaves the fields alone."""

    preset_id: str
    label: str
    base_url: str | None
    model: str | None = None
    api_key_env: str | None = None
    hint: str = ""

    @property
    def is_endpoint(self) -> bool:
        """True when this preset talks to a server (so a base URL is required)."""
        return self.preset_id not in ("automatic", "offline")


PRESETS: tuple[ProviderPreset, ...] = (
    ProviderPreset("automatic", "Automatic", "", "", None,
                   "from the environment, a local server, or offline"),
    ProviderPreset("openai", "OpenAI", "https://api.openai.com/v1", "gpt-4o-mini", "OPENAI_API_KEY",
                   "needs an API key; every call costs money"),
    ProviderPreset("ollama", "Ollama", "http://127.0.0.1:11434/v1", "", "SMALLVILLE_API_KEY",
                   "model empty: the server's first model"),
    ProviderPreset("lmstudio", "LM Studio", "http://127.0.0.1:1234/v1", "", "SMALLVILLE_API_KEY",
                   "start the server in LM Studio's Developer tab"),
    ProviderPreset("llamacpp", "llama.cpp server", "http://127.0.0.1:8080/v1", "", "SMALLVILLE_API_KEY",
                   "llama-server -m model.gguf --port 8080"),
    ProviderPreset("vllm", "vLLM", "http://127.0.0.1:8000/v1", "", "SMALLVILLE_API_KEY",
                   "vllm serve <model> --port 8000"),
    ProviderPreset("custom", "Custom endpoint", None, None, None,
                   "any OpenAI-compatible server and model"),
    ProviderPreset("offline", "Offline model", None, None, None,
                   "built-in rules: no network, no cost"),
)
PRESETS_BY_ID: Mapping[str, ProviderPreset] = {preset.preset_id: preset for preset in PRESETS}

TIME_POLICY_LABELS: Mapping[str, str] = {
    TimePolicy.EVERY_STEP_DECIDED.value: "every step decided (reproducible)",
    TimePolicy.FLOWING.value: "flowing (the clock runs on)",
}
EMBEDDER_LABELS: Mapping[str, str] = {
    "local": "local (wordllama, offline)",
    "endpoint": "the endpoint's embedding model",
}

# The words each field goes by on the screen; FieldError messages start with them.
FIELD_LABELS: Mapping[str, str] = {
    "preset": "provider",
    "base_url": "base URL",
    "model": "model",
    "api_key_env": "key variable",
    "api_key_typed": "API key",
    "store_key_in_file": "store the key",
    "embedder": "embeddings",
    "embedding_model": "embedding model",
    "budget_usd": "budget",
    "time_policy": "time policy",
    "workers": "workers",
    "max_concurrent_requests": "calls at once",
    "timeout_seconds": "request timeout",
    "autosave_interval_game_minutes": "autosave interval",
    "autosave_slots_kept": "autosave slots kept",
    "cache_enabled": "cache answers",
    "detect_local_servers": "detect local servers",
}


@dataclass(frozen=True)
class FieldError:
    """One refused value: ``field`` is the SettingsForm attribute, ``message`` starts with its label."""

    field: str
    message: str


class SettingsFormInvalid(ValueError):
    """``save`` was asked to write a form with bad values; ``errors`` says which."""

    def __init__(self, errors: list[FieldError]) -> None:
        super().__init__("; ".join(error.message for error in errors))
        self.errors = errors


@dataclass(frozen=True)
class SettingsForm:
    """The settings screen's fields, as the player typed them. The typed key never shows in a repr."""

    preset: str = "automatic"
    base_url: str = ""
    model: str = ""
    api_key_env: str = "SMALLVILLE_API_KEY"
    api_key_typed: str = field(default="", repr=False)
    store_key_in_file: bool = False
    embedder: str = "local"
    embedding_model: str = ""
    budget_usd: str = "0"
    time_policy: str = TimePolicy.EVERY_STEP_DECIDED.value
    workers: str = "8"
    max_concurrent_requests: str = ""  # empty: no cap but the workers
    timeout_seconds: str = "60"
    autosave_interval_game_minutes: str = str(DEFAULT_AUTOSAVE_INTERVAL_GAME_MINUTES)
    autosave_slots_kept: str = str(DEFAULT_AUTOSAVE_SLOTS_KEPT)
    cache_enabled: bool = True
    detect_local_servers: bool = True

    @property
    def masked_key(self) -> str:
        return mask_secret(self.api_key_typed) if self.api_key_typed else ""


def apply_preset(form: SettingsForm, preset_id: str) -> SettingsForm:
    """The form with ``preset_id`` chosen and the fields it names filled in (the key is left alone)."""
    preset = PRESETS_BY_ID.get(preset_id)
    if preset is None:
        raise ValueError(f"unknown provider preset {preset_id!r}; known: {', '.join(PRESETS_BY_ID)}")
    changes: dict[str, object] = {"preset": preset_id}
    if preset.base_url is not None:
        changes["base_url"] = preset.base_url
    if preset.model is not None:
        changes["model"] = preset.model
    if preset.api_key_env is not None:
        changes["api_key_env"] = preset.api_key_env
    if preset_id == "offline":
        changes["embedder"] = "local"  # there is no endpoint to embed with
    return replace(form, **changes)  # type: ignore[arg-type]


def preset_of(provider: str, base_url: str) -> str:
    """Which preset a stored provider/base URL pair looks like (``custom`` when none matches)."""
    if provider == "offline":
        return "offline"
    url = base_url.strip().rstrip("/")
    if not url:
        return "automatic"
    for preset in PRESETS:
        if preset.base_url and preset.base_url.rstrip("/") == url:
            return preset.preset_id
    return "custom"


# ----- checks --------------------------------------------------------------------------------------

def _label(name: str) -> str:
    return FIELD_LABELS.get(name, name)


def _int_in(form: SettingsForm, name: str, low: int, high: int, errors: list[FieldError]) -> int | None:
    text = str(getattr(form, name)).strip()
    try:
        value = int(text)
    except ValueError:
        errors.append(FieldError(name, f"{_label(name)}: {text!r} is not a whole number ({low}-{high})"))
        return None
    if not low <= value <= high:
        errors.append(FieldError(name, f"{_label(name)}: {value} is not in {low}-{high}"))
        return None
    return value


def _float_in(form: SettingsForm, name: str, low: float, high: float, errors: list[FieldError],
              empty_means: float | None = None) -> float | None:
    text = str(getattr(form, name)).strip()
    if not text and empty_means is not None:
        return empty_means
    try:
        value = float(text)
    except ValueError:
        errors.append(FieldError(name, f"{_label(name)}: {text!r} is not a number"))
        return None
    if math.isnan(value) or not low <= value <= high:
        errors.append(FieldError(name, f"{_label(name)}: {text} is not in {low:g}-{high:g}"))
        return None
    return value


def validate(form: SettingsForm) -> list[FieldError]:
    """Every refused value of the form, in screen order; empty when it can be saved."""
    errors: list[FieldError] = []
    preset = PRESETS_BY_ID.get(form.preset)
    if preset is None:
        errors.append(FieldError("preset", f"provider: unknown choice {form.preset!r}"))
    base_url = form.base_url.strip()
    if base_url:
        problem = url_problem(base_url)
        if problem:
            errors.append(FieldError("base_url", f"base URL: {problem}"))
    elif preset is not None and preset.is_endpoint:
        errors.append(FieldError("base_url", f"base URL: {preset.label} needs one"))
    model = form.model.strip()
    if any(character.isspace() for character in model):
        errors.append(FieldError("model", "model: must not contain spaces"))
    elif (not model and base_url and form.preset != "offline" and not url_problem(base_url)
          and urlsplit(base_url).hostname not in LOOPBACK_HOSTS):
        errors.append(FieldError("model", "model: a remote server needs a model name"))
    key_env = form.api_key_env.strip()
    if key_env and not _ENV_NAME.fullmatch(key_env):
        errors.append(FieldError("api_key_env", "key variable: letters, digits, _ "
                                                "(e.g. OPENAI_API_KEY)"))
    if form.store_key_in_file and not form.api_key_typed.strip():
        errors.append(FieldError("api_key_typed", "API key: type the key, or untick "
                                                  "storing it"))
    if form.embedder not in EMBEDDER_LABELS:
        errors.append(FieldError("embedder", f"embeddings: {form.embedder!r} is not local or endpoint"))
    elif form.embedder == "endpoint":
        if not form.embedding_model.strip():
            errors.append(FieldError("embedding_model", "embedding model: needed for endpoint "
                                                        "embeddings"))
        if form.preset == "offline":
            errors.append(FieldError("embedder", "embeddings: offline has no endpoint; "
                                                 "choose local"))
    _float_in(form, "budget_usd", 0.0, 1_000_000.0, errors, empty_means=0.0)
    if form.time_policy not in TIME_POLICY_LABELS:
        errors.append(FieldError("time_policy", f"time policy: {form.time_policy!r} is not one of "
                                                f"{', '.join(TIME_POLICY_LABELS)}"))
    _int_in(form, "workers", 1, MAX_WORKERS, errors)
    if form.max_concurrent_requests.strip():  # empty: no cap but the workers
        _int_in(form, "max_concurrent_requests", 1, MAX_CONCURRENT_REQUESTS, errors)
    _float_in(form, "timeout_seconds", 1.0, 3600.0, errors)
    _int_in(form, "autosave_interval_game_minutes", 1, 1440, errors)
    _int_in(form, "autosave_slots_kept", 1, 100, errors)
    return errors


def errors_by_field(errors: list[FieldError]) -> dict[str, str]:
    """The first message for each field (what the screen shows next to it)."""
    shown: dict[str, str] = {}
    for error in errors:
        shown.setdefault(error.field, error.message)
    return shown


# ----- reading and writing ----------------------------------------------------------------------------

def _number_text(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def form_from_document(document: Mapping[str, object], path: Path) -> SettingsForm:
    """The form showing a parsed settings document (SettingsError, naming the field, when it is bad)."""
    llm: LlmSettings = settings_from_toml(document, path)
    engine = engine_settings_from_toml(document, path)
    saves = settings_table(document, "saves", path)
    interval = saves.get("autosave_interval_game_minutes", DEFAULT_AUTOSAVE_INTERVAL_GAME_MINUTES)
    kept = saves.get("autosave_slots_kept", DEFAULT_AUTOSAVE_SLOTS_KEPT)
    return SettingsForm(
        preset=preset_of(llm.provider, llm.base_url),
        base_url=llm.base_url,
        model=llm.model,
        api_key_env=llm.api_key_env,
        api_key_typed=llm.api_key.reveal() if llm.api_key is not None else "",
        store_key_in_file=llm.api_key is not None,
        embedder=llm.embedder,
        embedding_model=llm.embedding_model,
        budget_usd=_number_text(llm.budget_usd or 0.0),
        time_policy=engine.time_policy.value,
        workers=str(engine.workers),
        max_concurrent_requests="" if llm.max_concurrent_requests is None else str(llm.max_concurrent_requests),
        timeout_seconds=_number_text(llm.timeout_seconds),
        autosave_interval_game_minutes=str(interval),
        autosave_slots_kept=str(kept),
        cache_enabled=llm.cache_enabled,
        detect_local_servers=llm.detect_local_servers,
    )


def load(path: Path) -> SettingsForm:
    """The form for the settings file at ``path`` (defaults when it does not exist)."""
    return form_from_document(read_settings_document(path), path)


def _table(document: dict[str, object], name: str) -> dict[str, object]:
    existing = document.get(name)
    table = dict(existing) if isinstance(existing, dict) else {}
    document[name] = table
    return table


def merged_document(form: SettingsForm, document: Mapping[str, object]) -> dict[str, object]:
    """``document`` with the form's keys set (a valid form); everything else in it is kept."""
    merged: dict[str, object] = dict(document)
    model = _table(merged, "model")
    model["provider"] = "offline" if form.preset == "offline" else "auto"
    model["base_url"] = form.base_url.strip()
    model["model"] = form.model.strip()
    model["api_key_env"] = form.api_key_env.strip()
    model["embedder"] = form.embedder
    model["embedding_model"] = form.embedding_model.strip()
    model["detect_local_servers"] = form.detect_local_servers
    if form.store_key_in_file:
        model["api_key"] = form.api_key_typed.strip()
    else:
        model.pop("api_key", None)
    resilience = _table(merged, "resilience")
    resilience["timeout_seconds"] = float(form.timeout_seconds)
    if form.max_concurrent_requests.strip():
        resilience["max_concurrent_requests"] = int(form.max_concurrent_requests)
    else:
        resilience.pop("max_concurrent_requests", None)
    _table(merged, "cache")["enabled"] = form.cache_enabled
    budget_text = form.budget_usd.strip()
    _table(merged, "budget")["max_cost_usd"] = float(budget_text) if budget_text else 0.0
    simulation = _table(merged, "simulation")
    simulation["time_policy"] = form.time_policy
    simulation["workers"] = int(form.workers)
    saves = _table(merged, "saves")
    saves["autosave_interval_game_minutes"] = int(form.autosave_interval_game_minutes)
    saves["autosave_slots_kept"] = int(form.autosave_slots_kept)
    return merged


def save(form: SettingsForm, path: Path) -> None:
    """Write the form into ``path`` atomically, keeping what else the file holds.

    Raises :class:`SettingsFormInvalid` (nothing written) when :func:`validate` finds a bad value. A file
    that is not valid TOML is copied to ``<name>.broken`` first, then replaced."""
    errors = validate(form)
    if errors:
        raise SettingsFormInvalid(errors)
    try:
        document = read_settings_document(path)
    except SettingsError:
        backup = path.with_name(path.name + ".broken")
        shutil.copyfile(path, backup)
        logger.warning("%s was not valid TOML; kept a copy as %s and wrote a new one", path, backup)
        document = {}
    write_text_atomically(path, tomli_w.dumps(cast(dict[str, object], merged_document(form, document))))
