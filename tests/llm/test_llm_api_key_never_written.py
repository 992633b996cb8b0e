"""A recognisable fake API key is used for real calls and appears in no file the program writes."""

from __future__ import annotations

import json
import logging
import pickle
from pathlib import Path

import pytest

from agents.llm.api_key import ApiKey, mask_secret
from agents.llm.settings import LlmSettings, load_settings, save_settings
from agents.llm.stack import build_model_stack
from agents.paths import user_folders
from agents.prompts import PROMPT_SPECS, PromptRunner
from tests.fixtures.model_server import Fault, ModelServer
from tests.fixtures.town_samples import context_for

FAKE_KEY = "sk-SMALLVILLE-FAKE-KEY-d41d8cd98f00b204e9800998ecf8427e"


def test_fake_key_is_used_but_never_written(isolated_home: Path, tmp_path: Path) -> None:
    log_file = tmp_path / "run.log"
    handler = logging.FileHandler(log_file)
    handler.setLevel(logging.DEBUG)
    root = logging.getLogger()
    previous_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        with ModelServer(required_api_key=FAKE_KEY) as server:
            server.inject(Fault.SERVER_ERROR)
            server.inject(Fault.MALFORMED_JSON)
            environ = {
                "SMALLVILLE_HOME": str(isolated_home),
                "SMALLVILLE_BASE_URL": server.base_url,
                "SMALLVILLE_MODEL": "test-model",
                "SMALLVILLE_API_KEY": FAKE_KEY,
            }
            settings = LlmSettings(
                backoff_initial_seconds=0.01, embedder="endpoint", embedding_model="test-embed"
            )
            save_settings(settings, user_folders(environ).settings_file)
            stack = build_model_stack(
                load_settings(user_folders(environ).settings_file), environ=environ, detect=False
            )
            logging.getLogger("test").info(
                "choice %r settings %r key %s", stack.choice, settings, stack.choice.api_key
            )
            logging.getLogger("test").warning("an error message quoting the key: %s", FAKE_KEY)
            runner = PromptRunner(stack.model)
            for name in PROMPT_SPECS:
                runner.run(name, context_for(name), "Isabella Rodriguez")
            stack.embedder.embed(["Isabella plans a party", "Klaus studies"])
            summary = {"llm": stack.snapshot().to_dict(), "prompts": runner.counters_snapshot().to_dict()}
            (isolated_home / "data").mkdir(parents=True, exist_ok=True)
            (isolated_home / "data" / "summary.json").write_text(json.dumps(summary))
            (isolated_home / "data" / "save.pickle").write_bytes(pickle.dumps(summary))
            stack.close()
            assert set(server.stats.authorization_headers) == {f"Bearer {FAKE_KEY}"}
            assert server.stats.chat_requests >= len(PROMPT_SPECS) + 2
    finally:
        root.removeHandler(handler)
        root.setLevel(previous_level)
        handler.close()
    written = [path for path in [*isolated_home.rglob("*"), log_file] if path.is_file()]
    assert {path.name for path in written} >= {
        "settings.toml",
        "llm_cache.sqlite3",
        "run.log",
        "summary.json",
    }
    for path in written:
        data = path.read_bytes()
        assert FAKE_KEY.encode() not in data, path
        assert FAKE_KEY[8:-8].encode() not in data, path
    assert mask_secret(FAKE_KEY) in log_file.read_text()


def test_the_key_masks_itself_and_refuses_pickling() -> None:
    key = ApiKey(FAKE_KEY)
    assert FAKE_KEY not in repr(key) and FAKE_KEY not in str(key) and FAKE_KEY not in f"{key}"
    assert repr(key) == "ApiKey(sk-...427e)"
    with pytest.raises(TypeError):
        pickle.dumps(key)
    settings = LlmSettings(api_key=key)
    assert FAKE_KEY not in repr(settings)
