"""`ucb.api.call`: JSON in, JSON out, never raises; ok:false only for a malformed request."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest
from conftest import load_example
from hypothesis import given, settings
from hypothesis import strategies as st

from ucb.api import INTERNAL_ERROR, MAX_REPLY_ERRORS, OPERATIONS, call
from ucb.reading import MAX_FILE_BYTES


def _call(op: str, payload: Any) -> dict[str, Any]:
    return json.loads(call(op, json.dumps(payload)))


def _ok(op: str, payload: Any) -> Any:
    reply = _call(op, payload)
    assert reply["ok"] is True, reply
    return reply["result"]


CASE, ON, OUTCOME = load_example("restrictions_in_place.json")


def test_policy_returns_the_policy_data(policy: dict[str, Any]) -> None:
    assert _ok("policy", {}) == policy


@pytest.mark.parametrize("name", ["case", "assessment", "policy"])
def test_schema_returns_each_schema(name: str) -> None:
    assert _ok("schema", {"name": name})["$schema"].startswith("https://json-schema.org/draft/2020-12")


def test_validate_returns_errors_with_paths() -> None:
    broken = dict(CASE, contacts=[{"at": "2023-08-01", "channel": "fax"}])
    assert _ok("validate", {"case": broken, "on": ON.isoformat()})["errors"] == [
        {
            "code": "value_not_allowed",
            "message": _ok("validate", {"case": broken, "on": ON.isoformat()})["errors"][0]["message"],
            "path": "$.contacts[0].channel",
        }
    ]
    assert _ok("validate", {"case": CASE, "on": ON.isoformat()}) == {"errors": [], "error_count": 0}


def test_a_reply_lists_the_first_errors_and_counts_them_all() -> None:
    flood = dict(CASE, contacts=[{"at": "2023-08-01", "channel": "fax"}] * (MAX_REPLY_ERRORS + 50))
    result = _ok("validate", {"case": flood, "on": ON.isoformat()})
    assert len(result["errors"]) == MAX_REPLY_ERRORS and result["error_count"] == MAX_REPLY_ERRORS + 50


def test_assess_and_metrics_return_results_or_errors() -> None:
    result = _ok("assess", {"case": CASE, "on": ON.isoformat()})
    assert result["errors"] == [] and result["assessment"]["outcome"]["id"] == OUTCOME
    assert _ok("metrics", {"case": CASE, "on": ON.isoformat()})["metrics"] == result["assessment"]["metrics"]
    invalid = _ok("assess", {"case": {"reference": "x"}, "on": ON.isoformat()})
    assert invalid["assessment"] is None and invalid["errors"][0]["path"] == "$.schema_version"
    assert _ok("metrics", {"case": {}, "on": ON.isoformat()})["metrics"] is None


@pytest.mark.parametrize("op", ["report", "evidence_pack"])
@pytest.mark.parametrize("fmt", ["html", "md"])
def test_reports_link_clauses_to_the_published_policy(op: str, fmt: str) -> None:
    result = _ok(op, {"case": CASE, "on": ON.isoformat(), "format": fmt, "policy_url": "https://example.org/policy/"})
    assert result["errors"] == [] and "https://example.org/policy/#" in result["text"]


def test_letter_drafts_and_reports_missing_records() -> None:
    result = _ok("letter", {"case": CASE, "on": ON.isoformat(), "kind": "restriction_notice", "format": "html"})
    assert result["errors"] == [] and result["text"].startswith("<!DOCTYPE html>")
    missing = _ok("letter", {"case": CASE, "on": ON.isoformat(), "kind": "review_outcome"})
    assert missing["text"] is None and missing["errors"][0]["code"] == "letter_not_applicable_review_outcome"


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def test_import_contacts_returns_rows_and_errors() -> None:
    log = "date,channel\n2023-06-01,email\n2023-06-02,fax\n"
    result = _ok("import_contacts", {"text": log, "format": "csv"})
    assert result["contacts"] == [{"at": "2023-06-01", "channel": "email"}] and result["left_out"] == 1
    assert result["errors"][0]["row"] == 3 and result["errors"][0]["code"] == "value_not_allowed"
    assert _ok("import_contacts", {"data": _b64(log.encode()), "format": "csv"}) == result


def test_an_import_that_would_make_the_case_too_large_to_open_again_is_refused() -> None:
    log = b"date,channel\n" + b"2023-06-01,email\n" * 1000
    fits = _ok("import_contacts", {"data": _b64(log), "format": "csv", "case_size": 1000})
    assert len(fits["contacts"]) == 1000
    refused = _ok("import_contacts", {"data": _b64(log), "format": "csv", "case_size": MAX_FILE_BYTES - 1000})
    assert refused["contacts"] == [] and refused["errors"][0]["code"] == "log_too_large"


@pytest.mark.parametrize(
    ("sentence", "data", "code"),
    [
        ("An empty object is not a case.", b"{}", "not_a_case"),
        ("A package.json is not a case.", b'{"name": "x", "version": "1.0.0"}', "not_a_case"),
        ("A contact log is not a case.", b'{"contacts": []}', "not_a_case"),
        ("A list is not a case.", b"[1, 2]", "not_a_case"),
        (
            "A Latin-1 case file is refused, not garbled.",
            '{"schema_version": "1.0", "reference": "Zo\u00eb"}'.encode("latin-1"),
            "encoding_not_utf8",
        ),
        (
            "A case from a later version of the tool is refused.",
            b'{"schema_version": "9.9", "reference": "X"}',
            "schema_version_unsupported",
        ),
        ("Deep nesting is refused before it is parsed.", b"[" * 100_000 + b"]" * 100_000, "json_too_deep"),
        ("NaN is not JSON.", b'{"schema_version": "1.0", "reference": NaN}', "json_invalid"),
    ],
)
def test_read_case_refuses_what_is_not_a_case_this_tool_can_open(sentence: str, data: bytes, code: str) -> None:
    result = _ok("read_case", {"data": _b64(data), "on": ON.isoformat()})
    assert result["case"] is None and [e["code"] for e in result["errors"]] == [code], sentence


def test_read_case_returns_a_saved_case_as_it_was_saved() -> None:
    saved = ("\ufeff" + json.dumps(CASE, indent=2, ensure_ascii=False)).encode("utf-8")
    assert _ok("read_case", {"data": _b64(saved), "on": ON.isoformat()}) == {
        "case": CASE,
        "errors": [],
        "error_count": 0,
    }


def test_an_unexpected_failure_gets_a_plain_message_that_asks_for_no_case(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(payload: dict[str, Any]) -> Any:
        raise RuntimeError("field larger than field limit (131072)")

    monkeypatch.setitem(OPERATIONS, "validate", broken)
    reply = json.loads(call("validate", "{}"))
    assert reply == {"ok": False, "error": {"code": "internal_error", "message": INTERNAL_ERROR}}
    assert "131072" not in INTERNAL_ERROR and "case file" not in INTERNAL_ERROR.lower()


@pytest.mark.parametrize(
    ("sentence", "op", "payload_json", "code"),
    [
        ("An unknown operation is refused.", "decide", "{}", "op_unknown"),
        ("A payload that is not JSON is refused.", "assess", "{oops", "payload_invalid"),
        ("A payload that is not an object is refused.", "assess", "[1, 2]", "payload_invalid"),
        ("An assessment without a date is refused.", "assess", '{"case": {}}', "on_missing"),
        (
            "An assessment with an impossible date is refused.",
            "assess",
            '{"case": {}, "on": "2023-02-30"}',
            "on_invalid",
        ),
        ("An unknown schema name is refused.", "schema", '{"name": "people"}', "name_unknown"),
        (
            "An unknown letter kind is refused.",
            "letter",
            '{"case": {}, "on": "2023-08-01", "kind": "threat"}',
            "kind_unknown",
        ),
        ("An unknown import format is refused.", "import_contacts", '{"text": "", "format": "xlsx"}', "format_unknown"),
        ("An import without text is refused.", "import_contacts", '{"format": "csv"}', "text_missing"),
        ("A file that is not base64 is refused.", "read_case", '{"data": "%%%", "on": "2023-08-01"}', "data_invalid"),
    ],
)
def test_malformed_requests(sentence: str, op: str, payload_json: str, code: str) -> None:
    reply = json.loads(call(op, payload_json))
    assert reply["ok"] is False and reply["error"]["code"] == code, sentence
    assert reply["error"]["message"]


def test_a_date_outside_the_calendar_comes_back_as_a_case_error() -> None:
    result = _ok("assess", {"case": CASE, "on": "2036-01-02"})
    assert result["assessment"] is None and result["errors"][0]["code"] == "date_outside_calendar"


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=200, deadline=None)
@given(
    op=st.sampled_from(sorted(OPERATIONS)),
    payload=st.dictionaries(
        st.sampled_from(["case", "on", "name", "kind", "format", "text", "data", "case_size", "policy_url", "files"]),
        _json,
        max_size=5,
    ),
)
def test_call_never_raises_and_always_answers_in_the_contract_shape(op: str, payload: dict[str, Any]) -> None:
    reply = json.loads(call(op, json.dumps(payload)))
    assert set(reply) in ({"ok", "result"}, {"ok", "error"})
    if not reply["ok"]:
        assert reply["error"]["code"] != "internal_error", reply


def test_the_register_reads_case_files_a_few_at_a_time_and_lists_the_ones_it_cannot_use() -> None:
    files = [
        {"source": "good.json", "data": _b64(json.dumps(CASE).encode())},
        {"source": "notes.json", "data": _b64(b"not a case")},
        {"source": "garbled.json", "data": "not base64!"},
        {"source": "gone.json", "unreadable": True},  # the browser could not read it
    ]
    found = _ok("register_entries", {"files": files, "on": ON.isoformat()})["found"]
    entries = [f["entry"] for f in found if f["entry"]]
    refused = [f["refused"] for f in found if not f["entry"]]
    assert [e["source"] for e in entries] == ["good.json"]
    assert [(r["source"], r["errors"][0]["code"]) for r in refused] == [
        ("notes.json", "json_invalid"),
        ("garbled.json", "data_invalid"),
        ("gone.json", "file_unreadable"),
    ]
    views = _ok("register_views", {"entries": entries, "refused": refused, "on": ON.isoformat()})["views"]
    assert [r["source"] for r in views["refused"]] == ["garbled.json", "gone.json", "notes.json"] and views["in_force"]
    assert _ok("register_calendar", {"entries": entries, "on": ON.isoformat()})["text"].startswith("BEGIN:VCALENDAR")
    assert _ok("yearly_report", {"entries": entries, "from": "2023-04-01", "to": "2024-03-31", "format": "csv"})[
        "text"
    ].startswith("Section,")
