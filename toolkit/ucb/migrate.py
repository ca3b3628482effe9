"""Bring case files saved in an earlier format up to the current one, so no council's saved case stops working.

Version 1.0 (the first release) differs from 1.1 only in holding one `appeal` object where 1.1 holds a list of
`appeals`, each saying what it is against. Everything 1.1 added is optional, so nothing else changes.
"""

from __future__ import annotations

from typing import Any

CURRENT = "1.1"
READABLE = ("1.0", CURRENT)


def _from_1_0(case: dict[str, Any]) -> dict[str, Any]:
    upgraded = {key: value for key, value in case.items() if key != "appeal"}
    upgraded["schema_version"] = CURRENT
    appeal = case.get("appeal")
    if isinstance(appeal, dict):
        upgraded["appeals"] = [{"against": "decision", **appeal}]
    elif appeal is not None:
        upgraded["appeal"] = appeal  # not an object: left for validation to report where it is
    return upgraded


def upgrade(case: Any) -> Any:
    """The case in the current format. Anything this module does not recognise is returned as it is, for
    validation to explain; a current case is returned unchanged (the same object)."""
    if isinstance(case, dict) and case.get("schema_version") == "1.0":
        return _from_1_0(case)
    return case


__all__ = ["CURRENT", "READABLE", "upgrade"]
