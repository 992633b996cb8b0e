"""Reading the original's runs: both layouts, gaps, times, descriptions split into action and
place, and bad input refused or skipped with warnings naming the file (never a traceback)."""

from __future__ import annotations

import json
import shutil
from datetime import datetime
from pathlib import Path

import pytest

from agents.persistence.original_run_entries import RunWarning, split_description
from agents.persistence.original_runs import (
    COMPRESSED_STORAGE,
    STORAGE,
    OriginalRun,
    StepGap,
    read_original_run,
)
from agents.world.errors import WorldFormatError
from agents.world.tmx_loader import load_world_map
from tests.persistence.original_run_files import (
    ISABELLA,
    KLAUS,
    MARIA,
    compress_storage,
    entry,
    synthetic_steps,
    write_meta,
    write_step,
    write_storage_run,
)
from tests.world.tiny_world import TOWN_ARENAS, TOWN_SKETCH, write_tiny_world

SAMPLE_NAME = "July1_the_ville_isabella_maria_klaus-step-3-20"


@pytest.fixture()
def storage_run(tmp_path: Path) -> Path:
    return write_storage_run(tmp_path / "storage" / "July1_synthetic")


@pytest.fixture(scope="session")
def sample_run(original_source: Path) -> Path:
    return original_source / "recordings" / "storage_sample" / SAMPLE_NAME


def warnings_about(run: OriginalRun, text: str) -> list[RunWarning]:
    return [warning for warning in run.warnings if text in str(warning)]


# -- the synthetic storage folder (runs everywhere, CI included) ------------------------------


def test_storage_run_keeps_steps_times_and_every_resident(storage_run: Path) -> None:
    run = read_original_run(storage_run)
    assert run.meta.layout == STORAGE and run.meta.sim_code == "July1_synthetic"
    assert run.meta.step_seconds == 10 and run.meta.maze_name == "the_ville" and run.meta.curr_step == 6
    assert run.meta.persona_names == (ISABELLA, MARIA, KLAUS)
    assert run.steps == (0, 1, 2, 5, 6, 7) and run.warnings == ()
    assert [frame.time for frame in run.frames][3] == datetime(2023, 2, 13, 0, 0, 50)
    assert all(set(frame.residents) == {ISABELLA, MARIA, KLAUS} for frame in run.frames)
    assert [frame.changed for frame in run.frames] == [
        (ISABELLA, MARIA, KLAUS), (KLAUS,), (ISABELLA,), (ISABELLA, MARIA, KLAUS), (MARIA, KLAUS), ()]
    klaus = run.frames[1].residents[KLAUS]
    assert klaus.tile == (127, 47) and klaus.emoji == "📖" and klaus.action == "reading"
    assert klaus.place == "the Ville:Dorm for Oak Hill College:Klaus Mueller's room:desk" and klaus.chat is None


def test_a_gap_keeps_the_original_step_numbers_and_holds_the_last_state(storage_run: Path) -> None:
    run = read_original_run(storage_run)
    assert run.gaps == (StepGap(3, 4),) and run.gaps[0].steps == 2
    assert run.frame_at(4).step == 2 and run.frame_at(5).step == 5 and run.frame_at(100).step == 7
    assert run.frame_at(4).residents[ISABELLA].tile == (74, 14)
    with pytest.raises(KeyError):
        run.frame_at(-1)


def test_descriptions_split_into_action_and_place() -> None:
    cafe = split_description("serving customers at the cafe counter (to-go) @ the Ville:Hobbs Cafe:cafe:kitchen sink")
    assert cafe.action == "serving customers at the cafe counter (to-go)"
    assert cafe.place == "the Ville:Hobbs Cafe:cafe:kitchen sink" and cafe.chat_with == ""
    wander = split_description("walking @ the Ville:Oak Hill College:hallway:<random>")
    assert wander.place == "the Ville:Oak Hill College:hallway"
    talk = split_description("conversing about a paper @ <persona> Klaus Mueller")
    assert (talk.action, talk.place, talk.chat_with) == ("conversing about a paper", "", "Klaus Mueller")
    assert split_description("waiting to start lunch @ <waiting> 73 14").place == ""
    assert split_description("just standing").action == "just standing"
    assert split_description("a @ b @ the Ville:Park").action == "a @ b"


