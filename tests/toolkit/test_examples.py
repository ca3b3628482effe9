"""Every example validates, reaches its expected outcome, and renders to a valid assessment, report and evidence pack."""

from __future__ import annotations

import json
from typing import Any

import pytest
from conftest import example_names, load_example
from jsonschema import Draft202012Validator

from ucb import assess, errors, load_schema, to_json
from ucb.report import render_evidence_pack, render_report

_assessment_validator = Draft202012Validator(
    load_schema("assessment"), format_checker=Draft202012Validator.FORMAT_CHECKER
)


def test_there_are_examples_for_every_outcome(policy: dict[str, Any]) -> None:
    reached = {load_example(name)[2] for name in example_names()}
    assert reached == set(policy["outcomes"])


@pytest.mark.parametrize("name", example_names())
def test_each_example_is_valid_and_reaches_its_expected_outcome(name: str) -> None:
    case, on, expected = load_example(name)
    assert errors(case, on=on) == []
    result = assess(case, on=on)
    assert result["outcome"]["id"] == expected
    _assessment_validator.validate(result)


@pytest.mark.parametrize("name", example_names())
def test_each_example_gives_byte_identical_json_every_time(name: str) -> None:
    case, on, _ = load_example(name)
    first = to_json(assess(case, on=on))
    again = to_json(assess(json.loads(json.dumps(case)), on=on))
    assert first == again


@pytest.mark.parametrize("fmt", ["md", "html"])
@pytest.mark.parametrize("name", ["report_june_2023.json", "restrictions_in_place.json", "threat_recorded.json"])
def test_reports_and_evidence_packs_render(policy: dict[str, Any], name: str, fmt: str) -> None:
    case, on, _ = load_example(name)
    result = assess(case, on=on)
    report = render_report(result, policy, fmt=fmt, policy_url="https://example.org/policy/")
    pack = render_evidence_pack(case, result, policy, fmt=fmt, policy_url="https://example.org/policy/")
    assert result["outcome"]["title"] in report
    assert "https://example.org/policy/#" + result["outcome"]["clause"] in report
    assert case["reference"] in pack and str(len(case["contacts"])) in pack


def test_the_report_example_matches_the_committee_report() -> None:
    """58 emails, copied to several departments, in under 20 working days in June 2023."""
    case, on, _ = load_example("report_june_2023.json")
    metrics = assess(case, on=on)["metrics"]
    assert metrics["contacts"] == 58
    assert metrics["working_days"] < 20
    assert metrics["first_contact_on"].startswith("2023-06") and metrics["last_contact_on"].startswith("2023-06")
    assert all(len(c["departments"]) > 1 for c in case["contacts"])


def test_case_text_is_escaped_in_html_reports(policy: dict[str, Any]) -> None:
    case, on, _ = load_example("decision_pending.json")
    case["contacts"][0]["note"] = "<script>alert('x')</script>"
    case["issues"][0]["summary"] = "Rent & <b>arrears</b>"
    pack = render_evidence_pack(case, assess(case, on=on), policy, fmt="html")
    assert "<script>" not in pack and "&lt;script&gt;" in pack
    assert "<b>arrears" not in pack and "Rent &amp; &lt;b&gt;arrears" in pack


def test_case_text_cannot_add_markdown_links_or_headings(policy: dict[str, Any]) -> None:
    case, on, _ = load_example("decision_pending.json")
    case["contacts"][0]["note"] = "# [click](http://evil.example)"
    pack = render_evidence_pack(case, assess(case, on=on), policy, fmt="md")
    assert "\\# \\[click\\](http://evil.example)" in pack


def test_the_evidence_pack_shows_adjustments_considered_when_none_was_needed(policy: dict[str, Any]) -> None:
    case, on, _ = load_example("decision_pending.json")
    vulnerability = case["circumstances"]["vulnerability"]
    vulnerability.update(is_disclosed=True, adjustments=[])
    vulnerability["no_adjustment_needed"] = {
        "considered_on": "2023-07-10",
        "reason": "Email replies suit the customer.",
    }
    pack = render_evidence_pack(case, assess(case, on=on), policy, fmt="md")
    assert "Adjustments considered on 10 July 2023, none needed: Email replies suit the customer." in pack
