"""Hostile and broken saves cannot hurt the process that loads them (issue 13, item 6).

Every file below sits in one saves folder next to two good slots, and each one that has a header has
a valid one, with the right length and sha256, so it reaches the loader: damaged files (truncated,
a flipped byte, a wrong magic, a future or older format, lying lengths, a body whose layout lies);
files that are not regular files (a link to ``/dev/zero``, a pipe, a folder); pickles that would run
code or allocate without end (``os.system``, ``bytearray(1_500_000_000)``, ``list(range(10**10))``,
``numpy.ndarray((10**12,), "b")``, a numpy object array from raw bytes passed to ``str``, a memo
index of 10**8, a 10**12-byte length, a flood of empty sets, calling or changing a simulation
class); and real simulations with fields of the wrong type or parts that do not fit together.

One child process (``hostile_load_child.py``) loads them all in turn and reports each as JSON. The
test asserts that the child exits normally (no signal: no segfault, no OOM kill), that every file is
refused with a ``SaveSlotError`` naming it and saying why (key words per file), that the child's peak
resident memory while loading it (Linux ``VmHWM``, reset before each load; see the child) rose by at
most ``8 x the file's size + 4 MiB`` above where it was (while loading the first good 3-resident
slot rises by about 5 MB: the control that the measure sees allocations), that no marker file was written
(nothing ran), and that afterwards the good slots still list and load to the states saved.
"""

from __future__ import annotations

import dataclasses
import json
import os
import pickle
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np
import pytest

import agents.engine.simulation
import agents.memory.stream
from agents.cognition.perceive import PlaceIndex
from agents.engine.clock import GameClock
from agents.engine.simulation import Simulation
from agents.persistence.save_format import FORMAT_VERSION, SAVE_SUFFIX
from agents.persistence.save_slots import save_slot, slot_path
from agents.world.world_map import WorldMap
from tests.persistence.save_files import _text, calling_pickle, rewrite_header_fields, write_save_file

CHILD = Path(__file__).with_name("hostile_load_child.py")
GOOD_SLOTS = ("good-a", "good-b")
RISE_SLACK_BYTES = 4 * 1024 * 1024
RISE_PER_FILE_BYTE = 8
TAMPERED = "not made by Smallville or was tampered with"
CORRUPT = "the file is corrupt or truncated"
NOT_A_TOWN = "the saved state is not a valid town"

Cases = dict[str, tuple[str, ...]]  # file stem -> the phrases its refusal must hold


# -- pickles written by hand -------------------------------------------------------------------------


def _global(module: str, name: str) -> bytes:
    return _text(module) + _text(name) + b"\x93"  # STACK_GLOBAL


def _int(value: int) -> bytes:
    if -(2**31) <= value < 2**31:
        return b"J" + value.to_bytes(4, "little", signed=True)  # BININT
    encoded = pickle.encode_long(value)
    return b"\x8a" + bytes([len(encoded)]) + encoded  # LONG1


def _call(function: bytes, *args: bytes) -> bytes:
    return function + b"(" + b"".join(args) + b"tR"  # MARK args TUPLE REDUCE


def _pickle(expression: bytes) -> bytes:
    return b"\x80\x04" + expression + b"."


class _ObjectArrayFromBytes:
    """Unpickled by numpy as a structured array with an object field whose pointers are the given
    raw bytes (reading it crashes the process: the probe's segfault). Never loaded here unrestricted."""

    def __reduce__(self) -> tuple[object, ...]:
        reconstruct = np.ndarray.__reduce__(np.zeros(1))[0]
        return (reconstruct, (np.ndarray, (0,), b"b"), (1, (2,), np.dtype([("a", "O")]), False, b"\x41" * 16))


class _StrOf:
    def __init__(self, value: object) -> None:
        self.value = value

    def __reduce__(self) -> tuple[object, ...]:
        return str, (self.value,)


