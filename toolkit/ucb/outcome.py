"""Where a case stands in the policy's process, as a named outcome, with the reasons and what is missing before
the next step. It says whether the policy's conditions for a person's decision are met and who decides; it
never makes the decision and never describes the customer.

The order is the policy's precedence: safety first; then restrictions already decided; then protective action;
then the complaints policy; then a referral already made; then adjustments, the council's own delay, and the
steps in order.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any

from . import calendar, complaints, eligibility, evidence, restriction_checks, safety
from . import metrics as _metrics
from .appeals import independence_gaps
from .dates import after, describe_period, parse_date
from .findings import Finding, count, day, finding, listing, named, role_title
from .lifecycle import ProtectiveState, RestrictionState, appealed_record, letter_date, pending_appeal
from .parameters import period


@dataclass
class Placement:
    """The outcome id, the findings that explain it, and what is missing before the next step."""

    outcome: str
    reasons: list[Finding] = field(default_factory=list)
    missing: list[Finding] = field(default_factory=list)


@dataclass(frozen=True)
class Facts:
    """What the router works from, worked out once by `assess`. The figures are of `measured` (the case less
    what an open complaint covers), worked out when first asked for: a case with restrictions decided is
    placed by its restrictions, not its figures, and a register of a thousand cases need not measure those."""

    case: dict[str, Any]
    policy: dict[str, Any]
    on: date
    measured: dict[str, Any]
    state: RestrictionState
    protective: ProtectiveState
    dates: dict[str, str | None]
    left_out: int = 0

    @cached_property
    def figures(self) -> dict[str, Any]:
        """The metrics block of the assessment (metrics.compute)."""
        return _metrics.compute(self.measured, self.policy, on=self.on)


# --- safety -------------------------------------------------------------------------------------------


def _immediate_safety(f: Facts, threats: list[date]) -> Placement:
    reasons = [finding(f.policy, "threat_recorded", contacts=count(len(threats), "contact"), date=day(max(threats)))]
    later = safety.steps_after(f.case, min(threats))
    if later:
        reasons.append(finding(f.policy, "later_steps_do_not_replace_safety", steps=listing(later)))
    missing = [finding(f.policy, "protective_action_not_recorded", path="$.protective_actions", date=day(max(threats)))]
    return Placement("immediate_safety_action", reasons, missing)


def _end_notice(f: Facts, *, what: str, told_on: str | None, path: str) -> tuple[list[Finding], list[Finding]]:
    """A reason if the customer was told in writing that something ended, else a missing item."""
    if told_on:
        return [finding(f.policy, "end_told", date=day(told_on), what=what)], []
    by = parse_date(f.dates["end_notice_by"]) if f.dates["end_notice_by"] else None
    return [], [finding(f.policy, "end_not_told", path=path, due_by=by, what=what, date=day(by))]


def _protective(f: Facts) -> Placement:
    p, action = f.protective, f.protective.action
    at = f"$.protective_actions[{p.index}]"
    reasons = [
        finding(
            f.policy,
            "protective_action_taken",
            who=action["taken_by"],
            date=day(action["taken_on"]),
            action=action["action"],
        )
    ]
    if p.state in ("lapsed", "overturned"):
        code = "protective_action_lapsed" if p.state == "lapsed" else "protective_action_overturned"
        reasons.append(finding(f.policy, code, taken=day(action["taken_on"]), date=day(p.ended_on)))
        told, missing = _end_notice(
            f,
            what="the protective action",
            told_on=action.get("ended_notice_sent_on"),
            path=f"{at}.ended_notice_sent_on",
        )
        return Placement(
            "restrictions_lapsed" if p.state == "lapsed" else "restrictions_ended", reasons + told, missing
        )
    missing: list[Finding] = []
    if "confirmed_on" in action:
        confirmed = parse_date(action["confirmed_on"])
        code = "protective_action_confirmed" if confirmed <= p.confirm_by else "protective_action_confirmed_late"
        reasons.append(finding(f.policy, code, date=day(confirmed), due=day(p.confirm_by)))
    else:
        missing.append(
            finding(
                f.policy,
                "protective_action_not_confirmed",
                path=f"{at}.confirmed_on",
                due_by=p.confirm_by,
                date=day(p.confirm_by),
            )
        )
    if "step_two" in f.case and parse_date(f.case["step_two"]["referred_on"]) >= parse_date(action["taken_on"]):
        return _referral(f, safety_route=True, extra_reasons=reasons, extra_missing=missing)
    missing.append(
        finding(f.policy, "protective_action_needs_step_two", path="$.step_two", due_by=p.ends_on, date=day(p.ends_on))
    )
    return Placement("protective_action_in_place", reasons + evidence.reasons(f.figures, f.policy), missing)


# --- after a step-two decision --------------------------------------------------------------------------


def _decision_gaps(f: Facts) -> list[Finding]:
    decision = f.case["decision"]
    out: list[Finding] = []
    if not decision["consulted"]:
        out.append(finding(f.policy, "assistant_director_not_consulted", path="$.decision.consulted"))
    if "letter_sent_on" not in decision:
        out.append(finding(f.policy, "decision_letter_not_sent", path="$.decision.letter_sent_on"))
    decided = parse_date(decision["decided_on"])
    if not safety.is_safety_route(f.case, f.policy, on=decided):
        required = eligibility.required_stages(f.policy, decided_on=decided)
        if "step_one" in required and "step_one" not in f.case:
            out.append(finding(f.policy, "no_step_one_before_decision", path="$.step_one"))
        elif "warning" in required and "warning" not in f.case:
            out.append(finding(f.policy, "no_warning_before_decision", path="$.warning"))
    return out


def _review_gaps(f: Facts) -> list[Finding]:
    out: list[Finding] = []
    for i, review in enumerate(f.case.get("reviews", ())):
        if parse_date(review["reviewed_on"]) > f.on:
            continue
        if not review.get("consulted"):
            out.append(
                finding(
                    f.policy,
                    "assistant_director_not_consulted_on_review",
                    path=f"$.reviews[{i}].consulted",
                    date=day(review["reviewed_on"]),
                )
            )
        if review["outcome"] == "varied" and not review.get("restrictions"):
            out.append(
                finding(
                    f.policy,
                    "varied_without_restrictions",
                    path=f"$.reviews[{i}].restrictions",
                    date=day(review["reviewed_on"]),
                )
            )
    return out


# The stage whose decision each kind of appeal is against (the policy data says which stages are appealable).
APPEALED_STAGE = {"decision": "restrictions", "review": "review", "protective_action": "protective_action"}


def _appeal_gaps(f: Facts) -> list[Finding]:
    out: list[Finding] = []
    for i, appeal in enumerate(f.case.get("appeals", ())):
        if parse_date(appeal["received_on"]) > f.on:
            continue
        stage = f.policy["stages"][APPEALED_STAGE[appeal["against"]]]
        if not stage.get("appealable"):
            out.append(
                finding(f.policy, "appeal_not_open", path=f"$.appeals[{i}].against", stage=stage["title"].lower())
            )
        target = appealed_record(f.case, appeal)
        if target:
            out += independence_gaps(f.case, f.policy, index=i, appeal=appeal, record=target[1])
        if appeal["outcome"] == "varied" and not appeal.get("restrictions"):
            out.append(finding(f.policy, "appeal_varied_without_restrictions", path=f"$.appeals[{i}].restrictions"))
    return out


def _contact_since(f: Facts) -> list[Finding]:
    """How contact has gone since the restrictions were set or last reviewed (clause `monitoring-review`)."""
    since = max(
        [
            f.state.set_on,
            *(parse_date(r["reviewed_on"]) for r in f.case.get("reviews", ()) if parse_date(r["reviewed_on"]) <= f.on),
        ]
    )
    days = calendar.working_day_number(f.on) - calendar.working_day_number(since)
    if days <= 0:
        return []
    later = _metrics.compute(f.case, f.policy, on=f.on, since=since)
    rate = round(later["contacts"] / days, 2)
    flagged = sum(later["behaviours"].values())
    limit = _metrics.indicator(later, "contacts_per_working_day")
    out = [
        finding(
            f.policy,
            "contact_since_decision",
            date=day(since),
            contacts=count(later["contacts"], "contact"),
            days=count(days, "working day"),
            rate=f"{rate:g}",
            flagged=count(flagged, "contact"),
        )
    ]
    if rate <= limit["threshold"] and not flagged:
        out.append(
            finding(
                f.policy, "improvement_seen", date=day(since), threshold=f"{limit['threshold']:g}", unit=limit["unit"]
            )
        )
    return out


def _end_record(f: Facts) -> dict[str, Any]:
    """Where the customer's written notice of the end is recorded: the letter of the review or appeal that ended
    the restrictions, where the policy data says that letter tells the end; otherwise a notice of its own."""
    s = f.state
    own = f.case["decision"].get("ended_notice_sent_on")
    tells = any(s.how in spec.get("tells_the_end", ()) for spec in f.policy["letters"].values())
    if tells and s.ended_by:
        sent = [d for d in (own, _record_at(f.case, s.ended_by).get("letter_sent_on")) if d]
        return {"told_on": min(sent) if sent else None, "path": f"{s.ended_by}.letter_sent_on"}
    return {"told_on": own, "path": "$.decision.ended_notice_sent_on"}


def _record_at(case: dict[str, Any], path: str) -> dict[str, Any]:
    """The review or appeal at a path such as `$.reviews[2]`."""
    key, index = path[2:].rstrip("]").split("[")
    return case[key][int(index)]


def _ended(f: Facts) -> Placement:
    s = f.state
    codes = {
        "lifted_at_review": "restrictions_lifted_at_review",
        "overturned_on_appeal": "restrictions_overturned",
        "review_missed": "restrictions_lapsed_review_missed",
        "review_late": "restrictions_lapsed_review_late",
        "longest_duration": "restrictions_lapsed_longest",
    }
    reasons = [finding(f.policy, codes[s.how], date=day(s.ended_on), late=day(s.late_review_on))]
    told, missing = _end_notice(f, what="the restrictions", **_end_record(f))
    outcome = "restrictions_ended" if s.state == "ended" else "restrictions_lapsed"
    if outcome == "restrictions_lapsed":
        told.append(finding(f.policy, "fresh_decision_needed"))
    return Placement(outcome, reasons + told, missing)


def _in_force_reasons(f: Facts) -> list[Finding]:
    """What was decided, and what changed it since."""
    decision = f.case["decision"]
    reasons = [
        finding(
            f.policy,
            "decision_recorded",
            who=role_title(f.policy, "city_helpdesk_manager"),
            date=day(decision["decided_on"]),
            restrictions=count(len(decision["restrictions"]), "restriction"),
        )
    ]
    if f.state.source != "$.decision.restrictions":
        changed = count(len(f.state.current), "restriction")
        reasons.append(finding(f.policy, "restrictions_changed", date=day(f.state.set_on), restrictions=changed))
    return reasons


def _in_force_gaps(f: Facts) -> list[Finding]:
    """Everything to put right about the decision, its reviews, its appeals and the restrictions as recorded."""
    s = f.state
    checked = restriction_checks.gaps(f.policy, s.current, source=s.source, set_on=s.set_on, lapses_on=s.lapses_on)
    return _decision_gaps(f) + _review_gaps(f) + _appeal_gaps(f) + checked


def _review_placement(f: Facts, reasons: list[Finding], missing: list[Finding]) -> Placement:
    """In force: review due once the notice period has started, otherwise in place until the review date."""
    reasons += _contact_since(f)
    review_on, notice_from = f.dates["review_on"], f.dates["review_notice_from"]
    if review_on and notice_from and f.on >= parse_date(notice_from):
        reasons.append(finding(f.policy, "review_date_near", date=day(review_on)))
        return Placement("review_due", reasons, missing)
    reasons.append(finding(f.policy, "review_date_set", date=day(review_on)))
    return Placement("restrictions_in_place", reasons, missing)


def _after_decision(f: Facts) -> Placement:
    if f.state.state == "not_restricted":
        decision = f.case["decision"]
        reasons = [finding(f.policy, "decided_not_to_restrict", date=day(decision["decided_on"]))]
        unsent = (
            []
            if "letter_sent_on" in decision
            else [finding(f.policy, "decision_not_to_restrict_not_sent", path="$.decision.letter_sent_on")]
        )
        return Placement("not_restricted", reasons, unsent + _appeal_gaps(f))
    if f.state.state in ("ended", "lapsed"):
        ended = _ended(f)
        ended.missing += _appeal_gaps(f)
        return ended
    reasons, missing = _in_force_reasons(f), _in_force_gaps(f)
    pending = pending_appeal(f.case, on=f.on)
    if pending:
        return _appeal_pending(f, pending, reasons, missing)
    return _review_placement(f, reasons, missing)


def _appeal_pending(
    f: Facts, pending: tuple[int, dict[str, Any]], reasons: list[Finding], missing: list[Finding]
) -> Placement:
    index, appeal = pending
    what = {"decision": "the step-two decision", "review": "the review", "protective_action": "the protective action"}[
        appeal["against"]
    ]
    channel = f.policy["appeal_channels"].get(appeal.get("channel", ""), "")
    due = parse_date(f.dates["appeal_decision_by"])
    reasons.append(
        finding(
            f.policy,
            "appeal_received",
            what=what,
            date=day(appeal["received_on"]),
            due=day(due),
            channel=f" ({channel[0].lower() + channel[1:]})" if channel else "",
        )
    )
    target = appealed_record(f.case, appeal)
    if target:
        letter = letter_date(appeal, target[1])
        last_day = after(f.policy, "appeal_window", letter)
        if parse_date(appeal["received_on"]) > last_day:
            window = describe_period(period(f.policy, "appeal_window", letter))
            reasons.append(finding(f.policy, "appeal_after_deadline", date=day(last_day), period=window))
    if f.on > due:
        missing.append(finding(f.policy, "appeal_decision_overdue", path=f"$.appeals[{index}].outcome", date=day(due)))
    return Placement("appeal_pending", reasons, missing)


# --- before any decision ----------------------------------------------------------------------------------


def _referral(
    f: Facts,
    *,
    safety_route: bool,
    extra_reasons: list[Finding] | None = None,
    extra_missing: list[Finding] | None = None,
) -> Placement:
    referral = f.case["step_two"]
    referred = parse_date(referral["referred_on"])
    required = [] if safety_route else eligibility.required_stage_gaps(f.case, f.policy, on=referred)
    standing = eligibility.standing_gaps(f.case, f.policy, figures=f.figures)
    reasons = list(extra_reasons or [])
    reasons.append(
        finding(
            f.policy,
            "referral_made",
            date=day(referred),
            by=referral["referred_by"],
            due=day(f.dates["referral_decision_by"]),
        )
    )
    if safety_route:
        reasons.append(finding(f.policy, "safety_route"))
    if not referral.get("evidence"):
        standing.append(finding(f.policy, "referral_evidence_missing", path="$.step_two.evidence"))
    if required:
        return Placement("not_eligible_yet", reasons + evidence.reasons(f.figures, f.policy), required + standing)
    missing = list(extra_missing or []) + standing
    due = parse_date(f.dates["referral_decision_by"])
    if f.on > due:
        missing.append(finding(f.policy, "referral_decision_overdue", path="$.decision", date=day(due)))
    return Placement("decision_pending", reasons + evidence.reasons(f.figures, f.policy), missing)


def _council_delay(f: Facts) -> Placement | None:
    """Resolve the customer's issues first: when the council's own delay explains most of the contact, or any
    issue is still open past its due date (clause `genuine-problems`), and no behaviour of a kind delay never
    explains is recorded (the policy's behaviour groups say which)."""
    delay = _metrics.indicator(f.figures, "explained_by_council_delay")
    overdue = f.figures["overdue_issues"]
    if not (delay["is_met"] or overdue) or _metrics.nature_recorded(f.figures, f.policy):
        return None
    reasons: list[Finding] = []
    if delay["is_met"]:
        reasons.append(
            finding(
                f.policy,
                "contact_explained_by_delay",
                percent=f"{delay['value']:g}",
                threshold=f"{delay['threshold']:g}",
            )
        )
    if overdue:
        reasons.append(finding(f.policy, "issues_past_due", issues=named(overdue, "issue")))
    open_or_late = [row["id"] for row in f.figures["issues"] if row["is_unresolved_or_late"]]
    missing = [finding(f.policy, "resolve_open_issues", path="$.issues", issues=named(open_or_late, "issue"))]
    return Placement("resolve_issues_first", reasons, missing)


def _before_step_one(f: Facts, delay: Placement | None, found: list[Finding]) -> Placement:
    if not _metrics.has_concern(f.figures):
        return Placement("no_concern", [finding(f.policy, "no_threshold_met"), *evidence.beside(f.figures, f.policy)])
    if delay:
        return Placement("resolve_issues_first", delay.reasons + found, delay.missing)
    standing = eligibility.standing_gaps(f.case, f.policy, figures=f.figures)
    steps = [s for s in f.case.get("informal_steps", ()) if parse_date(s["date"]) <= f.on]
    if not steps:
        return Placement(
            "informal_resolution",
            found,
            [finding(f.policy, "informal_steps_not_recorded", path="$.informal_steps"), *standing],
        )
    reason = finding(
        f.policy,
        "informal_steps_recorded",
        steps=count(len(steps), "informal step"),
        date=day(max(s["date"] for s in steps)),
    )
    return Placement("step_one", [reason, *found], standing)


def _after_warning(f: Facts, why: Finding, found: list[Finding]) -> Placement:
    follow = eligibility.warning_follow_up(f.case, f.policy, on=f.on)
    warning = f.case["warning"]
    reasons = [
        why,
        finding(
            f.policy, "warning_given", date=day(warning["given_on"]), by=warning["given_by"], ends=day(follow.ends_on)
        ),
    ]
    if follow.continued:
        within = follow.within
        reasons.append(
            finding(
                f.policy,
                "behaviour_continued",
                date=day(warning["given_on"]),
                contacts=count(within["contacts"], "contact"),
                flagged=count(sum(within["behaviours"].values()), "contact"),
            )
        )
        gaps = eligibility.referral_gaps(f.case, f.policy, on=f.on, figures=f.figures, safety_route=False)
        return Placement("refer_for_step_two", reasons + found, gaps)
    if follow.came_back:
        reasons.append(finding(f.policy, "new_warning_needed", date=day(warning["given_on"]), ends=day(follow.ends_on)))
        return Placement(
            "give_warning", reasons + found, [finding(f.policy, "warning_not_recorded_again", path="$.warning")]
        )
    if f.on <= follow.ends_on:
        reasons.append(finding(f.policy, "behaviour_not_continued", date=day(warning["given_on"])))
        missing = (
            []
            if warning["adjustments_considered"]
            else [finding(f.policy, "warning_adjustments_not_considered", path="$.warning.adjustments_considered")]
        )
        return Placement("monitor_after_warning", reasons, missing)
    reasons.append(finding(f.policy, "warning_period_passed", date=day(follow.ends_on)))
    return Placement("no_concern", reasons)


def _after_step_one(f: Facts, delay: Placement | None, found: list[Finding]) -> Placement:
    step_one = f.case["step_one"]
    response = step_one["response"]
    reply_by = parse_date(f.dates["step_one_reply_by"])
    if response == "awaiting" and f.on <= reply_by:
        reason = finding(
            f.policy,
            "reply_time_running",
            date=day(reply_by),
            period=describe_period(period(f.policy, "step_one_reply", parse_date(step_one["date"]))),
        )
        return Placement("awaiting_reply", [reason])
    if response == "agreed":
        ends = parse_date(f.dates["monitoring_ends_on"])
        if f.on <= ends:
            return Placement("monitor_agreement", [finding(f.policy, "agreement_reached", date=day(ends))])
        return Placement("no_concern", [finding(f.policy, "agreement_held", date=day(ends))])
    responded = day(step_one.get("response_on"))
    codes = {"awaiting": "no_reply_in_time", "refused": "proposal_refused", "agreed_then_breached": "agreement_broken"}
    why = finding(f.policy, codes[response], date=day(reply_by), responded=f" on {responded}" if responded else "")
    if delay:
        return Placement("resolve_issues_first", [*delay.reasons, why, *found], delay.missing)
    if "warning" in f.case:
        return _after_warning(f, why, found)
    standing = eligibility.standing_gaps(f.case, f.policy, figures=f.figures)
    return Placement(
        "give_warning", [why, *found], [finding(f.policy, "warning_not_recorded", path="$.warning"), *standing]
    )


def _complaint(f: Facts) -> Placement | None:
    """The complaints policy's outcome, or None when contact about other matters is for this policy."""
    complaint = complaints.open_complaint(f.case)
    if complaint is None:
        return None
    stage = f" (at {complaint['stage'].replace('_', ' ')})" if "stage" in complaint else ""
    reasons = [finding(f.policy, "complaint_open", stage=stage)]
    if not complaint.get("issues"):
        reasons.append(finding(f.policy, "complaint_issues_not_listed"))
        return Placement("use_complaints_policy", reasons, [])
    reasons.append(
        finding(
            f.policy,
            "complaint_contact_left_out",
            contacts=count(f.left_out, "contact"),
            issues=listing(complaint["issues"]),
        )
    )
    if _metrics.has_concern(f.figures):
        return None
    reasons.append(finding(f.policy, "other_contact_no_concern"))
    return Placement("use_complaints_policy", reasons, [])


def place(f: Facts) -> Placement:
    """The outcome for a valid case as at `f.on`, checked in the order the policy gives precedence."""
    threats = safety.unresolved_threats(f.case, f.policy, on=f.on)
    if threats:
        return _immediate_safety(f, threats)
    if f.state.state != "none":
        return _after_decision(f)
    if f.protective.state != "none":
        return _protective(f)
    complaint = _complaint(f)
    if complaint:
        return complaint
    if "step_two" in f.case:
        return _referral(f, safety_route=safety.is_safety_route(f.case, f.policy, on=f.on))
    found = evidence.reasons(f.figures, f.policy)
    if eligibility.adjustments_pending(f.case):
        reasons = [
            finding(f.policy, "vulnerability_disclosed"),
            finding(f.policy, "support_routes", routes=listing(f.policy["support_routes"])),
            *found,
        ]
        return Placement(
            "consider_adjustments",
            reasons,
            [finding(f.policy, "adjustments_not_recorded", path="$.circumstances.vulnerability.adjustments")],
        )
    delay = _council_delay(f)
    if "step_one" not in f.case or parse_date(f.case["step_one"]["date"]) > f.on:
        return _before_step_one(f, delay, found)
    return _after_step_one(f, delay, found)


__all__ = ["Facts", "Placement", "place"]
