"""Letters: every kind says everything the policy data requires of it, drafted as at its own date from what the
case records, in plain words (reading grade 9 or below, no sentence over 30 words), as text, a whole HTML page
and a Word document."""

from __future__ import annotations

import copy
import html
import io
from datetime import date, timedelta
from typing import Any

import docx
import pytest
from conftest import example, load_example
from readability import HIGHEST_GRADE, grade, long_sentences

from ucb import assess
from ucb.dates import long_date, parse_date
from ucb.letters import Context, _document, draft, kinds, requirements
from ucb.lifecycle import restriction_state


def _with_representative(case: dict[str, Any]) -> dict[str, Any]:
    case["decision"]["restrictions"].append(
        {
            "option": "one_channel",
            "scope": "Emails from Mr B Brown about RR-1041 go to the Customer Services mailbox only.",
            "starts_on": "2023-08-02",
            "review_on": "2024-01-31",
            "applies_to": "representative",
            "person_name": "Mr B Brown",
            "person_reasons": "Mr Brown sent 20 emails in July 2023 that called a named officer a liar.",
            "person_notified_on": "2023-08-02",
        }
    )
    return case


def _renewed(case: dict[str, Any]) -> dict[str, Any]:
    case["reviews"][0].update(outcome="renewed", letter_sent_on=case["reviews"][0]["reviewed_on"])
    return case


# One case for each kind of letter, at the point the letter is needed.
LETTER_CASES: list[tuple[str, str, Any]] = [
    ("step_one", "awaiting_reply.json", None),
    ("warning", "warning_given.json", None),
    ("protective_action", "protective_action.json", None),
    ("restriction_notice", "restrictions_in_place.json", None),
    ("other_person_notice", "restrictions_in_place.json", _with_representative),
    ("review_outcome", "lifted_at_review.json", _renewed),
    ("appeal_outcome", "appeal_not_upheld.json", None),
    ("restrictions_ended", "restrictions_lapsed.json", None),
    ("decision_not_to_restrict", "not_restricted.json", None),
]


def _case(name: str, change: Any) -> tuple[dict[str, Any], date]:
    case, on, _ = load_example(name)
    case = copy.deepcopy(case)
    if change:
        change(case)
    return case, on


def test_every_kind_of_letter_in_the_policy_data_is_covered(policy: dict[str, Any]) -> None:
    assert {kind for kind, _, _ in LETTER_CASES} == set(kinds(policy))


@pytest.mark.parametrize(("kind", "name", "change"), LETTER_CASES, ids=[c[0] for c in LETTER_CASES])
def test_every_letter_contains_every_part_the_policy_requires(
    policy: dict[str, Any], kind: str, name: str, change: Any
) -> None:
    case, on = _case(name, change)
    result = assess(case, on=on)
    assert requirements(case, kind, result, policy, on=on) == []
    doc, needs = _document(kind, Context(case, result, policy, on))
    assert needs == [] and doc.parts_present() >= set(policy["letters"][kind]["parts"])


def _case_text(node: Any) -> list[str]:
    """Every sentence-length piece of text a manager typed into the case."""
    if isinstance(node, str):
        return [node] if len(node.split()) > 3 else []
    if isinstance(node, dict):
        return [t for v in node.values() for t in _case_text(v)]
    if isinstance(node, list):
        return [t for v in node for t in _case_text(v)]
    return []


def _own_words(text: str, case: dict[str, Any]) -> str:
    """The letter's own wording: what the manager typed into the case is theirs to write plainly."""
    for typed in sorted(_case_text(case), key=len, reverse=True):
        text = text.replace(typed, "it")
    return text


@pytest.mark.parametrize(("kind", "name", "change"), LETTER_CASES, ids=[c[0] for c in LETTER_CASES])
def test_every_letter_reads_plainly(policy: dict[str, Any], kind: str, name: str, change: Any) -> None:
    case, on = _case(name, change)
    text = draft(kind, case, assess(case, on=on), policy)
    assert "$" not in text and "?is_" not in text and "?has_" not in text and "[" not in text
    own = _own_words(text, case)
    assert long_sentences(own) == []
    assert grade(own) <= HIGHEST_GRADE


@pytest.mark.parametrize(("kind", "name", "change"), LETTER_CASES, ids=[c[0] for c in LETTER_CASES])
def test_every_letter_gives_the_council_contact_details_from_the_policy_data(
    policy: dict[str, Any], kind: str, name: str, change: Any
) -> None:
    case, on = _case(name, change)
    text = draft(kind, case, assess(case, on=on), policy)
    contact = policy["meta"]["contact"]
    assert contact["phone"] in text and contact["url"] in text


