"""Unpickling a save without letting it run anything: a ``pickle.Unpickler`` whose ``find_class``
admits only what a simulation is made of, and hands back nothing a save could misuse.

A pickle names every class or function it needs as ``module.name`` and the unpickler calls it; an
ordinary ``pickle.load`` of a hostile file can therefore call ``os.system``. Here a name is admitted
only when it is

* a class defined in one of the packages the simulation's state lives in (:data:`STATE_PACKAGES`;
  classes of ``agents.llm``, ``agents.cli`` etc., which open files and connections, are not admitted,
  nor is anything re-exported there from elsewhere). The unpickler does not get the class itself
  but a sealed stand-in (:func:`_stand_in`): the ``NEWOBJ`` opcode a pickle makes an instance with
  gets a bare instance (``object.__new__``: no ``__init__`` runs, so no constructor allocates from
  the file's numbers), the instance's state is then set as the class says (``__setstate__`` or its
  ``__dict__``), and calling the class (``REDUCE``) or changing it (``BUILD`` on the class) is
  refused. Enum classes stand in as a function that looks a member up by value. Other classes
  (with their own ``__new__``, or built on ``tuple``, ``int``...) are refused;
* or one of :data:`VALUE_TYPES`, stdlib values whose constructors make a fixed-size value from any
  arguments (``datetime`` and friends, C types a pickle cannot change), and paths (as a function
  that takes strings only).

Nothing else is admitted: no builtins (``bytearray(10**9)``, ``bytes(n)``, ``list(range(10**10))``
allocate from one small number; containers, strings and bytes need no name, pickle's opcodes make
them), no ``copyreg._reconstructor`` (it calls any base type with any argument), no numpy (arrays
are bytes, see :mod:`agents.persistence.array_codec`; the random generators numbers, see
:mod:`agents.persistence.rng_state`), no ``random.Random``. Before any of this, the opcodes are
checked (:mod:`agents.persistence.pickle_opcodes`: no opcode that allocates from a number in the
file, and a bound on the memory the objects take).

Anything else raises :class:`SaveSlotError` naming the file and the refused ``module.name``. When
the simulation starts holding objects of another package, add the package to
:data:`STATE_PACKAGES` (the round-trip tests in ``tests/persistence`` fail until then).
"""

from __future__ import annotations

import datetime
import enum
import io
import pathlib
import pickle
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NoReturn

from agents.persistence.array_codec import BadSavedState
from agents.persistence.errors import SaveSlotError
from agents.persistence.pickle_opcodes import PickleRefused, check_pickle_opcodes

STATE_PACKAGES: tuple[str, ...] = ("agents.cognition", "agents.engine", "agents.memory", "agents.world")

VALUE_TYPES: dict[tuple[str, str], type] = {
    ("datetime", "date"): datetime.date, ("datetime", "datetime"): datetime.datetime,
    ("datetime", "time"): datetime.time, ("datetime", "timedelta"): datetime.timedelta,
    ("datetime", "timezone"): datetime.timezone,
}

_TAMPERED = "the file was not made by Smallville or was tampered with; do not use it, load another slot"
_OTHER_VERSION = "the save was made by another version of the app or was damaged; load another slot"


class _SealedFunction:
    """A callable ``find_class`` hands out (a path maker, an enum lookup): it has no attributes a
    pickle's ``BUILD`` could set."""

    __slots__ = ("_function", "_name")

    def __init__(self, name: str, function: Callable[..., object]) -> None:
        object.__setattr__(self, "_name", name)
        object.__setattr__(self, "_function", function)

    def __call__(self, *args: object) -> object:
        return self._function(*args)

    def __setattr__(self, name: str, value: object) -> NoReturn:
        raise pickle.UnpicklingError(f"a save may not change {self._name}")

    def __repr__(self) -> str:
        return f"<saved {self._name}>"


def _path_maker(kind: type[pathlib.PurePath]) -> _SealedFunction:
    def make_path(*parts: object) -> pathlib.PurePath:
        if not all(type(part) is str for part in parts):
            raise pickle.UnpicklingError("a saved path is made of strings only")
        return kind(*parts)  # type: ignore[arg-type]

    return _SealedFunction(kind.__name__, make_path)


