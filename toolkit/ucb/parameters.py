"""Dated policy figures: each timescale and threshold lists its values, each with the date it applies from.

For a decision or a period the toolkit uses the value in force on the date that counts (the decision's date, the
referral's, the letter's). A date before the first value uses the first: the policy's figures start with it.
"""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

from .errors import PolicyError

DATED_SECTIONS = ("timescales", "thresholds")


def _parameter(policy: dict[str, Any], section: str, name: str) -> dict[str, Any]:
    try:
        return policy[section][name]
    except KeyError:
        raise PolicyError(f"The policy data has no {section[:-1]} '{name}'.") from None


def entry_on(parameter: dict[str, Any], on: date) -> dict[str, Any]:
    """The value entry of a dated parameter in force on `on`."""
    values = parameter["values"]
    chosen = values[0]
    for entry in values:
        if date.fromisoformat(str(entry["from"])) <= on:
            chosen = entry
    return chosen


def period(policy: dict[str, Any], name: str, on: date) -> dict[str, Any]:
    """The timescale `name` in force on `on`, as `{value, unit}`."""
    parameter = _parameter(policy, "timescales", name)
    return {"value": entry_on(parameter, on)["value"], "unit": parameter["unit"]}


def figure(policy: dict[str, Any], name: str, on: date) -> dict[str, Any]:
    """The threshold `name` in force on `on`: the parameter with its `value` for that date."""
    parameter = _parameter(policy, "thresholds", name)
    return {**{k: v for k, v in parameter.items() if k != "values"}, "value": entry_on(parameter, on)["value"]}


def latest(parameter: dict[str, Any]) -> dict[str, Any]:
    """The last value entry: the one the published pages state."""
    return parameter["values"][-1]


def current(policy: dict[str, Any]) -> dict[str, Any]:
    """A copy of the policy data in which each dated parameter also carries its latest `value` (for pages)."""
    view = copy.deepcopy(policy)
    for section in DATED_SECTIONS:
        for parameter in view[section].values():
            parameter["value"] = latest(parameter)["value"]
    return view


__all__ = ["current", "entry_on", "figure", "latest", "period"]
