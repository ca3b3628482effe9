"""Where a case stands: named outcomes, in the policy's order of precedence, with a case either side of every
date the policy sets, and the stages the revised policy adds (written warning, immediate protective action,
telling the customer a restriction ended, other people, appeals by any channel)."""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from conftest import example, load_example

from ucb import assess, calendar, parameters
from ucb.dates import after, parse_date

DAY = timedelta(days=1)
Change = Callable[[dict[str, Any]], None]


def _outcome(case: dict[str, Any], on: date) -> str:
    return assess(case, on=on)["outcome"]["id"]


def _codes(items: list[dict[str, str]]) -> set[str]:
    return {i["code"] for i in items}


def _threat(case: dict[str, Any], on: str) -> None:
    case["contacts"].append({"at": on, "channel": "phone", "officers": ["Receptionist"], "behaviours": ["threatening"]})


def _protect(case: dict[str, Any], on: str, **more: Any) -> None:
    case["schema_version"] = "1.1"
    case.setdefault("protective_actions", []).append(
        {
            "taken_on": on,
            "taken_by": "Service Manager",
            "action": "No visits to the Civic Offices.",
            "restricts_contact": True,
            **more,
        }
    )


PRECEDENCE: list[tuple[str, str, Change, str, str]] = [
    (
        "A customer with an open formal complaint, and no issues listed for it, is routed to the complaints policy.",
        "step_one_open.json",
        lambda c: c["circumstances"].update(open_complaint={"is_open": True, "stage": "stage_two"}),
        "2024-05-07",
        "use_complaints_policy",
    ),
    (
        "A threat recorded calls for immediate protective action, even with a complaint open.",
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
        "A threat followed by later ordinary steps keeps the headline on safety.",
        "awaiting_reply.json",
        lambda c: _threat(c, "2024-05-01"),
        "2024-05-15",
        "immediate_safety_action",
    ),
    (
        "A threat followed by protective action is dealt with: the action is the next thing to take through.",
        "awaiting_reply.json",
        lambda c: (_threat(c, "2024-05-01"), _protect(c, "2024-05-01")),
        "2024-05-15",
        "protective_action_in_place",
    ),
    (
        "A threat recorded before the decision is covered by the step-two decision.",
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
        "Adjustments considered with the customer and none needed, recorded with why, lets the process go on.",
        "vulnerability_first.json",
        lambda c: c["circumstances"]["vulnerability"].update(
            no_adjustment_needed={"considered_on": "2024-05-20", "reason": "Email replies already suit the customer."}
        ),
        "2024-05-28",
        "step_one",
    ),
    (
        "A record that no adjustment is needed, made after the date assessed, does not count yet.",
        "vulnerability_first.json",
        lambda c: c["circumstances"]["vulnerability"].update(
            no_adjustment_needed={"considered_on": "2024-06-20", "reason": "Email replies already suit the customer."}
        ),
        "2024-05-28",
        "consider_adjustments",
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
        "A step-one agreement that was then broken calls for a written warning, not a referral.",
        "agreement_monitored.json",
        lambda c: c["step_one"].update(response="agreed_then_breached", response_on="2024-06-01"),
        "2024-06-20",
        "give_warning",
    ),
    (
        "A referral recorded with no written warning is not yet eligible for a decision.",
        "referral_premature.json",
        lambda c: None,
        "2023-07-20",
        "not_eligible_yet",
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
        lambda c: c["appeals"][0].update(outcome="upheld"),
        "2023-09-15",
        "restrictions_ended",
    ),
    (
        "A varied appeal with the new restrictions recorded leaves restrictions in place.",
        "appeal_not_upheld.json",
        lambda c: c["appeals"][0].update(outcome="varied", restrictions=[c["decision"]["restrictions"][0]]),
        "2023-09-15",
        "restrictions_in_place",
    ),
]


@pytest.mark.parametrize(("sentence", "name", "change", "on", "expected"), PRECEDENCE, ids=[p[0] for p in PRECEDENCE])
def test_outcomes(sentence: str, name: str, change: Change, on: str, expected: str) -> None:
    case = example(name)
    change(case)
    assert _outcome(case, date.fromisoformat(on)) == expected, sentence


