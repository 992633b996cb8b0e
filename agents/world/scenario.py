"""Scenarios: who lives in a world at the start of a run, and from when.

A scenario is a folder ``scenarios/<name>/`` in a world folder holding ``scenario.json``::

    {"format": 1, "title": "...", "start_time": "2023-02-13T00:00:00", "step_seconds": 10,
     "reflection_threshold": 150, "residents": ["Isabella Rodriguez", ...],
     "history_csv": "history.csv"}

and one ``personas/<First_Last>.json`` per resident with the identity fields of :class:`Persona`.
The history CSV (optional) has the original's ``Name,Whisper`` rows, whispers split by ``;``.

Everything is checked before use (docs/maps.md names the limits): unknown keys are refused with the
nearest known one, names must be safe file stems (:mod:`agents.world.safe_paths`), a resident is
listed once, history rows name listed residents, sizes and times are bounded.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from agents.wording import nearest_hint
from agents.world.errors import WorldFormatError
from agents.world.pathfinding import Tile
from agents.world.safe_paths import check_resident_name, path_inside, safe_file_stem

SCENARIO_FILE_NAME = "scenario.json"
PERSONAS_DIR = "personas"
SCENARIO_FORMAT = 1
PERSONA_KEYS = ("name", "first_name", "last_name", "age", "innate", "learned", "currently", "lifestyle",
                "daily_plan_req", "living_area", "spawn_tile", "spatial_memory", "sprite", "portrait")
SCENARIO_KEYS = ("format", "title", "start_time", "step_seconds", "reflection_threshold", "residents", "history_csv")

# the limits (docs/maps.md): what a scenario may hold, checked before it is used
MAX_JSON_FILE_BYTES = 4_000_000
MAX_HISTORY_FILE_BYTES = 10_000_000
MAX_HISTORY_ROWS = 10_000
MAX_RESIDENTS = 200
MAX_PERSONA_TEXT_CHARACTERS = 20_000
MAX_TITLE_CHARACTERS = 200
MAX_SPATIAL_MEMORY_ADDRESSES = 20_000
START_YEARS = (1000, 8999)  # a run of years must still fit in a date
STEP_SECONDS_RANGE = (1, 3600)
REFLECTION_THRESHOLD_RANGE = (1, 100_000)

SpatialMemory = dict[str, dict[str, dict[str, list[str]]]]


def persona_file_stem(name: str) -> str:
    """``"Isabella Rodriguez"`` -> ``"Isabella_Rodriguez"`` (file names of personas and sprites); an
    :class:`~agents.world.safe_paths.UnsafeNameError` for a name that could lead outside its folder."""
    return safe_file_stem(name)


def check_known_keys(data: Mapping[str, Any], known: tuple[str, ...], path: Path) -> None:
    """A WorldFormatError for the first key of ``data`` not in ``known``, with the nearest known one."""
    for key in data:
        if key not in known:
            raise WorldFormatError(path, f"unknown key{nearest_hint(str(key), known)}", where=f"field {str(key)[:60]!r}",
                                   hint="remove it or correct its spelling")


@dataclass(frozen=True)
class Persona:
    """Who a resident is at the start of a scenario.

    ``innate`` are traits, ``learned`` the background and occupation, ``currently`` what occupies
    them now, ``lifestyle`` when they sleep and eat, ``daily_plan_req`` their daily routine,
    (may be empty), ``living_area`` the address of their home, ``spatial_memory`` the places they know as
    ``{world: {sector: {arena: [game objects]}}}``.
    """

    name: str
    first_name: str
    last_name: str
    age: int
    innate: str
    learned: str
    currently: str
    lifestyle: str
    daily_plan_req: str
    living_area: str
    spawn_tile: Tile
    spatial_memory: SpatialMemory = field(default_factory=dict, hash=False)
    sprite: str = ""
    portrait: str = ""

    REQUIRED_TEXT_FIELDS = ("name", "first_name", "last_name", "innate", "learned", "currently",
                            "lifestyle", "living_area")

    def identity(self) -> dict[str, object]:
        """The identity fields as a plain dict, as prompt contexts take them."""
        return {
            "name": self.name, "first_name": self.first_name, "last_name": self.last_name,
            "age": self.age, "innate": self.innate, "learned": self.learned,
            "currently": self.currently, "lifestyle": self.lifestyle,
            "daily_plan_req": self.daily_plan_req, "living_area": self.living_area,
        }

    def to_json(self) -> dict[str, object]:
        return {**self.identity(), "spawn_tile": list(self.spawn_tile),
                "spatial_memory": self.spatial_memory, "sprite": self.sprite, "portrait": self.portrait}

    @classmethod
    def from_json(cls, data: Mapping[str, Any], path: Path) -> Persona:
        """Build from a persona file's contents; errors name the file and the field."""
        if not isinstance(data, Mapping):
            raise WorldFormatError(path, "a persona file must hold a JSON object")
        check_known_keys(data, PERSONA_KEYS, path)
        for key in cls.REQUIRED_TEXT_FIELDS:
            value = data.get(key)
            if not isinstance(value, str) or not value.strip():
                raise WorldFormatError(path, "missing or empty text", where=f"field {key}")
        routine = data.get("daily_plan_req", "")
        if not isinstance(routine, str):
            raise WorldFormatError(path, "must be text (may be empty)", where="field daily_plan_req")
        for key in (*cls.REQUIRED_TEXT_FIELDS, "daily_plan_req"):
            if len(data.get(key, "")) > MAX_PERSONA_TEXT_CHARACTERS:
                raise WorldFormatError(path, f"is {len(data[key]):,} characters long (at most "
                                             f"{MAX_PERSONA_TEXT_CHARACTERS:,})", where=f"field {key}",
                                       hint="shorten it: it goes into every prompt about this resident")
        check_resident_name(data["name"], path, "field name")
        for key in ("sprite", "portrait"):
            if not isinstance(data.get(key, ""), str):
                raise WorldFormatError(path, "must be a file name inside the world folder (or left out)",
                                       where=f"field {key}")
        age = data.get("age")
        if not isinstance(age, int) or isinstance(age, bool) or not 0 < age < 150:
            raise WorldFormatError(path, f"age must be a whole number of years, got {age!r}", where="field age")
        spawn = data.get("spawn_tile")
        if (not isinstance(spawn, list) or len(spawn) != 2
                or not all(isinstance(v, int) and not isinstance(v, bool) for v in spawn)):
            raise WorldFormatError(path, f"spawn_tile must be [x, y], got {spawn!r}", where="field spawn_tile")
        spatial = data.get("spatial_memory", {})
        _check_spatial_memory(spatial, path)
        return cls(
            name=data["name"].strip(), first_name=data["first_name"].strip(), last_name=data["last_name"].strip(),
            age=age, innate=data["innate"], learned=data["learned"], currently=data["currently"],
            lifestyle=data["lifestyle"], daily_plan_req=routine,
            living_area=data["living_area"].strip(), spawn_tile=(spawn[0], spawn[1]), spatial_memory=spatial,
            sprite=data.get("sprite", ""), portrait=data.get("portrait", ""),
        )


