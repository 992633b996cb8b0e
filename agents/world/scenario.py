"""Scenarios: who lives in a world at the start of a run, and from when.

A scenario is a folder ``scenarios/<name>/`` in a world folder holding ``scenario.json``::

    {"format": 1, "title": "...", "start_time": "2023-02-13T00:00:00", "step_seconds": 10,
     "reflection_threshold": 150, "residents": ["Isabella Rodriguez", ...],
     "history_csv": "history.csv"}

and one ``personas/<First_Last>.json`` per resident with the identity fields of :class:`Persona`.
The history CSV (optional) has the original's ``Name,Whisper`` rows, whispers split by ``;``.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from agents.world.errors import WorldFormatError
from agents.world.pathfinding import Tile

SCENARIO_FILE_NAME = "scenario.json"
PERSONAS_DIR = "personas"
SCENARIO_FORMAT = 1

SpatialMemory = dict[str, dict[str, dict[str, list[str]]]]


def persona_file_stem(name: str) -> str:
    """``"Isabella Rodriguez"`` -> ``"Isabella_Rodriguez"`` (file names of personas and sprites)."""
    return name.strip().replace(" ", "_")


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
        for key in cls.REQUIRED_TEXT_FIELDS:
            value = data.get(key)
            if not isinstance(value, str) or not value.strip():
                raise WorldFormatError(path, "missing or empty text", where=f"field {key}")
        routine = data.get("daily_plan_req", "")
        if not isinstance(routine, str):
            raise WorldFormatError(path, "must be text (may be empty)", where="field daily_plan_req")
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
            sprite=str(data.get("sprite", "")), portrait=str(data.get("portrait", "")),
        )


def _check_spatial_memory(spatial: object, path: Path) -> None:
    where = "field spatial_memory"
    if not isinstance(spatial, dict):
        raise WorldFormatError(path, "must be {world: {sector: {arena: [objects]}}}", where=where)
    for world, sectors in spatial.items():
        if not isinstance(sectors, dict):
            raise WorldFormatError(path, f"{world!r} must map sectors to arenas", where=where)
        for sector, arenas in sectors.items():
            if not isinstance(arenas, dict):
                raise WorldFormatError(path, f"{world}:{sector} must map arenas to object lists", where=where)
            for arena, objects in arenas.items():
                if not isinstance(objects, list) or not all(isinstance(o, str) for o in objects):
                    raise WorldFormatError(path, f"{world}:{sector}:{arena} must list object names", where=where)


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
        with path.open(newline="", encoding="utf-8") as handle:
            reader = csv.reader(handle)
            rows: list[tuple[int, list[str]]] = []  # (the line the row starts on, its cells)
            last_line = 0
            for cells in reader:
                rows.append((last_line + 1, cells))
                last_line = reader.line_num
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
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise WorldFormatError(path, "file not found") from error
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
    try:
        start_time = datetime.fromisoformat(str(data.get("start_time")))
    except ValueError as error:
        raise WorldFormatError(path, f"start_time is not an ISO date-time: {data.get('start_time')!r}",
                               where="field start_time") from error
    step_seconds = data.get("step_seconds", 10)
    threshold = data.get("reflection_threshold", 150)
    for key, value in (("step_seconds", step_seconds), ("reflection_threshold", threshold)):
        if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
            raise WorldFormatError(path, f"must be a positive whole number, got {value!r}", where=f"field {key}")
    residents = data.get("residents")
    if not isinstance(residents, list) or not residents or not all(isinstance(n, str) for n in residents):
        raise WorldFormatError(path, "must list the residents' names", where="field residents")
    personas = []
    for name in residents:
        persona_path = folder / PERSONAS_DIR / f"{persona_file_stem(name)}.json"
        persona = Persona.from_json(read_json_file(persona_path), persona_path)
        if persona.name != name.strip():
            raise WorldFormatError(persona_path, f"name is {persona.name!r} but scenario.json lists {name!r}",
                                   where="field name")
        personas.append(persona)
    history: dict[str, tuple[str, ...]] = {}
    history_name = data.get("history_csv")
    if history_name:
        history = read_history_csv(folder / str(history_name))
    return Scenario(name=folder.name, folder=folder, title=str(data.get("title", folder.name)),
                    start_time=start_time, step_seconds=step_seconds, reflection_threshold=threshold,
                    personas=tuple(personas), history=history)


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
