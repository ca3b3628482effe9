"""Assess a case as at a date: validate, measure, place it in the process, list safeguards and options.

This module only sequences the others; the rules live in them and the figures in the policy data.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from . import metrics as _metrics
from . import restrictions, safeguards, stage, timeline
from ._resources import load_policy
from .validate import validate


def _role(policy: dict[str, Any], role: str | None) -> dict[str, str] | None:
    return {"id": role, "title": policy["roles"][role]["title"]} if role else None


def _consulted(policy: dict[str, Any], role: str) -> str | None:
    """Who the acting role must consult, from the stages the policy gives that role."""
    return next((s["consulted"] for s in policy["stages"].values() if s["role"] == role and "consulted" in s), None)


def assess(case: Any, policy: dict[str, Any] | None = None, *, on: date) -> dict[str, Any]:
    """The assessment of `case` as at `on` (a dict valid against assessment.schema.json).

    Raises `CaseInvalid` (listing every error) if the case is not valid as at `on`. Never reads the
    clock: `on` is the date the caller says it is.
    """
    policy = policy if policy is not None else load_policy()
    validate(case, on=on)
    figures = _metrics.compute(case, policy, on=on)
    dates = timeline.key_dates(case, policy, on=on)
    placed = stage.decide(case, policy, on=on, metrics=figures, key_dates=dates)
    outcome = policy["outcomes"][placed.outcome]
    return {
        "reference": case["reference"],
        "assessed_on": on.isoformat(),
        "policy_version": str(policy["meta"]["version"]),
        "outcome": {
            "id": placed.outcome,
            "title": outcome["title"],
            "summary": outcome["summary"],
            "role": _role(policy, outcome["role"]),
            "consulted": _role(policy, _consulted(policy, outcome["role"])),
            "clause": outcome["clause"],
        },
        "conditions_met": not placed.missing,
        "missing": placed.missing,
        "reasons": placed.reasons,
        "safeguards": safeguards.find(case, policy, outcome=placed.outcome, metrics=figures, key_dates=dates),
        "metrics": figures,
        "restriction_options": restrictions.options(case, policy, on=on, metrics=figures),
        "dates": dates,
    }


def to_json(assessment: dict[str, Any]) -> str:
    """The assessment as JSON text: same assessment, same bytes."""
    return json.dumps(assessment, ensure_ascii=False, indent=2) + "\n"
