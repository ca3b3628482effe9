"""Threats and violence: which are recorded, and whether protective action or a step-two decision has dealt
with them since (clause `threats-violence`). Later ordinary steps do not: the case stays on safety."""

from __future__ import annotations

from datetime import date
from typing import Any

from .dates import contact_date, parse_date
from .metrics import is_members_only


def safety_behaviours(policy: dict[str, Any]) -> frozenset[str]:
    """The behaviour categories the policy marks as calling for immediate protective action."""
    return frozenset(b for b, spec in policy["behaviours"].items() if spec.get("safety"))


def threat_days(case: dict[str, Any], policy: dict[str, Any], *, on: date) -> list[date]:
    """Dates of contacts with officers or services, received by `on`, that record a threat or violence."""
    marked = safety_behaviours(policy)
    return sorted(
        contact_date(c["at"])
        for c in case.get("contacts", ())
        if not marked.isdisjoint(c.get("behaviours", ())) and not is_members_only(c) and contact_date(c["at"]) <= on
    )


def dealt_with_on(case: dict[str, Any], *, on: date) -> date | None:
    """The latest date by `on` on which protective action was taken or a step-two decision made."""
    days = [parse_date(a["taken_on"]) for a in case.get("protective_actions", ())]
    if "decision" in case:
        days.append(parse_date(case["decision"]["decided_on"]))
    days = [d for d in days if d <= on]
    return max(days) if days else None


def unresolved_threats(case: dict[str, Any], policy: dict[str, Any], *, on: date) -> list[date]:
    """Threats recorded after the latest protective action or step-two decision (all of them if neither)."""
    dealt = dealt_with_on(case, on=on)
    return [d for d in threat_days(case, policy, on=on) if dealt is None or d > dealt]


def steps_after(case: dict[str, Any], since: date) -> list[str]:
    """The ordinary steps recorded after `since` ('informal step', 'step one', 'written warning')."""
    out = []
    if any(parse_date(s["date"]) > since for s in case.get("informal_steps", ())):
        out.append("an informal step")
    if "step_one" in case and parse_date(case["step_one"]["date"]) > since:
        out.append("step one")
    if "warning" in case and parse_date(case["warning"]["given_on"]) > since:
        out.append("a written warning")
    return out


def is_safety_route(case: dict[str, Any], policy: dict[str, Any], *, on: date) -> bool:
    """True when protective action that restricts contact was taken after a threat: a referral then needs none of
    the earlier steps. Action that restricts nothing (or a record that none was needed) opens no such route."""
    threats = threat_days(case, policy, on=on)
    actions = [
        parse_date(a["taken_on"])
        for a in case.get("protective_actions", ())
        if a["restricts_contact"] and parse_date(a["taken_on"]) <= on
    ]
    return bool(threats and actions and max(actions) >= min(threats))


__all__ = ["dealt_with_on", "is_safety_route", "safety_behaviours", "steps_after", "threat_days", "unresolved_threats"]
