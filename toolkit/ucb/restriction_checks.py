"""Checks on restrictions as recorded: review dates the policy allows, on working days and within the longest
duration; scopes that are precise and reach only the customer; and a decision of its own, with reasons and a
letter, for anyone else a restriction covers (clauses `deciding-restrictions`, `monitoring-review`,
`representatives`)."""

from __future__ import annotations

from datetime import date
from typing import Any

from . import calendar
from .dates import describe_period, parse_date, working_day_on_or_before
from .findings import Finding, day, finding
from .lifecycle import allowed_review_period, latest_review_on, option


def _words_found(scope: str, words: list[str]) -> list[str]:
    text = f" {scope.casefold()} "
    return [
        w for w in words if f" {w.casefold()} " in text or f" {w.casefold()}," in text or f" {w.casefold()}." in text
    ]


def _review_date(
    policy: dict[str, Any], r: dict[str, Any], at: str, n: int, set_on: date, lapses_on: date
) -> list[Finding]:
    out: list[Finding] = []
    title = option(policy, r["option"])["title"]
    recorded = parse_date(r["review_on"])
    allowed = latest_review_on(policy, r, set_on)
    if recorded > allowed:
        out.append(
            finding(
                policy,
                "review_later_than_option_allows",
                path=f"{at}.review_on",
                number=str(n),
                title=title,
                recorded=day(recorded),
                period=describe_period(allowed_review_period(policy, r["option"], set_on)),
                since=day(set_on),
                allowed=day(allowed),
            )
        )
    elif recorded > lapses_on:
        out.append(
            finding(policy, "review_after_longest_duration", path=f"{at}.review_on", number=str(n), date=day(lapses_on))
        )
    elif not calendar.is_working_day(recorded):
        out.append(
            finding(
                policy,
                "review_not_working_day",
                path=f"{at}.review_on",
                number=str(n),
                recorded=day(recorded),
                earlier=day(working_day_on_or_before(recorded)),
            )
        )
    return out


def _scope(policy: dict[str, Any], r: dict[str, Any], at: str, n: int) -> list[Finding]:
    out: list[Finding] = []
    checks = policy["scope_checks"]
    broad = _words_found(r["scope"], checks["too_broad"])
    if broad:
        out.append(finding(policy, "scope_too_broad", path=f"{at}.scope", number=str(n), words=broad[0]))
    if r.get("applies_to", "customer") == "customer":
        others = _words_found(r["scope"], checks["other_people"])
        if others:
            out.append(
                finding(policy, "scope_reaches_other_person", path=f"{at}.applies_to", number=str(n), words=others[0])
            )
    return out


def _other_person(policy: dict[str, Any], r: dict[str, Any], at: str, n: int) -> list[Finding]:
    if r.get("applies_to", "customer") == "customer":
        return []
    who = policy["restricted_people"][r["applies_to"]].lower()
    out: list[Finding] = []
    if not r.get("person_reasons"):
        out.append(finding(policy, "other_person_without_reasons", path=f"{at}.person_reasons", number=str(n), who=who))
    if not r.get("person_notified_on"):
        out.append(finding(policy, "other_person_not_told", path=f"{at}.person_notified_on", number=str(n), who=who))
    return out


def gaps(
    policy: dict[str, Any], restrictions: list[dict[str, Any]], *, source: str, set_on: date, lapses_on: date
) -> list[Finding]:
    """Every problem with a set of recorded restrictions, each pointing at the field to change."""
    out: list[Finding] = []
    for i, r in enumerate(restrictions):
        at, n = f"{source}[{i}]", i + 1
        out += _review_date(policy, r, at, n, set_on, lapses_on)
        out += _scope(policy, r, at, n)
        out += _other_person(policy, r, at, n)
    return out


__all__ = ["gaps"]
