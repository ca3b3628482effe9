"""The JSON interface the browser calls: `call(op, payload_json) -> reply_json`. It never raises.

A reply is `{"ok": true, "result": ...}`; only a malformed request (unknown operation, payload that is
not a JSON object, a missing or invalid `on`, an unknown name or format) gives
`{"ok": false, "error": {"code", "message"}}`. Problems in the case itself come back inside `result`
as `errors`: [{code, message, path}]. Each operation's payload and result are in its `_op_` handler below.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from typing import Any

from . import letters, report
from ._resources import load_policy, load_schema
from .assess import assess
from .contacts_import import import_contacts
from .dates import parse_date
from .errors import CaseInvalid, DateOutOfRange, ErrorRecord, UcbError
from .metrics import compute
from .validate import errors as case_errors


class BadRequest(UcbError):
    """The request itself is malformed (as opposed to the case it carries)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def _on(payload: dict[str, Any]) -> date:
    text = payload.get("on")
    if not isinstance(text, str):
        raise BadRequest(
            "on_missing", "Say which date to assess the case as at: 'on' as year-month-day, for example 2023-07-20."
        )
    try:
        return parse_date(text)
    except ValueError:
        raise BadRequest(
            "on_invalid", f"{text!r} is not a date. Write 'on' as year-month-day, for example 2023-07-20."
        ) from None


def _choice(payload: dict[str, Any], key: str, allowed: tuple[str, ...], default: str | None = None) -> str:
    value = payload.get(key, default)
    if value not in allowed:
        raise BadRequest(
            f"{key}_unknown", f"{value!r} is not a {key} this operation knows. Use one of: {', '.join(allowed)}."
        )
    return str(value)


def _policy_url(payload: dict[str, Any]) -> str | None:
    url = payload.get("policy_url")
    if url is not None and not isinstance(url, str):
        raise BadRequest(
            "policy_url_invalid", "'policy_url' must be the address of the published policy page, as text."
        )
    return url or None


def _errors(records: list[ErrorRecord]) -> list[dict[str, object]]:
    return [r.to_dict() for r in records]


def _assessed(payload: dict[str, Any]) -> tuple[dict[str, Any] | None, list[dict[str, object]]]:
    """The assessment of the payload's case, or None with the case's errors."""
    on = _on(payload)
    try:
        return assess(payload.get("case"), load_policy(), on=on), []
    except CaseInvalid as invalid:
        return None, _errors(invalid.errors)
    except DateOutOfRange as error:
        return None, [{"code": error.code, "message": str(error), "path": "$"}]


def _op_policy(payload: dict[str, Any]) -> Any:
    return load_policy()


def _op_schema(payload: dict[str, Any]) -> Any:
    return load_schema(_choice(payload, "name", ("case", "assessment", "policy")))


def _op_validate(payload: dict[str, Any]) -> Any:
    return {"errors": _errors(case_errors(payload.get("case"), on=_on(payload)))}


def _op_import_contacts(payload: dict[str, Any]) -> Any:
    fmt = _choice(payload, "format", ("csv", "json"))
    text = payload.get("text")
    if not isinstance(text, str):
        raise BadRequest("text_missing", "Put the file's contents in 'text'.")
    contacts, found = import_contacts(text, fmt, load_policy())
    return {
        "contacts": contacts,
        "errors": [{"row": r.row, "code": r.code, "message": r.message, "path": r.path} for r in found],
    }


def _op_metrics(payload: dict[str, Any]) -> Any:
    on = _on(payload)
    found = case_errors(payload.get("case"), on=on)
    if found:
        return {"errors": _errors(found), "metrics": None}
    try:
        return {"errors": [], "metrics": compute(payload["case"], load_policy(), on=on)}
    except DateOutOfRange as error:
        return {"errors": [{"code": error.code, "message": str(error), "path": "$"}], "metrics": None}


def _op_assess(payload: dict[str, Any]) -> Any:
    assessment, found = _assessed(payload)
    return {"errors": found, "assessment": assessment}


def _op_report(payload: dict[str, Any]) -> Any:
    fmt = _choice(payload, "format", report.REPORT_FORMATS, "html")
    url = _policy_url(payload)
    assessment, found = _assessed(payload)
    text = report.render_report(assessment, load_policy(), fmt=fmt, policy_url=url) if assessment else None
    return {"errors": found, "text": text}


def _op_evidence_pack(payload: dict[str, Any]) -> Any:
    fmt = _choice(payload, "format", report.REPORT_FORMATS, "html")
    url = _policy_url(payload)
    assessment, found = _assessed(payload)
    text = (
        report.render_evidence_pack(payload["case"], assessment, load_policy(), fmt=fmt, policy_url=url)
        if assessment
        else None
    )
    return {"errors": found, "text": text}


def _op_letter(payload: dict[str, Any]) -> Any:
    kind = _choice(payload, "kind", letters.KINDS)
    fmt = _choice(payload, "format", letters.LETTER_FORMATS, "text")
    url = _policy_url(payload)
    assessment, found = _assessed(payload)
    if assessment is None:
        return {"errors": found, "text": None}
    needed = letters.requirements(payload["case"], kind)
    if needed:
        return {"errors": _errors(needed), "text": None}
    return {
        "errors": [],
        "text": letters.draft(kind, payload["case"], assessment, load_policy(), fmt=fmt, policy_url=url),
    }


OPERATIONS: dict[str, Callable[[dict[str, Any]], Any]] = {
    "policy": _op_policy,
    "schema": _op_schema,
    "validate": _op_validate,
    "import_contacts": _op_import_contacts,
    "metrics": _op_metrics,
    "assess": _op_assess,
    "report": _op_report,
    "evidence_pack": _op_evidence_pack,
    "letter": _op_letter,
}


def _fail(code: str, message: str) -> str:
    return json.dumps({"ok": False, "error": {"code": code, "message": message}}, ensure_ascii=False)


def call(op: str, payload_json: str) -> str:
    """Run operation `op` on a JSON payload and return the JSON reply. Never raises."""
    try:
        handler = OPERATIONS.get(op) if isinstance(op, str) else None
        if handler is None:
            return _fail("op_unknown", f"{op!r} is not an operation. Use one of: {', '.join(OPERATIONS)}.")
        try:
            payload = json.loads(payload_json) if payload_json else {}
        except (TypeError, ValueError) as error:
            return _fail("payload_invalid", f"The request is not valid JSON: {error}.")
        if not isinstance(payload, dict):
            return _fail(
                "payload_invalid", 'The request must be a JSON object, for example {"case": {...}, "on": "2023-07-20"}.'
            )
        result = handler(payload)
        return json.dumps({"ok": True, "result": result}, ensure_ascii=False)
    except UcbError as error:
        return _fail(getattr(error, "code", "ucb_error"), str(error))
    except Exception as error:  # noqa: BLE001 - the browser contract: never raise; say what happened
        return _fail(
            "internal_error",
            f"The toolkit could not complete '{op}' ({type(error).__name__}: {error}). Please report this with the case file.",
        )
