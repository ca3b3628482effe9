"""Broken cases made by mutating the valid examples: the toolkit names each problem and never raises.

Each example case is damaged in many ways a manager's file might be (a wrong type, a missing answer,
a date that is not a date or lies ahead, dates out of order, an issue id that does not exist, a huge or
odd piece of text, an unknown field). Every mutant must come back with errors whose codes are in the
documented list below, from `ucb.errors`, `ucb.validate`, `ucb.assess` and the browser's `ucb.api.call`.
The matching property over generated valid cases is in test_properties.py.
"""

from __future__ import annotations

import copy
import json
import random
import re
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from hostile_text import EXAMPLES

from ucb import CaseInvalid, DateOutOfRange, assess, errors, load_policy, load_schema, validate
from ucb.api import call

POLICY = load_policy()
SCHEMA = load_schema("case")
EXPECTED = json.loads((EXAMPLES / "expected.json").read_text(encoding="utf-8"))
MUTANTS_PER_EXAMPLE = 60

# Every code the toolkit documents for a problem in a case (ucb/validate.py and ucb/api.py).
DOCUMENTED_CODES = {
    "case_not_an_object",
    "required_field_missing",
    "unknown_field",
    "value_not_allowed",
    "wrong_type",
    "date_invalid",
    "text_empty",
    "text_too_long",
    "duplicate_entry",
    "schema_rule_broken",
    "earlier_record_missing",
    "schema_version_unsupported",
    "date_outside_calendar",
    "date_after_assessment_date",
    "date_out_of_range",
    "issue_id_duplicate",
    "issue_reference_unknown",
    "issue_responded_before_raised",
    "issue_due_before_raised",
    "step_one_before_informal_steps",
    "response_before_step_one",
    "referral_before_step_one",
    "decision_before_referral",
    "letter_before_decision",
    "restriction_starts_before_decision",
    "review_not_after_start",
    "review_out_of_order",
    "appeal_without_decision",
    "appeal_before_decision",
    "appeal_decided_before_received",
    "appeal_decided_but_pending",
    "appeal_decision_date_missing",
    "appeal_by_decision_maker",
}
PATH = re.compile(r"^\$(\.[A-Za-z_][\w-]*|\[\d+\]|\['[^']*'\])*$")
BAD_DATES = [
    "2023-02-30",
    "31/12/2023",
    "2023-13-01",
    "",
    "yesterday",
    "2023-6-1",
    "20230601",
    "2023-06-01T25:00",
    "\uff12\uff10\uff12\uff13-01-01",
    "9999-99-99",
    "2023-06-01 junk",
]
ODD_TEXT = ["\ud800", "e\u0301mail", "\u202eliame", "\U0001f4e7", "\x00", "EMAIL", " email "]
OTHER_TYPES: list[Any] = [None, 0, 1.5, True, [], {}, "text", ["a", 1], {"x": 1}]


def _deref(node: dict[str, Any]) -> dict[str, Any]:
    ref = node.get("$ref", "")
    return SCHEMA["$defs"][ref.rsplit("/", 1)[-1]] if ref.startswith("#/$defs/") else node


def _nodes(
    value: Any, schema: dict[str, Any], path: tuple[str | int, ...] = ()
) -> Iterator[tuple[tuple[str | int, ...], Any, dict[str, Any]]]:
    """Every value in the case with its path and schema node."""
    schema = _deref(schema)
    yield path, value, schema
    if isinstance(value, dict):
        for key, child in value.items():
            yield from _nodes(child, schema.get("properties", {}).get(key, {}), (*path, key))
    elif isinstance(value, list):
        for i, child in enumerate(value):
            yield from _nodes(child, schema.get("items", {}), (*path, i))


def _set(case: dict[str, Any], path: tuple[str | int, ...], value: Any) -> None:
    node: Any = case
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value


def _delete(case: dict[str, Any], path: tuple[str | int, ...]) -> None:
    node: Any = case
    for key in path[:-1]:
        node = node[key]
    del node[path[-1]]


def _is_date(schema: dict[str, Any]) -> bool:
    return schema.get("format") == "date" or "anyOf" in schema


def _type_of(value: Any) -> str:
    return type(value).__name__


Mutation = Callable[[dict[str, Any], random.Random, date], dict[str, Any] | list[Any] | str | None]


def wrong_type(case: dict[str, Any], rng: random.Random, on: date) -> Any:
    path, value, _ = rng.choice([n for n in _nodes(case, SCHEMA) if n[0]])
    _set(case, path, rng.choice([v for v in OTHER_TYPES if _type_of(v) != _type_of(value)]))
    return case


def missing_required(case: dict[str, Any], rng: random.Random, on: date) -> Any:
    holders = [
        (path, key)
        for path, value, node in _nodes(case, SCHEMA)
        if isinstance(value, dict)
        for key in node.get("required", [])
        if key in value
    ]
    path, key = rng.choice(holders)
    _delete(case, (*path, key))
    return case


def bad_date(case: dict[str, Any], rng: random.Random, on: date) -> Any:
    path, _, _ = rng.choice([n for n in _nodes(case, SCHEMA) if n[0] and isinstance(n[1], str) and _is_date(n[2])])
    _set(case, path, rng.choice(BAD_DATES))
    return case


def uncountable_date(case: dict[str, Any], rng: random.Random, on: date) -> Any:
    """A contact in a year the working-day calendar does not cover (a mistyped year)."""
    i = rng.randrange(len(case["contacts"]))
    case["contacts"][i]["at"] = date(rng.randint(1990, 2014), 6, 30).isoformat()
    return case


