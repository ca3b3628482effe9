"""The independent scenario suite: cases written from the policy text alone, by someone who had not read the
toolkit, each with the judgement the policy requires (expected.yml). Where the team disagrees with an
expectation, the entry's `disagreement` says why and what the toolkit gives instead."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from ucb import assess, load_policy
from ucb.letters import draft, requirements
from ucb.migrate import upgrade

HERE = Path(__file__).resolve().parent
ROWS = yaml.safe_load((HERE / "expected.yml").read_text(encoding="utf-8"))
POLICY = load_policy()
FIGURES = {
    "busiest_window_contacts": lambda m: (m["busiest_window"] or {}).get("contacts", 0),
    "busiest_window_rate": lambda m: (m["busiest_window"] or {}).get("per_working_day", 0.0),
    "members_only_contacts": lambda m: m["members_only_contacts"],
    "most_recipients_for_one_issue": lambda m: m["most_recipients_for_one_issue"],
    "most_repeats_after_answer": lambda m: m["most_repeats_of_answered_issue"],
    "percent_about_open_or_late": lambda m: m["explained_by_council_delay"]["percent"],
}
DATES = {"review_by": "review_on", "ends_at_latest": "lapses_on"}


def _expected(row: dict[str, Any]) -> dict[str, Any]:
    """The row's expectations, with the team's documented disagreements in place of the writer's."""
    merged = dict(row)
    for key, value in (row.get("disagreement") or {}).items():
        if key == "why":
            continue
        merged[key] = {**merged.get(key, {}), **value} if isinstance(value, dict) else value
    return merged


def _on(row: dict[str, Any]) -> date:
    return row["on"] if isinstance(row["on"], date) else date.fromisoformat(str(row["on"]))


def test_the_suite_is_the_size_the_issue_asks_for_and_covers_every_outcome_and_letter() -> None:
    assert len(ROWS) >= 30
    assert {r["outcome"] for r in ROWS} == set(POLICY["outcomes"])
    assert {k for r in ROWS for k in _expected(r).get("letters", [])} == set(POLICY["letters"])
    assert all(r["disagreement"]["why"] for r in ROWS if "disagreement" in r)


@pytest.mark.parametrize("row", ROWS, ids=[r["id"] for r in ROWS])
def test_the_toolkit_reaches_the_judgement_the_policy_requires(row: dict[str, Any]) -> None:
    want = _expected(row)
    case = json.loads((HERE / row["file"]).read_text(encoding="utf-8"))
    on = _on(row)
    got = assess(case, POLICY, on=on)
    assert got["outcome"]["id"] == want["outcome"], want["says"]
    ready = {letter["kind"] for letter in got["offers"]["letters"] if letter["ready"]}
    assert set(want.get("letters", [])) <= ready, want["says"]
    assert not set(want.get("letters_refused", [])) & ready, want["says"]
    if "evidence_pack" in want:
        assert got["offers"]["evidence_pack"] is want["evidence_pack"], want["says"]
    if "options" in want:
        assert (got["offers"]["options"] or {"mode": "none"})["mode"] == want["options"], want["says"]
    assert set(want.get("missing_clauses", [])) <= {m["clause"] for m in got["missing"]}, want["says"]
    if want.get("nothing_missing"):
        assert got["missing"] == [], want["says"]
    for name, value in (want.get("figures") or {}).items():
        assert FIGURES[name](got["metrics"]) == pytest.approx(value, abs=0.006), (name, want["says"])
    for name, value in (want.get("dates") or {}).items():
        assert got["dates"][DATES.get(name, name)] == (None if value is None else str(value)), (name, want["says"])


@pytest.mark.parametrize(
    "row", [r for r in ROWS if r.get("letter_checks")], ids=[r["id"] for r in ROWS if r.get("letter_checks")]
)
def test_each_letter_says_what_it_must_and_nothing_it_must_not(row: dict[str, Any]) -> None:
    case = upgrade(json.loads((HERE / row["file"]).read_text(encoding="utf-8")))
    on = _on(row)
    got = assess(case, POLICY, on=on)
    for kind, checks in row["letter_checks"].items():
        assert requirements(case, kind, got, POLICY, on=on) == [], kind
        text = draft(kind, case, got, POLICY)
        assert [s for s in checks.get("must_say", []) if s not in text] == [], kind
        assert [s for s in checks.get("must_not_say", []) if s in text] == [], kind
