"""Settings file, user folders, and the provider choice order."""

from __future__ import annotations

import socket
import time
from pathlib import Path

import pytest

from agents.llm.api_key import ApiKey
from agents.llm.provider import LocalServerCandidate, detect_local_servers, select_provider
from agents.llm.settings import (
    LlmSettings,
    ModelPrice,
    PromptOverride,
    SettingsError,
    load_settings,
    save_settings,
)
from agents.paths import user_folders
from tests.fixtures.model_server import ModelServer


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_user_folders_follow_smallville_home(isolated_home: Path) -> None:
    folders = user_folders()
    assert folders.settings_file == isolated_home / "config" / "settings.toml"
    assert folders.response_cache_file.parent == isolated_home / "cache"


def test_settings_round_trip_and_defaults(isolated_home: Path) -> None:
    path = user_folders().settings_file
    assert load_settings(path) == LlmSettings()
    settings = LlmSettings(
        base_url="http://127.0.0.1:11434/v1",
        model="llama3.2",
        budget_usd=2.5,
        timeout_seconds=30,
        prices={**LlmSettings().prices, "llama3.2": ModelPrice(0.0, 0.0)},
        prompt_overrides={"daily_plan": PromptOverride(temperature=0.9)},
    )
    save_settings(settings, path)
    assert load_settings(path) == settings
    assert "api_key =" not in path.read_text()


def test_broken_settings_are_reported_with_the_field(isolated_home: Path) -> None:
    path = user_folders().settings_file
    path.parent.mkdir(parents=True)
    path.write_text('[resilience]\ntimeout_seconds = "soon"\n')
    with pytest.raises(SettingsError, match="timeout_seconds"):
        load_settings(path)
    path.write_text("this is = = not toml")
    with pytest.raises(SettingsError, match="not valid TOML"):
        load_settings(path)


def test_explicit_settings_come_first() -> None:
    settings = LlmSettings(base_url="http://example.invalid/v1", model="m", api_key_env="MY_KEY")
    choice = select_provider(
        settings, {"MY_KEY": "sk-settings-1234567", "OPENAI_API_KEY": "sk-other"}, detect=False
    )
    assert (choice.kind, choice.base_url, choice.model) == ("settings", "http://example.invalid/v1", "m")
    assert choice.api_key == ApiKey("sk-settings-1234567")
    assert "1234567" not in repr(choice)


def test_environment_comes_next() -> None:
    only_openai = select_provider(LlmSettings(), {"OPENAI_API_KEY": "sk-env-abcdefgh"}, detect=False)
    assert (only_openai.kind, only_openai.base_url, only_openai.model) == (
        "environment",
        "https://api.openai.com/v1",
        "gpt-4o-mini",
    )
    custom = select_provider(
        LlmSettings(),
        {
            "SMALLVILLE_BASE_URL": "http://10.9.9.9:9/v1",
            "SMALLVILLE_MODEL": "qwen",
            "SMALLVILLE_API_KEY": "k-123456",
        },
        detect=False,
    )
    assert (custom.kind, custom.model, custom.api_key) == ("environment", "qwen", ApiKey("k-123456"))


def test_a_detected_local_server_comes_before_offline(model_server: ModelServer) -> None:
    candidates = (
        LocalServerCandidate("ollama", "Ollama", closed_port()),
        LocalServerCandidate("llamacpp", "llama.cpp server", model_server.port),
    )
    choice = select_provider(LlmSettings(), {}, detect=True, local_candidates=candidates)
    assert choice.kind == "detected-local"
    assert (choice.base_url, choice.model, choice.server_kind) == (
        model_server.base_url,
        "smallville-test-model",
        "llamacpp",
    )
    assert choice.structured_output == "json_object_schema"
    assert "detected" in choice.label


def test_offline_when_nothing_answers() -> None:
    candidates = (LocalServerCandidate("vllm", "vLLM", closed_port()),)
    started = time.monotonic()
    choice = select_provider(LlmSettings(), {}, detect=True, local_candidates=candidates)
    assert time.monotonic() - started < 2
    assert choice.kind == "offline" and choice.label == "offline model (no language model connected)"
    assert select_provider(LlmSettings(provider="offline"), {"OPENAI_API_KEY": "sk-x"}).is_offline


def test_detection_ignores_servers_that_are_not_openai_compatible() -> None:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        port = int(listener.getsockname()[1])  # accepts connections but never answers
        started = time.monotonic()
        found = detect_local_servers(
            (LocalServerCandidate("lmstudio", "LM Studio", port),), timeout_seconds=0.2
        )
        assert found == [] and time.monotonic() - started < 1.5


def test_settings_base_url_without_model_takes_the_servers_first_model(model_server: ModelServer) -> None:
    choice = select_provider(LlmSettings(base_url=model_server.base_url), {}, detect=False)
    assert (choice.kind, choice.model) == ("settings", "smallville-test-model")
