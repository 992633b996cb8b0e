"""The [simulation] settings and the command line choose the time policy and the workers; a broken
value names the file and the field; saving the model settings keeps the [simulation] table."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from agents.cli.engine_options import add_engine_arguments, engine_settings_for
from agents.engine.engine_settings import EngineSettings, TimePolicy, load_engine_settings
from agents.llm.settings import LlmSettings, SettingsError, save_settings
from agents.paths import user_folders


def test_defaults_when_there_is_no_file(tmp_path: Path) -> None:
    assert load_engine_settings(tmp_path / "missing.toml") == EngineSettings()
    assert EngineSettings().time_policy is TimePolicy.EVERY_STEP_DECIDED and EngineSettings().workers == 8


def test_the_simulation_table_is_read(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text('[simulation]\ntime_policy = "flowing"\nworkers = 16\noperation_timeout_seconds = 90\n')
    assert load_engine_settings(path) == EngineSettings(TimePolicy.FLOWING, 16, 90.0)


@pytest.mark.parametrize(("text", "named"), [
    ('time_policy = "sometimes"', "time_policy"),
    ("workers = 0", "workers"),
    ('workers = "many"', "workers"),
    ("speed = 3", "speed"),
    ("step_seconds = 0", "step_seconds"),
    ("step_seconds = 3600", "step_seconds"),
])
def test_a_bad_value_names_the_file_and_the_field(tmp_path: Path, text: str, named: str) -> None:
    path = tmp_path / "settings.toml"
    path.write_text(f"[simulation]\n{text}\n")
    with pytest.raises(SettingsError) as raised:
        load_engine_settings(path)
    assert str(path) in str(raised.value) and named in str(raised.value)


def test_the_command_line_overrides_the_file(isolated_user_folders: Path) -> None:
    settings_file = user_folders().settings_file
    settings_file.parent.mkdir(parents=True, exist_ok=True)
    settings_file.write_text('[simulation]\ntime_policy = "flowing"\nworkers = 3\n')
    parser = argparse.ArgumentParser()
    add_engine_arguments(parser)
    assert engine_settings_for(parser.parse_args([])) == EngineSettings(TimePolicy.FLOWING, 3)
    chosen = engine_settings_for(parser.parse_args(["--workers", "16", "--time-policy", "every-step-decided"]))
    assert chosen == EngineSettings(TimePolicy.EVERY_STEP_DECIDED, 16)
    with pytest.raises(SystemExit):
        parser.parse_args(["--workers", "0"])
    assert engine_settings_for(parser.parse_args(["--step-seconds", "60"])).step_seconds == 60
    with pytest.raises(SystemExit):
        parser.parse_args(["--step-seconds", "0"])


def test_saving_the_model_settings_keeps_the_simulation_table(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text('[simulation]\nworkers = 12\n\n[model]\nmodel = "old"\n')
    save_settings(LlmSettings(model="new"), path)
    assert load_engine_settings(path).workers == 12
    assert 'model = "new"' in path.read_text()
