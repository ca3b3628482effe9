"""Check a case record: first its shape against case.schema.json, then what a schema cannot say
(real dates, dates in order, nothing after the assessment date, references that resolve)."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from typing import Any

import fastjsonschema
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from . import calendar, migrate
from ._resources import load_schema
from .dates import contact_date, parse_date
from .errors import CaseInvalid, ErrorRecord

Path = tuple[str | int, ...]


_PLAIN_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")


def json_path(parts: Iterable[str | int]) -> str:
    """`("contacts", 3, "at")` -> `$.contacts[3].at`; a name that is not plain is quoted: `$['ré f']`."""
    return "$" + "".join(
        f"[{p}]" if isinstance(p, int) else f".{p}" if _PLAIN_NAME.fullmatch(p) else f"['{p}']" for p in parts
    )


# --- the schema -------------------------------------------------------------------------------


@functools.cache
def _validators() -> tuple[Draft202012Validator, Draft202012Validator]:
    schema = load_schema("case")
    contact = {"$schema": schema["$schema"], "$defs": schema["$defs"], "$ref": "#/$defs/contact"}
    checker = Draft202012Validator.FORMAT_CHECKER
    return (
        Draft202012Validator(schema, format_checker=checker),
        Draft202012Validator(contact, format_checker=checker),
    )


def _follow(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    ref = node.get("$ref", "")
    return schema["$defs"][ref.rsplit("/", 1)[-1]] if ref.startswith("#/$defs/") else node


@functools.cache
def _title(parts: tuple[str, ...]) -> str:
    """The schema title of the field at `parts` (array indices written as "*"), for messages."""
    schema = load_schema("case")
    node: dict[str, Any] = schema
    for part in parts:
        node = _follow(schema, node)
        node = node.get("items", {}) if part == "*" else node.get("properties", {}).get(part, {})
    return str(node.get("title") or _follow(schema, node).get("title") or (parts[-1] if parts else "The case record"))


def _label(parts: Path) -> str:
    """The field's title, led by the numbered list item it sits in: 'Contact 4: Date and time'."""
    pattern = tuple("*" if isinstance(p, int) else p for p in parts)
    last = max((i for i, p in enumerate(parts) if isinstance(p, int)), default=None)
    if last is None:
        return _title(pattern)
    item = f"{_title(pattern[: last + 1])} {int(parts[last]) + 1}"
    return item if last == len(parts) - 1 else f"{item}: {_title(pattern)}"


def _missing_fields(error: ValidationError, parts: Path) -> Iterator[ErrorRecord]:
    for name in error.validator_value:
        if isinstance(error.instance, dict) and name not in error.instance and repr(name) in error.message:
            field = _label((*parts, name))
            yield ErrorRecord(
                "required_field_missing", f"Fill in '{field}': it is needed here.", json_path((*parts, name))
            )


def _missing_earlier_records(error: ValidationError, parts: Path) -> Iterator[ErrorRecord]:
    """A record that needs an earlier one, as the schema's dependentRequired says (a decision needs a referral)."""
    value = error.instance
    for name, needed in error.validator_value.items():
        for earlier in needed:
            if isinstance(value, dict) and name in value and earlier not in value and repr(earlier) in error.message:
                later, first = _label((*parts, name)), _label((*parts, earlier))
                yield ErrorRecord(
                    "earlier_record_missing",
                    f"'{later}' is recorded but '{first}' is not, and it comes first. Record '{first}' first.",
                    json_path((*parts, earlier)),
                )


