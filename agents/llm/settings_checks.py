"""The checks every table of ``settings.toml`` goes through before a value is used.

One file holds several tables, read by different parts of the program (``[model]``, ``[resilience]``,
``[cache]``, ``[budget]``, ``[prices.*]``, ``[prompts.*]`` by :mod:`agents.llm.settings`;
``[simulation]`` by :mod:`agents.engine.engine_settings`; ``[saves]`` by
:mod:`agents.persistence.autosave`). Each reader refuses what it does not know in the same words:

* a table no reader knows, and a key a table does not have, are refused with the nearest known name
  (``[budget] max_cost_usdd: unknown key; did you mean max_cost_usd?``), so a typo never silently
  means "no budget";
* a number must be finite and within its named range (:func:`bounded_number`);
* a text must be short and free of control characters (:func:`checked_text`).

The file itself is read here too (:func:`read_settings_document`: not a folder, not too big, UTF-8,
TOML), and its values typed (:func:`typed_value`). Every refusal is a :class:`SettingsError` whose message starts with the file and names the table and
key. This module holds no settings of its own.
"""

from __future__ import annotations

import difflib
import math
import re
import tomllib
from collections.abc import Collection, Mapping
from pathlib import Path

from agents.wording import nearest_hint, shown_name

KNOWN_TABLES: tuple[str, ...] = ("model", "resilience", "cache", "budget", "prices", "prompts", "simulation",
                                 "saves")
MAX_TEXT_LENGTH = 1000
MAX_SETTINGS_FILE_BYTES = 1_000_000
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class SettingsError(ValueError):
    """The settings file exists but cannot be understood; the message names the file and the field."""


def unknown_key_error(path: Path, table: str, key: str, known: Collection[str]) -> SettingsError:
    """The refusal of ``[table] key`` that the table does not have."""
    return SettingsError(f"{path} [{table}] {shown_name(key)}: unknown key{nearest_hint(key, known)}")


def check_known_tables(document: Mapping[str, object], path: Path) -> None:
    """Refuse a top-level key that is no table any reader knows (a typo in a table's name)."""
    for name in document:
        if name not in KNOWN_TABLES:
            close = difflib.get_close_matches(name, KNOWN_TABLES, n=1, cutoff=0.6)
            hint = f"; did you mean [{close[0]}]?" if close else f"; known tables: {', '.join(KNOWN_TABLES)}"
            raise SettingsError(f"{path} [{shown_name(name)}]: unknown table{hint}")


def check_keys(table: Mapping[str, object], known: Collection[str], path: Path, table_name: str) -> None:
    """Refuse the first key of ``table`` not in ``known``."""
    for key in table:
        if key not in known:
            raise unknown_key_error(path, table_name, key, known)


def bounded_number(value: float, low: float, high: float, where: str, *, low_exclusive: bool = False) -> float:
    """``value`` when it is finite and within ``low``..``high`` (above ``low`` when ``low_exclusive``)."""
    if not math.isfinite(value):
        raise SettingsError(f"{where}: expected a finite number, got {value!r}")
    too_low = value <= low if low_exclusive else value < low
    if too_low or value > high:
        lower = f"above {low:g}" if low_exclusive else f"from {low:g}"
        raise SettingsError(f"{where}: {value:g} is out of range; it must be {lower} to {high:g}")
    return value


def checked_text(value: str, where: str, max_length: int = MAX_TEXT_LENGTH) -> str:
    """``value`` when it is at most ``max_length`` characters and holds no control characters."""
    if len(value) > max_length:
        raise SettingsError(f"{where}: {len(value)} characters long; at most {max_length}")
    if _CONTROL.search(value):
        raise SettingsError(f"{where}: must not contain control characters (tabs, new lines, ...)")
    return value


def typed_value(value: object, expected: type, where: str) -> object:
    """``value`` as ``expected`` (an int is a float too); else a SettingsError naming ``where``."""
    if expected is float and isinstance(value, int) and not isinstance(value, bool):
        if abs(value) > 2**53:
            raise SettingsError(f"{where}: {value} is too large a number")
        return float(value)
    if expected in (int, float) and isinstance(value, bool):
        raise SettingsError(f"{where}: expected a number, got {value!r}")
    if not isinstance(value, expected):
        raise SettingsError(f"{where}: expected {_type_word(expected)}, got {shown_value(value)}")
    if isinstance(value, float) and not math.isfinite(value):
        raise SettingsError(f"{where}: expected a finite number, got {value!r}")
    return value


def _type_word(expected: type) -> str:
    return {str: "a text in quotes", int: "a whole number", float: "a number", bool: "true or false",
            dict: "a table"}.get(expected, expected.__name__)


def shown_value(value: object) -> str:
    """``value`` as an error message shows it: short, and never a whole table."""
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def settings_table(document: Mapping[str, object], name: str, path: Path) -> Mapping[str, object]:
    """The table ``[name]`` of the document (empty when absent)."""
    table = document.get(name, {})
    if not isinstance(table, dict):
        raise SettingsError(f"{path}: [{name}] must be a table")
    return table


def read_settings_document(path: Path) -> dict[str, object]:
    """The parsed settings file (empty when it does not exist); SettingsError, naming the file, when
    it cannot be read (a folder, unreadable, too big, not UTF-8) or is not TOML."""
    try:
        if not path.exists():
            return {}
        if path.is_dir():
            raise SettingsError(f"{path} is a folder, not a settings file; move it away (the settings file is "
                                "written there by the settings screen)")
        size_bytes = path.stat().st_size
        if size_bytes > MAX_SETTINGS_FILE_BYTES:
            raise SettingsError(f"{path} is {size_bytes} bytes; a settings file is at most "
                                f"{MAX_SETTINGS_FILE_BYTES} bytes: is it the right file?")
        data = path.read_bytes()
    except OSError as error:
        raise SettingsError(f"{path} could not be read ({error.strerror or error}); check that it is a file "
                            "you may read") from error
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise SettingsError(f"{path} is not UTF-8 text (byte {error.start + 1} is {data[error.start]:#04x}); "
                            "save it as UTF-8") from error
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise SettingsError(f"{path} is not valid TOML: {error}") from error
    except RecursionError as error:
        raise SettingsError(f"{path} is not a settings file: its values nest too deep") from error
