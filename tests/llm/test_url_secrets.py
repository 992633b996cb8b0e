"""A key in a base URL (``http://user:KEY@host/v1``, ``...?api-key=KEY``) is used for the requests but
appears in no output, log line, save, recording or summary; URLs with a query are joined correctly."""

from __future__ import annotations

import dataclasses
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from agents.llm.openai_model import EndpointConfig, make_openai_client
from agents.llm.provider import ProviderChoice, select_provider
from agents.llm.settings import LlmSettings
from agents.llm.url_safety import (
    client_base_and_query,
    join_endpoint,
    mask_urls_in_text,
    masked_url,
    url_problem,
    url_secrets,
)
from tests.fixtures.model_server import ModelServer

REPO_ROOT = Path(__file__).resolve().parents[2]
USER_SECRET = "SECRETKEY"  # also a prefix of the query's secret: a grep for it finds both
QUERY_SECRET = "SECRETKEY2"


@pytest.mark.parametrize(("url", "shown"), [
    ("http://user:KEY12345@host/v1", "http://***:***@host/v1"),
    ("http://KEY12345@host/v1", "http://***@host/v1"),
    ("https://h/v1?api-key=K1&x=1", "https://h/v1?api-key=***&x=1"),
    ("https://h/v1?key=K1&token=K2&access_token=K3&sig=K4&signature=K5&password=K6&Api_Key=K7",
     "https://h/v1?key=***&token=***&access_token=***&sig=***&signature=***&password=***&Api_Key=***"),
    ("https://h/v1?sk-bare-secret", "https://h/v1?***"),
    ("http://127.0.0.1:11434/v1", "http://127.0.0.1:11434/v1"),
    ("not a url at all", "not a url at all"),
    ("http://[::1/v1?api-key=K", "http://[::1/v1?api-key=***"),
])
def test_masked_url_hides_credentials_and_secret_query_values(url: str, shown: str) -> None:
    assert masked_url(url) == shown


def test_urls_inside_a_sentence_are_masked() -> None:
    text = "m at http://u:KEY12345@h:8/v1?api-key=SECRET99 (from settings); retry http://h/v1"
    assert mask_urls_in_text(text) == "m at http://***:***@h:8/v1?api-key=*** (from settings); retry http://h/v1"
    assert set(url_secrets("http://u:KEY12345@h:8/v1?api-key=SECRET99")) == {"u", "KEY12345", "SECRET99"}


@pytest.mark.parametrize(("base", "joined"), [
    ("http://h/v1?api-key=K", "http://h/v1/chat/completions?api-key=K"),
    ("http://h/v1/?api-key=K", "http://h/v1/chat/completions?api-key=K"),
    ("http://u:p@h:8080/v1", "http://u:p@h:8080/v1/chat/completions"),
    ("http://h", "http://h/chat/completions"),
])
def test_join_endpoint_puts_the_path_before_the_query(base: str, joined: str) -> None:
    assert join_endpoint(base, "chat/completions") == joined
    assert join_endpoint(base, "/chat/completions") == joined


def test_the_client_gets_the_query_as_default_query() -> None:
    assert client_base_and_query("http://u:p@h/v1?api-key=K&a=1") == ("http://u:p@h/v1", {"api-key": "K", "a": "1"})


def test_a_query_is_allowed_in_a_base_url_but_a_fragment_is_not() -> None:
    assert url_problem("https://h.example/v1?api-key=K") is None
    assert url_problem("https://h.example/v1#part") == "must not have a #fragment part"


def test_a_provider_label_never_shows_the_key_however_it_is_made() -> None:
    choice = select_provider(LlmSettings(base_url=f"http://u:{USER_SECRET}@127.0.0.1:1/v1?api-key={QUERY_SECRET}",
                                         model="m"), {}, detect=False)
    assert USER_SECRET not in choice.label and USER_SECRET not in choice.shown_url
    relabelled = dataclasses.replace(choice, label=f"m at {choice.base_url} (from the command line)")
    assert USER_SECRET not in relabelled.label
    assert choice.base_url is not None and QUERY_SECRET in choice.base_url  # used as given for the requests
    assert USER_SECRET not in ProviderChoice("settings", choice.base_url, "m", None, f"at {choice.base_url}").label


