"""Whether a step-two referral is open: the stages the policy requires first (`stages.step_two.requires`), the
written warning and what has happened since it, and what must be true of any case before a further step."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from . import metrics as _metrics
from .dates import after, describe_period, parse_date
from .errors import PolicyError
from .findings import Finding, day, finding, named
from .parameters import period


def _informal_resolution(case: dict[str, Any], policy: dict[str, Any], *, on: date) -> list[Finding]:
    if case.get("informal_steps"):
        return []
    return [finding(policy, "informal_steps_not_recorded", path="$.informal_steps")]


def _step_one(case: dict[str, Any], policy: dict[str, Any], *, on: date) -> list[Finding]:
    step_one = case.get("step_one")
    if not step_one:
        return [finding(policy, "step_one_not_recorded", path="$.step_one")]
    out = []
    if not step_one["concerns_explained"]:
        out.append(finding(policy, "concerns_not_explained", path="$.step_one.concerns_explained"))
    if not any(step_one.get("proposal", {}).values()):
        out.append(finding(policy, "no_way_forward_proposed", path="$.step_one.proposal"))
    if step_one["response"] == "agreed":
        out.append(finding(policy, "step_one_agreement_holding", path="$.step_one.response"))
    elif step_one["response"] == "awaiting":
        reply_by = after(policy, "step_one_reply", parse_date(step_one["date"]))
        if on <= reply_by:
            out.append(finding(policy, "step_one_reply_time_running", path="$.step_one.response", date=day(reply_by)))
    return out


@dataclass(frozen=True)
class WarningFollowUp:
    """What happened after the written warning, as at a date.

    `continued`: contact of concern within the warning period; `came_back`: contact of concern after it ended.
    """

    given_on: date
    ends_on: date
    within: dict[str, Any]
    later: dict[str, Any] | None

    @property
    def continued(self) -> bool:
        return _metrics.has_concern(self.within)

    @property
    def came_back(self) -> bool:
        return self.later is not None and _metrics.has_concern(self.later)


def warning_follow_up(case: dict[str, Any], policy: dict[str, Any], *, on: date) -> WarningFollowUp | None:
    """The figures for contact after the warning (within its period, and after it), or None with no warning."""
    warning = case.get("warning")
    if not warning or parse_date(warning["given_on"]) > on:
        return None
    given = parse_date(warning["given_on"])
    ends = after(policy, "warning_period", given)
    within = _metrics.compute(case, policy, on=min(on, ends), since=given)
    later = _metrics.compute(case, policy, on=on, since=ends) if on > ends else None
    return WarningFollowUp(given, ends, within, later)


def _warning(case: dict[str, Any], policy: dict[str, Any], *, on: date) -> list[Finding]:
    warning = case.get("warning")
    if not warning:
        return [finding(policy, "warning_not_recorded", path="$.warning")]
    out = []
    if not warning["adjustments_considered"]:
        out.append(finding(policy, "warning_adjustments_not_considered", path="$.warning.adjustments_considered"))
    follow = warning_follow_up(case, policy, on=on)
    if follow and not follow.continued:
        if follow.came_back:
            out.append(
                finding(
                    policy,
                    "warning_expired",
                    path="$.warning",
                    date=day(follow.given_on),
                    period=describe_period(period(policy, "warning_period", follow.given_on)),
                )
            )
        else:
            out.append(
                finding(policy, "warning_not_followed_by_behaviour", path="$.contacts", date=day(follow.given_on))
            )
    return out


REQUIRED_STAGE_CHECKS: dict[str, Callable[..., list[Finding]]] = {
    "informal_resolution": _informal_resolution,
    "step_one": _step_one,
    "warning": _warning,
}


def required_stages(policy: dict[str, Any], *, decided_on: date | None = None) -> list[str]:
    """The stages a step-two referral needs first. For a decision already made (`decided_on`), only the stages
    that were part of the policy by then: a decision is never judged against a stage added later."""
    stages = policy["stages"]
    return [
        s
        for s in stages["step_two"].get("requires", ())
        if decided_on is None or parse_date(str(stages[s].get("in_force_from", "0001-01-01"))) <= decided_on
    ]


def required_stage_gaps(case: dict[str, Any], policy: dict[str, Any], *, on: date) -> list[Finding]:
    """What is missing, as at `on`, of the stages the policy requires before a step-two referral."""
    out: list[Finding] = []
    for stage in required_stages(policy):
        check = REQUIRED_STAGE_CHECKS.get(stage)
        if check is None:
            raise PolicyError(
                f"The policy requires the stage '{stage}' before step two, and the toolkit cannot check it."
            )
        out += check(case, policy, on=on)
    return out


def adjustments_pending(case: dict[str, Any]) -> bool:
    """True when the customer told us of a disability or vulnerability and the case records neither an adjustment
    agreed nor that adjustments were considered and none is needed (clause reasonable-adjustments)."""
    vulnerability = case.get("circumstances", {}).get("vulnerability", {})
    settled = vulnerability.get("adjustments") or "no_adjustment_needed" in vulnerability
    return bool(vulnerability.get("is_disclosed")) and not settled


def standing_gaps(case: dict[str, Any], policy: dict[str, Any], *, figures: dict[str, Any]) -> list[Finding]:
    """What must be true of a case before any further step: adjustments for a disclosed need, a representative's
    authority, a contact log, and no issue left unanswered past its due date."""
    out: list[Finding] = []
    circumstances = case.get("circumstances", {})
    if adjustments_pending(case):
        out.append(finding(policy, "adjustments_not_recorded", path="$.circumstances.vulnerability.adjustments"))
    representative = circumstances.get("representative", {})
    if representative.get("is_acting") and not representative.get("authority_checked"):
        out.append(
            finding(
                policy, "representative_authority_unchecked", path="$.circumstances.representative.authority_checked"
            )
        )
    if not case.get("contacts"):
        out.append(finding(policy, "no_contact_log", path="$.contacts"))
    overdue = figures["overdue_issues"]
    if overdue:
        out.append(finding(policy, "overdue_issues", path="$.issues", issues=named(overdue, "issue")))
    return out


def referral_gaps(
    case: dict[str, Any], policy: dict[str, Any], *, on: date, figures: dict[str, Any], safety_route: bool
) -> list[Finding]:
    """Everything missing before a step-two referral: the required stages (none on the safety route) first."""
    stages = [] if safety_route else required_stage_gaps(case, policy, on=on)
    return stages + standing_gaps(case, policy, figures=figures)


__all__ = [
    "WarningFollowUp",
    "adjustments_pending",
    "referral_gaps",
    "required_stage_gaps",
    "required_stages",
    "standing_gaps",
    "warning_follow_up",
]
