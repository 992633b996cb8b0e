"""The file of a recording: one SQLite database ``<recordings_dir>/<name>.smallville-rec``.

Standard-library ``sqlite3`` in WAL mode: the recorder writes in transactions (one per game minute,
one per keyframe, one at close) while readers read what has been committed; a process killed while
recording loses at most the transaction it had not committed. Tables:

============================ ==============================================================================
``meta``                     one row ``meta``: the :class:`RecordingMeta` as JSON
``progress``                 one row: the last step committed
``strings``                  every text the recording refers to, once (id -> text)
``residents``                index, name, sprite, portrait, and the persona (pickled once)
``statics``                  what never changes in a run: the world map and the place index (pickled once)
``frames``                   every ``frame_key_steps`` steps, what every resident shows (JSON, zlib)
``step_batches``             per transaction: the frame changes and the mind events of its steps (JSON, zlib)
``conversations``            every conversation (participants, start, lines), once
``embeddings``               memory embeddings (float32 bytes), each distinct one once
``memories``                 every memory of every resident, once, with the step it was first seen
``keyframes``                per keyframe: the rest of the town (pickled), and per resident
``keyframe_residents``       the resident without memories and growing parts (pickled), and the changes of
                             the stream's importance and last-access arrays since a base
``keyframe_parts``           per owner (the town, each resident): the growing lists and dicts (action log,
                             conversations, places known, ...) as the items new since a base (pickled)
============================ ==============================================================================

What goes into the blobs is in :mod:`agents.persistence.recorder` (frames, mind events) and
:mod:`agents.persistence.recording_keyframes`. A recording is read as untrusted input: pickles are
unpickled with :func:`agents.persistence.restricted_unpickler.restricted_loads`, every blob's size
is checked before and after it is unpacked, and a broken file is a :class:`RecordingError` naming
the file and what is wrong in it.
"""

from __future__ import annotations

import json
import logging
import os
import pickle
import sqlite3
import stat
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from agents.paths import user_recordings_dir
from agents.persistence.errors import SaveSlotError
from agents.persistence.restricted_unpickler import restricted_loads
from agents.persistence.save_slots import check_slot_name

log = logging.getLogger(__name__)

RECORDING_SUFFIX = ".smallville-rec"
FORMAT_VERSION = 1
APPLICATION_ID = 0x534D5652  # "SMVR" in the database header: a Smallville recording
MAX_BLOB_BYTES = 512 * 1024 * 1024  # no unpacked blob (a keyframe's town, a batch) may be larger
WAL_CHECKPOINT_PAGES = 4000  # the log is copied into the file (and synced) every ~16 MB written
_SQLITE_MAGIC = b"SQLite format 3\x00"
_BROKEN_HINT = "the recording is damaged or was not made by Smallville; replay another one"

# where conversation and whisper memories came from (text ids; a memory without a source has no row);
# recordings made before memories had sources lack the table (:func:`has_table`)
MEMORY_SOURCES_TABLE = """memory_sources(resident INTEGER NOT NULL, memory_id INTEGER NOT NULL, channel TEXT NOT NULL,
                      speaker INTEGER NOT NULL, listener INTEGER NOT NULL, at INTEGER NOT NULL,
                      PRIMARY KEY (resident, memory_id)) WITHOUT ROWID"""
