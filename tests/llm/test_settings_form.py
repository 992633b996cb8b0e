"""The settings form (presets, checks per field, merge-saving settings.toml) and "Test connection"."""

from __future__ import annotations

import socket
import time
import tomllib
from dataclasses import replace
from pathlib import Path

import httpx2 as httpx
import openai
import pytest

from agents.engine.engine_settings import TimePolicy, load_engine_settings
from agents.llm.api_key import ApiKey
from agents.llm.connection_test import (
    ConnectionTarget,
    ConnectionTester,
    explain_error,
    run_connection_test,
    target_from_form,
)
from agents.llm.settings import load_settings
from agents.llm.settings_form import (
    PRESETS,
    SettingsForm,
    SettingsFormInvalid,
    apply_preset,
    errors_by_field,
    load,
    save,
    validate,
)
from tests.fixtures.model_server import ChatCall, ModelServer

SECRET = "sk-test-secret-0123456789abcdef"


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def fields_refused(form: SettingsForm) -> dict[str, str]:
    return errors_by_field(validate(form))


# ----- presets and checks --------------------------------------------------------------------------

def test_presets_fill_the_model_fields() -> None:
    form = apply_preset(SettingsForm(), "openai")
    assert (form.base_url, form.model, form.api_key_env) == ("https://api.openai.com/v1", "gpt-4o-mini",
                                                             "OPENAI_API_KEY")
    ollama = apply_preset(form, "ollama")
    assert (ollama.base_url, ollama.model) == ("http://127.0.0.1:11434/v1", "")
    assert apply_preset(ollama, "llamacpp").base_url == "http://127.0.0.1:8080/v1"
    assert apply_preset(ollama, "lmstudio").base_url == "http://127.0.0.1:1234/v1"
    assert apply_preset(ollama, "vllm").base_url == "http://127.0.0.1:8000/v1"
    custom = apply_preset(replace(ollama, base_url="http://10.0.0.5:9000/v1"), "custom")
    assert custom.base_url == "http://10.0.0.5:9000/v1"  # custom keeps what was typed
    assert {p.preset_id for p in PRESETS} >= {"openai", "ollama", "lmstudio", "llamacpp", "vllm", "custom",
                                              "offline"}
    with pytest.raises(ValueError, match="unknown provider preset"):
        apply_preset(form, "nonsense")
    for preset in PRESETS:
        assert validate(apply_preset(SettingsForm(), preset.preset_id)) == [] or preset.preset_id == "custom"


def test_defaults_are_valid() -> None:
    assert validate(SettingsForm()) == []


@pytest.mark.parametrize(("url", "words"), [
    ("http://127.0.0.1:99999/v1", "not in 1-65535"),
    ("http://127.0.0.1:0/v1", "not in 1-65535"),
    ("http://127.0.0.1:port/v1", "port"),
    ("ftp://127.0.0.1:8080/v1", "http:// or https://"),
    ("127.0.0.1:8080", "http:// or https://"),
    ("http:///v1", "no host"),
    ("http://127.0.0.1 :8080/v1", "spaces"),
])
def test_bad_base_urls_are_refused_naming_the_field(url: str, words: str) -> None:
    refused = fields_refused(replace(apply_preset(SettingsForm(), "custom"), base_url=url, model="m"))
    assert refused["base_url"].startswith("base URL:")
    assert words in refused["base_url"]


def test_an_endpoint_preset_needs_a_base_url_and_a_remote_one_a_model() -> None:
    assert "base_url" in fields_refused(replace(apply_preset(SettingsForm(), "custom"), base_url=""))
    remote = replace(apply_preset(SettingsForm(), "custom"), base_url="https://example.com/v1", model="")
    assert fields_refused(remote)["model"].startswith("model:")
    local = replace(apply_preset(SettingsForm(), "ollama"), model="")
    assert validate(local) == []  # a local server's first model is used


@pytest.mark.parametrize(("name", "bad", "good"), [
    ("workers", "0", "1"), ("workers", "257", "256"), ("workers", "many", "8"),
    ("budget_usd", "-1", "0"), ("budget_usd", "lots", "2.5"),
    ("autosave_interval_game_minutes", "0", "1"), ("autosave_interval_game_minutes", "1441", "1440"),
    ("autosave_slots_kept", "0", "3"),
    ("max_concurrent_requests", "0", "16"),
    ("timeout_seconds", "0", "30"),
    ("api_key_env", "1BAD-NAME", "MY_KEY"),
    ("time_policy", "sometimes", TimePolicy.FLOWING.value),
])
def test_each_number_and_name_is_checked(name: str, bad: str, good: str) -> None:
    refused = fields_refused(replace(SettingsForm(), **{name: bad}))
    assert list(refused) == [name]
    assert refused[name].split(":")[0] in ("workers", "budget", "autosave interval", "autosave slots kept",
                                           "calls at once", "request timeout", "key variable", "time policy")
    assert validate(replace(SettingsForm(), **{name: good})) == []


