"""Figures from the contact log and the issue list, as at a date: volume, spread, repetition, behaviour
recorded, how much contact is about issues the council has not resolved or answered late, and how old the
evidence is.

Only contact received by the date counts, and only current evidence: contact older than the policy's period
for it (`evidence_current_for`) is counted beside the figures as old evidence, not in them. The policy's volume,
spread and repetition figures count contact with officers and services; contact sent only to councillors or an
MP is shown beside them (each threshold's `counts_members` says so).
"""

from __future__ import annotations

import bisect
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from . import calendar, parameters
from .dates import add_period, contact_date, parse_date

ANSWERED = frozenset({"responded", "resolved", "closed"})


def is_unresolved_or_late(issue: dict[str, Any], on: date) -> bool:
    """True if, as at `on`, the issue is still open or was answered after the council's own deadline.

    An explicit `deadline_met` wins; otherwise the due and reply dates decide (an unanswered issue past its
    due date is late).
    """
    if issue["status"] == "open" or ("responded_on" in issue and parse_date(issue["responded_on"]) > on):
        return True
    if "deadline_met" in issue:
        return not issue["deadline_met"]
    if "due_on" not in issue:
        return False
    answered = parse_date(issue["responded_on"]) if "responded_on" in issue else on
    return answered > parse_date(issue["due_on"])


def is_overdue(issue: dict[str, Any], on: date) -> bool:
    """True if the issue is still unanswered as at `on` and its due date has passed."""
    unanswered = issue["status"] == "open" or ("responded_on" in issue and parse_date(issue["responded_on"]) > on)
    return unanswered and "due_on" in issue and parse_date(issue["due_on"]) < on


def is_members_only(contact: dict[str, Any]) -> bool:
    """True for contact sent only to councillors or an MP: no department or officer received it."""
    return bool(contact.get("members")) and not contact.get("departments") and not contact.get("officers")


@dataclass
class _Log:
    """The contacts received by the date, split as the policy's figures need them."""

    counted: list[tuple[date, dict[str, Any]]] = field(default_factory=list)  # with officers and services
    members_only: list[tuple[date, dict[str, Any]]] = field(default_factory=list)
    every_day: list[date] = field(default_factory=list)
    old: int = 0
    before_policy: int = 0


def _log(case: dict[str, Any], *, on: date, since: date | None, current_from: date, in_force: date) -> _Log:
    log = _Log()
    days: dict[str, date] = {}  # contacts share dates: work each one out once
    for contact in case.get("contacts", ()):
        key = contact["at"][:10]
        day = days.get(key)
        if day is None:
            day = days[key] = contact_date(key)
        if day > on or (since is not None and day <= since):
            continue
        log.before_policy += day < in_force
        if day < current_from:
            log.old += 1
            continue
        log.every_day.append(day)
        (log.members_only if is_members_only(contact) else log.counted).append((day, contact))
    return log


def _last_working_number(on: date) -> int:
    """The working-day number of `on`, or of the last working day before it."""
    number = calendar.working_day_number(on)
    return number if calendar.is_working_day(on) else number - 1


def busiest_window(days: list[date], length: int, on: date) -> dict[str, Any] | None:
    """The `length` working days ending on or before `on` with the most contacts (the earliest on a tie).

    A window never runs past `on`: days that have not happened yet would dilute the rate. Contact on a
    weekend or bank holiday counts on the next working day, or on `on`'s own working day if that is later.
    """
    if not days:
        return None
    last = _last_working_number(on)
    number_of = {d: min(calendar.working_day_number(d), last) for d in set(days)}  # contacts share days
    numbers = sorted(number_of[d] for d in days)
    best_count, best_start = 0, 0
    for number in numbers:
        start = min(number, last - length + 1)
        count = bisect.bisect_right(numbers, start + length - 1) - bisect.bisect_left(numbers, start)
        if count > best_count or (count == best_count and start < best_start):
            best_count, best_start = count, start
    return {
        "working_days": length,
        "starts_on": calendar.working_day(best_start).isoformat(),
        "ends_on": calendar.working_day(best_start + length - 1).isoformat(),
        "contacts": best_count,
        "per_working_day": round(best_count / length, 2),
    }


