"""Markup typed into a case is only ever text: every HTML the toolkit writes escapes every payload."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hostile_text import EXAMPLES, PAYLOADS, audit, example, free_text_slots, hostile_case, normalise_space

from ucb.api import call

EXPECTED = json.loads((EXAMPLES / "expected.json").read_text(encoding="utf-8"))
# Cases that between them reach every letter, the report and the evidence pack.
CASES = ["appeal_not_upheld.json", "lifted_at_review.json"]
KINDS = ["step_one", "restriction_notice", "review_outcome", "appeal_outcome"]


def _reply(op: str, payload: dict[str, Any]) -> dict[str, Any]:
    reply = json.loads(call(op, json.dumps(payload)))
    assert reply["ok"], reply
    return reply["result"]


def _html_outputs(case: dict[str, Any], on: str) -> dict[str, str]:
    base = {"case": case, "on": on, "policy_url": "https://example.org/ucb/policy/"}
    outputs = {}
    for op in ("report", "evidence_pack"):
        result = _reply(op, {**base, "format": "html"})
        assert result["errors"] == [], result["errors"]
        outputs[op] = result["text"]
    for kind in KINDS:
        result = _reply("letter", {**base, "kind": kind, "format": "html"})
        if result["text"] is not None:
            outputs[f"letter {kind}"] = result["text"]
    return outputs


@pytest.fixture(scope="module")
def clean_outputs() -> dict[str, dict[str, str]]:
    return {name: _html_outputs(example(name), EXPECTED[name]["on"]) for name in CASES}


def test_the_cases_used_reach_every_kind_of_html_output(clean_outputs: dict[str, dict[str, str]]) -> None:
    made = set().union(*(set(outputs) for outputs in clean_outputs.values()))
    assert made == {"report", "evidence_pack", *(f"letter {kind}" for kind in KINDS)}
    for outputs in clean_outputs.values():
        for name, html in outputs.items():
            assert audit(html).dangerous == [], f"{name} runs or loads something even with clean text"


@pytest.mark.parametrize("payload", PAYLOADS)
@pytest.mark.parametrize("name", CASES)
def test_a_payload_in_every_free_text_field_shows_as_text_in_every_html_output(name: str, payload: str) -> None:
    case = hostile_case(example(name), lambda n: f"{payload} {n}")
    assert len(list(free_text_slots(case))) >= 20
    outputs = _html_outputs(case, EXPECTED[name]["on"])
    for output, html in outputs.items():
        found = audit(html)
        assert found.dangerous == [], f"{output} turned {payload!r} into markup: {found.dangerous}"
        assert normalise_space(payload.strip()) in normalise_space(found.plain_text), (
            f"{output} does not show {payload!r} as text"
        )


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_payload_reaches_text_letters_unchanged(payload: str) -> None:
    name = "appeal_not_upheld.json"
    case = hostile_case(example(name), lambda n: f"{payload} {n}")
    result = _reply("letter", {"case": case, "on": EXPECTED[name]["on"], "kind": "step_one", "format": "text"})
    assert payload.strip() in result["text"]
