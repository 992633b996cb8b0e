"""``replay import``: the original's runs made into our recordings and read back through the
recording reader, in the original town (when imported) or in ours; bad input refused, never a
traceback."""

from __future__ import annotations

import argparse
import json
import shutil
from datetime import datetime
from pathlib import Path

import pytest

from agents.cli.replay_commands import add_replay_commands
from agents.cli.replay_import_command import add_replay_import_command
from agents.paths import shipped_worlds_dir, user_recordings_dir, user_worlds_dir
from agents.persistence.original_run_import import import_original_run, recording_name_for
from agents.persistence.recording_reader import RecordingReader
from agents.persistence.recording_store import RecordingError, list_recordings
from agents.views.town_frame import ResidentView, SimulationView
from agents.world.errors import WorldFormatError
from agents.world.world_folder import load_world_folder
from tests.persistence.original_run_files import (
    ISABELLA,
    KLAUS,
    MARIA,
    compress_storage,
    entry,
    synthetic_steps,
    write_storage_run,
)

SAMPLE_NAME = "July1_the_ville_isabella_maria_klaus-step-3-20"


@pytest.fixture()
def storage_run(tmp_path: Path) -> Path:
    return write_storage_run(tmp_path / "storage" / "July1_synthetic")


@pytest.fixture(scope="session")
def sample_run(original_source: Path) -> Path:
    return original_source / "recordings" / "storage_sample" / SAMPLE_NAME


def frames_of(name: str, steps: range) -> list[SimulationView]:
    with RecordingReader.open(name) as reader:
        return [reader.frame(step) for step in steps]


def resident(view: SimulationView, name: str) -> ResidentView:
    return next(r for r in view.residents if r.name == name)


# -- synthetic runs (everywhere, CI included) -------------------------------------------------


def test_a_storage_run_imports_into_our_town_and_reads_back(storage_run: Path) -> None:
    result = import_original_run(storage_run)
    assert result.name == "July1_synthetic" and result.path.parent == user_recordings_dir()
    assert not result.world.original and result.world.scenario == "three" and result.warnings == ()
    with RecordingReader.open("July1_synthetic") as reader:
        meta = reader.meta
        assert not meta.has_minds and meta.world == "the Ville" and meta.scenario == "three"
        assert meta.step_seconds == 10 and meta.clock_start == datetime(2023, 2, 13)
        assert [(r.name, r.sprite) for r in meta.residents] == [
            (ISABELLA, "characters/Isabella_Rodriguez.png"), (MARIA, "characters/Maria_Lopez.png"),
            (KLAUS, "characters/Klaus_Mueller.png")]
        assert (reader.first_step, reader.last_step) == (0, 7)
        first = reader.frame(0)
        klaus = resident(first, KLAUS)
        assert klaus.tile == (127, 46) and klaus.activity == "reading" and klaus.emoji == "📖"
        assert klaus.address == "the Ville:Dorm for Oak Hill College:Klaus Mueller's room:desk"
        assert resident(reader.frame(1), KLAUS).previous_tile == (127, 46)
        assert resident(reader.frame(2), ISABELLA).address == "the Ville:Oak Hill College:hallway"
        gap = reader.frame(4)  # steps 3 and 4 are not in the source: the frame of step 2 holds
        assert gap.now == datetime(2023, 2, 13, 0, 0, 40)
        assert [r.tile for r in gap.residents] == [r.tile for r in reader.frame(2).residents]
        maria = resident(reader.frame(6), MARIA)
        assert maria.chat == ((KLAUS, "Hey Maria!"), (MARIA, "Hi!")) and maria.chat_with == KLAUS
        world = load_world_folder(shipped_worlds_dir() / "smallville").world_map
        assert maria.address == world.address_at((127, 50)).deepest  # the tile's place while talking
        assert resident(reader.frame(5), MARIA).chat == ((KLAUS, "Hey Maria!"),)
        markers = reader.markers()
        assert [(m.step, m.kind, m.names) for m in markers] == [(5, "conversation", (MARIA, KLAUS))]
        assert reader.resident_view(MARIA, 6) is None  # no minds in an imported run
    assert [entry.name for entry in list_recordings().recordings] == ["July1_synthetic"]


