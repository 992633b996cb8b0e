"""The play scene's save controller: saves, quick saves (F5) and autosaves of the town being played,
without ever stopping the window for the disk.

A save is asked for (:meth:`TownSaver.request_save`, :meth:`TownSaver.quick_save`, or an autosave
falling due) and waits until the simulation is between steps: meanwhile :attr:`TownSaver.holds_steps`
is True (the play scene requests no new steps) and the runner begins no new step
(``SimulationRunner.hold_between_steps``), so it is a frame or two at most unless a step is waiting
on a slow model. :meth:`TownSaver.update` (every frame) then captures the state on the main thread
(one pickle serves every save asked for in that frame) and hands it to a
:class:`~agents.persistence.background_save.BackgroundSaveWriter`, which writes it on its worker;
finished writes turn into :attr:`TownSaver.last_message` ("saved quicksave (Mon 08:30)" or the
problem in plain words).

Autosaves (:mod:`agents.persistence.autosave`) fall due on game time, every
``interval_game_minutes`` since the last one, into the rotating slots ``autosave-1``..``-N``; and
:meth:`TownSaver.save_on_quit` takes one last autosave, waiting for it (quitting may block).

Where a town came from matters for lineage: :attr:`TownSaver.origin_slot` is the slot it was loaded
from or last saved to (not an autosave), the parent of a "save as new".
"""

from __future__ import annotations

import io
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import pygame

from agents.engine.simulation_runner import SimulationRunner
from agents.persistence.autosave import AutosaveClock, AutosaveSettings, is_autosave, next_autosave_slot
from agents.persistence.background_save import BackgroundSaveWriter, SaveOutcome, remove_stale_temporaries
from agents.persistence.errors import SaveSlotError
from agents.persistence.save_format import SaveHeader
from agents.persistence.save_slots import CapturedSave, capture_save, check_slot_name, slot_path

log = logging.getLogger(__name__)

QUICKSAVE_SLOT = "quicksave"
THUMBNAIL_SIZE_PX = (240, 135)
QUIT_SAVE_TIMEOUT_SECONDS = 30.0  # how long quitting waits for a step in progress to pass, then the write

SAVE, QUICK_SAVE, AUTOSAVE = "save", "quick save", "autosave"


@dataclass(frozen=True)
class _Request:
    slot: str | None  # None: the next autosave slot, chosen at capture time
    parent: str | None
    kind: str


