"""Where a case stands: named outcomes, in the policy's order of precedence, with a case either side
of every date the policy sets."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from conftest import example, load_example

from ucb import assess
from ucb.dates import add_period, after, parse_date

DAY = timedelta(days=1)


def _outcome(case: dict[str, Any], on: date) -> str:
    return assess(case, on=on)["outcome"]["id"]


def _codes(items: list[dict[str, str]]) -> set[str]:
    return {i["code"] for i in items}


def _threat(case: dict[str, Any], on: str) -> None:
    case["contacts"].append({"at": on, "channel": "phone", "behaviours": ["threatening"]})


Change = Callable[[dict[str, Any]], None]
PRECEDENCE: list[tuple[str, str, Change, str, str]] = [
    (
        "A customer with an open formal complaint is routed to the complaints policy.",
        "step_one_open.json",
        lambda c: c["circumstances"].update(open_complaint={"is_open": True, "stage": "stage_two"}),
        "2024-05-07",
        "use_complaints_policy",
    ),
    (
        "A threat recorded after the last step calls for immediate protective action, even with a complaint open.",
        "open_complaint.json",
        lambda c: _threat(c, "2024-02-29"),
        "2024-03-01",
        "immediate_safety_action",
    ),
    (
        "A threat recorded after restrictions were decided calls for immediate protective action.",
        "restrictions_in_place.json",
        lambda c: _threat(c, "2023-09-01"),
        "2023-10-02",
        "immediate_safety_action",
    ),
    (
        "A threat recorded before step one was taken does not hold the case at immediate action.",
        "awaiting_reply.json",
        lambda c: _threat(c, "2024-05-01"),
        "2024-05-15",
        "awaiting_reply",
    ),
    (
        "A threat recorded before the decision is covered by the restrictions in force.",
        "restrictions_in_place.json",
        lambda c: _threat(c, "2023-07-30"),
        "2023-10-02",
        "restrictions_in_place",
    ),
    (
        "A disclosed vulnerability with an adjustment recorded lets the process go on.",
        "vulnerability_first.json",
        lambda c: c["circumstances"]["vulnerability"]["adjustments"].append(
            {"description": "Calls at 10am on Tuesdays with the support worker", "agreed_on": "2024-05-20"}
        ),
        "2024-05-28",
        "step_one",
    ),
    (
        "Contact mostly about open issues steers to resolving them, even after step one was refused.",
        "report_june_2023.json",
        lambda c: [i.update(status="open") for i in c["issues"]],
        "2023-07-20",
        "resolve_issues_first",
    ),
    (
        "Abusive contact is not explained away by open issues.",
        "council_delay.json",
        lambda c: c["contacts"][0].update(behaviours=["abusive"]),
        "2024-02-23",
        "informal_resolution",
    ),
    (
        "A step-one agreement that was then broken opens a step-two referral.",
        "agreement_monitored.json",
        lambda c: c["step_one"].update(response="agreed_then_breached", response_on="2024-06-01"),
        "2024-06-20",
        "refer_for_step_two",
    ),
    (
        "A decision not to restrict is its own outcome.",
        "not_restricted.json",
        lambda c: None,
        "2023-08-10",
        "not_restricted",
    ),
    (
        "An upheld appeal ends the restrictions.",
        "appeal_not_upheld.json",
        lambda c: c["appeal"].update(outcome="upheld"),
        "2023-09-15",
        "restrictions_ended",
    ),
    (
        "A varied appeal leaves restrictions in place.",
        "appeal_not_upheld.json",
        lambda c: c["appeal"].update(outcome="varied"),
        "2023-09-15",
        "restrictions_in_place",
    ),
]


@pytest.mark.parametrize(("sentence", "name", "change", "on", "expected"), PRECEDENCE, ids=[p[0] for p in PRECEDENCE])
def test_outcomes(sentence: str, name: str, change: Change, on: str, expected: str) -> None:
    case = example(name)
    change(case)
    assert _outcome(case, date.fromisoformat(on)) == expected, sentence


def _reply_by(policy: dict[str, Any]) -> date:
    case = example("awaiting_reply.json")
    return after(policy, "step_one_reply", parse_date(case["step_one"]["date"]))


def test_the_customer_has_until_the_reply_date_to_answer_step_one(policy: dict[str, Any]) -> None:
    case = example("awaiting_reply.json")
    reply_by = _reply_by(policy)
    assert _outcome(case, reply_by) == "awaiting_reply", "on the last day to reply, we are still waiting"
    assert _outcome(case, reply_by + DAY) == "refer_for_step_two", "the day after, no agreement was reached"


def test_an_agreement_is_monitored_until_the_end_of_the_monitoring_period(policy: dict[str, Any]) -> None:
    case = example("agreement_monitored.json")
    ends = after(policy, "monitoring_after_step_one", parse_date(case["step_one"]["response_on"]))
    assert _outcome(case, ends) == "monitor_agreement"
    assert _outcome(case, ends + DAY) == "no_concern"


def test_a_referral_decision_is_overdue_only_after_its_due_date(policy: dict[str, Any]) -> None:
    case = example("decision_pending.json")
    due = after(policy, "referral_decision", parse_date(case["step_two"]["referred_on"]))
    assert "referral_decision_overdue" not in _codes(assess(case, on=due)["missing"])
    assert "referral_decision_overdue" in _codes(assess(case, on=due + DAY)["missing"])


def test_the_review_is_shown_as_due_from_the_notice_date(policy: dict[str, Any]) -> None:
    case = example("restrictions_in_place.json")
    review_on = parse_date(min(r["review_on"] for r in case["decision"]["restrictions"]))
    notice = policy["timescales"]["review_notice"]
    notice_from = add_period(review_on, {**notice, "value": -int(notice["value"])})
    assert _outcome(case, notice_from - DAY) == "restrictions_in_place"
    assert _outcome(case, notice_from) == "review_due"


def test_a_restriction_lapses_the_day_after_its_review_date_unless_renewed() -> None:
    case = example("restrictions_in_place.json")
    review_on = parse_date(min(r["review_on"] for r in case["decision"]["restrictions"]))
    assert _outcome(case, review_on) == "review_due", "on the review date itself it still applies"
    assert _outcome(case, review_on + DAY) == "restrictions_lapsed"


def _renewed(case: dict[str, Any], on: date, reasons: str = "Contact is still sent to every department.") -> None:
    case.setdefault("reviews", []).append(
        {
            "reviewed_on": on.isoformat(),
            "reviewed_by": "City Helpdesk Manager",
            "outcome": "renewed",
            "reasons": reasons,
        }
    )


def test_a_renewal_on_the_review_date_keeps_the_restriction_and_sets_a_new_review_date(policy: dict[str, Any]) -> None:
    case = example("restrictions_in_place.json")
    review_on = parse_date(min(r["review_on"] for r in case["decision"]["restrictions"]))
    _renewed(case, review_on)
    result = assess(case, on=review_on + DAY)
    assert result["outcome"]["id"] == "restrictions_in_place"
    assert parse_date(result["dates"]["review_on"]) > review_on


def test_a_review_after_the_review_date_comes_too_late_to_renew() -> None:
    case = example("restrictions_in_place.json")
    review_on = parse_date(min(r["review_on"] for r in case["decision"]["restrictions"]))
    _renewed(case, review_on + DAY)
    result = assess(case, on=review_on + 2 * DAY)
    assert result["outcome"]["id"] == "restrictions_lapsed"
    assert "came after" in result["reasons"][0]["message"]


def test_no_renewal_can_take_a_restriction_past_the_longest_duration(policy: dict[str, Any]) -> None:
    case = example("restrictions_in_place.json")
    lapses_on = after(
        policy, "maximum_duration", parse_date(min(r["starts_on"] for r in case["decision"]["restrictions"]))
    )
    day = parse_date(min(r["review_on"] for r in case["decision"]["restrictions"]))
    while day < lapses_on:
        _renewed(case, day)
        day = parse_date(assess(case, on=day)["dates"]["review_on"])
    assert _outcome(case, lapses_on) in {"review_due", "restrictions_in_place"}
    assert _outcome(case, lapses_on + DAY) == "restrictions_lapsed"


def test_an_appeal_decision_is_overdue_only_after_its_due_date(policy: dict[str, Any]) -> None:
    case = example("appeal_pending.json")
    due = after(policy, "appeal_decision", parse_date(case["appeal"]["received_on"]))
    assert "appeal_decision_overdue" not in _codes(assess(case, on=due)["missing"])
    assert "appeal_decision_overdue" in _codes(assess(case, on=due + DAY)["missing"])


@pytest.mark.parametrize(
    ("sentence", "name", "change", "code"),
    [
        (
            "A referral is not ready while the concerns have not been explained to the customer.",
            "report_june_2023.json",
            lambda c: c["step_one"].update(concerns_explained=False),
            "concerns_not_explained",
        ),
        (
            "A referral is not ready while no way forward was proposed at step one.",
            "report_june_2023.json",
            lambda c: c["step_one"].pop("proposal"),
            "no_way_forward_proposed",
        ),
        (
            "A referral is not ready while a representative's authority is unchecked.",
            "report_june_2023.json",
            lambda c: c["circumstances"].update(representative={"is_acting": True, "name": "A Advocate"}),
            "representative_authority_unchecked",
        ),
        (
            "A referral is not ready without the informal steps.",
            "report_june_2023.json",
            lambda c: c.update(informal_steps=[]),
            "informal_steps_not_recorded",
        ),
        (
            "A pending decision needs the referral's evidence listed.",
            "decision_pending.json",
            lambda c: c["step_two"].update(evidence=[]),
            "referral_evidence_missing",
        ),
        (
            "Restrictions need the decision letter sent.",
            "restrictions_in_place.json",
            lambda c: c["decision"].pop("letter_sent_on"),
            "decision_letter_not_sent",
        ),
        (
            "Restrictions need the Assistant Director consulted.",
            "restrictions_in_place.json",
            lambda c: c["decision"].update(consulted=False),
            "assistant_director_not_consulted",
        ),
    ],
)
def test_what_is_missing(sentence: str, name: str, change: Change, code: str) -> None:
    case, on, _ = load_example(name)
    change(case)
    result = assess(case, on=on)
    assert code in _codes(result["missing"]), sentence
    assert result["conditions_met"] is False


def test_the_outcome_names_who_decides_and_who_is_consulted() -> None:
    case, on, _ = load_example("decision_pending.json")
    outcome = assess(case, on=on)["outcome"]
    assert outcome["role"]["id"] == "city_helpdesk_manager"
    assert outcome["consulted"]["id"] == "assistant_director_corporate_services"


def test_an_appeal_on_the_last_day_is_in_time_and_the_day_after_is_not(policy: dict[str, Any]) -> None:
    case, _on, _ = load_example("appeal_pending.json")
    last_day = after(policy, "appeal_window", parse_date(case["decision"]["letter_sent_on"]))
    case["appeal"]["received_on"] = last_day.isoformat()
    assert "appeal_after_deadline" not in _codes(assess(case, on=last_day + DAY)["reasons"])
    case["appeal"]["received_on"] = (last_day + DAY).isoformat()
    result = assess(case, on=last_day + DAY)
    assert result["outcome"]["id"] == "appeal_pending"
    assert "appeal_after_deadline" in _codes(result["reasons"])


def test_a_review_needs_the_assistant_director_consulted() -> None:
    case = example("restrictions_in_place.json")
    review_on = parse_date(min(r["review_on"] for r in case["decision"]["restrictions"]))
    _renewed(case, review_on)
    assert "assistant_director_not_consulted_on_review" in _codes(assess(case, on=review_on)["missing"])
    case["reviews"][-1]["consulted"] = True
    assert "assistant_director_not_consulted_on_review" not in _codes(assess(case, on=review_on)["missing"])


def test_restrictions_decided_without_a_step_one_warning_are_flagged() -> None:
    case, on, _ = load_example("restrictions_in_place.json")
    case.pop("step_one")
    assert "no_warning_recorded" in _codes(assess(case, on=on)["missing"])


def test_restrictions_after_a_threat_need_no_step_one_warning() -> None:
    case, on, _ = load_example("restrictions_in_place.json")
    case.pop("step_one")
    _threat(case, "2023-06-30")
    result = assess(case, on=on)
    assert result["outcome"]["id"] == "restrictions_in_place"
    assert "no_warning_recorded" not in _codes(result["missing"])


def _quiet_since_decision(case: dict[str, Any], on: date, extra: int, policy: dict[str, Any]) -> None:
    """Contact after the decision at exactly the policy's rate, plus `extra` contacts."""
    from ucb import calendar

    decided = parse_date(case["decision"]["decided_on"])
    days = calendar.working_day_number(on) - calendar.working_day_number(decided)
    count = days * int(policy["thresholds"]["contacts_per_working_day"]["value"]) + extra
    case["contacts"] += [{"at": on.isoformat(), "channel": "email"} for _ in range(count)]


@pytest.mark.parametrize(
    ("sentence", "extra", "improved"),
    [
        (
            "Contact since the decision at the policy's rate, with no behaviour recorded, suggests lifting early.",
            0,
            True,
        ),
        ("One contact more than the policy's rate since the decision does not.", 1, False),
    ],
)
def test_improvement_since_the_decision(policy: dict[str, Any], sentence: str, extra: int, improved: bool) -> None:
    case, on, _ = load_example("restrictions_in_place.json")
    _quiet_since_decision(case, on, extra, policy)
    assert ("improvement_seen" in _codes(assess(case, on=on)["reasons"])) is improved, sentence


def test_behaviour_recorded_since_the_decision_means_no_suggestion_to_lift(policy: dict[str, Any]) -> None:
    case, on, _ = load_example("restrictions_in_place.json")
    case["contacts"].append({"at": on.isoformat(), "channel": "phone", "behaviours": ["abusive"]})
    assert "improvement_seen" not in _codes(assess(case, on=on)["reasons"])
