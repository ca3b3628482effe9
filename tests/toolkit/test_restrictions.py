"""Restriction options and safeguards: least restrictive first, matched to behaviour, dated from policy.yml."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from conftest import example, load_example

from ucb import assess
from ucb.dates import add_period, after, parse_date


def test_options_come_least_restrictive_first_and_each_answers_behaviour_seen() -> None:
    case, on, _ = load_example("report_june_2023.json")
    result = assess(case, on=on)
    ranks = [o["rank"] for o in result["restriction_options"]]
    assert ranks == sorted(ranks) and ranks
    seen = set(result["metrics"]["behaviours_seen"])
    for option in result["restriction_options"]:
        assert option["matched_behaviours"] and set(option["matched_behaviours"]) <= seen & set(option["answers"])


def test_only_options_that_answer_threats_are_offered_for_a_threat_alone(policy: dict[str, Any]) -> None:
    case = example("threat_recorded.json")
    case["contacts"] = [c for c in case["contacts"] if "threatening" in c.get("behaviours", [])]
    result = assess(case, on=parse_date("2024-03-21"))
    expected = [
        o["id"] for o in sorted(policy["restrictions"], key=lambda o: o["rank"]) if "threatening" in o["answers"]
    ]
    assert [o["id"] for o in result["restriction_options"]] == expected


def test_option_dates_come_from_the_policy_and_the_decision(policy: dict[str, Any]) -> None:
    case, on, _ = load_example("restrictions_in_place.json")
    decided = parse_date(case["decision"]["decided_on"])
    letter = parse_date(case["decision"]["letter_sent_on"])
    catalogue = {o["id"]: o for o in policy["restrictions"]}
    for option in assess(case, on=on)["restriction_options"]:
        spec = catalogue[option["id"]]
        if spec["stage"] == "informal_resolution":
            assert option["review_on"] is option["lapses_on"] is option["appeal_by"] is None
            continue
        assert (
            option["review_on"]
            == add_period(decided, spec.get("review_after", policy["timescales"]["review_after"])).isoformat()
        )
        assert option["lapses_on"] == after(policy, "maximum_duration", decided).isoformat()
        if spec["stage"] == "step_two":
            assert option["appeal_by"] == after(policy, "appeal_window", letter).isoformat()
        else:
            assert option["appeal_by"] is None


def test_before_a_decision_options_are_dated_from_the_assessment_date(policy: dict[str, Any]) -> None:
    case, on, _ = load_example("report_june_2023.json")
    spoc = next(o for o in assess(case, on=on)["restriction_options"] if o["id"] == "single_point_of_contact")
    assert spoc["review_on"] == after(policy, "review_after", on).isoformat()


def test_the_appeal_deadline_is_counted_from_the_decision_letter(policy: dict[str, Any]) -> None:
    case, on, _ = load_example("restrictions_in_place.json")
    case["decision"]["letter_sent_on"] = "2023-08-04"
    dates = assess(case, on=on)["dates"]
    assert dates["appeal_by"] == after(policy, "appeal_window", parse_date("2023-08-04")).isoformat()


Change = Callable[[dict[str, Any]], None]
SAFEGUARDS: list[tuple[str, str, Change, str]] = [
    ("Every assessment says that a person decides.", "genuine_problems.json", lambda c: None, "people_decide"),
    (
        "An open complaint keeps the complaints route and the Ombudsman open.",
        "open_complaint.json",
        lambda c: None,
        "complaint_stays_open",
    ),
    (
        "A threat calls for protective action without waiting for the steps.",
        "threat_recorded.json",
        lambda c: None,
        "protect_staff_now",
    ),
    (
        "Abuse on a call means the officer may end it and log it.",
        "threat_recorded.json",
        lambda c: None,
        "end_abusive_contact",
    ),
    (
        "A disclosed vulnerability means adjustments first.",
        "vulnerability_first.json",
        lambda c: None,
        "adjustments_first",
    ),
    (
        "A representative is restricted only for their own conduct.",
        "report_june_2023.json",
        lambda c: c["circumstances"].update(representative={"is_acting": True}),
        "representative_own_conduct",
    ),
    (
        "Contact with councillors and MPs is never restricted.",
        "informal_first.json",
        lambda c: None,
        "members_never_restricted",
    ),
    (
        "Statutory services keep an access route when restriction is considered.",
        "report_june_2023.json",
        lambda c: None,
        "statutory_services_kept",
    ),
    (
        "FOI and subject access requests are outside the policy.",
        "decision_pending.json",
        lambda c: None,
        "foi_sar_outside",
    ),
    (
        "New issues are still answered under a restriction.",
        "restrictions_in_place.json",
        lambda c: None,
        "new_issues_answered",
    ),
    ("A restriction must say precisely what it covers.", "decision_pending.json", lambda c: None, "precise_scope"),
    (
        "Contact explained by our own delay steers to resolving it.",
        "council_delay.json",
        lambda c: None,
        "resolve_genuine_problems",
    ),
    ("Restriction records have a deletion date.", "restrictions_in_place.json", lambda c: None, "retention"),
]


@pytest.mark.parametrize(("sentence", "name", "change", "code"), SAFEGUARDS, ids=[s[0] for s in SAFEGUARDS])
def test_safeguards(sentence: str, name: str, change: Change, code: str) -> None:
    case, on, _ = load_example(name)
    change(case)
    assert code in {s["code"] for s in assess(case, on=on)["safeguards"]}, sentence


@pytest.mark.parametrize(
    ("sentence", "name", "code"),
    [
        (
            "Regular contact about genuine problems raises no restriction safeguards.",
            "genuine_problems.json",
            "statutory_services_kept",
        ),
        ("No complaint, no complaints safeguard.", "report_june_2023.json", "complaint_stays_open"),
        ("No threat, no protective-action safeguard.", "report_june_2023.json", "protect_staff_now"),
    ],
)
def test_safeguards_that_do_not_apply_are_left_out(sentence: str, name: str, code: str) -> None:
    case, on, _ = load_example(name)
    assert code not in {s["code"] for s in assess(case, on=on)["safeguards"]}, sentence
