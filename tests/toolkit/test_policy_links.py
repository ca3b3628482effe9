"""Every clause the toolkit cites exists, every field of the case schema is labelled for a manager,
and the schemas' lists match the policy data they mirror."""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from typing import Any

import pytest
from conftest import ROOT, example_names, load_example
from jsonschema import Draft202012Validator

from ucb import assess, calendar, load_schema
from ucb.dates import after, parse_date


def _cited(assessment: dict[str, Any]) -> Iterator[str]:
    yield assessment["outcome"]["clause"]
    for key in ("missing", "reasons", "safeguards", "restriction_options"):
        yield from (item["clause"] for item in assessment[key])
    yield from (row["clause"] for row in assessment["metrics"]["indicators"])


@pytest.mark.parametrize("name", example_names())
def test_every_clause_cited_for_an_example_exists_in_the_policy(policy: dict[str, Any], name: str) -> None:
    case, on, _ = load_example(name)
    cited = set(_cited(assess(case, on=on)))
    assert cited <= set(policy["clauses"]), cited - set(policy["clauses"])


def test_every_clause_written_in_the_toolkit_code_exists_in_the_policy(policy: dict[str, Any]) -> None:
    source = "\n".join(p.read_text() for p in (ROOT / "toolkit" / "ucb").glob("*.py"))
    written = set(re.findall(r'"([a-z]+(?:-[a-z]+)+)"', source)) - NOT_CLAUSES
    assert written <= set(policy["clauses"]), written - set(policy["clauses"])


# Hyphenated words in the code that are not clause ids: an HTML attribute value and a command's name.
NOT_CLAUSES = {"no-referrer", "report-year"}


def test_every_finding_cites_a_clause_of_the_policy(policy: dict[str, Any]) -> None:
    assert {f["clause"] for f in policy["findings"].values()} <= set(policy["clauses"])


def test_every_finding_code_the_toolkit_uses_has_wording_in_the_policy(policy: dict[str, Any]) -> None:
    source = "\n".join(p.read_text() for p in (ROOT / "toolkit" / "ucb").glob("*.py"))
    used = set(re.findall(r'finding\(\s*(?:f\.)?policy,\s*"([a-z_]+)"', source))
    assert used and used <= set(policy["findings"]), used - set(policy["findings"])


def test_every_clause_the_policy_data_refers_to_exists(policy: dict[str, Any]) -> None:
    referred = [
        v["clause"]
        for section in ("roles", "stages", "timescales", "thresholds", "outcomes", "findings")
        for v in policy[section].values()
    ]
    assert set(referred) <= set(policy["clauses"])


def _fields(node: Any, path: str = "$") -> Iterator[tuple[str, dict[str, Any]]]:
    if isinstance(node, dict):
        if "properties" in node:
            for name, sub in node["properties"].items():
                yield f"{path}.{name}", sub
                yield from _fields(sub, f"{path}.{name}")
        if "items" in node:
            yield f"{path}[]", node["items"]
            yield from _fields(node["items"], f"{path}[]")
        for key in ("$defs", "anyOf", "oneOf"):
            for index, sub in node.get(key, {}).items() if key == "$defs" else enumerate(node.get(key, [])):
                yield from _fields(sub, f"{path}.{key}.{index}")


@pytest.mark.parametrize("name", ["case", "assessment"])
def test_every_field_has_a_title_and_description_for_a_manager(name: str) -> None:
    schema = load_schema(name)
    Draft202012Validator.check_schema(schema)
    unlabelled = [
        path
        for path, sub in _fields(schema)
        if "$ref" not in sub and sub.get("type") not in (None,) and not ({"title", "description"} <= sub.keys())
    ]
    unlabelled += [
        path
        for path, sub in _fields(schema)
        if "$ref" in sub and not ({"title", "description"} <= (sub.keys() | _resolve(schema, sub["$ref"]).keys()))
    ]
    if name == "case":
        assert unlabelled == []
    else:  # the assessment's items inside arrays are described by their array
        assert all(
            p.endswith("[]") or ".anyOf." in p or ".oneOf." in p or "additionalProperties" in p for p in unlabelled
        ), unlabelled


def _resolve(schema: dict[str, Any], ref: str) -> dict[str, Any]:
    return schema["$defs"][ref.rsplit("/", 1)[-1]]


def test_the_case_schema_lists_match_the_policy_data(policy: dict[str, Any]) -> None:
    schema = load_schema("case")
    contact = schema["$defs"]["contact"]["properties"]
    assert contact["channel"]["enum"] == list(policy["channels"])
    assert contact["behaviours"]["items"]["enum"] == [
        b for b, s in policy["behaviours"].items() if s["recorded_on_contact"]
    ]
    assert schema["$defs"]["restriction_option"]["enum"] == [o["id"] for o in policy["restrictions"]]


def test_the_assessment_schema_lists_every_outcome_in_the_policy(policy: dict[str, Any]) -> None:
    assert sorted(load_schema("assessment")["properties"]["outcome"]["properties"]["id"]["enum"]) == sorted(
        policy["outcomes"]
    )


def test_every_outcome_names_a_role_the_policy_defines(policy: dict[str, Any]) -> None:
    assert {o["role"] for o in policy["outcomes"].values()} <= set(policy["roles"])


def test_every_figure_and_period_comes_from_the_policy_data(policy: dict[str, Any]) -> None:
    """Change every threshold and timescale in a copy of the policy: the assessment follows the copy."""
    changed = copy.deepcopy(policy)
    for section in ("timescales", "thresholds"):
        for spec in changed[section].values():
            for entry in spec["values"]:
                entry["value"] = int(entry["value"]) + 1
    case, on, _ = load_example("restrictions_in_place.json")
    result = assess(case, changed, on=on)
    thresholds = {row["id"]: row["threshold"] for row in result["metrics"]["indicators"]}
    assert thresholds == {k: changed["thresholds"][k]["values"][-1]["value"] for k in thresholds}
    assert (
        result["metrics"]["busiest_window"]["working_days"]
        == changed["thresholds"]["busy_window"]["values"][-1]["value"]
    )
    letter = parse_date(case["decision"]["letter_sent_on"])
    assert result["dates"]["appeal_by"] == after(changed, "appeal_window", letter).isoformat()
    starts = parse_date(min(r["starts_on"] for r in case["decision"]["restrictions"]))
    assert result["dates"]["lapses_on"] == after(changed, "maximum_duration", starts).isoformat()
    assert result["dates"]["lapses_on"] != assess(case, policy, on=on)["dates"]["lapses_on"]


def test_each_decision_uses_the_value_in_force_on_its_own_date(policy: dict[str, Any]) -> None:
    """A test policy version with a second, later appeal window: a decision letter before the change keeps the
    old window, one after it gets the new one (the published policy stays as it is)."""
    dated = copy.deepcopy(policy)
    change_on = "2023-08-03"
    window = dated["timescales"]["appeal_window"]
    window["values"].append({**window["values"][-1], "from": change_on, "value": 30})
    case, on, _ = load_example("restrictions_in_place.json")
    before = parse_date(case["decision"]["letter_sent_on"])
    assert before < parse_date(change_on)
    assert assess(case, dated, on=on)["dates"]["appeal_by"] == after(policy, "appeal_window", before).isoformat()
    case["decision"]["letter_sent_on"] = "2023-08-04"
    later = assess(case, dated, on=on)["dates"]["appeal_by"]
    assert later == calendar.add_working_days(parse_date("2023-08-04"), 30).isoformat()