def _schema_records(error: ValidationError, prefix: Path) -> Iterator[ErrorRecord]:
    parts: Path = prefix + tuple(error.absolute_path)
    value, rule = error.instance, error.validator
    label = _label(parts)
    if rule == "required":
        yield from _missing_fields(error, parts)
    elif rule == "dependentRequired":
        yield from _missing_earlier_records(error, parts)
    elif rule == "additionalProperties":
        known = error.schema.get("properties", {})
        for name in sorted(k for k in value if k not in known):
            yield ErrorRecord(
                "unknown_field",
                f"'{name}' is not a field the case record has. Check its spelling or remove it.",
                json_path((*parts, name)),
            )
    elif rule == "enum":
        choices = ", ".join(str(c) for c in error.validator_value)
        yield ErrorRecord(
            "value_not_allowed",
            f"{value!r} is not one of the choices for '{label}'. Choose one of: {choices}.",
            json_path(parts),
        )
    elif rule == "type":
        kinds = {
            "string": "text",
            "boolean": "true or false",
            "array": "a list",
            "object": "a group of fields",
            "integer": "a whole number",
        }
        wanted = kinds.get(str(error.validator_value), str(error.validator_value))
        yield ErrorRecord("wrong_type", f"'{label}' must be {wanted}, not {value!r}.", json_path(parts))
    elif rule == "format" or (rule == "pattern" and parts and parts[-1] == "at"):
        example = "2023-06-14 or 2023-06-14T09:30" if rule == "pattern" else "2023-06-14"
        yield ErrorRecord(
            "date_invalid",
            f"{value!r} is not a date. Write '{label}' as year-month-day, for example {example}.",
            json_path(parts),
        )
    elif rule == "minLength":
        yield ErrorRecord("text_empty", f"'{label}' is empty. Fill it in or remove it.", json_path(parts))
    elif rule == "maxLength":
        yield ErrorRecord(
            "text_too_long", f"'{label}' is too long. Keep it to {error.validator_value} characters.", json_path(parts)
        )
    elif rule == "uniqueItems":
        yield ErrorRecord(
            "duplicate_entry", f"'{label}' lists the same entry more than once. Remove the repeat.", json_path(parts)
        )
    elif rule == "const":
        yield ErrorRecord("value_not_allowed", f"'{label}' must be {error.validator_value!r}.", json_path(parts))
    else:
        yield ErrorRecord("schema_rule_broken", f"'{label}': {error.message}.", json_path(parts))


# --- the fast check ----------------------------------------------------------------------------------
# A log can hold thousands of contacts and a register a thousand cases. Each is first checked by a validator
# compiled from the same case schema (fastjsonschema, which writes the schema out as Python); only what fails
# it goes to jsonschema, which explains every error. Its formats are jsonschema's own, so the two agree (a
# property test checks the fast check is never more lenient).


def _draft_7(node: dict[str, Any]) -> dict[str, Any]:
    # fastjsonschema reads draft 7; the case schema uses nothing draft 7 lacks ($defs is reached by $ref) but the
    # top level's dependentRequired, which draft 7 writes as dependencies.
    draft = {**node, "$schema": "http://json-schema.org/draft-07/schema#"}
    if "dependentRequired" in draft:
        draft["dependencies"] = draft.pop("dependentRequired")
    return draft


@functools.cache
def _fast_checks() -> tuple[Callable[[Any], Any], Callable[[Any], Any]]:
    schema = load_schema("case")
    contact = {"$defs": schema["$defs"], "$ref": "#/$defs/contact"}
    formats = {"date": _is_iso_date}  # as jsonschema checks it: a real date written YYYY-MM-DD
    # use_default=False: a check must never write the schema's defaults into the case it checks.
    return (
        fastjsonschema.compile(_draft_7(schema), formats=formats, use_default=False),
        fastjsonschema.compile(_draft_7(contact), formats=formats, use_default=False),
    )


def _passes(check: Callable[[Any], Any], value: Any) -> bool:
    try:
        check(value)
    except fastjsonschema.JsonSchemaException:
        return False
    return True


@functools.lru_cache(maxsize=8192)
def _is_iso_date(text: str) -> bool:
    return Draft202012Validator.FORMAT_CHECKER.conforms(text, "date")


@functools.lru_cache(maxsize=8192)
def _is_real_time(at: str) -> bool:
    """True if a contact's `at` (already the right shape) is a real date, and time if it has one."""
    try:
        contact_date(at)
    except ValueError:
        return False
    return True


