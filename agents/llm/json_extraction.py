"""Tolerant extraction of one JSON value from a model's text answer.

Models wrap JSON in prose, code fences and ``<think>...</think>`` reasoning; small local models add
trailing commas, Python literals, or stop half-way. :func:`extract_json` strips the reasoning, then tries,
in order: the whole text, a fenced block, the first JSON value embedded in prose, the same after
mechanical fixes (trailing commas, ``True``/``False``/``None``), and finally closing a truncated value.
It returns the value and the list of repairs it needed, or raises :class:`JsonNotFound`.

Whatever the text holds, it is parsed within bounds: at most :data:`MAX_ANSWER_CHARS` characters,
brackets nested at most :data:`MAX_JSON_DEPTH` deep, number literals of at most
:data:`MAX_NUMBER_CHARS` characters and finite (no ``NaN``/``Infinity``). An answer past a bound
raises :class:`AnswerOutOfBounds` (a :class:`JsonNotFound`: an invalid answer like any other), never
``RecursionError`` or the ``ValueError`` of Python's int-string limit.
"""

from __future__ import annotations

import json
import math
import re

_THINK_BLOCK = re.compile(r"<(think|thinking|reasoning)>.*?</\1>", re.IGNORECASE | re.DOTALL)
_UNOPENED_THINK_END = re.compile(r"^.*?</(think|thinking|reasoning)>", re.IGNORECASE | re.DOTALL)
_UNCLOSED_THINK = re.compile(r"<(think|thinking|reasoning)>.*$", re.IGNORECASE | re.DOTALL)
_FENCE = re.compile(r"```(?:json|JSON)?\s*(.*?)```", re.DOTALL)
_TRAILING_COMMA = re.compile(r",(\s*[}\]])")
_PYTHON_LITERALS = {"True": "true", "False": "false", "None": "null"}
_MAX_CANDIDATE_STARTS = 32

MAX_ANSWER_CHARS = 200_000  # a whole answer, reasoning included (answers are a few thousand at most)
MAX_JSON_DEPTH = 64  # brackets open at once; our schemas nest 3 deep, json's C parser dies near 1,000
MAX_NUMBER_CHARS = 64  # one number literal; Python refuses int strings past 4,300 digits


class JsonNotFound(ValueError):
    """No JSON value could be found in, or repaired from, the text."""


class AnswerOutOfBounds(JsonNotFound):
    """The answer is too long, nested too deep, or holds a number too long or not finite."""


def _bounded_int(literal: str) -> int:
    if len(literal) > MAX_NUMBER_CHARS:
        raise AnswerOutOfBounds(f"the answer holds a number of {len(literal):,} characters "
                                f"(at most {MAX_NUMBER_CHARS})")
    return int(literal)


def _bounded_float(literal: str) -> float:
    if len(literal) > MAX_NUMBER_CHARS:
        raise AnswerOutOfBounds(f"the answer holds a number of {len(literal):,} characters "
                                f"(at most {MAX_NUMBER_CHARS})")
    value = float(literal)
    if not math.isfinite(value):
        raise AnswerOutOfBounds(f"the answer holds the number {literal}, which is out of range")
    return value


def _refuse_constant(name: str) -> object:
    raise AnswerOutOfBounds(f"the answer holds {name}, which is not a number JSON allows")


# Every JSON text of an answer is decoded by this one decoder, so the number bounds hold everywhere.
_DECODER = json.JSONDecoder(parse_int=_bounded_int, parse_float=_bounded_float, parse_constant=_refuse_constant)


def _decode(text: str) -> object:
    """The JSON value of ``text``, within the number bounds (raises ``json.JSONDecodeError`` or
    :class:`AnswerOutOfBounds`)."""
    return _DECODER.decode(text)


class _StringScan:
    """Follows a JSON text character by character, telling which characters stand outside string
    literals (the brackets that count), so the scans below share one notion of "inside a string"."""

    def __init__(self) -> None:
        self.in_string = False
        self._escaped = False

    def is_structural(self, char: str) -> bool:
        """Whether ``char``, the next character, is outside a string literal and not a quote."""
        if self.in_string:
            if self._escaped:
                self._escaped = False
            elif char == "\\":
                self._escaped = True
            elif char == '"':
                self.in_string = False
            return False
        if char == '"':
            self.in_string = True
            return False
        return True


def nesting_depth(text: str) -> int:
    """How deep ``{``/``[`` nest in ``text`` outside string literals (a linear scan, no recursion)."""
    depth = deepest = 0
    scan = _StringScan()
    for char in text:
        if not scan.is_structural(char):
            continue
        if char in "{[":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "}]":
            depth = max(0, depth - 1)
    return deepest


