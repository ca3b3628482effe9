"""Who may decide an appeal (clause `appeals`): someone not involved in the decision appealed, checked against
everyone involved in it — decision maker, person consulted, referring manager, reviewer or the manager who took
protective action — by name and by role."""

from __future__ import annotations

import re
from typing import Any

from .findings import Finding, finding, role_title


def _plain(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.casefold()).strip()


def involved(case: dict[str, Any], appeal: dict[str, Any], record: dict[str, Any]) -> list[tuple[str, str]]:
    """(name, part they played) for each person involved in what the appeal is against."""
    people: list[tuple[str, str]] = []
    decision = case.get("decision", {})
    if appeal["against"] in ("decision", "review") and decision:
        people.append((decision["decided_by"], "made the decision"))
        if decision.get("consulted_name"):
            people.append((decision["consulted_name"], "was consulted on the decision"))
        if "step_two" in case:
            people.append((case["step_two"]["referred_by"], "made the referral"))
    if appeal["against"] == "review":
        people.append((record["reviewed_by"], "carried out the review"))
        if record.get("consulted_name"):
            people.append((record["consulted_name"], "was consulted on the review"))
    if appeal["against"] == "protective_action":
        people.append((record["taken_by"], "took the protective action"))
    return [(name, part) for name, part in people if name.strip()]


def _involved_roles(policy: dict[str, Any]) -> list[str]:
    """Roles of the stages the appeal must be independent of (their deciders and those consulted)."""
    roles: list[str] = []
    for stage in policy["stages"]["appeal"].get("independent_of", ()):
        spec = policy["stages"][stage]
        roles += [r for r in (spec["role"], spec.get("consulted")) if r and r not in roles]
    return roles


def independence_gaps(
    case: dict[str, Any], policy: dict[str, Any], *, index: int, appeal: dict[str, Any], record: dict[str, Any]
) -> list[Finding]:
    """What is wrong with who decides this appeal, each as a missing item pointing at the appeal."""
    path = f"$.appeals[{index}].considered_by"
    decider = _plain(appeal["considered_by"])
    out: list[Finding] = []
    for name, part in involved(case, appeal, record):
        if _plain(name) == decider:
            out.append(finding(policy, "appeal_decider_involved", path=path, name=appeal["considered_by"], part=part))
    for role in _involved_roles(policy):
        if _plain(role_title(policy, role)) in decider:
            out.append(finding(policy, "appeal_decider_role_involved", path=path, role=role_title(policy, role)))
    director = policy["stages"]["appeal"]["role"]
    director_title = _plain(role_title(policy, director))
    role = appeal.get("considered_by_role")
    if role is None:
        out.append(finding(policy, "appeal_role_not_recorded", path=f"$.appeals[{index}].considered_by_role"))
    elif role == director and any(director_title in _plain(name) for name, _ in involved(case, appeal, record)):
        out.append(finding(policy, "director_was_involved", path=f"$.appeals[{index}].considered_by_role"))
    return out


def signed_as(policy: dict[str, Any], appeal: dict[str, Any]) -> str:
    """The role line under the appeal decider's name: none if their name already carries a role title."""
    role = appeal.get("considered_by_role") or policy["stages"]["appeal"]["role"]
    name = _plain(appeal["considered_by"])
    if any(_plain(r["title"]) in name for r in policy["roles"].values() if " " in r["title"]):
        return ""
    return role_title(policy, role)


__all__ = ["independence_gaps", "involved", "signed_as"]
