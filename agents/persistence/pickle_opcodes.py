"""A look at a save's pickle before it is unpickled: only the opcodes our pickler writes, no read past
the body, and a bound on the memory unpickling it can take.

``find_class`` (:mod:`agents.persistence.restricted_unpickler`) decides which classes a save may
name, but some pickle opcodes make the C unpickler allocate from a number in the file, without
naming anything: ``LONG_BINPUT 100000000`` (a 5-byte body) grows the memo table to 1.6 GB and zeroes
it, ``BINBYTES8`` with a length of 10**12 allocates that before it finds the file too short. A
protocol-4/5 pickle as ``pickle.dumps`` writes it never holds ``PUT``, ``BINPUT`` or
``LONG_BINPUT`` (it uses ``MEMOIZE``), nor the text opcodes of protocols 0-1, ``PERSID``, ``EXT*``,
``INST``/``OBJ``/``GLOBAL`` or ``DUP``. :func:`check_pickle_opcodes` walks the opcodes once and
refuses (``PickleRefused``, naming the byte):

* any opcode not in that list, a protocol other than 4 or 5, or bytes after ``STOP``;
* a counted argument (a string, bytes, a big int, a frame) longer than what is left of the body;
* a memo reference to an entry not made yet (so the memo never grows past the ``MEMOIZE`` count),
  or an out-of-band buffer the body does not hold;
* a stack or mark underflow;
* a pickle whose objects would take more than :data:`MAX_EXPANSION` times its size (plus
  :data:`EXPANSION_SLACK_BYTES`): each opcode's result is costed at its CPython size or more (an
  empty set 216 bytes, a dict item 112, a string 4 bytes a byte), so memory grows at most that much.
  A real town estimates at 2-3 times its pickle (a dict of short strings, the worst shape a state
  could take, about 28); a flood of one-byte "make an empty set" opcodes would be over 200. The
  out-of-band buffers (the embedding rows) are memory the body already holds and cost nothing.

About 0.4 microseconds an opcode (a 25-resident town after a game day: 120 000 opcodes, 50 ms).
"""

from __future__ import annotations

import pickle
import pickletools
import struct

MAX_EXPANSION = 64
EXPANSION_SLACK_BYTES = 32 * 1024 * 1024

_STACK_SLOT = 8
_DICT_ITEM = 112
_SET_ITEM = 112
_LIST_ITEM = 16


class PickleRefused(ValueError):
    """The body is not a pickle as Smallville writes it; the message names the byte."""


def _code(opcode: bytes) -> int:
    return opcode[0]


