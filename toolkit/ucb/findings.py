"""The shape every reason, missing item and safeguard takes. The wording of each, keyed by its code, is in
the policy data (`findings:` in policy.yml); this module fills in the figures and dates."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from .dates import long_date, parse_date
from .errors import PolicyError

Finding = dict[str, str]


def finding(
    policy: dict[str, Any], code: str, *, path: str | None = None, due_by: date | None = None, **values: str
) -> Finding:
    """One statement with its rule code, its wording filled from `values`, and the clause it rests on.

    `path` is the JSON path of the part of the case where the manager records what is asked for; `due_by` is
    the date it is due by, where the policy sets one.
    """
    try:
        spec = policy["findings"][code]
    except KeyError:
        raise PolicyError(f"The policy data has no wording for the finding '{code}'.") from None
    try:
        message = spec["text"].format_map(values)
    except (KeyError, IndexError, ValueError) as error:
        raise PolicyError(f"The wording of '{code}' uses {error}, which the toolkit does not supply.") from None
    out: Finding = {"code": code, "message": message, "clause": spec["clause"]}
    if path:
        out["path"] = path
    if due_by:
        out["by"] = due_by.isoformat()
    return out


def count(number: int, noun: str, plural: str | None = None) -> str:
    """'1 contact', '3 contacts'; `plural` for irregular nouns."""
    return f"{number} {noun if number == 1 else plural or noun + 's'}"


def listing(items: Iterable[str]) -> str:
    """'A', 'A and B', 'A, B and C'."""
    words = list(items)
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} and {words[-1]}"


def named(ids: list[str], noun: str) -> str:
    """'issue I1', 'issues I1 and I2'."""
    return f"{noun if len(ids) == 1 else noun + 's'} {listing(ids)}"


def day(value: str | date | None) -> str:
    """A date as letters write it (8 May 2023); empty for None."""
    if value is None:
        return ""
    return long_date(value if isinstance(value, date) else parse_date(value))


def role_title(policy: dict[str, Any], role: str) -> str:
    """A role's title as the policy writes it, for use in a sentence."""
    return str(policy["roles"][role]["title"])


def sentence_case(text: str) -> str:
    """The text with its first letter in capitals, for the start of a sentence."""
    return text[:1].upper() + text[1:]


def behaviour_title(policy: dict[str, Any], behaviour: str) -> str:
    """A behaviour category's title in lower case, for use mid-sentence."""
    title = str(policy["behaviours"][behaviour]["title"])
    return title[0].lower() + title[1:]


__all__ = ["Finding", "behaviour_title", "count", "day", "finding", "listing", "named", "role_title", "sentence_case"]