def test_chat_lines_and_partner(storage_run: Path) -> None:
    maria = read_original_run(storage_run).frame_at(6).residents[MARIA]
    assert maria.chat == ((KLAUS, "Hey Maria!"), (MARIA, "Hi!")) and maria.chat_with == KLAUS
    assert maria.place == "" and maria.emoji == "💬"


def test_compressed_layout_gives_the_same_frames(storage_run: Path, tmp_path: Path) -> None:
    compressed = compress_storage(storage_run, tmp_path / "compressed_storage" / "July1_synthetic")
    master = json.loads((compressed / "master_movement.json").read_text(encoding="utf-8"))
    assert master["7"] == {} and set(master["1"]) == {KLAUS}  # what the original's compression writes
    from_storage, from_compressed = read_original_run(storage_run), read_original_run(compressed)
    assert from_compressed.meta.layout == COMPRESSED_STORAGE and from_compressed.warnings == ()
    assert from_compressed.frames == from_storage.frames


def test_a_file_path_names_its_run_folder(storage_run: Path, tmp_path: Path) -> None:
    assert read_original_run(storage_run / "reverie" / "meta.json").folder == storage_run
    compressed = compress_storage(storage_run, tmp_path / "compressed")
    assert read_original_run(compressed / "master_movement.json").folder == compressed


# -- bad input --------------------------------------------------------------------------------


def test_missing_meta_or_movement_is_refused_naming_the_file(storage_run: Path, tmp_path: Path) -> None:
    (storage_run / "reverie" / "meta.json").unlink()
    with pytest.raises(WorldFormatError, match=r"reverie/meta\.json: file not found"):
        read_original_run(storage_run)
    base = tmp_path / "base_the_ville"
    write_meta(base / "reverie" / "meta.json")
    with pytest.raises(WorldFormatError, match=r"movement: folder not found.*base simulation"):
        read_original_run(base)
    with pytest.raises(WorldFormatError, match=r"no reverie/meta\.json, movement/, meta\.json or master_movement"):
        read_original_run(tmp_path / "storage")  # the parent, not a run
    with pytest.raises(WorldFormatError, match="folder not found"):
        read_original_run(tmp_path / "nowhere")


def test_compressed_folder_missing_a_file_is_refused(storage_run: Path, tmp_path: Path) -> None:
    compressed = compress_storage(storage_run, tmp_path / "compressed")
    (compressed / "master_movement.json").unlink()
    with pytest.raises(WorldFormatError, match=r"master_movement\.json: file not found"):
        read_original_run(compressed)
    compress_storage(storage_run, compressed)
    (compressed / "meta.json").unlink()
    with pytest.raises(WorldFormatError, match=r"meta\.json: file not found"):
        read_original_run(compressed)


def test_bad_meta_fields_are_refused_naming_the_field(tmp_path: Path) -> None:
    for overrides, field in (({"sec_per_step": "10"}, "sec_per_step"), ({"persona_names": []}, "persona_names"),
                             ({"start_date": "13/02/2023"}, "start_date"), ({"step": -3}, "field step")):
        folder = write_storage_run(tmp_path / field)
        write_meta(folder / "reverie" / "meta.json", **overrides)
        with pytest.raises(WorldFormatError, match=field) as caught:
            read_original_run(folder)
        assert str(folder / "reverie" / "meta.json") in str(caught.value)


def test_meta_without_start_date_starts_from_curr_time_minus_steps(storage_run: Path) -> None:
    meta_path = storage_run / "reverie" / "meta.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    del meta["start_date"]
    meta_path.write_text(json.dumps(meta), encoding="utf-8")
    run = read_original_run(storage_run)
    assert run.meta.start_time == datetime(2023, 2, 13) and run.warnings == ()


def test_a_step_that_is_not_json_is_skipped_naming_file_and_line(storage_run: Path) -> None:
    broken = storage_run / "movement" / "1.json"
    broken.write_text('{\n  "persona": {\n    "Maria Lopez": oops\n}', encoding="utf-8")
    run = read_original_run(storage_run)
    assert run.steps == (0, 2, 5, 6, 7)
    [warning] = run.warnings
    assert warning.file == broken and warning.where == "line 3, column 20"
    assert "not valid JSON" in warning.problem and "skipped" in warning.problem
    assert run.frames[1].changed == (ISABELLA, KLAUS)  # step 2 against step 0


def test_master_movement_that_is_not_json_is_refused_naming_the_line(storage_run: Path, tmp_path: Path) -> None:
    compressed = compress_storage(storage_run, tmp_path / "compressed")
    (compressed / "master_movement.json").write_text('{"0": {}\n,,}', encoding="utf-8")
    with pytest.raises(WorldFormatError, match=r"master_movement\.json, line 2, column 2: not valid JSON"):
        read_original_run(compressed)