# --- step one and the written warning ---------------------------------------------------------------------


def test_the_customer_has_until_the_reply_date_to_answer_step_one(policy: dict[str, Any]) -> None:
    case = example("awaiting_reply.json")
    reply_by = after(policy, "step_one_reply", parse_date(case["step_one"]["date"]))
    assert _outcome(case, reply_by) == "awaiting_reply", "on the last day to reply, we are still waiting"
    assert _outcome(case, reply_by + DAY) == "give_warning", "the day after, no agreement was reached"


def test_an_agreement_is_monitored_until_the_end_of_the_monitoring_period(policy: dict[str, Any]) -> None:
    case = example("agreement_monitored.json")
    ends = after(policy, "monitoring_after_step_one", parse_date(case["step_one"]["response_on"]))
    assert _outcome(case, ends) == "monitor_agreement"
    assert _outcome(case, ends + DAY) == "no_concern"


def test_a_written_warning_is_asked_for_and_drafted_only_once_recorded() -> None:
    case, on, _ = load_example("report_june_2023.json")
    result = assess(case, on=on)
    assert result["outcome"]["id"] == "give_warning"
    assert "warning_not_recorded" in _codes(result["missing"])
    assert result["offers"]["letters"] == [] and result["restriction_options"] == []


def test_behaviour_that_goes_on_after_the_warning_opens_a_referral() -> None:
    case, on, _ = load_example("referral_open.json")
    result = assess(case, on=on)
    assert result["outcome"]["id"] == "refer_for_step_two" and result["conditions_met"]
    assert "behaviour_continued" in _codes(result["reasons"])
    assert result["offers"]["evidence_pack"] and result["offers"]["options"]["mode"] == "propose"


def test_while_the_behaviour_has_not_continued_the_warning_is_monitored_to_the_end_of_its_period(
    policy: dict[str, Any],
) -> None:
    case, on, _ = load_example("warning_given.json")
    ends = after(policy, "warning_period", parse_date(case["warning"]["given_on"]))
    assert _outcome(case, on) == "monitor_after_warning"
    assert _outcome(case, ends) == "monitor_after_warning"
    assert _outcome(case, ends + DAY) == "no_concern"


def test_behaviour_coming_back_after_the_warning_period_needs_a_new_warning(policy: dict[str, Any]) -> None:
    case, _, _ = load_example("warning_given.json")
    ends = after(policy, "warning_period", parse_date(case["warning"]["given_on"]))
    later = calendar.add_working_days(ends, 5)
    case["contacts"] += [{"at": later.isoformat(), "channel": "email", "officers": ["Ann"], "behaviours": ["abusive"]}]
    result = assess(case, on=later)
    assert result["outcome"]["id"] == "give_warning"
    assert "new_warning_needed" in _codes(result["reasons"])


def test_a_warning_given_without_considering_adjustments_is_flagged() -> None:
    case, on, _ = load_example("referral_open.json")
    case["warning"]["adjustments_considered"] = False
    assert "warning_adjustments_not_considered" in _codes(assess(case, on=on)["missing"])


# --- step two ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "change", "code"),
    [
        (
            "A referral with no informal steps is not yet eligible.",
            lambda c: c.update(informal_steps=[]),
            "informal_steps_not_recorded",
        ),
        (
            "A referral with no step one is not yet eligible.",
            lambda c: (c.pop("step_one"), c.pop("warning")),
            "step_one_not_recorded",
        ),
        ("A referral with no written warning is not yet eligible.", lambda c: c.pop("warning"), "warning_not_recorded"),
    ],
)
def test_a_premature_referral_reads_as_not_yet_eligible_with_the_missing_steps_first(
    sentence: str, change: Change, code: str
) -> None:
    case, on, _ = load_example("decision_pending.json")
    change(case)
    result = assess(case, on=on)
    assert result["outcome"]["id"] == "not_eligible_yet", sentence
    assert result["missing"][0]["code"] == code
    assert result["dates"]["referral_decision_by"], "the decision date is still shown"
    assert result["offers"]["evidence_pack"] is False and result["restriction_options"] == []