def crafted_pickles(marker: Path) -> dict[str, tuple[bytes, tuple[str, ...]]]:
    """Pickles that would run code, crash or allocate without end under ``pickle.loads``."""
    builtins_call = _call
    return {
        "numpy-object-array-str": (pickle.dumps(_StrOf(_ObjectArrayFromBytes()), protocol=4),
                                   ("refused to load builtins.str", TAMPERED)),
        "bytearray-1-5-gb": (_pickle(builtins_call(_global("builtins", "bytearray"), _int(1_500_000_000))),
                             ("refused to load builtins.bytearray",)),
        "list-of-range": (_pickle(_call(_global("builtins", "list"), _call(_global("builtins", "range"), _int(10**10)))),
                          ("refused to load builtins.list",)),
        "numpy-huge-ndarray": (_pickle(_call(_global("numpy", "ndarray"), b"(" + _int(10**12) + b"t", _text("b"))),
                               ("refused to load numpy.ndarray",)),
        "bytes-of-a-number": (_pickle(_call(_global("builtins", "bytes"), _int(10**9))), ("refused to load builtins.bytes",)),
        "reconstructor": (_pickle(_call(_global("copyreg", "_reconstructor"), _global("agents.engine.clock", "GameClock"),
                                        _global("builtins", "bytearray"), _int(10**9))),
                          ("refused to load copyreg._reconstructor",)),
        "random-seed": (_pickle(_call(_global("random", "Random"), _int(10**100))), ("refused to load random.Random",)),
        "os-system": (calling_pickle("os", "system", f"echo pwned > {marker}"), ("refused to load", TAMPERED)),
        "memo-index": (b"\x80\x04Nr" + (100_000_000).to_bytes(4, "little") + b".", ("LONG_BINPUT", "never holds")),
        "huge-bytes-length": (b"\x80\x05\x8e" + (10**12).to_bytes(8, "little") + b".", ("a value of 1000000000000 bytes",)),
        "set-flood": (b"\x80\x05" + b"\x8f" * 1_000_000 + b".", ("would take more than",)),
        "call-a-state-class": (_pickle(_call(_global("agents.memory.stream", "MemoryStream"), _int(10**12), b"N")),
                               ("may not call MemoryStream",)),
        "change-a-class": (_pickle(_global("agents.engine.clock", "GameClock") + b"N}" + _text("now") + b"Ns\x86b"),
                           ("may not change the class GameClock",)),
        "not-a-simulation": (pickle.dumps(GameClock(start=datetime(2023, 2, 13)), protocol=5),
                             ("holds a GameClock, not a simulation",)),
    }


# -- simulations that are not right -----------------------------------------------------------------


def tiny_world(name: str = "the Ville") -> WorldMap:
    grid = np.zeros((4, 4), dtype=np.int32)
    return WorldMap(name=name, source_path=Path("tiny.tmx"), tile_size_px=32, collision=np.zeros((4, 4), dtype=bool),
                    sector_ids=grid, sector_names=("",), arena_ids=grid, arena_names=("",), object_ids=grid,
                    object_names=("",), spawn_ids=grid, spawn_names=("",))


def save_state(path: Path, simulation: object) -> None:
    """``simulation`` saved as it is (``save_slot`` would read its fields for the header)."""
    buffers: list[pickle.PickleBuffer] = []
    pickled = pickle.dumps(simulation, protocol=5, buffer_callback=buffers.append)
    write_save_file(path, pickled, buffers=tuple(bytes(buffer.raw()) for buffer in buffers))


@contextmanager
def tampered(module: ModuleType, name: str, change: Callable[[Any], Any]) -> Iterator[None]:
    """``module.name`` (a function making a saved state) changed to return ``change(its result)``,
    as a hand-edited file would hold it."""
    original = getattr(module, name)

    def edited(*args: object, **kwargs: object) -> object:
        return change(original(*args, **kwargs))

    setattr(module, name, edited)
    try:
        yield
    finally:
        setattr(module, name, original)


def _saved_array(dtype: str, shape: tuple[int, ...], data: bytes) -> tuple[str, tuple[int, ...], bytes]:
    return (dtype, shape, data)


def nested(depth: int) -> dict[str, object]:
    inner: list[object] = []
    for _ in range(depth):
        inner = [inner]
    return {"inputs": inner}