def png_thumbnail(surface: pygame.Surface, size_px: tuple[int, int] = THUMBNAIL_SIZE_PX) -> bytes:
    """``surface`` scaled down to ``size_px`` (keeping its shape, letterboxed) as PNG bytes."""
    width, height = surface.get_size()
    scale = min(size_px[0] / max(1, width), size_px[1] / max(1, height))
    if surface.get_bitsize() not in (24, 32):  # smoothscale needs 24 or 32 bits a pixel
        deeper = pygame.Surface((width, height), depth=32)
        deeper.blit(surface, (0, 0))
        surface = deeper
    scaled = pygame.transform.smoothscale(surface, (max(1, round(width * scale)), max(1, round(height * scale))))
    picture = pygame.Surface(size_px, depth=24)
    picture.fill((0, 0, 0))
    picture.blit(scaled, ((size_px[0] - scaled.get_width()) // 2, (size_px[1] - scaled.get_height()) // 2))
    buffer = io.BytesIO()
    pygame.image.save(picture, buffer, "thumb.png")
    return buffer.getvalue()


class TownSaver:
    """See the module docstring. Call every method from the main thread."""

    def __init__(self, runner: SimulationRunner, saves_dir: Path, scenario_name: str,
                 thumbnail: Callable[[], bytes | None] | None, autosave: AutosaveSettings, *,
                 origin_slot: str | None = None, recording_of: Callable[[], str | None] = lambda: None) -> None:
        self.runner = runner
        self.recording_of = recording_of  # the recording a save goes on into (named in its header)
        self.saves_dir = saves_dir
        self.scenario_name = scenario_name
        self.thumbnail = thumbnail or (lambda: None)
        self.autosave = autosave
        self.origin_slot = origin_slot
        self.autosave_clock = AutosaveClock(autosave.interval, runner.view.now)
        self.last_message = ""
        self.last_error: str | None = None
        self.last_capture_seconds = 0.0  # how long the main thread spent on the last capture
        self.saves_finished = 0  # writes done (with success or not): a saves listing refreshes on a change
        self._requests: list[_Request] = []
        self._last_autosave_slot: str | None = None
        self._writer = BackgroundSaveWriter()
        self._closed = False
        remove_stale_temporaries(saves_dir)

    # -- asking -----------------------------------------------------------------------------------

    @property
    def holds_steps(self) -> bool:
        """A save waits for the simulation to be between steps: request no new steps."""
        return bool(self._requests)

    @property
    def saving(self) -> bool:
        """A save is waiting to be captured or being written."""
        return bool(self._requests) or bool(self._writer.pending)

    def request_save(self, slot: str, parent: str | None = None) -> None:
        """Save the town as ``slot`` (replacing what it held) once it is between steps; ``parent`` is
        the slot it descends from (a fork's lineage). A bad name raises SaveSlotError at once."""
        self._ask(_Request(check_slot_name(slot), parent, SAVE))

    def quick_save(self) -> None:
        """Save into the ``quicksave`` slot (F5)."""
        self._ask(_Request(QUICKSAVE_SLOT, self.origin_slot if self.origin_slot != QUICKSAVE_SLOT else None,
                           QUICK_SAVE))

    def autosave_now(self) -> None:
        """Take an autosave (into the next rotating slot) as soon as the town is between steps."""
        if not any(request.kind == AUTOSAVE for request in self._requests):
            self._ask(_Request(None, self.origin_slot, AUTOSAVE))

    def _ask(self, request: _Request) -> None:
        if self._closed:
            raise SaveSlotError(self.saves_dir, "could not save: the town is closed",
                                "this is a bug in Smallville; please report it")
        self._requests = [r for r in self._requests if r.slot is None or r.slot != request.slot] + [request]
        self.runner.hold_between_steps = True
        self.last_message = f"saving {request.slot or 'an autosave'}..."

    # -- every frame ------------------------------------------------------------------------------

    def update(self, *, drive_runner: bool = False) -> None:
        """Once a frame: see whether an autosave is due, capture what was asked for when the town is
        between steps, and take in the finished writes. ``drive_runner``: this frame nobody else polls
        the runner (the saves menu is on top of the play scene), so poll it here while a save waits
        for the step in progress to pass."""
        if self._closed:
            return
        if self.autosave_clock.due(self.runner.view.now):
            self.autosave_now()
        if self._requests:
            if self.runner.simulation_when_idle() is None and drive_runner:
                self.runner.poll()
            self._capture()
        for outcome in self._writer.poll():
            self._finished(outcome)

    def _capture(self) -> bool:
        """Capture every waiting request if the simulation is between steps; True if it was."""
        simulation = self.runner.simulation_when_idle()
        if simulation is None or not self._requests:
            return False
        requests, self._requests = self._requests, []
        self.runner.hold_between_steps = False
        began = time.perf_counter()
        try:
            thumbnail = self.thumbnail()
        except pygame.error as error:
            log.warning("no picture for this save: %s", error)
            thumbnail = None
        shared: CapturedSave | None = None
        for request in requests:
            slot = request.slot or next_autosave_slot(self.saves_dir, self.autosave.slots_kept,
                                                      busy=self._writer.pending, after=self._last_autosave_slot)
            try:
                if shared is None:
                    shared = capture_save(simulation, slot, self.saves_dir, parent_slot=request.parent,
                                          thumbnail_png=thumbnail, recording=self.recording_of())
                    captured = shared
                else:  # one pickle for every save asked for in this frame
                    captured = _retargeted(shared, slot, self.saves_dir, request.parent)
            except SaveSlotError as error:
                self._failed(str(error))
                continue
            self._writer.submit(captured, request.kind)
            if request.kind == AUTOSAVE:
                self.autosave_clock.saved(captured.game_time)
                self._last_autosave_slot = slot
            elif not is_autosave(slot):
                self.origin_slot = slot
        self.last_capture_seconds = time.perf_counter() - began
        log.info("captured the town for %s in %.1f ms", ", ".join(r.slot or AUTOSAVE for r in requests),
                 self.last_capture_seconds * 1000)
        return True

    def _finished(self, outcome: SaveOutcome) -> None:
        self.saves_finished += 1
        if outcome.header is None:
            self._failed(outcome.error or "could not save")
            return
        self.last_error = None
        verb = {AUTOSAVE: "autosaved to", QUICK_SAVE: "quick saved to"}.get(outcome.kind, "saved")
        self.last_message = f"{verb} {outcome.slot} at {outcome.header.game_time:%a %H:%M}"

    def _failed(self, message: str) -> None:
        self.saves_finished += 1
        self.last_error = message
        self.last_message = message

    # -- quitting ---------------------------------------------------------------------------------

    def save_on_quit(self, timeout_seconds: float = QUIT_SAVE_TIMEOUT_SECONDS) -> SaveHeader:
        """Take an autosave now and wait until it (and every save asked before it) is written; returns
        the header of the autosave. SaveSlotError when it could not be done (a step in progress did
        not pass within ``timeout_seconds``, the disk is full...): the caller may then not quit."""
        self.autosave_now()
        deadline = time.monotonic() + timeout_seconds
        while not self._capture():
            if time.monotonic() > deadline:
                self._requests = []
                self.runner.hold_between_steps = False
                raise SaveSlotError(self.saves_dir, f"could not save: the step in progress did not finish within "
                                                    f"{timeout_seconds:g} s (the model is slow or unreachable)",
                                    "quit without saving, or cancel and try again")
            self.runner.poll()
            time.sleep(0.005)
        autosave: SaveOutcome | None = None
        for outcome in self._writer.wait(timeout_seconds):
            self._finished(outcome)
            if outcome.kind == AUTOSAVE:
                autosave = outcome
        if autosave is None:
            raise SaveSlotError(self.saves_dir, "could not save: writing the save took too long",
                                "check the disk, then try again")
        if autosave.header is None:
            raise SaveSlotError(autosave.slot, autosave.error or "could not save")
        return autosave.header

    def close(self) -> None:
        """Finish the writes in flight (a save asked for is never lost) and stop the writer."""
        if self._closed:
            return
        self._closed = True
        self.runner.hold_between_steps = False
        for outcome in self._writer.close():
            self._finished(outcome)


def _retargeted(captured: CapturedSave, slot: str, saves_dir: Path, parent: str | None) -> CapturedSave:
    return replace(captured, slot=slot, path=slot_path(slot, saves_dir),
                   parent_slot=check_slot_name(parent, "parent slot") if parent is not None else None)