def _issue_rows(log: _Log, issues: dict[str, dict[str, Any]], on: date) -> list[dict[str, Any]]:
    # Departments and officers are counted apart, so "Housing" the department and "Housing" an officer stay two.
    departments: dict[str, set[str]] = {i: set() for i in issues}
    officers: dict[str, set[str]] = {i: set() for i in issues}
    members: dict[str, set[str]] = {i: set() for i in issues}
    contacts = dict.fromkeys(issues, 0)
    repeats = dict.fromkeys(issues, 0)
    answered_on = {
        i: parse_date(x["responded_on"])
        for i, x in issues.items()
        if x["status"] in ANSWERED and "responded_on" in x and parse_date(x["responded_on"]) <= on
    }
    for day, contact in log.counted:
        for issue_id in contact.get("issues", ()):
            contacts[issue_id] += 1
            departments[issue_id].update(contact.get("departments", ()))
            officers[issue_id].update(contact.get("officers", ()))
            members[issue_id].update(contact.get("members", ()))
            answered = answered_on.get(issue_id)
            if answered is not None and day > answered:
                repeats[issue_id] += 1
    for _, contact in log.members_only:
        for issue_id in contact.get("issues", ()):
            members[issue_id].update(contact["members"])
    return [
        {
            "id": i,
            "contacts": contacts[i],
            "recipients": len(departments[i]) + len(officers[i]),
            "members": len(members[i]),
            "repeats_after_answer": repeats[i],
            "is_unresolved_or_late": is_unresolved_or_late(issues[i], on),
            "is_overdue": is_overdue(issues[i], on),
        }
        for i in issues
    ]


def _explained_by_delay(policy: dict[str, Any], log: _Log, rows: list[dict[str, Any]], on: date) -> dict[str, Any]:
    late = {row["id"] for row in rows if row["is_unresolved_or_late"]}
    counts_members = parameters.figure(policy, "explained_by_council_delay", on)["counts_members"]
    every = log.counted + log.members_only if counts_members else log.counted
    explained = sum(1 for _, c in every if late and not late.isdisjoint(c.get("issues", ())))
    return {"contacts": explained, "percent": round(100 * explained / len(every), 1) if every else 0.0}


def current_from(policy: dict[str, Any], on: date) -> date:
    """The earliest date of contact that is current evidence as at `on`."""
    current_for = parameters.period(policy, "evidence_current_for", on)
    return add_period(on, {**current_for, "value": -int(current_for["value"])})


def compute(case: dict[str, Any], policy: dict[str, Any], *, on: date, since: date | None = None) -> dict[str, Any]:
    """The metrics block of an assessment: the log as at `on` (after `since`, if given). `case` must be valid."""
    oldest = current_from(policy, on)
    log = _log(case, on=on, since=since, current_from=oldest, in_force=parse_date(policy["meta"]["effective_from"]))
    issues = {issue["id"]: issue for issue in case.get("issues", [])}
    recorded = [b for b, spec in policy["behaviours"].items() if spec.get("recorded_on_contact")]
    # Gathered into lists and counted once at the end: a log can run to thousands of contacts.
    named: dict[str, list[str]] = {"behaviours": [], "departments": [], "officers": [], "members": []}
    for _, contact in log.counted:
        for key, values in named.items():
            values.extend(contact.get(key, ()))
    for _, contact in log.members_only:
        named["members"].extend(contact["members"])
    behaviours = Counter(named["behaviours"])
    departments, officers, members = set(named["departments"]), set(named["officers"]), set(named["members"])
    volume = parameters.figure(policy, "contacts_per_working_day", on)
    counted_days = [d for d, _ in (log.counted + log.members_only if volume["counts_members"] else log.counted)]
    first, last = (min(log.every_day), max(log.every_day)) if log.every_day else (None, None)
    span = calendar.working_day_number(last) - calendar.working_day_number(first) + 1 if first and last else 0
    window_length = int(parameters.figure(policy, "busy_window", on)["value"])
    rows = _issue_rows(log, issues, on)
    result: dict[str, Any] = {
        "as_at": on.isoformat(),
        "since": since.isoformat() if since else None,
        "contacts": len(log.counted),
        "members_only_contacts": len(log.members_only),
        "first_contact_on": first.isoformat() if first else None,
        "last_contact_on": last.isoformat() if last else None,
        "working_days": span,
        "per_working_day": round(len(log.counted) / span, 2) if span else 0.0,
        "busiest_window": busiest_window(counted_days, window_length, on),
        "departments": len(departments),
        "officers": len(officers),
        "members": len(members),
        "behaviours": {b: behaviours[b] for b in recorded},
        "issues": rows,
        "most_recipients_for_one_issue": max((r["recipients"] for r in rows), default=0),
        "most_repeats_of_answered_issue": max((r["repeats_after_answer"] for r in rows), default=0),
        "explained_by_council_delay": _explained_by_delay(policy, log, rows, on),
        "overdue_issues": [r["id"] for r in rows if r["is_overdue"]],
        "evidence": {"current_from": oldest.isoformat(), "old_contacts": log.old, "before_policy": log.before_policy},
    }
    result["indicators"] = indicators(result, policy, on=on)
    result["behaviours_seen"] = behaviours_seen(result, policy)
    return result


