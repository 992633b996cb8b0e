"""Validation of a JSON value against a JSON schema, repairing what can be repaired.

Only the subset of JSON Schema the prompt specs use is supported (see ``SUPPORTED_KEYWORDS``; a test
checks every spec's schema stays inside it): ``type`` (object, array, string, integer, number,
boolean), ``properties``, ``required``, ``additionalProperties: false``, ``items``, ``enum``,
``minimum``/``maximum``, ``minItems``/``maxItems``, ``minLength``/``maxLength``, ``description``.

:func:`repair_to_schema` returns the repaired value and a description of each repair, or raises
:class:`SchemaMismatch` naming the path that could not be repaired. Repairs made: keys matched ignoring
case, spaces and dashes; numbers and booleans given as strings; integral floats; numbers clamped into
range; enum values matched ignoring case or found as the only enum word in a sentence; a list wrapped in
an object unwrapped (and the reverse); a lone object or scalar wrapped into a list; an answer wrapped in
one extra object unwrapped; extra properties dropped; lists and strings cut to their maximum length.
Missing required properties and too-short lists are not repaired: they are errors.

:func:`schema_errors` is the strict check (no repairs) used by tests.
"""

from __future__ import annotations

import math
import re
import reprlib
from collections.abc import Mapping

SUPPORTED_KEYWORDS = frozenset(
    {
        "type",
        "properties",
        "required",
        "additionalProperties",
        "items",
        "enum",
        "minimum",
        "maximum",
        "minItems",
        "maxItems",
        "minLength",
        "maxLength",
        "description",
        "title",
    }
)

SHOWN_VALUE_CHARS = 80  # how much of a wrong value an error message quotes (answers can be huge)

_TRUE_WORDS = frozenset({"true", "yes", "y", "1"})
_FALSE_WORDS = frozenset({"false", "no", "n", "0"})


class SchemaMismatch(ValueError):
    """A value does not match its schema and cannot be repaired; ``path`` is where (``$.a[0].b``)."""

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


def _shown(value: object) -> str:
    """``repr(value)``, cut to :data:`SHOWN_VALUE_CHARS` characters."""
    text = reprlib.repr(value) if isinstance(value, (list, dict)) else repr(value)
    return text if len(text) <= SHOWN_VALUE_CHARS else text[: SHOWN_VALUE_CHARS - 3] + "..."


def _normalise_key(key: str) -> str:
    return re.sub(r"[\s\-]+", "_", key.strip()).lower()


def unsupported_keywords(schema: Mapping[str, object]) -> set[str]:
    """Keywords used anywhere in ``schema`` that this module does not implement."""
    found = set(schema) - SUPPORTED_KEYWORDS
    properties = schema.get("properties")
    if isinstance(properties, Mapping):
        for sub_schema in properties.values():
            found |= unsupported_keywords(sub_schema)
    items = schema.get("items")
    if isinstance(items, Mapping):
        found |= unsupported_keywords(items)
    return found


