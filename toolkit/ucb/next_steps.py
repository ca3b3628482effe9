"""What to do next, who does it and by when: the outcome's own next action, then each missing item, soonest
first, each with the part of the case where it is recorded (for the tool's links)."""

from __future__ import annotations

from typing import Any


def steps(policy: dict[str, Any], assessment: dict[str, Any]) -> list[dict[str, Any]]:
    """The next steps for an assessment, dated ones soonest first."""
    outcome = assessment["outcome"]
    spec = policy["outcomes"][outcome["id"]]
    out: list[dict[str, Any]] = []
    main = spec.get("next_step")
    if main:
        by = assessment["dates"].get(main["by"]) if main.get("by") else None
        out.append(
            {
                "action": main["action"],
                "role": outcome["role"],
                "by": by,
                "path": main.get("path"),
                "clause": outcome["clause"],
            }
        )
    for item in assessment["missing"]:
        out.append(
            {
                "action": item["message"],
                "role": outcome["role"],
                "by": item.get("by"),
                "path": item.get("path"),
                "clause": item["clause"],
            }
        )
    dated = sorted((s for s in out if s["by"]), key=lambda s: s["by"])
    return dated + [s for s in out if not s["by"]]


__all__ = ["steps"]