# a save made on another OS names that OS's concrete path class, which cannot be built here
_PATHS: dict[tuple[str, str], _SealedFunction] = {
    (module, name): _path_maker(kind)
    for module in ("pathlib", "pathlib._local")
    for name, kind in (("Path", pathlib.Path), ("PosixPath", pathlib.Path), ("WindowsPath", pathlib.Path),
                       ("PurePath", pathlib.PurePath), ("PurePosixPath", pathlib.PurePosixPath),
                       ("PureWindowsPath", pathlib.PureWindowsPath))
}


class _SealedStandIn(type):
    """The type of a stand-in (see the module docstring): it cannot be called nor changed."""

    def __call__(cls, *args: object, **kwargs: object) -> NoReturn:
        raise pickle.UnpicklingError(f"a save may not call {cls.__qualname__}(...)")

    def __setattr__(cls, name: str, value: object) -> NoReturn:
        raise pickle.UnpicklingError(f"a save may not change the class {cls.__qualname__}")

    def __delattr__(cls, name: str) -> NoReturn:
        raise pickle.UnpicklingError(f"a save may not change the class {cls.__qualname__}")


_STAND_INS: dict[type, object] = {}


def _stand_in(real: type) -> object | None:
    """What ``find_class`` hands the unpickler for the state class ``real``; None when a save may
    not hold one (see the module docstring)."""
    known = _STAND_INS.get(real)
    if known is not None:
        return known
    made: object
    if issubclass(real, enum.Enum):
        made = _SealedFunction(real.__qualname__, real)  # real(value): the member of that value, or ValueError
    elif real.__new__ is object.__new__ and type(real) is type:
        def bare(cls: type, *args: object, **kwargs: object) -> object:
            return object.__new__(real)

        made = _SealedStandIn(real.__name__, (), {"__new__": bare, "__slots__": (), "__qualname__": real.__qualname__})
    else:
        return None
    _STAND_INS[real] = made
    return made


class RestrictedUnpickler(pickle.Unpickler):
    """Unpickles only the names described in the module docstring; ``source`` is the file the bytes
    came from (named in errors)."""

    def __init__(self, file: io.BytesIO, source: Path, buffers: Sequence[memoryview] = ()) -> None:
        super().__init__(file, buffers=buffers)
        self.source = source

    def find_class(self, module: str, name: str) -> object:
        value_type = VALUE_TYPES.get((module, name))
        if value_type is not None:
            return value_type
        path_maker = _PATHS.get((module, name))
        if path_maker is not None:
            return path_maker
        if _in_state_package(module) and "." not in name:
            try:
                candidate = super().find_class(module, name)
            except (ImportError, AttributeError) as error:
                raise SaveSlotError(self.source, f"the saved state needs {module}.{name}, which this version "
                                                 "of Smallville does not have",
                                    "the save was made by another version of the app; load another slot") from error
            if isinstance(candidate, type) and candidate.__module__ == module:
                stand_in = _stand_in(candidate)
                if stand_in is not None:
                    return stand_in
        raise SaveSlotError(self.source, f"refused to load {module}.{name}: a Smallville save holds only the "
                                         "simulation's own classes", _TAMPERED)


def restricted_loads(pickled: bytes | memoryview, source: Path, buffers: Sequence[memoryview] = ()) -> object:
    """Check the opcodes of ``pickled`` (read from ``source``, with its out-of-band ``buffers``), then
    unpickle it with :class:`RestrictedUnpickler`. Every failure is a :class:`SaveSlotError` naming
    ``source``."""
    try:
        check_pickle_opcodes(pickled, len(buffers))
        return RestrictedUnpickler(io.BytesIO(pickled), source, buffers).load()
    except SaveSlotError:
        raise
    except PickleRefused as error:
        raise SaveSlotError(source, f"the saved state could not be rebuilt ({error})", _TAMPERED) from error
    except BadSavedState as error:
        raise SaveSlotError(source, f"the saved state is not a valid town: {error}", _OTHER_VERSION) from error
    except MemoryError as error:  # the opcode check bounds memory; this is a machine short of it
        raise SaveSlotError(source, "the saved state could not be rebuilt: not enough memory",
                            "close other programs and load it again, or load another slot") from error
    except (pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError, LookupError,
            ImportError, OverflowError, RecursionError) as error:
        raise SaveSlotError(source, f"the saved state could not be rebuilt ({type(error).__name__}: "
                                    f"{str(error)[:300]})", _OTHER_VERSION) from error


def _in_state_package(module: str) -> bool:
    return any(module == package or module.startswith(package + ".") for package in STATE_PACKAGES)
