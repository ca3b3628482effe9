"""The schemas name roles the way policy.yml does: a hint never types a role's title, it writes `{role:id}`,
and the toolkit puts in the title from policy.yml, so a renamed role changes every hint the wizard shows."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from ucb import load_schema
from ucb.wording import placeholders

ROOT = Path(__file__).resolve().parents[2]
SCHEMAS = ("case", "assessment", "policy")


def _texts(node: Any) -> list[str]:
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [t for v in node.values() for t in _texts(v)]
    if isinstance(node, list):
        return [t for v in node for t in _texts(v)]
    return []


@pytest.mark.parametrize("name", SCHEMAS)
def test_no_schema_types_a_role_title(policy: dict[str, Any], name: str) -> None:
    raw = json.loads((ROOT / "schemas" / f"{name}.schema.json").read_text(encoding="utf-8"))
    titles = [role["title"] for role in policy["roles"].values() if " " in role["title"]]
    typed = [(title, text) for text in _texts(raw) for title in titles if title.lower() in text.lower()]
    assert typed == []


def test_every_role_a_schema_names_exists_in_the_policy(policy: dict[str, Any]) -> None:
    raw = json.loads((ROOT / "schemas" / "case.schema.json").read_text(encoding="utf-8"))
    named = {p.split(":", 1)[1] for p in placeholders(raw) if p.startswith("role:")}
    assert named and named <= set(policy["roles"])


def test_the_toolkit_puts_each_role_title_into_the_schema_it_serves(policy: dict[str, Any]) -> None:
    served = load_schema("case")
    assert placeholders(served) == set()
    hint = served["properties"]["step_two"]["description"]
    assert policy["roles"]["city_helpdesk_manager"]["title"] in hint