def test_a_referral_decision_is_overdue_only_after_its_due_date(policy: dict[str, Any]) -> None:
    case = example("decision_pending.json")
    due = after(policy, "referral_decision", parse_date(case["step_two"]["referred_on"]))
    assert "referral_decision_overdue" not in _codes(assess(case, on=due)["missing"])
    assert "referral_decision_overdue" in _codes(assess(case, on=due + DAY)["missing"])


def test_the_outcome_names_who_decides_and_who_is_consulted() -> None:
    case, on, _ = load_example("decision_pending.json")
    outcome = assess(case, on=on)["outcome"]
    assert outcome["role"]["id"] == "city_helpdesk_manager"
    assert outcome["consulted"]["id"] == "assistant_director_corporate_services"


# --- immediate protective action -----------------------------------------------------------------------------


def test_protective_action_must_be_confirmed_in_writing_by_its_date(policy: dict[str, Any]) -> None:
    case, on, _ = load_example("protective_action.json")
    taken = parse_date(case["protective_actions"][0]["taken_on"])
    confirm_by = after(policy, "protective_action_confirmation", taken)
    missing = assess(case, on=on)["missing"]
    item = next(m for m in missing if m["code"] == "protective_action_not_confirmed")
    assert item["by"] == confirm_by.isoformat() and item["path"] == "$.protective_actions[0].confirmed_on"
    case["protective_actions"][0]["confirmed_on"] = confirm_by.isoformat()
    assert "protective_action_not_confirmed" not in _codes(assess(case, on=confirm_by)["missing"])


def test_protective_action_ends_unless_a_step_two_decision_confirms_it_in_time(policy: dict[str, Any]) -> None:
    case, _, _ = load_example("protective_action.json")
    ends = after(policy, "protective_action_lapse", parse_date(case["protective_actions"][0]["taken_on"]))
    assert _outcome(case, ends) == "protective_action_in_place"
    result = assess(case, on=ends + DAY)
    assert result["outcome"]["id"] == "restrictions_lapsed"
    assert "end_not_told" in _codes(result["missing"])
    assert [letter["kind"] for letter in result["offers"]["letters"]] == ["restrictions_ended"]


def test_a_referral_after_protective_action_needs_none_of_the_earlier_steps() -> None:
    case, on, _ = load_example("protective_action.json")
    case["step_two"] = {
        "referred_on": "2024-03-21",
        "referred_by": "Reception Services Manager",
        "evidence": ["Incident report"],
    }
    result = assess(case, on=on)
    assert result["outcome"]["id"] == "decision_pending"
    assert "safety_route" in _codes(result["reasons"])
    assert not {"informal_steps_not_recorded", "step_one_not_recorded", "warning_not_recorded"} & _codes(
        result["missing"]
    )


# --- after a decision ----------------------------------------------------------------------------------------


def test_the_review_is_shown_as_due_from_the_notice_date(policy: dict[str, Any]) -> None:
    case = example("restrictions_in_place.json")
    review_on = parse_date(min(r["review_on"] for r in case["decision"]["restrictions"]))
    notice = parameters.period(policy, "review_notice", review_on)
    notice_from = calendar.add_working_days(review_on, -int(notice["value"]))
    assert _outcome(case, notice_from - DAY) == "restrictions_in_place"
    assert _outcome(case, notice_from) == "review_due"


def test_a_restriction_lapses_the_day_after_its_review_date_unless_renewed() -> None:
    case = example("restrictions_in_place.json")
    review_on = parse_date(min(r["review_on"] for r in case["decision"]["restrictions"]))
    assert _outcome(case, review_on) == "review_due", "on the review date itself it still applies"
    assert _outcome(case, review_on + DAY) == "restrictions_lapsed"


