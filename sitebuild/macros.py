"""mkdocs-macros module: policy/policy.yml, validated, as readable values, tables and the process diagram."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import re
import textwrap
from collections.abc import Iterator
from html import escape
from pathlib import Path
from typing import Any

import jsonschema
import yaml
from mkdocs.utils import get_relative_url

from ucb import parameters, wording
from ucb._resources import policy_from_yaml
from ucb.dates import long_date
from ucb.errors import PolicyError

ROOT = Path(__file__).resolve().parent.parent
POLICY_PATH = ROOT / "policy" / "policy.yml"
SCHEMA_PATH = ROOT / "schemas" / "policy.schema.json"

# How each unit in the schema reads in a sentence: (one, many).
UNIT_WORDS: dict[str, tuple[str, str]] = {
    "working_days": ("working day", "working days"),
    "calendar_days": ("calendar day", "calendar days"),
    "months": ("month", "months"),
    "years": ("year", "years"),
    "contacts per working day": ("contact per working day", "contacts per working day"),
    "departments or officers": (
        "department or officer",
        "departments or officers",
    ),
    "contacts": ("contact", "contacts"),
    "percent": ("%", "%"),
}


class Measure(dict):
    """A value with a unit from policy.yml; prints in plain English, e.g. `6 months`."""

    def __str__(self) -> str:
        return describe(self["value"], self["unit"])


class Day(dt.date):
    """A policy date; prints the British way, e.g. `1 October 2023`."""

    def __str__(self) -> str:
        return long_date(self)


def describe(value: float, unit: str) -> str:
    """`6, "months"` -> `6 months`; `1, "working_days"` -> `1 working day`; `50, "percent"` -> `50%`."""
    number = f"{value:g}"
    one, many = UNIT_WORDS[unit]
    if unit == "percent":
        return f"{number}%"
    return f"{number} {one if value == 1 else many}"


def readable(node: Any) -> Any:
    """The YAML with values that print well: measures and dates become `Measure` and `Day`."""
    if isinstance(node, dict):
        items = {key: readable(value) for key, value in node.items()}
        return Measure(items) if {"value", "unit"} <= items.keys() else items
    if isinstance(node, list):
        return [readable(value) for value in node]
    if isinstance(node, dt.date):
        return Day(node.year, node.month, node.day)
    return node


def clause_references(policy: dict) -> Iterator[tuple[str, str]]:
    """Every (where, clause id) that policy.yml points at."""
    for section in ("roles", "stages", "timescales", "thresholds", "outcomes", "findings"):
        for key, item in policy.get(section, {}).items():
            yield f"{section}.{key}.clause", item["clause"]


def reference_problems(policy: dict) -> list[str]:
    """Ids that policy.yml uses but does not define (clauses, roles, stages, behaviours)."""
    clauses, roles = policy["clauses"], policy["roles"]
    stages, behaviours = policy["stages"], policy["behaviours"]
    problems = [
        f"{where}: '{clause}' is not a key of clauses"
        for where, clause in clause_references(policy)
        if clause not in clauses
    ]
    uses_role = [("meta.owner", policy["meta"]["owner"])]
    for section in ("stages", "outcomes"):
        uses_role += [(f"{section}.{key}.role", item["role"]) for key, item in policy[section].items()]
    uses_role += [(f"stages.{key}.consulted", item["consulted"]) for key, item in stages.items() if "consulted" in item]
    problems += [f"{where}: '{role}' is not a key of roles" for where, role in uses_role if role not in roles]
    problems += [
        f"stages.{key}.follows: '{item['follows']}' is not a key of stages"
        for key, item in stages.items()
        if item.get("follows", key) not in stages
    ]
    for option in policy["restrictions"]:
        if option["stage"] not in stages:
            problems.append(f"restrictions.{option['id']}.stage: '{option['stage']}' is not a key of stages")
        problems += [
            f"restrictions.{option['id']}.answers: '{b}' is not a key of behaviours"
            for b in option["answers"]
            if b not in behaviours
        ]
    ranks = [option["rank"] for option in policy["restrictions"]]
    if ranks != sorted(set(ranks)):
        problems.append("restrictions: list the options least restrictive first, each with its own rank")
    return problems + _process_problems(policy) + _wording_problems(policy)


def _process_problems(policy: dict) -> list[str]:
    """Stages, groups, thresholds and outcomes that name something policy.yml does not define."""
    stages, behaviours, letters = policy["stages"], policy["behaviours"], policy["letters"]
    problems = [
        f"stages.{key}.deputy: '{item['deputy']}' is not a key of roles"
        for key, item in stages.items()
        if "deputy" in item and item["deputy"] not in policy["roles"]
    ]
    for key, item in stages.items():
        for field in ("requires", "independent_of"):
            problems += [
                f"stages.{key}.{field}: '{s}' is not a key of stages" for s in item.get(field, ()) if s not in stages
            ]
    problems += [
        f"behaviours.{key}.group: '{b['group']}' is not a key of behaviour_groups"
        for key, b in behaviours.items()
        if b["group"] not in policy["behaviour_groups"]
    ]
    problems += [
        f"thresholds.{key}.indicates: '{t['indicates']}' is not a key of behaviours"
        for key, t in policy["thresholds"].items()
        if "indicates" in t and t["indicates"] not in behaviours
    ]
    for key, outcome in policy["outcomes"].items():
        offers = outcome["offers"]
        problems += [
            f"outcomes.{key}.offers.letters: '{k}' is not a key of letters"
            for k in offers["letters"]
            if k not in letters
        ]
        problems += [
            f"outcomes.{key}.offers.options.stages: '{s}' is not a key of stages"
            for s in offers.get("options", {}).get("stages", ())
            if s not in stages
        ]
    return problems


def _wording_problems(policy: dict) -> list[str]:
    """Placeholders such as {role:id} that name a role or contact detail policy.yml does not define."""
    known = {f"role:{r}" for r in policy["roles"]} | {f"contact:{c}" for c in policy["meta"]["contact"]}
    return [
        f"text names '{{{p}}}', which policy.yml does not define" for p in sorted(wording.placeholders(policy) - known)
    ]


def policy_problems(data: Any, schema: dict) -> list[str]:
    """Everything wrong with the policy data (already JSON), each as `where: what`; empty when valid."""
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    errors = sorted(validator.iter_errors(data), key=lambda error: list(map(str, error.absolute_path)))
    problems = [f"{'.'.join(map(str, error.absolute_path)) or '(top level)'}: {error.message}" for error in errors]
    return problems or reference_problems(data)


def load_policy(path: Path = POLICY_PATH, schema_path: Path = SCHEMA_PATH) -> tuple[dict, dict]:
    """policy.yml, checked: as JSON data (dates as ISO text, as the toolkit reads it) and as YAML
    read it (dates as dates, for `readable`). Raises PolicyError naming every problem, so the build stops."""
    try:
        text = path.read_text(encoding="utf-8")
        data = policy_from_yaml(text)
    except (OSError, yaml.YAMLError) as error:
        raise PolicyError(f"Cannot read {path}: {error}") from error
    problems = policy_problems(data, json.loads(schema_path.read_text(encoding="utf-8")))
    if problems:
        raise PolicyError(f"{path} is not valid. Fix these and build again:\n  - " + "\n  - ".join(problems))
    # Role titles and contact details filled into the text; each dated figure with its latest value, as pages show it.
    shown = parameters.current(wording.resolve(yaml.safe_load(text), data))
    return parameters.current(wording.resolve(data, data)), shown


# --- What pages call --------------------------------------------------------


def sentence(text: str) -> str:
    """Capitalise the first letter only, for a role title at the start of a sentence."""
    return text[:1].upper() + text[1:]


def heading(policy: dict, clause: str) -> str:
    """A clause heading with its stable anchor: `Appeals {#appeals}`."""
    if clause not in policy["clauses"]:
        raise PolicyError(f"'{clause}' is not a clause in policy.yml; add it under `clauses:` or fix the page")
    return f"{policy['clauses'][clause]} {{#{clause}}}"


def cell(text: object) -> str:
    """Text safe inside one Markdown table cell."""
    return str(text).replace("|", "\\|").replace("\n", " ")


def review_text(policy: dict, option: dict) -> str:
    """When an option is reviewed: its own period, the default, or none for an informal step."""
    if policy["stages"][option["stage"]].get("informal"):
        return "No review: an informal step"
    return str(option.get("review_after") or policy["timescales"]["review_after"])


OPTION_COLUMNS = ("Option", "What it means", "Used for", "What stays available", "Review")


def restriction_table(policy: dict) -> str:
    """The restriction catalogue as an HTML table, least restrictive first.

    Each cell carries its column name (`data-label`) so that narrow screens can show
    every option as a labelled card instead of a table too wide to read.
    """
    behaviours, stages = policy["behaviours"], policy["stages"]
    head = "".join(f'<th scope="col">{name}</th>' for name in OPTION_COLUMNS)
    rows = []
    for option in sorted(policy["restrictions"], key=lambda item: item["rank"]):
        answers = ", ".join(behaviours[b]["title"].lower() for b in option["answers"])
        title = f'<strong>{escape(option["title"])}</strong><br><span class="ucb-stage">{escape(stages[option["stage"]]["title"])}</span>'
        values = [option["description"], sentence(answers), option["keeps"], review_text(policy, option)]
        cells = [f'<th scope="row" data-label="{OPTION_COLUMNS[0]}">{title}</th>']
        cells += [
            f'<td data-label="{label}">{escape(value)}</td>'
            for label, value in zip(OPTION_COLUMNS[1:], values, strict=False)
        ]
        rows.append(f"<tr>{''.join(cells)}</tr>")
    return f'<div class="ucb-options"><table><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table></div>'


def bullet_list(items: list[str]) -> str:
    """A Markdown bullet list."""
    return "\n".join(f"- {item}" for item in items)


def roles_table(policy: dict) -> str:
    """Who does what, as a Markdown table."""
    rows = ["| Role | What they do |", "|---|---|"]
    rows += [f"| {cell(sentence(role['title']))} | {cell(role['description'])} |" for role in policy["roles"].values()]
    return "\n".join(rows)


def history_table(policy: dict) -> str:
    """The version history, newest first, as a Markdown table."""
    rows = ["| Version | Date | What changed |", "|---|---|---|"]
    for entry in sorted(policy["meta"]["history"], key=lambda item: item["date"], reverse=True):
        rows.append(f"| {cell(entry['version'])} | {entry['date']} | {cell(entry['change'])} |")
    return "\n".join(rows)


def behaviour_list(policy: dict, group: str) -> str:
    """The behaviour categories of one group (`frequency` or `nature`) as a bullet list."""
    return bullet_list(
        [f"**{b['title']}**: {b['description']}" for b in policy["behaviours"].values() if b["group"] == group]
    )


# --- The process diagram: inline SVG drawn from `stages` ----------------------

BOX_X, BOX_WIDTH, LINE_HEIGHT, GAP, WRAP = 4, 300, 20, 26, 34


def stage_lines(policy: dict, number: int, stage: dict) -> list[str]:
    """The text in one box: the numbered title, then who acts, wrapped to fit."""
    who = sentence(policy["roles"][stage["role"]]["title"])
    if "consulted" in stage:
        who += f", consulting the {policy['roles'][stage['consulted']]['title']}"
    return [f"{number}. {stage['title']}", *textwrap.wrap(who, WRAP)]


def process_diagram(policy: dict) -> str:
    """The stages as an accessible SVG flow chart, with the same steps in words below it."""
    stages = list(policy["stages"].items())
    main = [key for key, stage in stages if "follows" not in stage]
    order = main + [key for key, stage in stages if "follows" in stage]
    numbers = {key: index for index, key in enumerate(order, start=1)}
    parts, tops, y = [], {}, 8
    for key in order:
        lines = stage_lines(policy, numbers[key], policy["stages"][key])
        height = LINE_HEIGHT * len(lines) + 12
        tops[key] = (y, height)
        parts.append(f'<rect class="ucb-box" x="{BOX_X}" y="{y}" width="{BOX_WIDTH}" height="{height}" rx="6"/>')
        for index, line in enumerate(lines):
            css = "ucb-title" if index == 0 else "ucb-role"
            parts.append(
                f'<text class="{css}" x="{BOX_X + 10}" y="{y + 24 + index * LINE_HEIGHT}">{escape(line)}</text>'
            )
        y += height + GAP
    for before, after in itertools.pairwise(main):
        start = sum(tops[before])
        parts.append(
            f'<line class="ucb-arrow" x1="{BOX_X + BOX_WIDTH / 2}" y1="{start}" x2="{BOX_X + BOX_WIDTH / 2}" y2="{tops[after][0] - 2}" marker-end="url(#ucb-arrowhead)"/>'
        )
    side = BOX_X + BOX_WIDTH + 18
    for key in order[len(main) :]:
        source, (top, height) = policy["stages"][key]["follows"], tops[key]
        origin = tops[source][0] + tops[source][1] / 2
        path = f"M{BOX_X + BOX_WIDTH} {origin} H{side} V{top + height / 2} H{BOX_X + BOX_WIDTH + 2}"
        parts.append(f'<path class="ucb-arrow ucb-branch" d="{path}" marker-end="url(#ucb-arrowhead)"/>')
    words = [stage_words(policy, numbers[key], policy["stages"][key]) for key in order]
    description = " ".join(words)
    width = side + 6
    svg = (
        f'<svg class="ucb-process" viewBox="0 0 {width} {y - GAP + 8}" role="img" aria-labelledby="ucb-process-title ucb-process-desc" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="ucb-process-title">How the policy works, step by step</title><desc id="ucb-process-desc">{escape(description)}</desc>'
        '<defs><marker id="ucb-arrowhead" viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="10" markerHeight="10" orient="auto-start-reverse">'
        '<path d="M0 0 L10 5 L0 10 z"/></marker></defs>' + "".join(parts) + "</svg>"
    )
    items = "".join(f"<li>{escape(word)}</li>" for word in words)
    return (
        f'<figure class="ucb-figure">{svg}<figcaption>How the policy works. The same steps in words:</figcaption>'
        f'<ol class="ucb-process-steps">{items}</ol></figure>'
    )


def stage_words(policy: dict, number: int, stage: dict) -> str:
    """One stage in a sentence or two, for the text alternative."""
    who = policy["roles"][stage["role"]]["title"]
    branch = f" ({stage['when']})" if "when" in stage else ""
    return f"{number}. {stage['title']}{branch}, led by the {who}: {stage['summary']}"


def tool_data(policy: dict) -> str:
    """The policy data and the case and assessment schemas as JSON in inert `<template>` elements, so
    the tool's first question needs no request (docs/assets/tool/schema.mjs reads them). `policy` is
    the JSON data, as the toolkit reads it. Not `<script>`
    blocks, which Material's instant navigation would re-run as scripts; inside a `<div>` so Markdown
    leaves the JSON alone."""
    data = {"policy": policy}
    for name in ("case", "assessment"):
        schema = json.loads((ROOT / "schemas" / f"{name}.schema.json").read_text(encoding="utf-8"))
        data[f"{name}-schema"] = wording.resolve(
            schema, data["policy"]
        )  # the hints name roles as this build's policy does
    templates = "".join(
        f'<template id="ucb-data-{name}">{escape(json.dumps(value, ensure_ascii=False), quote=False)}</template>'
        for name, value in data.items()
    )
    return f"<div hidden data-search-exclude>{templates}</div>"


# Each page script in docs/assets/tool/ with the modules it imports (preloaded, so none waits for the
# one importing it) and its stylesheets, in order: the decision tool's wizard, and the register across cases.
PAGE_SCRIPTS = {
    "wizard": (
        (
            "wizard",
            "dom",
            "schema",
            "model",
            "storage",
            "files",
            "form",
            "dates",
            "steps",
            "tasks",
            "dialog",
            "contacts",
            "check",
            "result",
            "runtime/client",
        ),
        ("common.css", "tool.css"),
    ),
    "register": (("register", "register-read", "dates", "dom", "runtime/client"), ("common.css", "register.css")),
}


def tool_files(release: str, page_url: str, script: str = "wizard") -> str:
    """A page script (`PAGE_SCRIPTS`), its modules and stylesheets, from the build's release folder
    (`assets/ucb-…`, named by sitebuild/release.py), addressed relative to the page at `page_url`;
    in a `<div>` so Markdown leaves them alone."""
    modules, stylesheets = PAGE_SCRIPTS[script]

    def href(name: str) -> str:
        return escape(get_relative_url(f"{release}/tool/{name}", page_url))

    preloads = "".join(f'<link rel="modulepreload" href="{href(name + ".mjs")}">' for name in modules)
    styles = "".join(f'<link rel="stylesheet" href="{href(name)}">' for name in stylesheets)
    return f'<div hidden>{preloads}{styles}<script type="module" src="{href(script + ".mjs")}"></script></div>'


# --- mkdocs-macros entry point --------------------------------------------------

# A Markdown link to another site: `[text](https://...)`, not already given attributes.
EXTERNAL_LINK = re.compile(r"(\]\(https?://[^)\s]+\))(?!\{)")


def mark_external_links(markdown: str) -> str:
    """Give links to other sites the class `ucb-external`, so print can show where they go."""
    return EXTERNAL_LINK.sub(r"\1{ .ucb-external }", markdown)


def on_post_page_macros(env: Any) -> None:
    """After values are filled in, mark each page's links to other sites."""
    env.markdown = mark_external_links(env.markdown)


def define_env(env: Any) -> None:
    """Give pages `policy` (readable values), the table, diagram and tool macros and two filters."""
    data, as_read = load_policy()
    env.variables["policy"] = readable(as_read)
    for name, function in {
        "restriction_table": restriction_table,
        "roles_table": roles_table,
        "history_table": history_table,
        "process_diagram": process_diagram,
    }.items():
        env.macro(lambda function=function: function(env.variables["policy"]), name)
    env.macro(lambda clause: heading(data, clause), "clause")
    env.macro(lambda group: behaviour_list(data, group), "behaviours")
    env.macro(
        lambda: bullet_list([f"{item['what']} {item['route']}" for item in data["always_available"]]),
        "always_available",
    )
    env.macro(lambda: bullet_list(data["support_routes"]), "support_routes")
    env.macro(lambda: tool_data(data), "tool_data")
    env.macro(lambda script="wizard": tool_files(env.conf["extra"]["tool_release"], env.page.url, script), "tool_files")
    env.filter(sentence, "sentence")
    env.filter(long_date, "long_date")