def is_plainly_valid_contact(contact: Any) -> bool:
    """True only if the contact certainly meets the contact schema and its `at` is a real date and time."""
    return _all_plain((contact,))


def contact_errors(contact: Any, parts: Path) -> Iterator[ErrorRecord]:
    """Every error in one contact, with JSON paths under `parts` (for example `("contacts", 3)`)."""
    if is_plainly_valid_contact(contact):
        return
    at_reported = False
    for error in _validators()[1].iter_errors(contact):
        at_reported = at_reported or tuple(error.absolute_path)[:1] == ("at",)
        yield from _schema_records(error, parts)
    at = contact.get("at") if isinstance(contact, dict) else None
    if isinstance(at, str) and not at_reported:
        try:  # the schema checks a date-time's shape; this catches 2023-02-30T10:00 or 25:00
            contact_date(at)
        except ValueError:
            yield ErrorRecord(
                "date_invalid",
                f"{at!r} is not a real date and time. Write it as 2023-06-14 or 2023-06-14T09:30.",
                json_path((*parts, "at")),
            )


_shapes: dict[tuple[Any, ...], bool] = {}


@functools.cache
def _at_and_note() -> tuple[re.Pattern[str], int]:
    """The schema's own rules for a contact's `at` (its pattern) and `note` (its longest length)."""
    props = load_schema("case")["$defs"]["contact"]["properties"]
    return re.compile(props["at"]["pattern"]), int(props["note"]["maxLength"])


def _all_plain(contacts: Iterable[Any]) -> bool:
    """True only if every contact certainly meets the contact schema: its `at` and `note` by the schema's own
    pattern and length, and what else it holds by its shape (logs repeat the same few shapes), each shape
    checked once by the validator compiled from the schema. One loop, no call per contact: logs run to
    thousands of contacts."""
    pattern, longest = _at_and_note()
    for contact in contacts:
        if type(contact) is not dict:
            return False
        at, note = contact.get("at"), contact.get("note", "")
        if (
            type(at) is not str
            or not pattern.fullmatch(at)
            or not _is_real_time(at)
            or type(note) is not str
            or len(note) > longest
        ):
            return False
        shape = tuple(
            [(k, tuple(v) if type(v) is list else v) for k, v in contact.items() if k != "at" and k != "note"]
        )
        try:
            known = _shapes.get(shape)
        except TypeError:  # a list holding something unhashable: not a plain contact
            return False
        if known is None:
            known = _passes(_fast_checks()[1], {**contact, "at": "2024-01-02", "note": ""})
            if len(_shapes) < 4096:
                _shapes[shape] = known
        if not known:
            return False
    return True


def _schema_errors(case: dict[str, Any]) -> Iterator[ErrorRecord]:
    contacts = case.get("contacts")
    bulk = isinstance(contacts, list)
    shell = {k: v for k, v in case.items() if k != "contacts"} if bulk else case
    if _passes(_fast_checks()[0], shell) and (not bulk or _all_plain(contacts)):
        return
    for error in _validators()[0].iter_errors(shell):
        yield from _schema_records(error, ())
    if bulk:
        for index, contact in enumerate(contacts):
            yield from contact_errors(contact, ("contacts", index))


# --- what a schema cannot say ---------------------------------------------------------------------


def _restriction_lists(case: dict[str, Any]) -> Iterator[tuple[Path, list[dict[str, Any]]]]:
    """Every list of restrictions the case records: the decision's, and those a review or appeal put in place."""
    if "decision" in case:
        yield ("decision", "restrictions"), case["decision"]["restrictions"]
    for i, review in enumerate(case.get("reviews", [])):
        if "restrictions" in review:
            yield ("reviews", i, "restrictions"), review["restrictions"]
    for i, appeal in enumerate(case.get("appeals", [])):
        if "restrictions" in appeal:
            yield ("appeals", i, "restrictions"), appeal["restrictions"]