def broken_simulations(morning: bytes) -> dict[str, tuple[Callable[[Simulation], object], tuple[str, ...]]]:
    """Changes to a real simulation (on a 4 x 4 world, so the files are small) and what they must say."""

    def first(simulation: Simulation) -> object:
        return next(iter(simulation.residents.values()))

    def set_resident(field: str, value: object) -> Callable[[Simulation], object]:
        def change(simulation: Simulation) -> object:
            setattr(first(simulation), field, value)
            return simulation
        return change

    def set_field(field: str, value: object) -> Callable[[Simulation], object]:
        def change(simulation: Simulation) -> object:
            setattr(simulation, field, value)
            return simulation
        return change

    def renamed(simulation: Simulation) -> object:
        simulation.residents = {f"Somebody {index}": r for index, r in enumerate(simulation.residents.values())}
        return simulation

    def no_events(simulation: Simulation) -> object:
        del simulation.events
        return simulation

    def text_config(simulation: Simulation) -> object:
        simulation.config = dataclasses.replace(simulation.config, vision_radius_tiles="far")  # type: ignore[arg-type]
        return simulation

    def off_map(simulation: Simulation) -> object:
        first(simulation).tile = (100, 2)
        return simulation

    def other_places(simulation: Simulation) -> object:
        simulation.places = PlaceIndex(tiny_world("elsewhere"))
        return simulation


    return {
        "residents-5": (set_field("residents", 5), (f"{NOT_A_TOWN}: Simulation.residents should be a dict, found int 5",)),
        "resident-text": (lambda s: set_field("residents", {name: "x" for name in s.residents})(s),
                          ("Simulation.residents['Isabella Rodriguez'] should be a Resident, found str 'x'",)),
        "memory-list": (set_resident("memory", []), (".memory should be a MemoryStream, found a list",)),
        "tile-of-text": (set_resident("tile", ("3", 4)), (".tile[0] should be a whole number, found str '3'",)),
        "clock-none": (set_field("clock", None), ("Simulation.clock should be a GameClock, found NoneType None",)),
        "config-text": (text_config, ("Simulation.config.vision_radius_tiles should be a whole number",)),
        "extra-field": (set_field("surprise", 1), ("has a field 'surprise' that a Simulation of this version",)),
        "missing-field": (no_events, ("Simulation has no field 'events'",)),
        "action-log-time": (set_resident("action_log", [(1, "a", "b", "c")]),
                            (".action_log[0][0] should be a date and time, found int 1",)),
        "ahead-inputs-object": (lambda s: set_resident("decomposing_ahead", {"context": first(s).memory})(s),  # type: ignore[attr-defined]
                                (".decomposing_ahead['context'] should be plain data", "found a MemoryStream")),
        "huge-number-name": (set_field("scenario_name", 10**5000),
                             ("Simulation.scenario_name should be a string, found int a 16610-bit number",)),
        "nested-inputs": (set_resident("scoring_ahead", nested(200)),
                          (".scoring_ahead['inputs'][0][0]", "is nested more than 32 deep")),
        "tile-off-map": (off_map, ("holds the tile (100, 2), outside the 4 x 4 map",)),
        "wrong-name": (renamed, ("filed under another name",)),
        "places-of-another-world": (other_places, ("Simulation.places is the place index of another world",)),
    }


def state_tamperings() -> dict[str, tuple[ModuleType, str, Callable[[Any], Any], tuple[str, ...]]]:
    """Saved states edited the way only a hand-made file can be: memory streams (their columns) and
    the numpy generator (its numbers)."""
    def lengths(state: dict[str, object]) -> dict[str, object]:
        dtype, shape, data = state["text_lengths"]  # type: ignore[misc]
        values = np.frombuffer(data, dtype="<i8").copy()
        values[0] += 5
        state["text_lengths"] = (dtype, shape, values.tobytes())
        return state

    def object_dtype(state: dict[str, object]) -> dict[str, object]:
        _, shape, data = state["embeddings"]  # type: ignore[misc]
        state["embeddings"] = ("|O", shape, bytes(memoryview(data)))
        return state

    def short_bytes(state: dict[str, object]) -> dict[str, object]:
        dtype, shape, data = state["embeddings"]  # type: ignore[misc]
        state["embeddings"] = (dtype, shape, bytes(memoryview(data))[:-4])
        return state

    def evidence(state: dict[str, object]) -> dict[str, object]:
        count = state["count"]
        state["evidence_counts"] = _saved_array("<i8", (count,), np.eye(1, count, dtype="<i8")[0].tobytes())  # type: ignore[arg-type]
        state["evidence_ids"] = _saved_array("<i8", (1,), np.array([10**6], dtype="<i8").tobytes())
        return state

    def importance(state: dict[str, object]) -> dict[str, object]:
        dtype, shape, data = state["importance"]  # type: ignore[misc]
        values = np.frombuffer(data, dtype="<f8").copy()
        values[-1] = 11
        state["importance"] = (dtype, shape, values.tobytes())
        return state

    def generator(state: dict[str, object]) -> dict[str, object]:
        return {**state, "state": {"state": -1, "inc": 1}}

    streams = agents.memory.stream

    return {
        "stream-text-lengths": (streams, "stream_state", lengths, ("MemoryStream.text_lengths: add up to",)),
        "stream-object-dtype": (streams, "stream_state", object_dtype,
                                ("MemoryStream.embeddings: should hold dtype <f4, found '|O'",)),
        "stream-short-bytes": (streams, "stream_state", short_bytes, ("MemoryStream.embeddings: has shape", "but carries")),
        "stream-evidence": (streams, "stream_state", evidence,
                            ("MemoryStream.evidence_ids: names a memory outside the stream",)),
        "stream-importance": (streams, "stream_state", importance,
                              ("MemoryStream.importance: holds a value that is not a whole number",)),
        "np-rng-garbage": (agents.engine.simulation, "generator_state", generator,
                           ("Simulation.np_rng: should hold PCG64 'state' and 'inc'",)),
    }


