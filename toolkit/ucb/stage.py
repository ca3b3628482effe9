"""Where a case stands in the policy's process, as a named outcome, with the reasons for it and what
is missing before the next step. It says whether the conditions for a person's decision are met and
who decides; it never decides and never describes the customer."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from . import calendar
from .dates import contact_date, describe_period, long_date, parse_date
from .findings import Finding, capital, finding, the_role
from .timeline import RestrictionState, restriction_state

NATURE = "nature"


@dataclass
class Stage:
    """The outcome id plus the findings that explain it."""

    outcome: str
    reasons: list[Finding] = field(default_factory=list)
    missing: list[Finding] = field(default_factory=list)


def _on(text: str) -> str:
    return long_date(parse_date(text))


def _threat_dates(case: dict[str, Any], since: date | None) -> list[date]:
    """Dates of contacts recording a threat after `since`: earlier ones were there to see when that
    step was taken, so protective action is taken to have followed them."""
    days = [contact_date(c["at"]) for c in case.get("contacts", ()) if "threatening" in c.get("behaviours", ())]
    return [d for d in days if since is None or d > since]


def _latest_step(case: dict[str, Any]) -> date | None:
    """The date of the latest step recorded in the process (informal step, step one, referral, decision, review)."""
    days = [s["date"] for s in case.get("informal_steps", ())]
    days += [case["step_one"]["date"]] if "step_one" in case else []
    days += [case["step_two"]["referred_on"]] if "step_two" in case else []
    days += [case["decision"]["decided_on"]] if "decision" in case else []
    days += [r["reviewed_on"] for r in case.get("reviews", ())]
    return parse_date(max(days)) if days else None


def _issue_list(ids: list[str]) -> str:
    """'issue I1', 'issues I1 and I2', 'issues I1, I2 and I3'."""
    if len(ids) == 1:
        return f"issue {ids[0]}"
    return f"issues {', '.join(ids[:-1])} and {ids[-1]}"


def _evidence_reasons(metrics: dict[str, Any], policy: dict[str, Any]) -> list[Finding]:
    """What the contact log shows against each threshold met, and behaviour recorded on contacts."""
    out: list[Finding] = []
    rows = {row["id"]: row for row in metrics["indicators"]}
    window = metrics["busiest_window"]
    if rows["contacts_per_working_day"]["is_met"]:
        out.append(
            finding(
                "volume_above_threshold",
                f"The contact log has {window['contacts']} contacts in the busiest {window['working_days']} working days "
                f"({_on(window['starts_on'])} to {_on(window['ends_on'])}), {window['per_working_day']} a working day, "
                f"above the policy's figure of {rows['contacts_per_working_day']['threshold']} ({rows['contacts_per_working_day']['unit']}).",
                rows["contacts_per_working_day"]["clause"],
            )
        )
    if rows["recipients_per_issue"]["is_met"]:
        wide = [i["id"] for i in metrics["issues"] if i["recipients"] >= rows["recipients_per_issue"]["threshold"]]
        out.append(
            finding(
                "spread_at_threshold",
                f"Contact about {_issue_list(wide)} went to as many as {metrics['most_recipients_for_one_issue']} different "
                f"departments, officers or councillors; the policy's figure is {rows['recipients_per_issue']['threshold']}.",
                rows["recipients_per_issue"]["clause"],
            )
        )
    if rows["repeats_of_answered_issue"]["is_met"]:
        out.append(
            finding(
                "repeats_at_threshold",
                f"One issue was raised {metrics['most_repeats_of_answered_issue']} times after we had answered it; "
                f"the policy's figure is {rows['repeats_of_answered_issue']['threshold']}.",
                rows["repeats_of_answered_issue"]["clause"],
            )
        )
    for behaviour, count in metrics["behaviours"].items():
        if count:
            out.append(
                finding(
                    f"recorded_{behaviour}",
                    f"{policy['behaviours'][behaviour]['title']} was recorded on {count} contact{'s' if count != 1 else ''}.",
                    "examples",
                )
            )
    return out


def _has_concern(metrics: dict[str, Any]) -> bool:
    return bool(metrics["behaviours_seen"])


def _nature_recorded(metrics: dict[str, Any], policy: dict[str, Any]) -> bool:
    return any(metrics["behaviours"].get(b) for b, spec in policy["behaviours"].items() if spec["group"] == NATURE)


def _explained_by_delay(metrics: dict[str, Any]) -> bool:
    return next(r for r in metrics["indicators"] if r["id"] == "explained_by_council_delay")["is_met"]


def _preconditions_missing(case: dict[str, Any], policy: dict[str, Any]) -> list[Finding]:
    """Steps the policy expects before a referral or decision that the record does not show."""
    out: list[Finding] = []
    circumstances = case.get("circumstances", {})
    if not case.get("informal_steps"):
        out.append(
            finding(
                "informal_steps_not_recorded",
                "Record the informal steps taken to resolve things (what, when, by whom, what happened). The formal policy applies only after them.",
                "informal-resolution",
            )
        )
    step_one = case.get("step_one")
    if not step_one:
        out.append(
            finding(
                "step_one_not_recorded",
                f"Record step one: {the_role(policy, 'appropriate_manager')} contacts the customer, explains the concern and proposes a way forward.",
                "step-one",
            )
        )
    else:
        if not step_one["concerns_explained"]:
            out.append(
                finding(
                    "concerns_not_explained",
                    "Explain the concerns to the customer, with examples of the contact that is causing them, and record that you did.",
                    "step-one",
                )
            )
        if not any(step_one.get("proposal", {}).values()):
            out.append(
                finding(
                    "no_way_forward_proposed",
                    "Record the way forward proposed at step one, such as a single point of contact or an agreed method and frequency of contact.",
                    "step-one",
                )
            )
    vulnerability = circumstances.get("vulnerability", {})
    if vulnerability.get("is_disclosed") and not vulnerability.get("adjustments"):
        out.append(
            finding(
                "adjustments_not_recorded",
                "Consider reasonable adjustments for the disability or vulnerability the customer told us about, and record those agreed.",
                "reasonable-adjustments",
            )
        )
    representative = circumstances.get("representative", {})
    if representative.get("is_acting") and not representative.get("authority_checked"):
        out.append(
            finding(
                "representative_authority_unchecked",
                "Check and record that the customer has authorised their representative to act for them.",
                "representatives",
            )
        )
    if not case.get("contacts"):
        out.append(
            finding(
                "no_contact_log", "Add the contact log: the evidence of the frequency or nature of contact.", "step-two"
            )
        )
    return out


def _contact_since(case: dict[str, Any], policy: dict[str, Any], *, on: date) -> list[Finding]:
    """How contact has gone since the decision or the latest review, for the person reviewing it.

    The policy lets a restriction be lifted early when behaviour improves (clause `monitoring-review`).
    """
    since = max(
        [
            case["decision"]["decided_on"],
            *(r["reviewed_on"] for r in case.get("reviews", ()) if r["reviewed_on"] <= on.isoformat()),
        ]
    )
    later = [c for c in case.get("contacts", ()) if c["at"][:10] > since]
    days = calendar.working_day_number(on) - calendar.working_day_number(parse_date(since))
    if days <= 0:
        return []
    rate = round(len(later) / days, 2)
    flagged = sum(1 for c in later if c.get("behaviours"))
    limit = policy["thresholds"]["contacts_per_working_day"]
    out = [
        finding(
            "contact_since_decision",
            f"Since {_on(since)} there have been {len(later)} contacts over {days} working days ({rate} a working day), "
            f"{flagged} of them with behaviour recorded.",
            "monitoring-review",
        )
    ]
    if rate <= limit["value"] and not flagged:
        out.append(
            finding(
                "improvement_seen",
                f"Contact since {_on(since)} is within the policy's figure of {limit['value']} ({limit['unit']}) and no behaviour has been recorded. If the contact log is up to date, consider lifting the restrictions early.",
                "monitoring-review",
            )
        )
    return out


def _after_decision(
    case: dict[str, Any], policy: dict[str, Any], state: RestrictionState, *, on: date, key_dates: dict[str, str | None]
) -> Stage:
    decision = case["decision"]
    decided = capital(the_role(policy, "city_helpdesk_manager"))
    if state.state == "not_restricted":
        return Stage(
            "not_restricted",
            [
                finding(
                    "decided_not_to_restrict",
                    f"On {_on(decision['decided_on'])} the decision was not to restrict contact.",
                    "deciding-restrictions",
                )
            ],
        )
    if state.state in ("ended", "lapsed"):
        outcome = "restrictions_ended" if state.state == "ended" else "restrictions_lapsed"
        reasons = [finding(f"restrictions_{state.state}", state.why, state.clause)]
        if state.state == "lapsed":
            reasons.append(
                finding(
                    "fresh_decision_needed",
                    "Tell the customer the restrictions have ended. Any new restriction needs a fresh step-two decision.",
                    "lapse",
                )
            )
        return Stage(outcome, reasons)
    missing: list[Finding] = []
    if not decision["consulted"]:
        missing.append(
            finding(
                "assistant_director_not_consulted",
                f"Record that {the_role(policy, 'assistant_director_corporate_services')} was consulted on the decision.",
                "step-two",
            )
        )
    if "letter_sent_on" not in decision:
        missing.append(
            finding(
                "decision_letter_not_sent",
                "Send the customer the letter explaining the decision: why, exactly what is restricted, for how long, the review date and how to appeal.",
                "restriction-letter",
            )
        )
    if "step_one" not in case and not _threat_dates(case, None):
        missing.append(
            finding(
                "no_warning_recorded",
                "The record shows no step one before the decision: the customer was not told of the concern and offered a way forward first. Record it if it happened; if not, consider whether the decision should stand.",
                "step-one",
            )
        )
    longest = key_dates["lapses_on"]
    for i, r in enumerate(decision["restrictions"]):
        if longest and r["review_on"] > longest:
            missing.append(
                finding(
                    "review_after_longest_duration",
                    f"Restriction {i + 1} has a review date after the longest time a restriction can last ({_on(longest)}). Bring the review date forward.",
                    "lapse",
                )
            )
    reasons = [
        finding(
            "decision_recorded",
            f"{decided} decided on {_on(decision['decided_on'])} to restrict contact ({len(decision['restrictions'])} restriction{'s' if len(decision['restrictions']) != 1 else ''}).",
            "deciding-restrictions",
        )
    ]
    reviews = case.get("reviews", [])
    if reviews and not reviews[-1].get("consulted"):
        missing.append(
            finding(
                "assistant_director_not_consulted_on_review",
                f"Record that {the_role(policy, 'assistant_director_corporate_services')} was consulted on the latest review.",
                "monitoring-review",
            )
        )
    appeal = case.get("appeal")
    if appeal and appeal["outcome"] == "pending":
        reasons.append(
            finding(
                "appeal_received",
                f"The customer's appeal was received on {_on(appeal['received_on'])}; it should be decided by {_on(key_dates['appeal_decision_by'])}.",
                "appeals",
            )
        )
        if key_dates["appeal_by"] and appeal["received_on"] > key_dates["appeal_by"]:
            reasons.append(
                finding(
                    "appeal_after_deadline",
                    f"The appeal arrived after the last day to appeal ({_on(key_dates['appeal_by'])}). {capital(the_role(policy, 'director_corporate_services'))} decides whether to consider it.",
                    "appeals",
                )
            )
        if key_dates["appeal_decision_by"] and on > parse_date(key_dates["appeal_decision_by"]):
            missing.append(
                finding(
                    "appeal_decision_overdue",
                    f"The appeal was due to be decided by {_on(key_dates['appeal_decision_by'])}. Decide it and tell the customer.",
                    "appeals",
                )
            )
        return Stage("appeal_pending", reasons, missing)
    reasons += _contact_since(case, policy, on=on)
    review_on = key_dates["review_on"]
    notice_from = key_dates["review_notice_from"]
    if review_on and notice_from and on >= parse_date(notice_from):
        reasons.append(
            finding(
                "review_date_near",
                f"The restrictions must be reviewed by {_on(review_on)}. If they are not renewed with reasons by then, they end.",
                "monitoring-review",
            )
        )
        return Stage("review_due", reasons, missing)
    if review_on:
        reasons.append(finding("review_date_set", f"The next review is due by {_on(review_on)}.", "monitoring-review"))
    return Stage("restrictions_in_place", reasons, missing)


def decide(
    case: dict[str, Any], policy: dict[str, Any], *, on: date, metrics: dict[str, Any], key_dates: dict[str, str | None]
) -> Stage:
    """The outcome for a valid case as at `on`, checked in the order the policy gives precedence."""
    state = restriction_state(case, policy, on=on)
    threats = _threat_dates(case, _latest_step(case))
    if threats:
        return Stage(
            "immediate_safety_action",
            [
                finding(
                    "threat_recorded",
                    f"A threat or violence was recorded on {len(threats)} contact{'s' if len(threats) != 1 else ''}, most recently on {long_date(max(threats))}.",
                    "threats-violence",
                )
            ],
        )
    if state.state != "none":
        return _after_decision(case, policy, state, on=on, key_dates=key_dates)

    circumstances = case.get("circumstances", {})
    complaint = circumstances.get("open_complaint", {})
    if complaint.get("is_open"):
        stage = f" (at {complaint['stage'].replace('_', ' ')})" if "stage" in complaint else ""
        return Stage(
            "use_complaints_policy",
            [
                finding(
                    "complaint_open",
                    f"The customer has a formal complaint open{stage}. While it is open the corporate complaints policy applies to it.",
                    "complaints-policy",
                )
            ],
        )

    evidence = _evidence_reasons(metrics, policy)
    if "step_two" in case:
        referral = case["step_two"]
        missing = _preconditions_missing(case, policy)
        if not referral.get("evidence"):
            missing.append(
                finding(
                    "referral_evidence_missing",
                    "List the evidence sent with the referral: the contact log and the record of the steps taken.",
                    "step-two",
                )
            )
        due = key_dates["referral_decision_by"]
        if due and on > parse_date(due):
            missing.append(
                finding(
                    "referral_decision_overdue",
                    f"The decision on the referral was due by {_on(due)}. Make it and tell the customer.",
                    "step-two",
                )
            )
        reasons = [
            finding(
                "referral_made",
                f"The matter was referred on {_on(referral['referred_on'])}. {capital(the_role(policy, 'city_helpdesk_manager'))} decides, consulting {the_role(policy, 'assistant_director_corporate_services')}.",
                "step-two",
            )
        ]
        return Stage("decision_pending", reasons + evidence, missing)

    vulnerability = circumstances.get("vulnerability", {})
    if vulnerability.get("is_disclosed") and not vulnerability.get("adjustments"):
        return Stage(
            "consider_adjustments",
            [
                finding(
                    "vulnerability_disclosed",
                    "The customer has told us about a disability or vulnerability and no reasonable adjustment is recorded.",
                    "reasonable-adjustments",
                ),
                *evidence,
            ],
            [
                finding(
                    "adjustments_not_recorded",
                    "Consider reasonable adjustments and record those agreed before any further step.",
                    "reasonable-adjustments",
                )
            ],
        )

    delay = next(r for r in metrics["indicators"] if r["id"] == "explained_by_council_delay")
    delay_reason = finding(
        "contact_explained_by_delay",
        f"{delay['value']}% of contacts are about issues still open or answered late (the policy's figure is {delay['threshold']}%).",
        "genuine-problems",
    )
    steer_to_issues = _explained_by_delay(metrics) and not _nature_recorded(metrics, policy)
    if "step_one" not in case:
        return _before_step_one(case, metrics, evidence, delay_reason if steer_to_issues else None)
    return _after_step_one(
        case,
        policy,
        on=on,
        key_dates=key_dates,
        evidence=evidence,
        delay_reason=delay_reason if steer_to_issues else None,
    )


def _before_step_one(
    case: dict[str, Any], metrics: dict[str, Any], evidence: list[Finding], delay_reason: Finding | None
) -> Stage:
    if not _has_concern(metrics):
        return Stage(
            "no_concern",
            [
                finding(
                    "no_threshold_met",
                    "The contact log meets none of the policy's figures for volume, spread or repetition, and no behaviour is recorded on any contact.",
                    "not-unreasonable",
                )
            ],
        )
    if delay_reason:
        return Stage("resolve_issues_first", [delay_reason, *evidence])
    steps = case.get("informal_steps", [])
    if not steps:
        return Stage(
            "informal_resolution",
            evidence,
            [
                finding(
                    "informal_steps_not_recorded",
                    "Record the informal steps taken (what, when, by whom, what happened) before step one.",
                    "informal-resolution",
                )
            ],
        )
    latest = max(s["date"] for s in steps)
    recorded = (
        f"{len(steps)} informal step{'s are' if len(steps) != 1 else ' is'} recorded, the latest on {_on(latest)}."
    )
    return Stage("step_one", [finding("informal_steps_recorded", recorded, "informal-resolution"), *evidence])


def _after_step_one(
    case: dict[str, Any],
    policy: dict[str, Any],
    *,
    on: date,
    key_dates: dict[str, str | None],
    evidence: list[Finding],
    delay_reason: Finding | None,
) -> Stage:
    step_one = case["step_one"]
    response = step_one["response"]
    reply_by = key_dates["step_one_reply_by"]
    if response == "awaiting" and reply_by and on <= parse_date(reply_by):
        return Stage(
            "awaiting_reply",
            [
                finding(
                    "reply_time_running",
                    f"The customer has until {_on(reply_by)} to reply to the step-one proposal ({describe_period(policy['timescales']['step_one_reply'])}).",
                    "step-one",
                )
            ],
        )
    if response == "agreed":
        ends = key_dates["monitoring_ends_on"] or step_one["date"]
        if on <= parse_date(ends):
            return Stage(
                "monitor_agreement",
                [
                    finding(
                        "agreement_reached",
                        f"The customer agreed the way forward; monitor it until {_on(ends)}.",
                        "step-one",
                    )
                ],
            )
        return Stage(
            "no_concern",
            [
                finding(
                    "agreement_held",
                    f"The customer agreed the way forward and the monitoring period ended on {_on(ends)}.",
                    "step-one",
                )
            ],
        )
    responded = f" {_on(step_one['response_on'])}" if "response_on" in step_one else ""
    if response == "awaiting":
        why = finding(
            "no_reply_in_time",
            f"The customer did not reply to the step-one proposal by {_on(reply_by or step_one['date'])}, so no agreement was reached.",
            "step-one",
        )
    elif response == "refused":
        why = finding(
            "proposal_refused",
            f"The customer did not agree the step-one proposal{' on' + responded if responded else ''}.",
            "step-one",
        )
    else:
        why = finding(
            "agreement_broken",
            f"The customer agreed the step-one proposal but did not keep to it{' from' + responded if responded else ''}.",
            "step-one",
        )
    if delay_reason:
        return Stage("resolve_issues_first", [delay_reason, why, *evidence])
    return Stage("refer_for_step_two", [why, *evidence], _preconditions_missing(case, policy))


__all__ = ["Stage", "decide"]
