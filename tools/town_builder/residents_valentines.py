"""How the residents differ in the Valentine's Day scenario (``valentines``), the paper's two-day run.

The paper seeded two pieces of news, each known to one resident at the start: Isabella Rodriguez
means to hold a Valentine's Day party at Hobbs Cafe on February 14 from 5 to 7 pm, and Sam Moore is
running for mayor. So here Isabella's whisper names the party's hours, and Jennifer Moore, who in
the twenty-five-resident town already knows of her husband's candidacy, does not. The rest of each
record is the twenty-five-resident one.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from tools.town_builder.residents_downtown import ISABELLA_RODRIGUEZ
from tools.town_builder.residents_families import JENNIFER_MOORE
from tools.town_builder.residents_model import ResidentOverride

PARTY_WHISPER = ("You are thrilled about the Valentine's Day party you are organising at Hobbs Cafe on February 14 "
                 "from 5pm to 7pm, and you want everyone to come")
CANDIDACY_WORDS = "run for mayor"  # the phrase of the whispers that tell of Sam Moore's candidacy

VALENTINES_OVERRIDES: Mapping[str, ResidentOverride] = MappingProxyType({
    "Isabella Rodriguez": ResidentOverride(whispers=(
        PARTY_WHISPER, *(text for text in ISABELLA_RODRIGUEZ.whispers if "Valentine" not in text))),
    "Jennifer Moore": ResidentOverride(whispers=tuple(
        text for text in JENNIFER_MOORE.whispers if CANDIDACY_WORDS not in text)),
})
