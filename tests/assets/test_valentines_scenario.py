"""The shipped ``valentines`` scenario: the paper's two-day run, each piece of news known to one resident."""

from __future__ import annotations

import re
from datetime import datetime

from agents.paths import shipped_worlds_dir
from agents.world.scenario import Persona, Scenario
from agents.world.world_folder import load_world_folder
from tools.town_builder.build_scenarios import SCENARIOS
from tools.town_builder.residents import RESIDENTS

PARTY = re.compile(r"Valentine's Day party", re.IGNORECASE)
CANDIDACY = re.compile(r"\brun(s|ning)? for mayor\b", re.IGNORECASE)


def _valentines() -> Scenario:
    return load_world_folder(shipped_worlds_dir() / "smallville").load_scenario("valentines")


def _texts(scenario: Scenario, persona: Persona) -> list[str]:
    """Everything a resident starts out knowing: their persona's texts and their history whispers."""
    return [persona.innate, persona.learned, persona.currently, persona.lifestyle, persona.daily_plan_req,
            *scenario.history.get(persona.name, ())]


def _knowing(scenario: Scenario, pattern: re.Pattern[str]) -> list[str]:
    return [p.name for p in scenario.personas if any(pattern.search(text) for text in _texts(scenario, p))]


def test_the_valentines_scenario_is_the_twenty_five_from_february_13() -> None:
    scenario = _valentines()
    assert scenario.name == "valentines"
    assert [p.name for p in scenario.personas] == [r.name for r in RESIDENTS] and len(scenario.personas) == 25
    assert scenario.start_time == datetime(2023, 2, 13, 0, 0)
    assert scenario.step_seconds == 10 and scenario.reflection_threshold == 250
    assert len(scenario.history) == 25


def test_one_resident_knows_of_the_party_and_one_of_the_candidacy() -> None:
    scenario = _valentines()
    assert _knowing(scenario, PARTY) == ["Isabella Rodriguez"]
    assert _knowing(scenario, CANDIDACY) == ["Sam Moore"]
    isabella = scenario.persona("Isabella Rodriguez")
    seed = next(text for text in scenario.history["Isabella Rodriguez"] if PARTY.search(text))
    assert "Hobbs Cafe" in seed and "February 14" in seed and "5pm to 7pm" in seed
    assert "February 14" in isabella.currently and "7pm" in isabella.currently


def test_the_other_scenarios_keep_their_own_texts() -> None:
    twenty_five = load_world_folder(shipped_worlds_dir() / "smallville").load_scenario("twenty-five")
    assert "Jennifer Moore" in _knowing(twenty_five, CANDIDACY)  # the twenty-five town is not the paper's seed
    assert [spec.name for spec in SCENARIOS] == ["three", "twenty-five", "valentines"]
