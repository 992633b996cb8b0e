"""Coordination: who was invited to the party (from the chats' memories) and who came (from frames
of the party's window, constructed and recorded)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from agents.engine.mind_services_factory import offline_services
from agents.engine.simulation import Simulation
from agents.engine.step_driver import StepDriver
from agents.llm.local_embedder import HashedNgramEmbedder
from agents.persistence.recorder import Recorder
from agents.persistence.recording_reader import RecordingReader
from agents.research.coordination import (
    VALENTINES_PARTY,
    Coordination,
    PartyWindow,
    attendance_of,
    coordination,
    coordination_json,
    coordination_lines,
    invitations,
)
from agents.views.town_frame import ResidentView, SimulationView, tiles_of_residents, view_of
from tests.memory.test_memory_sources import town
from tests.research.test_measures import A, B, C, D, _diffusion_town

CAFE = "the Ville:Hobbs Cafe:cafe:customer seating"
PUB = "the Ville:The Rose and Crown Pub:pub:bar customer seating"
E = "Sam Moore"


def _frame(at: datetime, where: dict[str, str]) -> SimulationView:
    residents = tuple(ResidentView(name=name, tile=(0, 0), previous_tile=(0, 0), activity="", emoji="",
                                   address=where.get(name, PUB), chat_with="") for name in (A, B, C, D, E))
    return SimulationView(0, at, residents)


def _party_frames() -> list[SimulationView]:
    """A is at the cafe only before the party and E only after it; B comes at 17:00 and stays, C comes
    at 17:15, D only at the party's last instant."""
    day = VALENTINES_PARTY.start.replace(hour=0)
    return [_frame(day.replace(hour=16, minute=50), {A: CAFE}),
            _frame(day.replace(hour=17), {B: CAFE}),
            _frame(day.replace(hour=17, minute=15), {B: CAFE, C: CAFE}),
            _frame(day.replace(hour=18), {B: CAFE, C: "the Ville:Hobbs Cafe:cafe:kitchen"}),
            _frame(day.replace(hour=19), {D: CAFE}),
            _frame(day.replace(hour=19, minute=10), {E: CAFE})]


def test_attendance_is_who_was_at_the_cafe_in_the_window() -> None:
    present = attendance_of(_party_frames(), VALENTINES_PARTY)
    assert present.frames == 4 and present.attended == tuple(sorted((B, C, D)))
    assert [name for name, _ in present.arrivals] == [B, C, D]
    assert present.arrivals[1][1] == VALENTINES_PARTY.start + timedelta(minutes=15)
    assert len(present.timeline) == 12  # two hours in ten minutes
    counts = {f"{slot.start:%H:%M}": slot.names for slot in present.timeline if slot.names}
    assert counts == {"17:00": (B,), "17:10": tuple(sorted((B, C))), "18:00": tuple(sorted((B, C))),
                      "18:50": (D,)}


def test_the_invited_heard_of_it_in_a_chat() -> None:
    services = offline_services(HashedNgramEmbedder(dimension=64))
    sim = _diffusion_town(services)  # A (her own news) tells B, B tells C, C and D talk of the weather
    assert invitations(sim) == ((A,), tuple(sorted((B, C))))
    found = coordination(sim)
    assert found.attendance is None and found.attended == ()
    assert "the party window is not in this run" in "\n".join(coordination_lines(found))
    assert coordination_json(found)["in_recording"] is False
    # with the constructed frames: B and C were invited and came, D came uninvited
    came = replace(found, attendance=attendance_of(_party_frames(), VALENTINES_PARTY))
    assert isinstance(came, Coordination)
    assert came.invited_who_came == tuple(sorted((B, C))) and came.came_uninvited == (D,)
    document = coordination_json(came)
    assert document["attended"] == sorted((B, C, D)) and document["timeline"][0]["count"] == 1
    assert "2 of the 2 invited came" in "\n".join(coordination_lines(came))


def recorded_evening(recordings_dir: Path, name: str = "evening") -> tuple[Simulation, list[SimulationView]]:
    """The "three" town recorded from 16:58 to 19:02 on February 14, a step a game minute; and the
    frames the live town showed. The embedder is the default one, as the measure command's."""
    folder = town()
    scenario = folder.load_scenario("three")
    scenario = replace(scenario, start_time=VALENTINES_PARTY.start - timedelta(minutes=2))
    services = offline_services()
    sim = Simulation.create(folder.world_map, scenario, services, seed=2, step_seconds=60, load_history_csv=False)
    driver = StepDriver.inline(sim, services)
    recorder = Recorder.start(sim, name, recordings_dir=recordings_dir)
    live = [view_of(sim, {})]
    for _ in range(124):
        before = tiles_of_residents(sim)
        driver.step()
        recorder.after_step(sim)
        live.append(view_of(sim, before))
    recorder.close(sim)
    return sim, live


@pytest.mark.slow
def test_attendance_from_a_recording_is_what_the_town_showed(tmp_path: Path) -> None:
    sim, live = recorded_evening(tmp_path)
    with RecordingReader.open("evening", tmp_path) as reader:
        found = coordination(sim, reader)
        assert found.attendance == attendance_of(live, VALENTINES_PARTY)
        assert found.attendance is not None and found.attendance.frames == 121
        # a slot saved before the party ended, or a window the run never reached, has no attendance
        assert coordination(sim, reader, up_to_step=reader.step_at(VALENTINES_PARTY.end) - 1).attendance is None
        later = PartyWindow(VALENTINES_PARTY.place, VALENTINES_PARTY.end, VALENTINES_PARTY.end + timedelta(hours=1))
        assert coordination(sim, reader, window=later).attendance is None
    # the whole town's place, in every frame: all three were there
    everywhere = attendance_of(live, PartyWindow("the Ville", VALENTINES_PARTY.start, VALENTINES_PARTY.end))
    assert everywhere.attended == tuple(sorted(sim.residents))
