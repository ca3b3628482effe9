"""The JSON interface the browser calls: `call(op, payload_json) -> reply_json`. It never raises.

A reply is `{"ok": true, "result": ...}`; only a malformed request (unknown operation, payload that is
not a JSON object, a missing or invalid `on`, an unknown name or format) gives
`{"ok": false, "error": {"code", "message"}}`, and anything the toolkit did not expect gives the code
`internal_error` with a plain message (never the exception's own words). Problems in the case or file
come back inside `result` as `errors`: [{code, message, path}], the first MAX_REPLY_ERRORS of them,
with `error_count` saying how many there were. Files reach `read_case` and `import_contacts` as their
bytes (`data`, base64), so the browser and the CLI read them by one rule (ucb.reading). Operations:
`policy`, `schema` {name}, `validate` {case, on}, `read_case` {data, on}, `import_contacts` {format, data},
`metrics`, `assess`, `report` and `evidence_pack` {case, on, format, policy_url}, `letter` {case, on, kind,
format; a Word letter comes back as `base64`}, `upgrade` {case}, and the register's `register_entries`
{files: [{source, data}], on}, `register_views`, `register_csv`, `register_calendar` and `yearly_report`.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable
from datetime import date
from typing import Any

from . import exports, letters, migrate, register, register_report, report, yearly_report
from ._resources import load_policy, load_schema
from .assess import assess
from .contacts_import import count, import_contacts
from .dates import parse_date
from .errors import CaseInvalid, DateOutOfRange, ErrorRecord, UcbError
from .metrics import compute
from .reading import MAX_FILE_BYTES, FileRefused, as_case, check_size, decode, load_json, megabytes
from .validate import errors as case_errors
from .validate import iter_errors

MAX_REPLY_ERRORS = 100
"""Errors a reply lists (a file of a million bad rows must not become a reply the page takes seconds to read)."""

INTERNAL_ERROR = (
    "The tool could not finish this, and nothing you entered has changed. Try again; if it happens again, "
    "tell the team that looks after the tool what you were doing. Do not send them the case."
)


UNREADABLE = (
    "The browser could not read the file. It may have been moved, renamed or changed since it was chosen: choose the "
    "folder or files again."
)


class BadRequest(UcbError):
    """The request itself is malformed (as opposed to the case it carries)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def _assessment_date(payload: dict[str, Any]) -> date:
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
    if url is not None and not (isinstance(url, str) and is_web_address(url)):
        raise BadRequest(
            "policy_url_invalid", "'policy_url' must be the web address (http or https) of the published policy page."
        )
    return url or None


def is_web_address(url: str) -> bool:
    """True for an http or https address with no spaces or control characters (never javascript: or data:)."""
    return url.lower().startswith(("https://", "http://")) and not any(ch.isspace() or ord(ch) < 32 for ch in url)


def _listed(records: list[ErrorRecord]) -> dict[str, Any]:
    """`errors` (the first MAX_REPLY_ERRORS) and `error_count` for a reply."""
    return {"errors": [r.to_dict() for r in records[:MAX_REPLY_ERRORS]], "error_count": len(records)}


def _assessed(payload: dict[str, Any]) -> tuple[dict[str, Any] | None, list[ErrorRecord]]:
    """The assessment of the payload's case, or None with the case's errors."""
    on = _assessment_date(payload)
    try:
        return assess(payload.get("case"), load_policy(), on=on), []
    except CaseInvalid as invalid:
        return None, invalid.errors
    except DateOutOfRange as error:
        return None, [ErrorRecord(error.code, str(error), "$")]


