"""Fixtures for the site tests: the macros module, the policy data and schema, and the built pages."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def macros() -> ModuleType:
    """docs/macros.py, loaded the way mkdocs-macros loads it (by path)."""
    spec = importlib.util.spec_from_file_location("site_macros", ROOT / "docs" / "macros.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def raw_policy(macros: ModuleType) -> dict:
    """policy/policy.yml as JSON data (dates as ISO strings), as the schema sees it."""
    return macros.as_json(yaml.safe_load((ROOT / "policy" / "policy.yml").read_text(encoding="utf-8")))


@pytest.fixture(scope="session")
def policy(macros: ModuleType) -> dict:
    """The policy data as the pages show it: role titles filled in, each dated figure at its latest value."""
    return macros.as_json(macros.load_policy())


@pytest.fixture(scope="session")
def schema() -> dict:
    return json.loads((ROOT / "schemas" / "policy.schema.json").read_text(encoding="utf-8"))