def test_wrong_types_in_fields_are_skipped_with_warnings_naming_the_field(tmp_path: Path) -> None:
    steps = synthetic_steps()
    steps[1][KLAUS]["movement"] = [127, "47"]
    steps[1][MARIA]["chat"] = "hello"
    steps[2][ISABELLA]["description"] = None
    steps[5][KLAUS]["pronunciatio"] = 7
    steps[6][MARIA] = ["not", "an", "object"]
    folder = write_storage_run(tmp_path / "typed", steps)
    run = read_original_run(folder)
    wheres = {(warning.file.name, warning.where) for warning in run.warnings}
    assert wheres == {("1.json", "field persona.Klaus Mueller.movement"), ("1.json", "field persona.Maria Lopez.chat"),
                      ("2.json", "field persona.Isabella Rodriguez.description"),
                      ("5.json", "field persona.Klaus Mueller.pronunciatio"), ("6.json", "field persona.Maria Lopez")}
    assert run.frame_at(1).residents[KLAUS].tile == (127, 46)  # the last known state holds
    assert run.frame_at(2).residents[ISABELLA].tile == (73, 14)


def test_a_compressed_step_of_the_wrong_type_is_skipped(storage_run: Path, tmp_path: Path) -> None:
    compressed = compress_storage(storage_run, tmp_path / "compressed")
    master_path = compressed / "master_movement.json"
    master = json.loads(master_path.read_text(encoding="utf-8"))
    master["1"] = [1, 2]
    master["later"] = {}
    master["2"][ISABELLA]["movement"] = None
    master_path.write_text(json.dumps(master), encoding="utf-8")
    run = read_original_run(compressed)
    assert run.steps == (0, 2, 5, 6, 7)
    assert {warning.where for warning in run.warnings} == {
        "step 1", "key 'later'", "step 2, persona.Isabella Rodriguez.movement"}
    assert all(warning.file == master_path for warning in run.warnings)


def test_residents_unknown_to_the_meta_or_the_world_are_warned_once(tmp_path: Path) -> None:
    steps = synthetic_steps()
    for personas in steps.values():
        personas["Tom Moreno"] = entry(10, 10, "idle @ the Ville:Park")
    folder = write_storage_run(tmp_path / "extra", steps)
    run = read_original_run(folder, known_residents={ISABELLA, MARIA})
    [unlisted] = warnings_about(run, "Tom Moreno")
    assert unlisted.file == folder / "movement" / "0.json" and "persona_names" in unlisted.problem
    [stranger] = warnings_about(run, "Klaus Mueller is not a resident of the world")
    assert stranger.file == folder / "movement" / "0.json" and stranger.where == "field persona.Klaus Mueller"
    assert KLAUS in run.frames[0].residents and "Tom Moreno" not in run.frames[0].residents


def test_a_resident_missing_from_a_step_keeps_the_last_state(tmp_path: Path) -> None:
    steps = synthetic_steps()
    del steps[2][MARIA]
    del steps[5][MARIA]
    steps[6].pop(MARIA)
    steps[7].pop(MARIA)
    steps[0]["Ghost Resident"] = "nope"
    folder = write_storage_run(tmp_path / "missing", steps, names=(ISABELLA, MARIA, KLAUS, "Ghost Resident"))
    run = read_original_run(folder)
    assert run.frame_at(7).residents[MARIA].tile == (123, 57)
    assert len(warnings_about(run, "no entry for Maria Lopez")) == 4
    assert warnings_about(run, "Ghost Resident has no readable entry in any step")
    assert run.resident_names == (ISABELLA, MARIA, KLAUS)


def test_tiles_off_the_map_are_skipped(tmp_path: Path) -> None:
    world = load_world_map(write_tiny_world(tmp_path / "world", TOWN_SKETCH, TOWN_ARENAS))
    steps = {0: {ISABELLA: entry(1, 1, "cooking @ Tinytown:Cafe:kitchen"), MARIA: entry(2, 2, "idle"),
                 KLAUS: entry(3, 3, "idle")},
             1: {ISABELLA: entry(1, 1, "cooking @ Tinytown:Cafe:kitchen"), MARIA: entry(20, 2, "idle"),
                 KLAUS: entry(3, 3, "idle")}}
    run = read_original_run(write_storage_run(tmp_path / "run", steps), world_map=world)
    [warning] = run.warnings
    assert warning.file.name == "1.json" and "outside the 10 x 7 map" in warning.problem
    assert run.frame_at(1).residents[MARIA].tile == (2, 2)