def _renewed(case: dict[str, Any], on: date, **more: Any) -> None:
    case.setdefault("reviews", []).append(
        {
            "reviewed_on": on.isoformat(),
            "reviewed_by": "City Helpdesk Manager",
            "outcome": "renewed",
            "reasons": "Contact is still sent to every department.",
            "consulted": True,
            **more,
        }
    )


def test_a_renewal_on_the_review_date_keeps_the_restriction_and_sets_a_new_review_date() -> None:
    case = example("restrictions_in_place.json")
    review_on = parse_date(min(r["review_on"] for r in case["decision"]["restrictions"]))
    _renewed(case, review_on)
    result = assess(case, on=review_on + DAY)
    assert result["outcome"]["id"] == "restrictions_in_place"
    assert parse_date(result["dates"]["review_on"]) > review_on
    assert calendar.is_working_day(parse_date(result["dates"]["review_on"]))


def test_a_review_after_the_review_date_comes_too_late_to_renew() -> None:
    case = example("restrictions_in_place.json")
    review_on = parse_date(min(r["review_on"] for r in case["decision"]["restrictions"]))
    _renewed(case, review_on + DAY)
    result = assess(case, on=review_on + 2 * DAY)
    assert result["outcome"]["id"] == "restrictions_lapsed"
    assert "restrictions_lapsed_review_late" in _codes(result["reasons"])


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


def test_a_review_that_changes_the_restrictions_must_record_the_new_ones() -> None:
    case = example("restrictions_in_place.json")
    review_on = parse_date(min(r["review_on"] for r in case["decision"]["restrictions"])) - 10 * DAY
    _renewed(case, review_on, outcome="varied")
    result = assess(case, on=review_on + DAY)
    assert "varied_without_restrictions" in _codes(result["missing"])
    kept = case["decision"]["restrictions"][:1]
    case["reviews"][-1]["restrictions"] = [
        {**kept[0], "starts_on": review_on.isoformat(), "review_on": (review_on + 60 * DAY).isoformat()}
    ]
    result = assess(case, on=review_on + DAY)
    assert "varied_without_restrictions" not in _codes(result["missing"])
    assert [r["option"] for r in result["restrictions_in_force"]] == [kept[0]["option"]]


def test_an_option_with_its_own_shorter_review_period_is_held_to_it(policy: dict[str, Any]) -> None:
    case, on, _ = load_example("restrictions_in_place.json")
    case["decision"]["restrictions"][0]["option"] = "restricted_building_access"
    result = assess(case, on=on)
    flagged = next(m for m in result["missing"] if m["code"] == "review_later_than_option_allows")
    assert flagged["path"] == "$.decision.restrictions[0].review_on"
    assert parse_date(result["dates"]["review_on"]) <= parse_date(case["decision"]["decided_on"]) + 93 * DAY


def test_lifted_restrictions_ask_for_the_customer_to_be_told_until_it_is_recorded(policy: dict[str, Any]) -> None:
    case, on, _ = load_example("lifted_at_review.json")
    result = assess(case, on=on)
    item = next(m for m in result["missing"] if m["code"] == "end_not_told")
    assert item["by"] == after(policy, "end_notice", parse_date(case["reviews"][-1]["reviewed_on"])).isoformat()
    case["decision"]["ended_notice_sent_on"] = case["reviews"][-1]["reviewed_on"]
    result = assess(case, on=on)
    assert result["missing"] == [] and "end_told" in _codes(result["reasons"])


@pytest.mark.parametrize(
    ("sentence", "change", "code"),
    [
        (
            "Restrictions need the decision letter sent.",
            lambda c: c["decision"].pop("letter_sent_on"),
            "decision_letter_not_sent",
        ),
        (
            "Restrictions need the Assistant Director consulted.",
            lambda c: c["decision"].update(consulted=False),
            "assistant_director_not_consulted",
        ),
        (
            "A scope that reaches a family member is flagged.",
            lambda c: c["decision"]["restrictions"][0].update(
                scope="Emails from the customer or his son about RR-1041 go to the team leader."
            ),
            "scope_reaches_other_person",
        ),
        (
            "A scope covering 'and similar matters' is too broad.",
            lambda c: c["decision"]["restrictions"][0].update(
                scope="All emails about RR-1041 and similar matters go to the team leader."
            ),
            "scope_too_broad",
        ),
        (
            "A restriction covering a representative needs reasons of its own.",
            lambda c: c["decision"]["restrictions"][0].update(applies_to="representative", person_name="Mr B"),
            "other_person_without_reasons",
        ),
    ],
)
def test_what_is_missing_after_a_decision(sentence: str, change: Change, code: str) -> None:
    case, on, _ = load_example("restrictions_in_place.json")
    change(case)
    result = assess(case, on=on)
    assert code in _codes(result["missing"]), sentence
    assert result["conditions_met"] is False