def _check_spatial_memory(spatial: object, path: Path) -> None:
    where = "field spatial_memory"
    if not isinstance(spatial, dict):
        raise WorldFormatError(path, "must be {world: {sector: {arena: [objects]}}}", where=where)
    counted = 0
    for world, sectors in spatial.items():
        if not isinstance(sectors, dict):
            raise WorldFormatError(path, f"{world!r} must map sectors to arenas", where=where)
        for sector, arenas in sectors.items():
            if not isinstance(arenas, dict):
                raise WorldFormatError(path, f"{world}:{sector} must map arenas to object lists", where=where)
            for arena, objects in arenas.items():
                if not isinstance(objects, list) or not all(isinstance(o, str) for o in objects):
                    raise WorldFormatError(path, f"{world}:{sector}:{arena} must list object names", where=where)
                counted += 1 + len(objects)
                if counted > MAX_SPATIAL_MEMORY_ADDRESSES:
                    raise WorldFormatError(path, f"names more than {MAX_SPATIAL_MEMORY_ADDRESSES:,} places",
                                           where=where, hint="a resident knows a town, not a continent")


def spatial_memory_addresses(spatial: SpatialMemory) -> list[str]:
    """Every address a spatial memory names, at sector, arena and game-object level."""
    addresses: list[str] = []
    for world, sectors in spatial.items():
        for sector, arenas in sectors.items():
            addresses.append(f"{world}:{sector}")
            for arena, objects in arenas.items():
                addresses.append(f"{world}:{sector}:{arena}")
                addresses.extend(f"{world}:{sector}:{arena}:{obj}" for obj in objects)
    return addresses


@dataclass(frozen=True)
class Scenario:
    """A scenario as loaded: its personas in the order the scenario lists them."""

    name: str
    folder: Path
    title: str
    start_time: datetime
    step_seconds: int
    reflection_threshold: int
    personas: tuple[Persona, ...]
    history: Mapping[str, tuple[str, ...]] = field(default_factory=dict, hash=False)

    def persona(self, name: str) -> Persona:
        for persona in self.personas:
            if persona.name == name:
                return persona
        raise KeyError(f"scenario {self.name!r} has no resident named {name!r}")


