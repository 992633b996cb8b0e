"""The save file format, and reading it back without trusting it.

A save file is::

    SMALLVILLE-SAVE\\n                  the magic line
    {"magic": ..., ...}\\n              one line of JSON: the header (:class:`SaveHeader`)
    <body_bytes bytes>                 the body: the pickled simulation and its buffers

The body (:func:`encode_body`, :func:`split_body`) is the pickle (protocol 5) and the out-of-band
buffers it refers to (the memory streams' embedding rows, written by the pickler without a copy)::

    <8 bytes: P> <P bytes: the pickle> <4 bytes: K> K x (<8 bytes: L> <L bytes: a buffer>)

all lengths little-endian, every one checked against what is left of the body.

The header says which format, app, time, scenario and world the save is of, and carries the length
and sha256 of the body, so a truncated or damaged file is caught before anything is unpickled.
:func:`read_header` reads only the two first lines (and checks the file's length);
:func:`read_verified_body` also checks the body's length and sha256. Unpickling is not done here
(see :mod:`agents.persistence.restricted_unpickler`).

Reading never trusts the file: only a regular file is read (it is opened without blocking and
checked with ``fstat`` on the open descriptor, so ``/dev/zero``, a pipe, a socket or a folder is
refused before a byte is read; a symbolic link is followed, and what it points to must be a regular
file like any save: it is read with the same checks), a header line is at most
:data:`MAX_HEADER_BYTES`, the body it declares at most :data:`MAX_BODY_BYTES` and exactly what the
file holds after it, and no read goes past that length.

Format 2 (this one) pickles arrays as plain bytes and random generators as numbers; a format 1 save
(from before, holding numpy objects) is refused with a message saying so.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import re
import stat
import struct
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import BinaryIO

from agents.persistence.errors import SaveSlotError

MAGIC = "SMALLVILLE-SAVE"
FORMAT_VERSION = 2
OLDEST_READABLE_FORMAT = 2
SAVE_SUFFIX = ".smallville-save"
MAX_HEADER_BYTES = 64 * 1024
MAX_BODY_BYTES = 2 * 1024**3  # 2 GiB: 25 residents after a game day are about 15 MB
MAX_BODY_BUFFERS = 65_536

Buffer = bytes | bytearray | memoryview | pickle.PickleBuffer

_MAGIC_LINE = MAGIC.encode("ascii") + b"\n"
_SHA256_HEX = re.compile(r"[0-9a-f]{64}")
_CORRUPT_HINT = "the file is corrupt or truncated and cannot be repaired; load another slot"


@dataclass(frozen=True)
class SaveHeader:
    """What a save is of, readable without unpickling it. ``created_at`` is in UTC; ``game_time`` is
    the simulation's clock (``Simulation.now``); ``parent_slot`` is the slot this one was forked
    from, or None; ``recording`` is the recording the town was being recorded into when saved (the
    save is its step ``step_index``), or None (saves made before recordings, or not recorded)."""

    magic: str
    format_version: int
    app_version: str
    created_at: datetime
    game_time: datetime
    step_index: int
    scenario: str
    world: str
    resident_count: int
    parent_slot: str | None
    body_sha256: str
    body_bytes: int
    recording: str | None = None

    def to_json(self) -> str:
        """The header line's JSON (ASCII, one line, fields in declaration order)."""
        return json.dumps({
            "magic": self.magic,
            "format_version": self.format_version,
            "app_version": self.app_version,
            "created_at": self.created_at.isoformat(),
            "game_time": self.game_time.isoformat(),
            "step_index": self.step_index,
            "scenario": self.scenario,
            "world": self.world,
            "resident_count": self.resident_count,
            "parent_slot": self.parent_slot,
            "body_sha256": self.body_sha256,
            "body_bytes": self.body_bytes,
            "recording": self.recording,
        }, ensure_ascii=True, separators=(",", ":"))


def current_app_version() -> str:
    """The installed Smallville's version, or "unknown" when its package metadata is not there."""
    try:
        return version("smallville")
    except PackageNotFoundError:
        return "unknown"


def body_sha256(body: bytes | memoryview | Sequence[Buffer]) -> str:
    """The sha256 of a body, given whole or as the chunks :func:`encode_body` makes."""
    if isinstance(body, bytes | bytearray | memoryview):
        return hashlib.sha256(body).hexdigest()
    digest = hashlib.sha256()
    for chunk in body:
        digest.update(chunk)
    return digest.hexdigest()


def encode_save(header: SaveHeader, body: bytes | Sequence[Buffer]) -> bytes:
    """The whole file: magic line, header line, body (whole or as the chunks of :func:`encode_body`)."""
    chunks = [body] if isinstance(body, bytes) else list(body)
    return b"".join([_MAGIC_LINE, header.to_json().encode("ascii"), b"\n", *chunks])


