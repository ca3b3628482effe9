"""A case as it stood on a date: everything recorded as happening after that date is left out, so no figure,
step, letter or date the toolkit gives rests on what had not happened yet. Assessing a case as at an earlier
date shows what the record held then (for a review, an appeal or an Ombudsman's enquiry).

The view shares every part of the record it does not change (a contact log of thousands is not copied); a
part it changes is copied first, so the case given is never altered.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from .dates import contact_date, parse_date


def _after(record: dict[str, Any], key: str, on: date) -> bool:
    return key in record and parse_date(record[key]) > on


def _without_later(record: dict[str, Any], keys: tuple[str, ...], on: date) -> dict[str, Any]:
    """The record, or a copy of it without the keys dated after `on`."""
    later = [k for k in keys if _after(record, k, on)]
    return {k: v for k, v in record.items() if k not in later} if later else record


def _kept(items: list[dict[str, Any]], key: str, on: date) -> list[dict[str, Any]]:
    return [item for item in items if not _after(item, key, on)]


def _issues(case: dict[str, Any], on: date) -> int:
    issues = case.get("issues", [])
    later = {i["id"] for i in issues if _after(i, "raised_on", on)}
    kept = []
    for issue in issues:
        if issue["id"] in later:
            continue
        if _after(issue, "responded_on", on):
            issue = {k: v for k, v in issue.items() if k not in ("responded_on", "deadline_met")} | {"status": "open"}
        kept.append(issue)
    if "issues" in case:
        case["issues"] = kept
    if later and "contacts" in case:
        case["contacts"] = [
            {**c, "issues": [i for i in c["issues"] if i not in later]} if later & set(c.get("issues", ())) else c
            for c in case["contacts"]
        ]
    return len(later)


def _steps(case: dict[str, Any], on: date) -> int:
    left = 0
    if "informal_steps" in case:
        kept = _kept(case["informal_steps"], "date", on)
        left += len(case["informal_steps"]) - len(kept)
        case["informal_steps"] = kept
    for key, when in (("step_one", "date"), ("warning", "given_on"), ("step_two", "referred_on")):
        if key in case and _after(case[key], when, on):
            del case[key]
            left += 1
    one = case.get("step_one")
    if one and _after(one, "response_on", on):
        case["step_one"] = {k: v for k, v in one.items() if k != "response_on"} | {"response": "awaiting"}
    if "warning" in case and "step_one" not in case:
        del case["warning"]
        left += 1
    if "protective_actions" in case:
        kept = _kept(case["protective_actions"], "taken_on", on)
        left += len(case["protective_actions"]) - len(kept)
        case["protective_actions"] = [_without_later(a, ("confirmed_on", "ended_notice_sent_on"), on) for a in kept]
    return left


def _decision(case: dict[str, Any], on: date) -> int:
    decision = case.get("decision")
    if decision is None:
        return 0
    if _after(decision, "decided_on", on) or "step_two" not in case:
        left = 1 + len(case.get("reviews", []))
        for key in ("decision", "reviews"):
            case.pop(key, None)
        if "appeals" in case:
            case["appeals"] = [a for a in case["appeals"] if a["against"] == "protective_action"]
        return left
    decision = _without_later(decision, ("letter_sent_on", "ended_notice_sent_on"), on)
    case["decision"] = {
        **decision,
        "restrictions": [_without_later(r, ("person_notified_on",), on) for r in decision["restrictions"]],
    }
    if "reviews" not in case:
        return 0
    kept = _kept(case["reviews"], "reviewed_on", on)
    left = len(case["reviews"]) - len(kept)
    case["reviews"] = [_without_later(r, ("letter_sent_on",), on) for r in kept]
    return left


def _appeal(appeal: dict[str, Any], on: date) -> dict[str, Any]:
    if _after(appeal, "decided_on", on):
        return {
            k: v for k, v in appeal.items() if k not in ("decided_on", "reasons", "restrictions", "letter_sent_on")
        } | {"outcome": "pending"}
    return _without_later(appeal, ("letter_sent_on",), on)


def _appeals(case: dict[str, Any], on: date) -> int:
    if "appeals" not in case:
        return 0
    kept = _kept(case["appeals"], "received_on", on)
    left = len(case["appeals"]) - len(kept)
    case["appeals"] = [_appeal(a, on) for a in kept]
    return left


def _vulnerability(seen: dict[str, Any], on: date) -> int:
    """Leave out adjustments agreed, and a record that none is needed, dated after `on`."""
    circumstances = seen.get("circumstances", {})
    vulnerability = circumstances.get("vulnerability", {})
    adjustments = vulnerability.get("adjustments", [])
    kept = _kept(adjustments, "agreed_on", on)
    none_needed = vulnerability.get("no_adjustment_needed")
    later_none = bool(none_needed) and parse_date(none_needed["considered_on"]) > on
    if len(kept) == len(adjustments) and not later_none:
        return 0
    changed = {**vulnerability, "adjustments": kept} if adjustments else dict(vulnerability)
    if later_none:
        del changed["no_adjustment_needed"]
    seen["circumstances"] = {**circumstances, "vulnerability": changed}
    return len(adjustments) - len(kept) + later_none


def view(case: dict[str, Any], on: date) -> tuple[dict[str, Any], int]:
    """The case as it stood on `on`, and how many records dated after it were left out. `case` must be valid."""
    seen = dict(case)
    left = 0
    if "contacts" in seen:
        days: dict[str, bool] = {}
        kept = []
        for contact in seen["contacts"]:
            key = contact["at"][:10]
            if key not in days:
                days[key] = contact_date(key) <= on
            if days[key]:
                kept.append(contact)
        left += len(seen["contacts"]) - len(kept)
        seen["contacts"] = kept
    left += _issues(seen, on)
    left += _vulnerability(seen, on)
    left += _steps(seen, on)
    left += _decision(seen, on)
    left += _appeals(seen, on)
    return seen, left


__all__ = ["view"]
