"""Role titles and contact details said once in the policy data, put into every other text that names them.

Text in `policy.yml` and the case schema writes `{role:city_helpdesk_manager}` or `{contact:phone}` instead of
typing a title or number again; `resolve` replaces each with the value from the policy data.
"""

from __future__ import annotations

import re
from typing import Any

from .errors import PolicyError

_PLACEHOLDER = re.compile(r"\{(role|contact):([a-z_]+)\}")


def _lookup(policy: dict[str, Any], kind: str, key: str) -> str:
    source = policy["roles"] if kind == "role" else policy["meta"]["contact"]
    if key not in source:
        raise PolicyError(f"The text names '{{{kind}:{key}}}', but the policy data has no {kind} '{key}'.")
    value = source[key]["title"] if kind == "role" else source[key]
    return str(value)


def fill(text: str, policy: dict[str, Any]) -> str:
    """`text` with every `{role:…}` and `{contact:…}` replaced by its value."""
    return _PLACEHOLDER.sub(lambda m: _lookup(policy, m.group(1), m.group(2)), text)


def resolve(node: Any, policy: dict[str, Any]) -> Any:
    """A copy of `node` (policy data or a schema) with every string's placeholders filled."""
    if isinstance(node, str):
        return fill(node, policy) if "{" in node else node
    if isinstance(node, dict):
        return {key: resolve(value, policy) for key, value in node.items()}
    if isinstance(node, list):
        return [resolve(value, policy) for value in node]
    return node


def placeholders(node: Any) -> set[str]:
    """Every placeholder used anywhere in `node`, as `role:id` or `contact:key` (for checks)."""
    if isinstance(node, str):
        return {f"{m.group(1)}:{m.group(2)}" for m in _PLACEHOLDER.finditer(node)}
    if isinstance(node, dict):
        return set().union(*(placeholders(v) for v in node.values())) if node else set()
    if isinstance(node, list):
        return set().union(*(placeholders(v) for v in node)) if node else set()
    return set()


__all__ = ["fill", "placeholders", "resolve"]