def encode_body(pickled: bytes, buffers: Sequence[Buffer] = ()) -> list[Buffer]:
    """The body of a save as chunks (no copy of the buffers): see the module docstring."""
    if len(buffers) > MAX_BODY_BUFFERS:
        raise ValueError(f"a save body holds at most {MAX_BODY_BUFFERS} buffers, not {len(buffers)}")
    chunks: list[Buffer] = [struct.pack("<Q", len(pickled)), pickled, struct.pack("<I", len(buffers))]
    for buffer in buffers:
        chunks.append(struct.pack("<Q", memoryview(buffer).nbytes))
        chunks.append(buffer)
    return chunks


def body_length(chunks: Sequence[Buffer]) -> int:
    return sum(memoryview(chunk).nbytes for chunk in chunks)


def split_body(path: Path, body: bytes) -> tuple[memoryview, list[memoryview]]:
    """The pickle and the buffers of a (verified) body, as views of it; a SaveSlotError when its
    lengths do not add up."""
    view = memoryview(body)
    size = len(view)
    if size < 12:
        raise SaveSlotError(path, "the saved state is shorter than its layout allows", _CORRUPT_HINT)
    pickle_bytes = struct.unpack_from("<Q", view, 0)[0]
    position = 8 + pickle_bytes
    if position + 4 > size:
        raise SaveSlotError(path, f"the saved state says its pickle has {pickle_bytes} bytes, more than it holds",
                            _CORRUPT_HINT)
    pickled = view[8:position]
    count = struct.unpack_from("<I", view, position)[0]
    position += 4
    if count > MAX_BODY_BUFFERS:
        raise SaveSlotError(path, f"the saved state says it has {count} buffers, more than {MAX_BODY_BUFFERS}",
                            _CORRUPT_HINT)
    buffers: list[memoryview] = []
    for index in range(count):
        if position + 8 > size:
            raise SaveSlotError(path, f"the saved state ends before its buffer {index}", _CORRUPT_HINT)
        length = struct.unpack_from("<Q", view, position)[0]
        position += 8
        if length > size - position:
            raise SaveSlotError(path, f"the saved state's buffer {index} says it has {length} bytes, more than "
                                      "are left", _CORRUPT_HINT)
        buffers.append(view[position:position + length])
        position += length
    if position != size:
        raise SaveSlotError(path, f"the saved state has {size - position} bytes after its last buffer", _CORRUPT_HINT)
    return pickled, buffers


def read_header(path: Path) -> SaveHeader:
    """The header of the save file ``path``, checked (magic, format version, fields, and that the
    file holds exactly ``body_bytes`` after it). The body is neither read nor unpickled."""
    with _open_regular_file(path) as handle:
        header, body_offset = _read_prefix(handle, path)
        _check_body_length(path, header, _file_bytes(handle, path) - body_offset)
    return header


def read_verified_body(path: Path) -> tuple[SaveHeader, bytes]:
    """The header and the body of ``path``, after checking the body's length and sha256 (the body
    is read only once its length is known to be what the file holds, and never past it)."""
    with _open_regular_file(path) as handle:
        header, body_offset = _read_prefix(handle, path)
        _check_body_length(path, header, _file_bytes(handle, path) - body_offset)
        try:
            body = handle.read(header.body_bytes)
        except OSError as error:
            raise _read_error(path, error) from error
    _check_body_length(path, header, len(body))
    if body_sha256(body) != header.body_sha256:
        raise SaveSlotError(path, "the saved state does not match its checksum (sha256)", _CORRUPT_HINT)
    return header, body


