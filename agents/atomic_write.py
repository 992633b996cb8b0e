"""Writing a file so that a crash or a full disk never leaves it half-written: write a temporary
file beside it, flush and fsync, then rename it over the target (``os.replace``).

Text and bytes share one implementation (:func:`write_bytes_atomically`); text is written as UTF-8
with the newlines it has (no platform newline translation). On failure the temporary file is removed,
the target keeps its previous content, and the ``OSError`` (for example ``ENOSPC``) is re-raised for
the caller to explain. The temporary file's name, ``.<name>.<pid>-<random>.tmp``, says which process
wrote it (so a leftover of a killed process can be told from a write in progress).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_bytes_atomically(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` in one step; the old file stays intact on failure."""
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.{os.getpid()}-",
                                                  suffix=".tmp")
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary_name, path)
    except BaseException:
        Path(temporary_name).unlink(missing_ok=True)
        raise


def write_text_atomically(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` (UTF-8) in one step; the old file stays intact on failure."""
    write_bytes_atomically(path, text.encode("utf-8"))
