"""The engine's rooms untangled (issue 17): the town's state and its acts (agents.engine.simulation)
import nothing that drives them, the engine's modules import one another without a circle (imports
inside functions and under TYPE_CHECKING counted alike), and the state fingerprint lives in the
engine, not in persistence."""

from __future__ import annotations

import ast
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

ENGINE = Path(__file__).resolve().parents[2] / "agents" / "engine"
DRIVING = {"agents.engine.step_driver", "agents.engine.thoughts", "agents.engine.town_steps",
           "agents.engine.simulation_runner", "agents.engine.player_requests"}


def imported_modules(path: Path) -> set[str]:
    """Every module ``path`` imports anywhere in it (``from X import Y`` counts X and X.Y)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def engine_graph() -> dict[str, set[str]]:
    modules = {f"agents.engine.{path.stem}": path for path in ENGINE.glob("*.py") if path.stem != "__init__"}
    return {name: imported_modules(path) & modules.keys() for name, path in modules.items()}


def test_the_town_imports_nothing_that_drives_it() -> None:
    assert engine_graph()["agents.engine.simulation"] & DRIVING == set()


def test_the_engine_modules_import_one_another_without_a_circle() -> None:
    try:
        order = list(TopologicalSorter(engine_graph()).static_order())
    except CycleError as error:
        raise AssertionError(f"an import circle in agents/engine: {' -> '.join(error.args[1])}") from None
    assert order.index("agents.engine.simulation") < order.index("agents.engine.step_driver")


def test_the_state_fingerprint_is_the_engines() -> None:
    assert (ENGINE / "state_fingerprint.py").is_file()
    assert not (ENGINE.parent / "persistence" / "state_fingerprint.py").exists()
    assert "agents.persistence.state_fingerprint" not in imported_modules(ENGINE / "simulation.py")
