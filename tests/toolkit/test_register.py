"""The register across case files: each view holds the cases it should, files that cannot be read are listed
with why, the calendar matches the register, spreadsheets cannot be made to run a formula, and the yearly
figures match a hand count."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from conftest import EXAMPLES, example, example_names, load_example
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from ucb import exports, load_policy, register, yearly_report
from ucb.dates import parse_date

UCB = Path(sys.executable).with_name("ucb")
POLICY = load_policy()


def _views(cases: dict[str, Any], on: date, within: int = 30) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    entries, refused = [], []
    for name, case in cases.items():
        found = register.read(name, case, POLICY, on=on)
        (refused if isinstance(found, register.Refused) else entries).append(found)
    return entries, register.views(entries, refused, on=on, within_days=within)


# Each example, assessed as at its own date, belongs in these views.
VIEW_OF_OUTCOME = {
    "restrictions_in_place": "in_force",
    "review_due": "reviews_due",
    "appeal_pending": "appeals_awaiting",
    "restrictions_lapsed": "ended_not_told",
    "restrictions_ended": "ended_not_told",
    "monitor_after_warning": "warnings_and_protective_action",
    "protective_action_in_place": "warnings_and_protective_action",
    "immediate_safety_action": "warnings_and_protective_action",
    "decision_pending": "referrals_awaiting",
    "not_eligible_yet": "referrals_awaiting",
}


@pytest.mark.parametrize("name", example_names())
def test_every_example_appears_in_the_view_it_belongs_to(name: str) -> None:
    case, on, outcome = load_example(name)
    _, views = _views({name: case}, on, within=60)
    view = VIEW_OF_OUTCOME.get(outcome)
    shown = {k for k, rows in views.items() if isinstance(rows, list) and any(r.get("source") == name for r in rows)}
    if view:
        assert view in shown, (outcome, shown)
    else:
        assert shown <= {"in_force"}, (outcome, shown)


def test_a_restriction_in_force_shows_who_decided_and_until_when() -> None:
    case, on, _ = load_example("restrictions_in_place.json")
    _, views = _views({"a.json": case}, on)
    rows = views["in_force"]
    assert [r["option"] for r in rows] == [r["option"] for r in case["decision"]["restrictions"]]
    assert {r["decided_by"] for r in rows} == {case["decision"]["decided_by"]}
    assert all(r["review_by"] and r["ends_at_latest"] for r in rows)


def test_a_customer_not_yet_told_is_listed_with_the_day_it_ended_and_the_day_to_tell_them_by() -> None:
    # Restrictions that ended, and protective action that ended without being confirmed at step two.
    cases = {name: load_example(name)[0] for name in ("protective_action.json", "lifted_at_review.json")}
    _, views = _views(cases, date(2026, 12, 4))
    rows = views["ended_not_told"]
    assert {r["source"] for r in rows} == set(cases)
    assert all(r["ended_on"] and r["tell_by"] and r["ended_on"] < r["tell_by"] for r in rows), rows


def test_files_that_cannot_be_used_are_listed_with_why_and_two_files_with_one_reference_are_flagged() -> None:
    good, on, _ = load_example("restrictions_in_place.json")
    broken = copy.deepcopy(good)
    broken["decision"]["decided_on"] = "2023-07-01"  # before the referral
    _, views = _views({"a.json": good, "b.json": copy.deepcopy(good), "c.json": broken, "d.json": [1, 2]}, on)
    assert [r["source"] for r in views["refused"]] == ["c.json", "d.json"]
    assert all(r["errors"] for r in views["refused"])
    assert views["duplicates"] == [{"reference": good["reference"], "sources": ["a.json", "b.json"]}]
    assert {r["source"] for r in views["in_force"]} == {"a.json", "b.json"}


def test_views_are_sorted_most_urgent_first() -> None:
    cases = {}
    for n, days in enumerate((40, 5, 20)):
        case = example("restrictions_in_place.json")
        case["reference"] = f"R{n}"
        for r in case["decision"]["restrictions"]:
            r["review_on"] = (date(2023, 10, 2) + timedelta(days=days)).isoformat()
        cases[f"{n}.json"] = case
    _, views = _views(cases, date(2023, 10, 2), within=60)
    assert [r["reference"] for r in views["reviews_due"]] == ["R1", "R2", "R0"]


def test_the_calendar_parses_and_holds_every_deadline_with_a_reminder_and_no_name() -> None:
    cases = {
        name: load_example(name)[0]
        for name in ("restrictions_in_place.json", "appeal_pending.json", "protective_action.json")
    }
    on = date(2023, 8, 25)
    entries, _ = _views(cases, on)
    cal = Calendar.from_ical(exports.calendar(entries, on=on))
    events = cal.walk("VEVENT")
    expected = {(e["reference"], d) for e in entries for d in e["dates"].values() if d >= on.isoformat()}
    assert {(str(ev["summary"]).split(":")[0], ev["dtstart"].dt.isoformat()) for ev in events} == expected
    assert all(ev.walk("VALARM") for ev in events)
    text = exports.calendar(entries, on=on).decode()
    for case in cases.values():
        assert case.get("customer", {}).get("name", "@@") not in text
    assert exports.calendar(entries, on=on) == exports.calendar(entries, on=on), (
        "the same register gives the same bytes"
    )


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_a_value_that_a_spreadsheet_would_run_as_a_formula_is_made_plain_text(start: str) -> None:
    case, on, _ = load_example("restrictions_in_place.json")
    case["reference"] = f'{start}HYPERLINK("http://example.org")'
    entries, _ = _views({"a.json": case}, on)
    views = register.views(entries, [], on=on, within_days=30)
    csv_text = exports.view_csv(views, "in_force")
    assert f"'{start}HYPERLINK" in csv_text
    assert not any(line.startswith(start) for line in csv_text.splitlines()[1:])


# --- generated registers -------------------------------------------------------------------------------------------


@st.composite
def folders(draw: st.DrawFn) -> tuple[dict[str, Any], date]:
    """A folder of copies of the restriction examples, each reviewed, renewed or left as it is."""
    cases = {}
    for n in range(draw(st.integers(1, 6))):
        case = example(
            draw(st.sampled_from(["restrictions_in_place.json", "appeal_not_upheld.json", "lifted_at_review.json"]))
        )
        case["reference"] = f"C{n}"
        cases[f"c{n}.json"] = case
    return cases, date(2023, 8, 1) + timedelta(days=draw(st.integers(0, 420)))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(folders())
def test_every_restriction_in_force_appears_exactly_once_and_no_ended_one_does(
    folder: tuple[dict[str, Any], date],
) -> None:
    cases, on = folder
    entries, views = _views(cases, on)
    for name in cases:
        entry = next(e for e in entries if e["source"] == name)
        rows = [r for r in views["in_force"] if r["source"] == name]
        if entry["outcome"] in ("restrictions_in_place", "review_due", "appeal_pending"):
            assert sorted(r["option"] for r in rows) == sorted(r["option"] for r in entry["restrictions"])
            assert len({(r["option"], r["starts_on"]) for r in rows}) == len(rows)
        else:
            assert rows == [], entry["outcome"]


# --- the yearly report ---------------------------------------------------------------------------------------------


def _year_folder() -> dict[str, Any]:
    """Five cases whose figures for 1 April 2023 to 30 June 2024 are counted by hand below."""
    restricted = example("restrictions_in_place.json")  # referred 21 Jul 2023, decided 1 Aug 2023, 2 restrictions
    lifted = example("lifted_at_review.json")  # the same, reviewed on 25 Jan 2024 (lifted, on time)
    lifted["reference"] = "L"
    appealed = example("appeal_not_upheld.json")  # the same, appeal received 21 Aug 2023, decided not upheld
    appealed["reference"] = "A"
    informal = example(
        "agreement_monitored.json"
    )  # informal step 30 Apr 2024, step one 8 May 2024 agreed, never referred
    vulnerable = example(
        "vulnerability_first.json"
    )  # informal step 10 May 2024; need disclosed, no adjustment recorded
    return {"r.json": restricted, "l.json": lifted, "a.json": appealed, "i.json": informal, "v.json": vulnerable}


HAND_COUNT = {
    "Cases considered under the policy": 5,
    "Resolved without a step-two referral": 1,  # the agreement is being monitored
    "Step-two referrals made": 3,
    "Step-two decisions to restrict contact": 3,
    "Step-two decisions not to restrict contact": 0,
    "Single point of contact": 3,
    "Scheduled replies": 3,
    "Review set within 6 months": 6,
    "Reviews held": 1,
    "Held on time": 1,
    "Restrictions renewed": 0,
    "Lifted at a review": 1,
    "Appeals received": 1,
    "Appeals decided: not upheld": 1,
    "Cases where a disability or vulnerability was disclosed": 1,
    "Of those, cases with adjustments recorded": 0,
}


def test_the_yearly_figures_match_a_hand_count() -> None:
    entries, _ = _views(_year_folder(), date(2024, 6, 30))
    sections = yearly_report.figures(entries, POLICY, start=date(2023, 4, 1), end=date(2024, 6, 30))
    found = {measure: n for _, rows in sections for measure, n in rows}
    assert {k: found.get(k) for k in HAND_COUNT} == HAND_COUNT


def test_the_yearly_report_names_no_one_and_hides_small_counts() -> None:
    folder = _year_folder()
    entries, _ = _views(folder, date(2024, 6, 30))
    smallest = POLICY["reporting"]["smallest_count_shown"]
    for fmt in yearly_report.REPORT_FORMATS:
        text = yearly_report.render(entries, POLICY, start=date(2023, 4, 1), end=date(2024, 3, 31), fmt=fmt)
        for case in folder.values():
            assert case["reference"] not in text or len(case["reference"]) < 3
            assert case.get("customer", {}).get("name", "@@") not in text
        assert f"fewer than {smallest}" in text
    html = yearly_report.render(entries, POLICY, start=date(2023, 4, 1), end=date(2024, 3, 31), fmt="html")
    assert html.startswith("<!DOCTYPE html>") and POLICY["reporting"]["committee"] in html


# --- the command line ---------------------------------------------------------------------------------------------

# Run in a fresh Python: a large folder is shared among processes started as copies of the one reading it.
# With "dies", one of those processes stops dead at file 040 (as if the computer ran out of memory).
_READ_TWICE = """
import json, os, sys
from datetime import date
from pathlib import Path
from ucb import register_folder
from ucb.register_folder import read_folder
one = read_folder(Path(sys.argv[1]), on=date(2023, 10, 2), processes=1)
if sys.argv[2] == "dies":
    reader, first = register_folder.read_file, os.getpid()
    def dying(path, policy, *, on):
        if os.getpid() != first and path.name.startswith("040-"):
            os._exit(137)
        return reader(path, policy, on=on)
    register_folder.read_file = dying
