"""Assess a case as at a date: upgrade and validate it, measure it, follow its restrictions, place it in the
process, and list the safeguards, what the outcome offers and the next steps.

This module only sequences the others; the rules live in them and the figures and wording in the policy data.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from . import as_at, complaints, letters, lifecycle, migrate, next_steps, restrictions, safeguards
from ._resources import load_policy
from .findings import count, day, finding, role_title
from .outcome import Facts, Placement, place
from .validate import validate


def _role(policy: dict[str, Any], role: str | None) -> dict[str, str] | None:
    return {"id": role, "title": role_title(policy, role)} if role else None


def _consulted(policy: dict[str, Any], role: str) -> str | None:
    """Who the acting role must consult, from the stages the policy gives that role."""
    return next((s["consulted"] for s in policy["stages"].values() if s["role"] == role and "consulted" in s), None)


def _in_force(policy: dict[str, Any], state: lifecycle.RestrictionState) -> list[dict[str, Any]]:
    """The restrictions that apply on the date, with what they cover and until when."""
    if state.state != "in_force":
        return []
    return [
        {
            "option": r["option"],
            "title": lifecycle.option(policy, r["option"])["title"],
            "scope": r["scope"],
            "applies_to": r.get("applies_to", "customer"),
            "person_name": r.get("person_name"),
            "starts_on": r["starts_on"],
            "review_on": state.review_on.isoformat(),
            "ends_at_latest": state.lapses_on.isoformat(),
            "path": f"{state.source}[{i}]",
        }
        for i, r in enumerate(state.current)
    ]


def _offers(policy: dict[str, Any], outcome: str, drafts: list[dict[str, Any]]) -> dict[str, Any]:
    spec = policy["outcomes"][outcome]
    options = spec["offers"].get("options")
    return {
        "options": {"mode": options["mode"], "stages": list(options["stages"])} if options else None,
        "no_options": None if options else spec["no_options"],
        "letters": drafts,
        "evidence_pack": bool(spec["offers"]["evidence_pack"]),
    }


@dataclass(frozen=True)
class Core:
    """What every use of an assessment needs: the case as it stood on the date, its figures, where its
    restrictions and protective action stand, its key dates and its place in the process."""

    case: dict[str, Any]
    facts: Facts
    state: lifecycle.RestrictionState
    protective: lifecycle.ProtectiveState
    dates: dict[str, str | None]
    placed: Placement

    @property
    def figures(self) -> dict[str, Any]:
        """The case's figures as at the date (worked out when first asked for)."""
        return self.facts.figures


def core(case: Any, policy: dict[str, Any], *, on: date) -> Core:
    """Upgrade, validate and place a case as at `on` (raises `CaseInvalid`), without the parts only a full
    assessment shows (safeguards, options, letters, next steps)."""
    validate(case, on=on)
    case, later = as_at.view(migrate.upgrade(case), on)
    scoped, left_out = complaints.outside_complaint(case)
    state = lifecycle.restriction_state(case, policy, on=on)
    protective = lifecycle.protective_state(case, policy, on=on)
    dates = lifecycle.key_dates(case, policy, on=on, state=state, protective=protective)
    facts = Facts(case, policy, on, scoped, state, protective, dates, left_out)
    placed = place(facts)
    if later:
        placed.reasons.append(finding(policy, "later_records_left_out", records=count(later, "record"), date=day(on)))
    return Core(case, facts, state, protective, dates, placed)


def assess(case: Any, policy: dict[str, Any] | None = None, *, on: date) -> dict[str, Any]:
    """The assessment of `case` as at `on` (a dict valid against assessment.schema.json).

    A case saved in an earlier format is upgraded first, and anything it records after `on` is left out: the
    assessment is of the case as it stood on that date. Raises `CaseInvalid` (listing every error) if the case
    is not valid. Never reads the clock: `on` is the date the caller says it is.
    """
    policy = policy if policy is not None else load_policy()
    found = core(case, policy, on=on)
    case, figures, dates, placed = found.case, found.figures, found.dates, found.placed
    spec = policy["outcomes"][placed.outcome]
    assessment = {
        "reference": case["reference"],
        "assessed_on": on.isoformat(),
        "policy_version": str(policy["meta"]["version"]),
        "outcome": {
            "id": placed.outcome,
            "title": spec["title"],
            "summary": spec["summary"],
            "role": _role(policy, spec["role"]),
            "consulted": _role(policy, _consulted(policy, spec["role"])),
            "clause": spec["clause"],
        },
        "conditions_met": not placed.missing,
        "missing": placed.missing,
        "reasons": placed.reasons,
        "safeguards": safeguards.applying(
            case, policy, outcome=placed.outcome, figures=figures, key_dates=dates, on=on
        ),
        "metrics": figures,
        "restriction_options": restrictions.options(case, policy, on=on, figures=figures, outcome=placed.outcome),
        "restrictions_in_force": _in_force(policy, found.state),
        "dates": dates,
    }
    assessment["offers"] = _offers(policy, placed.outcome, letters.offered(case, assessment, policy))
    assessment["next_steps"] = next_steps.steps(policy, assessment)
    return assessment


def to_json(assessment: dict[str, Any]) -> str:
    """The assessment as JSON text: same assessment, same bytes."""
    return json.dumps(assessment, ensure_ascii=False, indent=2) + "\n"
