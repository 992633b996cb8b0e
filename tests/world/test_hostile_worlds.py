"""Broken and hostile worlds, each run as a user would run it (issue 14, part A): ``world info``,
``run`` and the window's ``--screenshot`` on a copy of the shipped world broken in one place. Every
refusal is exit 2 with one line naming the file and the field; nothing escapes as a traceback; and
``world info`` reports whatever ``run`` or the window refuse, so "problems: none" means it loads."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from agents.cli.main import EXIT_INPUT_ERROR
from agents.cli.main import main as sim_main
from agents.paths import shipped_worlds_dir
from game.__main__ import main as game_main

SHIPPED = shipped_worlds_dir() / "smallville"
SCENARIO = "three"
PERSONA = "Isabella_Rodriguez"


def persona_path(world: Path) -> Path:
    return world / "scenarios" / SCENARIO / "personas" / f"{PERSONA}.json"


def scenario_path(world: Path) -> Path:
    return world / "scenarios" / SCENARIO / "scenario.json"


def edit_json(path: Path, change: Callable[[dict], None]) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data), encoding="utf-8")


def edit_map(world: Path, old: str, new: str, count: int = 1) -> None:
    path = world / "map.tmx"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def many_layers(world: Path) -> None:
    path = world / "map.tmx"
    text = path.read_text(encoding="utf-8")
    layer = '<layer id="{0}" name="extra {0}" width="140" height="100"><data encoding="csv">0</data></layer>'
    extra = "".join(layer.format(900 + index) for index in range(70))
    path.write_text(text.replace("</map>", extra + "</map>"), encoding="utf-8")


def truncate(path: Path, keep_bytes: int) -> None:
    path.write_bytes(path.read_bytes()[:keep_bytes])


@dataclass(frozen=True)
class Case:
    """One broken world: how it is broken, and what each command must say. ``refused``: the
    commands that exit 2 with every one of ``says`` in their one error line; ``reported``: what
    ``world info`` lists as a problem when it does load the world."""

    name: str
    breaks: Callable[[Path], None]
    says: tuple[str, ...]
    refused: frozenset[str]
    reported: tuple[str, ...] = ()
    outside: Callable[[Path], Path] | None = None  # a file outside the world that a name leads to
    extra: dict[str, str] = field(default_factory=dict)


ALL = frozenset({"info", "run", "screenshot"})
TOWN = frozenset({"run", "screenshot"})  # world info loads the map and reports the scenario's problem
CASES = [
    Case("huge map", lambda w: edit_map(w, 'width="140" height="100"', 'width="100000" height="100000"'),
         ("map.tmx", "map width", "100,000"), ALL),
    Case("huge area", lambda w: edit_map(w, 'width="140" height="100"', 'width="1000" height="1000"'),
         ("map.tmx", "area", "1000 x 1000"), ALL),
    Case("too many layers", many_layers, ("map.tmx", "more than 64 layers"), ALL),
    Case("tile size", lambda w: edit_map(w, 'tilewidth="32" tileheight="32" infinite', 'tilewidth="4000" tileheight="4000" infinite'),
         ("map.tmx", "tile size"), ALL),
    Case("truncated map", lambda w: truncate(w / "map.tmx", 5000), ("map.tmx", "line"), ALL),
    Case("tileset image outside", lambda w: edit_map(w, 'source="town_tiles.png"', 'source="../outside.png"'),
         ("map.tmx", "../outside.png", "leads outside"), ALL, outside=lambda w: w.parent / "outside.png"),
    Case("missing tsx", lambda w: edit_map(w, '<tileset firstgid="1" name="town"', '<tileset firstgid="1" source="gone.tsx" name="town"'),
         ("map.tmx", "gone.tsx", "is not there"), ALL),
    Case("corrupt tileset", lambda w: truncate(w / "town_tiles.png", 3000), ("town_tiles.png", "cut short"),
         frozenset({"screenshot"}), reported=("town_tiles.png is cut short",)),
    Case("missing tileset", lambda w: (w / "town_tiles.png").unlink(), ("town_tiles.png", "is missing"),
         frozenset({"screenshot"}), reported=("town_tiles.png is missing",)),
    Case("corrupt character sheet", lambda w: truncate(w / "characters" / f"{PERSONA}.png", 200), (),
         frozenset(), reported=(f"{PERSONA}.png is cut short", "plain figure")),
    Case("spawn outside the map", lambda w: edit_json(persona_path(w), lambda d: d.update(spawn_tile=[5000, 3])),
         (f"{PERSONA}.json", "field spawn_tile", "outside the map"), TOWN, reported=("(5000, 3) is outside the map",)),
    Case("year 9999", lambda w: edit_json(scenario_path(w), lambda d: d.update(start_time="9999-12-31T23:00:00")),
         ("scenario.json", "field start_time", "9999"), TOWN, reported=("does not load", "9999")),
    Case("huge step", lambda w: edit_json(scenario_path(w), lambda d: d.update(step_seconds=10 ** 15)),
         ("scenario.json", "field step_seconds"), TOWN, reported=("field step_seconds",)),
    Case("unknown scenario key", lambda w: edit_json(scenario_path(w), lambda d: d.update(step_second=10)),
         ("scenario.json", "step_second", "did you mean step_seconds?"), TOWN, reported=("did you mean step_seconds?",)),
    Case("unknown persona key", lambda w: edit_json(persona_path(w), lambda d: d.update(lifestlye="x")),
         (f"{PERSONA}.json", "did you mean lifestyle?"), TOWN, reported=("did you mean lifestyle?",)),
    Case("duplicate resident", lambda w: edit_json(scenario_path(w), lambda d: d["residents"].append(d["residents"][0])),
         ("scenario.json", "field residents, entry 4", "listed twice"), TOWN, reported=("listed twice",)),
    Case("history row for a stranger", lambda w: (w / "scenarios" / SCENARIO / "history.csv").open("a").write(
        "Zed Nobody,likes tea\n"), ("history.csv", "line", "Zed Nobody", "not a resident"), TOWN,
         reported=("not a resident",)),
    Case("resident name with ../", lambda w: edit_json(scenario_path(w), lambda d: d["residents"].__setitem__(0, "../../../evil")),
         ("scenario.json", "field residents, entry 1", "holds '/'"), TOWN, reported=("which a file name cannot",),
         outside=lambda w: w.parent.parent / "evil.json"),
    Case("history csv outside", lambda w: edit_json(scenario_path(w), lambda d: d.update(history_csv="../../../secret.csv")),
         ("scenario.json", "field history_csv", "leads outside"), TOWN, reported=("leads outside",),
         outside=lambda w: w.parent / "secret.csv"),
    Case("sprite outside", lambda w: edit_json(persona_path(w), lambda d: d.update(sprite="../../x.png")),
         (f"{PERSONA}.json", "field sprite", "leads outside"), TOWN, reported=("field sprite",)),
    Case("persona text too long", lambda w: edit_json(persona_path(w), lambda d: d.update(innate="kind " * 10_000)),
         (f"{PERSONA}.json", "field innate", "characters long"), TOWN, reported=("field innate",)),
    Case("persona of the wrong type", lambda w: edit_json(persona_path(w), lambda d: d.update(age="old")),
         (f"{PERSONA}.json", "field age"), TOWN, reported=("field age",)),
]


def broken_world(tmp_path: Path, case: Case) -> Path:
    world = tmp_path / "worlds" / "broken"
    shutil.copytree(SHIPPED, world)
    if case.outside is not None:
        outside = case.outside(world)
        outside.parent.mkdir(parents=True, exist_ok=True)
        outside.write_bytes((SHIPPED / "town_tiles.png").read_bytes() if outside.suffix == ".png" else b"Name,Whisper\n")
    case.breaks(world)
    return world


def one_error_line(stderr: str) -> str:
    errors = [line for line in stderr.splitlines() if "error:" in line]
    assert len(errors) == 1, f"expected one error line, got: {stderr!r}"
    assert "Traceback" not in stderr
    return errors[0]


def run_command(command: str, world: Path, tmp_path: Path) -> list[str]:
    if command == "info":
        return ["world", "info", str(world)]
    if command == "run":
        return ["run", "--world", str(world), "--scenario", SCENARIO, "--hours", "0.01", "--model", "offline",
                "--summary", str(tmp_path / "summary.json")]
    return ["--world", str(world), "--scenario", SCENARIO, "--screenshot", str(tmp_path / "shot.png")]


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_each_broken_world_is_refused_in_one_line_or_reported(case: Case, tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    world = broken_world(tmp_path, case)
    before = files_outside(tmp_path, world)
    for command in ("info", "run", "screenshot"):
        main = game_main if command == "screenshot" else sim_main
        code = main(run_command(command, world, tmp_path))
        out, err = capsys.readouterr()
        if command in case.refused:
            assert code == EXIT_INPUT_ERROR, f"{command}: exit {code}, said {err!r}"
            line = one_error_line(err)
            for words in case.says:
                assert words in line, f"{command}: {words!r} not in {line!r}"
        else:
            assert code == 0, f"{command}: exit {code}, said {err!r}"
            assert "Traceback" not in err
        if command == "info" and command not in case.refused:
            problems = out.split("problems", 1)[1]
            for words in case.reported:
                assert words in problems, f"world info does not report {words!r}: {problems!r}"
            if not case.reported:
                assert problems.strip() == "none"
    assert files_outside(tmp_path, world) == before, "a file outside the world folder was written"


def files_outside(tmp_path: Path, world: Path) -> dict[str, int]:
    """Every file under ``tmp_path`` outside ``world`` but the commands' own outputs (the summary and
    the screenshot) and the per-test user folders, with its modification time."""
    outputs = {tmp_path / "summary.json", tmp_path / "summary.md", tmp_path / "shot.png"}
    return {str(path): path.stat().st_mtime_ns for path in tmp_path.rglob("*")
            if path.is_file() and world not in path.parents and path not in outputs}

def test_an_unbroken_copy_has_no_problems_and_runs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The control case: the same copy, unbroken, reports "problems: none" and every command works."""
    world = tmp_path / "worlds" / "fine"
    shutil.copytree(SHIPPED, world)
    assert sim_main(["world", "info", str(world)]) == 0
    assert re.search(r"problems\s+none", capsys.readouterr().out)
    assert sim_main(run_command("run", world, tmp_path)) == 0
    assert game_main(run_command("screenshot", world, tmp_path)) == 0
    assert (tmp_path / "shot.png").is_file()


@pytest.mark.slow
def test_no_traceback_reaches_the_screen_in_a_real_process(tmp_path: Path) -> None:
    """Three of the cases through the installed entry points, as separate processes: stderr holds
    one error line and no traceback."""
    for case in (CASES[0], CASES[10], CASES[17]):
        world = broken_world(tmp_path / case.name.replace(" ", "_"), case)
        for command in sorted(case.refused):
            argv = run_command(command, world, tmp_path)
            program = [sys.executable, "-m", "game"] if command == "screenshot" else [sys.executable, "-m", "agents.cli.main"]
            done = subprocess.run([*program, *argv], check=False, capture_output=True, text=True, timeout=120)
            assert done.returncode == EXIT_INPUT_ERROR, (case.name, command, done.stderr)
            one_error_line(done.stderr)
