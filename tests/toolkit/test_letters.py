"""Letter drafts: wording from policy/letters/, values from the case, case text escaped in HTML."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import load_example

from ucb import assess
from ucb.dates import long_date, parse_date
from ucb.letters import KINDS, draft, requirements

LETTERS = [
    ("step_one", "awaiting_reply.json"),
    ("restriction_notice", "restrictions_in_place.json"),
    ("review_outcome", "lifted_at_review.json"),
    ("appeal_outcome", "appeal_not_upheld.json"),
]


@pytest.mark.parametrize("fmt", ["text", "html"])
@pytest.mark.parametrize(("kind", "name"), LETTERS)
def test_every_letter_is_filled_in_completely(policy: dict[str, Any], kind: str, name: str, fmt: str) -> None:
    case, on, _ = load_example(name)
    text = draft(kind, case, assess(case, on=on), policy, fmt=fmt, policy_url="https://example.org/policy/")
    assert "$" not in text and "?is_" not in text and "?has_" not in text
    assert case["reference"] in text


def test_all_four_kinds_are_covered() -> None:
    assert {kind for kind, _ in LETTERS} == set(KINDS)


def test_the_restriction_notice_says_why_what_how_long_review_appeal_and_ombudsman(policy: dict[str, Any]) -> None:
    case, on, _ = load_example("restrictions_in_place.json")
    result = assess(case, on=on)
    text = draft("restriction_notice", case, result, policy)
    assert "Between" in text  # why: what the record shows
    for restriction in case["decision"]["restrictions"]:
        assert restriction["scope"] in text  # exactly what
    assert long_date(parse_date(result["dates"]["lapses_on"])) in text  # how long
    assert long_date(parse_date(result["dates"]["review_on"])) in text  # review date
    assert long_date(parse_date(result["dates"]["appeal_by"])) in text  # appeal deadline
    assert policy["roles"]["director_corporate_services"]["title"] in text  # to whom
    assert policy["meta"]["ombudsman"]["title"] in text and policy["meta"]["ombudsman"]["url"] in text
    for right in policy["always_available"]:
        assert right in text


def test_the_step_one_letter_gives_the_reply_date_and_the_proposal(policy: dict[str, Any]) -> None:
    case, on, _ = load_example("awaiting_reply.json")
    result = assess(case, on=on)
    text = draft("step_one", case, result, policy)
    assert long_date(parse_date(result["dates"]["step_one_reply_by"])) in text
    assert case["step_one"]["proposal"]["single_point_of_contact"] in text
    assert text.index("Dear Ms C Green") > text.index("Sample Street")


@pytest.mark.parametrize(
    ("sentence", "outcome", "phrase"),
    [
        ("A lifted restriction is said to be lifted.", "lifted", "lift the arrangements"),
        ("A renewed restriction gives the next review date.", "renewed", "keep the arrangements"),
        ("A varied restriction says it was changed.", "varied", "change the arrangements"),
    ],
)
def test_review_letters_follow_the_review_outcome(
    policy: dict[str, Any], sentence: str, outcome: str, phrase: str
) -> None:
    case, on, _ = load_example("lifted_at_review.json")
    case["reviews"][0]["outcome"] = outcome
    assert phrase in draft("review_outcome", case, assess(case, on=on), policy), sentence


def test_customer_text_is_escaped_in_html_letters(policy: dict[str, Any]) -> None:
    case, on, _ = load_example("restrictions_in_place.json")
    case["customer"]["name"] = "<img src=x onerror=alert(1)>"
    case["decision"]["restrictions"][0]["scope"] = "Emails & <i>letters</i>"
    html = draft("restriction_notice", case, assess(case, on=on), policy, fmt="html")
    assert "<img" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "<i>" not in html and "Emails &amp; &lt;i&gt;letters&lt;/i&gt;" in html


@pytest.mark.parametrize(
    ("sentence", "kind", "name", "code"),
    [
        ("A step-one letter needs step one recorded.", "step_one", "informal_first.json", "letter_needs_step_one"),
        (
            "A restriction notice needs a decision with restrictions.",
            "restriction_notice",
            "not_restricted.json",
            "letter_needs_decision",
        ),
        ("A review letter needs a review.", "review_outcome", "restrictions_in_place.json", "letter_needs_review"),
        (
            "An appeal letter needs the appeal decided.",
            "appeal_outcome",
            "appeal_pending.json",
            "letter_needs_appeal_decision",
        ),
    ],
)
def test_a_letter_says_what_the_case_must_record_first(sentence: str, kind: str, name: str, code: str) -> None:
    case, _, _ = load_example(name)
    assert [e.code for e in requirements(case, kind)] == [code], sentence
