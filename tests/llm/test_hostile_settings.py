"""Hostile settings: every bad settings.toml, environment variable or command-line value that feeds
the settings is refused as the user meets it (``smallville-sim run``): exit 2, one line naming the
file (or variable, or option) and the field, never a traceback; and a property test that mutates
settings files (types, ranges, encodings, lengths) finds no exception but :class:`SettingsError`."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agents.cli.main import main
from agents.engine.engine_settings import load_engine_settings
from agents.llm import settings_form
from agents.llm.provider import select_provider
from agents.llm.settings import SettingsError, load_settings
from agents.paths import user_folders
from agents.persistence.autosave import load_autosave_settings

REPO_ROOT = Path(__file__).resolve().parents[2]
RUN = ["run", "--hours", "0.01", "--model", "offline", "--no-record"]
FOLDER = object()  # the settings file's path is a folder


@dataclass(frozen=True)
class Case:
    """One hostile input: the settings file's bytes (or FOLDER, or None for no file), the environment
    and command line around it, and the words the one error line must hold."""

    name: str
    content: bytes | object | None
    words: tuple[str, ...]
    args: tuple[str, ...] = tuple(RUN)
    env: dict[str, str] = field(default_factory=dict)
    names_the_file: bool = True


def _toml(text: str) -> bytes:
    return text.encode("utf-8")


CASES: tuple[Case, ...] = (
    # -- the file itself
    Case("not-utf8", b'[model]\nmodel = "caf\xe9"\n', ("not UTF-8",)),
    Case("utf16", '[model]\nmodel = "m"\n'.encode("utf-16"), ("not UTF-8",)),
    Case("a-folder", FOLDER, ("is a folder",)),
    Case("not-toml", _toml("[model\nmodel = 1\n"), ("not valid TOML",)),
    Case("too-deep", _toml("[model]\nmodel = " + "[" * 3000 + "]" * 3000 + "\n"), ("nest too deep",)),
    Case("too-big", _toml("# " + "x" * 1_100_000 + "\n"), ("bytes",)),
    # -- base URLs
    Case("port-out-of-range", _toml('[model]\nbase_url = "http://127.0.0.1:99999/v1"\n'),
         ("[model] base_url", "99999", "1-65535")),
    Case("port-zero", _toml('[model]\nbase_url = "http://127.0.0.1:0/v1"\n'), ("[model] base_url", "port 0")),
    Case("port-not-a-number", _toml('[model]\nbase_url = "http://127.0.0.1:80a/v1"\n'), ("[model] base_url", "port")),
    Case("host-with-space", _toml('[model]\nbase_url = "http://exa mple.com/v1"\n'), ("[model] base_url", "spaces")),
    Case("host-bad-label", _toml('[model]\nbase_url = "http://-bad-.example/v1"\n'), ("[model] base_url", "host")),
    Case("host-bad-ipv6", _toml('[model]\nbase_url = "http://[::1/v1"\n'), ("[model] base_url", "IPv6")),
    Case("host-bad-ipv4", _toml('[model]\nbase_url = "http://300.1.1.1/v1"\n'), ("[model] base_url", "IPv4")),
    Case("no-host", _toml('[model]\nbase_url = "http://:8080/v1"\n'), ("[model] base_url", "no host")),
    Case("ftp", _toml('[model]\nbase_url = "ftp://127.0.0.1/v1"\n'), ("[model] base_url", "http://")),
    Case("url-with-key-is-masked", _toml('[model]\nbase_url = "http://u:SECRETKEY@127.0.0.1:99999/v1"\n'),
         ("[model] base_url", "***")),
    # -- ranges
    Case("max-concurrent-zero", _toml("[resilience]\nmax_concurrent_requests = 0\n"),
         ("[resilience] max_concurrent_requests", "from 1 to 1024")),
    Case("max-concurrent-negative", _toml("[resilience]\nmax_concurrent_requests = -4\n"),
         ("[resilience] max_concurrent_requests",)),
    Case("workers-10000", _toml("[simulation]\nworkers = 10000\n"), ("[simulation]", "workers", "256")),
    Case("workers-zero", _toml("[simulation]\nworkers = 0\n"), ("[simulation]", "workers")),
    Case("timeout-nan", _toml("[resilience]\ntimeout_seconds = nan\n"), ("[resilience] timeout_seconds", "finite")),
    Case("timeout-inf", _toml("[resilience]\ntimeout_seconds = inf\n"), ("[resilience] timeout_seconds", "finite")),
    Case("timeout-zero", _toml("[resilience]\ntimeout_seconds = 0\n"), ("[resilience] timeout_seconds", "above 0")),
    Case("huge-integer", _toml("[resilience]\ntimeout_seconds = 99999999999999999999\n"),
         ("[resilience] timeout_seconds",)),
    Case("budget-negative", _toml("[budget]\nmax_cost_usd = -1\n"), ("[budget] max_cost_usd", "out of range")),
    Case("price-negative", _toml('[prices."m"]\nprompt_usd_per_million_tokens = -2\n'),
         ('[prices.m] prompt_usd_per_million_tokens',)),
    Case("temperature-9", _toml("[prompts.daily_plan]\ntemperature = 9\n"), ("[prompts.daily_plan] temperature",)),
    Case("max-tokens-zero", _toml("[prompts.daily_plan]\nmax_tokens = 0\n"), ("[prompts.daily_plan] max_tokens",)),
    Case("give-up-forever", _toml("[resilience]\nunreachable_give_up_seconds = 1e300\n"),
         ("[resilience] unreachable_give_up_seconds",)),
    Case("operation-timeout-inf", _toml("[simulation]\noperation_timeout_seconds = inf\n"),
         ("[simulation] operation_timeout_seconds", "finite")),
    Case("flowing-pace-huge", _toml("[simulation]\nflowing_steps_per_second = 1e9\n"),
         ("[simulation]", "flowing_steps_per_second")),
    Case("step-seconds-huge", _toml("[simulation]\nstep_seconds = 100000\n"), ("[simulation]", "step_seconds")),
    Case("autosave-zero", _toml("[saves]\nautosave_interval_game_minutes = 0\n"),
         ("[saves]", "autosave_interval_game_minutes")),
    # -- types and texts
    Case("workers-text", _toml('[simulation]\nworkers = "many"\n'), ("[simulation] workers", "whole number")),
    Case("timeout-bool", _toml("[resilience]\ntimeout_seconds = true\n"), ("[resilience] timeout_seconds",)),
    Case("table-not-table", _toml("model = 3\n"), ("[model] must be a table",)),
    Case("provider-online", _toml('[model]\nprovider = "online"\n'), ("[model] provider",)),
    Case("api-key-env-spaces", _toml('[model]\napi_key_env = "MY KEY"\n'), ("[model] api_key_env",)),
    Case("model-control-chars", _toml('[model]\nmodel = "llama\\u0000"\n'), ("[model] model", "control")),
    Case("model-very-long", _toml(f'[model]\nmodel = "{"m" * 5000}"\n'), ("[model] model", "at most 1000")),
    # -- unknown keys and tables: the nearest known one is named
    Case("budget-typo", _toml("[budget]\nmax_cost_usdd = 0.05\n"),
         ("[budget] max_cost_usdd: unknown key; did you mean max_cost_usd?",)),
    Case("resilience-typo", _toml("[resilience]\ntimeout_second = 3\n"), ("did you mean timeout_seconds?",)),
    Case("model-typo", _toml('[model]\nbase_ur = "http://127.0.0.1:1/v1"\n'), ("did you mean base_url?",)),
    Case("cache-typo", _toml("[cache]\nenable = false\n"), ("[cache] enable", "did you mean enabled?")),
    Case("simulation-typo", _toml("[simulation]\nworker = 4\n"), ("[simulation] worker", "did you mean workers?")),
    Case("saves-typo", _toml("[saves]\nautosave_slots = 3\n"), ("[saves] autosave_slots", "autosave_slots_kept")),
    Case("price-typo", _toml('[prices."m"]\nprompt_usd = 1\n'), ("[prices.m] prompt_usd", "did you mean")),
    Case("prompt-kind-typo", _toml("[prompts.daily_plann]\ntemperature = 0.5\n"),
         ("[prompts.daily_plann]", "did you mean daily_plan?")),
    Case("table-typo", _toml("[budgett]\nmax_cost_usd = 1\n"), ("[budgett]: unknown table; did you mean [budget]?",)),
    Case("unknown-table", _toml("[zebra]\nstripes = 3\n"), ("[zebra]: unknown table", "known tables")),
    # -- the environment and the command line that feed the settings
    Case("env-base-url-port", None, ("SMALLVILLE_BASE_URL", "99999"),
         args=("run", "--hours", "0.01", "--no-record"), env={"SMALLVILLE_BASE_URL": "http://127.0.0.1:99999/v1",
                                                              "SMALLVILLE_MODEL": "m"},
         names_the_file=False),
    Case("env-base-url-host", None, ("SMALLVILLE_BASE_URL", "host"),
         args=("run", "--hours", "0.01", "--no-record"), env={"SMALLVILLE_BASE_URL": "http://a..b/v1",
                                                              "SMALLVILLE_MODEL": "m"},
         names_the_file=False),
    Case("env-model-control", None, ("SMALLVILLE_MODEL", "control"),
         args=("run", "--hours", "0.01", "--no-record"), env={"SMALLVILLE_BASE_URL": "http://127.0.0.1:9/v1",
                                                              "SMALLVILLE_MODEL": "m\x07"},
         names_the_file=False),
    Case("cli-model-port", None, ("--model", "99999"),
         args=("run", "--hours", "0.01", "--no-record", "--model", "http://127.0.0.1:99999/v1", "--model-name", "m"),
         names_the_file=False),
    Case("cli-model-key-masked", None, ("--model", "***"),
         args=("run", "--hours", "0.01", "--no-record", "--model", "http://u:SECRETKEY@[::1/v1", "--model-name", "m"),
         names_the_file=False),
)


def _write_settings(content: bytes | object | None) -> Path:
    path = user_folders().settings_file
    path.parent.mkdir(parents=True, exist_ok=True)
    if content is FOLDER:
        path.mkdir()
    elif isinstance(content, bytes):
        path.write_bytes(content)
    return path


def _error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.strip()]


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_a_hostile_setting_is_refused_in_one_line(case: Case, capsys: pytest.CaptureFixture[str],
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    path = _write_settings(case.content)
    for name, value in case.env.items():
        monkeypatch.setenv(name, value)
    code = main(list(case.args))
    captured = capsys.readouterr()
    assert code == 2, captured.err
    lines = _error_lines(captured.err)
    assert len(lines) == 1, captured.err
    (line,) = lines
    assert line.startswith("smallville-sim: error: ")
    if case.names_the_file:
        assert str(path) in line
    for words in case.words:
        assert words in line, line
    assert "Traceback" not in captured.err + captured.out
    assert "SECRETKEY" not in captured.err + captured.out


@pytest.mark.parametrize("args", [("--workers", "10000"), ("--workers", "0"), ("--workers", "lots"),
                                  ("--step-seconds", "100000")])
def test_a_hostile_engine_option_is_refused_naming_it(args: tuple[str, ...], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main([*RUN, *args])
    err = capsys.readouterr().err
    assert exited.value.code == 2
    assert f"argument {args[0]}" in err.splitlines()[-1] and "Traceback" not in err
    if args == ("--workers", "10000"):
        assert "from 1 to 256" in err


@pytest.mark.parametrize("case", [case for case in CASES if case.name in ("not-utf8", "a-folder", "budget-typo",
                                                                          "port-out-of-range")],
                         ids=lambda case: case.name)
def test_the_installed_command_says_the_same(case: Case, tmp_path: Path) -> None:
    """The same refusals from a separate ``smallville-sim`` process, as a user's shell runs it."""
    home = tmp_path / "home"
    settings_file = home / "config" / "settings.toml"
    settings_file.parent.mkdir(parents=True)
    if case.content is FOLDER:
        settings_file.mkdir()
    else:
        assert isinstance(case.content, bytes)
        settings_file.write_bytes(case.content)
    env = {**os.environ, "SMALLVILLE_HOME": str(home)}
    result = subprocess.run([sys.executable, "-m", "agents.cli.main", *case.args], cwd=REPO_ROOT, env=env,
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 2, result.stderr
    (line,) = _error_lines(result.stderr)
    assert str(settings_file) in line and all(words in line for words in case.words)
    assert "Traceback" not in result.stderr


def test_the_settings_screen_refuses_a_typo_too(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text("[budget]\nmax_cost_usdd = 0.05\n")
    with pytest.raises(SettingsError, match="did you mean max_cost_usd"):
        settings_form.load(path)


def test_a_good_file_still_loads(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text('[model]\nbase_url = "http://u:k@127.0.0.1:11434/v1?api-key=k"\nmodel = "m"\n'
                    "[resilience]\nmax_concurrent_requests = 4\n[budget]\nmax_cost_usd = 0.05\n"
                    '[prices."m"]\nprompt_usd_per_million_tokens = 1.0\n[prompts.daily_plan]\ntemperature = 0.3\n'
                    "[simulation]\nworkers = 256\n[saves]\nautosave_slots_kept = 4\n[cache]\nenabled = false\n")
    loaded = load_settings(path)
    assert (loaded.max_concurrent_requests, loaded.budget_usd, loaded.cache_enabled) == (4, 0.05, False)
    assert load_engine_settings(path).workers == 256
    assert load_autosave_settings(path).slots_kept == 4


# ----- the property test ------------------------------------------------------------------------------

VALID = {
    "model": {"provider": "auto", "base_url": "http://127.0.0.1:11434/v1", "model": "m",
              "api_key_env": "SMALLVILLE_API_KEY", "embedder": "local", "structured_output": "auto",
              "detect_local_servers": False, "detect_timeout_seconds": 0.3},
    "resilience": {"timeout_seconds": 60.0, "deadline_seconds": 180.0, "max_retries": 6,
                   "max_concurrent_requests": 8, "failure_threshold": 5, "unreachable_give_up_seconds": 600.0},
    "cache": {"enabled": True},
    "budget": {"max_cost_usd": 2.5},
    "prices": {"m": {"prompt_usd_per_million_tokens": 0.1, "completion_usd_per_million_tokens": 0.2}},
    "prompts": {"daily_plan": {"temperature": 0.7, "max_tokens": 600}},
    "simulation": {"time_policy": "flowing", "workers": 8, "operation_timeout_seconds": 300.0, "step_seconds": 10},
    "saves": {"autosave_interval_game_minutes": 30, "autosave_slots_kept": 3},
}

_texts = st.one_of(st.text(max_size=40), st.text(min_size=900, max_size=3000),
                   st.sampled_from(["http://127.0.0.1:99999/v1", "http://[::1/v1", "http://a b/v1", "ftp://x",
                                    "http://u:KEY@h:1/v1?api-key=K", "", "offline", "flowing", "json_schema"]))
_values = st.one_of(
    st.booleans(),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(allow_nan=True, allow_infinity=True),
    _texts,
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
)
_keys = st.one_of(st.sampled_from(sorted({key for table in VALID.values() for key in table})), st.text(max_size=20))
_tables = st.one_of(st.sampled_from(sorted(VALID)), st.text(max_size=12))


@st.composite
def _mutated_document(draw: st.DrawFn) -> dict[str, object]:
    document = tomllib.loads(tomli_w.dumps(VALID))  # a deep copy
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        table = draw(_tables)
        target = document.setdefault(table, {})
        if not isinstance(target, dict) or draw(st.integers(0, 9)) == 0:
            document[table] = draw(_values)
            continue
        if table in ("prices", "prompts") and target and draw(st.booleans()):
            inner = target.setdefault(draw(st.sampled_from(sorted(target))), {})
            if isinstance(inner, dict):
                inner[draw(_keys)] = draw(_values)
            continue
        target[draw(_keys)] = draw(_values)
    return document


@st.composite
def _settings_bytes(draw: st.DrawFn) -> bytes:
    text = tomli_w.dumps(draw(_mutated_document()))
    how = draw(st.sampled_from(["as-is", "latin-1", "utf-16", "truncate", "insert-bytes", "repeat"]))
    if how == "latin-1":
        return text.encode("utf-8").decode("utf-8").encode("latin-1", errors="replace") + b"\xe9\n"
    if how == "utf-16":
        return text.encode("utf-16")
    data = text.encode("utf-8")
    if how == "truncate":
        return data[: draw(st.integers(0, len(data)))]
    if how == "insert-bytes":
        at = draw(st.integers(0, len(data)))
        return data[:at] + draw(st.binary(min_size=1, max_size=8)) + data[at:]
    if how == "repeat":
        return data * draw(st.integers(2, 3))
    return data


def _load_everything(path: Path) -> None:
    """What a run and the window read from the file, and the model choice made from it."""
    llm = load_settings(path)
    load_engine_settings(path)
    load_autosave_settings(path)
    settings_form.load(path)
    select_provider(llm, {}, detect=False)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                   HealthCheck.too_slow])
@given(data=_settings_bytes())
def test_no_mutated_settings_file_gives_anything_but_a_settings_error(data: bytes, tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_bytes(data)
    try:
        _load_everything(path)
    except SettingsError as error:
        message = str(error)
        assert message.startswith(str(path)) or "base_url" in message, message
        assert "\n" not in message.strip() or "TOML" in message, message
