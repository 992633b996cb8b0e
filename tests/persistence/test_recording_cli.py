"""``smallville-sim replay list`` and ``replay export``: the listing says what each recording is; the
export is the JSON the issue describes, every resident in every step, equal to what the live town
showed; bad names, times and ranges are one line naming the argument (exit status 2)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from agents.cli.main import main
from agents.cognition.services import MindServices
from tests.persistence.recording_runs import RecordedRun, record_run

STEPS = 12 * 360 + 180  # to 12:30: the first conversations of the day are under way


@pytest.fixture(scope="module")
def recorded(services: MindServices, tmp_path_factory: pytest.TempPathFactory) -> RecordedRun:
    return record_run(services, tmp_path_factory.mktemp("recordings"), steps=STEPS, interview_step=-1,
                      view_steps=set(), hash_steps=set(), name="noon")


def run_cli(*argv: str) -> int:
    return main(list(argv))


def test_replay_list_says_what_each_recording_is(recorded: RecordedRun, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli("replay", "list", "--recordings-dir", str(recorded.recordings_dir)) == 0
    line = capsys.readouterr().out.strip()
    assert line.startswith("noon: the Ville / three, 3 residents, steps 0-4500 (4501 steps of 10 s)")
    assert "Mon 2023-02-13 00:00 to Mon 2023-02-13 12:30" in line and " MB" in line


def test_replay_list_of_an_empty_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli("replay", "list", "--recordings-dir", str(tmp_path)) == 0
    assert capsys.readouterr().out.strip() == f"no recordings in {tmp_path}"


@pytest.mark.parametrize(("start", "end", "first", "last"), [
    ("12:00", "12:30", 4320, 4500),
    ("4400", "4410", 4400, 4410),
    ("2023-02-13T12:10", "2023-02-13 12:10:30", 4380, 4383),
])
def test_replay_export_writes_every_resident_in_every_step(recorded: RecordedRun, tmp_path: Path, start: str,
                                                            end: str, first: int, last: int) -> None:
    out = tmp_path / "window.json"
    assert run_cli("replay", "export", "noon", "--from", start, "--to", end, "--out", str(out),
                   "--recordings-dir", str(recorded.recordings_dir)) == 0
    document = json.loads(out.read_text(encoding="utf-8"))
    assert set(document) == {"world", "scenario", "step_seconds", "steps"}
    assert (document["world"], document["scenario"], document["step_seconds"]) == ("the Ville", "three", 10)
    assert [s["step"] for s in document["steps"]] == list(range(first, last + 1))
    for entry in document["steps"]:
        live = recorded.frames[entry["step"]]
        assert entry["time"] == live.now.isoformat()
        assert set(entry["residents"]) == {r.name for r in live.residents}
        for resident in live.residents:
            exported = entry["residents"][resident.name]
            assert set(exported) == {"tile", "action", "emoji", "place", "chat"}
            assert exported["tile"] == list(resident.tile)
            assert (exported["action"], exported["emoji"], exported["place"]) == \
                (resident.activity, resident.emoji, resident.address)
            assert exported["chat"] == ([list(line) for line in resident.chat] if resident.chat else None)


def test_the_export_of_noon_holds_a_conversation(recorded: RecordedRun, tmp_path: Path) -> None:
    out = tmp_path / "noon.json"
    assert run_cli("replay", "export", "noon", "--from", "12:00", "--to", "12:30", "--out", str(out),
                   "--recordings-dir", str(recorded.recordings_dir)) == 0
    chats = [r["chat"] for s in json.loads(out.read_text())["steps"] for r in s["residents"].values() if r["chat"]]
    assert chats and all(isinstance(line, list) and len(line) == 2 for chat in chats for line in chat)


@pytest.mark.parametrize(("argv", "named", "said"), [
    (["nobody", "--from", "1", "--to", "2"], "NAME 'nobody'", "there is no recording named 'nobody'"),
    (["bad name!", "--from", "1", "--to", "2"], "NAME 'bad name!'", "a slot name must be"),
    (["noon", "--from", "25:00", "--to", "2"], "--from '25:00'", "is not a time of day"),
    (["noon", "--from", "soon", "--to", "2"], "--from 'soon'", "is not a moment of the recording"),
    (["noon", "--from", "1", "--to", "99999"], "--to '99999'", "step 99999 is not in recording 'noon'"),
    (["noon", "--from", "2023-02-14 09:00", "--to", "2"], "--from '2023-02-14 09:00'", "is not in recording"),
    (["noon", "--from", "12:00", "--to", "11:00"], "--to '11:00'", "comes before --from"),
])
def test_bad_export_arguments_are_one_line_naming_the_argument(recorded: RecordedRun, tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str], argv: list[str],
                                                               named: str, said: str) -> None:
    out = tmp_path / "never.json"
    assert run_cli("replay", "export", *argv, "--out", str(out), "--recordings-dir", str(recorded.recordings_dir)) == 2
    error = capsys.readouterr().err.strip()
    assert error.startswith(f"smallville-sim: error: {named}: ") and said in error and "\n" not in error
    assert not out.exists()