class _Repairer:
    def __init__(self) -> None:
        self.repairs: list[str] = []

    def note(self, path: str, what: str) -> None:
        self.repairs.append(f"{path}: {what}")

    def repair(self, value: object, schema: Mapping[str, object], path: str) -> object:
        expected = schema.get("type")
        if "enum" in schema:
            value = self._enum(value, schema, path)
        if expected == "object":
            return self._object(value, schema, path)
        if expected == "array":
            return self._array(value, schema, path)
        if expected == "string":
            return self._string(value, schema, path)
        if expected in ("integer", "number"):
            return self._number(value, schema, path, integral=expected == "integer")
        if expected == "boolean":
            return self._boolean(value, path)
        if expected is None:
            return value
        raise SchemaMismatch(path, f"unsupported schema type {expected!r}")

    def _enum(self, value: object, schema: Mapping[str, object], path: str) -> object:
        options = list(schema["enum"])  # type: ignore[call-overload]
        if value in options:
            return value
        if isinstance(value, (int, float)) and not isinstance(value, bool) and str(value) in options:
            self.note(path, "number matched to enum text")
            return str(value)
        if not isinstance(value, str):
            raise SchemaMismatch(path, f"expected one of {options}, got {_shown(value)}")
        folded = value.strip().strip(".!\"'").casefold()
        by_fold = {str(option).casefold(): option for option in options}
        if folded in by_fold:
            self.note(path, "enum matched ignoring case")
            return by_fold[folded]
        words = set(re.findall(r"[\w']+", folded))
        mentioned = [
            option for fold, option in by_fold.items() if fold in words or (" " in fold and fold in folded)
        ]
        if len(mentioned) == 1:
            self.note(path, "enum value found in text")
            return mentioned[0]
        raise SchemaMismatch(path, f"expected one of {options}, got {_shown(value)}")

    def _object(self, value: object, schema: Mapping[str, object], path: str) -> dict[str, object]:
        properties: Mapping[str, Mapping[str, object]] = schema.get("properties", {})  # type: ignore[assignment]
        required: list[str] = list(schema.get("required", []))  # type: ignore[call-overload]
        if not isinstance(value, dict):
            value = self._wrap_into_object(value, properties, required, path)
        by_normalised = {_normalise_key(name): name for name in properties}
        if len(value) == 1:
            ((only_key, only_value),) = value.items()
            if (
                isinstance(only_value, dict)
                and only_key not in properties
                and _normalise_key(str(only_key)) not in by_normalised
            ):
                self.note(path, f"unwrapped the answer from {{{only_key!r}: ...}}")
                return self._object(only_value, schema, path)
        renamed: dict[str, object] = {}
        for key, item in value.items():
            name = key if key in properties else by_normalised.get(_normalise_key(str(key)))
            if name is None:
                if schema.get("additionalProperties", True) is False:
                    self.note(path, f"dropped unexpected property {key!r}")
                    continue
                renamed[str(key)] = item
                continue
            if name != key:
                self.note(path, f"renamed property {key!r} to {name!r}")
            renamed[name] = item
        missing = [name for name in required if name not in renamed]
        if missing:
            raise SchemaMismatch(path, f"missing required properties {missing}")
        return {
            name: self.repair(item, properties[name], f"{path}.{name}") if name in properties else item
            for name, item in renamed.items()
        }

    def _wrap_into_object(
        self, value: object, properties: Mapping[str, Mapping[str, object]], required: list[str], path: str
    ) -> dict[str, object]:
        if len(required) == 1:
            only_name = required[0]
            only_type = properties.get(only_name, {}).get("type")
            if (isinstance(value, list) and only_type == "array") or (
                isinstance(value, (str, int, float, bool))
                and only_type in ("string", "integer", "number", "boolean")
            ):
                self.note(path, f"wrapped the bare value into {{{only_name!r}: ...}}")
                return {only_name: value}
        if isinstance(value, list) and len(value) == 1 and isinstance(value[0], dict):
            self.note(path, "unwrapped a one-element list")
            return value[0]
        raise SchemaMismatch(path, f"expected an object, got {type(value).__name__}")

    def _array(self, value: object, schema: Mapping[str, object], path: str) -> list[object]:
        items_schema: Mapping[str, object] = schema.get("items", {})  # type: ignore[assignment]
        if isinstance(value, dict):
            list_values = [item for item in value.values() if isinstance(item, list)]
            if len(value) == 1 and len(list_values) == 1:
                self.note(path, "unwrapped a list from its enclosing object")
                value = list_values[0]
            elif items_schema.get("type") == "object":
                self.note(path, "wrapped a lone object into a list")
                value = [value]
            else:
                raise SchemaMismatch(path, "expected a list, got an object")
        elif not isinstance(value, list):
            if value is None:
                raise SchemaMismatch(path, "expected a list, got null")
            self.note(path, "wrapped a lone value into a list")
            value = [value]
        max_items = schema.get("maxItems")
        if isinstance(max_items, int) and len(value) > max_items:
            self.note(path, f"cut the list from {len(value)} to {max_items} items")
            value = value[:max_items]
        min_items = schema.get("minItems")
        if isinstance(min_items, int) and len(value) < min_items:
            raise SchemaMismatch(path, f"expected at least {min_items} items, got {len(value)}")
        return [self.repair(item, items_schema, f"{path}[{index}]") for index, item in enumerate(value)]

    def _string(self, value: object, schema: Mapping[str, object], path: str) -> str:
        if isinstance(value, bool) or value is None or isinstance(value, (dict, list)):
            raise SchemaMismatch(path, f"expected a string, got {type(value).__name__}")
        if not isinstance(value, str):
            self.note(path, "number turned into text")
            value = str(value)
        stripped = value.strip()
        if stripped != value:
            value = stripped
        max_length = schema.get("maxLength")
        if isinstance(max_length, int) and len(value) > max_length:
            self.note(path, f"cut text to {max_length} characters")
            value = value[:max_length].rstrip()
        min_length = schema.get("minLength")
        if isinstance(min_length, int) and len(value) < min_length:
            raise SchemaMismatch(path, f"expected at least {min_length} characters")
        return value

    def _number(
        self, value: object, schema: Mapping[str, object], path: str, *, integral: bool
    ) -> int | float:
        if isinstance(value, bool) or value is None:
            raise SchemaMismatch(path, f"expected a number, got {_shown(value)}")
        if isinstance(value, str):
            match = re.fullmatch(r"\s*(-?\d+(?:\.\d+)?)\s*(?:/\s*10)?\s*", value)
            if match is None:
                raise SchemaMismatch(path, f"expected a number, got {_shown(value)}")
            self.note(path, "number given as text")
            value = float(match.group(1))
        if not isinstance(value, (int, float)) or (isinstance(value, float) and not math.isfinite(value)):
            raise SchemaMismatch(path, f"expected a number, got {_shown(value)}")
        number: int | float = value
        if integral and not isinstance(number, int):
            if number != int(number):
                self.note(path, "rounded to an integer")
            number = round(number)
        minimum = schema.get("minimum")
        maximum = schema.get("maximum")
        if isinstance(minimum, (int, float)) and number < minimum:
            self.note(path, f"raised {number} to the minimum {minimum}")
            number = minimum
        if isinstance(maximum, (int, float)) and number > maximum:
            self.note(path, f"lowered {number} to the maximum {maximum}")
            number = maximum
        return number

    def _boolean(self, value: object, path: str) -> bool:
        if isinstance(value, bool):
            return value
        if isinstance(value, (str, int)):
            word = str(value).strip().casefold()
            if word in _TRUE_WORDS or word in _FALSE_WORDS:
                self.note(path, "boolean given as text or number")
                return word in _TRUE_WORDS
        raise SchemaMismatch(path, f"expected true or false, got {_shown(value)}")


