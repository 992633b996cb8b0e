"""Where an original run's data is and how its files read: the two layouts' folders, meta.json,
and the steps as the source gives them (whole steps of ``movement/<step>.json``, or the changes of
``master_movement.json``), before :mod:`agents.persistence.original_runs` makes frames of them.

Files are read only when they are regular files, and only up to a size cap (a step file 16 MiB,
``master_movement.json`` 2 GiB, meta.json 1 MiB). A missing or unreadable meta or master file is
refused (:class:`~agents.world.errors.WorldFormatError`); a step file that cannot be read is a
:class:`~agents.persistence.original_run_entries.RunWarning` and the step is skipped.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Final

from agents.persistence.original_run_entries import RunWarning
from agents.world.errors import WorldFormatError
from agents.world.safe_paths import check_resident_name
from agents.world.scenario import START_YEARS, STEP_SECONDS_RANGE

STORAGE: Final = "storage"
COMPRESSED_STORAGE: Final = "compressed_storage"
ORIGINAL_TIME_FORMAT: Final = "%B %d, %Y, %H:%M:%S"
ORIGINAL_DATE_FORMAT: Final = "%B %d, %Y"
MAX_STEP_FILE_BYTES: Final = 16 * 1024 * 1024
MAX_MASTER_MOVEMENT_BYTES: Final = 2 * 1024 * 1024 * 1024
MAX_META_BYTES: Final = 1024 * 1024
_STEP_FILE = re.compile(r"(\d{1,9})\.json")
_STEP_KEY = re.compile(r"\d{1,9}")
LAYOUT_HINT: Final = ("expected storage/<sim>/ (reverie/meta.json and movement/<step>.json) or "
                      "compressed_storage/<sim>/ (meta.json and master_movement.json) of the original")


@dataclass(frozen=True)
class OriginalRunMeta:
    """What an original run's meta.json says: ``start_time`` is step 0's time, ``curr_step`` and
    ``curr_time`` the step and time the run had reached when it was saved (None when absent)."""

    sim_code: str
    layout: str  # STORAGE or COMPRESSED_STORAGE
    start_time: datetime
    step_seconds: int
    maze_name: str
    persona_names: tuple[str, ...]
    curr_step: int | None
    curr_time: datetime | None
    fork_sim_code: str

    def time_of(self, step: int) -> datetime:
        return self.start_time + timedelta(seconds=step * self.step_seconds)


def locate_run_folder(path: Path) -> tuple[Path, str]:
    """(run folder, layout) for a path naming the folder or its meta/master_movement file."""
    path = Path(path)
    if path.is_file():
        if path.name == "meta.json" and path.parent.name == "reverie":
            path = path.parent.parent
        elif path.name in ("meta.json", "master_movement.json"):
            path = path.parent
        else:
            raise WorldFormatError(path, "not a run of the original", hint=LAYOUT_HINT)
    if not path.is_dir():
        raise WorldFormatError(path, "folder not found", hint=LAYOUT_HINT)
    if (path / "reverie").is_dir() or (path / "movement").is_dir():
        if not (path / "reverie" / "meta.json").is_file():
            raise WorldFormatError(path / "reverie" / "meta.json", "file not found", hint=LAYOUT_HINT)
        if not (path / "movement").is_dir():
            raise WorldFormatError(path / "movement", "folder not found: this run has no steps to replay",
                                   hint="a base simulation (storage/base_*) has none; "
                                        "import a run that was stepped")
        return path, STORAGE
    if (path / "master_movement.json").exists() or (path / "meta.json").exists():
        for name in ("meta.json", "master_movement.json"):
            if not (path / name).is_file():
                raise WorldFormatError(path / name, "file not found", hint=LAYOUT_HINT)
        return path, COMPRESSED_STORAGE
    raise WorldFormatError(path, "no reverie/meta.json, movement/, meta.json or master_movement.json here",
                           hint=LAYOUT_HINT)


# -- files ------------------------------------------------------------------------------------


def _read_text(path: Path, limit_bytes: int) -> str:
    """The text of a regular file no larger than ``limit_bytes`` (else OSError or ValueError)."""
    if not path.is_file():
        raise FileNotFoundError(f"{path} is not a regular file")
    with path.open("rb") as handle:
        data = handle.read(limit_bytes + 1)
    if len(data) > limit_bytes:
        raise ValueError(f"larger than {limit_bytes} bytes")
    return data.decode("utf-8")


def _read_json_or_refuse(path: Path, limit_bytes: int) -> Any:
    if not path.is_file():
        raise WorldFormatError(path, "file not found (or not a regular file)", hint=LAYOUT_HINT)
    try:
        return json.loads(_read_text(path, limit_bytes))
    except json.JSONDecodeError as error:
        raise WorldFormatError(path, f"not valid JSON: {error.msg}",
                               where=f"line {error.lineno}, column {error.colno}") from error
    except (OSError, UnicodeDecodeError, ValueError, RecursionError) as error:
        raise WorldFormatError(path, f"cannot read: {error}") from error


def _read_step_json(path: Path) -> tuple[Any, RunWarning | None]:
    try:
        return json.loads(_read_text(path, MAX_STEP_FILE_BYTES)), None
    except json.JSONDecodeError as error:
        return None, RunWarning(path, f"not valid JSON ({error.msg}); this step is skipped",
                                f"line {error.lineno}, column {error.colno}")
    except (OSError, UnicodeDecodeError, ValueError, RecursionError) as error:
        return None, RunWarning(path, f"cannot read ({error}); this step is skipped")


# -- meta -------------------------------------------------------------------------------------


def _parse_time(text: object, path: Path, field_name: str) -> datetime:
    try:
        return datetime.strptime(str(text), ORIGINAL_TIME_FORMAT)
    except ValueError as error:
        raise WorldFormatError(path, f"{field_name} is not like 'February 13, 2023, 00:00:00': {text!r:.60}",
                               where=f"field {field_name}") from error


def read_run_meta(path: Path, layout: str, sim_code: str) -> tuple[OriginalRunMeta, list[RunWarning]]:
    """Read and check a run's meta.json (``reverie/meta.json`` or the compressed ``meta.json``)."""
    data = _read_json_or_refuse(path, MAX_META_BYTES)
    if not isinstance(data, dict):
        raise WorldFormatError(path, "must hold a JSON object")
    warnings: list[RunWarning] = []
    step_seconds = data.get("sec_per_step")
    low, high = STEP_SECONDS_RANGE
    if not isinstance(step_seconds, int) or isinstance(step_seconds, bool) or not low <= step_seconds <= high:
        raise WorldFormatError(path, f"must be a whole number of seconds from {low} to {high}, got {step_seconds!r:.40}",
                               where="field sec_per_step")
    names = data.get("persona_names")
    if not isinstance(names, list) or not names or not all(isinstance(n, str) and n.strip() for n in names):
        raise WorldFormatError(path, "must list the residents' names", where="field persona_names")
    unique: list[str] = []
    for name in (check_resident_name(n, path, f"field persona_names, entry {i + 1}") for i, n in enumerate(names)):
        if name in unique:
            warnings.append(RunWarning(path, f"{name} is listed twice; counted once", "field persona_names"))
        else:
            unique.append(name)
    curr_step = data.get("step")
    if curr_step is not None and (not isinstance(curr_step, int) or isinstance(curr_step, bool)
                                  or curr_step < 0):
        raise WorldFormatError(path, f"must be a step number, got {curr_step!r}", where="field step")
    curr_time = _parse_time(data["curr_time"], path, "curr_time") if "curr_time" in data else None
    start_date = data.get("start_date")
    if start_date is not None:
        try:
            start_time = datetime.strptime(str(start_date), ORIGINAL_DATE_FORMAT)
        except ValueError as error:
            raise WorldFormatError(path, f"start_date is not like 'February 13, 2023': {start_date!r:.60}",
                                   where="field start_date") from error
    elif curr_time is not None and curr_step is not None:
        try:
            start_time = curr_time - timedelta(seconds=curr_step * step_seconds)
        except OverflowError as error:
            raise WorldFormatError(path, f"step {curr_step} steps of {step_seconds} s before curr_time is no date",
                                   where="field step") from error
    else:
        raise WorldFormatError(path, "no start_date (nor curr_time and step to work it out from)",
                               where="field start_date")
    if not START_YEARS[0] <= start_time.year <= START_YEARS[1]:
        raise WorldFormatError(path, f"the run starts in the year {start_time.year} (a run starts between "
                                     f"{START_YEARS[0]} and {START_YEARS[1]})", where="field start_date")
    maze_name = data.get("maze_name", "")
    fork = data.get("fork_sim_code", "")
    return OriginalRunMeta(
        sim_code=sim_code, layout=layout, start_time=start_time, step_seconds=step_seconds,
        maze_name=maze_name if isinstance(maze_name, str) else "", persona_names=tuple(unique),
        curr_step=curr_step, curr_time=curr_time, fork_sim_code=fork if isinstance(fork, str) else "",
    ), warnings


