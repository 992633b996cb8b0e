"""Save slots: a whole simulation saved as one file ``<saves_dir>/<slot>.smallville-save``.

Use::

    header = save_slot(simulation, "monday-morning", user_saves_dir())
    loaded = load_slot("monday-morning", user_saves_dir())     # loaded.simulation goes on from there
    listing = list_slots(user_saves_dir())                     # listing.slots, listing.problems
    fork_slot("monday-morning", "what-if", user_saves_dir())   # a copy that remembers its parent
    delete_slot("what-if", user_saves_dir())
    newest_slot(user_saves_dir())                              # the title's "Continue"

Saving is two halves, so the game can save without stopping its window: :func:`capture_save`
pickles the state (on the thread that owns the simulation, between steps; about 10 ms for 25
residents at 11:00: the world and the memory streams are mostly bytes kept from the last save, and
the embedding rows go out of band without a copy) and :func:`write_captured_save` hashes and writes
it (on any thread; see :mod:`agents.persistence.background_save`). :func:`save_slot` is both in
turn. A slot may have a picture beside it (``<slot>.thumb.png``, :mod:`agents.persistence.thumbnails`).

The file format is in :mod:`agents.persistence.save_format`; what a save may contain is decided by
:mod:`agents.persistence.restricted_unpickler` (after :mod:`agents.persistence.pickle_opcodes`), and
a loaded town is checked by :mod:`agents.persistence.state_check` before it is handed on. Writes are
atomic: a failed save (a full disk) leaves the slot's previous save as it was. Listing the folder
and writing into it first remove the temporary files interrupted saves left there
(:mod:`agents.persistence.save_leftovers`; never one of a save in progress). Every failure is a
:class:`SaveSlotError` saying what to do.
"""

from __future__ import annotations

import errno
import logging
import pickle
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from agents.atomic_write import write_bytes_atomically
from agents.engine.simulation import Simulation
from agents.persistence.errors import SaveSlotError
from agents.persistence.restricted_unpickler import restricted_loads
from agents.persistence.save_format import (
    FORMAT_VERSION,
    MAGIC,
    SAVE_SUFFIX,
    Buffer,
    SaveHeader,
    body_length,
    body_sha256,
    current_app_version,
    encode_body,
    encode_save,
    read_header,
    read_verified_body,
    split_body,
)
from agents.persistence.save_leftovers import remove_stale_temporaries, writing
from agents.persistence.state_check import check_simulation
from agents.persistence.thumbnails import (
    copy_thumbnail,
    existing_thumbnail,
    remove_thumbnail,
    thumbnail_path,
    write_thumbnail,
)

log = logging.getLogger(__name__)

SLOT_NAME_PATTERN = re.compile(r"[A-Za-z0-9_-]{1,64}")
# names Windows reserves for devices, whatever the extension
_RESERVED_NAMES = frozenset({"con", "prn", "aux", "nul"} | {f"{port}{n}" for port in ("com", "lpt") for n in range(10)})
_DISK_FULL = frozenset({errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)})


@dataclass(frozen=True)
class LoadedSlot:
    """A loaded save: its header, the simulation (ready to step on) and the file it came from."""

    header: SaveHeader
    simulation: Simulation
    path: Path

    @property
    def slot(self) -> str:
        return slot_of(self.path)


@dataclass(frozen=True)
class SlotEntry:
    """One readable save in a saves folder (its body is not checked until it is loaded);
    ``thumbnail`` is its picture's file, when it has one."""

    slot: str
    path: Path
    header: SaveHeader
    thumbnail: Path | None = None


@dataclass(frozen=True)
class CapturedSave:
    """A simulation's state taken for a save (:func:`capture_save`), not written yet: the pickle and
    its out-of-band buffers, and what the header will say. The buffers are views of memory that
    never changes once written (the memory streams' embedding rows); nothing else in it is live, so
    any thread may write it."""

    slot: str
    path: Path
    pickled: bytes = field(repr=False)
    buffers: tuple[pickle.PickleBuffer, ...] = field(repr=False)
    created_at: datetime
    game_time: datetime
    step_index: int
    scenario: str
    world: str
    resident_count: int
    parent_slot: str | None
    thumbnail_png: bytes | None = field(default=None, repr=False)
    recording: str | None = None  # the recording the town goes on into (see SaveHeader.recording)

    def body_chunks(self) -> list[Buffer]:
        """The save's body (:func:`~agents.persistence.save_format.encode_body`), without copying."""
        return encode_body(self.pickled, self.buffers)


@dataclass(frozen=True)
class SlotProblem:
    """A file in a saves folder that is not a readable save; ``reason`` names it and says what to do."""

    path: Path
    reason: str


