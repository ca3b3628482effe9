"""Restriction options from the policy's catalogue, shown only where the outcome makes them a live question
(`offers.options` in the policy data): the options of the stages it names that answer the behaviour seen, least
restrictive first. Proposed for a decision, each carries the dates it would have if decided on the day."""

from __future__ import annotations

from datetime import date
from typing import Any

from .dates import after, deadline
from .findings import behaviour_title, finding, listing
from .lifecycle import allowed_review_period


def _dates(policy: dict[str, Any], option: dict[str, Any], on: date) -> dict[str, str | None]:
    if policy["stages"][option["stage"]].get("informal"):
        return {"review_on": None, "lapses_on": None, "appeal_by": None}
    return {
        "review_on": deadline(on, allowed_review_period(policy, option["id"], on)).isoformat(),
        "lapses_on": after(policy, "maximum_duration", on).isoformat(),
        "appeal_by": after(policy, "appeal_window", on).isoformat(),
    }


def _reason(policy: dict[str, Any], option: dict[str, Any], matched: list[str], suits: bool) -> str:
    if matched:
        text = finding(
            policy,
            "option_answers",
            behaviours=listing(behaviour_title(policy, b) for b in matched),
            keeps=option["keeps"],
        )
    else:
        text = finding(policy, "option_suits_vulnerability", keeps=option["keeps"])
    return text["message"]


def options(
    case: dict[str, Any], policy: dict[str, Any], *, on: date, figures: dict[str, Any], outcome: str
) -> list[dict[str, Any]]:
    """The options the outcome offers that answer the behaviour seen (or suit a disclosed vulnerability)."""
    offer = policy["outcomes"][outcome]["offers"].get("options")
    if not offer:
        return []
    seen = figures["behaviours_seen"]
    vulnerable = bool(case.get("circumstances", {}).get("vulnerability", {}).get("is_disclosed"))
    out = []
    for option in sorted(policy["restrictions"], key=lambda o: o["rank"]):
        matched = [b for b in seen if b in option["answers"]]
        suits = vulnerable and bool(option.get("suits_vulnerability"))
        if option["stage"] not in offer["stages"] or not (matched or suits):
            continue
        dated = (
            _dates(policy, option, on)
            if offer["mode"] == "propose"
            else dict.fromkeys(("review_on", "lapses_on", "appeal_by"))
        )
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
                **dated,
                "reason": _reason(policy, option, matched, suits),
                "clause": "restriction-options",
            }
        )
    return out


__all__ = ["options"]