def test_requests_go_to_the_endpoint_path_with_the_query_after_it(caplog: pytest.LogCaptureFixture) -> None:
    with ModelServer(answer_hook=lambda call: "hello") as server:
        base_url = f"http://user:{USER_SECRET}@127.0.0.1:{server.port}/v1?api-key={QUERY_SECRET}"
        client = make_openai_client(EndpointConfig(base_url=base_url, model="m"))
        try:
            with caplog.at_level(logging.DEBUG):
                client.chat.completions.create(model="m", messages=[{"role": "user", "content": "hi"}])
                client.models.list()
        finally:
            client.close()
    assert server.stats.request_targets == [f"POST /v1/chat/completions?api-key={QUERY_SECRET}",
                                            f"GET /v1/models?api-key={QUERY_SECRET}"]
    assert server.stats.authorization_headers[0].startswith("Basic ")  # the user part is sent as basic auth
    assert USER_SECRET not in caplog.text


def _grep_tree(root: Path, secret: bytes, skip: set[Path]) -> list[Path]:
    found = []
    for path in root.rglob("*"):
        if path.is_file() and path not in skip and secret in path.read_bytes():
            found.append(path)
    return found


def _cli(home: Path, *args: str, env_extra: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SMALLVILLE_HOME": str(home), **(env_extra or {})}
    return subprocess.run([sys.executable, "-m", "agents.cli.main", *args], cwd=REPO_ROOT, env=env,
                          capture_output=True, text=True, timeout=300, check=False)


@pytest.mark.slow
@pytest.mark.parametrize("given_by", ["settings", "command-line", "environment"])
def test_a_key_in_the_base_url_appears_in_no_output_or_file(given_by: str, tmp_path: Path) -> None:
    home = tmp_path / "home"
    settings_file = home / "config" / "settings.toml"
    settings_file.parent.mkdir(parents=True)
    with ModelServer() as server:
        base_url = f"http://user:{USER_SECRET}@127.0.0.1:{server.port}/v1?api-key={QUERY_SECRET}"
        model_args: list[str] = []
        env_extra: dict[str, str] = {}
        if given_by == "settings":
            settings_file.write_text(f'[model]\nbase_url = "{base_url}"\nmodel = "m"\n'
                                     "detect_local_servers = false\n")
        elif given_by == "command-line":
            model_args = ["--model", base_url, "--model-name", "m"]
        else:
            env_extra = {"SMALLVILLE_BASE_URL": base_url, "SMALLVILLE_MODEL": "m"}
        run = _cli(home, "-v", "run", "--hours", "0.05", *model_args, "--save", "keyed", "--record", "keyed",
                   "--summary", str(home / "runs" / "day.json"), env_extra=env_extra)
        targets = list(server.stats.request_targets)
    assert run.returncode == 0, run.stderr[-2000:]
    assert "Traceback" not in run.stderr
    assert server.stats.chat_requests > 0
    assert all(target == f"POST /v1/chat/completions?api-key={QUERY_SECRET}" for target in targets), targets[:3]
    assert "***" in run.stderr  # the run header names the URL, masked
    listings = [_cli(home, "saves", "list"), _cli(home, "saves", "show", "keyed"), _cli(home, "replay", "list"),
                _cli(home, "saves", "list", "--json")]
    outputs = [run.stdout, run.stderr] + [part for listing in listings for part in (listing.stdout, listing.stderr)]
    for output in outputs:
        assert USER_SECRET not in output
    assert (home / "runs" / "day.json").is_file() and (home / "runs" / "day.md").is_file()
    assert list((home / "data").rglob("*.smallville-save")) and list((home / "data").rglob("*.smallville-rec"))
    written = _grep_tree(home, USER_SECRET.encode(), skip={settings_file})
    assert written == [], f"the key was written into {written}"