SCHEMA = f"""
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE progress(id INTEGER PRIMARY KEY CHECK (id = 0), last_step INTEGER NOT NULL);
CREATE TABLE strings(id INTEGER PRIMARY KEY, text TEXT NOT NULL);
CREATE TABLE residents(idx INTEGER PRIMARY KEY, name TEXT NOT NULL, sprite TEXT NOT NULL, portrait TEXT NOT NULL,
                       raw_bytes INTEGER, persona BLOB);
CREATE TABLE statics(name TEXT PRIMARY KEY, raw_bytes INTEGER NOT NULL, body BLOB NOT NULL);
CREATE TABLE frames(step INTEGER PRIMARY KEY, body BLOB NOT NULL);
CREATE TABLE step_batches(last_step INTEGER PRIMARY KEY, first_step INTEGER NOT NULL, frame_changes BLOB NOT NULL,
                          mind_events BLOB NOT NULL);
CREATE TABLE conversations(id INTEGER PRIMARY KEY, step INTEGER NOT NULL, first TEXT NOT NULL, second TEXT NOT NULL,
                           started TEXT NOT NULL, turns TEXT NOT NULL);
CREATE TABLE embeddings(id INTEGER PRIMARY KEY, digest BLOB NOT NULL UNIQUE, vector BLOB NOT NULL);
CREATE TABLE memories(resident INTEGER NOT NULL, memory_id INTEGER NOT NULL, step INTEGER NOT NULL, kind TEXT NOT NULL,
                      description INTEGER NOT NULL, created INTEGER NOT NULL, importance INTEGER NOT NULL,
                      subject INTEGER NOT NULL, predicate INTEGER NOT NULL, object INTEGER NOT NULL,
                      evidence TEXT NOT NULL, embedding INTEGER NOT NULL, last_access REAL NOT NULL,
                      PRIMARY KEY (resident, memory_id)) WITHOUT ROWID;
CREATE TABLE keyframes(step INTEGER PRIMARY KEY, raw_bytes INTEGER NOT NULL, town BLOB NOT NULL);
CREATE TABLE keyframe_residents(step INTEGER NOT NULL, resident INTEGER NOT NULL, raw_bytes INTEGER NOT NULL,
                                body BLOB NOT NULL, memories INTEGER NOT NULL, capacity INTEGER NOT NULL,
                                dimension INTEGER NOT NULL, epoch TEXT NOT NULL, arrays_base INTEGER,
                                arrays BLOB NOT NULL, UNIQUE (step, resident));
CREATE TABLE keyframe_parts(step INTEGER NOT NULL, owner INTEGER NOT NULL, raw_bytes INTEGER NOT NULL,
                            body BLOB NOT NULL, UNIQUE (step, owner));
CREATE TABLE {MEMORY_SOURCES_TABLE};
"""


class RecordingError(SaveSlotError):
    """A recording could not be written, found, read or trusted; names the file (or name) and says
    what to do (the same shape as :class:`SaveSlotError`, which it is, so one handler takes both)."""


@dataclass(frozen=True)
class ResidentIdentity:
    """Who a recorded resident is, as far as drawing them goes (sprite and portrait file stems,
    "" for the world's default)."""

    name: str
    sprite: str = ""
    portrait: str = ""


@dataclass(frozen=True)
class RecordingLink:
    """A moment of a recording: a fork's parent, or what a save slot's header points at."""

    name: str
    step: int


@dataclass(frozen=True)
class RecordingMeta:
    """What a recording is of. ``clock_start`` is the time of step 0 (the town's clock start, not the
    first recorded step); ``first_step`` is the step the recording begins at; ``parent`` the
    recording and step a fork began from (its earlier steps are read there)."""

    name: str
    world: str
    world_map_path: str  # the .tmx the world was loaded from when recorded ("" if unknown): a hint only
    scenario: str
    step_seconds: int
    clock_start: datetime
    first_step: int
    seed: int | None
    residents: tuple[ResidentIdentity, ...]
    parent: RecordingLink | None
    keyframe_interval_steps: int
    frame_key_steps: int
    created_at: datetime
    app_version: str
    format_version: int = FORMAT_VERSION
    has_minds: bool = True  # False for an imported run: frames only, no keyframes or memories

    def to_json(self) -> str:
        return json.dumps({
            "name": self.name, "world": self.world, "world_map_path": self.world_map_path,
            "scenario": self.scenario, "step_seconds": self.step_seconds,
            "clock_start": self.clock_start.isoformat(), "first_step": self.first_step, "seed": self.seed,
            "residents": [[r.name, r.sprite, r.portrait] for r in self.residents],
            "parent": [self.parent.name, self.parent.step] if self.parent else None,
            "keyframe_interval_steps": self.keyframe_interval_steps, "frame_key_steps": self.frame_key_steps,
            "created_at": self.created_at.isoformat(), "app_version": self.app_version,
            "format_version": self.format_version, "has_minds": self.has_minds,
        }, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str, path: Path) -> RecordingMeta:
        try:
            data = json.loads(text)
            if not isinstance(data, dict):
                raise TypeError("not a JSON object")
            version = data["format_version"]
            if type(version) is not int or version < 1:
                raise ValueError(f"format_version {version!r}")
            if version > FORMAT_VERSION:
                raise RecordingError(path, f"this recording was made by a newer Smallville (recording format "
                                           f"{version}; this app reads format {FORMAT_VERSION})",
                                     "update the app to replay it")
            parent = data["parent"]
            meta = cls(
                name=str(data["name"]), world=str(data["world"]), world_map_path=str(data["world_map_path"]),
                scenario=str(data["scenario"]), step_seconds=_positive(data["step_seconds"], "step_seconds"),
                clock_start=datetime.fromisoformat(data["clock_start"]),
                first_step=_count(data["first_step"], "first_step"),
                seed=None if data["seed"] is None else int(data["seed"]),
                residents=tuple(ResidentIdentity(str(n), str(s), str(p)) for n, s, p in data["residents"]),
                parent=None if parent is None else RecordingLink(str(parent[0]), _count(parent[1], "parent step")),
                keyframe_interval_steps=_positive(data["keyframe_interval_steps"], "keyframe_interval_steps"),
                frame_key_steps=_positive(data["frame_key_steps"], "frame_key_steps"),
                created_at=datetime.fromisoformat(data["created_at"]), app_version=str(data["app_version"]),
                format_version=version, has_minds=bool(data.get("has_minds", True)))
        except RecordingError:
            raise
        except (json.JSONDecodeError, KeyError, TypeError, ValueError, IndexError) as error:
            raise RecordingError(path, f"the recording's meta is not valid ({type(error).__name__}: {error})",
                                 _BROKEN_HINT) from error
        return meta

    def resident_names(self) -> tuple[str, ...]:
        return tuple(r.name for r in self.residents)