# -- steps ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StepEntries:
    """One step as the source gives it: entries by resident (all of them, or only changes)."""

    step: int
    file: Path
    where: str  # the position of the step in ``file`` ("" for a file of its own)
    entries: Mapping[str, object]
    complete: bool  # True when every resident should have an entry (storage layout)


def storage_steps(folder: Path, meta: OriginalRunMeta, warnings: list[RunWarning]) -> Iterator[StepEntries]:
    movement = folder / "movement"
    numbered: list[tuple[int, Path]] = []
    try:
        listed = sorted(movement.iterdir())
    except OSError as error:
        raise WorldFormatError(movement, f"cannot list the step files ({error.strerror or error})") from error
    for path in listed:
        match = _STEP_FILE.fullmatch(path.name)
        if match is None:
            if not path.name.startswith("."):
                warnings.append(RunWarning(path, "not a step file (expected <step>.json); ignored"))
            continue
        numbered.append((int(match.group(1)), path))
    numbered.sort()
    for step, path in numbered:
        data, problem = _read_step_json(path)
        if problem is not None:
            warnings.append(problem)
            continue
        if not isinstance(data, dict) or not isinstance(data.get("persona"), dict):
            warnings.append(RunWarning(path, "must hold {\"persona\": {name: entry}, \"meta\": ...}; "
                                             "this step is skipped", "field persona"))
            continue
        _check_step_time(data.get("meta"), path, meta.time_of(step), warnings)
        yield StepEntries(step, path, "", data["persona"], complete=True)


