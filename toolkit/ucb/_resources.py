"""Load the policy data, schemas and letter templates, from the wheel or from the source tree.

One loader, two locations. In a built wheel everything sits in `ucb/data/`: the hatch build hook
(`hatch_build.py`) writes `policy.json` from `policy/policy.yml` and copies `schemas/*.json` and
`policy/letters/*`. Running from the source tree (an editable install, tests), those files are not in
`ucb/data/`, so the loader reads them from the repository instead, `policy.yml` with PyYAML.
"""

from __future__ import annotations

import copy
import functools
import json
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from . import wording
from .errors import UnknownName

SOURCE_ROOT = Path(__file__).resolve().parent.parent.parent
SCHEMA_NAMES = ("case", "assessment", "policy")


def _data() -> Traversable:
    # Looked up at each use, never kept: imported from a wheel file (as in the browser) it holds the
    # archive open, and an open file does not survive the browser's memory snapshot.
    return resources.files("ucb") / "data"


def _first_file(*candidates: Traversable | Path) -> Traversable | Path | None:
    return next((c for c in candidates if c.is_file()), None)


def policy_from_yaml(text: str) -> dict[str, Any]:
    """Parse policy YAML into plain JSON data (dates become ISO strings), as the wheel stores it.

    The one conversion of the policy YAML: the wheel's build hook (hatch_build.py) and the site's
    macros (sitebuild/macros.py) call it too.
    """
    import yaml  # only needed when running from source; the wheel ships JSON

    return json.loads(json.dumps(yaml.safe_load(text), default=str))


def _policy_data() -> dict[str, Any]:
    packaged = _data() / "policy.json"
    if packaged.is_file():
        return json.loads(packaged.read_text(encoding="utf-8"))
    return policy_from_yaml((SOURCE_ROOT / "policy" / "policy.yml").read_text(encoding="utf-8"))


@functools.cache
def load_policy() -> dict[str, Any]:
    """The policy data (policy.yml as JSON), with role titles and contact details filled into its text.
    Treat the result as read-only: it is shared."""
    data = _policy_data()
    return wording.resolve(data, data)


@functools.cache
def _schema(name: str) -> dict[str, Any]:
    if name not in SCHEMA_NAMES:
        raise UnknownName(f"There is no schema called '{name}'. Choose one of: {', '.join(SCHEMA_NAMES)}.")
    filename = f"{name}.schema.json"
    found = _first_file(_data() / "schemas" / filename, SOURCE_ROOT / "schemas" / filename)
    if found is None:
        raise UnknownName(f"The {name} schema is not available in this build.")
    return wording.resolve(json.loads(found.read_text(encoding="utf-8")), load_policy())


def load_schema(name: str) -> dict[str, Any]:
    """One of the JSON Schemas: `case`, `assessment` or `policy` (a fresh copy the caller may change)."""
    return copy.deepcopy(_schema(name))


@functools.cache
def load_letter_template(kind: str) -> str:
    """The wording of one letter, from `policy/letters/<kind>.txt`."""
    filename = f"{kind}.txt"
    found = _first_file(_data() / "letters" / filename, SOURCE_ROOT / "policy" / "letters" / filename)
    if found is None:
        raise UnknownName(f"There is no letter template called '{kind}'.")
    return found.read_text(encoding="utf-8")


@functools.cache
def load_bank_holidays() -> dict[str, Any]:
    """The bank-holiday table for England and Wales (always packaged: it is generated into ucb/data)."""
    return json.loads((_data() / "bank_holidays.json").read_text(encoding="utf-8"))
