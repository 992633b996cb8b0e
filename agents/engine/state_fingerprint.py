"""A fingerprint of a state by value (``Simulation.snapshot_sha256`` is this hash).

A plain pickle also records *how* the state is held: which equal strings are one object (pickle
writes a shared object once and refers back to it) and the order a set or frozenset happens to
iterate in. Both change when a state is unpickled, so a plain-pickle hash of an original and of its
loaded copy differ although every value is equal and they go on identically.

:func:`state_sha256` hashes the values only: it pickles without the memo (``Pickler.fast``, so
shared objects are written out each time) and writes sets and frozensets with their items sorted.
About 0.2 s for 25 residents after half a day; it refuses a state with a reference cycle
(``ValueError``); the simulation's state has none.
"""

from __future__ import annotations

import hashlib
import io
import pickle


class _ValuePickler(pickle.Pickler):
    """A pickler whose output depends on values only (see the module docstring)."""

    def __init__(self, file: io.BytesIO) -> None:
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self.fast = True

    def persistent_id(self, obj: object) -> object:
        if isinstance(obj, set | frozenset):
            return (type(obj).__name__, _sorted_items(obj))
        return None


def state_sha256(state: object) -> str:
    """The sha256 of ``state``'s values (equal for a simulation and its saved-and-loaded copy)."""
    return hashlib.sha256(_value_bytes(state)).hexdigest()


def _value_bytes(state: object) -> bytes:
    buffer = io.BytesIO()
    _ValuePickler(buffer).dump(state)
    return buffer.getvalue()


def _sorted_items(items: set[object] | frozenset[object]) -> tuple[object, ...]:
    try:
        return tuple(sorted(items))  # type: ignore[type-var]  # tiles, names: the usual case
    except TypeError:
        return tuple(sorted(items, key=_value_bytes))
