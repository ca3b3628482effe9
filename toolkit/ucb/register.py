"""The register across cases: what is in force and what is due, computed from the case files themselves (no
server, no database). Each file is read and assessed on its own, into a small entry that holds what the views,
the calendar and the yearly figures need, and no name, address or note."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from . import lifecycle
from .assess import core
from .dates import parse_date
from .errors import CaseInvalid, DateOutOfRange, ErrorRecord

# Which key dates are deadlines someone must act by, and the action, for the views and the calendar.
ACTIONS = {
    "step_one_reply_by": "the customer's reply to step one is due",
    "warning_period_ends": "the written warning's period ends",
    "protective_action_confirm_by": "confirm the protective action in writing",
    "protective_action_ends": "the protective action ends unless confirmed at step two",
    "referral_decision_by": "decide the step-two referral",
    "review_on": "review the restrictions",
    "lapses_on": "the restrictions reach the longest time they can last",
    "appeal_by": "the last day for the customer to appeal",
    "appeal_decision_by": "decide the appeal",
    "end_notice_by": "tell the customer in writing that the restrictions ended",
}


def _restrictions(
    case: dict[str, Any], policy: dict[str, Any], state: lifecycle.RestrictionState
) -> list[dict[str, Any]]:
    decision = case.get("decision", {})
    return [
        {
            "option": r["option"],
            "title": lifecycle.option(policy, r["option"])["title"],
            "applies_to": r.get("applies_to", "customer"),
            "starts_on": r["starts_on"],
            "review_on": r["review_on"],
            "months": round((parse_date(r["review_on"]) - parse_date(r["starts_on"])).days / 30.44, 1),
            "decided_by": decision.get("decided_by", ""),
        }
        for r in state.current
    ]


def _history(case: dict[str, Any], policy: dict[str, Any], state: lifecycle.RestrictionState) -> dict[str, Any]:
    """Dated facts for the yearly figures: steps, decisions, reviews (and whether on time), ends and appeals.
    `state` is where the restrictions stand on the register's date."""
    decision = case.get("decision")
    reviews = []
    for review in case.get("reviews", ()):
        reviewed = parse_date(review["reviewed_on"])
        before = lifecycle.restriction_state(case, policy, on=reviewed - timedelta(days=1)) if decision else None
        due = before.review_on if before and before.state == "in_force" else None
        reviews.append(
            {"on": review["reviewed_on"], "outcome": review["outcome"], "on_time": bool(due and reviewed <= due)}
        )
    vulnerability = case.get("circumstances", {}).get("vulnerability", {})
    steps = [s["date"] for s in case.get("informal_steps", ())]
    steps += [
        case[k][d] for k, d in (("step_one", "date"), ("warning", "given_on"), ("step_two", "referred_on")) if k in case
    ]
    steps += [a["taken_on"] for a in case.get("protective_actions", ())]
    steps += [decision["decided_on"]] if decision else []
    steps += [r["on"] for r in reviews] + [a["received_on"] for a in case.get("appeals", ())]
    return {
        "steps": sorted(steps),
        "referred_on": case.get("step_two", {}).get("referred_on"),
        "decided_on": decision["decided_on"] if decision else None,
        "restricted": bool(decision and decision["restrictions"]),
        "imposed": [
            {
                "option": r["option"],
                "months": round((parse_date(r["review_on"]) - parse_date(r["starts_on"])).days / 30.44, 1),
            }
            for r in (decision["restrictions"] if decision else [])
        ],
        "reviews": reviews,
        "ended_on": state.ended_on.isoformat() if state.ended_on else None,
        "ended_how": state.how,
        "appeals": [
            {"received_on": a["received_on"], "decided_on": a.get("decided_on"), "outcome": a["outcome"]}
            for a in case.get("appeals", ())
        ],
        "vulnerability_disclosed": bool(vulnerability.get("is_disclosed")),
        "adjustments_recorded": bool(vulnerability.get("adjustments")),
    }


def entry(case: Any, policy: dict[str, Any], *, on: date, source: str) -> dict[str, Any]:
    """One case file's line in the register: where it stands on `on` and what is due. Raises `CaseInvalid`."""
    found = core(case, policy, on=on)
    seen, state = found.case, found.state
    spec = policy["outcomes"][found.placed.outcome]
    return {
        "source": source,
        "reference": seen["reference"],
        "outcome": found.placed.outcome,
        "outcome_title": spec["title"],
        "role": policy["roles"][spec["role"]]["title"],
        "restrictions": _restrictions(seen, policy, state) if state.state == "in_force" else [],
        "ends_at_latest": found.dates["lapses_on"] if state.state == "in_force" else None,
        "ended_not_told": any(m["code"] == "end_not_told" for m in found.placed.missing),
        "dates": {k: v for k, v in found.dates.items() if v and k in ACTIONS},
        "history": _history(seen, policy, state),
    }


