"""A property test (issue 14): persona and scenario files mutated at random (a field's type, range,
length or encoding; keys added or removed; bytes garbled) never give anything but a
WorldFormatError, and what loads builds a town (or is refused by the town the same way)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agents.engine.mind_services_factory import offline_services
from agents.engine.simulation import Simulation
from agents.paths import shipped_worlds_dir
from agents.world.errors import WorldFormatError
from agents.world.scenario import PERSONA_KEYS, SCENARIO_KEYS, load_scenario
from agents.world.world_folder import load_world_folder

SHIPPED = shipped_worlds_dir() / "smallville"
WORLD = load_world_folder(SHIPPED)
SERVICES = offline_services()

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(min_value=-(10 ** 30), max_value=10 ** 30)
    | st.floats(allow_nan=False) | st.text(max_size=40)
    | st.sampled_from(["", " ", "../../x", "a/b", "9999-12-31T23:59:59", "0001-01-01T00:00:00", "x" * 30_000,
                       "2023-02-13T00:00:00+05:00", "\x00", "Isabella Rodriguez", "characters/x.png"]),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12)


@st.composite
def mutation(draw: st.DrawFn) -> tuple[str, str, Any]:
    """(which file, which key, the new value): a key of the file given a new value, removed (None
    value of the marker), or a new key."""
    target = draw(st.sampled_from(["persona", "scenario"]))
    keys = PERSONA_KEYS if target == "persona" else SCENARIO_KEYS
    key = draw(st.sampled_from(keys) | st.text(min_size=1, max_size=12))
    value = draw(st.just("<removed>") | json_values)
    return target, key, value


def copy_scenario(tmp_path: Path) -> tuple[Path, Path, Path]:
    world = tmp_path / "world"
    if world.exists():
        shutil.rmtree(world)
    shutil.copytree(SHIPPED, world)
    scenario = world / "scenarios" / "three"
    return world, scenario / "scenario.json", scenario / "personas" / "Isabella_Rodriguez.json"


def loads_or_refuses(scenario_folder: Path) -> None:
    try:
        scenario = load_scenario(scenario_folder)
    except WorldFormatError as error:
        assert str(error).startswith(str(error.path)) and "\n" not in str(error)
        return
    try:
        Simulation.create(WORLD.world_map, scenario, SERVICES, seed=0)
    except WorldFormatError as error:
        assert error.where == "field spawn_tile"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(changes=st.lists(mutation(), min_size=1, max_size=3))
def test_a_mutated_persona_or_scenario_file_loads_or_is_refused_in_one_line(
        changes: list[tuple[str, str, Any]], tmp_path: Path) -> None:
    _, scenario_path, persona_path = copy_scenario(tmp_path)
    for target, key, value in changes:
        path = persona_path if target == "persona" else scenario_path
        data = json.loads(path.read_text(encoding="utf-8"))
        if value == "<removed>":
            data.pop(key, None)
        else:
            data[key] = value
        path.write_text(json.dumps(data), encoding="utf-8")
    loads_or_refuses(scenario_path.parent)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cut=st.integers(min_value=0, max_value=2000), garbage=st.binary(max_size=40),
       encoding=st.sampled_from(["utf-8", "utf-16", "latin-1"]), target=st.sampled_from(["persona", "scenario"]))
def test_a_garbled_or_re_encoded_file_is_refused_in_one_line(cut: int, garbage: bytes, encoding: str, target: str,
                                                              tmp_path: Path) -> None:
    _, scenario_path, persona_path = copy_scenario(tmp_path)
    path = persona_path if target == "persona" else scenario_path
    text = path.read_text(encoding="utf-8").replace("a", "\u00e4", 1)  # one letter that encodings disagree on
    raw = text.encode(encoding)
    path.write_bytes(raw[:cut] + garbage + raw[cut:])
    loads_or_refuses(scenario_path.parent)