def _open_regular_file(path: Path) -> BinaryIO:
    """``path`` opened for reading, if it is a regular file (a link is followed); see the module
    docstring. ``O_NONBLOCK``: opening a pipe must not wait for a writer."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError as error:
        raise _read_error(path, error) from error
    try:
        mode = os.fstat(descriptor).st_mode
        if not stat.S_ISREG(mode):
            raise SaveSlotError(path, f"this is not a save file but {_file_kind(mode)}",
                                f"pick a {SAVE_SUFFIX} file written by Smallville")
        return os.fdopen(descriptor, "rb")
    except BaseException:
        os.close(descriptor)
        raise


def _file_bytes(handle: BinaryIO, path: Path) -> int:
    try:
        return os.fstat(handle.fileno()).st_size
    except OSError as error:
        raise _read_error(path, error) from error


def _file_kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISFIFO(mode):
        return "a pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


# -- reading the two first lines -------------------------------------------------------------------


def _read_prefix(handle: BinaryIO, path: Path) -> tuple[SaveHeader, int]:
    try:
        return _read_prefix_lines(handle, path)
    except OSError as error:
        raise _read_error(path, error) from error


def _read_prefix_lines(handle: BinaryIO, path: Path) -> tuple[SaveHeader, int]:
    magic_line = handle.readline(len(_MAGIC_LINE))
    if magic_line != _MAGIC_LINE:
        if not magic_line:
            raise SaveSlotError(path, "the file is empty", _CORRUPT_HINT)
        raise SaveSlotError(path, f"this is not a Smallville save (it does not start with {MAGIC!r})",
                            f"pick a {SAVE_SUFFIX} file written by Smallville")
    header_line = handle.readline(MAX_HEADER_BYTES + 1)
    if not header_line.endswith(b"\n"):
        problem = (f"the header line is longer than {MAX_HEADER_BYTES} bytes" if len(header_line) > MAX_HEADER_BYTES
                   else "the file ends inside its header")
        raise SaveSlotError(path, problem, _CORRUPT_HINT)
    try:
        fields = json.loads(header_line.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise SaveSlotError(path, f"the header is not valid JSON ({error})", _CORRUPT_HINT) from error
    return _header_from_fields(path, fields), len(_MAGIC_LINE) + len(header_line)


def _header_from_fields(path: Path, fields: object) -> SaveHeader:
    if not isinstance(fields, dict):
        raise SaveSlotError(path, "the header is not a JSON object", _CORRUPT_HINT)
    format_version = fields.get("format_version")
    if type(format_version) is not int or format_version < 1:
        raise _field_error(path, "format_version", "a whole number from 1", format_version)
    if format_version > FORMAT_VERSION:
        raise SaveSlotError(path, f"this save was made by a newer Smallville (save format {format_version}; "
                                  f"this app, version {current_app_version()}, reads format {FORMAT_VERSION})",
                            "update the app to load it")
    if format_version < OLDEST_READABLE_FORMAT:
        raise SaveSlotError(path, f"this save was made by an earlier pre-release of Smallville (save format "
                                  f"{format_version}), whose saves this version ({current_app_version()}) no "
                                  f"longer reads", "start a new town, or load the save with the version that "
                                                   "made it; the file is left as it is")
    magic = fields.get("magic")
    if magic != MAGIC:
        raise _field_error(path, "magic", repr(MAGIC), magic)
    body_hash = _text(path, fields, "body_sha256")
    if not _SHA256_HEX.fullmatch(body_hash):
        raise _field_error(path, "body_sha256", "64 lowercase hex digits", body_hash)
    parent_slot = fields.get("parent_slot")
    if parent_slot is not None and not isinstance(parent_slot, str):
        raise _field_error(path, "parent_slot", "a slot name or null", parent_slot)
    recording = fields.get("recording")
    if recording is not None and not isinstance(recording, str):
        raise _field_error(path, "recording", "a recording name or null", recording)
    created_at = _time(path, fields, "created_at")
    if created_at.utcoffset() is None:
        raise _field_error(path, "created_at", "an ISO 8601 time with a UTC offset", fields["created_at"])
    return SaveHeader(
        magic=MAGIC,
        format_version=format_version,
        app_version=_text(path, fields, "app_version"),
        created_at=created_at.astimezone(UTC),
        game_time=_time(path, fields, "game_time"),
        step_index=_count(path, fields, "step_index"),
        scenario=_text(path, fields, "scenario"),
        world=_text(path, fields, "world"),
        resident_count=_count(path, fields, "resident_count"),
        parent_slot=parent_slot,
        body_sha256=body_hash,
        body_bytes=_body_bytes(path, fields),
        recording=recording,
    )


def _text(path: Path, fields: dict[str, object], name: str) -> str:
    value = fields.get(name)
    if not isinstance(value, str):
        raise _field_error(path, name, "a string", value)
    return value


def _count(path: Path, fields: dict[str, object], name: str) -> int:
    value = fields.get(name)
    if type(value) is not int or value < 0:
        raise _field_error(path, name, "a whole number from 0", value)
    return value


def _body_bytes(path: Path, fields: dict[str, object]) -> int:
    body_bytes = _count(path, fields, "body_bytes")
    if body_bytes > MAX_BODY_BYTES:
        raise _field_error(path, "body_bytes", f"at most {MAX_BODY_BYTES} ({MAX_BODY_BYTES // 2**30} GiB)", body_bytes)
    return body_bytes


def _time(path: Path, fields: dict[str, object], name: str) -> datetime:
    value = fields.get(name)
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value)
        except ValueError as error:
            raise _field_error(path, name, "an ISO 8601 date-time", value) from error
    raise _field_error(path, name, "an ISO 8601 date-time", value)


def _field_error(path: Path, name: str, expected: str, found: object) -> SaveSlotError:
    found_text = "nothing" if found is None else repr(found)
    return SaveSlotError(path, f"header field {name!r} should be {expected}, found {found_text}", _CORRUPT_HINT)


def _check_body_length(path: Path, header: SaveHeader, actual: int) -> None:
    if actual != header.body_bytes:
        raise SaveSlotError(path, f"the header promises {header.body_bytes} bytes of saved state but "
                                  f"{actual} follow it", _CORRUPT_HINT)


def _read_error(path: Path, error: OSError) -> SaveSlotError:
    if isinstance(error, FileNotFoundError):
        return SaveSlotError(path, "there is no such save file", "check the name; list the slots to see which exist")
    return SaveSlotError(path, f"the save file could not be read ({error.strerror or error})",
                         "check that it is a file you may read")