@dataclass(frozen=True)
class Refused:
    """A file the register could not read as a case, with why."""

    source: str
    errors: list[ErrorRecord]


def read(source: str, case: Any, policy: dict[str, Any], *, on: date) -> dict[str, Any] | Refused:
    """The register entry for one parsed case file, or why it could not be used."""
    try:
        return entry(case, policy, on=on, source=source)
    except CaseInvalid as invalid:
        return Refused(source, invalid.errors)
    except DateOutOfRange as error:
        return Refused(source, [ErrorRecord(error.code, str(error))])


# --- views --------------------------------------------------------------------------------------------------------


def _due(entry: dict[str, Any], key: str) -> str | None:
    return entry["dates"].get(key)


def views(entries: list[dict[str, Any]], refused: list[Refused], *, on: date, within_days: int) -> dict[str, Any]:
    """The register's views as at `on`, each sorted by what is most urgent (the earliest date first)."""
    soon = (on + timedelta(days=within_days)).isoformat()
    today = on.isoformat()
    in_force = [
        {
            **r,
            "reference": e["reference"],
            "source": e["source"],
            "review_by": _due(e, "review_on"),
            "ends_at_latest": e["ends_at_latest"],
        }
        for e in entries
        for r in e["restrictions"]
    ]
    reviews = [
        {
            "reference": e["reference"],
            "source": e["source"],
            "review_by": _due(e, "review_on"),
            "overdue": _due(e, "review_on") < today,
        }
        for e in entries
        if _due(e, "review_on") and _due(e, "review_on") <= soon
    ]
    lapsed_unreviewed = [
        {"reference": e["reference"], "source": e["source"], "review_by": e["history"]["ended_on"], "overdue": True}
        for e in entries
        if e["outcome"] == "restrictions_lapsed" and e["history"]["ended_how"] in ("review_missed", "review_late")
    ]
    not_told = [
        {
            "reference": e["reference"],
            "source": e["source"],
            # Restrictions that ended, or else protective action that ended unconfirmed or overturned.
            "ended_on": e["history"]["ended_on"] or _due(e, "protective_action_ends"),
            "tell_by": _due(e, "end_notice_by"),
        }
        for e in entries
        if e["ended_not_told"]
    ]
    appeals = [
        {"reference": e["reference"], "source": e["source"], "decide_by": _due(e, "appeal_decision_by")}
        for e in entries
        if e["outcome"] == "appeal_pending"
    ]
    warnings = [
        {
            "reference": e["reference"],
            "source": e["source"],
            "stage": e["outcome_title"],
            "next_by": _due(e, "protective_action_confirm_by")
            or _due(e, "protective_action_ends")
            or _due(e, "warning_period_ends"),
        }
        for e in entries
        if e["outcome"] in ("monitor_after_warning", "protective_action_in_place", "immediate_safety_action")
    ]
    referrals = [
        {
            "reference": e["reference"],
            "source": e["source"],
            "stage": e["outcome_title"],
            "decide_by": _due(e, "referral_decision_by"),
        }
        for e in entries
        if e["outcome"] in ("decision_pending", "not_eligible_yet")
    ]
    counts = Counter(e["reference"] for e in entries)
    duplicates = sorted(
        (
            {"reference": ref, "sources": sorted(e["source"] for e in entries if e["reference"] == ref)}
            for ref, n in counts.items()
            if n > 1
        ),
        key=lambda d: d["reference"],
    )

    def by(rows: list[dict[str, Any]], key: str) -> list[dict[str, Any]]:
        return sorted(rows, key=lambda r: (r.get(key) or "9999-12-31", r["reference"]))

    return {
        "as_at": today,
        "within_days": within_days,
        "in_force": by(in_force, "review_by"),
        "reviews_due": by(reviews + lapsed_unreviewed, "review_by"),
        "ended_not_told": by(not_told, "tell_by"),
        "appeals_awaiting": by(appeals, "decide_by"),
        "warnings_and_protective_action": by(warnings, "next_by"),
        "referrals_awaiting": by(referrals, "decide_by"),
        "duplicates": duplicates,
        "refused": [
            {"source": r.source, "errors": [e.message for e in r.errors[:5]], "error_count": len(r.errors)}
            for r in sorted(refused, key=lambda r: r.source)
        ],
        "cases": len(entries),
    }


__all__ = ["ACTIONS", "Refused", "entry", "read", "views"]
