"""The run's pictures: their data (diffusion curve, who told whom, acquaintance) on a known small town,
every picture written as non-empty PNG and SVG, and ``measure --pictures`` on a recorded slot."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from agents.cli.main import main
from agents.engine.mind_services_factory import offline_services
from agents.engine.simulation import Simulation
from agents.llm.local_embedder import HashedNgramEmbedder
from agents.memory.records import CONVERSATION, WHISPER
from agents.persistence.save_slots import save_slot
from agents.research.coordination import VALENTINES_PARTY, attendance_of
from agents.research.interview_battery import PARTY
from agents.research.pictures import (
    PLAYER,
    acquaintance_by_memory,
    diffusion_curve,
    persona_seeds,
    telling_edges,
    tree_layout,
    write_pictures,
)
from agents.research.traces import FirstHearing, topic_trace
from tests.research.test_coordination import _party_frames, recorded_evening
from tests.research.test_measures import A, B, C, D, _diffusion_town

STEMS = ("diffusion", "network_start", "network_end", "telling_party", "telling_mayor", "party_attendance")
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def _assert_pictures(folder: Path, stems: tuple[str, ...]) -> None:
    for stem in stems:
        png, svg = folder / f"{stem}.png", folder / f"{stem}.svg"
        assert png.read_bytes().startswith(PNG_MAGIC) and png.stat().st_size > 1000, stem
        assert "<svg" in svg.read_text(encoding="utf-8"), stem


def _diffused() -> Simulation:
    return _diffusion_town(offline_services(HashedNgramEmbedder(dimension=64)))


def test_the_data_of_a_known_diffusion() -> None:
    sim = _diffused()  # A (her own news) tells B, B tells C, C and D talk of the weather
    assert persona_seeds(sim, PARTY) == (A,)
    curve = diffusion_curve(sim, PARTY)
    assert [count for _, count in curve] == [1, 2, 3, 3] and curve[0][0] == sim.clock.start
    # each chat leaves both sides a memory from the other; the seed is not put under her listener
    assert telling_edges(topic_trace(sim, PARTY.words), persona_seeds(sim, PARTY)) == ((A, B), (B, C))
    pairs = acquaintance_by_memory(sim)
    assert tuple(sorted((C, D))) in pairs and tuple(sorted((A, D))) not in pairs


def _hearing(listener: str, speaker: str, minute: int, channel: str = CONVERSATION) -> FirstHearing:
    return FirstHearing(listener, speaker, channel, datetime(2023, 2, 13, 9, minute), minute, "the party")


def test_who_told_whom_is_a_forest() -> None:
    hearings = [_hearing("X", "", 0, WHISPER), _hearing("P", "Q", 1), _hearing("Q", "P", 1), _hearing("Y", "X", 2),
                _hearing("X", "Y", 2), _hearing("Z", "Y", 5)]
    edges = telling_edges(hearings)
    assert edges[0] == (PLAYER, "X") and ("X", "Y") in edges and ("Y", "Z") in edges
    assert ("Q", "P") in edges and ("P", "Q") not in edges  # a chat of two who had not heard it: one root
    assert len({child for _, child in edges}) == len(edges)  # everyone has one teller
    positions = tree_layout(edges)
    assert positions[PLAYER][1] == 0 and positions["X"][1] == -1 and positions["Z"][1] == -3
    assert positions["Q"][0] != positions[PLAYER][0] and positions["P"][1] == -1  # two trees side by side


def test_every_picture_is_written(tmp_path: Path) -> None:
    sim = _diffused()
    written = write_pictures(tmp_path / "pics", sim, start=sim,
                             attendance=attendance_of(_party_frames(), VALENTINES_PARTY))
    assert written.missing == ()
    assert sorted(path.name for path in written.paths) == sorted(f"{stem}.{ext}" for stem in STEMS
                                                                 for ext in ("png", "svg"))
    _assert_pictures(tmp_path / "pics", STEMS)


def test_pictures_without_a_recording_say_what_is_missing(tmp_path: Path) -> None:
    written = write_pictures(tmp_path, _diffused())
    assert len(written.paths) == 2 * 4
    assert [note.split(":")[0] for note in written.missing] == ["network_start", "party_attendance"]
    _assert_pictures(tmp_path, ("diffusion", "network_end", "telling_party", "telling_mayor"))


@pytest.mark.slow
def test_measure_writes_the_pictures_of_a_recorded_slot(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    recordings, saves, pictures = tmp_path / "recordings", tmp_path / "saves", tmp_path / "pictures"
    sim, _ = recorded_evening(recordings)
    save_slot(sim, "evening", saves, recording="evening")
    out = tmp_path / "measures.json"
    assert main(["measure", "evening", "--saves-dir", str(saves), "--recordings-dir", str(recordings),
                 "--pictures", str(pictures), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "party invitations:" in printed and "invited came to the Ville:Hobbs Cafe" in printed
    assert printed.count("picture: ") == 12 and "no picture" not in printed
    _assert_pictures(pictures, STEMS)
    party = json.loads(out.read_text(encoding="utf-8"))["coordination"]
    assert party["in_recording"] is True and len(party["timeline"]) == 12
    # the same town saved without its recording: no attendance, no network at the start
    save_slot(sim, "unrecorded", saves)
    assert main(["measure", "unrecorded", "--saves-dir", str(saves), "--pictures", str(tmp_path / "other")]) == 0
    printed = capsys.readouterr().out
    assert "the party window is not in this run" in printed
    assert "no picture: network_start" in printed and "no picture: party_attendance" in printed
