"""The case schema's hints name roles the way policy.yml does, so the wizard never shows a stale job title.

Role titles live in policy/policy.yml. The schema's descriptions, which the wizard shows as hints,
mention some of them; if a title changes in policy.yml, these tests say which hints to update.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
CASE_SCHEMA = json.loads((ROOT / "schemas" / "case.schema.json").read_text(encoding="utf-8"))

# Where a hint names a role, and which roles it names.
HINTS_NAMING_ROLES = [
    ("properties/step_one", ["appropriate_manager"]),
    ("properties/step_one/properties/manager", ["appropriate_manager"]),
    ("properties/step_two", ["city_helpdesk_manager"]),
    ("properties/step_two/properties/referred_by", ["appropriate_manager"]),
    ("properties/decision", ["city_helpdesk_manager", "assistant_director_corporate_services"]),
    ("properties/decision/properties/consulted", ["assistant_director_corporate_services"]),
    ("properties/reviews/items/properties/consulted", ["assistant_director_corporate_services"]),
]


def description(pointer: str) -> str:
    node: Any = CASE_SCHEMA
    for part in pointer.split("/"):
        node = node[part]
    return node["description"]


@pytest.mark.parametrize(("pointer", "roles"), HINTS_NAMING_ROLES)
def test_a_hint_that_names_a_role_uses_its_title_from_policy_yml(
    policy: dict[str, Any], pointer: str, roles: list[str]
) -> None:
    text = description(pointer).lower()
    for role in roles:
        title = policy["roles"][role]["title"]
        assert title.lower() in text, f"{pointer}: the hint should name '{title}' (policy.roles.{role}.title)"


def test_no_other_hint_names_a_role(policy: dict[str, Any]) -> None:
    """A new hint that names a role must be added to the table above, so a renamed role is caught."""
    known = {pointer for pointer, _ in HINTS_NAMING_ROLES}
    titles = [role["title"].lower() for role in policy["roles"].values() if " " in role["title"]]

    def walk(node: Any, path: list[str]) -> list[str]:
        found = []
        if isinstance(node, dict):
            text = node.get("description")
            if isinstance(text, str) and any(t in text.lower() for t in titles):
                found.append("/".join(path))
            for key, value in node.items():
                found += walk(value, [*path, key])
        elif isinstance(node, list):
            for i, value in enumerate(node):
                found += walk(value, [*path, str(i)])
        return found

    assert set(walk(CASE_SCHEMA, [])) <= known
