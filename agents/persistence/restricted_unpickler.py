"""Unpickling a save without letting it run anything: a ``pickle.Unpickler`` whose ``find_class``
admits only what a simulation is made of.

A pickle names every class or function it needs as ``module.name`` and the unpickler calls it; an
ordinary ``pickle.load`` of a hostile file can therefore call ``os.system``. Here a name is admitted
only when it is

* a class (not a function) defined in one of the packages the simulation's state lives in
  (:data:`STATE_PACKAGES`); classes of ``agents.llm``, ``agents.cli`` etc., which open files and
  connections, are not admitted, nor is anything re-exported there from elsewhere;
* or one of :data:`ALLOWED_NAMES`: a few safe builtins, ``datetime``, ``random.Random``, paths, and
  the helpers numpy's arrays and its random generator are rebuilt with (found by listing the names a
  real simulation's pickle uses; numpy 1 spells ``numpy._core`` as ``numpy.core``).

Anything else raises :class:`SaveSlotError` naming the file and the refused ``module.name``.
When the simulation starts holding objects of another package, add the package to
:data:`STATE_PACKAGES` (the round-trip test in ``tests/persistence`` fails until then).
"""

from __future__ import annotations

import io
import pathlib
import pickle
from pathlib import Path

from agents.persistence.errors import SaveSlotError

STATE_PACKAGES: tuple[str, ...] = ("agents.cognition", "agents.engine", "agents.memory", "agents.world")

_NUMPY_CORE = ("numpy.core", "numpy._core")

ALLOWED_NAMES: frozenset[tuple[str, str]] = frozenset(
    {("builtins", name) for name in ("set", "frozenset", "list", "dict", "tuple", "int", "float", "str",
                                     "bytes", "bytearray", "bool", "complex", "slice", "range", "object")}
    | {("datetime", name) for name in ("date", "datetime", "time", "timedelta", "timezone")}
    | {("copyreg", "_reconstructor"), ("random", "Random")}
    | {(module, name) for module in ("pathlib", "pathlib._local")
       for name in ("Path", "PosixPath", "WindowsPath", "PurePath", "PurePosixPath", "PureWindowsPath")}
    | {("numpy", "dtype"), ("numpy", "ndarray")}
    | {(f"{core}.multiarray", name) for core in _NUMPY_CORE for name in ("_reconstruct", "scalar")}
    | {(f"{core}.numeric", "_frombuffer") for core in _NUMPY_CORE}
    | {("numpy.random._pickle", "__generator_ctor"), ("numpy.random._pickle", "__bit_generator_ctor"),
       ("numpy.random._pcg64", "PCG64"), ("numpy.random.bit_generator", "SeedSequence"),
       ("numpy.random.bit_generator", "__pyx_unpickle_SeedSequence")}
)

# a save made on another OS names that OS's concrete path class, which cannot be built here
_CONCRETE_PATHS = frozenset({"Path", "PosixPath", "WindowsPath"})


class RestrictedUnpickler(pickle.Unpickler):
    """Unpickles only the names described in the module docstring; ``source`` is the file the bytes
    came from (named in errors)."""

    def __init__(self, file: io.BytesIO, source: Path) -> None:
        super().__init__(file)
        self.source = source

    def find_class(self, module: str, name: str) -> object:
        if (module, name) in ALLOWED_NAMES:
            if module.startswith("pathlib") and name in _CONCRETE_PATHS:
                return pathlib.Path
            return super().find_class(module, name)
        if _in_state_package(module) and "." not in name:
            try:
                candidate = super().find_class(module, name)
            except (ImportError, AttributeError) as error:
                raise SaveSlotError(self.source, f"the saved state needs {module}.{name}, which this version "
                                                 "of Smallville does not have",
                                    "the save was made by another version of the app; load another slot") from error
            if isinstance(candidate, type) and candidate.__module__ == module:
                return candidate
        raise SaveSlotError(self.source, f"refused to load {module}.{name}: a Smallville save holds only the "
                                         "simulation's own classes",
                            "the file was not made by Smallville or was tampered with; do not use it, "
                            "load another slot")


def restricted_loads(body: bytes | memoryview, source: Path) -> object:
    """Unpickle ``body`` (read from ``source``) with :class:`RestrictedUnpickler`. Every failure is a
    :class:`SaveSlotError` naming ``source``."""
    try:
        return RestrictedUnpickler(io.BytesIO(body), source).load()
    except SaveSlotError:
        raise
    except (pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError, LookupError,
            ImportError, OverflowError, RecursionError) as error:
        raise SaveSlotError(source, f"the saved state could not be rebuilt ({type(error).__name__}: {error})",
                            "the save was made by another version of the app or was damaged; "
                            "load another slot") from error


def _in_state_package(module: str) -> bool:
    return any(module == package or module.startswith(package + ".") for package in STATE_PACKAGES)
