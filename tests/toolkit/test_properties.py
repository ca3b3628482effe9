"""Properties over generated cases: assess raises nothing undocumented, the output always matches its schema,
the same input always gives the same bytes, no proposed date is before the assessment date or on a non-working
day, no figure uses what happened after its date, no restriction options unless the outcome offers them, and no
one involved in a decision is accepted as deciding its appeal."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

from _hypothesis_compat import install
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from hypothesis_jsonschema import from_schema
from jsonschema import Draft202012Validator

from ucb import CaseInvalid, DateOutOfRange, assess, calendar, errors, load_policy, load_schema, to_json
from ucb.api import call

install()
POLICY = load_policy()
ASSESSMENT = Draft202012Validator(load_schema("assessment"), format_checker=Draft202012Validator.FORMAT_CHECKER)
CLAUSES = set(POLICY["clauses"])
RECORDED = [b for b, spec in POLICY["behaviours"].items() if spec["recorded_on_contact"]]
# Drawn whole from small pools, so each field costs Hypothesis one choice and 1,000 cases stay quick.
TEXT = st.sampled_from(
    [
        "Missed bin collections",
        "Rent & <b>arrears</b>",
        "Réparation urgente",
        '"Quoted" $name {x}',
        "# [link](http://x)",
        "x",
    ]
)
PLACES = st.sampled_from([[], ["Housing"], ["Housing", "Parking"], ["Revenues", "Waste", "Planning"]])
OFFICERS = st.sampled_from([[], ["Team Leader"], ["Team Leader", "Head of Service"]])
MEMBERS = st.sampled_from([[], ["Cllr A"]])
CALM = [b for b in RECORDED if not POLICY["behaviours"][b].get("safety")]
BEHAVIOURS = st.sampled_from([[]] * 8 + [[b] for b in CALM] + [CALM[:2]])
THREATS = st.sampled_from([[]] * 8 + [[b] for b in RECORDED])
DECIDERS = st.sampled_from(["Director of Corporate Services", "City Helpdesk Manager", "Head of Service"])


@st.composite
def valid_cases(draw: st.DrawFn) -> tuple[dict[str, Any], date]:
    """A case valid by construction: every date follows the one before it in the process."""
    start = draw(st.dates(date(2016, 1, 1), date(2026, 12, 31)))
    cursor = [start]

    def later(limit: int = 40, base: date | None = None) -> date:
        day = (base or cursor[0]) + timedelta(days=draw(st.integers(0, limit)))
        cursor[0] = max(cursor[0], day)
        return day

    case: dict[str, Any] = {"schema_version": "1.1", "reference": draw(TEXT)}
    issues = []
    for n in range(draw(st.integers(0, 4))):
        raised = later(30, start)
        item = {
            "id": f"I{n}",
            "summary": draw(TEXT),
            "department": "Housing",
            "status": draw(st.sampled_from(["open", "responded", "resolved", "closed"])),
            "raised_on": raised.isoformat(),
        }
        if draw(st.booleans()):
            item["due_on"] = (raised + timedelta(days=draw(st.integers(0, 30)))).isoformat()
        if item["status"] != "open" and draw(st.booleans()):
            item["responded_on"] = later(60, raised).isoformat()
        if draw(st.booleans()):
            item["deadline_met"] = draw(st.booleans())
        issues.append(item)
    case["issues"] = issues
    ids = [i["id"] for i in issues]
    about = st.sampled_from([[], *[[i] for i in ids], ids[:2]])
    recorded = THREATS if draw(st.integers(0, 5)) == 0 else BEHAVIOURS  # threats override every other outcome
    templates = []  # a few kinds of contact, repeated over the log: enough variety, few draws
    for _ in range(draw(st.integers(1, 3))):
        template: dict[str, Any] = {"channel": draw(st.sampled_from(list(POLICY["channels"])))}
        for key, values in (
            ("departments", PLACES),
            ("officers", OFFICERS),
            ("members", MEMBERS),
            ("issues", about),
            ("behaviours", recorded),
        ):
            chosen = draw(values)
            if chosen:
                template[key] = chosen
        templates.append(template)
    contacts = []
    for n in range(draw(st.integers(0, 60))):
        day = later(60, start)
        contacts.append({"at": day.isoformat() + ("T09:30" if n % 3 else ""), **templates[n % len(templates)]})
    case["contacts"] = contacts
    case["circumstances"] = {
        "open_complaint": {"is_open": draw(st.integers(0, 5)) == 0},
        "representative": {"is_acting": draw(st.booleans()), "authority_checked": draw(st.booleans())},
        "vulnerability": {
            "is_disclosed": draw(st.integers(0, 3)) == 0,
            "adjustments": draw(
                st.lists(
                    st.builds(lambda d: {"description": "Large print", "agreed_on": d.isoformat()}, st.just(start)),
                    max_size=1,
                )
            ),
        },
    }
    if draw(st.booleans()):
        case["informal_steps"] = [
            {"action": draw(TEXT), "date": later().isoformat(), "by": "Team Leader", "outcome": draw(TEXT)}
            for _ in range(draw(st.integers(1, 2)))
        ]
    if draw(st.booleans()):
        one = {
            "manager": "Head of Service",
            "date": later().isoformat(),
            "concerns_explained": draw(st.booleans()),
            "response": draw(st.sampled_from(["awaiting", "agreed", "refused", "agreed_then_breached"])),
        }
        if draw(st.booleans()):
            one["proposal"] = {"frequency": "weekly"}
        if one["response"] != "awaiting" and draw(st.booleans()):
            one["response_on"] = later().isoformat()
        case["step_one"] = one
        if draw(st.booleans()):
            case["warning"] = {
                "given_on": later().isoformat(),
                "given_by": "Head of Service",
                "behaviour": draw(TEXT),
                "asked_to_change": draw(TEXT),
                "adjustments_considered": draw(st.booleans()),
            }
    if draw(st.integers(0, 4)) == 0:
        taken = later()
        action: dict[str, Any] = {
            "taken_on": taken.isoformat(),
            "taken_by": "Service Manager",
            "action": draw(TEXT),
            "restricts_contact": draw(st.booleans()),
        }
        if draw(st.booleans()):
            action["confirmed_on"] = later(10, taken).isoformat()
        case["protective_actions"] = [action]
    if draw(st.booleans()):
        case["step_two"] = {
            "referred_on": later().isoformat(),
            "referred_by": "Head of Service",
            "evidence": draw(st.lists(TEXT, max_size=2)),
            "proposed_restrictions": draw(
                st.lists(st.sampled_from([o["id"] for o in POLICY["restrictions"]]), unique=True, max_size=2)
            ),
        }
        if draw(st.booleans()):
            decided = later()
            restrictions = []
            for _ in range(draw(st.integers(0, 3))):
                starts = later(10, decided)
                restrictions.append(
                    {
                        "option": draw(st.sampled_from([o["id"] for o in POLICY["restrictions"]])),
                        "scope": draw(TEXT),
                        "starts_on": starts.isoformat(),
                        "review_on": (starts + timedelta(days=draw(st.integers(1, 400)))).isoformat(),
                    }
                )
            decision: dict[str, Any] = {
                "decided_on": decided.isoformat(),
                "decided_by": "City Helpdesk Manager",
                "consulted": draw(st.booleans()),
                "restrictions": restrictions,
            }
            if draw(st.booleans()):
                decision["letter_sent_on"] = later(5).isoformat()
            case["decision"] = decision
            reviews = []
            for _ in range(draw(st.integers(0, 3))):
                reviews.append(
                    {
                        "reviewed_on": later(200).isoformat(),
                        "reviewed_by": "City Helpdesk Manager",
                        "outcome": draw(st.sampled_from(["lifted", "renewed", "varied"])),
                        "reasons": draw(TEXT),
                    }
                )
            case["reviews"] = reviews
            if draw(st.booleans()):
                appeal: dict[str, Any] = {
                    "against": "decision",
                    "received_on": later(30, decided).isoformat(),
                    "considered_by": draw(DECIDERS),
                    "considered_by_role": "director_corporate_services",
                    "outcome": draw(st.sampled_from(["pending", "upheld", "not_upheld", "varied"])),
                }
                if appeal["outcome"] != "pending":
                    appeal["decided_on"] = later(40).isoformat()
                    appeal["reasons"] = draw(TEXT)
                case["appeals"] = [appeal]
    on = cursor[0] + timedelta(days=draw(st.integers(0, 500)))
    return case, on


# Dates in an assessment that end a time something is watched over, and the policy timescale each is.
WATCHED = {"monitoring_ends_on": "monitoring_after_step_one", "warning_period_ends": "warning_period"}


def _proposed_dates(result: dict[str, Any]) -> list[date]:
    return [
        date.fromisoformat(o[k])
        for o in result["restriction_options"]
        for k in ("review_on", "lapses_on", "appeal_by")
        if o[k]
    ]


def _cited(result: dict[str, Any]) -> set[str]:
    items = [
        result["outcome"],
        *result["missing"],
        *result["reasons"],
        *result["safeguards"],
        *result["restriction_options"],
    ]
    return {item["clause"] for item in items}


@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(valid_cases())
def test_generated_valid_cases_keep_every_invariant(generated: tuple[dict[str, Any], date]) -> None:
    case, on = generated
    assert errors(case, on=on) == []
    result = assess(case, on=on)
    event(result["outcome"]["id"])  # shown by --hypothesis-show-statistics: which outcomes were reached
    ASSESSMENT.validate(result)
    assert _cited(result) <= CLAUSES
    assert result["conditions_met"] is (not result["missing"])
    decision = case.get("decision")
    basis = date.fromisoformat(decision["decided_on"]) if decision else on
    assert all(day > on and calendar.is_working_day(day) for day in _proposed_dates(result)), (
        "proposed dates lie ahead, on working days"
    )
    for option in result["restriction_options"]:
        if option["review_on"] and option["lapses_on"]:
            assert option["review_on"] <= option["lapses_on"]
    offer = POLICY["outcomes"][result["outcome"]["id"]]["offers"].get("options")
    assert offer is not None or result["restriction_options"] == [], "no options unless the outcome offers them"
    assert all(
        calendar.is_working_day(date.fromisoformat(v))
        for k, v in result["dates"].items()
        if v and POLICY["timescales"].get(WATCHED.get(k, ""), {}).get("ends") != "on_the_day"
    ), "dates fall on working days, but for the end of a time something is watched over"
    if decision:
        for key in ("review_on", "appeal_by", "lapses_on", "retain_until"):
            value = result["dates"][key]
            assert value is None or date.fromisoformat(value) >= basis, f"{key} precedes the decision"
    involved = {decision["decided_by"], case["step_two"]["referred_by"]} if decision else set()
    for appeal in case.get("appeals", []):
        if appeal["considered_by"] in involved and date.fromisoformat(appeal["received_on"]) <= on:
            assert "appeal_decider_involved" in {m["code"] for m in result["missing"]}, (
                "no one involved decides the appeal"
            )
    assert to_json(assess(json.loads(json.dumps(case)), on=on)) == to_json(result), "same input, same bytes"
    words = " ".join(
        item["message"] for item in (*result["reasons"], *result["missing"], *result["safeguards"])
    ).lower()
    assert "is unreasonable" not in words and "vexatious" not in words, "the customer is never labelled"


_case_schema = load_schema("case")


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(from_schema(_case_schema), st.dates(date(2016, 1, 1), date(2035, 12, 31)))
def test_any_schema_valid_case_is_assessed_or_refused_with_documented_errors(case: dict[str, Any], on: date) -> None:
    try:
        assess(case, on=on)
    except (CaseInvalid, DateOutOfRange) as error:
        assert str(error)
    reply = json.loads(call("assess", json.dumps({"case": case, "on": on.isoformat()})))
    assert reply["ok"] is True, reply


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(valid_cases(), st.integers(1, 300), st.sampled_from(["copied_to_many", "abusive", "threatening"]))
def test_nothing_that_happened_after_the_date_changes_the_assessment(
    generated: tuple[dict[str, Any], date], later: int, behaviour: str
) -> None:
    case, on = generated
    result = assess(case, on=on)
    after = json.loads(json.dumps(case))
    day = (on + timedelta(days=later)).isoformat()
    after.setdefault("contacts", []).extend(
        {"at": day, "channel": "email", "officers": ["Ann"], "behaviours": [behaviour]} for _ in range(40)
    )
    if day <= "2035-12-31":
        changed = assess(after, on=on)
        left_out = [r for r in changed["reasons"] if r["code"] == "later_records_left_out"]
        assert left_out and {k: v for k, v in changed.items() if k not in ("reasons", "next_steps")} == {
            k: v for k, v in result.items() if k not in ("reasons", "next_steps")
        }
