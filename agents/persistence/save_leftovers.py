"""Leftovers of interrupted saves: the temporary files a kill or a crash leaves in the saves folder.

A save is written to a temporary file beside its slot (``.<slot>.smallville-save.<pid>-<random>.tmp``,
see :mod:`agents.atomic_write`) and renamed over the slot when complete; a kill mid-write leaves the
temporary file. :func:`remove_stale_temporaries` deletes those, and
:mod:`agents.persistence.save_slots` calls it each time it lists the saves folder or writes into it.
A temporary file is kept while it may still be a write in progress:

* of this process: while :func:`writing` marks its slot (the save being written now);
* of another process that is still running (the window and a headless run may share the folder):
  until it is :data:`STALE_TEMPORARY_SECONDS` old;
* of a file without a process id in its name (older versions): likewise.

A temporary file of a process that no longer runs is removed at once. Failures are only logged.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import threading
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

from agents.persistence.save_format import SAVE_SUFFIX
from agents.persistence.thumbnails import THUMBNAIL_SUFFIX

log = logging.getLogger(__name__)

STALE_TEMPORARY_SECONDS = 600.0  # a write in progress never takes this long
_TEMPORARY = re.compile(r"\.(?P<target>.+?)\.(?:(?P<pid>\d+)-)?[^.]+\.tmp")

_writing_lock = threading.Lock()
_writing: dict[Path, int] = {}  # target file -> how many writes of it are under way in this process


@contextlib.contextmanager
def writing(targets: Iterable[Path]) -> Iterator[None]:
    """Mark ``targets`` as being written by this process, so their temporary files are kept."""
    marked = [target.absolute() for target in targets]
    with _writing_lock:
        for target in marked:
            _writing[target] = _writing.get(target, 0) + 1
    try:
        yield
    finally:
        with _writing_lock:
            for target in marked:
                _writing[target] -= 1
                if not _writing[target]:
                    del _writing[target]


def _process_runs(pid: int) -> bool:
    """Whether process ``pid`` runs (True when that cannot be told: never delete on a guess)."""
    if os.name != "posix":
        return True  # os.kill(pid, 0) would end the process on Windows
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # PermissionError: it runs, as someone else
        return True
    return True


def _is_stale(path: Path, now: float, older_than_seconds: float) -> bool:
    match = _TEMPORARY.fullmatch(path.name)
    pid = int(match.group("pid")) if match is not None and match.group("pid") else None
    if pid == os.getpid():
        with _writing_lock:
            return match is None or (path.parent / match.group("target")).absolute() not in _writing
    if pid is not None and not _process_runs(pid):
        return True
    return now - path.stat().st_mtime >= older_than_seconds


def remove_stale_temporaries(saves_dir: Path, older_than_seconds: float = STALE_TEMPORARY_SECONDS) -> int:
    """Delete the temporary files of interrupted saves in ``saves_dir`` (see the module docstring);
    returns how many."""
    if not saves_dir.is_dir():
        return 0
    removed = 0
    now = time.time()
    for pattern in (f".*{SAVE_SUFFIX}.*.tmp", f".*{THUMBNAIL_SUFFIX}.*.tmp"):
        try:
            paths = list(saves_dir.glob(pattern))
        except OSError as error:
            log.warning("could not look for unfinished saves in %s (%s)", saves_dir, error)
            return removed
        for path in paths:
            try:
                if _is_stale(path, now, older_than_seconds):
                    path.unlink()
                    removed += 1
            except FileNotFoundError:
                continue  # its write finished (or someone else removed it) meanwhile
            except OSError as error:
                log.warning("could not remove the unfinished save %s (%s)", path, error)
    if removed:
        log.info("removed %d unfinished save file(s) left by an interrupted save in %s", removed, saves_dir)
    return removed
