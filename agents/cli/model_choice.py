"""Which model a headless run uses, and where that choice came from, worded for the run's first line.

``--model offline`` and ``--model URL`` are choices made on the command line and say so ("offline
model (from the command line)", "llama3.2 at http://... (from the command line)"); without
``--model`` the settings file, the environment, a detected local server or the offline fallback
decide (:func:`agents.llm.provider.select_provider`, whose labels already name their origin).

A URL given on the command line never silently turns into the offline model: when no model id is
given and the server lists none (it does not answer, or has nothing loaded), the run stops before
it starts and says what to do. The settings file's plain-text ``api_key`` and ``model`` belong to
the settings' ``base_url``: they are used for that URL, never sent to another URL given here
(``--api-key-env`` names the key for it, ``--model-name`` the model). A URL that is not ``http://`` or
``https://`` with a host (``ftp://...``, ``localhost:8080``) is refused at once as bad input.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Mapping
from dataclasses import replace

from agents.llm.offline_model import OFFLINE_MODEL_NAME
from agents.llm.provider import ProviderChoice, select_provider
from agents.llm.settings import LlmSettings
from agents.llm.url_safety import base_url_refusal, masked_url

FROM_COMMAND_LINE = "from the command line"
MODEL_URL_PREFIXES = ("http://", "https://")


class ModelChoiceError(ValueError):
    """``--model URL`` cannot be used as given (bad input: the run exits 2)."""


def settings_for_command_line(args: argparse.Namespace, settings: LlmSettings) -> LlmSettings:
    """``settings`` with ``--model``, ``--model-name`` and ``--api-key-env`` over them; ModelChoiceError
    when ``--model URL`` is not a usable URL (:func:`check_model_url`)."""
    if args.model is None:
        return settings
    if args.model == "offline":
        return replace(settings, provider="offline")
    check_model_url(args.model)
    base_url = args.model.rstrip("/")
    same_endpoint = base_url == settings.base_url.rstrip("/")
    return replace(settings, provider="auto", base_url=base_url,
                   model=args.model_name or (settings.model if same_endpoint else ""),
                   api_key_env=args.api_key_env or settings.api_key_env,
                   api_key=settings.api_key if same_endpoint else None)


def check_model_url(url: str) -> None:
    """Raise :class:`ModelChoiceError` unless ``url`` is an ``http(s)://host...`` URL with a usable
    host and port (:func:`agents.llm.url_safety.url_problem`)."""
    if not url.lower().startswith(MODEL_URL_PREFIXES):
        raise ModelChoiceError(
            f"--model {masked_url(url)}: not a model server's URL (it must start with http:// or https:// and "
            "name a host, e.g. http://127.0.0.1:11434/v1); give the server's base URL, or --model offline")
    refusal = base_url_refusal(url.rstrip("/"), "--model")
    if refusal:
        raise ModelChoiceError(refusal)


def model_choice_for(args: argparse.Namespace, settings: LlmSettings,
                     environ: Mapping[str, str] | None = None) -> ProviderChoice:
    """The provider the run uses, labelled with where the choice came from. ``settings`` are the
    ones :func:`settings_for_command_line` gave. Raises :class:`ModelChoiceError` when ``--model URL``
    is not an http(s) URL or names no usable model."""
    env = os.environ if environ is None else environ
    if args.model == "offline":
        return ProviderChoice("offline", None, OFFLINE_MODEL_NAME, None, f"offline model ({FROM_COMMAND_LINE})")
    if args.model is None:
        return select_provider(settings, env)
    check_model_url(args.model)
    choice = select_provider(replace(settings, detect_local_servers=False), env, detect=False)
    if choice.kind != "settings" or choice.base_url != settings.base_url:
        raise ModelChoiceError(
            f"--model {args.model}: no model id was given, and none could be found (only a server on this "
            f"machine is asked, GET {settings.base_url}/models: it did not answer, or has no model loaded); "
            "start the server, or name the model with --model-name")
    return replace(choice, label=f"{choice.model} at {choice.base_url} ({FROM_COMMAND_LINE})")