def test_a_decision_is_judged_only_against_the_steps_the_policy_had_when_it_was_made(policy: dict[str, Any]) -> None:
    """Version 1.1 added the written warning: a decision made in 2023 without one is not flagged, while the same
    decision is flagged under a policy that had the warning stage by then."""
    case, on, _ = load_example("restrictions_in_place.json")
    case.pop("warning")
    assert "no_warning_before_decision" not in _codes(assess(case, on=on)["missing"])
    earlier = copy.deepcopy(policy)
    earlier["stages"]["warning"]["in_force_from"] = "2023-01-01"
    assert "no_warning_before_decision" in _codes(assess(case, earlier, on=on)["missing"])


def test_restrictions_after_protective_action_need_no_earlier_steps() -> None:
    case, on, _ = load_example("restrictions_in_place.json")
    for key in ("step_one", "warning", "informal_steps"):
        case.pop(key)
    _threat(case, "2023-06-30")
    _protect(case, "2023-06-30")
    result = assess(case, on=on)
    assert result["outcome"]["id"] == "restrictions_in_place"
    assert not {"no_step_one_before_decision", "no_warning_before_decision"} & _codes(result["missing"])


def test_protective_action_that_restricts_nothing_does_not_skip_the_earlier_steps() -> None:
    """Recording that a threat needed no restriction deals with the threat, but a referral then still needs the
    informal steps, step one and the written warning (clause protective-action)."""
    case, on, _ = load_example("referral_open.json")
    case.pop("warning")
    _threat(case, "2023-07-13T10:00")
    _protect(case, "2023-07-13", restricts_contact=False, action="Spoke to the customer; no restriction needed.")
    case["step_two"] = {"referred_on": "2023-07-14", "referred_by": "Head of Customer Services", "evidence": ["Log"]}
    result = assess(case, on=on)
    assert result["outcome"]["id"] == "not_eligible_yet"
    assert "warning_not_recorded" in _codes(result["missing"])
    _protect(case, "2023-07-13", action="No visits to the Civic Offices.")
    assert assess(case, on=on)["outcome"]["id"] == "decision_pending"


def _quiet_since_decision(case: dict[str, Any], on: date, extra: int, policy: dict[str, Any]) -> None:
    """Contact after the decision at exactly the policy's rate, plus `extra` contacts."""
    decided = parse_date(case["decision"]["decided_on"])
    days = calendar.working_day_number(on) - calendar.working_day_number(decided)
    count = days * int(parameters.figure(policy, "contacts_per_working_day", on)["value"]) + extra
    case["contacts"] += [{"at": on.isoformat(), "channel": "email", "officers": ["Ann"]} for _ in range(count)]


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


# --- appeals ----------------------------------------------------------------------------------------------------


def test_an_appeal_decision_is_overdue_only_after_its_due_date(policy: dict[str, Any]) -> None:
    case = example("appeal_pending.json")
    due = after(policy, "appeal_decision", parse_date(case["appeals"][0]["received_on"]))
    assert "appeal_decision_overdue" not in _codes(assess(case, on=due)["missing"])
    assert "appeal_decision_overdue" in _codes(assess(case, on=due + DAY)["missing"])