# -- the folder ------------------------------------------------------------------------------------


def build_folder(saves_dir: Path, morning: bytes, marker: Path) -> tuple[list[Path], Cases, dict[str, str]]:
    """The saves folder: the good slots and every bad file; returns the bad files (in load order),
    the phrases of each, and the good slots' snapshot hashes."""
    saves_dir.mkdir(parents=True)
    good: dict[str, str] = {}
    for slot in GOOD_SLOTS:
        simulation: Simulation = pickle.loads(morning)
        save_slot(simulation, slot, saves_dir)
        good[slot] = simulation.snapshot_sha256()
    files: list[Path] = []
    cases: Cases = {}

    def add(stem: str, phrases: tuple[str, ...]) -> Path:
        path = saves_dir / f"{stem}{SAVE_SUFFIX}"
        files.append(path)
        cases[stem] = phrases
        return path

    good_file = slot_path(GOOD_SLOTS[0], saves_dir).read_bytes()
    _, header_line, body = good_file.split(b"\n", 2)
    add("truncated", (CORRUPT,)).write_bytes(good_file[: len(good_file) // 2])
    flipped = bytearray(good_file)
    flipped[-len(body) // 2] ^= 0x01
    add("flipped-byte", ("does not match its checksum", CORRUPT)).write_bytes(bytes(flipped))
    add("wrong-magic", ("this is not a Smallville save",)).write_bytes(b"SMALLVILLA-SAVE\n" + header_line + b"\n" + body)
    for stem, fields, phrases in (
            ("future-version", {"format_version": FORMAT_VERSION + 1}, ("made by a newer Smallville", "update the app")),
            ("older-format", {"format_version": 1}, ("earlier pre-release", "no longer reads")),
            ("lying-length-short", {"body_bytes": len(body) - 10}, ("promises", CORRUPT)),
            ("lying-length-huge", {"body_bytes": 3 * 1024**3}, ("header field 'body_bytes' should be at most",))):
        path = add(stem, phrases)
        path.write_bytes(good_file)
        rewrite_header_fields(path, **fields)
    lying_layout = (10**9).to_bytes(8, "little") + b"\x80\x05N."
    write_save_file(add("lying-layout", ("says its pickle has 1000000000 bytes", CORRUPT)), lying_layout, raw=True)
    os.symlink("/dev/zero", add("zero", ("is not a save file but a device",)))
    os.mkfifo(add("pipe", ("is not a save file but a pipe",)))
    add("folder", ("is not a save file but a folder",)).mkdir()
    for stem, (pickled, phrases) in crafted_pickles(marker).items():
        write_save_file(add(stem, phrases), pickled)
    for stem, (change, phrases) in broken_simulations(morning).items():
        simulation = pickle.loads(morning)
        simulation.world = tiny_world()
        simulation.places = PlaceIndex(simulation.world)
        save_state(add(stem, phrases), change(simulation))
    for stem, (module, name, change, phrases) in state_tamperings().items():
        with tampered(module, name, change):
            simulation = pickle.loads(morning)
            simulation.world = tiny_world()
            simulation.places = PlaceIndex(simulation.world)
            save_state(add(stem, phrases), simulation)
    return files, cases, good


def run_child(saves_dir: Path, files: list[Path]) -> tuple[subprocess.CompletedProcess[str], list[dict[str, object]]]:
    environment = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
                   "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    result = subprocess.run([sys.executable, str(CHILD), str(saves_dir), ",".join(GOOD_SLOTS), *map(str, files)],
                            capture_output=True, text=True, timeout=300, env=environment, check=False)
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    return result, lines


def test_hostile_and_broken_saves_are_refused_in_a_watched_child(morning_pickle: bytes, saves_dir: Path,
                                                                 tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    files, cases, good = build_folder(saves_dir, morning_pickle, marker)

    result, lines = run_child(saves_dir, files)

    loading = [line["loading"] for line in lines if "loading" in line]
    assert result.returncode == 0, (f"the child ended with {result.returncode} (a negative code is a signal) while "
                                    f"loading {loading[-1] if loading else 'nothing'}:\n{result.stderr[-3000:]}")
    reports = {str(line["file"]).removesuffix(SAVE_SUFFIX): line for line in lines if "file" in line}
    assert set(reports) == set(cases), "every file was loaded"
    for path in files:
        stem = path.name.removesuffix(SAVE_SUFFIX)
        report = reports[stem]
        assert report["outcome"] == "SaveSlotError", f"{stem}: {report['outcome']}: {report['message']}"
        message = str(report["message"])
        assert str(path) in message, f"{stem}: the message must name the file: {message}"
        for phrase in cases[stem]:
            assert phrase in message, f"{stem}: {phrase!r} not in {message!r}"
        size = os.lstat(path).st_size if path.is_file() and not path.is_symlink() else 0
        if report["rise_kib"] is not None:
            allowed = RISE_PER_FILE_BYTE * size + RISE_SLACK_BYTES
            assert int(report["rise_kib"]) * 1024 <= allowed, f"{stem}: memory rose {report['rise_kib']} KiB"  # type: ignore[call-overload]
    assert not marker.exists(), "something in a file ran"
    listing = next(line for line in lines if "listed" in line)
    assert set(GOOD_SLOTS) <= set(listing["listed"])  # type: ignore[arg-type]
    assert {"zero", "pipe", "folder", "truncated", "wrong-magic", "future-version", "older-format"} <= {
        str(name).removesuffix(SAVE_SUFFIX) for name in listing["problems"]}  # type: ignore[attr-defined]
    good_loads = [line for line in lines if "good" in line]
    assert {line["good"]: line["snapshot"] for line in good_loads} == good, "the good slots load to the states saved"
    if any(line["rise_kib"] is None for line in good_loads):
        pytest.skip("all refused as they should be; memory not measured: /proc/self/clear_refs is not writable here")
    # the control: the first good load builds a world (the second shares it), which the measure sees
    assert int(good_loads[0]["rise_kib"]) > 1024, "the measure sees a real load's memory"  # type: ignore[call-overload]


def test_the_crafted_pickles_would_do_harm_unrestricted(tmp_path: Path) -> None:
    """The crafted pickles are what they say: the names a plain ``pickle.loads`` would call (read off
    their opcodes, without running the dangerous ones), and the one that runs a command does."""
    import pickletools

    marker = tmp_path / "pwned"
    crafted = crafted_pickles(marker)

    def names(stem: str) -> set[str]:
        return {argument for _, argument, _ in pickletools.genops(crafted[stem][0]) if isinstance(argument, str)}

    assert {"_reconstruct", "str"} <= names("numpy-object-array-str")
    assert {"numpy._core.multiarray", "numpy.core.multiarray"} & names("numpy-object-array-str")
    assert {"builtins", "bytearray"} <= names("bytearray-1-5-gb") and {"list", "range"} <= names("list-of-range")
    assert {"numpy", "ndarray"} <= names("numpy-huge-ndarray")
    memo_opcodes = [opcode.name for opcode, _, _ in pickletools.genops(crafted["memo-index"][0])]
    assert "LONG_BINPUT" in memo_opcodes
    pickle.loads(crafted["os-system"][0])
    assert marker.exists()


@pytest.mark.parametrize("stem", ["zero"])
def test_a_link_to_a_device_is_refused_before_reading(stem: str, saves_dir: Path) -> None:
    """In this process too: the link is refused at once (it would otherwise be read for ever)."""
    from agents.persistence.errors import SaveSlotError
    from agents.persistence.save_slots import list_slots, load_slot

    saves_dir.mkdir(parents=True)
    link = saves_dir / f"{stem}{SAVE_SUFFIX}"
    os.symlink("/dev/zero", link)
    with pytest.raises(SaveSlotError, match="a device"):
        load_slot(stem, saves_dir)
    assert [problem.path for problem in list_slots(saves_dir).problems] == [link]


def test_a_link_to_a_good_save_loads_like_the_save(simulation: Simulation, saves_dir: Path, tmp_path: Path) -> None:
    from agents.persistence.save_slots import load_slot

    elsewhere = tmp_path / "kept"
    save_slot(simulation, "original", elsewhere)
    saves_dir.mkdir(parents=True)
    os.symlink(slot_path("original", elsewhere), slot_path("linked", saves_dir))
    assert load_slot("linked", saves_dir).simulation.snapshot_sha256() == simulation.snapshot_sha256()