@dataclass(frozen=True, slots=True)
class HistoryRow:
    """One row of a history CSV: the line it starts on (1 = the header), the name, the whispers."""

    line_number: int
    name: str
    whispers: tuple[str, ...]


def read_history_csv(path: Path) -> dict[str, tuple[str, ...]]:
    """Read a ``Name,Whisper`` CSV: resident name -> whispers (split on ``;``).

    Cells after the second are taken as part of the whisper text (unquoted commas)."""
    history: dict[str, tuple[str, ...]] = {}
    for row in read_history_rows(path):
        history[row.name] = history.get(row.name, ()) + row.whispers
    return history


def read_history_rows(path: Path) -> tuple[HistoryRow, ...]:
    """The rows of a ``Name,Whisper`` CSV in order, with their line numbers (blank rows skipped); a
    :class:`WorldFormatError` naming the line for a row without a name or whispers."""
    try:
        if path.stat().st_size > MAX_HISTORY_FILE_BYTES:
            raise WorldFormatError(path, f"is {path.stat().st_size:,} bytes (at most {MAX_HISTORY_FILE_BYTES:,})",
                                   hint="a history CSV holds a few whispers per resident")
        with path.open(newline="", encoding="utf-8") as handle:
            reader = csv.reader(handle)
            rows: list[tuple[int, list[str]]] = []  # (the line the row starts on, its cells)
            last_line = 0
            for cells in reader:
                rows.append((last_line + 1, cells))
                last_line = reader.line_num
                if len(rows) > MAX_HISTORY_ROWS + 1:
                    raise WorldFormatError(path, f"has more than {MAX_HISTORY_ROWS:,} rows", where=f"line {last_line}")
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise WorldFormatError(path, f"cannot read history CSV: {error}") from error
    if not rows or [cell.strip() for cell in rows[0][1][:2]] != ["Name", "Whisper"]:
        raise WorldFormatError(path, "the first row must be the header Name,Whisper", where="line 1")
    found: list[HistoryRow] = []
    for line_number, row in rows[1:]:
        if not row or not any(cell.strip() for cell in row):
            continue
        if len(row) < 2 or not row[0].strip():
            raise WorldFormatError(path, "expected a name and whispers (Name,Whisper)", where=f"line {line_number}")
        # Unquoted commas inside a whisper split it into more cells (the original's own n3 file
        # does this); joining them back keeps the whole text.
        whispers = tuple(part.strip() for part in ",".join(row[1:]).split(";") if part.strip())
        found.append(HistoryRow(line_number, row[0].strip(), whispers))
    return tuple(found)


def read_json_file(path: Path) -> Any:
    """The JSON value in ``path``; a WorldFormatError naming the file and line when it is missing,
    unreadable or not JSON."""
    try:
        size = path.stat().st_size
        if size > MAX_JSON_FILE_BYTES:
            raise WorldFormatError(path, f"is {size:,} bytes (at most {MAX_JSON_FILE_BYTES:,})")
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise WorldFormatError(path, "file not found") from error
    except RecursionError as error:
        raise WorldFormatError(path, "is nested too deeply to be a scenario or persona file") from error
    except json.JSONDecodeError as error:
        raise WorldFormatError(path, f"not valid JSON: {error.msg}",
                               where=f"line {error.lineno}, column {error.colno}") from error
    except (OSError, UnicodeDecodeError) as error:
        raise WorldFormatError(path, f"cannot read: {error}") from error


