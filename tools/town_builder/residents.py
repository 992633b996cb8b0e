"""The residents table of the shipped town: the 25 residents in the original's order, the three of
the small scenario with their per-scenario texts, and lookup by name.
The records themselves live in the ``residents_*`` modules, grouped by where people live.
"""

from __future__ import annotations

from tools.town_builder.residents_artists import (
    ABIGAIL_CHEN,
    FRANCISCO_LOPEZ,
    HAILEY_JOHNSON,
    LATOYA_WILLIAMS,
    RAJIV_PATEL,
)
from tools.town_builder.residents_college import AYESHA_KHAN, KLAUS_MUELLER, MARIA_LOPEZ, WOLFGANG_SCHULZ
from tools.town_builder.residents_downtown import (
    ARTHUR_BURTON,
    CARLOS_GOMEZ,
    GIORGIO_ROSSI,
    ISABELLA_RODRIGUEZ,
    RYAN_PARK,
)
from tools.town_builder.residents_families import (
    EDDY_LIN,
    JANE_MORENO,
    JENNIFER_MOORE,
    JOHN_LIN,
    MEI_LIN,
    SAM_MOORE,
    TOM_MORENO,
)
from tools.town_builder.residents_model import Resident, ResidentOverride
from tools.town_builder.residents_neighbours import ADAM_SMITH, CARMEN_ORTIZ, TAMARA_TAYLOR, YURIKO_YAMAMOTO
from tools.town_builder.residents_three import THREE_OVERRIDES

__all__ = ["RESIDENTS", "THREE_OVERRIDES", "THREE_RESIDENTS", "Resident", "ResidentOverride", "resident_named"]

RESIDENTS: tuple[Resident, ...] = (
    LATOYA_WILLIAMS, RAJIV_PATEL, ABIGAIL_CHEN, FRANCISCO_LOPEZ, HAILEY_JOHNSON, ARTHUR_BURTON, RYAN_PARK,
    ISABELLA_RODRIGUEZ, GIORGIO_ROSSI, CARLOS_GOMEZ, KLAUS_MUELLER, MARIA_LOPEZ, AYESHA_KHAN, WOLFGANG_SCHULZ,
    MEI_LIN, JOHN_LIN, EDDY_LIN, TOM_MORENO, JANE_MORENO, TAMARA_TAYLOR, CARMEN_ORTIZ, SAM_MOORE,
    JENNIFER_MOORE, YURIKO_YAMAMOTO, ADAM_SMITH,
)

THREE_RESIDENTS: tuple[str, ...] = ("Isabella Rodriguez", "Maria Lopez", "Klaus Mueller")

_BY_NAME: dict[str, Resident] = {resident.name: resident for resident in RESIDENTS}


def resident_named(name: str) -> Resident:
    """The table's record of ``name``; KeyError naming the known residents when there is none."""
    try:
        return _BY_NAME[name]
    except KeyError:
        raise KeyError(f"no resident named {name!r}; known: {', '.join(sorted(_BY_NAME))}") from None