def check_answer_bounds(text: str) -> None:
    """Raise :class:`AnswerOutOfBounds` when ``text`` is too long or nests too deep to parse safely."""
    if len(text) > MAX_ANSWER_CHARS:
        raise AnswerOutOfBounds(f"the answer is {len(text):,} characters long (at most {MAX_ANSWER_CHARS:,})")
    depth = nesting_depth(text)
    if depth > MAX_JSON_DEPTH:
        raise AnswerOutOfBounds(f"the answer nests {depth:,} levels deep (at most {MAX_JSON_DEPTH})")


def strip_reasoning(text: str) -> str:
    """Remove ``<think>...</think>`` (and ``<thinking>``/``<reasoning>``) blocks, closed or not."""
    without_blocks = _THINK_BLOCK.sub("", text)
    without_blocks = _UNOPENED_THINK_END.sub("", without_blocks)
    return _UNCLOSED_THINK.sub("", without_blocks)


def _replace_python_literals(text: str) -> str:
    """Swap Python literals for JSON ones outside of string literals."""
    pieces: list[str] = []
    index = 0
    in_string = False
    while index < len(text):
        char = text[index]
        if in_string:
            pieces.append(char)
            if char == "\\" and index + 1 < len(text):
                pieces.append(text[index + 1])
                index += 2
                continue
            if char == '"':
                in_string = False
            index += 1
            continue
        if char == '"':
            in_string = True
            pieces.append(char)
            index += 1
            continue
        for literal, replacement in _PYTHON_LITERALS.items():
            if (
                text.startswith(literal, index)
                and not text[index + len(literal) : index + len(literal) + 1].isalnum()
            ):
                previous = text[index - 1] if index else " "
                if not previous.isalnum():
                    pieces.append(replacement)
                    index += len(literal)
                    break
        else:
            pieces.append(char)
            index += 1
    return "".join(pieces)


def close_truncated_json(text: str) -> str | None:
    """Close the strings and brackets a truncated JSON text left open; ``None`` if nothing to close."""
    stack: list[str] = []
    scan = _StringScan()
    for char in text:
        if not scan.is_structural(char):
            continue
        if char in "{[":
            stack.append("}" if char == "{" else "]")
        elif char in "}]":
            if not stack or stack[-1] != char:
                return None
            stack.pop()
    if not stack and not scan.in_string:
        return None
    repaired = text + ('"' if scan.in_string else "")
    repaired = repaired.rstrip()
    # A dangling key or separator cannot be completed: drop it.
    repaired = re.sub(r'(,\s*"[^"]*"\s*:?\s*|,\s*|:\s*)$', "", repaired)
    return repaired + "".join(reversed(stack))


def _first_embedded_value(text: str) -> object | None:
    decoder = _DECODER
    starts = [match.start() for match in re.finditer(r"[{\[]", text)][:_MAX_CANDIDATE_STARTS]
    for start in starts:
        try:
            value, _end = decoder.raw_decode(text, start)
        except json.JSONDecodeError:
            continue
        if isinstance(value, (dict, list)):
            return value
    return None


def extract_json(text: str) -> tuple[object, tuple[str, ...]]:
    """The JSON value in ``text`` and the repairs needed to get it; raises :class:`JsonNotFound`
    (:class:`AnswerOutOfBounds` past a bound, see the module docstring), never anything else."""
    check_answer_bounds(text)
    try:
        return _extract_within_bounds(text)
    except RecursionError as error:  # the depth check rules this out; the last line of defence
        raise AnswerOutOfBounds("the answer nests too deep to parse") from error


def _extract_within_bounds(text: str) -> tuple[object, tuple[str, ...]]:
    repairs: list[str] = []
    stripped = strip_reasoning(text)
    if stripped != text:
        repairs.append("removed reasoning block")
    stripped = stripped.strip()
    if not stripped:
        raise JsonNotFound("the answer is empty")
    try:
        return _decode(stripped), tuple(repairs)
    except json.JSONDecodeError:
        pass
    fenced = _FENCE.search(stripped)
    if fenced:
        try:
            return _decode(fenced.group(1).strip()), (*repairs, "removed code fence")
        except json.JSONDecodeError:
            stripped = fenced.group(1).strip() or stripped
    embedded = _first_embedded_value(stripped)
    if embedded is not None:
        return embedded, (*repairs, "extracted JSON from surrounding text")
    first_bracket = re.search(r"[{\[]", stripped)
    if first_bracket is None:
        raise JsonNotFound("the answer contains no JSON object or array")
    candidate = stripped[first_bracket.start() :]
    fixed = _TRAILING_COMMA.sub(r"\1", _replace_python_literals(candidate))
    embedded = _first_embedded_value(fixed)
    if embedded is not None:
        return embedded, (*repairs, "fixed JSON syntax")
    closed = close_truncated_json(fixed)
    if closed is not None:
        try:
            return _decode(closed), (*repairs, "closed truncated JSON")
        except json.JSONDecodeError:
            pass
    raise JsonNotFound("the answer's JSON is malformed beyond repair")
