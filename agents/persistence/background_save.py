"""Writing saves on a worker thread, so the window never waits for the disk.

The state is captured where the simulation lives (:func:`~agents.persistence.save_slots.capture_save`,
on the main thread, between steps); :class:`BackgroundSaveWriter` then hashes and writes it on its
one worker thread (:func:`~agents.persistence.save_slots.write_captured_save`: atomic, so a crash or
a kill mid-write leaves the slot's previous save as it was). Writes happen in the order submitted;
:meth:`BackgroundSaveWriter.poll` hands back the finished ones (never waits), :meth:`wait` waits
for all of them (quitting). The worker is not a daemon: a write submitted before the program ends is
finished before it exits.

A kill leaves the temporary file of the write it interrupted (``.<slot>.smallville-save.*.tmp``);
:func:`~agents.persistence.save_leftovers.remove_stale_temporaries` (re-exported here) clears those
that are no write in progress; listing or writing the saves folder calls it.
"""

from __future__ import annotations

import logging
import time
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import wait as wait_for_futures
from dataclasses import dataclass

from agents.persistence.errors import SaveSlotError
from agents.persistence.save_format import SaveHeader
from agents.persistence.save_leftovers import STALE_TEMPORARY_SECONDS, remove_stale_temporaries
from agents.persistence.save_slots import CapturedSave, write_captured_save

__all__ = ["STALE_TEMPORARY_SECONDS", "BackgroundSaveWriter", "SaveOutcome", "remove_stale_temporaries"]

log = logging.getLogger(__name__)



@dataclass(frozen=True)
class SaveOutcome:
    """A finished write: the header written, or the error (in plain words) that stopped it. ``kind``
    is what the caller said it was (a save, a quick save, an autosave)."""

    slot: str
    kind: str
    header: SaveHeader | None
    error: str | None
    write_seconds: float

    @property
    def succeeded(self) -> bool:
        return self.error is None


@dataclass
class _Job:
    captured: CapturedSave
    kind: str
    future: Future[tuple[SaveHeader, float]]


def _write(captured: CapturedSave) -> tuple[SaveHeader, float]:
    began = time.perf_counter()
    header = write_captured_save(captured)
    return header, time.perf_counter() - began


class BackgroundSaveWriter:
    """See the module docstring. Call its methods from one thread (the one capturing)."""

    def __init__(self) -> None:
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="save-writer")
        self._jobs: list[_Job] = []
        self._closed = False

    @property
    def pending(self) -> tuple[str, ...]:
        """The slots submitted and not handed back by :meth:`poll` yet, in order."""
        return tuple(job.captured.slot for job in self._jobs)

    def submit(self, captured: CapturedSave, kind: str = "save") -> None:
        """Write ``captured`` after the writes submitted before it."""
        if self._closed:
            raise SaveSlotError(captured.path, "could not save: the game is closing",
                                "this is a bug in Smallville; please report it")
        self._jobs.append(_Job(captured, kind, self._pool.submit(_write, captured)))

    def poll(self) -> list[SaveOutcome]:
        """The writes finished since the last call, in the order submitted (never waits)."""
        finished: list[SaveOutcome] = []
        while self._jobs and self._jobs[0].future.done():
            finished.append(_outcome(self._jobs.pop(0)))
        return finished

    def wait(self, timeout_seconds: float | None = None) -> list[SaveOutcome]:
        """Wait until every write submitted is done (at most ``timeout_seconds``), then :meth:`poll`."""
        wait_for_futures([job.future for job in self._jobs], timeout=timeout_seconds)
        return self.poll()

    def close(self) -> list[SaveOutcome]:
        """Finish the writes submitted, stop the worker and hand back what was not polled yet."""
        self._closed = True
        outcomes = self.wait()
        self._pool.shutdown(wait=True)
        return outcomes


def _outcome(job: _Job) -> SaveOutcome:
    error = job.future.exception()
    slot = job.captured.slot
    if error is None:
        header, seconds = job.future.result()
        return SaveOutcome(slot, job.kind, header, None, seconds)
    if isinstance(error, SaveSlotError):
        log.warning("%s failed: %s", job.kind, error)
        return SaveOutcome(slot, job.kind, None, str(error), 0.0)
    log.error("%s of %s failed unexpectedly", job.kind, slot, exc_info=error)
    return SaveOutcome(slot, job.kind, None, f"{job.captured.path}: could not save ({type(error).__name__}: "
                                             f"{error}); this is a bug in Smallville, please report it", 0.0)
