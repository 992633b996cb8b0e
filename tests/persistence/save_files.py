"""Hand-made save files for the tests: any pickle (a damaged or hostile one) laid out as a save's body
(:func:`~agents.persistence.save_format.encode_body`) under a header that is correct for it, and
pickles that call a named ``module.name``."""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, datetime
from pathlib import Path

from agents.persistence.save_format import (
    FORMAT_VERSION,
    MAGIC,
    SaveHeader,
    body_sha256,
    encode_body,
    encode_save,
)


def header_for(body: bytes, **changes: object) -> SaveHeader:
    header = SaveHeader(magic=MAGIC, format_version=FORMAT_VERSION, app_version="test", created_at=datetime.now(UTC),
                        game_time=datetime(2023, 2, 13, 7), step_index=2520, scenario="three", world="the Ville",
                        resident_count=3, parent_slot=None, body_sha256=body_sha256(body), body_bytes=len(body))
    return dataclasses.replace(header, **changes)  # type: ignore[arg-type]


def write_save_file(path: Path, pickled: bytes, *, buffers: tuple[bytes, ...] = (), raw: bool = False,
                    **changes: object) -> Path:
    """A save file holding ``pickled`` (with its out-of-band ``buffers``) as its body, or as the whole
    body when ``raw``, under a header that checks out (unless ``changes`` break it)."""
    body = pickled if raw else b"".join(encode_body(pickled, buffers))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(encode_save(header_for(body, **changes), body))
    return path


def body_parts(save: Path) -> tuple[bytes, list[memoryview]]:
    """The pickle and the out-of-band buffers of the save file ``save`` (unchecked)."""
    from agents.persistence.save_format import split_body

    body = save.read_bytes().split(b"\n", 2)[2]
    pickled, buffers = split_body(save, body)
    return bytes(pickled), buffers


def rewrite_header_fields(path: Path, **fields: object) -> None:
    """Change raw JSON fields of an existing save's header line (keeping its body)."""
    magic_line, header_line, body = path.read_bytes().split(b"\n", 2)
    header = json.loads(header_line)
    header.update(fields)
    path.write_bytes(magic_line + b"\n" + json.dumps(header).encode("ascii") + b"\n" + body)


def calling_pickle(module: str, name: str, *args: str) -> bytes:
    """A protocol-4 pickle that calls ``module.name(*args)`` when loaded (as a hostile file would);
    ``name`` may be dotted (``logging.os.system``), which protocol 4 resolves attribute by attribute."""
    return b"\x80\x04" + _text(module) + _text(name) + b"\x93(" + b"".join(_text(arg) for arg in args) + b"tR."


def _text(value: str) -> bytes:
    encoded = value.encode("utf-8")
    if len(encoded) < 256:
        return b"\x8c" + bytes([len(encoded)]) + encoded  # SHORT_BINUNICODE
    return b"X" + len(encoded).to_bytes(4, "little") + encoded  # BINUNICODE