def repair_to_schema(value: object, schema: Mapping[str, object]) -> tuple[object, tuple[str, ...]]:
    """``value`` made to match ``schema`` and the repairs made; raises :class:`SchemaMismatch`."""
    repairer = _Repairer()
    repaired = repairer.repair(value, schema, "$")
    return repaired, tuple(repairer.repairs)


def schema_errors(value: object, schema: Mapping[str, object], path: str = "$") -> list[str]:
    """Everything that makes ``value`` invalid under ``schema`` (strict: no repairs); empty if valid."""
    errors: list[str] = []
    expected = schema.get("type")
    if "enum" in schema and value not in schema["enum"]:  # type: ignore[operator]
        errors.append(f"{path}: {value!r} not in enum")
    if expected == "object":
        if not isinstance(value, dict):
            return [*errors, f"{path}: expected object"]
        properties: Mapping[str, Mapping[str, object]] = schema.get("properties", {})  # type: ignore[assignment]
        for name in schema.get("required", []):  # type: ignore[attr-defined]
            if name not in value:
                errors.append(f"{path}: missing {name!r}")
        for name, item in value.items():
            if name in properties:
                errors.extend(schema_errors(item, properties[name], f"{path}.{name}"))
            elif schema.get("additionalProperties", True) is False:
                errors.append(f"{path}: unexpected property {name!r}")
    elif expected == "array":
        if not isinstance(value, list):
            return [*errors, f"{path}: expected array"]
        if len(value) < schema.get("minItems", 0):  # type: ignore[operator]
            errors.append(f"{path}: too few items")
        if "maxItems" in schema and len(value) > schema["maxItems"]:  # type: ignore[operator]
            errors.append(f"{path}: too many items")
        for index, item in enumerate(value):
            errors.extend(schema_errors(item, schema.get("items", {}), f"{path}[{index}]"))  # type: ignore[arg-type]
    elif expected == "string":
        if not isinstance(value, str):
            return [*errors, f"{path}: expected string"]
        if len(value) < schema.get("minLength", 0):  # type: ignore[operator]
            errors.append(f"{path}: too short")
        if "maxLength" in schema and len(value) > schema["maxLength"]:  # type: ignore[operator]
            errors.append(f"{path}: too long")
    elif expected in ("integer", "number"):
        if isinstance(value, bool) or not isinstance(value, int if expected == "integer" else (int, float)):
            return [*errors, f"{path}: expected {expected}"]
        if "minimum" in schema and value < schema["minimum"]:  # type: ignore[operator]
            errors.append(f"{path}: below minimum")
        if "maximum" in schema and value > schema["maximum"]:  # type: ignore[operator]
            errors.append(f"{path}: above maximum")
    elif expected == "boolean" and not isinstance(value, bool):
        errors.append(f"{path}: expected boolean")
    return errors