def test_storing_a_key_needs_one_and_endpoint_embeddings_need_a_model() -> None:
    assert "api_key_typed" in fields_refused(replace(SettingsForm(), store_key_in_file=True))
    assert "embedding_model" in fields_refused(replace(SettingsForm(), embedder="endpoint"))
    assert "embedder" in fields_refused(replace(apply_preset(SettingsForm(), "offline"), embedder="endpoint",
                                                embedding_model="e"))


def test_the_typed_key_never_shows_in_a_repr() -> None:
    form = replace(SettingsForm(), api_key_typed=SECRET)
    assert SECRET not in repr(form)
    assert SECRET not in form.masked_key


# ----- load and save -------------------------------------------------------------------------------

HAND_WRITTEN = """\
[model]
model = "old"
embedding_model = "hand-picked"

[resilience]
deadline_seconds = 90.0

[prices."llama3.2"]
prompt_usd_per_million_tokens = 0.0
completion_usd_per_million_tokens = 0.0

[prompts.daily_plan]
temperature = 0.9

[simulation]
step_seconds = 20
"""


def test_save_keeps_every_other_table_and_key(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text(HAND_WRITTEN)
    form = replace(apply_preset(load(path), "ollama"), model="llama3.2", workers="12", budget_usd="1.5",
                   time_policy="flowing", autosave_interval_game_minutes="30", autosave_slots_kept="5")
    save(form, path)
    document = tomllib.loads(path.read_text())
    assert document["model"]["embedding_model"] == "hand-picked"
    assert document["model"]["base_url"] == "http://127.0.0.1:11434/v1"
    assert document["model"]["model"] == "llama3.2"
    assert document["resilience"]["deadline_seconds"] == 90.0
    assert document["prompts"]["daily_plan"]["temperature"] == 0.9
    assert document["simulation"] == {"step_seconds": 20, "time_policy": "flowing", "workers": 12}
    assert document["saves"] == {"autosave_interval_game_minutes": 30, "autosave_slots_kept": 5}
    # the rest of the project reads what the form wrote
    settings = load_settings(path)
    assert (settings.model, settings.budget_usd) == ("llama3.2", 1.5)
    assert settings.prices["llama3.2"].prompt_usd_per_million_tokens == 0.0
    engine = load_engine_settings(path)
    assert (engine.workers, engine.time_policy, engine.step_seconds) == (12, TimePolicy.FLOWING, 20)
    assert not list(tmp_path.glob(".settings.toml.*.tmp"))  # written atomically, nothing left behind


def test_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "config" / "settings.toml"
    assert load(path) == SettingsForm()  # no file: the defaults
    form = replace(apply_preset(SettingsForm(), "openai"), embedder="endpoint",
                   embedding_model="text-embedding-3-small", budget_usd="2.5", workers="4",
                   max_concurrent_requests="4", timeout_seconds="30", cache_enabled=False,
                   detect_local_servers=False, autosave_interval_game_minutes="120", autosave_slots_kept="2")
    save(form, path)
    assert load(path) == form
    offline = apply_preset(form, "offline")
    save(offline, path)
    assert load(path).preset == "offline"
    assert load_settings(path).provider == "offline"


def test_the_key_is_written_only_when_asked(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    typed = replace(apply_preset(SettingsForm(), "openai"), api_key_typed=SECRET)
    save(typed, path)
    assert SECRET not in path.read_text()
    assert "api_key =" not in path.read_text()
    save(replace(typed, store_key_in_file=True), path)
    assert f'api_key = "{SECRET}"' in path.read_text()
    reloaded = load(path)
    assert reloaded.store_key_in_file and reloaded.api_key_typed == SECRET
    save(replace(reloaded, store_key_in_file=False), path)  # unticking removes it from the file
    assert SECRET not in path.read_text()


def test_a_bad_form_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text(HAND_WRITTEN)
    bad = replace(apply_preset(SettingsForm(), "llamacpp"), base_url="http://127.0.0.1:70000/v1")
    with pytest.raises(SettingsFormInvalid) as raised:
        save(bad, path)
    assert [error.field for error in raised.value.errors] == ["base_url"]
    assert path.read_text() == HAND_WRITTEN


def test_a_broken_file_is_kept_aside_when_saving(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text("this = = not toml")
    save(SettingsForm(), path)
    assert (tmp_path / "settings.toml.broken").read_text() == "this = = not toml"
    assert load(path) == SettingsForm()


# ----- test connection ---------------------------------------------------------------------------

def say_hello(call: ChatCall) -> str:
    return "<think>hmm</think>Hello from the test server!"


def test_connection_ok_with_the_models_answer() -> None:
    with ModelServer(answer_hook=say_hello) as server:
        result = run_connection_test(ConnectionTarget(server.base_url, "smallville-test-model"))
        assert server.stats.chat_requests == 1  # one call, no retries
    assert result.ok, result.error
    assert result.answer == "Hello from the test server!"
    assert 0 < result.latency_seconds < 5
    assert result.summary.startswith("OK in ")


def test_without_a_model_the_server_is_asked_for_its_models() -> None:
    with ModelServer() as server:
        result = run_connection_test(ConnectionTarget(server.base_url, ""))
        assert (server.stats.model_list_requests, server.stats.chat_requests) == (1, 0)
    assert result.ok and "smallville-test-model" in result.answer


def test_a_closed_port_fails_fast_in_plain_words() -> None:
    port = closed_port()
    started = time.monotonic()
    result = run_connection_test(ConnectionTarget(f"http://127.0.0.1:{port}/v1", "m"))
    assert time.monotonic() - started < 3
    assert not result.ok
    assert result.error == f"nothing is listening at 127.0.0.1:{port} — is the server running?"


def test_a_refused_key_is_reported_without_the_key() -> None:
    with ModelServer(answer_hook=say_hello, required_api_key="sk-the-right-one-000") as server:
        result = run_connection_test(ConnectionTarget(server.base_url, "m", ApiKey(SECRET), "typed"))
        assert server.stats.chat_requests == 1
    assert not result.ok
    assert "refused the key (401)" in result.error
    assert SECRET not in result.error and SECRET not in repr(result)


def test_a_wrong_path_is_a_404_in_words() -> None:
    with ModelServer(answer_hook=say_hello) as server:
        result = run_connection_test(ConnectionTarget(server.base_url.replace("/v1", "/v2"), "m"))
    assert not result.ok and "(404)" in result.error and "/v1" in result.error


def test_error_texts_mask_a_key_the_server_echoed() -> None:
    target = ConnectionTarget("https://api.example.com/v1", "gpt-x", ApiKey(SECRET), "OPENAI_API_KEY")
    request = httpx.Request("POST", "https://api.example.com/v1/chat/completions")
    echoed = {"error": {"message": f"Incorrect API key provided: {SECRET}"}}
    denied = openai.AuthenticationError("denied", response=httpx.Response(401, request=request, json=echoed),
                                        body=echoed)
    assert explain_error(denied, target) == "the server refused the key (401) — check the key in $OPENAI_API_KEY"
    missing = {"error": {"message": "The model `gpt-x` does not exist"}}
    not_found = openai.NotFoundError("nf", response=httpx.Response(404, request=request, json=missing),
                                     body=missing)
    assert explain_error(not_found, target).startswith("model 'gpt-x' not found (404)")
    forbidden_body = {"error": {"message": f"key {SECRET} is not allowed"}}
    forbidden = openai.PermissionDeniedError(
        "no", response=httpx.Response(403, request=request, json=forbidden_body), body=forbidden_body)
    text = explain_error(forbidden, target)
    assert "(403)" in text and SECRET not in text and "...cdef" in text
    timeout = explain_error(openai.APITimeoutError(request=request), target)
    assert "no answer from api.example.com:443 within 15 s" in timeout


def test_targets_come_from_the_form() -> None:
    assert isinstance(target_from_form(apply_preset(SettingsForm(), "offline"), {}), str)
    form = apply_preset(SettingsForm(), "openai")
    target = target_from_form(form, {"OPENAI_API_KEY": SECRET})
    assert isinstance(target, ConnectionTarget) and target.api_key == ApiKey(SECRET)
    assert target.api_key_source == "OPENAI_API_KEY"
    typed = target_from_form(replace(form, api_key_typed="sk-typed-999999999"), {"OPENAI_API_KEY": SECRET})
    assert isinstance(typed, ConnectionTarget) and typed.api_key == ApiKey("sk-typed-999999999")


def test_the_tester_runs_on_a_worker_and_is_polled() -> None:
    with ModelServer(answer_hook=say_hello, latency_seconds=0.3) as server:
        tester = ConnectionTester()
        try:
            started = time.monotonic()
            tester.start(ConnectionTarget(server.base_url, "m"))
            assert time.monotonic() - started < 0.1 and tester.busy
            assert tester.poll() is None
            deadline = time.monotonic() + 5
            result = None
            while result is None and time.monotonic() < deadline:
                result = tester.poll()
                time.sleep(0.01)
        finally:
            tester.close()
    assert result is not None and result.ok and result.answer == "Hello from the test server!"
    assert tester.poll() is None  # a result is handed out once


def test_a_newer_test_supersedes_a_running_one() -> None:
    def slow_or_fast(call: ChatCall) -> str:
        if call.model == "slow":
            time.sleep(0.5)
        return f"answer from {call.model}"

    with ModelServer(answer_hook=slow_or_fast) as server:
        tester = ConnectionTester()
        tester.start(ConnectionTarget(server.base_url, "slow"))
        tester.start(ConnectionTarget(server.base_url, "fast"))
        deadline = time.monotonic() + 5
        results = []
        while time.monotonic() < deadline and server.stats.chat_requests < 2 or tester.busy:
            result = tester.poll()
            if result is not None:
                results.append(result)
            time.sleep(0.01)
        time.sleep(0.6)  # the slow one has come back by now, and is dropped
        assert tester.poll() is None
        tester.start(ConnectionTarget(server.base_url, "slow"))
        tester.close()
        time.sleep(0.7)
        assert tester.poll() is None and not tester.busy  # closed: a late answer is dropped
    assert [result.answer for result in results] == ["answer from fast"]
