"""Figures from the contact log and the issue list: volume, spread, repetition, behaviour recorded,
and how much of the contact is about issues the council has not resolved or answered late."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

from . import calendar
from .dates import contact_date, parse_date

ANSWERED = frozenset({"responded", "resolved", "closed"})


def is_unresolved_or_late(issue: dict[str, Any], on: date) -> bool:
    """True if the issue is still open, or was answered after the council's own deadline.

    An explicit `deadline_met` wins; otherwise the due and reply dates decide (an unanswered issue
    past its due date is late).
    """
    if issue["status"] == "open":
        return True
    if "deadline_met" in issue:
        return not issue["deadline_met"]
    if "due_on" not in issue:
        return False
    answered = parse_date(issue["responded_on"]) if "responded_on" in issue else on
    return answered > parse_date(issue["due_on"])


def _threshold(policy: dict[str, Any], name: str) -> dict[str, Any]:
    return policy["thresholds"][name]


def _busiest_window(numbers: list[int], length: int) -> dict[str, Any] | None:
    """The `length` working days, starting on a day with contact, with the most contacts (earliest on
    a tie). `numbers` are the contacts' working-day numbers, sorted."""
    if not numbers:
        return None
    best_count, best_start, end = 0, numbers[0], 0
    for start, number in enumerate(numbers):
        end = max(end, start)
        while end < len(numbers) and numbers[end] < number + length:
            end += 1
        if end - start > best_count:
            best_count, best_start = end - start, number
    return {
        "working_days": length,
        "starts_on": calendar.working_day(best_start).isoformat(),
        "ends_on": calendar.working_day(best_start + length - 1).isoformat(),
        "contacts": best_count,
        "per_working_day": round(best_count / length, 2),
    }


def compute(case: dict[str, Any], policy: dict[str, Any], *, on: date) -> dict[str, Any]:
    """The metrics block of an assessment. `case` must already be valid."""
    contacts = case.get("contacts", [])
    issues = {issue["id"]: issue for issue in case.get("issues", [])}
    recorded_ids = [b for b, spec in policy["behaviours"].items() if spec.get("recorded_on_contact")]

    days: dict[str, tuple[int, date]] = {}  # contacts share dates; work each one out once
    numbers: list[int] = []
    # Recipient lists are gathered as they are and merged into sets once, at the end: cheaper than
    # updating sets contact by contact in a long log.
    sent: tuple[list[list[str]], ...] = ([], [], [])  # departments, officers, members
    reached: dict[str, tuple[list[list[str]], ...]] = {i: ([], [], []) for i in issues}
    behaviours: Counter[str] = Counter()
    per_issue_contacts = dict.fromkeys(issues, 0)
    repeats = dict.fromkeys(issues, 0)
    answered_on = {
        i: parse_date(x["responded_on"]) for i, x in issues.items() if x["status"] in ANSWERED and "responded_on" in x
    }
    late = {i for i, x in issues.items() if is_unresolved_or_late(x, on)}
    explained = 0

    for contact in contacts:
        key = contact["at"][:10]
        known = days.get(key)
        if known is None:
            day = contact_date(key)
            known = days[key] = (calendar.working_day_number(day), day)
        number, day = known
        numbers.append(number)
        to_departments, to_officers, to_members = (
            contact.get("departments"),
            contact.get("officers"),
            contact.get("members"),
        )
        if to_departments:
            sent[0].append(to_departments)
        if to_officers:
            sent[1].append(to_officers)
        if to_members:
            sent[2].append(to_members)
        if "behaviours" in contact:
            behaviours.update(contact["behaviours"])
        about = contact.get("issues")
        if not about:
            continue
        for issue_id in about:
            per_issue_contacts[issue_id] += 1
            by_department, by_officer, by_member = reached[issue_id]
            if to_departments:
                by_department.append(to_departments)
            if to_officers:
                by_officer.append(to_officers)
            if to_members:
                by_member.append(to_members)
            answered = answered_on.get(issue_id)
            if answered is not None and day > answered:
                repeats[issue_id] += 1
        if late and not late.isdisjoint(about):
            explained += 1

    first = min(days, default=None)
    last = max(days, default=None)
    departments, officers, members = (set().union(*lists) for lists in sent)
    numbers.sort()
    window_length = int(_threshold(policy, "busy_window")["value"])
    window = _busiest_window(numbers, window_length)
    span = numbers[-1] - numbers[0] + 1 if numbers else 0
    total = len(contacts)
    issue_rows = [
        {
            "id": i,
            "contacts": per_issue_contacts[i],
            "recipients": sum(len(set().union(*lists)) for lists in reached[i]),
            "repeats_after_answer": repeats[i],
            "is_unresolved_or_late": i in late,
        }
        for i in issues
    ]
    result: dict[str, Any] = {
        "contacts": total,
        "first_contact_on": first,
        "last_contact_on": last,
        "working_days": span,
        "per_working_day": round(total / span, 2) if span else 0.0,
        "busiest_window": window,
        "departments": len(departments),
        "officers": len(officers),
        "members": len(members),
        "behaviours": {b: behaviours[b] for b in recorded_ids},
        "issues": issue_rows,
        "most_recipients_for_one_issue": max((r["recipients"] for r in issue_rows), default=0),
        "most_repeats_of_answered_issue": max((r["repeats_after_answer"] for r in issue_rows), default=0),
        "explained_by_council_delay": {
            "contacts": explained,
            "percent": round(100 * explained / total, 1) if total else 0.0,
        },
    }
    result["indicators"] = indicators(result, policy)
    result["behaviours_seen"] = behaviours_seen(result, policy)
    return result


def indicators(metrics: dict[str, Any], policy: dict[str, Any]) -> list[dict[str, Any]]:
    """Each threshold with the figure found and whether it is met ("above" or "at or above", as the policy says)."""
    window = metrics["busiest_window"]
    figures = {
        # The volume threshold is met only when exceeded; the others at the figure itself.
        "contacts_per_working_day": (window["per_working_day"] if window else 0.0, False),
        "recipients_per_issue": (metrics["most_recipients_for_one_issue"], True),
        "repeats_of_answered_issue": (metrics["most_repeats_of_answered_issue"], True),
        "explained_by_council_delay": (metrics["explained_by_council_delay"]["percent"], True),
    }
    rows = []
    for name, (value, inclusive) in figures.items():
        spec = _threshold(policy, name)
        limit = spec["value"]
        rows.append(
            {
                "id": name,
                "title": spec["description"],
                "value": value,
                "threshold": limit,
                "unit": spec["unit"],
                "is_met": bool(metrics["contacts"]) and (value >= limit if inclusive else value > limit),
                "clause": spec["clause"],
            }
        )
    return rows


def behaviours_seen(metrics: dict[str, Any], policy: dict[str, Any]) -> list[str]:
    """Behaviour categories measured or recorded in the log, in the policy's order."""
    met = {row["id"] for row in metrics["indicators"] if row["is_met"]}
    measured = {
        "high_volume": "contacts_per_working_day" in met,
        "scattergun": "recipients_per_issue" in met,
        "repeated": "repeats_of_answered_issue" in met,
    }
    return [b for b in policy["behaviours"] if measured.get(b) or metrics["behaviours"].get(b, 0) > 0]