def _fields(record: dict[str, Any], at: Path, keys: tuple[str, ...]) -> Iterator[tuple[Path, date]]:
    for key in keys:
        if key in record:
            yield (*at, key), parse_date(record[key])


def _dated_fields(case: dict[str, Any]) -> Iterator[tuple[Path, date]]:
    """Every date in the case that records something that has happened (not due or review dates)."""
    for i, issue in enumerate(case.get("issues", [])):
        yield from _fields(issue, ("issues", i), ("raised_on", "responded_on"))
    for i, adj in enumerate(case.get("circumstances", {}).get("vulnerability", {}).get("adjustments", [])):
        yield ("circumstances", "vulnerability", "adjustments", i, "agreed_on"), parse_date(adj["agreed_on"])
    none_needed = case.get("circumstances", {}).get("vulnerability", {}).get("no_adjustment_needed", {})
    yield from _fields(none_needed, ("circumstances", "vulnerability", "no_adjustment_needed"), ("considered_on",))
    for i, step in enumerate(case.get("informal_steps", [])):
        yield ("informal_steps", i, "date"), parse_date(step["date"])
    yield from _fields(case.get("step_one", {}), ("step_one",), ("date", "response_on"))
    yield from _fields(case.get("warning", {}), ("warning",), ("given_on",))
    for i, action in enumerate(case.get("protective_actions", [])):
        yield from _fields(action, ("protective_actions", i), ("taken_on", "confirmed_on", "ended_notice_sent_on"))
    yield from _fields(case.get("step_two", {}), ("step_two",), ("referred_on",))
    yield from _fields(
        case.get("decision", {}), ("decision",), ("decided_on", "letter_sent_on", "ended_notice_sent_on")
    )
    for i, review in enumerate(case.get("reviews", [])):
        yield from _fields(review, ("reviews", i), ("reviewed_on", "letter_sent_on"))
    for i, appeal in enumerate(case.get("appeals", [])):
        yield from _fields(appeal, ("appeals", i), ("received_on", "decided_on", "letter_sent_on"))
    for at, restrictions in _restriction_lists(case):
        for i, r in enumerate(restrictions):
            yield from _fields(r, (*at, i), ("starts_on", "person_notified_on"))


def _not_before(later: tuple[Path, date], earlier: tuple[Path, date], code: str, what: str) -> Iterator[ErrorRecord]:
    if later[1] < earlier[1]:
        yield ErrorRecord(
            code,
            f"{what}: '{_label(later[0])}' ({later[1].isoformat()}) is before '{_label(earlier[0])}' "
            f"({earlier[1].isoformat()}). Check both dates.",
            json_path(later[0]),
        )


def _at(case: dict[str, Any], *parts: str | int) -> tuple[Path, date] | None:
    """The dated field at `parts`, as (path, date), or None if the case does not record it."""
    node: Any = case
    for part in parts:
        if isinstance(part, int):
            node = node[part] if isinstance(node, list) and part < len(node) else None
        else:
            node = node.get(part) if isinstance(node, dict) else None
        if node is None:
            return None
    return tuple(parts), parse_date(node)


def _issue_order(case: dict[str, Any]) -> Iterator[ErrorRecord]:
    for i in range(len(case.get("issues", []))):
        raised = _at(case, "issues", i, "raised_on")
        for key in ("responded_on", "due_on"):
            later = _at(case, "issues", i, key)
            if later:
                code = f"issue_{key.removesuffix('_on')}_before_raised"
                yield from _not_before(later, raised, code, "An issue cannot be answered or due before it was raised")


