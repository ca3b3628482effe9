"""Fixtures for the toolkit tests: the policy, the examples, and a builder for small cases."""

from __future__ import annotations

import copy
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from ucb import load_policy

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"


@pytest.fixture(scope="session")
def policy() -> dict[str, Any]:
    return load_policy()


def example_names() -> list[str]:
    return sorted(json.loads((EXAMPLES / "expected.json").read_text()))


def load_example(name: str) -> tuple[dict[str, Any], date, str]:
    expected = json.loads((EXAMPLES / "expected.json").read_text())[name]
    return json.loads((EXAMPLES / name).read_text()), date.fromisoformat(expected["on"]), expected["outcome"]


def example(name: str) -> dict[str, Any]:
    return copy.deepcopy(load_example(name)[0])


def new_case(**fields: Any) -> dict[str, Any]:
    """A valid minimal case with the given top-level fields."""
    return {"schema_version": "1.1", "reference": "TEST-1", **fields}


def issue(id: str = "I1", status: str = "responded", raised: str = "2024-01-02", **more: Any) -> dict[str, Any]:
    return {
        "id": id,
        "summary": "A missed bin collection",
        "department": "Waste Services",
        "status": status,
        "raised_on": raised,
        **more,
    }


def contacts_on(days: list[str], **fields: Any) -> list[dict[str, Any]]:
    """One email on each given date, with the given fields."""
    return [{"at": d, "channel": "email", **fields} for d in days]
