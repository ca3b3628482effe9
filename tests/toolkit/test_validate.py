"""Validation: every error found at once, each with a code, a message that says what to fix, and a path."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from _hypothesis_compat import install
from conftest import contacts_on, example, issue, new_case
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis_jsonschema import from_schema
from jsonschema import Draft202012Validator

from ucb import CaseInvalid, errors, load_schema, validate
from ucb.validate import is_plainly_valid_contact

install()
ON = date(2024, 6, 28)


def _with(**fields: Any) -> Callable[[], dict[str, Any]]:
    return lambda: new_case(**fields)


def _changed(name: str, change: Callable[[dict[str, Any]], None]) -> Callable[[], dict[str, Any]]:
    def build() -> dict[str, Any]:
        case = example(name)
        change(case)
        return case

    return build


CASES = [
    (
        "A case without a reference is missing a required field.",
        lambda: {"schema_version": "1.0"},
        "required_field_missing",
        "$.reference",
    ),
    ("A field the record does not have is reported by name.", _with(colour="blue"), "unknown_field", "$.colour"),
    (
        "An unknown channel is not one of the choices.",
        _with(contacts=[{"at": "2024-01-02", "channel": "fax"}]),
        "value_not_allowed",
        "$.contacts[0].channel",
    ),
    ("30 February is not a date.", _with(issues=[issue(raised="2024-02-30")]), "date_invalid", "$.issues[0].raised_on"),
    (
        "A contact time of 25:00 is not a real time.",
        _with(contacts=[{"at": "2024-01-02T25:00", "channel": "email"}]),
        "date_invalid",
        "$.contacts[0].at",
    ),
    (
        "A contact dated in words is not a date.",
        _with(contacts=[{"at": "last Tuesday", "channel": "email"}]),
        "date_invalid",
        "$.contacts[0].at",
    ),
    ("An empty reference is empty.", _with(reference=""), "text_empty", "$.reference"),
    (
        "The same department twice on a contact is a duplicate.",
        _with(contacts=contacts_on(["2024-01-02"], departments=["Housing", "Housing"])),
        "duplicate_entry",
        "$.contacts[0].departments",
    ),
    (
        "A flag that is not true or false has the wrong type.",
        _with(circumstances={"open_complaint": {"is_open": "yes"}}),
        "wrong_type",
        "$.circumstances.open_complaint.is_open",
    ),
    (
        "A contact about an issue not on the list does not resolve.",
        _with(issues=[issue()], contacts=contacts_on(["2024-01-03"], issues=["I9"])),
        "issue_reference_unknown",
        "$.contacts[0].issues[0]",
    ),
    (
        "Two issues with one ID are a duplicate.",
        _with(issues=[issue(), issue()]),
        "issue_id_duplicate",
        "$.issues[1].id",
    ),
    (
        "A contact outside the years the calendar covers cannot be counted.",
        _with(contacts=contacts_on(["2014-07-01"])),
        "date_outside_calendar",
        "$.contacts[0].at",
    ),
    (
        "A written warning needs step one before it.",
        _with(
            warning={
                "given_on": "2024-03-01",
                "given_by": "Manager",
                "behaviour": "Emails to every department.",
                "asked_to_change": "write to one mailbox",
                "adjustments_considered": True,
            }
        ),
        "earlier_record_missing",
        "$.step_one",
    ),
    (
        "An appeal against a review needs a review on that date.",
        _changed("appeal_pending.json", lambda c: c["appeals"][0].update(against="review", against_on="2023-08-10")),
        "appeal_target_unknown",
        "$.appeals[0].against_on",
    ),
    (
        "A complaint can only be about issues in the issue list.",
        _with(circumstances={"open_complaint": {"is_open": True, "issues": ["I9"]}}),
        "issue_reference_unknown",
        "$.circumstances.open_complaint.issues[0]",
    ),
    (
        "A reply before the issue was raised is out of order.",
        _with(issues=[issue(raised="2024-03-01", responded_on="2024-02-01")]),
        "issue_responded_before_raised",
        "$.issues[0].responded_on",
    ),
    (
        "Step one before the last informal step is out of order.",
        _changed(
            "step_one_open.json",
            lambda c: c.update(
                step_one={"manager": "M", "date": "2024-04-29", "concerns_explained": True, "response": "awaiting"}
            ),
        ),
        "step_one_before_informal_steps",
        "$.step_one.date",
    ),
    (
        "A referral before step one is out of order.",
        _changed("decision_pending.json", lambda c: c["step_two"].update(referred_on="2023-07-03")),
        "referral_before_step_one",
        "$.step_two.referred_on",
    ),
    (
        "A decision before its referral is out of order.",
        _changed("restrictions_in_place.json", lambda c: c["decision"].update(decided_on="2023-07-20")),
        "decision_before_referral",
        "$.decision.decided_on",
    ),
    (
        "A decision with no referral is reported.",
        _changed("restrictions_in_place.json", lambda c: c.pop("step_two")),
        "earlier_record_missing",
        "$.step_two",
    ),
    (
        "A restriction starting before the decision is out of order.",
        _changed(
            "restrictions_in_place.json", lambda c: c["decision"]["restrictions"][0].update(starts_on="2023-07-31")
        ),
        "restriction_starts_before_decision",
        "$.decision.restrictions[0].starts_on",
    ),
    (
        "A review date on the start date is not after it.",
        _changed(
            "restrictions_in_place.json", lambda c: c["decision"]["restrictions"][1].update(review_on="2023-08-02")
        ),
        "review_not_after_start",
        "$.decision.restrictions[1].review_on",
    ),
    (
        "A review before the decision is out of order.",
        _changed("lifted_at_review.json", lambda c: c["reviews"][0].update(reviewed_on="2023-07-31")),
        "review_out_of_order",
        "$.reviews[0].reviewed_on",
    ),
    (
        "A review with no decision is reported.",
        _changed("lifted_at_review.json", lambda c: [c.pop("decision"), c.pop("step_two")]),
        "earlier_record_missing",
        "$.decision",
    ),
    (
        "An appeal with no decision is reported.",
        _changed("appeal_pending.json", lambda c: [c.pop("decision"), c.pop("step_two")]),
        "appeal_without_decision",
        "$.appeals[0]",
    ),
    (
        "An appeal outcome without its date is incomplete.",
        _changed("appeal_pending.json", lambda c: c["appeals"][0].update(outcome="upheld")),
        "appeal_decision_date_missing",
        "$.appeals[0].decided_on",
    ),
    (
        "A pending appeal with a decision date is contradictory.",
        _changed("appeal_pending.json", lambda c: c["appeals"][0].update(decided_on="2023-08-25")),
        "appeal_decided_but_pending",
        "$.appeals[0].outcome",
    ),
    (
        "A date before the bank-holiday table is outside the calendar.",
        _with(issues=[issue(raised="2010-01-04")]),
        "date_outside_calendar",
        "$.issues[0].raised_on",
    ),
    (
        "A case from an older format version is refused with a clear message.",
        lambda: {"schema_version": "0.9", "reference": "X"},
        "schema_version_unsupported",
        "$.schema_version",
    ),
    ("Something that is not an object is not a case.", lambda: ["not", "a", "case"], "case_not_an_object", "$"),
]


@pytest.mark.parametrize(("sentence", "build", "code", "path"), CASES, ids=[c[0] for c in CASES])
def test_validation_rules(sentence: str, build: Callable[[], Any], code: str, path: str) -> None:
    on = date(2023, 9, 1) if path.startswith(("$.step_two", "$.decision", "$.reviews", "$.appeal")) else ON
    found = [(e.code, e.path) for e in errors(build(), on=on)]
    assert (code, path) in found, f"{sentence} Found: {found}"


def test_every_error_is_collected_not_just_the_first() -> None:
    case = new_case(
        contacts=[
            {"at": "2024-02-30", "channel": "email"},
            {"at": "2024-01-02", "channel": "fax"},
            {"channel": "email"},
        ]
    )
    found = errors(case, on=ON)
    assert [(e.code, e.path) for e in found] == [
        ("date_invalid", "$.contacts[0].at"),
        ("value_not_allowed", "$.contacts[1].channel"),
        ("required_field_missing", "$.contacts[2].at"),
    ]


def test_messages_name_the_field_by_its_label_and_say_what_to_do() -> None:
    [error] = errors(new_case(contacts=[{"at": "2024-01-02", "channel": "fax"}]), on=ON)
    assert "Contact 1: Channel" in error.message and "Choose one of" in error.message


def test_validate_raises_case_invalid_listing_every_error() -> None:
    with pytest.raises(CaseInvalid) as raised:
        validate(new_case(reference="", colour="blue"), on=ON)
    assert {e.code for e in raised.value.errors} == {"text_empty", "unknown_field"}


def test_a_valid_case_has_no_errors() -> None:
    assert errors(example("report_june_2023.json"), on=date(2023, 7, 20)) == []


_schema = load_schema("case")
_contact_schema = {"$defs": _schema["$defs"], "$ref": "#/$defs/contact"}
_contact_validator = Draft202012Validator(_contact_schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(
        from_schema(_contact_schema),
        st.dictionaries(
            st.sampled_from(["at", "channel", "issues", "note", "x"]),
            st.one_of(st.text(), st.lists(st.text(), max_size=3)),
        ),
    )
)
def test_the_fast_contact_check_is_never_more_lenient_than_the_schema(contact: dict[str, Any]) -> None:
    if is_plainly_valid_contact(contact):
        assert _contact_validator.is_valid(contact)


def test_a_case_saved_in_format_1_0_is_read_and_its_errors_point_at_its_own_fields() -> None:
    case = example("open_complaint.json")
    assert case["schema_version"] == "1.0"
    assert errors(case, on=date(2024, 3, 1)) == []
    old = example("appeal_not_upheld.json")
    old["schema_version"] = "1.0"
    old["appeal"] = {
        k: v for k, v in old.pop("appeals")[0].items() if k not in ("against", "channel", "considered_by_role")
    }
    old.pop("warning")
    old["appeal"]["outcome"] = "upheld"
    old["appeal"].pop("decided_on")
    found = errors(old, on=date(2023, 9, 15))
    assert [(e.code, e.path) for e in found] == [("appeal_decision_date_missing", "$.appeal.decided_on")]


def test_records_after_the_assessment_date_are_not_errors() -> None:
    assert errors(new_case(contacts=contacts_on(["2024-07-01"])), on=ON) == []
