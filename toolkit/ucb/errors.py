"""The toolkit's one exception tree and the error record every check reports."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ErrorRecord:
    """One problem found in a case or an import: a stable code, what to fix, and where.

    `path` is a JSON path into the input, such as `$.contacts[3].at`.
    `row` is the spreadsheet row number for a contacts import, otherwise None.
    """

    code: str
    message: str
    path: str = "$"
    row: int | None = None

    def to_dict(self) -> dict[str, object]:
        out: dict[str, object] = {"code": self.code, "message": self.message, "path": self.path}
        if self.row is not None:
            out["row"] = self.row
        return out


class UcbError(Exception):
    """Base of every error the toolkit raises on purpose."""

    code = "ucb_error"


class CaseInvalid(UcbError):
    """The case record has errors; `errors` lists every one found."""

    code = "case_invalid"

    def __init__(self, errors: list[ErrorRecord]) -> None:
        self.errors = errors
        first = errors[0].message if errors else "The case record is not valid."
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        super().__init__(first + more)


class DateOutOfRange(UcbError):
    """A date falls outside the years the bank-holiday table covers."""

    code = "date_out_of_range"


class UnknownName(UcbError):
    """A schema, letter kind, format or operation name that does not exist."""

    code = "unknown_name"


class PolicyError(UcbError):
    """The policy data is missing something the toolkit needs."""

    code = "policy_error"


__all__ = ["CaseInvalid", "DateOutOfRange", "ErrorRecord", "PolicyError", "UcbError", "UnknownName"]
