"""Builds what the minds think with from the user's settings: the language-model stack (provider
chosen by settings, environment, a detected local server, or the offline model) and the
:class:`~agents.cognition.services.MindServices` that wrap it. Shared by the game, the smoke test and
the headless runner."""

from __future__ import annotations

from collections.abc import Mapping

from agents.cognition.services import MindServices
from agents.llm.local_embedder import default_local_embedder
from agents.llm.offline_model import OfflineModel
from agents.llm.protocol import Embedder
from agents.llm.settings import LlmSettings, load_settings
from agents.llm.stack import LanguageModelStack, build_model_stack
from agents.paths import user_folders
from agents.prompts.runner import PromptRunner


def services_from_settings(environ: Mapping[str, str] | None = None,
                           detect: bool = True) -> tuple[MindServices, LanguageModelStack]:
    """The services and the stack behind them (close the stack when done). Raises SettingsError for
    a broken settings file."""
    settings = load_settings(user_folders(environ).settings_file)
    stack = build_model_stack(settings, environ=environ, detect=detect)
    return services_for_stack(stack, settings), stack


def services_for_stack(stack: LanguageModelStack, settings: LlmSettings) -> MindServices:
    """The minds' services over ``stack`` (prompt overrides from ``settings``); a remote embedder is
    called on the workers, never on the thread that owns the simulation."""
    runner = PromptRunner(stack.model, overrides=settings.prompt_overrides)
    return MindServices(runner=runner, embedder=stack.embedder, embed_on_workers=stack.embedder_is_remote)


def offline_services(embedder: Embedder | None = None) -> MindServices:
    """The offline model with ``embedder`` (default: the local embedder): no settings, no network."""
    return MindServices(runner=PromptRunner(OfflineModel()), embedder=embedder or default_local_embedder())
