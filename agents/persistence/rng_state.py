"""The simulation's random generators in a save as plain numbers, rebuilt by our own code.

``random.Random`` is saved as its ``getstate()`` (a version, 625 32-bit words, a pending gauss value)
and numpy's ``Generator`` as its bit generator's ``state`` (a dict of ints: PCG64 only, the one
:func:`numpy.random.default_rng` makes), so a save names neither class and numpy rebuilds nothing
from file bytes. Each restore checks every number's range first and raises
:class:`~agents.persistence.array_codec.BadSavedState` naming the field.
"""

from __future__ import annotations

import random

import numpy as np

from agents.persistence.array_codec import BadSavedState, shown

_MT_WORDS = 624  # Mersenne Twister state words; getstate() adds the position as a 625th
_PCG64_KEYS = frozenset({"bit_generator", "state", "has_uint32", "uinteger"})

RandomState = tuple[int, tuple[int, ...], float | None]
GeneratorState = dict[str, object]


def random_state(rng: random.Random) -> RandomState:
    """``rng``'s state as plain numbers (``Random.getstate()``)."""
    state: RandomState = rng.getstate()
    return state


def restore_random(saved: object, field: str) -> random.Random:
    """A ``random.Random`` in the state ``saved`` (from :func:`random_state`), checked first."""
    if type(saved) is not tuple or len(saved) != 3:
        raise BadSavedState(field, "should be a random generator's state (version, words, gauss)")
    version, words, gauss = saved
    if version != 3 or type(version) is not int:
        raise BadSavedState(field, f"should be a version 3 random state, found version {shown(version)}")
    if type(words) is not tuple or len(words) != _MT_WORDS + 1 or not all(
            type(word) is int and 0 <= word < 2**32 for word in words):
        raise BadSavedState(field, f"should hold {_MT_WORDS + 1} whole numbers from 0 to 2**32 - 1")
    if not 0 <= words[-1] <= _MT_WORDS:
        raise BadSavedState(field, f"has a position {words[-1]} outside 0..{_MT_WORDS}")
    if gauss is not None and type(gauss) is not float:
        raise BadSavedState(field, "has a pending gauss value that is not a number")
    rng = random.Random()
    rng.setstate((version, words, gauss))
    return rng


def generator_state(generator: np.random.Generator) -> GeneratorState:
    """``generator``'s bit generator state (a dict of str and int); PCG64 only (ValueError else)."""
    bit_generator = generator.bit_generator
    if type(bit_generator) is not np.random.PCG64:
        raise ValueError(f"a save holds PCG64 generators only, not {type(bit_generator).__name__}")
    state: GeneratorState = bit_generator.state
    return state


def restore_generator(saved: object, field: str) -> np.random.Generator:
    """A numpy ``Generator`` in the state ``saved`` (from :func:`generator_state`), checked first."""
    if type(saved) is not dict or set(saved) != _PCG64_KEYS or saved["bit_generator"] != "PCG64":
        raise BadSavedState(field, f"should be a PCG64 generator's state with keys {sorted(_PCG64_KEYS)}")
    inner = saved["state"]
    if type(inner) is not dict or set(inner) != {"state", "inc"} or not all(
            type(value) is int and 0 <= value < 2**128 for value in inner.values()):
        raise BadSavedState(field, "should hold PCG64 'state' and 'inc' as whole numbers from 0 to 2**128 - 1")
    if saved["has_uint32"] not in (0, 1) or type(saved["has_uint32"]) is not int:
        raise BadSavedState(field, "should have 'has_uint32' 0 or 1")
    uinteger = saved["uinteger"]
    if type(uinteger) is not int or not 0 <= uinteger < 2**32:
        raise BadSavedState(field, "should have 'uinteger' a whole number from 0 to 2**32 - 1")
    bit_generator = np.random.PCG64(0)
    bit_generator.state = {"bit_generator": "PCG64", "state": dict(inner),
                           "has_uint32": saved["has_uint32"], "uinteger": uinteger}
    return np.random.Generator(bit_generator)