def _count(value: object, field: str) -> int:
    if type(value) is not int or value < 0:
        raise ValueError(f"{field} should be a whole number from 0, found {value!r}")
    return value


def _positive(value: object, field: str) -> int:
    if type(value) is not int or value < 1:
        raise ValueError(f"{field} should be a whole number from 1, found {value!r}")
    return value


# -- names and paths ----------------------------------------------------------------------------------


def check_recording_name(name: str, field: str = "recording name") -> str:
    """``name`` if it is a valid recording name (the rules of slot names), else a RecordingError."""
    try:
        return check_slot_name(name, field)
    except SaveSlotError as error:
        raise RecordingError(error.subject, error.problem, error.hint) from None


def recording_path(name: str, recordings_dir: Path | None = None) -> Path:
    """The file of recording ``name`` (checked) in ``recordings_dir`` (default: the per-user one)."""
    folder = user_recordings_dir() if recordings_dir is None else recordings_dir
    return folder / f"{check_recording_name(name)}{RECORDING_SUFFIX}"


def recording_name_of(path: Path) -> str:
    return path.name.removesuffix(RECORDING_SUFFIX)


def generated_recording_name(recordings_dir: Path | None = None, prefix: str = "town") -> str:
    """A new name for a town not saved yet: ``town-YYYYmmdd-HHMMSS`` (wall clock), with ``-2``, ...
    when that one is taken."""
    base = f"{prefix}-{datetime.now():%Y%m%d-%H%M%S}"
    name, number = base, 1
    while recording_path(name, recordings_dir).exists():
        number += 1
        name = f"{base}-{number}"
    return name


def sidecar_files(path: Path) -> tuple[Path, Path]:
    """SQLite's write-ahead log and shared-memory files beside ``path``."""
    return path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")


def remove_recording_files(path: Path) -> None:
    for file in (path, *sidecar_files(path)):
        file.unlink(missing_ok=True)


def delete_recording(name: str, recordings_dir: Path | None = None) -> Path:
    """Delete recording ``name`` (and its log files); returns the deleted file."""
    path = recording_path(name, recordings_dir)
    if not path.exists():
        raise RecordingError(path, f"there is no recording named {name!r} to delete",
                             "list the recordings (smallville-sim replay list) to see which exist")
    remove_recording_files(path)
    log.info("deleted recording %s (%s)", name, path)
    return path


# -- connections --------------------------------------------------------------------------------------


