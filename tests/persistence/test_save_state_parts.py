"""The parts a save is made of: arrays as plain bytes, random generators as numbers, memory streams as
columns (kept between captures), the world as what it is built from (shared when already built), the
opcode check before unpickling, and the structure check after; and a capture that is written later
saves the state as it was when captured."""

from __future__ import annotations

import dataclasses
import pickle
import random
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np
import pytest

from agents.cognition.services import MindServices
from agents.engine.simulation import Simulation
from agents.engine.town_steps import run_steps
from agents.memory.records import MemoryKind
from agents.memory.stream import MemoryStream
from agents.persistence.array_codec import BadSavedState, decode_array, encode_array
from agents.persistence.pickle_opcodes import PickleRefused, check_pickle_opcodes
from agents.persistence.rng_state import generator_state, random_state, restore_generator, restore_random
from agents.persistence.save_slots import capture_save, load_slot, save_slot, write_captured_save
from agents.persistence.state_check import SIMULATION_FIELDS, check_simulation
from agents.persistence.world_state import world_arguments, world_like
from agents.world.world_map import WorldMap
from tests.persistence.conftest import stepped_simulation

EPOCH = datetime(2023, 2, 13)


# -- arrays ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("dtype", ["bool", "int8", "uint8", "int16", "int32", "uint32", "int64", "float32", ">f8"])
def test_numeric_arrays_round_trip_as_plain_bytes(dtype: str) -> None:
    array = (np.arange(12).reshape(3, 4) % 2).astype(dtype)
    saved = encode_array(array)
    assert type(saved[2]) is bytes and saved[1] == (3, 4)
    back = decode_array(saved, "f", dtypes=saved[0])
    assert np.array_equal(back, array) and back.dtype.byteorder in "=<|"


def test_arrays_of_other_dtypes_are_not_saved() -> None:
    for array in (np.array([None, 1], dtype=object), np.array(["a"]), np.array([1j])):
        with pytest.raises(ValueError, match="numeric arrays only"):
            encode_array(array)


@pytest.mark.parametrize(("saved", "phrase"), [
    (("|O", (2,), b"\x00" * 16), "should hold dtype <f4"),
    (("<f4", (2,), b"\x00" * 7), "carries 7 bytes"),
    (("<f4", (10**12, 10**12), b""), "carries 0 bytes"),
    (("<f4", (-1,), b""), "a shape that is not"),
    (("<f4", (2,), "text"), "should carry its values as bytes"),
    (("<f4", (2,)), "should be a saved array"),
    ([("<f4", (1,), b"\x00" * 4)], "should be a saved array"),
])
def test_a_saved_array_that_does_not_check_out_names_its_field(saved: object, phrase: str) -> None:
    with pytest.raises(BadSavedState, match="embeddings") as raised:
        decode_array(saved, "embeddings", dtypes="<f4")
    assert phrase in str(raised.value)


def test_saved_booleans_are_zero_or_one() -> None:
    with pytest.raises(BadSavedState, match="neither 0 nor 1"):
        decode_array(("|b1", (2,), b"\x00\x02"), "collision", dtypes="|b1")


# -- random generators -----------------------------------------------------------------------------


def test_random_generators_go_on_identically_from_their_numbers() -> None:
    rng, generator = random.Random(3), np.random.default_rng(3)
    rng.random(), generator.random()
    rng_copy = restore_random(pickle.loads(pickle.dumps(random_state(rng))), "rng")
    generator_copy = restore_generator(pickle.loads(pickle.dumps(generator_state(generator))), "np_rng")
    assert [rng.random() for _ in range(5)] == [rng_copy.random() for _ in range(5)]
    assert np.array_equal(generator.random(5), generator_copy.random(5))


@pytest.mark.parametrize("state", [None, (3, (1,) * 10, None), (3, (2**40,) * 625, None), (2, (1,) * 625, None)])
def test_a_bad_random_state_is_refused(state: object) -> None:
    with pytest.raises(BadSavedState, match="rng"):
        restore_random(state, "rng")


@pytest.mark.parametrize("change", [{"bit_generator": "MT19937"}, {"state": {"state": 2**129, "inc": 1}},
                                    {"has_uint32": 2}, {"uinteger": -1}, {"extra": 1}])
def test_a_bad_generator_state_is_refused(change: dict[str, object]) -> None:
    state = {**generator_state(np.random.default_rng(1)), **change}
    with pytest.raises(BadSavedState, match="np_rng"):
        restore_generator(state, "np_rng")


# -- memory streams --------------------------------------------------------------------------------


def filled_stream(count: int, dimension: int = 8) -> MemoryStream:
    stream = MemoryStream(dimension, EPOCH)
    vectors = np.random.default_rng(0).random((count, dimension), dtype=np.float32)
    kinds = list(MemoryKind)
    for index in range(count):
        stream.add(kinds[index % len(kinds)], f"memory {index} ☕", EPOCH + timedelta(minutes=index, microseconds=index),
                   1 + index % 10, vectors[index], triple=(f"s{index}", "p", ""), evidence_ids=range(index % 3))
    return stream


def same_stream(a: MemoryStream, b: MemoryStream) -> bool:
    return (a.records() == b.records() and np.array_equal(a.embeddings, b.embeddings)
            and np.array_equal(a.importance, b.importance) and np.array_equal(a.last_access_hours, b.last_access_hours)
            and a.epoch == b.epoch and a.embedding_dimension == b.embedding_dimension)


