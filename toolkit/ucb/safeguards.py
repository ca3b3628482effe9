"""Protections that apply whatever the outcome: who decides, complaints, threats, vulnerability,
representatives, councillors and MPs, statutory services, FOI and SAR, new issues, genuine problems."""

from __future__ import annotations

from typing import Any

from .dates import long_date, parse_date
from .findings import Finding, capital, finding, the_role

# Outcomes at which a restriction is being considered or is in force.
RESTRICTING = frozenset(
    {"refer_for_step_two", "decision_pending", "restrictions_in_place", "review_due", "appeal_pending"}
)


def find(
    case: dict[str, Any],
    policy: dict[str, Any],
    *,
    outcome: str,
    metrics: dict[str, Any],
    key_dates: dict[str, str | None],
) -> list[Finding]:
    """Every safeguard that applies to this case, each with its clause."""
    role = policy["outcomes"][outcome]["role"]
    out = [
        finding(
            "people_decide",
            f"This assessment supports a decision; it does not make one. {capital(the_role(policy, role))} decides, "
            "looking at the whole record, not only these figures.",
            "automated-decisions",
        )
    ]
    circumstances = case.get("circumstances", {})
    complaint = circumstances.get("open_complaint", {})
    if complaint.get("is_open"):
        out.append(
            finding(
                "complaint_stays_open",
                f"A formal complaint is open: {policy['meta']['complaints_policy']['title']} applies to it. No restriction may stop the "
                f"customer escalating it or going to the {policy['meta']['ombudsman']['title']}.",
                "complaints-policy",
            )
        )
    if metrics["behaviours"].get("threatening"):
        out.append(
            finding(
                "protect_staff_now",
                "A threat or violence is recorded. Protect staff at once and report credible threats to the police; "
                "this does not wait for the policy's steps.",
                "threats-violence",
            )
        )
    if metrics["behaviours"].get("abusive") or metrics["behaviours"].get("discriminatory"):
        out.append(
            finding(
                "end_abusive_contact",
                f"{capital(the_role(policy, 'frontline_officer'))} may end an abusive call or visit; log it each time it happens.",
                "abusive-calls",
            )
        )
    vulnerability = circumstances.get("vulnerability", {})
    if vulnerability.get("is_disclosed"):
        out.append(
            finding(
                "adjustments_first",
                "The customer has told us about a disability or vulnerability. Consider reasonable adjustments first, "
                "record them, and keep them under any restriction.",
                "reasonable-adjustments",
            )
        )
    if circumstances.get("representative", {}).get("is_acting"):
        out.append(
            finding(
                "representative_own_conduct",
                "A representative is acting. Check their authority, and restrict a representative only for their own conduct.",
                "representatives",
            )
        )
    if metrics["members"] or outcome in RESTRICTING:
        out.append(
            finding(
                "members_never_restricted",
                "No restriction may stop the customer contacting councillors or their MP. Councillors' enquiries on the "
                "customer's behalf are answered, and only what they need to know is shared.",
                "councillors-mps",
            )
        )
    if outcome in RESTRICTING:
        out += [
            finding(
                "statutory_services_kept",
                "The customer keeps a route to every statutory service and to emergency contact under any restriction.",
                "statutory-services",
            ),
            finding(
                "foi_sar_outside",
                "Freedom of information and subject access requests are handled under their own law; this policy cannot refuse them.",
                "foi-sar",
            ),
            finding(
                "new_issues_answered",
                "A new issue raised under a restriction is still looked at and answered.",
                "new-issues",
            ),
            finding(
                "precise_scope",
                "Each restriction names exactly what it covers and for how long. Wording such as 'and similar matters' is too broad.",
                "deciding-restrictions",
            ),
        ]
    delay = next(r for r in metrics["indicators"] if r["id"] == "explained_by_council_delay")
    if delay["is_met"]:
        out.append(
            finding(
                "resolve_genuine_problems",
                f"{delay['value']}% of contacts are about issues still open or answered late. Resolve and answer those issues; "
                "contact that chases our own delay is not a reason to restrict.",
                "genuine-problems",
            )
        )
    if key_dates["retain_until"]:
        out.append(
            finding(
                "retention",
                f"Keep the records of the restriction until {long_date(parse_date(key_dates['retain_until']))}, then delete them.",
                "records",
            )
        )
    return out