@pytest.mark.parametrize(("kind", "name", "change"), LETTER_CASES, ids=[c[0] for c in LETTER_CASES])
def test_every_letter_downloads_as_a_word_document_with_the_same_words(
    policy: dict[str, Any], kind: str, name: str, change: Any
) -> None:
    case, on = _case(name, change)
    result = assess(case, on=on)
    word = docx.Document(io.BytesIO(draft(kind, case, result, policy, fmt="docx")))
    words = "\n".join(p.text for p in word.paragraphs)
    assert word.paragraphs[0].style.name == "Heading 1"
    assert draft(kind, case, result, policy).splitlines()[0] == word.paragraphs[0].text
    assert policy["meta"]["contact"]["phone"] in words


@pytest.mark.parametrize(("kind", "name", "change"), LETTER_CASES, ids=[c[0] for c in LETTER_CASES])
def test_every_html_letter_is_a_whole_page_with_its_own_character_set_title_and_policy(
    policy: dict[str, Any], kind: str, name: str, change: Any
) -> None:
    case, on = _case(name, change)
    page = html.unescape(draft(kind, case, assess(case, on=on), policy, fmt="html"))
    assert page.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in page
    assert "<title>" in page and "Content-Security-Policy" in page and "script-src" not in page
    assert "default-src 'none'" in page


def test_the_restriction_notice_says_why_what_what_not_how_long_how_to_appeal_and_to_whom(
    policy: dict[str, Any],
) -> None:
    case, on, _ = load_example("restrictions_in_place.json")
    result = assess(case, on=on)
    text = draft("restriction_notice", case, result, policy)
    assert "Between" in text  # why: what the record shows
    for restriction in case["decision"]["restrictions"]:
        assert restriction["scope"] in text  # exactly what
    assert "not to your family or anyone who helps you" in text  # what not
    assert long_date(parse_date(result["dates"]["lapses_on"])) in text  # how long
    assert long_date(parse_date(result["dates"]["review_on"])) in text  # review date
    assert long_date(parse_date(result["dates"]["appeal_by"])) in text  # appeal deadline, agreeing with the report
    assert policy["roles"]["director_corporate_services"]["title"] in text  # to whom
    assert "by letter, email, phone or in person" in text  # by any channel
    ombudsman = policy["meta"]["ombudsman"]
    assert ombudsman["title"] in text and ombudsman["address"] in text and ombudsman["url"] in text
    for right in policy["always_available"]:
        assert right["what"].rstrip(".") in text
    assert policy["meta"]["housing_ombudsman"]["title"] not in text


def test_the_housing_ombudsman_is_named_where_the_matter_is_about_a_council_home(policy: dict[str, Any]) -> None:
    case, on, _ = load_example("restrictions_in_place.json")
    case["issues"][0]["about_council_home"] = True
    text = draft("restriction_notice", case, assess(case, on=on), policy)
    assert policy["meta"]["housing_ombudsman"]["address"] in text


def test_a_step_one_letter_quotes_only_what_had_happened_by_its_own_date(policy: dict[str, Any]) -> None:
    case, on, _ = load_example("awaiting_reply.json")
    before = draft("step_one", case, assess(case, on=on), policy)
    later = case["step_one"]["date"]
    case["contacts"] += [
        {
            "at": f"{later[:8]}{int(later[8:]) + 1:02d}",
            "channel": "email",
            "officers": ["Ann"],
            "behaviours": ["abusive"],
        }
    ]
    after = draft("step_one", case, assess(case, on=on), policy)
    assert after == before
    assert "abusive" not in after


def test_a_restriction_notice_after_protective_action_does_not_claim_a_step_one(policy: dict[str, Any]) -> None:
    case = example("protective_action.json")
    case["step_two"] = {
        "referred_on": "2024-03-21",
        "referred_by": "Reception Services Manager",
        "evidence": ["Incident report"],
    }
    case["decision"] = {
        "decided_on": "2024-03-25",
        "decided_by": "City Helpdesk Manager",
        "consulted": True,
        "letter_sent_on": "2024-03-25",
        "restrictions": [
            {
                "option": "restricted_building_access",
                "scope": "No visits to the Civic Offices.",
                "starts_on": "2024-03-25",
                "review_on": "2024-06-24",
            }
        ],
    }
    on = date(2024, 3, 26)
    text = draft("restriction_notice", case, assess(case, on=on), policy)
    assert "put temporary restrictions in place to keep people safe" in text
    assert "step one" not in text.lower() and "suggest a way forward" not in text
    assert "1 contacts" not in text and "in 1 contacts" not in text