@dataclass(frozen=True)
class SlotListing:
    """The saves of a folder, oldest first, and the files there that could not be read."""

    slots: tuple[SlotEntry, ...]
    problems: tuple[SlotProblem, ...]


# -- names and paths ---------------------------------------------------------------------------------


def check_slot_name(slot: str, field: str = "slot name") -> str:
    """``slot`` if it is a valid slot name (1-64 ASCII letters, digits, ``-``, ``_``), else SaveSlotError."""
    if not SLOT_NAME_PATTERN.fullmatch(slot):
        raise SaveSlotError(f"{field} {slot!r}", "a slot name must be 1 to 64 characters, each a letter (A-Z, a-z), "
                                                 "a digit, '-' or '_'", "pick a name like 'monday-morning' or 'run_2'")
    if slot.casefold() in _RESERVED_NAMES:
        raise SaveSlotError(f"{field} {slot!r}", "this name is reserved for a device on Windows",
                            "pick another name, for example 'my-" + slot + "'")
    return slot


def slot_path(slot: str, saves_dir: Path) -> Path:
    """The file of slot ``slot`` in ``saves_dir`` (the name is checked)."""
    return saves_dir / f"{check_slot_name(slot)}{SAVE_SUFFIX}"


def slot_of(path: Path) -> str:
    """The slot name a save file's name gives (its name without the suffix)."""
    return path.name.removesuffix(SAVE_SUFFIX)


# -- saving ------------------------------------------------------------------------------------------


def save_slot(simulation: Simulation, slot: str, saves_dir: Path, *, parent_slot: str | None = None,
              thumbnail_png: bytes | None = None, recording: str | None = None) -> SaveHeader:
    """Save ``simulation`` as slot ``slot`` (replacing what the slot held, and its picture: the one
    given, or none) and return the header written."""
    captured = capture_save(simulation, slot, saves_dir, parent_slot=parent_slot, thumbnail_png=thumbnail_png,
                            recording=recording)
    return write_captured_save(captured)


def capture_save(simulation: Simulation, slot: str, saves_dir: Path, *, parent_slot: str | None = None,
                 thumbnail_png: bytes | None = None, recording: str | None = None) -> CapturedSave:
    """The first half of a save: pickle ``simulation`` now (call it between steps, on the thread that
    owns the simulation). The slot name is checked here, so a bad name fails before anything is done."""
    path = slot_path(slot, saves_dir)
    if parent_slot is not None:
        check_slot_name(parent_slot, field="parent slot")
    buffers: list[pickle.PickleBuffer] = []
    try:
        pickled = pickle.dumps(simulation, protocol=5, buffer_callback=buffers.append)
    except (pickle.PicklingError, TypeError, AttributeError, ValueError) as error:
        raise SaveSlotError(path, f"the simulation could not be saved: it holds something that cannot be "
                                  f"pickled ({error})", "this is a bug in Smallville; please report it") from error
    return CapturedSave(slot=slot, path=path, pickled=pickled, buffers=tuple(buffers), created_at=datetime.now(UTC), game_time=simulation.now,
                        step_index=simulation.clock.step_index, scenario=simulation.scenario_name,
                        world=simulation.world.name, resident_count=len(simulation.residents),
                        parent_slot=parent_slot, thumbnail_png=thumbnail_png, recording=recording)


def write_captured_save(captured: CapturedSave) -> SaveHeader:
    """The second half of a save (any thread): hash the body, write header and body atomically (a
    failure leaves the slot's previous save intact), then the picture. Returns the header written."""
    body = captured.body_chunks()
    header = SaveHeader(
        magic=MAGIC,
        format_version=FORMAT_VERSION,
        app_version=current_app_version(),
        created_at=captured.created_at,
        game_time=captured.game_time,
        step_index=captured.step_index,
        scenario=captured.scenario,
        world=captured.world,
        resident_count=captured.resident_count,
        parent_slot=captured.parent_slot,
        body_sha256=body_sha256(body),
        body_bytes=body_length(body),
        recording=captured.recording,
    )
    path = captured.path
    with writing((path, thumbnail_path(path))):
        remove_stale_temporaries(path.parent)
        try:
            write_bytes_atomically(path, encode_save(header, body))
        except OSError as error:
            raise _write_error(path, error) from error
        write_thumbnail(path, captured.thumbnail_png)
    log.info("saved slot %s (step %d, %d bytes) to %s", captured.slot, header.step_index, header.body_bytes, path)
    return header


def _write_error(path: Path, error: OSError) -> SaveSlotError:
    if error.errno in _DISK_FULL:
        problem = "could not save: the disk is full"
        hint = "free some disk space, then save again"
    else:
        problem = f"could not save: the folder {path.parent} is not writable ({error.strerror or error})"
        hint = "check the folder's permissions (or choose another saves folder), then save again"
    return SaveSlotError(path, problem, f"the previous save in this slot, if any, is intact; {hint}")


