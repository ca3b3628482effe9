"""The boundary with the corporate complaints policy (clause `complaints-policy`): contact about the matters in
an open formal complaint is handled under that policy; contact about other matters stays under this one."""

from __future__ import annotations

from typing import Any


def open_complaint(case: dict[str, Any]) -> dict[str, Any] | None:
    """The open formal complaint, if the record shows one."""
    complaint = case.get("circumstances", {}).get("open_complaint", {})
    return complaint if complaint.get("is_open") else None


def is_about(contact: dict[str, Any], issues: frozenset[str]) -> bool:
    """True if a contact is about any of the complaint's issues."""
    return not issues.isdisjoint(contact.get("issues", ()))


def outside_complaint(case: dict[str, Any]) -> tuple[dict[str, Any], int]:
    """The case with contact about the open complaint's issues left out, and how many contacts were left out.

    With no complaint open, or no issues listed for it, the case is returned unchanged (with none left out):
    whether all its contact is about the complaint is then for the router to say.
    """
    complaint = open_complaint(case)
    issues = frozenset(complaint.get("issues", ())) if complaint else frozenset()
    if not issues:
        return case, 0
    kept = [c for c in case.get("contacts", ()) if not is_about(c, issues)]
    return {**case, "contacts": kept}, len(case.get("contacts", ())) - len(kept)


__all__ = ["is_about", "open_complaint", "outside_complaint"]
