"""The shape every reason, missing item and safeguard takes, and the role wording they share."""

from __future__ import annotations

from typing import Any

Finding = dict[str, str]


def finding(code: str, message: str, clause: str) -> Finding:
    """One statement with its rule code and the policy clause it rests on."""
    return {"code": code, "message": message, "clause": clause}


def role_title(policy: dict[str, Any], role: str) -> str:
    """A role's title as the policy writes it, for use in a sentence."""
    return str(policy["roles"][role]["title"])


def the_role(policy: dict[str, Any], role: str) -> str:
    """'the City Helpdesk Manager', 'the appropriate manager'."""
    return f"the {role_title(policy, role)}"


def capital(text: str) -> str:
    """The text with its first letter in capitals, for the start of a sentence."""
    return text[:1].upper() + text[1:]


def behaviour_title(policy: dict[str, Any], behaviour: str) -> str:
    """A behaviour category's title in lower case, for use mid-sentence."""
    title = str(policy["behaviours"][behaviour]["title"])
    return title[0].lower() + title[1:]