def _step_order(case: dict[str, Any]) -> Iterator[ErrorRecord]:
    steps = [_at(case, "informal_steps", i, "date") for i in range(len(case.get("informal_steps", [])))]
    one = _at(case, "step_one", "date")
    if one and steps:
        latest = max(steps, key=lambda s: s[1])
        yield from _not_before(one, latest, "step_one_before_informal_steps", "Step one comes after the informal steps")
    response = _at(case, "step_one", "response_on")
    if one and response:
        yield from _not_before(
            response, one, "response_before_step_one", "The customer's response comes after step one"
        )
    warning = _at(case, "warning", "given_on")
    if warning and one:  # the schema says a warning needs step one
        yield from _not_before(warning, one, "warning_before_step_one", "The written warning comes after step one")
    two = _at(case, "step_two", "referred_on")
    if two and one:
        yield from _not_before(two, one, "referral_before_step_one", "A step-two referral comes after step one")


def _protective_order(case: dict[str, Any]) -> Iterator[ErrorRecord]:
    for i in range(len(case.get("protective_actions", []))):
        taken = _at(case, "protective_actions", i, "taken_on")
        for key in ("confirmed_on", "ended_notice_sent_on"):
            later = _at(case, "protective_actions", i, key)
            if later:
                yield from _not_before(
                    later,
                    taken,
                    f"protective_action_{key.removesuffix('_on')}_before_taken",
                    "This comes after the protective action",
                )


def _restriction_order(
    at: Path, restrictions: list[dict[str, Any]], set_on: tuple[Path, date]
) -> Iterator[ErrorRecord]:
    for i, r in enumerate(restrictions):
        start = ((*at, i, "starts_on"), parse_date(r["starts_on"]))
        yield from _not_before(
            start,
            set_on,
            "restriction_starts_before_decision",
            "A restriction starts on or after the decision that sets it",
        )
        review = ((*at, i, "review_on"), parse_date(r["review_on"]))
        if review[1] <= start[1]:
            yield ErrorRecord(
                "review_not_after_start",
                f"The review date ({review[1].isoformat()}) must be after the restriction starts ({start[1].isoformat()}).",
                json_path(review[0]),
            )


def _decision_order(case: dict[str, Any]) -> Iterator[ErrorRecord]:
    decided = _at(case, "decision", "decided_on")
    if not decided:
        return
    referred = _at(case, "step_two", "referred_on")  # the schema says a decision needs a referral
    if referred:
        yield from _not_before(decided, referred, "decision_before_referral", "The decision comes after the referral")
    for key in ("letter_sent_on", "ended_notice_sent_on"):
        later = _at(case, "decision", key)
        if later:
            yield from _not_before(
                later, decided, f"{key.removesuffix('_sent_on')}_before_decision", "This comes after the decision"
            )
    yield from _restriction_order(("decision", "restrictions"), case["decision"]["restrictions"], decided)


def _review_order(case: dict[str, Any]) -> Iterator[ErrorRecord]:
    previous = _at(case, "decision", "decided_on")  # the schema says reviews need a decision
    if previous is None:
        return
    for i, review in enumerate(case.get("reviews", [])):
        current = _at(case, "reviews", i, "reviewed_on")
        yield from _not_before(
            current, previous, "review_out_of_order", "Reviews come after the decision, in date order"
        )
        letter = _at(case, "reviews", i, "letter_sent_on")
        if letter:
            yield from _not_before(
                letter, current, "review_letter_before_review", "The review letter comes after the review"
            )
        yield from _restriction_order(
            ("reviews", i, "restrictions"), review.get("restrictions", []), _at(case, "decision", "decided_on")
        )
        previous = current


def _appeal_target(case: dict[str, Any], i: int, appeal: dict[str, Any]) -> Iterator[ErrorRecord]:
    against = appeal["against"]
    if against == "decision":
        if "decision" not in case:
            yield ErrorRecord(
                "appeal_without_decision",
                "An appeal against the step-two decision is recorded but no decision. Record the decision first.",
                json_path(("appeals", i)),
            )
        return
    if "against_on" not in appeal:
        yield ErrorRecord(
            "appeal_target_date_missing",
            f"Appeal {i + 1} is against a {against.replace('_', ' ')}. Fill in 'Date of what is appealed'.",
            json_path(("appeals", i, "against_on")),
        )
        return
    records = case.get("reviews", []) if against == "review" else case.get("protective_actions", [])
    key = "reviewed_on" if against == "review" else "taken_on"
    if not any(r[key] == appeal["against_on"] for r in records):
        what = "review" if against == "review" else "protective action"
        yield ErrorRecord(
            "appeal_target_unknown",
            f"Appeal {i + 1} is against a {what} on {appeal['against_on']}, but no {what} on that date is recorded. Check the date.",
            json_path(("appeals", i, "against_on")),
        )


