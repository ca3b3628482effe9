"""policy.yml is valid, and the checks that guard it catch the mistakes a manager might make."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import jsonschema
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]


def test_the_schema_is_a_valid_draft_2020_12_schema(schema: dict) -> None:
    jsonschema.Draft202012Validator.check_schema(schema)


def test_policy_yml_is_valid_against_the_schema(macros: ModuleType, raw_policy: dict, schema: dict) -> None:
    assert macros.policy_problems(raw_policy, schema) == []


def test_every_clause_policy_yml_cites_is_a_clause(policy: dict) -> None:
    cited = [
        (f"{section}.{key}", item["clause"])
        for section in ("roles", "stages", "timescales", "thresholds", "outcomes")
        for key, item in policy[section].items()
    ]
    assert cited, "policy.yml cites no clauses at all"
    assert [(where, clause) for where, clause in cited if clause not in policy["clauses"]] == []


def test_every_unit_the_schema_allows_reads_as_words(macros: ModuleType, schema: dict) -> None:
    units = set(schema["$defs"]["periodUnit"]["enum"])
    units |= set(schema["properties"]["thresholds"]["additionalProperties"]["properties"]["unit"]["enum"])
    assert units <= macros.UNIT_WORDS.keys()


def _parent(data: dict, path: str) -> tuple[dict | list, str | int]:
    """The container holding the item at a dotted path, and the item's key or index."""
    *parents, last = path.split(".")
    for part in parents:
        data = data[int(part)] if isinstance(data, list) else data[part]
    return data, int(last) if isinstance(data, list) else last


def _set(path: str, value: object) -> Callable[[dict], None]:
    def change(data: dict) -> None:
        parent, key = _parent(data, path)
        parent[key] = value
    return change


def _drop(path: str) -> Callable[[dict], None]:
    def change(data: dict) -> None:
        parent, key = _parent(data, path)
        del parent[key]
    return change


MISTAKES = [
    ("a timescale with a unit the policy does not use", _set("timescales.review_after.unit", "fortnights"), "timescales.review_after.unit"),
    ("a timescale with no value", _drop("timescales.appeal_window.values.0.value"), "timescales.appeal_window.values.0"),
    ("a timescale of zero", _set("timescales.appeal_window.values.0.value", 0), "timescales.appeal_window.values.0.value"),
    ("a value with no date it applies from", _drop("timescales.appeal_window.values.0.from"), "timescales.appeal_window.values.0"),
    ("a value that does not say who set it", _set("thresholds.busy_window.values.0.set_by", "someone"), "thresholds.busy_window.values.0.set_by"),
    ("text naming a role that does not exist", _set("stages.step_two.summary", "Refer to the {role:chief_executive}."), "{role:chief_executive}"),
    ("an outcome offering a letter that does not exist", _set("outcomes.step_one.offers.letters", ["postcard"]), "outcomes.step_one.offers.letters"),
    ("a threshold indicating a behaviour that does not exist", _set("thresholds.recipients_per_issue.indicates", "shouting"), "thresholds.recipients_per_issue.indicates"),
    ("a stage requiring a stage that does not exist", _set("stages.step_two.requires", ["step_three"]), "stages.step_two.requires"),
    ("a timescale with a misspelt key", _set("timescales.review_after.vaule", 6), "timescales.review_after"),
    ("a threshold with a unit the policy does not use", _set("thresholds.busy_window.unit", "weeks"), "thresholds.busy_window.unit"),
    ("a role with no title", _drop("roles.city_helpdesk_manager.title"), "roles.city_helpdesk_manager"),
    ("an effective date that is not a date", _set("meta.effective_from", "1st October"), "meta.effective_from"),
    ("a clause id with a space in it", _set("clauses.step two", "Step two"), "clauses"),
    ("a missing section", _drop("always_available"), "(top level)"),
    ("a restriction option with no rank", _drop("restrictions.0.rank"), "restrictions.0"),
    ("a stage citing a clause that does not exist", _set("stages.step_two.clause", "step-2"), "stages.step_two.clause: 'step-2'"),
    ("an outcome citing a clause that does not exist", _set("outcomes.no_concern.clause", "nothing"), "outcomes.no_concern.clause"),
    ("a stage led by a role that does not exist", _set("stages.appeal.role", "chief_executive"), "stages.appeal.role"),
    ("a restriction answering a behaviour that does not exist", _set("restrictions.0.answers", ["shouting"]), "restrictions.consolidated_reply.answers"),
    ("restriction options out of order", _set("restrictions.0.rank", 99), "least restrictive first"),
]


@pytest.mark.parametrize(("mistake", "change", "named"), MISTAKES, ids=[m[0] for m in MISTAKES])
def test_a_mistake_in_policy_yml_is_reported_by_where_it_is(
    macros: ModuleType, raw_policy: dict, schema: dict, mistake: str, change: Callable[[dict], None], named: str
) -> None:
    data = copy.deepcopy(raw_policy)
    change(data)
    problems = macros.policy_problems(data, schema)
    assert any(problem.startswith(named) or named in problem for problem in problems), problems


def test_an_invalid_policy_yml_stops_the_build_with_a_clear_message(macros: ModuleType, tmp_path: Path) -> None:
    data = yaml.safe_load((ROOT / "policy" / "policy.yml").read_text(encoding="utf-8"))
    data["timescales"]["appeal_window"]["unit"] = "weeks"
    broken = tmp_path / "policy.yml"
    broken.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(macros.PolicyError, match=r"timescales\.appeal_window\.unit: 'weeks' is not one of"):
        macros.load_policy(broken)


@pytest.mark.parametrize(
    ("value", "unit", "words"),
    [
        (6, "months", "6 months"),
        (1, "months", "1 month"),
        (10, "working_days", "10 working days"),
        (1, "working_days", "1 working day"),
        (6, "years", "6 years"),
        (1, "contacts per working day", "1 contact per working day"),
        (50, "percent", "50%"),
        (2.5, "contacts", "2.5 contacts"),
    ],
)
def test_a_value_with_a_unit_reads_as_plain_english(macros: ModuleType, value: float, unit: str, words: str) -> None:
    assert str(macros.Measure(value=value, unit=unit)) == words