def test_a_stream_round_trips_through_its_columns() -> None:
    stream = filled_stream(70)  # past the initial capacity: grown once
    stream.touch([3, 5], EPOCH + timedelta(hours=2))
    copy = pickle.loads(pickle.dumps(stream, protocol=5))
    assert same_stream(copy, stream)
    copy.add(MemoryKind.THOUGHT, "after the load", EPOCH + timedelta(hours=3), 4, np.ones(8, dtype=np.float32))
    stream.add(MemoryKind.THOUGHT, "after the load", EPOCH + timedelta(hours=3), 4, np.ones(8, dtype=np.float32))
    assert same_stream(copy, stream), "a loaded stream grows as the original does"
    empty = pickle.loads(pickle.dumps(MemoryStream(8, EPOCH), protocol=4))
    empty.add(MemoryKind.PLAN, "first", EPOCH, 3, np.ones(8, dtype=np.float32))
    assert len(empty) == 1


def test_the_columns_kept_between_captures_follow_every_change() -> None:
    stream = filled_stream(20)
    pickle.dumps(stream, protocol=5)  # the columns are made and kept
    stream.set_importance(2, 9)  # an old record replaced with another importance
    for index in range(5):
        stream.add(MemoryKind.OBSERVATION, f"new {index}", EPOCH + timedelta(hours=5), 2, np.zeros(8, dtype=np.float32))
    stream.set_importance(21, 7)
    incremental = pickle.dumps(stream, protocol=5)
    del stream.__dict__["_saved_columns"]
    fresh = pickle.dumps(stream, protocol=5)
    assert incremental == fresh
    stream._records[4] = dataclasses.replace(stream._records[4], description="rewritten")  # the columns start over
    assert pickle.loads(pickle.dumps(stream, protocol=5))[4].description == "rewritten"


def test_a_frozen_copy_pickles_as_its_stream() -> None:
    stream = filled_stream(10)
    assert same_stream(pickle.loads(pickle.dumps(stream.frozen_copy(), protocol=5)), stream)


# -- the opcode check ------------------------------------------------------------------------------


def test_a_real_town_passes_the_opcode_check(simulation: Simulation) -> None:
    buffers: list[pickle.PickleBuffer] = []
    pickled = pickle.dumps(simulation, protocol=5, buffer_callback=buffers.append)
    assert buffers, "the embedding rows go out of band"
    cost = check_pickle_opcodes(pickled, len(buffers))
    assert cost < 16 * len(pickled)
    with pytest.raises(PickleRefused, match="NEXT_BUFFER past"):
        check_pickle_opcodes(pickled, len(buffers) - 1)


@pytest.mark.parametrize(("body", "phrase"), [
    (b"\x80\x05Nq\x00.", "BINPUT"),  # BINPUT: the memo as the pickler of protocols 2-3 writes it
    (b"\x80\x05Np0\n.", "PUT"),
    (b"\x80\x05N\x94h\x05.", "a reference to a memo entry not made yet"),
    (b"\x80\x05Nj\x00\x00\x00\x01.", "a reference to a memo entry not made yet"),
    (b"\x80\x05N.N", "bytes after the end"),
    (b"\x80\x05N", "no end"),
    (b"\x80\x02N.", "protocol 4 or 5"),
    (b"\x80\x05X\xff\xff\xff\x00ab.", "more than the"),
    (b"\x80\x05\x95\xff\x00\x00\x00\x00\x00\x00\x00N.", "a frame longer"),
    (b"\x80\x05cos\nsystem\n.", "GLOBAL"),
    (b"\x80\x05N2.", "DUP"),
])
def test_opcodes_a_save_never_holds_are_refused(body: bytes, phrase: str) -> None:
    with pytest.raises(PickleRefused, match=phrase):
        check_pickle_opcodes(body)


# -- the world -------------------------------------------------------------------------------------


def test_a_loaded_world_shares_the_parts_of_the_same_world_built_here(simulation: Simulation,
                                                                       saves_dir: Path) -> None:
    save_slot(simulation, "morning", saves_dir)
    loaded = load_slot("morning", saves_dir).simulation
    assert loaded.world is not simulation.world and loaded.world.path_grid is simulation.world.path_grid
    assert loaded.places._world is loaded.world
    changed = dict(simulation.world.__getstate__())
    changed["sector_names"] = (*changed["sector_names"][:-1], "renamed")  # type: ignore[index]
    assert world_like(changed) is None


def test_a_world_pickled_and_loaded_elsewhere_is_rebuilt_equal(simulation: Simulation) -> None:
    world = simulation.world
    state = world.__getstate__()
    rebuilt = WorldMap(**world_arguments(state))  # type: ignore[arg-type]
    assert rebuilt.__getstate__() == state
    assert rebuilt.tiles_of(world.arenas()[0]) == world.tiles_of(world.arenas()[0])
    assert rebuilt.spawn_tiles == world.spawn_tiles and rebuilt.find_path((0, 0), (0, 0)) == world.find_path((0, 0), (0, 0))


# -- the structure check and captures --------------------------------------------------------------


def test_a_stepped_town_passes_the_structure_check_and_names_every_field(simulation: Simulation) -> None:
    assert check_simulation(simulation, Path("x")) is simulation
    assert set(vars(simulation)) == set(SIMULATION_FIELDS), "a new Simulation field must be added to the check"


def test_a_capture_written_later_saves_the_state_when_captured(services: MindServices, saves_dir: Path) -> None:
    town = stepped_simulation(services, steps=7 * 360)
    at_capture = town.snapshot_sha256()
    captured = capture_save(town, "then", saves_dir)
    run_steps(town, 360, services)  # memories added, arrays grown, importance scored, while the capture waits
    assert town.snapshot_sha256() != at_capture
    write_captured_save(captured)
    assert load_slot("then", saves_dir).simulation.snapshot_sha256() == at_capture