def test_an_appeal_on_the_last_day_is_in_time_and_the_day_after_is_not(policy: dict[str, Any]) -> None:
    case, _on, _ = load_example("appeal_pending.json")
    last_day = after(policy, "appeal_window", parse_date(case["decision"]["letter_sent_on"]))
    case["appeals"][0]["received_on"] = last_day.isoformat()
    assert "appeal_after_deadline" not in _codes(assess(case, on=last_day + DAY)["reasons"])
    case["appeals"][0]["received_on"] = (last_day + DAY).isoformat()
    result = assess(case, on=last_day + DAY)
    assert result["outcome"]["id"] == "appeal_pending"
    assert "appeal_after_deadline" in _codes(result["reasons"])


@pytest.mark.parametrize(
    ("sentence", "considered_by", "role", "code"),
    [
        (
            "The person who made the decision cannot decide the appeal.",
            "City Helpdesk Manager",
            "director_corporate_services",
            "appeal_decider_involved",
        ),
        (
            "The manager who referred cannot decide the appeal.",
            "Head of Customer Services",
            "director_corporate_services",
            "appeal_decider_involved",
        ),
        (
            "An Assistant Director consulted on the decision cannot decide it, even by role alone.",
            "Assistant Director of Corporate Services",
            "director_corporate_services",
            "appeal_decider_role_involved",
        ),
        ("The role of the person deciding must be recorded.", "Ms D Director", None, "appeal_role_not_recorded"),
    ],
)
def test_who_decides_an_appeal_is_checked_against_everyone_involved(
    sentence: str, considered_by: str, role: str | None, code: str
) -> None:
    case, on, _ = load_example("appeal_pending.json")
    case["appeals"][0]["considered_by"] = considered_by
    if role:
        case["appeals"][0]["considered_by_role"] = role
    else:
        case["appeals"][0].pop("considered_by_role")
    result = assess(case, on=on)
    item = next((m for m in result["missing"] if m["code"] == code), None)
    assert item is not None, sentence
    assert item["path"].startswith("$.appeals[0]")


def test_a_director_who_was_consulted_is_replaced_by_a_nominated_director() -> None:
    case, on, _ = load_example("appeal_pending.json")
    case["decision"]["consulted_name"] = "Director of Corporate Services"
    assert "director_was_involved" in _codes(assess(case, on=on)["missing"])
    case["appeals"][0].update(considered_by="Director of Regeneration", considered_by_role="nominated_director")
    assert not {"director_was_involved", "appeal_decider_involved"} & _codes(assess(case, on=on)["missing"])


def test_a_renewal_at_review_can_be_appealed_like_the_first_decision(policy: dict[str, Any]) -> None:
    case = example("restrictions_in_place.json")
    review_on = parse_date(min(r["review_on"] for r in case["decision"]["restrictions"]))
    _renewed(case, review_on, letter_sent_on=review_on.isoformat())
    result = assess(case, on=review_on + DAY)
    assert result["dates"]["appeal_by"] == after(policy, "appeal_window", review_on).isoformat()
    case["appeals"] = [
        {
            "against": "review",
            "against_on": review_on.isoformat(),
            "received_on": (review_on + 2 * DAY).isoformat(),
            "channel": "phone",
            "considered_by": "Director of Corporate Services",
            "considered_by_role": "director_corporate_services",
            "outcome": "pending",
        }
    ]
    result = assess(case, on=review_on + 3 * DAY)
    assert result["outcome"]["id"] == "appeal_pending"
    assert "by phone" in next(r for r in result["reasons"] if r["code"] == "appeal_received")["message"]


# --- as at the date --------------------------------------------------------------------------------------------


def test_an_assessment_as_at_an_earlier_date_leaves_out_what_had_not_happened_yet() -> None:
    case, _, _ = load_example("appeal_not_upheld.json")
    result = assess(case, on=parse_date(case["step_two"]["referred_on"]))
    assert result["outcome"]["id"] == "decision_pending"
    assert "later_records_left_out" in _codes(result["reasons"])


def test_a_step_one_response_recorded_after_the_date_is_still_awaited_as_at_the_date() -> None:
    case, _, _ = load_example("report_june_2023.json")
    assert _outcome(case, parse_date(case["step_one"]["date"]) + DAY) == "awaiting_reply"