# -- loading -----------------------------------------------------------------------------------------


def load_slot(slot_or_path: str | Path, saves_dir: Path) -> LoadedSlot:
    """Load a save: a slot name (a ``str``) in ``saves_dir``, or a save file (a ``Path``, or a ``str``
    ending in the save suffix or holding a folder separator). The header, the body's length and sha256
    are checked before the body is unpickled, with only the simulation's own classes admitted, and
    the town's structure (:func:`~agents.persistence.state_check.check_simulation`) after."""
    path = _resolve(slot_or_path, saves_dir)
    header, body = read_verified_body(path)
    pickled, buffers = split_body(path, body)
    simulation = check_simulation(restricted_loads(pickled, path, buffers), path)
    if header.app_version != current_app_version():
        log.info("%s was saved by Smallville %s; this is %s", path, header.app_version, current_app_version())
    log.info("loaded slot %s (step %d) from %s", slot_of(path), header.step_index, path)
    return LoadedSlot(header=header, simulation=simulation, path=path)


def _resolve(slot_or_path: str | Path, saves_dir: Path) -> Path:
    if isinstance(slot_or_path, Path):
        return slot_or_path
    if slot_or_path.endswith(SAVE_SUFFIX) or "/" in slot_or_path or "\\" in slot_or_path:
        return Path(slot_or_path)
    return slot_path(slot_or_path, saves_dir)


# -- the folder --------------------------------------------------------------------------------------


def list_slots(saves_dir: Path) -> SlotListing:
    """The saves in ``saves_dir`` (headers only), oldest first; unreadable ``*.smallville-save`` files
    are listed as problems instead. A missing folder has no saves."""
    if not saves_dir.exists():
        return SlotListing(slots=(), problems=())
    if not saves_dir.is_dir():
        raise SaveSlotError(saves_dir, "the saves folder is a file, not a folder", "move that file away")
    remove_stale_temporaries(saves_dir)
    try:
        candidates = sorted(saves_dir.glob(f"*{SAVE_SUFFIX}"))
    except OSError as error:
        raise SaveSlotError(saves_dir, f"the saves folder could not be read ({error.strerror or error})",
                            "check that it is a folder you may read") from error
    slots: list[SlotEntry] = []
    problems: list[SlotProblem] = []
    for path in candidates:
        try:
            check_slot_name(slot_of(path), field="file name")
            slots.append(SlotEntry(slot=slot_of(path), path=path, header=read_header(path),
                                   thumbnail=existing_thumbnail(path)))
        except SaveSlotError as error:
            log.warning("skipping a save that cannot be read: %s", error)
            problems.append(SlotProblem(path=path, reason=str(error)))
    slots.sort(key=lambda entry: (entry.header.created_at, entry.slot))
    return SlotListing(slots=tuple(slots), problems=tuple(problems))


def fork_slot(source: str | Path, new_slot: str, saves_dir: Path) -> SaveHeader:
    """Load ``source`` (a slot name or a save file) and save it as the new slot ``new_slot``, whose
    header names ``source`` as its parent. An existing ``new_slot`` is not replaced."""
    target = slot_path(new_slot, saves_dir)
    if target.exists():
        raise SaveSlotError(target, f"the slot {new_slot!r} already exists",
                            "pick another name for the fork, or delete that slot first")
    loaded = load_slot(source, saves_dir)
    header = save_slot(loaded.simulation, new_slot, saves_dir, parent_slot=loaded.slot,
                       recording=loaded.header.recording)  # goes on as a branch of the same recording
    copy_thumbnail(loaded.path, target)
    return header


def newest_slot(saves_dir: Path) -> SlotEntry | None:
    """The most recently saved readable slot of ``saves_dir`` (autosaves and quick saves included),
    or None when there is none: what "Continue" loads. A save cut short by a crash is never it (a
    write replaces a slot only when complete, and a file shorter than its header says is unreadable)."""
    slots = list_slots(saves_dir).slots
    return slots[-1] if slots else None


def delete_slot(slot: str, saves_dir: Path) -> Path:
    """Delete slot ``slot`` from ``saves_dir``; returns the deleted file."""
    path = slot_path(slot, saves_dir)
    try:
        path.unlink()
    except FileNotFoundError as error:
        raise SaveSlotError(path, f"there is no save slot named {slot!r} to delete",
                            "list the slots to see which exist") from error
    except OSError as error:
        raise SaveSlotError(path, f"the save could not be deleted ({error.strerror or error})",
                            "check the file's permissions") from error
    remove_thumbnail(path)
    log.info("deleted slot %s (%s)", slot, path)
    return path
