"""What the contact log shows, in words: each figure that meets the policy's threshold, behaviour recorded
on contacts, contact sent only to councillors or an MP, and how old the evidence is."""

from __future__ import annotations

from typing import Any

from . import metrics as _metrics
from .dates import describe_period, parse_date
from .findings import Finding, count, day, finding, named
from .parameters import period


def _wide_issues(metrics: dict[str, Any], threshold: float) -> str:
    return named([row["id"] for row in metrics["issues"] if row["recipients"] >= threshold], "issue")


def figures_met(metrics: dict[str, Any], policy: dict[str, Any]) -> list[Finding]:
    """A reason for each volume, spread or repetition figure that meets the policy's threshold."""
    out: list[Finding] = []
    volume = _metrics.indicator(metrics, "contacts_per_working_day")
    window = metrics["busiest_window"]
    if volume["is_met"]:
        out.append(
            finding(
                policy,
                "volume_above_threshold",
                contacts=count(window["contacts"], "contact"),
                window=str(window["working_days"]),
                starts=day(window["starts_on"]),
                ends=day(window["ends_on"]),
                rate=f"{window['per_working_day']:g}",
                threshold=f"{volume['threshold']:g}",
            )
        )
    spread = _metrics.indicator(metrics, "recipients_per_issue")
    if spread["is_met"]:
        out.append(
            finding(
                policy,
                "spread_at_threshold",
                issues=_wide_issues(metrics, spread["threshold"]),
                most=str(metrics["most_recipients_for_one_issue"]),
                threshold=f"{spread['threshold']:g}",
            )
        )
    repeats = _metrics.indicator(metrics, "repeats_of_answered_issue")
    if repeats["is_met"]:
        out.append(
            finding(
                policy,
                "repeats_at_threshold",
                times=count(metrics["most_repeats_of_answered_issue"], "time"),
                threshold=f"{repeats['threshold']:g}",
            )
        )
    return out


def recorded(metrics: dict[str, Any], policy: dict[str, Any]) -> list[Finding]:
    """A reason for each behaviour category staff recorded on contacts."""
    return [
        finding(policy, "behaviour_recorded", title=policy["behaviours"][b]["title"], contacts=count(n, "contact"))
        for b, n in metrics["behaviours"].items()
        if n
    ]


def beside(metrics: dict[str, Any], policy: dict[str, Any]) -> list[Finding]:
    """Contact sent only to councillors or an MP, shown beside the figures; and how old the evidence is."""
    out: list[Finding] = []
    if metrics["members_only_contacts"]:
        out.append(finding(policy, "members_shown_beside", contacts=count(metrics["members_only_contacts"], "contact")))
    evidence = metrics["evidence"]
    if evidence["old_contacts"]:
        as_at = parse_date(metrics["as_at"])
        out.append(
            finding(
                policy,
                "old_evidence",
                contacts=count(evidence["old_contacts"], "contact"),
                period=describe_period(period(policy, "evidence_current_for", as_at)),
                date=day(as_at),
            )
        )
    if evidence["before_policy"]:
        out.append(
            finding(
                policy,
                "before_policy",
                contacts=count(evidence["before_policy"], "contact"),
                date=day(policy["meta"]["effective_from"]),
            )
        )
    return out


def reasons(metrics: dict[str, Any], policy: dict[str, Any]) -> list[Finding]:
    """Everything the log shows, for the reasons list."""
    return figures_met(metrics, policy) + recorded(metrics, policy) + beside(metrics, policy)


__all__ = ["beside", "figures_met", "reasons", "recorded"]