def test_measured_and_recorded_counts_of_the_same_thing_are_not_both_given(policy: dict[str, Any]) -> None:
    case, on, _ = load_example("restrictions_in_place.json")
    text = draft("restriction_notice", case, assess(case, on=on), policy)
    assert "contacted us about it again" in text and "asked again about something" not in text


def test_the_salutation_uses_the_customer_s_name_where_given(policy: dict[str, Any]) -> None:
    case, on, _ = load_example("awaiting_reply.json")
    text = draft("step_one", case, assess(case, on=on), policy)
    assert f"Dear {case['customer']['name']}," in text
    case.pop("customer")
    assert "Dear Sir or Madam," in draft("step_one", case, assess(case, on=on), policy)


@pytest.mark.parametrize(
    ("sentence", "outcome", "phrase"),
    [
        ("A lifted restriction is said to have ended.", "lifted", "decided to end the restrictions"),
        ("A renewed restriction is said to be still needed.", "renewed", "the restrictions are still needed"),
    ],
)
def test_review_letters_follow_the_review_outcome(
    policy: dict[str, Any], sentence: str, outcome: str, phrase: str
) -> None:
    case, on, _ = load_example("lifted_at_review.json")
    case["reviews"][0]["outcome"] = outcome
    assert phrase in draft("review_outcome", case, assess(case, on=on), policy), sentence


def test_a_review_that_changed_the_restrictions_lists_the_new_ones_and_how_to_appeal(policy: dict[str, Any]) -> None:
    case, on, _ = load_example("lifted_at_review.json")
    review = case["reviews"][0]
    assert requirements(
        dict(case, reviews=[dict(review, outcome="varied")]), "review_outcome", assess(case, on=on), policy, on=on
    )
    new = {
        "option": "single_point_of_contact",
        "scope": "Emails about RR-1041 only go to the team leader.",
        "starts_on": review["reviewed_on"],
        "review_on": "2024-07-19",
    }
    case["reviews"][0] = dict(review, outcome="varied", restrictions=[new])
    result = assess(case, on=on)
    text = draft("review_outcome", case, result, policy)
    assert new["scope"] in text and "appeal" in text and long_date(parse_date(result["dates"]["appeal_by"])) in text


def test_customer_text_is_escaped_in_html_letters(policy: dict[str, Any]) -> None:
    case, on, _ = load_example("restrictions_in_place.json")
    case["customer"]["name"] = "<img src=x onerror=alert(1)>"
    case["decision"]["restrictions"][0]["scope"] = "Emails & <i>letters</i>"
    html = draft("restriction_notice", case, assess(case, on=on), policy, fmt="html")
    assert "<img" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "<i>" not in html and "Emails &amp; &lt;i&gt;letters&lt;/i&gt;" in html


def test_right_to_left_text_in_a_case_cannot_reorder_the_letter_s_own_words(policy: dict[str, Any]) -> None:
    case, on, _ = load_example("awaiting_reply.json")
    case["step_one"]["manager"] = "Jo Smith\u202e"
    text = draft("step_one", case, assess(case, on=on), policy)
    assert "\u2068Jo Smith\u202e\u2069" in text


@pytest.mark.parametrize(
    ("sentence", "kind", "name", "says"),
    [
        ("A step-one letter needs step one recorded.", "step_one", "informal_first.json", "Record step one"),
        (
            "A restriction notice needs a decision with restrictions.",
            "restriction_notice",
            "not_restricted.json",
            "Record the step-two decision",
        ),
        (
            "A review letter needs a review recorded.",
            "review_outcome",
            "restrictions_in_place.json",
            "Record the review",
        ),
        (
            "An appeal letter needs the appeal decided.",
            "appeal_outcome",
            "appeal_pending.json",
            "Record the appeal's outcome",
        ),
        (
            "A letter saying restrictions ended needs them to have ended.",
            "restrictions_ended",
            "restrictions_in_place.json",
            "Nothing has ended yet",
        ),
        (
            "A letter saying contact will not be restricted needs that decision.",
            "decision_not_to_restrict",
            "restrictions_in_place.json",
            "Record a step-two decision not to restrict",
        ),
        (
            "A warning letter needs the warning recorded.",
            "warning",
            "report_june_2023.json",
            "Record the written warning",
        ),
    ],
)
def test_a_letter_that_cannot_be_drafted_says_what_to_record(
    policy: dict[str, Any], sentence: str, kind: str, name: str, says: str
) -> None:
    case, on, _ = load_example(name)
    needed = requirements(case, kind, assess(case, on=on), policy, on=on)
    assert needed and says in needed[0].message, sentence