def out_of_order(case: dict[str, Any], rng: random.Random, on: date) -> Any:
    """A later step dated before the one it follows (a review before its decision, and the like)."""
    if case.get("decision") and rng.random() < 0.5:
        decided = date.fromisoformat(case["decision"]["decided_on"])
        review = {
            "reviewed_on": (decided - timedelta(days=rng.randint(1, 60))).isoformat(),
            "reviewed_by": "Director",
            "outcome": "renewed",
            "reasons": "Behaviour continued.",
        }
        case["reviews"] = [review]
    else:
        i = rng.randrange(len(case["issues"]))
        raised = date.fromisoformat(case["issues"][i]["raised_on"])
        case["issues"][i]["responded_on"] = (raised - timedelta(days=rng.randint(1, 30))).isoformat()
        case["issues"][i]["status"] = "responded"
    return case


def dangling_reference(case: dict[str, Any], rng: random.Random, on: date) -> Any:
    i = rng.randrange(len(case["contacts"]))
    case["contacts"][i]["issues"] = [f"NO-SUCH-ISSUE-{rng.randint(1, 999)}"]
    return case


def huge_text(case: dict[str, Any], rng: random.Random, on: date) -> Any:
    path, _value, node = rng.choice([n for n in _nodes(case, SCHEMA) if isinstance(n[2].get("maxLength"), int)])
    _set(case, path, rng.choice(["x", "\u00e9", "\U0001f600", "<b>"]) * (node["maxLength"] + rng.randint(1, 200_000)))
    return case


def odd_unicode_choice(case: dict[str, Any], rng: random.Random, on: date) -> Any:
    i = rng.randrange(len(case["contacts"]))
    case["contacts"][i]["channel"] = rng.choice(ODD_TEXT)
    return case


def unknown_field(case: dict[str, Any], rng: random.Random, on: date) -> Any:
    holders = [
        (path, value) for path, value, node in _nodes(case, SCHEMA) if isinstance(value, dict) and "properties" in node
    ]
    path, _ = rng.choice(holders)
    _set(case, (*path, rng.choice(["r\u00e9f\u00e9rence", "\U0001f47b", "__proto__", "constructor", "Reference"])), "x")
    return case


def schema_version(case: dict[str, Any], rng: random.Random, on: date) -> Any:
    if rng.random() < 0.3:
        del case["schema_version"]
    else:
        case["schema_version"] = rng.choice(["2.0", "0.9", "1", 1.0, "1.0 ", ""])
    return case


def not_a_case(case: dict[str, Any], rng: random.Random, on: date) -> Any:
    return rng.choice([None, [], [case], "case", 42, True])


MUTATIONS: list[Mutation] = [
    wrong_type,
    missing_required,
    bad_date,
    uncountable_date,
    out_of_order,
    dangling_reference,
    huge_text,
    odd_unicode_choice,
    unknown_field,
    schema_version,
    not_a_case,
]


def mutants() -> Iterator[tuple[str, str, Any, date]]:
    """(example, mutation, broken case, assess-as-at date): MUTANTS_PER_EXAMPLE of each example."""
    for name, expected in sorted(EXPECTED.items()):
        base = json.loads((EXAMPLES / name).read_text(encoding="utf-8"))
        on = date.fromisoformat(expected["on"])
        rng = random.Random(name)
        for n in range(MUTANTS_PER_EXAMPLE):
            mutation = MUTATIONS[n % len(MUTATIONS)]
            yield name, mutation.__name__, mutation(copy.deepcopy(base), rng, on), on


ALL = list(mutants())


def _check_records(records: list[dict[str, Any]], where: str) -> None:
    assert records, f"{where}: a broken case came back with no errors"
    for record in records:
        assert record["code"] in DOCUMENTED_CODES, f"{where}: undocumented code {record['code']!r}"
        assert isinstance(record["message"], str) and record["message"].strip(), f"{where}: empty message"
        assert "Traceback" not in record["message"] and "Error:" not in record["message"], (
            f"{where}: {record['message']}"
        )
        assert PATH.match(record["path"]), f"{where}: {record['path']!r} is not a JSON path"


def test_there_are_at_least_a_thousand_mutants_of_every_kind() -> None:
    assert len(ALL) >= 1000
    assert {m for _, m, _, _ in ALL} == {m.__name__ for m in MUTATIONS}


@pytest.mark.parametrize("chunk", range(4))
def test_every_mutant_gets_documented_errors_and_nothing_raises_but_case_invalid(chunk: int) -> None:
    for name, mutation, case, on in ALL[chunk::4]:
        where = f"{name} / {mutation}"
        _check_records([r.to_dict() for r in errors(case, on=on)], where)
        with pytest.raises(CaseInvalid):
            validate(case, on=on)
        try:
            assess(case, POLICY, on=on)
        except (CaseInvalid, DateOutOfRange):
            pass
        else:
            pytest.fail(f"{where}: assess accepted a broken case")
        payload = json.dumps({"case": case, "on": on.isoformat()})
        for op, result_key in (("validate", None), ("assess", "assessment")):
            reply = json.loads(call(op, payload))
            assert reply["ok"] is True, f"{where}: {op} replied {reply}"
            if result_key:
                assert reply["result"][result_key] is None, f"{where}: {op} gave a result for a broken case"
            _check_records(reply["result"]["errors"], f"{where} via {op}")