# Which figure in the metrics block each threshold is compared with.
_FIGURES = {
    "contacts_per_working_day": lambda m: m["busiest_window"]["per_working_day"] if m["busiest_window"] else 0.0,
    "recipients_per_issue": lambda m: m["most_recipients_for_one_issue"],
    "repeats_of_answered_issue": lambda m: m["most_repeats_of_answered_issue"],
    "explained_by_council_delay": lambda m: m["explained_by_council_delay"]["percent"],
}


def _is_met(value: float, limit: float, met_when: str) -> bool:
    return value > limit if met_when == "above" else value >= limit


def indicators(metrics: dict[str, Any], policy: dict[str, Any], *, on: date) -> list[dict[str, Any]]:
    """Each threshold with the figure found and whether it is met, as the policy data says ("above" or
    "at or above"), using the value in force on `on`."""
    rows = []
    for name, figure_of in _FIGURES.items():
        spec = parameters.figure(policy, name, on)
        value = figure_of(metrics)
        rows.append(
            {
                "id": name,
                "title": spec["description"],
                "value": value,
                "threshold": spec["value"],
                "unit": spec["unit"],
                "met_when": spec["met_when"],
                "indicates": spec.get("indicates"),
                "is_met": bool(metrics["contacts"] or metrics["members_only_contacts"])
                and _is_met(value, spec["value"], spec["met_when"]),
                "clause": spec["clause"],
            }
        )
    return rows


def behaviours_seen(metrics: dict[str, Any], policy: dict[str, Any]) -> list[str]:
    """Behaviour categories measured (a met threshold that indicates one) or recorded, in the policy's order."""
    measured = {row["indicates"] for row in metrics["indicators"] if row["is_met"] and row["indicates"]}
    return [b for b in policy["behaviours"] if b in measured or metrics["behaviours"].get(b, 0) > 0]


def indicator(metrics: dict[str, Any], name: str) -> dict[str, Any]:
    """One row of `indicators` by threshold name."""
    return next(row for row in metrics["indicators"] if row["id"] == name)


def has_concern(metrics: dict[str, Any]) -> bool:
    """True if any behaviour the policy addresses is measured or recorded."""
    return bool(metrics["behaviours_seen"])


def nature_recorded(metrics: dict[str, Any], policy: dict[str, Any]) -> bool:
    """True if behaviour of a kind the council's own delay never explains is recorded (the policy's groups say)."""
    groups = policy["behaviour_groups"]
    return any(
        metrics["behaviours"].get(b)
        for b, spec in policy["behaviours"].items()
        if not groups[spec["group"]]["explained_by_council_delay"]
    )


__all__ = [
    "busiest_window",
    "compute",
    "has_concern",
    "indicator",
    "indicators",
    "is_members_only",
    "is_overdue",
    "is_unresolved_or_late",
    "nature_recorded",
]
