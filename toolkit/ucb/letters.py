"""Letter drafts from the templates in `policy/letters/`, filled from the case and its assessment.

The wording lives in the templates; this module only supplies the values. Template rules:
blocks are separated by blank lines; `# ` and `## ` start headings; a block whose lines all start
with `- ` is a list, and an item that is only `- $name` expands to one item per entry when `name` is
a list; a block or list item starting `?flag ` appears only when `flag` is true; `$name` is replaced by its value
(`$$` is a dollar sign); a block whose placeholders are all empty is left out. All case text is
escaped in the HTML rendering.
"""

from __future__ import annotations

import re
from string import Template
from typing import Any

from ._resources import load_letter_template
from .dates import describe_period, long_date, parse_date
from .document import RENDERERS, Document
from .errors import ErrorRecord, PolicyError, UnknownName

KINDS = ("step_one", "restriction_notice", "review_outcome", "appeal_outcome")
LETTER_FORMATS = ("text", "html")
Values = dict[str, str | bool | list[str]]
_FLAG = re.compile(r"\?([a-z_]+) ")


def _day(text: str | None) -> str:
    return long_date(parse_date(text)) if text else ""


def _concerns(assessment: dict[str, Any]) -> Values:
    """Flags and figures for the templates' list of what the record shows."""
    m = assessment["metrics"]
    met = {row["id"] for row in m["indicators"] if row["is_met"]}
    window = m["busiest_window"] or {}
    values: Values = {
        "has_volume": "contacts_per_working_day" in met,
        "window_starts": _day(window.get("starts_on")),
        "window_ends": _day(window.get("ends_on")),
        "window_contacts": str(window.get("contacts", 0)),
        "window_rate": str(window.get("per_working_day", 0)),
        "has_spread": "recipients_per_issue" in met,
        "most_recipients": str(m["most_recipients_for_one_issue"]),
        "has_repeats": "repeats_of_answered_issue" in met,
        "most_repeats": str(m["most_repeats_of_answered_issue"]),
    }
    for behaviour, count in m["behaviours"].items():
        values[f"has_{behaviour}"] = count > 0
        values[f"{behaviour}_count"] = str(count)
    return values


def _common(case: dict[str, Any], assessment: dict[str, Any], policy: dict[str, Any], policy_url: str | None) -> Values:
    customer = case.get("customer", {})
    roles = policy["roles"]
    return {
        "council": policy["meta"]["council"],
        "policy_title": policy["meta"]["title"],
        "policy_where": policy_url or policy["meta"]["contact"]["url"],
        "reference": case["reference"],
        "address": customer.get("address", ""),
        "salutation": f"Dear {customer['name']}" if customer.get("name") else "Dear Sir or Madam",
        "ombudsman": policy["meta"]["ombudsman"]["title"],
        "ombudsman_url": policy["meta"]["ombudsman"]["url"],
        "city_helpdesk_manager": roles["city_helpdesk_manager"]["title"],
        "consulted": roles["assistant_director_corporate_services"]["title"],
        "appeal_role": roles["director_corporate_services"]["title"],
        "always_available": list(policy["always_available"]),
    } | _concerns(assessment)


def _step_one(case: dict[str, Any], assessment: dict[str, Any], policy: dict[str, Any]) -> Values:
    one = case["step_one"]
    proposal = one.get("proposal", {})
    offered: Values = {}
    for key in ("single_point_of_contact", "method", "frequency"):
        offered[key] = proposal.get(key, "").rstrip(".")
        offered[f"has_{key}"] = bool(offered[key])
    return offered | {
        "date": _day(one["date"]),
        "reply_by": _day(assessment["dates"]["step_one_reply_by"]),
        "signatory": one["manager"],
        "signatory_role": "",
    }


def _restriction_notice(case: dict[str, Any], assessment: dict[str, Any], policy: dict[str, Any]) -> Values:
    decision = case["decision"]
    catalogue = {o["id"]: o for o in policy["restrictions"]}
    chosen = [catalogue[r["option"]] for r in decision["restrictions"]]
    timescales = policy["timescales"]
    return {
        "restrictions": [
            f"{o['title']}, from {_day(r['starts_on'])}: {r['scope']}"
            for o, r in zip(chosen, decision["restrictions"], strict=False)
        ],
        "keeps": list(dict.fromkeys(o["keeps"] for o in chosen)),
        "review_on": _day(assessment["dates"]["review_on"] or min(r["review_on"] for r in decision["restrictions"])),
        "lapses_on": _day(assessment["dates"]["lapses_on"]),
        "appeal_by": _day(assessment["dates"]["appeal_by"]),
        "appeal_window": describe_period(timescales["appeal_window"]),
        "appeal_decision": describe_period(timescales["appeal_decision"]),
        "date": _day(decision.get("letter_sent_on", decision["decided_on"])),
        "signatory": decision["decided_by"],
        "signatory_role": policy["roles"]["city_helpdesk_manager"]["title"],
    }


