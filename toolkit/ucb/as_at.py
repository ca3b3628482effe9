"""A case as it stood on a date: everything recorded as happening after that date is left out, so no figure,
step, letter or date the toolkit gives rests on what had not happened yet. Assessing a case as at an earlier
date shows what the record held then (for a review, an appeal or an Ombudsman's enquiry)."""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

from .dates import contact_date, parse_date


def _after(record: dict[str, Any], key: str, on: date) -> bool:
    return key in record and parse_date(record[key]) > on


def _drop_later_fields(record: dict[str, Any], keys: tuple[str, ...], on: date) -> None:
    for key in keys:
        if _after(record, key, on):
            del record[key]


def _issues(case: dict[str, Any], on: date) -> int:
    issues = case.get("issues", [])
    later = {i["id"] for i in issues if _after(i, "raised_on", on)}
    case["issues"] = [i for i in issues if i["id"] not in later]
    for issue in case["issues"]:
        if _after(issue, "responded_on", on):
            issue.update(status="open")
            del issue["responded_on"]
            issue.pop("deadline_met", None)
    if later:
        for contact in case.get("contacts", []):
            if "issues" in contact:
                contact["issues"] = [i for i in contact["issues"] if i not in later]
    return len(later)


def _steps(case: dict[str, Any], on: date) -> int:
    left = 0
    steps = case.get("informal_steps", [])
    kept = [s for s in steps if not _after(s, "date", on)]
    left += len(steps) - len(kept)
    if "informal_steps" in case:
        case["informal_steps"] = kept
    for key, when in (("step_one", "date"), ("warning", "given_on"), ("step_two", "referred_on")):
        if key in case and _after(case[key], when, on):
            del case[key]
            left += 1
    one = case.get("step_one")
    if one and _after(one, "response_on", on):
        one.update(response="awaiting")
        del one["response_on"]
    if "warning" in case and "step_one" not in case:
        del case["warning"]
        left += 1
    actions = case.get("protective_actions", [])
    kept_actions = [a for a in actions if not _after(a, "taken_on", on)]
    left += len(actions) - len(kept_actions)
    if "protective_actions" in case:
        case["protective_actions"] = kept_actions
    for action in kept_actions:
        _drop_later_fields(action, ("confirmed_on", "ended_notice_sent_on"), on)
    return left


def _decision(case: dict[str, Any], on: date) -> int:
    decision = case.get("decision")
    if decision is None:
        return 0
    if _after(decision, "decided_on", on) or "step_two" not in case:
        left = 1 + len(case.get("reviews", []))
        for key in ("decision", "reviews"):
            case.pop(key, None)
        case["appeals"] = [a for a in case.get("appeals", []) if a["against"] == "protective_action"]
        return left
    _drop_later_fields(decision, ("letter_sent_on", "ended_notice_sent_on"), on)
    for restriction in decision["restrictions"]:
        _drop_later_fields(restriction, ("person_notified_on",), on)
    reviews = case.get("reviews", [])
    kept = [r for r in reviews if not _after(r, "reviewed_on", on)]
    for review in kept:
        _drop_later_fields(review, ("letter_sent_on",), on)
    if "reviews" in case:
        case["reviews"] = kept
    return len(reviews) - len(kept)


def _appeals(case: dict[str, Any], on: date) -> int:
    appeals = case.get("appeals", [])
    kept = [a for a in appeals if not _after(a, "received_on", on)]
    for appeal in kept:
        if _after(appeal, "decided_on", on):
            appeal["outcome"] = "pending"
            for key in ("decided_on", "reasons", "restrictions", "letter_sent_on"):
                appeal.pop(key, None)
        _drop_later_fields(appeal, ("letter_sent_on",), on)
    if "appeals" in case:
        case["appeals"] = kept
    return len(appeals) - len(kept)


def view(case: dict[str, Any], on: date) -> tuple[dict[str, Any], int]:
    """The case as it stood on `on`, and how many records dated after it were left out. `case` must be valid."""
    seen = copy.deepcopy(case)
    contacts = seen.get("contacts", [])
    kept = [c for c in contacts if contact_date(c["at"]) <= on]
    if "contacts" in seen:
        seen["contacts"] = kept
    left = len(contacts) - len(kept) + _issues(seen, on)
    vulnerability = seen.get("circumstances", {}).get("vulnerability", {})
    if "adjustments" in vulnerability:
        adjustments = vulnerability["adjustments"]
        vulnerability["adjustments"] = [a for a in adjustments if not _after(a, "agreed_on", on)]
        left += len(adjustments) - len(vulnerability["adjustments"])
    left += _steps(seen, on)
    left += _decision(seen, on)
    left += _appeals(seen, on)
    return seen, left


__all__ = ["view"]
