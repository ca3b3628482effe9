"""Restriction options from the policy's catalogue that answer the behaviour seen, least restrictive
first, each with the review, lapse and appeal dates it would carry."""

from __future__ import annotations

from datetime import date
from typing import Any

from .dates import add_period, after, parse_date
from .findings import behaviour_title

INFORMAL_STAGES = frozenset({"informal_resolution"})
APPEALABLE_STAGES = frozenset({"step_two"})


def _basis(case: dict[str, Any], on: date) -> tuple[date, date]:
    """The day options are dated from (the decision, once made, else the assessment date), and the
    day an appeal window runs from (the decision letter, if sent)."""
    decision = case.get("decision")
    if not decision:
        return on, on
    decided = parse_date(decision["decided_on"])
    return decided, parse_date(decision.get("letter_sent_on", decision["decided_on"]))


def options(case: dict[str, Any], policy: dict[str, Any], *, on: date, metrics: dict[str, Any]) -> list[dict[str, Any]]:
    """Catalogue options matching at least one behaviour seen, ordered by rank (least restrictive first)."""
    seen = metrics["behaviours_seen"]
    basis, letter = _basis(case, on)
    out = []
    for option in sorted(policy["restrictions"], key=lambda o: o["rank"]):
        matched = [b for b in seen if b in option["answers"]]
        if not matched:
            continue
        informal = option["stage"] in INFORMAL_STAGES
        review = (
            None if informal else add_period(basis, option.get("review_after", policy["timescales"]["review_after"]))
        )
        lapses = None if informal else after(policy, "maximum_duration", basis)
        appeal = after(policy, "appeal_window", letter) if option["stage"] in APPEALABLE_STAGES else None
        answers = ", ".join(behaviour_title(policy, b) for b in matched)
        out.append(
            {
                "id": option["id"],
                "title": option["title"],
                "description": option["description"],
                "rank": option["rank"],
                "stage": option["stage"],
                "answers": list(option["answers"]),
                "keeps": option["keeps"],
                "matched_behaviours": matched,
                "review_on": review.isoformat() if review else None,
                "lapses_on": lapses.isoformat() if lapses else None,
                "appeal_by": appeal.isoformat() if appeal else None,
                "reason": f"It answers what the contact log shows: {answers}. The customer keeps: {option['keeps']}",
                "clause": "restriction-options",
            }
        )
    return out