def test_compressed_and_storage_import_to_the_same_frames(storage_run: Path, tmp_path: Path) -> None:
    compressed = compress_storage(storage_run, tmp_path / "compressed_storage" / "July1_synthetic")
    import_original_run(storage_run, "from-storage")
    import_original_run(compressed, "from-compressed")
    assert frames_of("from-storage", range(8)) == frames_of("from-compressed", range(8))


def test_names_default_existing_and_overwrite(storage_run: Path, tmp_path: Path) -> None:
    assert recording_name_for(Path("July 1: the ville (copy)")) == "July-1-the-ville-copy"
    assert recording_name_for(Path("...")) == "original-run"
    import_original_run(storage_run, "mine")
    with pytest.raises(RecordingError, match="exists already.*--overwrite"):
        import_original_run(storage_run, "mine")
    with pytest.raises(RecordingError, match="a slot name must be"):
        import_original_run(storage_run, "no spaces please")
    steps = synthetic_steps()
    steps[0][ISABELLA] = entry(10, 10, "cooking @ the Ville:Hobbs Cafe:cafe")
    other = write_storage_run(tmp_path / "other", steps)
    import_original_run(other, "mine", overwrite=True)
    assert resident(frames_of("mine", range(1))[0], ISABELLA).tile == (10, 10)
    left = {p.name for p in user_recordings_dir().iterdir()} - {"mine.smallville-rec-wal", "mine.smallville-rec-shm"}
    assert left == {"mine.smallville-rec"}  # no staging file left behind (the -wal/-shm are the reader's)


def test_a_bad_source_leaves_no_recording(tmp_path: Path) -> None:
    with pytest.raises(WorldFormatError, match="reverie/meta.json"):
        import_original_run(write_storage_run(tmp_path / "broken", {0: {}}).parent / "nowhere")
    folder = write_storage_run(tmp_path / "unreadable", {})
    (folder / "movement").mkdir(exist_ok=True)
    (folder / "movement" / "0.json").write_text("{", encoding="utf-8")
    with pytest.raises(WorldFormatError, match="no step of this run could be read"):
        import_original_run(folder)
    assert not user_recordings_dir().exists() or not any(user_recordings_dir().iterdir())


def test_a_stranger_is_imported_with_a_warning_and_no_sheet(tmp_path: Path) -> None:
    steps = synthetic_steps()
    for personas in steps.values():
        personas["Zed Stranger"] = entry(70, 20, "strolling @ the Ville:Johnson Park:park")
    folder = write_storage_run(tmp_path / "stranger", steps, names=(ISABELLA, MARIA, KLAUS, "Zed Stranger"))
    result = import_original_run(folder)
    [warning] = result.warnings
    assert warning.file == folder / "movement" / "0.json" and "Zed Stranger is not a resident" in warning.problem
    with RecordingReader.open(result.name) as reader:
        assert reader.meta.residents[-1].name == "Zed Stranger" and reader.meta.residents[-1].sprite == ""
        assert resident(reader.frame(3), "Zed Stranger").tile == (70, 20)


def test_the_original_town_is_chosen_when_imported(storage_run: Path, tmp_path: Path) -> None:
    fake = user_worlds_dir() / "the_ville"  # our town standing in for an imported original town
    shutil.copytree(shipped_worlds_dir() / "smallville", fake)
    result = import_original_run(storage_run)
    assert result.world.original and result.world.folder.folder == fake
    with RecordingReader.open(result.name) as reader:
        assert reader.meta.world_map_path == str(fake / "map.tmx")


