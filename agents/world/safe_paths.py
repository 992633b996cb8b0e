"""Names from data that become paths, checked so they stay inside their folder.

A resident's name becomes the stem of their persona file, character sheet and portrait; a scenario's
``history_csv``, a persona's ``sprite`` and ``portrait`` and a recording's art paths name files
inside a world folder. None of them may lead outside it: :func:`resident_name_problem` says what is
wrong with a name (a path separator, ``..``, a control character, a leading dot, too long), and
:func:`path_inside` joins a relative path to its folder only when the result is still inside (by
its names: symbolic links inside the folder are the user's own and are followed).
"""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path, PurePath

from agents.world.errors import WorldFormatError

MAX_NAME_CHARACTERS = 100
_FORBIDDEN_IN_NAMES = frozenset('/\\:*?"<>|')


class UnsafeNameError(ValueError):
    """A name that cannot become a file name (see :func:`resident_name_problem`)."""


def resident_name_problem(name: str) -> str | None:
    """What keeps ``name`` from being a resident's name (and so a file stem), or None when it is fine."""
    stripped = name.strip()
    if not stripped:
        return "a resident's name is empty"
    if len(stripped) > MAX_NAME_CHARACTERS:
        return f"a resident's name is {len(stripped)} characters long (at most {MAX_NAME_CHARACTERS})"
    bad = sorted({c for c in stripped if c in _FORBIDDEN_IN_NAMES or unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp")})
    if bad:
        return f"the name {stripped[:40]!r} holds {', '.join(repr(c) for c in bad)}, which a file name cannot"
    if stripped.startswith(".") or ".." in stripped:
        return f"the name {stripped[:40]!r} starts with a dot or holds '..', which could lead outside its folder"
    return None


def safe_file_stem(name: str) -> str:
    """``"Isabella Rodriguez"`` -> ``"Isabella_Rodriguez"``; an :class:`UnsafeNameError` for a name that
    could lead outside its folder."""
    problem = resident_name_problem(name)
    if problem is not None:
        raise UnsafeNameError(problem)
    return name.strip().replace(" ", "_")


def check_resident_name(name: str, path: Path, where: str) -> str:
    """``name`` stripped; a :class:`WorldFormatError` naming ``path`` and ``where`` when it is unsafe."""
    problem = resident_name_problem(name)
    if problem is not None:
        raise WorldFormatError(path, problem, where=where,
                               hint="use the resident's plain first and last name, e.g. 'Isabella Rodriguez'")
    return name.strip()


def is_inside(folder: Path, path: Path) -> bool:
    """True when ``path`` is ``folder`` or lies inside it, judged by the names (``..`` taken into
    account, symbolic links not followed: a link the user made inside a folder is theirs to make)."""
    try:
        relative = os.path.relpath(os.path.normpath(os.path.abspath(path)), os.path.normpath(os.path.abspath(folder)))
    except ValueError:  # another drive (Windows)
        return False
    return relative != ".." and not relative.startswith(".." + os.sep) and not os.path.isabs(relative)


def path_inside(folder: Path, relative: str, *, named_in: Path, where: str) -> Path:
    """``folder / relative`` when that stays inside ``folder``; a :class:`WorldFormatError` naming the
    file ``named_in`` and ``where`` (the field) when ``relative`` is absolute or leads outside."""
    text = str(relative)
    if not text.strip() or "\x00" in text:
        raise WorldFormatError(named_in, f"{text!r} is not a file name", where=where)
    pure = PurePath(text)
    target = folder / pure
    if pure.is_absolute() or ".." in pure.parts or not is_inside(folder, target):
        raise WorldFormatError(named_in, f"{text!r} leads outside {folder}", where=where,
                               hint="name a file inside the folder, relative to it")
    return target
