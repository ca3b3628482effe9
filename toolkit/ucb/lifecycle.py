"""Where a case's restrictions and protective action stand on a date, and the dates the policy sets for it.

A restriction lapses at its review date unless a review on or before that date renews it with reasons, and
never outlasts the longest duration (clause `lapse`). A review or an appeal may lift it or replace it with the
restrictions it records. Immediate protective action ends unless a step-two decision confirms it in time
(clause `protective-action`). However either ends, the customer is told in writing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from . import parameters
from .dates import after, deadline, parse_date, working_day_on_or_before


@dataclass(frozen=True)
class RestrictionState:
    """Where a decision's restrictions stand on the assessment date.

    `state`: `none` (no decision), `not_restricted`, `in_force`, `ended` or `lapsed`; `how` says how they ended
    (`lifted_at_review`, `overturned_on_appeal`, `review_missed`, `review_late`, `longest_duration`). `current`
    is the set of restrictions that applies (or last applied) and `source` the JSON path of the record that set
    it (`ended_by`: the review or appeal that ended it); `set_on` is that record's date and `letter_on` the date of the last letter a customer could appeal from
    (the decision letter, or the letter after a review that renewed or changed the restrictions).
    """

    state: str
    how: str | None = None
    current: list[dict[str, Any]] = field(default_factory=list)
    source: str = "$.decision.restrictions"
    set_on: date | None = None
    letter_on: date | None = None
    ended_by: str | None = None
    review_on: date | None = None
    lapses_on: date | None = None
    ended_on: date | None = None
    late_review_on: date | None = None


def option(policy: dict[str, Any], option_id: str) -> dict[str, Any]:
    """A restriction option from the catalogue."""
    return next(o for o in policy["restrictions"] if o["id"] == option_id)


def allowed_review_period(policy: dict[str, Any], option_id: str, on: date) -> dict[str, Any]:
    """How long after a decision a restriction of this option must be reviewed: its own period, else the default."""
    return option(policy, option_id).get("review_after") or parameters.period(policy, "review_after", on)


def latest_review_on(policy: dict[str, Any], restriction: dict[str, Any], set_on: date) -> date:
    """The latest review date the policy allows for a restriction set on `set_on`."""
    return deadline(set_on, allowed_review_period(policy, restriction["option"], set_on))


def effective_review_on(policy: dict[str, Any], restrictions: list[dict[str, Any]], set_on: date) -> date:
    """When a set of restrictions must be reviewed: the earliest recorded date (the working day before it, if it
    falls on a weekend or bank holiday), never later than an option allows."""
    return min(
        min(working_day_on_or_before(parse_date(r["review_on"])), latest_review_on(policy, r, set_on))
        for r in restrictions
    )


def _renewed_review_on(policy: dict[str, Any], restrictions: list[dict[str, Any]], renewed_on: date) -> date:
    """After a renewal: the shortest period any of the restrictions allows, counted from the renewal."""
    return min(latest_review_on(policy, r, renewed_on) for r in restrictions)


def _sent_or(record: dict[str, Any], on: date) -> date:
    """The date a letter was sent, or `on` if none is recorded: a letter not yet sent is drafted on `on`."""
    return parse_date(record["letter_sent_on"]) if "letter_sent_on" in record else on


def _events(case: dict[str, Any], on: date) -> list[tuple[date, int, str, int, dict[str, Any]]]:
    """Reviews and decided appeals up to `on`, in date order (a review before an appeal on the same day)."""
    events = [
        (parse_date(r["reviewed_on"]), 0, "review", i, r)
        for i, r in enumerate(case.get("reviews", ()))
        if parse_date(r["reviewed_on"]) <= on
    ]
    events += [
        (parse_date(a["decided_on"]), 1, "appeal", i, a)
        for i, a in enumerate(case.get("appeals", ()))
        if a["against"] != "protective_action" and "decided_on" in a and parse_date(a["decided_on"]) <= on
    ]
    return sorted(events, key=lambda e: (e[0], e[1], e[3]))


def restriction_state(case: dict[str, Any], policy: dict[str, Any], *, on: date) -> RestrictionState:
    """Follow the decision, its reviews and any appeals up to `on`."""
    decision = case.get("decision")
    if not decision or parse_date(decision["decided_on"]) > on:
        return RestrictionState("none")
    current = decision["restrictions"]
    if not current:
        return RestrictionState("not_restricted")
    decided = parse_date(decision["decided_on"])
    lapses_on = after(policy, "maximum_duration", min(parse_date(r["starts_on"]) for r in current))
    letter_on = _sent_or(decision, on)
    state = {
        "current": current,
        "source": "$.decision.restrictions",
        "set_on": decided,
        "letter_on": letter_on,
        "lapses_on": lapses_on,
    }
    review_on = min(effective_review_on(policy, current, decided), lapses_on)
    for day, _, kind, index, record in _events(case, on):
        if kind == "review" and day > review_on:
            return RestrictionState(
                "lapsed", "review_late", **state, review_on=review_on, ended_on=review_on, late_review_on=day
            )
        outcome = record["outcome"]
        if outcome in ("lifted", "upheld"):
            how = "lifted_at_review" if kind == "review" else "overturned_on_appeal"
            ended_by = f"$.{'reviews' if kind == 'review' else 'appeals'}[{index}]"
            return RestrictionState("ended", how, **state, ended_by=ended_by, review_on=None, ended_on=day)
        if kind == "review":
            state["letter_on"] = _sent_or(record, on)
        if outcome in ("varied", "renewed") and record.get("restrictions"):
            source = f"$.{'reviews' if kind == 'review' else 'appeals'}[{index}].restrictions"
            state |= {"current": record["restrictions"], "source": source, "set_on": day}
            review_on = min(effective_review_on(policy, record["restrictions"], day), lapses_on)
        elif kind == "review":
            review_on = min(_renewed_review_on(policy, state["current"], day), lapses_on)
    if on > lapses_on:
        return RestrictionState("lapsed", "longest_duration", **state, review_on=None, ended_on=lapses_on)
    if on > review_on:
        return RestrictionState("lapsed", "review_missed", **state, review_on=review_on, ended_on=review_on)
    return RestrictionState("in_force", None, **state, review_on=review_on)


# --- immediate protective action --------------------------------------------------------------------


@dataclass(frozen=True)
class ProtectiveState:
    """The latest protective action that restricts contact, as at the assessment date.

    `state`: `none`, `in_force`, `confirmed` (a step-two decision followed it in time), `lapsed` (no step-two
    decision in time) or `overturned` (an appeal against it was upheld). `index` is its place in the list.
    """

    state: str
    index: int | None = None
    action: dict[str, Any] | None = None
    confirm_by: date | None = None
    ends_on: date | None = None
    ended_on: date | None = None


def protective_state(case: dict[str, Any], policy: dict[str, Any], *, on: date) -> ProtectiveState:
    """Where the latest protective action that restricts contact stands on `on`."""
    taken = [
        (i, a)
        for i, a in enumerate(case.get("protective_actions", ()))
        if a["restricts_contact"] and parse_date(a["taken_on"]) <= on
    ]
    if not taken:
        return ProtectiveState("none")
    index, action = max(taken, key=lambda pair: (pair[1]["taken_on"], pair[0]))
    taken_on = parse_date(action["taken_on"])
    confirm_by = after(policy, "protective_action_confirmation", taken_on)
    ends_on = after(policy, "protective_action_lapse", taken_on)
    dates = {"index": index, "action": action, "confirm_by": confirm_by, "ends_on": ends_on}
    decision = case.get("decision")
    if decision and taken_on <= parse_date(decision["decided_on"]) <= min(on, ends_on):
        return ProtectiveState("confirmed", **dates, ended_on=None)
    for appeal in case.get("appeals", ()):
        decided = appeal.get("decided_on")
        if (
            appeal["against"] == "protective_action"
            and appeal.get("against_on") == action["taken_on"]
            and appeal["outcome"] == "upheld"
            and decided
            and parse_date(decided) <= on
        ):
            return ProtectiveState("overturned", **dates, ended_on=parse_date(decided))
    if on > ends_on:
        return ProtectiveState("lapsed", **dates, ended_on=ends_on)
    return ProtectiveState("in_force", **dates)


# --- appeals -------------------------------------------------------------------------------------------


def appealed_record(case: dict[str, Any], appeal: dict[str, Any]) -> tuple[str, dict[str, Any]] | None:
    """The JSON path and record of what an appeal is against, or None if the case does not hold it."""
    against = appeal["against"]
    if against == "decision":
        return ("$.decision", case["decision"]) if "decision" in case else None
    if against == "review":
        found = [(i, r) for i, r in enumerate(case.get("reviews", ())) if r["reviewed_on"] == appeal.get("against_on")]
        return (f"$.reviews[{found[-1][0]}]", found[-1][1]) if found else None
    found = [
        (i, a) for i, a in enumerate(case.get("protective_actions", ())) if a["taken_on"] == appeal.get("against_on")
    ]
    return (f"$.protective_actions[{found[-1][0]}]", found[-1][1]) if found else None


def letter_date(appeal: dict[str, Any], record: dict[str, Any]) -> date:
    """The date of the letter the appeal window runs from: the letter telling the customer of what is appealed."""
    if appeal["against"] == "decision":
        return parse_date(record.get("letter_sent_on", record["decided_on"]))
    if appeal["against"] == "review":
        return parse_date(record.get("letter_sent_on", record["reviewed_on"]))
    return parse_date(record.get("confirmed_on", record["taken_on"]))


def pending_appeal(case: dict[str, Any], *, on: date) -> tuple[int, dict[str, Any]] | None:
    """The first appeal received by `on` and not yet decided, with its place in the list."""
    return next(
        (
            (i, a)
            for i, a in enumerate(case.get("appeals", ()))
            if parse_date(a["received_on"]) <= on and (a["outcome"] == "pending" or parse_date(a["decided_on"]) > on)
        ),
        None,
    )


# --- the dates block -----------------------------------------------------------------------------------

DATE_KEYS = (
    "step_one_reply_by",
    "monitoring_ends_on",
    "warning_period_ends",
    "protective_action_confirm_by",
    "protective_action_ends",
    "referral_decision_by",
    "review_on",
    "review_notice_from",
    "lapses_on",
    "appeal_by",
    "appeal_decision_by",
    "end_notice_by",
    "retain_until",
)


def _step_dates(case: dict[str, Any], policy: dict[str, Any], out: dict[str, date | None]) -> None:
    step_one = case.get("step_one")
    if step_one:
        out["step_one_reply_by"] = after(policy, "step_one_reply", parse_date(step_one["date"]))
        if step_one["response"] == "agreed":
            agreed_on = parse_date(step_one.get("response_on", step_one["date"]))
            out["monitoring_ends_on"] = after(policy, "monitoring_after_step_one", agreed_on)
    warning = case.get("warning")
    if warning:
        out["warning_period_ends"] = after(policy, "warning_period", parse_date(warning["given_on"]))
    if "step_two" in case:
        out["referral_decision_by"] = after(policy, "referral_decision", parse_date(case["step_two"]["referred_on"]))


def _restriction_dates(
    case: dict[str, Any], policy: dict[str, Any], state: RestrictionState, out: dict[str, date | None]
) -> None:
    out["lapses_on"] = state.lapses_on
    if state.state == "in_force" and state.review_on:
        out["review_on"] = state.review_on
        notice = parameters.period(policy, "review_notice", state.review_on)
        out["review_notice_from"] = deadline(state.review_on, {**notice, "value": -int(notice["value"])})
    if state.state == "in_force" and state.letter_on:
        out["appeal_by"] = after(policy, "appeal_window", state.letter_on)
    if state.ended_on:
        out["end_notice_by"] = after(policy, "end_notice", state.ended_on)
    ended = state.ended_on or state.lapses_on
    for appeal in case.get("appeals", ()):
        if "decided_on" in appeal:
            ended = max(ended, parse_date(appeal["decided_on"]))
    out["retain_until"] = after(policy, "retention", ended)


def key_dates(
    case: dict[str, Any],
    policy: dict[str, Any],
    *,
    on: date,
    state: RestrictionState,
    protective: ProtectiveState,
) -> dict[str, str | None]:
    """The `dates` block of an assessment (ISO dates, or None where a date does not apply yet)."""
    out: dict[str, date | None] = dict.fromkeys(DATE_KEYS)
    _step_dates(case, policy, out)
    if protective.state == "in_force":
        out["protective_action_confirm_by"] = protective.confirm_by
        out["protective_action_ends"] = protective.ends_on
        confirmed = protective.action.get("confirmed_on")
        out["appeal_by"] = after(policy, "appeal_window", parse_date(confirmed) if confirmed else on)
    elif protective.ended_on and protective.state in ("lapsed", "overturned") and state.state == "none":
        out["protective_action_ends"] = protective.ended_on
        out["end_notice_by"] = after(policy, "end_notice", protective.ended_on)
    if state.state not in ("none", "not_restricted"):
        _restriction_dates(case, policy, state, out)
    pending = pending_appeal(case, on=on)
    if pending:
        out["appeal_decision_by"] = after(policy, "appeal_decision", parse_date(pending[1]["received_on"]))
    return {k: v.isoformat() if v else None for k, v in out.items()}


__all__ = [
    "DATE_KEYS",
    "ProtectiveState",
    "RestrictionState",
    "allowed_review_period",
    "appealed_record",
    "effective_review_on",
    "key_dates",
    "latest_review_on",
    "letter_date",
    "option",
    "pending_appeal",
    "protective_state",
    "restriction_state",
]
