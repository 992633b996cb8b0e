"""Builds runs of the original Generative Agents on disk, for the import tests: a small
``storage/<sim>/`` folder written from a table of steps, and the ``compressed_storage/<sim>/``
folder that the original's ``compress_sim_storage.py`` makes of a storage folder."""

from __future__ import annotations

import json
import shutil
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

ORIGINAL_TIME_FORMAT = "%B %d, %Y, %H:%M:%S"
ISABELLA, MARIA, KLAUS = "Isabella Rodriguez", "Maria Lopez", "Klaus Mueller"
NAMES = (ISABELLA, MARIA, KLAUS)
START = datetime(2023, 2, 13)


def entry(x: int, y: int, description: str, emoji: str = "💤",
          chat: list[list[str]] | None = None) -> dict[str, Any]:
    return {"movement": [x, y], "pronunciatio": emoji, "description": description, "chat": chat}


def write_meta(path: Path, names: tuple[str, ...] = NAMES, **overrides: Any) -> None:
    meta: dict[str, Any] = {"fork_sim_code": "base_the_ville_isabella_maria_klaus", "start_date": "February 13, 2023",
                            "curr_time": "February 13, 2023, 00:01:00", "sec_per_step": 10, "maze_name": "the_ville",
                            "persona_names": list(names), "step": 6}
    meta.update(overrides)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(meta, indent=2), encoding="utf-8")


def write_step(folder: Path, step: int, personas: dict[str, Any], seconds_per_step: int = 10) -> Path:
    path = folder / "movement" / f"{step}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    when = START + timedelta(seconds=step * seconds_per_step)
    path.write_text(json.dumps({"persona": personas, "meta": {"curr_time": when.strftime(ORIGINAL_TIME_FORMAT)}},
                               indent=2), encoding="utf-8")
    return path


def synthetic_steps() -> dict[int, dict[str, Any]]:
    """Six steps of three residents (0, 1, 2, then a gap, 5, 6, 7): a walk, a chat, a wander."""
    bed_i = "sleeping @ the Ville:Isabella Rodriguez's apartment:main room:bed"
    bed_m = "sleeping @ the Ville:Dorm for Oak Hill College:Maria Lopez's room:bed"
    desk_k = "reading @ the Ville:Dorm for Oak Hill College:Klaus Mueller's room:desk"
    hall = "walking around @ the Ville:Oak Hill College:hallway:<random>"
    lines = [[KLAUS, "Hey Maria!"]]
    talk_m = f"chatting about the paper @ <persona> {KLAUS}"
    talk_k = f"chatting about the paper @ <persona> {MARIA}"
    return {
        0: {ISABELLA: entry(73, 14, bed_i), MARIA: entry(123, 57, bed_m), KLAUS: entry(127, 46, desk_k, "📖")},
        1: {ISABELLA: entry(73, 14, bed_i), MARIA: entry(123, 57, bed_m), KLAUS: entry(127, 47, desk_k, "📖")},
        2: {ISABELLA: entry(74, 14, hall, "🚶"), MARIA: entry(123, 57, bed_m), KLAUS: entry(127, 47, desk_k, "📖")},
        5: {ISABELLA: entry(75, 14, hall, "🚶"), MARIA: entry(127, 50, talk_m, "💬", lines),
            KLAUS: entry(127, 50, talk_k, "💬", lines)},
        6: {ISABELLA: entry(75, 14, hall, "🚶"), MARIA: entry(127, 50, talk_m, "💬", lines + [[MARIA, "Hi!"]]),
            KLAUS: entry(127, 50, talk_k, "💬", lines + [[MARIA, "Hi!"]])},
        7: {ISABELLA: entry(75, 14, hall, "🚶"), MARIA: entry(127, 50, talk_m, "💬", lines + [[MARIA, "Hi!"]]),
            KLAUS: entry(127, 50, talk_k, "💬", lines + [[MARIA, "Hi!"]])},
    }


def write_storage_run(folder: Path, steps: dict[int, dict[str, Any]] | None = None,
                      names: tuple[str, ...] = NAMES) -> Path:
    """A ``storage/<sim>/`` folder: reverie/meta.json and movement/<step>.json."""
    write_meta(folder / "reverie" / "meta.json", names)
    for step, personas in (synthetic_steps() if steps is None else steps).items():
        write_step(folder, step, personas)
    return folder


def compress_storage(storage: Path, out: Path) -> Path:
    """What the original's ``compress_sim_storage.py`` does, for the steps the folder holds: per step
    only the residents whose movement, pronunciatio, description or chat changed (everyone at the
    first step; ``{}`` when no one changed), into ``master_movement.json``, and meta.json copied."""
    names = json.loads((storage / "reverie" / "meta.json").read_text(encoding="utf-8"))["persona_names"]
    fields = ("movement", "pronunciatio", "description", "chat")
    steps = sorted(int(path.stem) for path in (storage / "movement").glob("*.json"))
    last: dict[str, dict[str, Any]] = {}
    master: dict[str, dict[str, Any]] = {}
    for index, step in enumerate(steps):
        moves = json.loads((storage / "movement" / f"{step}.json").read_text(encoding="utf-8"))["persona"]
        master[str(step)] = {}
        for name in names:
            now = {key: moves[name][key] for key in fields}
            if index == 0 or now != last[name]:
                last[name] = now
                master[str(step)][name] = now
    out.mkdir(parents=True, exist_ok=True)
    (out / "master_movement.json").write_text(json.dumps(master, indent=2), encoding="utf-8")
    shutil.copyfile(storage / "reverie" / "meta.json", out / "meta.json")
    return out