def create_database(path: Path, meta: RecordingMeta) -> sqlite3.Connection:
    """A new recording file (it must not exist) with its schema and meta, in WAL mode."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:  # a file where the folder should be, no permission, a full disk
        raise write_error(path, error) from error
    if path.exists():
        raise RecordingError(path, "a recording with this name exists already",
                             "pick another name, or replace it (overwrite)")
    connection = _connect_for_writing(path)
    try:
        connection.executescript(f"BEGIN; PRAGMA application_id = {APPLICATION_ID};" + SCHEMA)  # left open
        connection.execute("INSERT INTO meta(key, value) VALUES ('meta', ?)", (meta.to_json(),))
        connection.execute("INSERT INTO progress(id, last_step) VALUES (0, ?)", (meta.first_step,))
        connection.execute("COMMIT")
    except sqlite3.Error as error:
        connection.close()
        remove_recording_files(path)
        raise write_error(path, error) from error
    return connection


def open_for_writing(path: Path) -> tuple[sqlite3.Connection, RecordingMeta]:
    """An existing recording opened to go on writing it, and its meta."""
    check_regular_file(path)
    connection = _connect_for_writing(path)
    try:
        check_application_id(connection, path)
        meta = read_meta(connection, path)
        connection.execute(f"CREATE TABLE IF NOT EXISTS {MEMORY_SOURCES_TABLE}")  # a recording made before sources
        return connection, meta
    except BaseException:
        connection.close()
        raise


def has_table(connection: sqlite3.Connection, table: str, schema: str = "main") -> bool:
    """Whether the recording (``schema``: ``main`` or an attached one) has ``table``."""
    return connection.execute(f"SELECT 1 FROM {schema}.sqlite_master WHERE type = 'table' AND name = ?",
                              (table,)).fetchone() is not None


def _connect_for_writing(path: Path) -> sqlite3.Connection:
    try:
        connection = sqlite3.connect(path, isolation_level=None)
        connection.execute("PRAGMA journal_mode = WAL")
        connection.execute("PRAGMA synchronous = NORMAL")  # with WAL: a killed process loses no committed step
        connection.execute(f"PRAGMA wal_autocheckpoint = {WAL_CHECKPOINT_PAGES}")  # each checkpoint syncs: few
    except sqlite3.Error as error:
        raise write_error(path, error) from error
    return connection


def open_for_reading(path: Path) -> sqlite3.Connection:
    """A read-only connection to a recording (it may be being written meanwhile)."""
    check_regular_file(path)
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None)
        check_application_id(connection, path)
    except sqlite3.Error as error:
        raise RecordingError(path, f"the recording could not be opened ({error})", _BROKEN_HINT) from error
    return connection


def check_regular_file(path: Path) -> None:
    """A recording is read only from a regular file that starts as an SQLite database does."""
    try:
        info = path.lstat()
        if stat.S_ISLNK(info.st_mode):
            info = path.stat()
    except FileNotFoundError as error:
        raise RecordingError(path, "there is no such recording",
                             "list the recordings (smallville-sim replay list) to see which exist") from error
    except OSError as error:
        raise RecordingError(path, f"the recording could not be read ({error.strerror or error})",
                             "check that it is a file you may read") from error
    if not stat.S_ISREG(info.st_mode):
        raise RecordingError(path, "this is not a regular file", "a recording is a .smallville-rec file")
    try:
        with path.open("rb") as handle:
            head = handle.read(len(_SQLITE_MAGIC))
    except OSError as error:
        raise RecordingError(path, f"the recording could not be read ({error.strerror or error})",
                             "check that it is a file you may read") from error
    if head != _SQLITE_MAGIC:
        raise RecordingError(path, "this is not a Smallville recording (not an SQLite database)", _BROKEN_HINT)


def check_application_id(connection: sqlite3.Connection, path: Path) -> None:
    try:
        (found,) = connection.execute("PRAGMA application_id").fetchone()
    except sqlite3.Error as error:
        raise RecordingError(path, f"the recording could not be read ({error})", _BROKEN_HINT) from error
    if found != APPLICATION_ID:
        raise RecordingError(path, "this SQLite file is not a Smallville recording", _BROKEN_HINT)


def read_meta(connection: sqlite3.Connection, path: Path) -> RecordingMeta:
    try:
        row = connection.execute("SELECT value FROM meta WHERE key = 'meta'").fetchone()
    except sqlite3.Error as error:
        raise RecordingError(path, f"the recording's meta could not be read ({error})", _BROKEN_HINT) from error
    if row is None or not isinstance(row[0], str):
        raise RecordingError(path, "the recording has no meta", _BROKEN_HINT)
    return RecordingMeta.from_json(row[0], path)


def read_last_step(connection: sqlite3.Connection, path: Path) -> int:
    try:
        row = connection.execute("SELECT last_step FROM progress WHERE id = 0").fetchone()
    except sqlite3.Error as error:
        raise RecordingError(path, f"the recording could not be read ({error})", _BROKEN_HINT) from error
    if row is None or type(row[0]) is not int or row[0] < 0:
        raise RecordingError(path, "the recording says nothing of how far it got", _BROKEN_HINT)
    return int(row[0])


def write_error(path: Path, error: Exception) -> RecordingError:
    text = str(error)
    if "full" in text.casefold():
        return RecordingError(path, "could not record: the disk is full",
                              "free some disk space; what was recorded so far is kept")
    return RecordingError(path, f"could not record ({type(error).__name__}: {text})",
                          "check that the recordings folder is writable; what was recorded so far is kept")


# -- blobs --------------------------------------------------------------------------------------------


def pack_json(value: object, level: int = 6) -> bytes:
    return zlib.compress(json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode("utf-8"), level)


def unpack_json(blob: object, path: Path, what: str) -> Any:
    """A JSON blob of the recording, decompressed within :data:`MAX_BLOB_BYTES`."""
    data = _inflate(blob, path, what, MAX_BLOB_BYTES)
    try:
        return json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise RecordingError(path, f"{what} is not valid ({error})", _BROKEN_HINT) from error


def pack_pickle(value: object, level: int = 6) -> tuple[int, bytes]:
    """``value`` pickled and compressed: (its pickle's length, the blob)."""
    body = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    return len(body), zlib.compress(body, level)


def unpack_pickle(blob: object, raw_bytes: object, path: Path, what: str) -> object:
    """A pickled blob: its declared length checked (at most :data:`MAX_BLOB_BYTES`, and exactly what
    it unpacks to), then unpickled with the restricted unpickler (only the simulation's classes)."""
    if type(raw_bytes) is not int or not 0 <= raw_bytes <= MAX_BLOB_BYTES:
        raise RecordingError(path, f"{what} declares {raw_bytes!r} bytes (at most {MAX_BLOB_BYTES} allowed)",
                             _BROKEN_HINT)
    body = _inflate(blob, path, what, raw_bytes)
    if len(body) != raw_bytes:
        raise RecordingError(path, f"{what} holds {len(body)} bytes but declares {raw_bytes}", _BROKEN_HINT)
    try:
        return restricted_loads(body, Path(f"{path} ({what})"))
    except SaveSlotError as error:
        raise RecordingError(error.subject, error.problem, _BROKEN_HINT) from error


def _inflate(blob: object, path: Path, what: str, limit: int) -> bytes:
    if not isinstance(blob, bytes):
        raise RecordingError(path, f"{what} is missing or not a blob", _BROKEN_HINT)
    inflater = zlib.decompressobj()
    try:
        data = inflater.decompress(blob, limit + 1)
    except zlib.error as error:
        raise RecordingError(path, f"{what} is damaged ({error})", _BROKEN_HINT) from error
    if len(data) > limit or inflater.unconsumed_tail:
        raise RecordingError(path, f"{what} unpacks to more than the {limit} bytes it may hold", _BROKEN_HINT)
    return data


# -- the folder ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RecordingEntry:
    """One readable recording of a folder."""

    name: str
    path: Path
    meta: RecordingMeta
    last_step: int
    size_bytes: int  # the file with its write-ahead log


@dataclass(frozen=True)
class RecordingProblem:
    path: Path
    reason: str


@dataclass(frozen=True)
class RecordingListing:
    """The recordings of a folder, by name, and the files there that could not be read."""

    recordings: tuple[RecordingEntry, ...]
    problems: tuple[RecordingProblem, ...]


def list_recordings(recordings_dir: Path | None = None) -> RecordingListing:
    """The recordings in ``recordings_dir`` (default: the per-user one); a missing folder has none."""
    folder = user_recordings_dir() if recordings_dir is None else recordings_dir
    if not folder.is_dir():
        return RecordingListing((), ())
    entries: list[RecordingEntry] = []
    problems: list[RecordingProblem] = []
    for path in sorted(folder.glob(f"*{RECORDING_SUFFIX}")):
        try:
            check_recording_name(recording_name_of(path), "file name")
            connection = open_for_reading(path)
            try:
                meta, last_step = read_meta(connection, path), read_last_step(connection, path)
            finally:
                connection.close()
            size = sum(f.stat().st_size for f in (path, *sidecar_files(path)) if f.exists())
            entries.append(RecordingEntry(recording_name_of(path), path, meta, last_step, size))
        except (RecordingError, SaveSlotError, OSError) as error:
            log.warning("skipping a recording that cannot be read: %s", error)
            problems.append(RecordingProblem(path, str(error)))
    return RecordingListing(tuple(entries), tuple(problems))


def utc_now() -> datetime:
    return datetime.now(UTC)


def file_size_bytes(path: Path) -> int:
    """The recording's size on disk with its write-ahead log."""
    return sum(os.stat(f).st_size for f in (path, *sidecar_files(path)) if f.exists())