def test_a_decision_not_to_restrict_is_not_written_without_its_reasons(policy: dict[str, Any]) -> None:
    case, on, _ = load_example("not_restricted.json")
    case["decision"].pop("reasons")
    needed = requirements(case, "decision_not_to_restrict", assess(case, on=on), policy, on=on)
    assert [n.message for n in needed] == ["Record the reasons for the decision not to restrict."]


def test_an_appeal_letter_without_reasons_cannot_be_drafted(policy: dict[str, Any]) -> None:
    case, on, _ = load_example("appeal_not_upheld.json")
    case["appeals"][0].pop("reasons")
    needed = requirements(case, "appeal_outcome", assess(case, on=on), policy, on=on)
    assert [n.code for n in needed] == ["letter_part_missing_reasons"]


def test_a_warning_whose_time_has_ended_is_not_drafted_again_when_a_new_one_is_needed(policy: dict[str, Any]) -> None:
    case, on, _ = load_example("warning_given.json")
    ends = parse_date(assess(case, on=on)["dates"]["warning_period_ends"])
    later = date.fromordinal(ends.toordinal() + 40)
    case["contacts"].append({**case["contacts"][-1], "at": later.isoformat()})  # the behaviour comes back later
    found = assess(case, on=later)
    assert found["outcome"]["id"] == "give_warning"
    assert "warning" not in {letter["kind"] for letter in found["offers"]["letters"]}
    needed = requirements(case, "warning", found, policy, on=later)
    assert needed and "Record the new warning" in needed[0].message


def test_a_notice_that_restrictions_ended_says_from_when_contact_is_usual_and_apologises_when_late(
    policy: dict[str, Any],
) -> None:
    # A restriction not reviewed in time applied to the end of its review date; the customer is told within
    # the policy's time, or the letter says it is late and sorry.
    case, on, _ = load_example("restrictions_lapsed.json")
    found = assess(case, on=on)
    ended = restriction_state(case, policy, on=on).ended_on
    tell_by = parse_date(found["dates"]["end_notice_by"])
    in_time = draft("restrictions_ended", case, found, policy)
    assert "late" not in in_time
    late_on = date.fromordinal(tell_by.toordinal() + 7)
    late = draft("restrictions_ended", case, assess(case, on=late_on), policy)
    assert f"We should have told you this by {long_date(tell_by)}. We are sorry this letter is late." in late
    for text in (in_time, late):
        assert f"ended at the end of {long_date(ended)}" in text
        assert f"From {long_date(ended + timedelta(days=1))} you can contact us in the usual way" in text
        assert "Ombudsman" in text and "contact us for you" in text


def test_a_step_one_letter_says_the_support_agreed_by_its_date_stays_in_place(policy: dict[str, Any]) -> None:
    case, on, _ = load_example("awaiting_reply.json")
    one = case["step_one"]["date"]
    case.setdefault("circumstances", {})["vulnerability"] = {
        "is_disclosed": True,
        "needs": "Dyslexia.",
        "adjustments": [
            {"description": "letters in a larger font", "agreed_on": one},
            {"description": "a call before each letter", "agreed_on": "2030-01-01"},
        ],
    }
    text = draft("step_one", case, assess(case, on=on), policy)
    assert "The support we agreed with you stays in place:\n\n- letters in a larger font" in text
    assert "a call before each letter" not in text  # agreed after the letter's date


@pytest.mark.parametrize(
    ("response", "says"),
    [
        ("refused", "You did not agree to it."),
        ("agreed_then_breached", "You agreed to it, but the contact has gone on as before."),
    ],
)
def test_a_warning_says_what_became_of_step_one(policy: dict[str, Any], response: str, says: str) -> None:
    case, on, _ = load_example("warning_given.json")
    case["step_one"]["response"] = response
    text = draft("warning", case, assess(case, on=on), policy)
    assert says in text
    assert sum(s in text for s in ("You did not agree", "We did not hear back", "You agreed to it")) == 1


def test_a_letter_is_copied_to_the_person_acting_for_the_customer_once_their_permission_is_checked(
    policy: dict[str, Any],
) -> None:
    case, on, _ = load_example("restrictions_in_place.json")
    case.setdefault("circumstances", {})["representative"] = {"is_acting": True, "name": "Ms A Advocate"}
    unchecked = draft("restriction_notice", case, assess(case, on=on), policy)
    case["circumstances"]["representative"]["authority_checked"] = True
    checked = draft("restriction_notice", case, assess(case, on=on), policy)
    assert "Copy to" not in unchecked
    assert checked.rstrip().endswith("Copy to Ms A Advocate, who acts for you.")
