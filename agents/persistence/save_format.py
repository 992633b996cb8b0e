"""The save file format, and reading it back without trusting it.

A save file is::

    SMALLVILLE-SAVE\\n                  the magic line
    {"magic": ..., ...}\\n              one line of JSON: the header (:class:`SaveHeader`)
    <body_bytes bytes>                 the pickled simulation

The header says which format, app, time, scenario and world the save is of, and carries the length
and sha256 of the body, so a truncated or damaged file is caught before anything is unpickled.
:func:`read_header` reads only the two first lines (and checks the file's length);
:func:`read_verified_body` also checks the body's length and sha256. Unpickling is not done here
(see :mod:`agents.persistence.restricted_unpickler`).
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import BinaryIO

from agents.persistence.errors import SaveSlotError

MAGIC = "SMALLVILLE-SAVE"
FORMAT_VERSION = 1
SAVE_SUFFIX = ".smallville-save"
MAX_HEADER_BYTES = 64 * 1024

_MAGIC_LINE = MAGIC.encode("ascii") + b"\n"
_SHA256_HEX = re.compile(r"[0-9a-f]{64}")
_CORRUPT_HINT = "the file is corrupt or truncated and cannot be repaired; load another slot"


@dataclass(frozen=True)
class SaveHeader:
    """What a save is of, readable without unpickling it. ``created_at`` is in UTC; ``game_time`` is
    the simulation's clock (``Simulation.now``); ``parent_slot`` is the slot this one was forked
    from, or None."""

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
        }, ensure_ascii=True, separators=(",", ":"))


def current_app_version() -> str:
    """The installed Smallville's version, or "unknown" when its package metadata is not there."""
    try:
        return version("smallville")
    except PackageNotFoundError:
        return "unknown"


def body_sha256(body: bytes | memoryview) -> str:
    return hashlib.sha256(body).hexdigest()


def encode_save(header: SaveHeader, body: bytes) -> bytes:
    """The whole file: magic line, header line, body."""
    return _MAGIC_LINE + header.to_json().encode("ascii") + b"\n" + body


def read_header(path: Path) -> SaveHeader:
    """The header of the save file ``path``, checked (magic, format version, fields, and that the
    file holds exactly ``body_bytes`` after it). The body is neither read nor unpickled."""
    try:
        with path.open("rb") as handle:
            header, body_offset = _read_prefix(handle, path)
            file_bytes = os.fstat(handle.fileno()).st_size
    except OSError as error:
        raise _read_error(path, error) from error
    _check_body_length(path, header, file_bytes - body_offset)
    return header


def read_verified_body(path: Path) -> tuple[SaveHeader, memoryview]:
    """The header and the body of ``path``, after checking the body's length and sha256."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise _read_error(path, error) from error
    header, body_offset = _read_prefix(io.BytesIO(data), path)
    body = memoryview(data)[body_offset:]
    _check_body_length(path, header, len(body))
    if body_sha256(body) != header.body_sha256:
        raise SaveSlotError(path, "the saved state does not match its checksum (sha256)", _CORRUPT_HINT)
    return header, body


# -- reading the two first lines -------------------------------------------------------------------


def _read_prefix(handle: BinaryIO, path: Path) -> tuple[SaveHeader, int]:
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
    magic = fields.get("magic")
    if magic != MAGIC:
        raise _field_error(path, "magic", repr(MAGIC), magic)
    body_hash = _text(path, fields, "body_sha256")
    if not _SHA256_HEX.fullmatch(body_hash):
        raise _field_error(path, "body_sha256", "64 lowercase hex digits", body_hash)
    parent_slot = fields.get("parent_slot")
    if parent_slot is not None and not isinstance(parent_slot, str):
        raise _field_error(path, "parent_slot", "a slot name or null", parent_slot)
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
        body_bytes=_count(path, fields, "body_bytes"),
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
