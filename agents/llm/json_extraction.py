"""Tolerant extraction of one JSON value from a model's text answer.

Models wrap JSON in prose, code fences and ``<think>...</think>`` reasoning; small local models add
trailing commas, Python literals, or stop half-way. :func:`extract_json` strips the reasoning, then tries,
in order: the whole text, a fenced block, the first JSON value embedded in prose, the same after
mechanical fixes (trailing commas, ``True``/``False``/``None``), and finally closing a truncated value.
It returns the value and the list of repairs it needed, or raises :class:`JsonNotFound`.
"""

from __future__ import annotations

import json
import re

_THINK_BLOCK = re.compile(r"<(think|thinking|reasoning)>.*?</\1>", re.IGNORECASE | re.DOTALL)
_UNOPENED_THINK_END = re.compile(r"^.*?</(think|thinking|reasoning)>", re.IGNORECASE | re.DOTALL)
_UNCLOSED_THINK = re.compile(r"<(think|thinking|reasoning)>.*$", re.IGNORECASE | re.DOTALL)
_FENCE = re.compile(r"```(?:json|JSON)?\s*(.*?)```", re.DOTALL)
_TRAILING_COMMA = re.compile(r",(\s*[}\]])")
_PYTHON_LITERALS = {"True": "true", "False": "false", "None": "null"}
_MAX_CANDIDATE_STARTS = 32


class JsonNotFound(ValueError):
    """No JSON value could be found in, or repaired from, the text."""


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
    in_string = False
    escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
            continue
        if char == '"':
            in_string = True
        elif char in "{[":
            stack.append("}" if char == "{" else "]")
        elif char in "}]":
            if not stack or stack[-1] != char:
                return None
            stack.pop()
    if not stack and not in_string:
        return None
    repaired = text + ('"' if in_string else "")
    repaired = repaired.rstrip()
    # A dangling key or separator cannot be completed: drop it.
    repaired = re.sub(r'(,\s*"[^"]*"\s*:?\s*|,\s*|:\s*)$', "", repaired)
    return repaired + "".join(reversed(stack))


def _first_embedded_value(text: str) -> object | None:
    decoder = json.JSONDecoder()
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
    """The JSON value in ``text`` and the repairs needed to get it; raises :class:`JsonNotFound`."""
    repairs: list[str] = []
    stripped = strip_reasoning(text)
    if stripped != text:
        repairs.append("removed reasoning block")
    stripped = stripped.strip()
    if not stripped:
        raise JsonNotFound("the answer is empty")
    try:
        return json.loads(stripped), tuple(repairs)
    except json.JSONDecodeError:
        pass
    fenced = _FENCE.search(stripped)
    if fenced:
        try:
            return json.loads(fenced.group(1).strip()), (*repairs, "removed code fence")
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
            return json.loads(closed), (*repairs, "closed truncated JSON")
        except json.JSONDecodeError:
            pass
    raise JsonNotFound("the answer's JSON is malformed beyond repair")