def _review_outcome(case: dict[str, Any], assessment: dict[str, Any], policy: dict[str, Any]) -> Values:
    review = case["reviews"][-1]
    outcome = review["outcome"]
    return {
        "reviewed_on": _day(review["reviewed_on"]),
        "decided_on": _day(case["decision"]["decided_on"]),
        "is_lifted": outcome == "lifted",
        "is_renewed": outcome == "renewed",
        "is_varied": outcome == "varied",
        "is_continuing": outcome != "lifted",
        "next_review_on": _day(assessment["dates"]["review_on"]),
        "date": _day(review["reviewed_on"]),
        "reasons": review["reasons"],
        "signatory": review["reviewed_by"],
        "signatory_role": policy["roles"]["city_helpdesk_manager"]["title"],
    }


def _appeal_outcome(case: dict[str, Any], assessment: dict[str, Any], policy: dict[str, Any]) -> Values:
    appeal = case["appeal"]
    outcome = appeal["outcome"]
    return {
        "received_on": _day(appeal["received_on"]),
        "decided_on": _day(case["decision"]["decided_on"]),
        "is_upheld": outcome == "upheld",
        "is_not_upheld": outcome == "not_upheld",
        "is_varied": outcome == "varied",
        "review_on": _day(
            assessment["dates"]["review_on"] or min(r["review_on"] for r in case["decision"]["restrictions"])
        ),
        "date": _day(appeal["decided_on"]),
        "reasons": appeal.get("reasons", ""),
        "signatory": appeal["considered_by"],
        "signatory_role": policy["roles"]["director_corporate_services"]["title"],
    }


def requirements(case: dict[str, Any], kind: str) -> list[ErrorRecord]:
    """What the case must record before a letter of `kind` can be drafted."""
    decision = case.get("decision")
    if kind == "step_one" and "step_one" not in case:
        return [
            ErrorRecord(
                "letter_needs_step_one",
                "Record step one (the manager, the date and the way forward proposed) to draft this letter.",
                "$.step_one",
            )
        ]
    if kind == "restriction_notice" and not (decision and decision["restrictions"]):
        return [
            ErrorRecord(
                "letter_needs_decision",
                "Record the step-two decision and at least one restriction to draft this letter.",
                "$.decision",
            )
        ]
    if kind == "review_outcome" and not (decision and decision["restrictions"] and case.get("reviews")):
        return [
            ErrorRecord(
                "letter_needs_review",
                "Record the review (date, who, outcome and reasons) to draft this letter.",
                "$.reviews",
            )
        ]
    if kind == "appeal_outcome":
        appeal = case.get("appeal")
        if not (decision and decision["restrictions"] and appeal and appeal["outcome"] != "pending"):
            return [
                ErrorRecord(
                    "letter_needs_appeal_decision",
                    "Record the appeal's outcome, date and reasons to draft this letter.",
                    "$.appeal",
                )
            ]
        if not appeal.get("reasons"):
            return [
                ErrorRecord(
                    "letter_needs_appeal_reasons",
                    "Record the reasons for the appeal decision to draft this letter.",
                    "$.appeal.reasons",
                )
            ]
    return []


_BUILDERS = {
    "step_one": _step_one,
    "restriction_notice": _restriction_notice,
    "review_outcome": _review_outcome,
    "appeal_outcome": _appeal_outcome,
}


def fill(template: str, values: Values) -> Document:
    """A document from letter template text and its values (see the module docstring for the rules)."""
    doc = Document()
    for block in re.split(r"\n\s*\n", template.strip()):
        flag = _FLAG.match(block)
        if flag:
            if not values.get(flag.group(1)):
                continue
            block = block[flag.end() :]
        lines = block.split("\n")
        if all(line.startswith("- ") for line in lines):
            items: list[list[str | Any]] = []
            for line in lines:
                item = _FLAG.match(line[2:])
                if item and not values.get(item.group(1)):
                    continue
                line = "- " + line[2 + item.end() :] if item else line
                name = line[2:].strip()
                value = values.get(name[1:]) if name.startswith("$") else None
                if isinstance(value, list):
                    items += [[entry] for entry in value]
                else:
                    items.append([_substitute(line[2:], values)])
            doc.items(items)
            continue
        text = _substitute(block, values).strip()
        if not text:
            continue
        if text.startswith("## "):
            doc.heading(2, text[3:])
        elif text.startswith("# "):
            doc.heading(1, text[2:])
        else:
            doc.para(text)
    return doc


def _substitute(text: str, values: Values) -> str:
    try:
        return Template(text).substitute({k: v for k, v in values.items() if isinstance(v, str)})
    except (KeyError, ValueError) as error:
        raise PolicyError(f"A letter template uses a value the toolkit does not supply: {error}.") from None


def draft(
    kind: str,
    case: dict[str, Any],
    assessment: dict[str, Any],
    policy: dict[str, Any],
    *,
    fmt: str = "text",
    policy_url: str | None = None,
) -> str:
    """A letter of `kind` for a valid case whose `requirements` are met."""
    if kind not in KINDS:
        raise UnknownName(f"{kind!r} is not a kind of letter. Use one of: {', '.join(KINDS)}.")
    if fmt not in LETTER_FORMATS:
        raise UnknownName(f"{fmt!r} is not a letter format. Use one of: {', '.join(LETTER_FORMATS)}.")
    values = _common(case, assessment, policy, policy_url) | _BUILDERS[kind](case, assessment, policy)
    if str(values["signatory"]).strip().casefold() == str(values["signatory_role"]).strip().casefold():
        values["signatory_role"] = ""  # signed with the job title alone: do not print it twice
    return RENDERERS[fmt](fill(load_letter_template(kind), values))