two = read_folder(Path(sys.argv[1]), on=date(2023, 10, 2), processes=2)
print(json.dumps([one[0] == two[0], [r.source for r in one[1]] == [r.source for r in two[1]], len(two[0]), len(two[1])]))
"""


@pytest.mark.parametrize("process", ["lives", "dies"])
def test_a_folder_shared_among_processes_gives_the_register_one_process_gives(tmp_path: Path, process: str) -> None:
    names = example_names()
    for n in range(60):
        name = names[n % len(names)]
        (tmp_path / f"{n:03d}-{name}").write_bytes((EXAMPLES / name).read_bytes())
    (tmp_path / "030-notes.json").write_text("not json at all", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-c", _READ_TWICE, str(tmp_path), process], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    same_entries, same_refused, entries, refused = json.loads(result.stdout)
    assert same_entries and same_refused
    assert (entries, refused) == (60, 1)


def test_the_register_and_the_yearly_report_run_on_a_folder_from_the_command_line(tmp_path: Path) -> None:
    for name in example_names():
        (tmp_path / name).write_bytes((EXAMPLES / name).read_bytes())
    (tmp_path / "notes.json").write_text("not json at all", encoding="utf-8")
    ics = tmp_path / "out.ics"
    result = subprocess.run(
        [str(UCB), "register", str(tmp_path), "--on", "2023-10-02", "--ics", str(ics)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert "Restrictions in force" in result.stdout and "notes.json" in result.stdout
    assert Calendar.from_ical(ics.read_bytes()).walk("VEVENT")
    csv = subprocess.run(
        [str(UCB), "register", str(tmp_path), "--on", "2023-10-02", "--csv", "in_force"], capture_output=True, text=True
    )
    assert csv.stdout.splitlines()[0].startswith("Case reference,")
    year = subprocess.run(
        [str(UCB), "report-year", str(tmp_path), "--from", "2023-04-01", "--to", "2024-03-31"],
        capture_output=True,
        text=True,
    )
    assert year.returncode == 0 and "Cases considered under the policy" in year.stdout
    assert "notes.json: not counted" in year.stderr
    data = json.loads(
        subprocess.run(
            [str(UCB), "register", str(tmp_path), "--on", "2023-10-02", "--format", "json"],
            capture_output=True,
            text=True,
        ).stdout
    )
    assert data["cases"] == len(example_names())
    assert parse_date(data["as_at"]) == date(2023, 10, 2)
