"""The dates the policy sets for one case, and where its restrictions stand on a given date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from . import calendar
from .dates import add_period, after, long_date, parse_date


@dataclass(frozen=True, slots=True)
class RestrictionState:
    """Where a decision's restrictions stand on the assessment date.

    `state` is one of `none` (no decision), `not_restricted`, `in_force`, `ended` or `lapsed`;
    `ended_on` is the day they stopped applying, and `why` says how, for the reasons list.
    """

    state: str
    review_on: date | None = None
    lapses_on: date | None = None
    ended_on: date | None = None
    why: str = ""
    clause: str = "monitoring-review"


def review_period(policy: dict[str, Any], option_ids: list[str]) -> dict[str, Any]:
    """The review period for a set of restrictions: the shortest any of their options sets."""
    default = policy["timescales"]["review_after"]
    catalogue = {o["id"]: o for o in policy["restrictions"]}
    periods = [catalogue[i].get("review_after", default) for i in option_ids if i in catalogue] or [default]
    reference = calendar.table_range()[0]  # any fixed day: only the periods' lengths are compared
    return min(periods, key=lambda p: add_period(reference, p))


def restriction_state(case: dict[str, Any], policy: dict[str, Any], *, on: date) -> RestrictionState:
    """Follow the decision, its reviews and any appeal up to `on`.

    A restriction lapses at its review date unless a review on or before that date renews it with
    reasons (clause `lapse`), and it never outlasts the policy's maximum duration.
    """
    decision = case.get("decision")
    if not decision:
        return RestrictionState("none")
    restrictions = decision["restrictions"]
    if not restrictions:
        return RestrictionState("not_restricted", clause="deciding-restrictions")
    lapses_on = after(policy, "maximum_duration", min(parse_date(r["starts_on"]) for r in restrictions))
    review_on = min(parse_date(r["review_on"]) for r in restrictions)
    period = review_period(policy, [r["option"] for r in restrictions])
    appeal = case.get("appeal")
    if appeal and appeal["outcome"] == "upheld" and parse_date(appeal["decided_on"]) <= on:
        ended = parse_date(appeal["decided_on"])
        return RestrictionState(
            "ended",
            None,
            lapses_on,
            ended,
            f"The appeal was upheld on {long_date(ended)}, so the restrictions ended.",
            "appeals",
        )
    for review in case.get("reviews", []):
        reviewed_on = parse_date(review["reviewed_on"])
        if reviewed_on > on:
            break
        if reviewed_on > review_on:
            return RestrictionState(
                "lapsed",
                review_on,
                lapses_on,
                review_on,
                f"No review was recorded by the review date ({long_date(review_on)}); the review on {long_date(reviewed_on)} came after the restrictions had lapsed.",
                "lapse",
            )
        if review["outcome"] == "lifted":
            return RestrictionState(
                "ended",
                None,
                lapses_on,
                reviewed_on,
                f"The review on {long_date(reviewed_on)} lifted the restrictions.",
                "monitoring-review",
            )
        review_on = min(add_period(reviewed_on, period), lapses_on)
    if on > lapses_on:
        return RestrictionState(
            "lapsed",
            review_on,
            lapses_on,
            lapses_on,
            f"The restrictions reached the longest time they can last on {long_date(lapses_on)}.",
            "lapse",
        )
    if on > review_on:
        return RestrictionState(
            "lapsed",
            review_on,
            lapses_on,
            review_on,
            f"No review was recorded by the review date ({long_date(review_on)}), so the restrictions lapsed.",
            "lapse",
        )
    return RestrictionState("in_force", review_on, lapses_on)


def key_dates(case: dict[str, Any], policy: dict[str, Any], *, on: date) -> dict[str, str | None]:
    """The `dates` block of an assessment (ISO dates, or None where a date does not apply yet)."""
    out: dict[str, date | None] = dict.fromkeys(
        (
            "step_one_reply_by",
            "monitoring_ends_on",
            "referral_decision_by",
            "review_on",
            "review_notice_from",
            "lapses_on",
            "appeal_by",
            "appeal_decision_by",
            "retain_until",
        )
    )
    step_one = case.get("step_one")
    if step_one:
        out["step_one_reply_by"] = after(policy, "step_one_reply", parse_date(step_one["date"]))
        if step_one["response"] == "agreed":
            agreed_on = parse_date(step_one.get("response_on", step_one["date"]))
            out["monitoring_ends_on"] = after(policy, "monitoring_after_step_one", agreed_on)
    if "step_two" in case:
        out["referral_decision_by"] = after(policy, "referral_decision", parse_date(case["step_two"]["referred_on"]))
    decision = case.get("decision")
    if decision and decision["restrictions"]:
        state = restriction_state(case, policy, on=on)
        out["lapses_on"] = state.lapses_on
        if state.state == "in_force" and state.review_on:
            out["review_on"] = state.review_on
            notice = policy["timescales"]["review_notice"]
            out["review_notice_from"] = add_period(state.review_on, {**notice, "value": -int(notice["value"])})
        letter = parse_date(decision.get("letter_sent_on", decision["decided_on"]))
        out["appeal_by"] = after(policy, "appeal_window", letter)
        ended = state.ended_on or state.lapses_on
        appeal = case.get("appeal")
        if appeal:
            out["appeal_decision_by"] = after(policy, "appeal_decision", parse_date(appeal["received_on"]))
            if "decided_on" in appeal:
                ended = max(ended, parse_date(appeal["decided_on"]))
        out["retain_until"] = after(policy, "retention", ended)
    return {k: v.isoformat() if v else None for k, v in out.items()}
