"""Numeric arrays in a save as plain data: ``(dtype, shape, bytes)``, rebuilt by our own code.

A pickled ``numpy.ndarray`` is rebuilt by calling numpy with whatever the file says (an object dtype
made from file bytes is a path to a crash or worse), so no save holds one. Instead an array is
written as :func:`encode_array` makes it: a tuple of its dtype's name (one of :data:`SAVED_DTYPES`:
booleans, integers and floats, little-endian), its shape and its bytes; :func:`decode_array` checks
each part (the dtype against what the field expects, the shape, and that the shape times the item
size is exactly the byte length, before anything is allocated) and makes the array a view of the
bytes (``bytes`` or a read-only ``memoryview`` give a read-only array, ``bytearray`` a writable
one). A part that does not check out raises :class:`BadSavedState` naming the field.

``zero_copy=True`` hands the pickler the array's own memory (a ``pickle.PickleBuffer``, protocol 5:
a save passes it out of band, see :mod:`agents.persistence.save_format`; another protocol-5 pickle
writes it in-band as a ``bytearray``), without the copy ``tobytes`` makes. Use it only when pickling
at protocol 5 (``__reduce_ex__`` knows the protocol), and only for rows that never change once
written: a capture keeps a view of them until the save is written.
"""

from __future__ import annotations

import math
import pickle

import numpy as np
import numpy.typing as npt

SAVED_DTYPES: frozenset[str] = frozenset({"|b1", "|i1", "|u1", "<i2", "<u2", "<i4", "<u4", "<i8", "<u8", "<f4", "<f8"})
MAX_SAVED_DIMENSIONS = 4

SavedArray = tuple[str, tuple[int, ...], bytes | bytearray | memoryview | pickle.PickleBuffer]


class BadSavedState(ValueError):
    """A part of a save's state is not what a Smallville save holds there; ``field`` names the part
    (``"MemoryStream.embeddings"``, ``"residents['Ada'].tile"``)."""

    def __init__(self, field: str, problem: str) -> None:
        self.field = field
        self.problem = problem
        super().__init__(f"{field}: {problem}")


def encode_array(array: npt.NDArray[np.generic], *, zero_copy: bool = False) -> SavedArray:
    """``array`` as ``(dtype name, shape, bytes)``; see the module docstring. Raises ValueError for
    an array of a dtype a save does not hold (object, string, complex, datetime...)."""
    little = array.dtype.newbyteorder("<") if array.dtype.byteorder == ">" else array.dtype
    name = little.str
    if name not in SAVED_DTYPES:
        raise ValueError(f"a save holds numeric arrays only, not dtype {array.dtype}")
    contiguous = np.ascontiguousarray(array, dtype=little)
    data: bytes | pickle.PickleBuffer = pickle.PickleBuffer(contiguous) if zero_copy else contiguous.tobytes()
    return (name, tuple(int(size) for size in contiguous.shape), data)


def decode_array(saved: object, field: str, *, dtypes: frozenset[str] | str, ndim: int | None = None,
                 shape: tuple[int | None, ...] | None = None) -> npt.NDArray[np.generic]:
    """The array ``saved`` (as :func:`encode_array` wrote it) stands for, after checking it; ``dtypes``
    are the dtype names the field may have, ``ndim`` its number of dimensions and ``shape`` its
    expected sizes (None: any size). Raises :class:`BadSavedState` naming ``field``."""
    if type(saved) is not tuple or len(saved) != 3:
        raise BadSavedState(field, f"should be a saved array (dtype, shape, bytes), found {_kind(saved)}")
    name, sizes, data = saved
    allowed = frozenset({dtypes}) if isinstance(dtypes, str) else dtypes
    if type(name) is not str or name not in allowed or name not in SAVED_DTYPES:
        raise BadSavedState(field, f"should hold dtype {' or '.join(sorted(allowed))}, found {shown(name)}")
    if (type(sizes) is not tuple or len(sizes) > MAX_SAVED_DIMENSIONS
            or not all(type(size) is int and size >= 0 for size in sizes)):
        raise BadSavedState(field, f"has a shape that is not up to {MAX_SAVED_DIMENSIONS} sizes from 0, "
                                   f"found {shown(sizes)}")
    if ndim is not None and len(sizes) != ndim:
        raise BadSavedState(field, f"should have {ndim} dimension(s), found {len(sizes)}")
    if shape is not None and (len(shape) != len(sizes) or any(
            want is not None and want != size for want, size in zip(shape, sizes, strict=True))):
        raise BadSavedState(field, f"should have shape {shape}, found {sizes}")
    if type(data) is memoryview:  # an out-of-band buffer of the save's body (agents.persistence.save_format)
        if not (data.ndim == 1 and data.format == "B" and data.contiguous):
            raise BadSavedState(field, "should carry its values as plain bytes")
    elif type(data) is not bytes and type(data) is not bytearray:
        raise BadSavedState(field, f"should carry its values as bytes, found {_kind(data)}")
    dtype = np.dtype(name)
    expected_bytes = math.prod(sizes) * dtype.itemsize  # Python ints: no overflow, nothing allocated
    if expected_bytes != len(data):
        raise BadSavedState(field, f"has shape {sizes} of {name} ({expected_bytes} bytes) but carries "
                                   f"{len(data)} bytes")
    array = np.frombuffer(data, dtype=dtype).reshape(sizes)
    if name == "|b1" and array.size and int(array.view(np.uint8).max()) > 1:
        raise BadSavedState(field, "holds booleans that are neither 0 nor 1")
    return array


def _kind(value: object) -> str:
    return f"a {type(value).__name__}"


def shown(value: object, limit: int = 40) -> str:
    """A short repr of a value read from a file, for a message: never the repr of something huge
    (a 10**6-digit number cannot even be printed), and only of plain values."""
    if type(value) is int:
        return repr(value) if abs(value) < 10**30 else f"a {value.bit_length()}-bit number"
    if type(value) is str or type(value) is bytes:
        return repr(value[:limit]) + ("..." if len(value) > limit else "")
    if type(value) in (float, bool) or value is None:
        return repr(value)
    if type(value) is tuple and len(value) <= 8:
        return "(" + ", ".join(shown(item, limit) for item in value) + ("," if len(value) == 1 else "") + ")"
    return f"a {type(value).__qualname__}"