def test_the_command_line_prints_what_it_did(storage_run: Path, capsys: pytest.CaptureFixture[str]) -> None:
    parser = argparse.ArgumentParser()  # wired as agents.cli.main wires it
    add_replay_import_command(add_replay_commands(parser.add_subparsers()))
    (storage_run / "movement" / "1.json").write_text("not json", encoding="utf-8")
    args = parser.parse_args(["replay", "import", str(storage_run), "--as", "cli-run"])
    assert args.handler(args) == 0
    captured = capsys.readouterr()
    assert "as recording 'cli-run'" in captured.out and "steps 0 to 7 (5 steps read)" in captured.out
    assert "gap: steps 1 to 1" in captured.out and "gap: steps 3 to 4 (2 steps" in captured.out
    assert "drawn with our characters" in captured.out and "1 warning (on stderr)" in captured.out
    assert f"warning: {storage_run / 'movement' / '1.json'}, line 1, column 1: not valid JSON" in captured.err


# -- the original's sample --------------------------------------------------------------------


def test_the_sample_imports_into_the_original_town(sample_run: Path, imported_original: Path) -> None:
    result = import_original_run(sample_run, world=imported_original)
    assert result.name == SAMPLE_NAME and result.world.original and result.warnings == ()
    with RecordingReader.open(SAMPLE_NAME) as reader:
        assert (reader.first_step, reader.last_step) == (0, 3659)
        assert all((imported_original / r.sprite).is_file() for r in reader.meta.residents)
        view = reader.frame(3580)
        assert view.now == datetime(2023, 2, 13, 9, 56, 40)
        maria, klaus = resident(view, MARIA), resident(view, KLAUS)
        assert maria.tile == klaus.tile == (127, 50) and maria.chat_with == KLAUS and len(maria.chat) == 2
        isabella = resident(view, ISABELLA)
        assert isabella.address == "the Ville:Hobbs Cafe:cafe:kitchen sink" and isabella.emoji == "🥡"
        assert reader.frame(2000) == SimulationView(2000, datetime(2023, 2, 13, 5, 33, 20),
                                                    reader.frame(359).residents)
        conversations = [m for m in reader.markers() if m.kind == "conversation"]
        assert [(m.step, m.names) for m in conversations] == [(3574, (MARIA, KLAUS))]
    source = json.loads((sample_run / "movement" / "3580.json").read_text(encoding="utf-8"))["persona"]
    assert [list(resident(view, n).tile) for n in (ISABELLA, MARIA, KLAUS)] == [
        source[n]["movement"] for n in (ISABELLA, MARIA, KLAUS)]


def test_the_sample_and_its_compression_read_back_alike(sample_run: Path, tmp_path: Path) -> None:
    compressed = compress_storage(sample_run, tmp_path / "compressed_storage" / SAMPLE_NAME)
    import_original_run(sample_run, "sample-storage")
    import_original_run(compressed, "sample-compressed")
    steps = range(3500, 3660)
    assert frames_of("sample-storage", steps) == frames_of("sample-compressed", steps)


def test_a_name_with_dots_and_slashes_is_refused_and_nothing_is_written_outside(tmp_path: Path) -> None:
    """A crafted run whose resident is named ``../../evil``: refused naming meta.json's field, before
    any file is looked up or written by that name."""
    evil = "../../evil"
    steps = synthetic_steps()
    for personas in steps.values():
        personas[evil] = entry(70, 20, "strolling @ the Ville:Johnson Park:park")
    folder = write_storage_run(tmp_path / "crafted", steps, names=(ISABELLA, MARIA, KLAUS, evil))
    before = sorted(str(p) for p in tmp_path.parent.rglob("*"))
    with pytest.raises(WorldFormatError, match="field persona_names, entry 4") as caught:
        import_original_run(folder)
    assert "reverie/meta.json" in str(caught.value.path) or caught.value.path.name == "meta.json"
    assert sorted(str(p) for p in tmp_path.parent.rglob("*")) == before
    assert not user_recordings_dir().exists() or not any(user_recordings_dir().iterdir())