def _appeal_order(case: dict[str, Any]) -> Iterator[ErrorRecord]:
    for i, appeal in enumerate(case.get("appeals", [])):
        yield from _appeal_target(case, i, appeal)
        received = _at(case, "appeals", i, "received_on")
        target = (
            _at(case, "decision", "decided_on")
            if appeal["against"] == "decision"
            else (("appeals", i, "against_on"), parse_date(appeal["against_on"]))
            if "against_on" in appeal
            else None
        )
        if target:
            yield from _not_before(
                received, target, "appeal_before_decision", "An appeal comes after what it is against"
            )
        decided = _at(case, "appeals", i, "decided_on")
        if decided:
            yield from _not_before(
                decided, received, "appeal_decided_before_received", "An appeal is decided after it is received"
            )
            if appeal["outcome"] == "pending":
                yield ErrorRecord(
                    "appeal_decided_but_pending",
                    "The appeal has a decision date but its outcome is 'pending'. Record the outcome, or remove the date.",
                    json_path(("appeals", i, "outcome")),
                )
            decision = _at(case, "decision", "decided_on")
            if decision:
                yield from _restriction_order(("appeals", i, "restrictions"), appeal.get("restrictions", []), decision)
        elif appeal["outcome"] != "pending":
            yield ErrorRecord(
                "appeal_decision_date_missing",
                "The appeal has an outcome but no decision date. Fill in 'Date decided'.",
                json_path(("appeals", i, "decided_on")),
            )


def _order_errors(case: dict[str, Any]) -> Iterator[ErrorRecord]:
    for check in (_issue_order, _step_order, _protective_order, _decision_order, _review_order, _appeal_order):
        yield from check(case)


def _reference_errors(case: dict[str, Any]) -> Iterator[ErrorRecord]:
    seen: set[str] = set()
    for i, issue in enumerate(case.get("issues", [])):
        if issue["id"] in seen:
            yield ErrorRecord(
                "issue_id_duplicate",
                f"Issue ID {issue['id']!r} is used twice. Give each issue its own ID.",
                json_path(("issues", i, "id")),
            )
        seen.add(issue["id"])
    complaint = case.get("circumstances", {}).get("open_complaint", {})
    for j, ref in enumerate(complaint.get("issues", [])):
        if ref not in seen:
            yield ErrorRecord(
                "issue_reference_unknown",
                f"The complaint refers to issue {ref!r}, which is not in the issue list. Add the issue or correct the ID.",
                json_path(("circumstances", "open_complaint", "issues", j)),
            )


def _planned_dates(case: dict[str, Any]) -> Iterator[tuple[Path, date]]:
    """Dates that may lie ahead: when a reply is due and when a restriction is to be reviewed."""
    for i, issue in enumerate(case.get("issues", [])):
        if "due_on" in issue:
            yield ("issues", i, "due_on"), parse_date(issue["due_on"])
    for at, restrictions in _restriction_lists(case):
        for i, restriction in enumerate(restrictions):
            yield (*at, i, "review_on"), parse_date(restriction["review_on"])


@functools.lru_cache(maxsize=4096)
def _day_of_prefix(prefix: str) -> date:
    return date.fromisoformat(prefix)


def _range_errors(case: dict[str, Any]) -> Iterator[ErrorRecord]:
    first, last = calendar.table_range()
    span = f"{first.year} to {last.year}"
    for parts, day in (*_dated_fields(case), *_planned_dates(case)):
        if not first <= day <= last:
            yield ErrorRecord(
                "date_outside_calendar",
                f"'{_label(parts)}' ({day.isoformat()}) is outside the years this tool can count working days for ({span}). Check the date.",
                json_path(parts),
            )