# opcode -> (values taken, values pushed, estimated bytes of what it makes), opcodes without argument
_PLAIN: dict[int, tuple[int, int, int]] = {
    _code(pickle.NONE): (0, 1, 0), _code(pickle.NEWTRUE): (0, 1, 0), _code(pickle.NEWFALSE): (0, 1, 0),
    _code(pickle.EMPTY_TUPLE): (0, 1, 0), _code(pickle.EMPTY_LIST): (0, 1, 56), _code(pickle.EMPTY_DICT): (0, 1, 64),
    _code(pickle.EMPTY_SET): (0, 1, 216),
    _code(pickle.TUPLE1): (1, 1, 48), _code(pickle.TUPLE2): (2, 1, 56), _code(pickle.TUPLE3): (3, 1, 64),
    _code(pickle.APPEND): (2, 1, _LIST_ITEM), _code(pickle.SETITEM): (3, 1, _DICT_ITEM),
    _code(pickle.STACK_GLOBAL): (2, 1, 0), _code(pickle.NEWOBJ): (2, 1, 64), _code(pickle.NEWOBJ_EX): (3, 1, 64),
    _code(pickle.REDUCE): (2, 1, 256), _code(pickle.BUILD): (2, 1, 0), _code(pickle.MEMOIZE): (1, 1, _STACK_SLOT),
    _code(pickle.READONLY_BUFFER): (1, 1, 200),
}
# opcode -> (argument bytes, estimated bytes of the number it pushes)
_FIXED: dict[int, tuple[int, int]] = {
    _code(pickle.BININT1): (1, 32), _code(pickle.BININT2): (2, 32), _code(pickle.BININT): (4, 32),
    _code(pickle.BINFLOAT): (8, 24),
}
# opcode -> (length bytes, cost per byte, fixed cost) for the opcodes whose argument is counted
_COUNTED: dict[int, tuple[int, int, int]] = {
    _code(pickle.SHORT_BINUNICODE): (1, 4, 80), _code(pickle.BINUNICODE): (4, 4, 80),
    _code(pickle.BINUNICODE8): (8, 4, 80),
    _code(pickle.SHORT_BINBYTES): (1, 1, 40), _code(pickle.BINBYTES): (4, 1, 40), _code(pickle.BINBYTES8): (8, 1, 40),
    _code(pickle.BYTEARRAY8): (8, 1, 64), _code(pickle.LONG1): (1, 1, 32), _code(pickle.LONG4): (4, 1, 32),
}
_LENGTH_FORMATS = {1: "<B", 4: "<I", 8: "<Q"}
# opcodes that take every value down to the last mark -> (values pushed, fixed cost, cost per value taken,
# whether a container is below the mark to receive them: documentation; the unpickler checks it)
_MARKED: dict[int, tuple[int, int, int, bool]] = {
    _code(pickle.TUPLE): (1, 40, _STACK_SLOT, False), _code(pickle.FROZENSET): (1, 216, _SET_ITEM, False),
    _code(pickle.APPENDS): (0, 0, _LIST_ITEM, True), _code(pickle.SETITEMS): (0, 0, _DICT_ITEM // 2, True),
    _code(pickle.ADDITEMS): (0, 0, _SET_ITEM, True), _code(pickle.POP_MARK): (0, 0, 0, False),
}
_BINGET, _LONG_BINGET = _code(pickle.BINGET), _code(pickle.LONG_BINGET)
_MARK, _POP, _STOP, _FRAME, _PROTO = (_code(pickle.MARK), _code(pickle.POP), _code(pickle.STOP), _code(pickle.FRAME),
                                      _code(pickle.PROTO))
_MEMOIZE, _SETITEMS, _NEXT_BUFFER = _code(pickle.MEMOIZE), _code(pickle.SETITEMS), _code(pickle.NEXT_BUFFER)

# the walk's tables, indexed by opcode (lists: faster than dicts in the loop)
_REFUSED, _KIND_SIMPLE, _KIND_BINGET, _KIND_COUNTED, _KIND_MARK, _KIND_MARKED, _KIND_OTHER = range(7)
_KIND = [_REFUSED] * 256
_DELTA = [0] * 256  # stack change
_COST = [0] * 256
_WIDTH = [0] * 256  # argument bytes
for _opcode, (_takes, _pushes, _made) in _PLAIN.items():
    _KIND[_opcode], _DELTA[_opcode], _COST[_opcode] = _KIND_SIMPLE, _pushes - _takes, _made + _STACK_SLOT
for _opcode, (_width, _made) in _FIXED.items():
    _KIND[_opcode], _DELTA[_opcode], _WIDTH[_opcode], _COST[_opcode] = _KIND_SIMPLE, 1, _width, _made + _STACK_SLOT
for _opcode in _COUNTED:
    _KIND[_opcode] = _KIND_COUNTED
for _opcode in _MARKED:
    _KIND[_opcode] = _KIND_MARKED
_KIND[_BINGET], _KIND[_MARK] = _KIND_BINGET, _KIND_MARK
for _opcode in (_POP, _FRAME, _STOP, _NEXT_BUFFER):
    _KIND[_opcode] = _KIND_OTHER
_MEMOIZE_COST = _COST[_MEMOIZE]  # MEMOIZE and LONG_BINGET, the commonest, are tested for first


def check_pickle_opcodes(body: bytes | bytearray | memoryview, buffer_count: int = 0) -> int:
    """Walk the opcodes of ``body`` (see the module docstring), a pickle given ``buffer_count``
    out-of-band buffers (``NEXT_BUFFER`` takes the next one: it is memory the body already holds);
    returns the estimated bytes its objects take, or raises :class:`PickleRefused`.

    The stack is followed only as far as costing needs (how many values a mark-consuming opcode
    takes); an underflow is left to the unpickler, which refuses it where it happens, so the cost of
    everything it builds before that is counted exactly."""
    data = bytes(body) if isinstance(body, memoryview) else body
    size = len(data)
    if size < 3 or data[0] != _PROTO or data[1] not in (4, 5):
        raise PickleRefused("it does not start as a protocol 4 or 5 pickle")
    kinds, deltas, costs, widths = _KIND, _DELTA, _COST, _WIDTH
    unpack_from = struct.unpack_from
    position, depth, memo, cost, buffers_left = 2, 0, 0, 0, buffer_count
    marks: list[int] = []
    while position < size:
        opcode = data[position]
        position += 1
        if opcode == _MEMOIZE:  # the commonest opcodes first
            memo += 1
            cost += _MEMOIZE_COST
            continue
        if opcode == _LONG_BINGET:
            if position + 4 > size:
                raise PickleRefused(f"byte {position - 1}: the body ends inside a memo reference")
            if unpack_from("<I", data, position)[0] >= memo:
                raise PickleRefused(f"byte {position - 1}: a reference to a memo entry not made yet")
            position += 4
            depth += 1
            cost += _STACK_SLOT
            continue
        kind = kinds[opcode]
        if kind == _KIND_SIMPLE:
            position += widths[opcode]
            depth += deltas[opcode]
            cost += costs[opcode]
        elif kind == _KIND_BINGET:
            if position >= size or data[position] >= memo:
                raise PickleRefused(f"byte {position - 1}: a reference to a memo entry not made yet")
            position += 1
            depth += 1
            cost += _STACK_SLOT
        elif kind == _KIND_COUNTED:
            width, per_byte, made = _COUNTED[opcode]
            if position + width > size:
                raise PickleRefused(f"byte {position - 1}: the body ends inside a length")
            length = unpack_from(_LENGTH_FORMATS[width], data, position)[0]
            position += width
            if length > size - position:
                raise PickleRefused(f"byte {position - width - 1}: a value of {length} bytes, more than the "
                                    f"{size - position} left in the body")
            position += length
            depth += 1
            cost += made + per_byte * length + _STACK_SLOT
        elif kind == _KIND_MARK:
            marks.append(depth)
            cost += _STACK_SLOT
        elif kind == _KIND_MARKED:
            if not marks:
                raise PickleRefused(f"byte {position - 1}: {_name(opcode)} without a mark")
            pushes, made, per_value, _fills = _MARKED[opcode]
            start = marks.pop()
            taken = max(0, depth - start)
            if opcode == _SETITEMS and taken % 2:
                raise PickleRefused(f"byte {position - 1}: SETITEMS with a key and no value")
            depth = start + pushes
            cost += made + per_value * taken
        elif opcode == _POP:
            if marks and marks[-1] == depth:  # as the C unpickler does: POP of nothing drops the mark
                marks.pop()
            else:
                depth -= 1
        elif opcode == _NEXT_BUFFER:
            if not buffers_left:
                raise PickleRefused(f"byte {position - 1}: NEXT_BUFFER past the {buffer_count} buffers of the body")
            buffers_left -= 1
            depth += 1
            cost += _STACK_SLOT + 200
        elif opcode == _FRAME:
            if position + 8 > size or unpack_from("<Q", data, position)[0] > size - position - 8:
                raise PickleRefused(f"byte {position - 1}: a frame longer than the rest of the body")
            position += 8
        elif opcode == _STOP:
            if position != size:
                raise PickleRefused(f"byte {position - 1}: {size - position} bytes after the end of the pickle")
            limit = MAX_EXPANSION * size + EXPANSION_SLACK_BYTES
            if cost > limit:
                raise PickleRefused(f"unpickling it would take more than {limit // 2**20} MiB ({MAX_EXPANSION} "
                                    f"times the body's size and more; about {cost // 2**20} MiB)")
            return cost
        else:
            raise PickleRefused(f"byte {position - 1}: opcode {_name(opcode)}, which a Smallville save never holds")
    raise PickleRefused("the pickle has no end (no STOP opcode)")


def _name(opcode: int) -> str:
    return f"{_NAMES.get(opcode, 'unknown')} ({opcode:#04x})"


_NAMES: dict[int, str] = {ord(info.code): info.name for info in pickletools.opcodes}