def load_scenario(folder: Path) -> Scenario:
    """Load the scenario in ``folder`` (which holds scenario.json and personas/)."""
    path = folder / SCENARIO_FILE_NAME
    data = read_json_file(path)
    if not isinstance(data, dict):
        raise WorldFormatError(path, "must hold a JSON object")
    if data.get("format") != SCENARIO_FORMAT:
        raise WorldFormatError(path, f"unsupported format {data.get('format')!r}", where="field format",
                               hint=f"this version reads format {SCENARIO_FORMAT}")
    check_known_keys(data, SCENARIO_KEYS, path)
    start_time = _start_time(data.get("start_time"), path)
    step_seconds = _whole_number(data, "step_seconds", 10, STEP_SECONDS_RANGE, path)
    threshold = _whole_number(data, "reflection_threshold", 150, REFLECTION_THRESHOLD_RANGE, path)
    title = data.get("title", folder.name)
    if not isinstance(title, str) or len(title) > MAX_TITLE_CHARACTERS:
        raise WorldFormatError(path, f"must be text of at most {MAX_TITLE_CHARACTERS} characters", where="field title")
    names = _resident_names(data.get("residents"), path)
    personas = []
    for name in names:
        persona_path = folder / PERSONAS_DIR / f"{persona_file_stem(name)}.json"
        persona = Persona.from_json(read_json_file(persona_path), persona_path)
        if persona.name != name:
            raise WorldFormatError(persona_path, f"name is {persona.name!r} but scenario.json lists {name!r}",
                                   where="field name")
        for key, art in (("sprite", persona.sprite), ("portrait", persona.portrait)):
            if art:  # relative to the world folder (scenarios/<name>/ is inside it)
                path_inside(folder.parent.parent, art, named_in=persona_path, where=f"field {key}")
        personas.append(persona)
    history: dict[str, tuple[str, ...]] = {}
    history_name = data.get("history_csv")
    if history_name is not None:
        if not isinstance(history_name, str):
            raise WorldFormatError(path, "must name a CSV file in the scenario folder", where="field history_csv")
        history_path = path_inside(folder, history_name, named_in=path, where="field history_csv")
        history = history_of_residents(read_history_rows(history_path), set(names), history_path)
    return Scenario(name=folder.name, folder=folder, title=title, start_time=start_time, step_seconds=step_seconds,
                    reflection_threshold=threshold, personas=tuple(personas), history=history)


def _start_time(value: object, path: Path) -> datetime:
    try:
        start_time = datetime.fromisoformat(str(value))
    except ValueError as error:
        raise WorldFormatError(path, f"start_time is not an ISO date-time: {value!r:.60}",
                               where="field start_time", hint="e.g. 2023-02-13T00:00:00") from error
    first, last = START_YEARS
    if not first <= start_time.year <= last:
        raise WorldFormatError(path, f"starts in the year {start_time.year} (a run starts between {first} and {last})",
                               where="field start_time")
    if start_time.tzinfo is not None:
        raise WorldFormatError(path, "has a time zone; a town's clock is local time", where="field start_time",
                               hint="leave out the +hh:mm or Z")
    return start_time


def _whole_number(data: Mapping[str, Any], key: str, default: int, bounds: tuple[int, int], path: Path) -> int:
    value = data.get(key, default)
    low, high = bounds
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise WorldFormatError(path, f"must be a whole number from {low} to {high:,}, got {value!r:.40}",
                               where=f"field {key}")
    return value


def _resident_names(residents: object, path: Path) -> list[str]:
    """The listed names, each checked (a safe file stem, listed once)."""
    if not isinstance(residents, list) or not residents or not all(isinstance(n, str) for n in residents):
        raise WorldFormatError(path, "must list the residents' names", where="field residents")
    if len(residents) > MAX_RESIDENTS:
        raise WorldFormatError(path, f"lists {len(residents)} residents (at most {MAX_RESIDENTS})", where="field residents")
    names: list[str] = []
    for index, raw in enumerate(residents):
        name = check_resident_name(raw, path, f"field residents, entry {index + 1}")
        if name in names:
            raise WorldFormatError(path, f"{name} is listed twice", where=f"field residents, entry {index + 1}",
                                   hint="each resident lives in a scenario once")
        names.append(name)
    return names


def history_of_residents(rows: tuple[HistoryRow, ...], residents: set[str], path: Path) -> dict[str, tuple[str, ...]]:
    """Resident -> whispers; a row naming someone the scenario does not list is refused."""
    history: dict[str, tuple[str, ...]] = {}
    for row in rows:
        if row.name not in residents:
            hint = nearest_hint(row.name, residents, "residents")
            raise WorldFormatError(path, f"{row.name[:60]!r} is not a resident of this scenario{hint}",
                                   where=f"line {row.line_number}", hint="correct the name or add the resident")
        history[row.name] = history.get(row.name, ()) + row.whispers
    return history


def write_scenario_json(folder: Path, *, title: str, start_time: datetime, step_seconds: int,
                        reflection_threshold: int, residents: list[str], history_csv: str | None) -> None:
    """Write ``scenario.json`` in ``folder`` (used by the importer and the map generator)."""
    data: dict[str, object] = {
        "format": SCENARIO_FORMAT, "title": title, "start_time": start_time.isoformat(),
        "step_seconds": step_seconds, "reflection_threshold": reflection_threshold, "residents": residents,
    }
    if history_csv:
        data["history_csv"] = history_csv
    (folder / SCENARIO_FILE_NAME).write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def write_persona_json(folder: Path, persona: Persona) -> Path:
    """Write ``personas/<First_Last>.json`` in the scenario ``folder``."""
    target = folder / PERSONAS_DIR / f"{persona_file_stem(persona.name)}.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(persona.to_json(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return target