def _contact_log_errors(case: dict[str, Any]) -> Iterator[ErrorRecord]:
    """Issue references, and dates outside the calendar, in the contact log.

    Thousands of contacts share a few hundred dates, so each date is judged once; contacts are only
    gone through one by one when something is wrong.
    """
    contacts = case.get("contacts", ())
    ids = {issue["id"] for issue in case.get("issues", ())}
    first, last = calendar.table_range()
    bad_days = {prefix for prefix in {c["at"][:10] for c in contacts} if not first <= _day_of_prefix(prefix) <= last}
    if not bad_days and all(ids.issuperset(c.get("issues", ())) for c in contacts):
        return
    for i, contact in enumerate(contacts):
        for j, ref in enumerate(contact.get("issues", ())):
            if ref not in ids:
                yield ErrorRecord(
                    "issue_reference_unknown",
                    f"Contact {i + 1} refers to issue {ref!r}, which is not in the issue list. Add the issue or correct the ID.",
                    json_path(("contacts", i, "issues", j)),
                )
        if contact["at"][:10] in bad_days:
            yield ErrorRecord(
                "date_outside_calendar",
                f"Contact {i + 1} ({contact['at']}) is outside the years this tool can count working days for ({first.year} to {last.year}). Check the date.",
                json_path(("contacts", i, "at")),
            )


def iter_errors(case: Any, *, on: date) -> Iterator[ErrorRecord]:
    """Every error in the case: schema errors first; if there are none, the semantic checks. `on` is the date
    the case is assessed as at; it must be a date the calendar covers (records after it are not errors: the
    assessment leaves them out)."""
    if not isinstance(case, dict):
        yield ErrorRecord(
            "case_not_an_object",
            'A case record must be a JSON object with named fields, such as {"schema_version": "1.1", "reference": "..."}.',
        )
        return
    version = case.get("schema_version")
    if version is not None and version not in migrate.READABLE:
        yield ErrorRecord(
            "schema_version_unsupported",
            f"This case file is in format version {version!r}, but this tool reads versions {' and '.join(migrate.READABLE)}. "
            "Open it in the tool version that saved it, or re-enter the case.",
            "$.schema_version",
        )
        return
    if version == "1.0":
        for record in _checks(migrate.upgrade(case), on):
            yield _as_saved(record)
        return
    yield from _checks(case, on)


def _as_saved(record: ErrorRecord) -> ErrorRecord:
    """An error found in an upgraded 1.0 file, pointing at the field as the file holds it (`appeal`, not `appeals[0]`)."""
    if record.path.startswith("$.appeals[0]"):
        return ErrorRecord(
            record.code,
            record.message.replace("Appeal 1:", "Appeal:"),
            "$.appeal" + record.path[len("$.appeals[0]") :],
            record.row,
        )
    return record


def _checks(case: dict[str, Any], on: date) -> Iterator[ErrorRecord]:
    found = False
    for record in _schema_errors(case):
        found = True
        yield record
    if found:
        return
    if not calendar.covers(on):
        first, last = calendar.table_range()
        yield ErrorRecord(
            "date_outside_calendar",
            f"The assessment date ({on.isoformat()}) is outside the years this tool can count working days for ({first.year} to {last.year}).",
            "$",
        )
        return
    yield from _reference_errors(case)
    yield from _range_errors(case)
    yield from _order_errors(case)
    yield from _contact_log_errors(case)


def errors(case: Any, *, on: date) -> list[ErrorRecord]:
    """Every error in the case as at `on`, as a list (empty when the case is valid)."""
    return list(iter_errors(case, on=on))


def validate(case: Any, *, on: date) -> None:
    """Raise `CaseInvalid` listing every error if the case is not valid as at `on`."""
    found = errors(case, on=on)
    if found:
        raise CaseInvalid(found)