def test_a_run_with_no_readable_step_is_refused(tmp_path: Path) -> None:
    folder = write_storage_run(tmp_path / "empty", {})
    (folder / "movement").mkdir(exist_ok=True)
    write_step(folder, 0, {})
    (folder / "movement" / "1.json").write_text("[", encoding="utf-8")
    (folder / "movement" / "notes.txt").write_text("hello", encoding="utf-8")
    with pytest.raises(WorldFormatError, match="no step of this run could be read"):
        read_original_run(folder)


def test_step_times_that_disagree_are_warned(storage_run: Path) -> None:
    path = storage_run / "movement" / "5.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["meta"]["curr_time"] = "February 13, 2023, 07:00:00"
    path.write_text(json.dumps(data), encoding="utf-8")
    run = read_original_run(storage_run)
    [warning] = run.warnings
    assert warning.file == path and "disagrees" in warning.problem
    assert run.frame_at(5).time == datetime(2023, 2, 13, 0, 0, 50)


def test_a_step_file_that_is_not_a_regular_file_is_skipped(storage_run: Path) -> None:
    target = storage_run / "movement" / "1.json"
    target.unlink()
    target.mkdir()
    run = read_original_run(storage_run)
    assert run.steps == (0, 2, 5, 6, 7) and warnings_about(run, "1.json: cannot read")


# -- the original's own sample ----------------------------------------------------------------


def test_the_sample_reads_with_its_gap_and_true_times(sample_run: Path) -> None:
    run = read_original_run(sample_run)
    assert run.warnings == ()
    assert len(run.frames) == 480 and run.first_step == 0 and run.last_step == 3659
    assert run.gaps == (StepGap(360, 3539),)
    assert run.meta.curr_step == 8655 and run.meta.persona_names == (ISABELLA, MARIA, KLAUS)
    assert run.frame_at(3580).time == datetime(2023, 2, 13, 9, 56, 40)
    first_chat = next(frame for frame in run.frames if any(s.chat for s in frame.residents.values()))
    assert first_chat.step == 3574  # as MANIFEST.md says
    maria = run.frame_at(3580).residents[MARIA]
    assert maria.chat_with == KLAUS and maria.chat is not None and maria.chat[0][0] == KLAUS
    assert run.frame_at(2000) is run.frames[359]


def test_the_sample_compressed_gives_the_same_frames(sample_run: Path, tmp_path: Path) -> None:
    compressed = compress_storage(sample_run, tmp_path / "compressed_storage" / SAMPLE_NAME)
    assert read_original_run(compressed).frames == read_original_run(sample_run).frames


def test_the_sample_with_a_broken_step_warns_and_goes_on(sample_run: Path, tmp_path: Path) -> None:
    copy = tmp_path / SAMPLE_NAME
    shutil.copytree(sample_run, copy, ignore=shutil.ignore_patterns("environment"))
    (copy / "movement" / "3600.json").write_text("{\"persona\": ", encoding="utf-8")
    run = read_original_run(copy, known_residents={ISABELLA, MARIA})
    assert len(run.frames) == 479
    assert {str(w.file.relative_to(copy)) for w in run.warnings} == {"movement/3600.json", "movement/0.json"}
    assert any("Klaus Mueller" in str(w) for w in run.warnings)


def test_a_deeply_nested_step_file_is_skipped_not_a_crash(storage_run: Path) -> None:
    (storage_run / "movement" / "2.json").write_text("[" * 200_000, encoding="utf-8")
    run = read_original_run(storage_run)
    assert run.steps == (0, 1, 5, 6, 7) and warnings_about(run, "2.json")


def test_a_null_entry_warns_every_time(storage_run: Path) -> None:
    for step in (0, 1):
        path = storage_run / "movement" / f"{step}.json"
        data = json.loads(path.read_text(encoding="utf-8"))
        data["persona"][MARIA] = None
        path.write_text(json.dumps(data), encoding="utf-8")
    run = read_original_run(storage_run)
    assert [w.file.name for w in warnings_about(run, "must be an object")] == ["0.json", "1.json"]
    assert MARIA not in run.frame_at(1).residents and run.frame_at(2).residents[MARIA].tile == (123, 57)
