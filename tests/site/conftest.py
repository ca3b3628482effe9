"""Fixtures for the site tests: the macros module, the policy data and schema, and the built pages."""

from __future__ import annotations

import json
from pathlib import Path
from types import ModuleType

import pytest

import sitebuild.macros
from ucb._resources import policy_from_yaml

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def macros() -> ModuleType:
    """The mkdocs-macros module, sitebuild/macros.py."""
    return sitebuild.macros


@pytest.fixture(scope="session")
def raw_policy() -> dict:
    """policy/policy.yml as JSON data (dates as ISO strings), as the schema and the toolkit see it."""
    return policy_from_yaml((ROOT / "policy" / "policy.yml").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def policy(macros: ModuleType) -> dict:
    """The policy data as the pages show it: role titles filled in, each dated figure at its latest value."""
    return macros.load_policy()[0]


@pytest.fixture(scope="session")
def schema() -> dict:
    return json.loads((ROOT / "schemas" / "policy.schema.json").read_text(encoding="utf-8"))
