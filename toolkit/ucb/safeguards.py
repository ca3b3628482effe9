"""Protections that apply whatever the outcome: who decides, complaints, threats, abuse, vulnerability and
support, representatives and family, councillors and MPs, statutory services, FOI and SAR, new issues, genuine
problems and how long records are kept. Which apply follows the policy data (behaviour flags and groups,
`considers_restriction` on the outcome), never an id written here."""

from __future__ import annotations

from typing import Any

from . import complaints, safety
from . import metrics as _metrics
from .findings import Finding, day, finding, listing, role_title, sentence_case


def _circumstances(case: dict[str, Any], policy: dict[str, Any]) -> list[Finding]:
    out: list[Finding] = []
    if complaints.open_complaint(case):
        out.append(finding(policy, "complaint_stays_open"))
    circumstances = case.get("circumstances", {})
    if circumstances.get("vulnerability", {}).get("is_disclosed"):
        out.append(finding(policy, "adjustments_first", routes=listing(policy["support_routes"])))
    if circumstances.get("representative", {}).get("is_acting"):
        out.append(finding(policy, "representative_own_conduct"))
    return out


def _behaviour(case: dict[str, Any], policy: dict[str, Any], figures: dict[str, Any], on: Any) -> list[Finding]:
    out: list[Finding] = []
    if safety.threat_days(case, policy, on=on):
        out.append(finding(policy, "protect_staff_now"))
    if any(figures["behaviours"].get(b) for b, spec in policy["behaviours"].items() if spec.get("may_end_contact")):
        out.append(
            finding(policy, "end_abusive_contact", officer=sentence_case(role_title(policy, "frontline_officer")))
        )
    return out


def applying(
    case: dict[str, Any],
    policy: dict[str, Any],
    *,
    outcome: str,
    figures: dict[str, Any],
    key_dates: dict[str, str | None],
    on: Any,
) -> list[Finding]:
    """Every safeguard that applies to this case, each with its clause."""
    spec = policy["outcomes"][outcome]
    out = [finding(policy, "people_decide", who=sentence_case(role_title(policy, spec["role"])))]
    out += _circumstances(case, policy) + _behaviour(case, policy, figures, on)
    restricting = bool(spec.get("considers_restriction"))
    if figures["members"] or restricting:
        out.append(finding(policy, "members_never_restricted"))
    if restricting:
        out += [
            finding(policy, code)
            for code in (
                "statutory_services_kept",
                "foi_sar_outside",
                "new_issues_answered",
                "precise_scope",
                "customer_only",
                "need_to_know",
            )
        ]
    delay = _metrics.indicator(figures, "explained_by_council_delay")
    if delay["is_met"]:
        out.append(finding(policy, "resolve_genuine_problems", percent=f"{delay['value']:g}"))
    if key_dates["retain_until"]:
        out.append(finding(policy, "retention", date=day(key_dates["retain_until"])))
    return out


__all__ = ["applying"]