def _file_text(payload: dict[str, Any]) -> str:
    """A file's text from `data` (its bytes, base64) or, for callers that hold text already, `text`."""
    data = payload.get("data")
    if data is not None:
        if not isinstance(data, str):
            raise BadRequest("data_invalid", "'data' must be the file's bytes, in base64.")
        check_size(len(data) * 3 // 4 - len(data[-2:]) + len(data[-2:].rstrip("=")))  # before decoding it
        try:
            raw = base64.b64decode(data, validate=True)
        except (binascii.Error, ValueError):
            raise BadRequest("data_invalid", "'data' must be the file's bytes, in base64.") from None
        return decode(raw)
    text = payload.get("text")
    if not isinstance(text, str):
        raise BadRequest("text_missing", "Put the file's bytes in 'data' (base64), or its text in 'text'.")
    check_size(len(text))
    return text.removeprefix("\ufeff")


def _op_policy(payload: dict[str, Any]) -> Any:
    return load_policy()


def _op_schema(payload: dict[str, Any]) -> Any:
    return load_schema(_choice(payload, "name", ("case", "assessment", "policy")))


def _op_validate(payload: dict[str, Any]) -> Any:
    return _listed(case_errors(payload.get("case"), on=_assessment_date(payload)))


def _op_read_case(payload: dict[str, Any]) -> Any:
    """A case file's bytes -> the case, or why the file is not a case this tool can open."""
    on = _assessment_date(payload)
    try:
        case = as_case(load_json(_file_text(payload)))
    except FileRefused as refused:
        return {"case": None, **_listed([ErrorRecord(refused.code, str(refused))])}
    first = next(iter_errors(case, on=on), None)
    if first is not None and first.code == "schema_version_unsupported":
        return {"case": None, **_listed([first])}
    return {"case": migrate.upgrade(case), **_listed([])}


def _op_import_contacts(payload: dict[str, Any]) -> Any:
    """A contact log's bytes -> contacts, the problems found and how many rows were left out.

    `case_size` (optional): the length of the case's JSON now. A log that would take the case past
    the largest file the tool opens is refused, so a case can always be saved and opened again."""
    fmt = _choice(payload, "format", ("csv", "json"))
    case_size = payload.get("case_size", 0)
    if not isinstance(case_size, int) or isinstance(case_size, bool) or case_size < 0:
        raise BadRequest("case_size_invalid", "'case_size' must be the length of the case's JSON, a whole number.")
    try:
        contacts, found, left_out = import_contacts(_file_text(payload), fmt, load_policy())
    except FileRefused as refused:
        return {"contacts": [], "left_out": 0, **_listed([ErrorRecord(refused.code, str(refused))])}
    if contacts and case_size + len(json.dumps(contacts, ensure_ascii=False)) > MAX_FILE_BYTES:
        message = (
            f"The {count(len(contacts), 'contact')} in the file would make the case larger than the "
            f"{megabytes(MAX_FILE_BYTES)} the tool can open again, so none were imported. Split the log into "
            "smaller files, or keep an earlier period in a case of its own."
        )
        return {"contacts": [], "left_out": 0, **_listed([ErrorRecord("log_too_large", message)])}
    return {"contacts": contacts, "left_out": left_out, **_listed(found)}


def _op_metrics(payload: dict[str, Any]) -> Any:
    on = _assessment_date(payload)
    found = case_errors(payload.get("case"), on=on)
    if found:
        return {**_listed(found), "metrics": None}
    try:
        return {**_listed([]), "metrics": compute(_case(payload), load_policy(), on=on)}
    except DateOutOfRange as error:
        return {**_listed([ErrorRecord(error.code, str(error), "$")]), "metrics": None}


def _op_assess(payload: dict[str, Any]) -> Any:
    assessment, found = _assessed(payload)
    return {**_listed(found), "assessment": assessment}


def _op_report(payload: dict[str, Any]) -> Any:
    fmt = _choice(payload, "format", report.REPORT_FORMATS, "html")
    url = _policy_url(payload)
    assessment, found = _assessed(payload)
    text = report.render_report(assessment, load_policy(), fmt=fmt, policy_url=url) if assessment else None
    return {**_listed(found), "text": text}


def _op_evidence_pack(payload: dict[str, Any]) -> Any:
    fmt = _choice(payload, "format", report.REPORT_FORMATS, "html")
    url = _policy_url(payload)
    assessment, found = _assessed(payload)
    text = (
        report.render_evidence_pack(_case(payload), assessment, load_policy(), fmt=fmt, policy_url=url)
        if assessment
        else None
    )
    return {**_listed(found), "text": text}


def _op_letter(payload: dict[str, Any]) -> Any:
    policy = load_policy()
    kind = _choice(payload, "kind", letters.kinds(policy))
    fmt = _choice(payload, "format", letters.LETTER_FORMATS, "text")
    url = _policy_url(payload)
    assessment, found = _assessed(payload)
    if assessment is None:
        return {**_listed(found), "text": None}
    case = _case(payload)
    needed = letters.requirements(case, kind, assessment, policy, on=_assessment_date(payload))
    if needed:
        return {**_listed(needed), "text": None}
    drafted = letters.draft(kind, case, assessment, policy, fmt=fmt, policy_url=url)
    if isinstance(drafted, bytes):
        return {**_listed([]), "text": None, "base64": base64.b64encode(drafted).decode("ascii")}
    return {**_listed([]), "text": drafted}


def _op_upgrade(payload: dict[str, Any]) -> Any:
    return {"case": _case(payload)}


def _case(payload: dict[str, Any]) -> Any:
    """The payload's case in the current format (a case saved in an earlier format is upgraded)."""
    return migrate.upgrade(payload.get("case"))


def _register_files(payload: dict[str, Any]) -> list[dict[str, Any]]:
    files = payload.get("files")
    if not isinstance(files, list) or not all(
        isinstance(f, dict) and isinstance(f.get("source"), str) and f["source"] for f in files
    ):
        raise BadRequest(
            "files_invalid",
            "Give 'files' as a list of {source, data}: each file's name, so the register can say which file each "
            "line comes from, and its bytes in base64.",
        )
    return files


def _register_found(file: dict[str, Any], policy: dict[str, Any], on: date) -> dict[str, Any]:
    """One file's register entry, or why the register cannot use it."""
    source = file["source"]
    if file.get("unreadable") is True:
        return {"entry": None, "refused": {"source": source, **_listed([ErrorRecord("file_unreadable", UNREADABLE)])}}
    try:
        case = as_case(load_json(_file_text(file)))
    except (FileRefused, BadRequest) as refused:
        return {"entry": None, "refused": {"source": source, **_listed([ErrorRecord(refused.code, str(refused))])}}
    found = register.read(source, case, policy, on=on)
    if isinstance(found, register.Refused):
        return {"entry": None, "refused": {"source": source, **_listed(found.errors)}}
    return {"entry": found, "refused": None}


def _op_register_entries(payload: dict[str, Any]) -> Any:
    """Case files' bytes -> each one's register entry, or why the register cannot use it, in the order given.
    The page sends a few files at a time, so each is read on its own and few are in memory at once; a file marked
    `unreadable` (the browser could not read it) is listed with why."""
    on, files = _assessment_date(payload), _register_files(payload)
    policy = load_policy()
    return {"found": [_register_found(file, policy, on) for file in files]}


def _entries(payload: dict[str, Any]) -> list[dict[str, Any]]:
    entries = payload.get("entries")
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise BadRequest(
            "entries_invalid", "'entries' must be the list of register entries the register_entries operation gave."
        )
    return entries


def _op_register_views(payload: dict[str, Any]) -> Any:
    within = payload.get("within_days", 30)
    if not isinstance(within, int) or isinstance(within, bool) or not 0 <= within <= 366:
        raise BadRequest("within_days_invalid", "'within_days' must be a whole number of days from 0 to 366.")
    refused = [
        register.Refused(r["source"], [ErrorRecord(e["code"], e["message"]) for e in r["errors"]])
        for r in payload.get("refused", [])
    ]
    views = register.views(_entries(payload), refused, on=_assessment_date(payload), within_days=within)
    fmt = payload.get("format")
    if fmt is None:
        return {"views": views}
    return {
        "views": views,
        "text": register_report.render(
            views, load_policy(), fmt=_choice(payload, "format", register_report.REGISTER_FORMATS)
        ),
    }


def _op_register_csv(payload: dict[str, Any]) -> Any:
    view = _choice(payload, "view", tuple(exports.VIEW_COLUMNS))
    views = register.views(
        _entries(payload), [], on=_assessment_date(payload), within_days=int(payload.get("within_days", 30))
    )
    return {"text": exports.view_csv(views, view)}


def _op_register_calendar(payload: dict[str, Any]) -> Any:
    return {"text": exports.calendar(_entries(payload), on=_assessment_date(payload)).decode("utf-8")}


def _date_field(payload: dict[str, Any], key: str) -> date:
    text = payload.get(key)
    try:
        return parse_date(text) if isinstance(text, str) else parse_date("")
    except ValueError:
        raise BadRequest(f"{key}_invalid", f"Give '{key}' as year-month-day, for example 2024-04-01.") from None


def _op_yearly_report(payload: dict[str, Any]) -> Any:
    start, end = _date_field(payload, "from"), _date_field(payload, "to")
    if end < start:
        raise BadRequest("period_invalid", "The end of the period comes before its start.")
    fmt = _choice(payload, "format", yearly_report.REPORT_FORMATS, "html")
    return {"text": yearly_report.render(_entries(payload), load_policy(), start=start, end=end, fmt=fmt)}


OPERATIONS: dict[str, Callable[[dict[str, Any]], Any]] = {
    "policy": _op_policy,
    "schema": _op_schema,
    "validate": _op_validate,
    "read_case": _op_read_case,
    "import_contacts": _op_import_contacts,
    "metrics": _op_metrics,
    "assess": _op_assess,
    "report": _op_report,
    "evidence_pack": _op_evidence_pack,
    "letter": _op_letter,
    "upgrade": _op_upgrade,
    "register_entries": _op_register_entries,
    "register_views": _op_register_views,
    "register_csv": _op_register_csv,
    "register_calendar": _op_register_calendar,
    "yearly_report": _op_yearly_report,
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
        # No NaN or Infinity: the browser's JSON.parse would refuse the reply.
        return json.dumps({"ok": True, "result": result}, ensure_ascii=False, allow_nan=False)
    except UcbError as error:
        return _fail(getattr(error, "code", "ucb_error"), str(error))
    except Exception:  # noqa: BLE001 - the browser contract: never raise, nor show a manager the toolkit's insides
        return _fail("internal_error", INTERNAL_ERROR)