def _check_step_time(step_meta: object, path: Path, expected: datetime, warnings: list[RunWarning]) -> None:
    if not isinstance(step_meta, dict) or "curr_time" not in step_meta:
        return
    if step_meta["curr_time"] == expected.strftime(ORIGINAL_TIME_FORMAT):  # formatting is cheaper than parsing
        return
    try:
        found = datetime.strptime(str(step_meta["curr_time"]), ORIGINAL_TIME_FORMAT)
    except ValueError:
        warnings.append(RunWarning(path, f"curr_time is not a time like 'February 13, 2023, 00:00:00'; "
                                         f"the step's time is taken as {expected.isoformat()}",
                                   "field meta.curr_time"))
        return
    if found != expected:
        warnings.append(RunWarning(path, f"curr_time {found.isoformat()} disagrees with start_date + step x "
                                         f"sec_per_step = {expected.isoformat()}, which the import uses",
                                   "field meta.curr_time"))


def compressed_steps(folder: Path, warnings: list[RunWarning]) -> Iterator[StepEntries]:
    path = folder / "master_movement.json"
    data = _read_json_or_refuse(path, MAX_MASTER_MOVEMENT_BYTES)
    if not isinstance(data, dict):
        raise WorldFormatError(path, "must hold an object of steps: {\"0\": {name: entry}, \"1\": {}, ...}")
    numbered: list[tuple[int, str]] = []
    for key in data:
        if not isinstance(key, str) or _STEP_KEY.fullmatch(key) is None:
            warnings.append(RunWarning(path, "not a step number; ignored", f"key {key!r:.40}"))
            continue
        numbered.append((int(key), key))
    numbered.sort()
    for step, key in numbered:
        entries = data[key]
        if not isinstance(entries, dict):
            warnings.append(RunWarning(path, "must be an object of changed residents (may be empty), got "
                                             f"{type(entries).__name__}; this step is skipped",
                                       f"step {key}"))
            continue
        yield StepEntries(step, path, f"step {key}", entries, complete=False)
