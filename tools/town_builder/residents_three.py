"""How Isabella Rodriguez, Maria Lopez and Klaus Mueller differ in the three-resident scenario.

The paper's three-resident town gave Maria other hours and a shorter streaming habit, and gave the
three whispers about one another only (no one else lives in that town). The rest of each record is
the twenty-five-resident one.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from tools.town_builder.residents_model import ResidentOverride

THREE_OVERRIDES: Mapping[str, ResidentOverride] = MappingProxyType({
    "Isabella Rodriguez": ResidentOverride(whispers=(
        ("You are thrilled about the Valentine's Day party you are organising at Hobbs Cafe on February 14 "
        "from 5pm, and you want everyone to come"),
        "You and Maria Lopez have been good friends for about a year, ever since she first came to Hobbs Cafe",
        "Maria Lopez is a loyal friend and one of the regulars at Hobbs Cafe",
        "Klaus Mueller is one of the regulars at Hobbs Cafe",
        "Working at Hobbs Cafe is something you love",
    )),
    "Maria Lopez": ResidentOverride(
        lifestyle=("Maria Lopez goes to bed around 2am, wakes up around 9am, and eats dinner around 6pm. "
                   "Before 6pm she likes to spend her time at Hobbs Cafe."),
        daily_plan_req="Maria Lopez streams on Twitch or plays games for at least three hours a day.",
        whispers=(
            "This matters a great deal to you: you secretly have a crush on Klaus Mueller",
            "You met Klaus Mueller more than two years ago",
            "Klaus Mueller is a close friend of yours and a classmate",
            "Isabella Rodriguez, who runs Hobbs Cafe, is a close friend of yours",
            "When you plan your day, you like to study at Hobbs Cafe",
        ),
    ),
    "Klaus Mueller": ResidentOverride(whispers=(
        "This matters a great deal to you: Maria Lopez is the one you have a crush on",
        "You met Maria Lopez more than two years ago",
        "Maria Lopez is a close friend of yours and a classmate",
        "Maria Lopez lives in your dorm",
        "You know Isabella Rodriguez a little, since she runs Hobbs Cafe, where you often go",
    )),
})
