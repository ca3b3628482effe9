"""Restriction options and safeguards: least restrictive first, matched to behaviour, dated from policy.yml."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from conftest import example, load_example

from ucb import assess, calendar
from ucb.dates import after, deadline, parse_date
from ucb.lifecycle import allowed_review_period


def test_options_come_least_restrictive_first_and_each_answers_behaviour_seen() -> None:
    case, on, _ = load_example("referral_open.json")
    result = assess(case, on=on)
    ranks = [o["rank"] for o in result["restriction_options"]]
    assert ranks == sorted(ranks) and ranks
    seen = set(result["metrics"]["behaviours_seen"])
    for option in result["restriction_options"]:
        assert option["matched_behaviours"] and set(option["matched_behaviours"]) <= seen & set(option["answers"])


OUTCOMES_WITHOUT_OPTIONS = [
    ("Contact explained by the council's own delay is no reason to restrict.", "council_delay.json"),
    ("Contact about an open complaint is for the complaints policy.", "open_complaint.json"),
    ("A case with no concern has nothing to restrict.", "genuine_problems.json"),
    ("Lapsed restrictions need a fresh step-two decision, not options.", "restrictions_lapsed.json"),
    ("While the customer has time to reply to step one, nothing is restricted.", "awaiting_reply.json"),
    ("A written warning comes before any referral.", "report_june_2023.json"),
    ("A premature referral is not yet a live question.", "referral_premature.json"),
    ("A threat with no protective action recorded comes first.", "threat_recorded.json"),
]


@pytest.mark.parametrize(("sentence", "name"), OUTCOMES_WITHOUT_OPTIONS, ids=[o[0] for o in OUTCOMES_WITHOUT_OPTIONS])
def test_options_follow_the_outcome_and_are_absent_with_one_line_saying_why(
    policy: dict[str, Any], sentence: str, name: str
) -> None:
    case, on, _ = load_example(name)
    result = assess(case, on=on)
    assert result["restriction_options"] == [], sentence
    assert result["offers"]["options"] is None
    assert result["offers"]["no_options"] == policy["outcomes"][result["outcome"]["id"]]["no_options"]


def test_informal_and_step_one_outcomes_suggest_only_their_own_stages_options(policy: dict[str, Any]) -> None:
    for name, stage in (("informal_first.json", "informal_resolution"), ("step_one_open.json", "step_one")):
        case, on, _ = load_example(name)
        result = assess(case, on=on)
        assert result["offers"]["options"] == {"mode": "suggest", "stages": [stage]}
        assert {o["stage"] for o in result["restriction_options"]} == {stage}
        assert all(o["review_on"] is o["lapses_on"] is o["appeal_by"] is None for o in result["restriction_options"])


def test_only_options_that_answer_threats_are_proposed_for_a_threat_alone(policy: dict[str, Any]) -> None:
    case = example("protective_action.json")
    case["contacts"] = [c for c in case["contacts"] if "threatening" in c.get("behaviours", [])]
    result = assess(case, on=parse_date("2024-03-21"))
    expected = [
        o["id"]
        for o in sorted(policy["restrictions"], key=lambda o: o["rank"])
        if "threatening" in o["answers"] and o["stage"] == "step_two"
    ]
    assert [o["id"] for o in result["restriction_options"]] == expected


def test_proposed_options_carry_working_day_dates_after_the_assessment_date(policy: dict[str, Any]) -> None:
    case, on, _ = load_example("referral_open.json")
    for option in assess(case, on=on)["restriction_options"]:
        for key in ("review_on", "lapses_on", "appeal_by"):
            day = parse_date(option[key])
            assert day > on and calendar.is_working_day(day), (option["id"], key)
        allowed = allowed_review_period(policy, option["id"], on)
        assert option["review_on"] == deadline(on, allowed).isoformat()
        assert option["appeal_by"] == after(policy, "appeal_window", on).isoformat()


def test_once_decided_options_are_for_reference_only_with_no_dates_and_the_restrictions_in_place_shown() -> None:
    case, on, _ = load_example("restrictions_in_place.json")
    result = assess(case, on=on)
    assert result["offers"]["options"]["mode"] == "reference"
    assert all(o["review_on"] is o["lapses_on"] is o["appeal_by"] is None for o in result["restriction_options"])
    in_force = result["restrictions_in_force"]
    assert [r["option"] for r in in_force] == [r["option"] for r in case["decision"]["restrictions"]]
    assert {r["review_on"] for r in in_force} == {result["dates"]["review_on"]}
    assert {r["ends_at_latest"] for r in in_force} == {result["dates"]["lapses_on"]}


def test_a_disclosed_vulnerability_brings_the_representative_option_among_those_proposed() -> None:
    case, on, _ = load_example("referral_open.json")
    case["circumstances"]["vulnerability"] = {
        "is_disclosed": True,
        "needs": "Anxiety; finds phone calls hard",
        "adjustments": [{"description": "Written replies only", "agreed_on": "2023-07-03"}],
    }
    ids = [o["id"] for o in assess(case, on=on)["restriction_options"]]
    assert "through_representative" in ids


def test_the_appeal_deadline_is_counted_from_the_decision_letter(policy: dict[str, Any]) -> None:
    case, on, _ = load_example("restrictions_in_place.json")
    case["decision"]["letter_sent_on"] = "2023-08-04"
    dates = assess(case, on=on)["dates"]
    assert dates["appeal_by"] == after(policy, "appeal_window", parse_date("2023-08-04")).isoformat()


def test_until_the_decision_letter_is_sent_the_appeal_time_has_not_started(policy: dict[str, Any]) -> None:
    case, on, _ = load_example("restrictions_in_place.json")
    case["decision"].pop("letter_sent_on")
    assert assess(case, on=on)["dates"]["appeal_by"] == after(policy, "appeal_window", on).isoformat()


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
        "referral_open.json",
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
