"""The run summary tells the day (issue 15): per resident an hour-by-hour timeline, the plan, every
conversation with its lines, reflections with evidence, answers corrected and fallen back; in JSON
and in Markdown that reads on its own; with the day's believability figures."""

from __future__ import annotations

import json
from pathlib import Path

from agents.cli.main import main


def test_a_days_summary_tells_the_day_in_json_and_markdown(tmp_path: Path) -> None:
    target = tmp_path / "day.json"
    assert main(["run", "--scenario", "three", "--hours", "24", "--model", "offline", "--seed", "3",
                 "--summary", str(target)]) == 0
    summary = json.loads(target.read_text())
    figures = summary["day_figures"]
    assert figures["hours"] == 24 and len(figures["residents"]) == 3
    assert summary["totals"]["corrections"] == sum(summary["totals"]["corrections_by_kind"].values())
    for name, data in summary["residents"].items():
        assert len(data["plan"]) >= 5 and all(item.endswith(".") and name.split()[0] in item for item in data["plan"])
        hours = data["timeline"]
        assert hours[0]["hour"].endswith("T00:00") and len(hours) >= 15
        actions = [action for hour in hours for action in hour["actions"]]
        assert all(a["from"] <= a["to"] and a["what"] and a["where"] for a in actions)
        assert actions[0]["from"] == "2023-02-13T00:00" and actions[-1]["to"] == "2023-02-14T00:00"
        assert any(action["what"] == "sleeping" for action in actions)
        talks = data["conversation_lines"]
        assert len(talks) == len(data["conversations"]) >= 1
        assert all(line["speaker"] and line["text"] for talk in talks for line in talk["lines"])
        reflections = data["reflections_with_evidence"]
        assert reflections and all(r["evidence"] for r in reflections)
        assert data["answers_corrected"] == sum(data["corrections_by_kind"].values())
        assert data["answers_fallen_back"] == 0
        assert figures["residents"][name]["sleeps_away_from_home"] == []
    markdown = target.with_suffix(".md").read_text()
    assert "## The day in figures" in markdown and "answers corrected by the minds" in markdown
    for name, data in summary["residents"].items():
        assert f"## {name}" in markdown and "**Hour by hour**" in markdown
        first_line = data["conversation_lines"][0]["lines"][0]
        assert f"  - *{first_line['speaker']}*: {first_line['text']}" in markdown
        assert data["reflections_with_evidence"][0]["insight"] in markdown
    assert markdown.rstrip().splitlines()[-1].startswith("| Klaus Mueller |")  # the table at a glance is last
