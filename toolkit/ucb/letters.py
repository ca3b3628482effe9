"""Letter drafts from the templates in `policy/letters/`, filled from the case as at each letter's own date.

The wording lives in the templates and the parts each letter must contain in the policy data (`letters:`). A
letter is drafted only when every required part can be filled from the case; otherwise the toolkit lists what the
manager must record. Template rules: blocks are separated by blank lines; `# ` and `## ` start headings; a block
whose lines all start with `- ` is a list, and an item that is only `- $name` expands to one item per entry when
`name` is a list; `[part]` before a block tags it as that letter part (a block ending with a colon only introduces the part); `?flag ` before a block or list item shows
it only when `flag` is true; `@name args` includes `_name.txt` (with `$part` set to the first argument); `$name` is
replaced by its value (`$$` is a dollar sign); a block that comes out empty is left out.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from string import Template
from typing import Any

from . import lifecycle, safety
from . import metrics as _metrics
from ._resources import load_letter_template
from .appeals import signed_as
from .dates import after, contact_date, describe_period, parse_date
from .document import RENDERERS, Document, isolate, to_docx, to_html_page
from .errors import ErrorRecord, PolicyError, UnknownName
from .findings import count, day, role_title
from .parameters import period

LETTER_FORMATS = ("text", "html", "docx")
Values = dict[str, str | bool | list[str]]
_FLAG = re.compile(r"\?([a-z_]+)[ \n]")
_PART = re.compile(r"\[([a-z_]+)\][ \n]")
_INCLUDE = re.compile(r"@([a-z_]+)(?: ([a-z_]+))?")


class NotApplicable(Exception):
    """The case holds nothing this kind of letter is about (yet)."""


@dataclass(frozen=True)
class Context:
    case: dict[str, Any]
    assessment: dict[str, Any]
    policy: dict[str, Any]
    on: date
    policy_url: str | None = None


def kinds(policy: dict[str, Any]) -> tuple[str, ...]:
    """Every letter kind the policy data defines."""
    return tuple(policy["letters"])


# --- shared values -----------------------------------------------------------------------------------------


def _figures(ctx: Context, as_at: date) -> Values:
    """Flags and figures for the templates' list of what the record shows, counting only contact by `as_at`."""
    m = _metrics.compute(ctx.case, ctx.policy, on=as_at)
    met = {row["id"] for row in m["indicators"] if row["is_met"]}
    window = m["busiest_window"] or {}
    values: Values = {
        "log_starts": day(m["first_contact_on"]),
        "has_volume": "contacts_per_working_day" in met,
        "window_starts": day(window.get("starts_on")),
        "window_ends": day(window.get("ends_on")),
        "window_contacts": count(window.get("contacts", 0), "contact"),
        "window_rate": f"{window.get('per_working_day', 0):g}",
        "has_spread": "recipients_per_issue" in met,
        "most_recipients": str(m["most_recipients_for_one_issue"]),
        "has_repeats": "repeats_of_answered_issue" in met,
        "most_repeats": count(m["most_repeats_of_answered_issue"], "time"),
    }
    for behaviour, n in m["behaviours"].items():
        values[f"has_{behaviour}"] = n > 0
        values[f"{behaviour}_count"] = count(n, "contact")
    # Repetition measured from the log and repetition staff ticked are one thing to a customer: give one count.
    values["has_repeated"] = bool(values.get("has_repeated")) and not values["has_repeats"]
    values["has_figures"] = any(v for k, v in values.items() if k.startswith("has_") and k != "has_figures")
    return values


def _available(policy: dict[str, Any]) -> list[str]:
    return [
        f"{item['what'].rstrip('.')}: {item['route'][0].lower()}{item['route'][1:]}"
        for item in policy["always_available"]
    ]


def _common(ctx: Context, letter_date: date) -> Values:
    customer = ctx.case.get("customer", {})
    meta, roles = ctx.policy["meta"], ctx.policy["roles"]
    housing = any(i.get("about_council_home") for i in ctx.case.get("issues", ()))
    contact, ombudsman, housing_ombudsman = meta["contact"], meta["ombudsman"], meta["housing_ombudsman"]
    # A copy goes to the person acting for the customer, once their permission is checked (clause representatives).
    acting = ctx.case.get("circumstances", {}).get("representative", {})
    copy_to = acting.get("name", "") if acting.get("is_acting") and acting.get("authority_checked") else ""
    return {
        "has_copy": bool(copy_to),
        "copy_to": isolate(copy_to),
        "council": meta["council"],
        "policy_title": meta["title"],
        "policy_where": ctx.policy_url or contact["url"],
        "reference": isolate(ctx.case["reference"]),
        "address": isolate(customer.get("address", "")),
        "salutation": f"Dear {isolate(customer['name'])}" if customer.get("name") else "Dear Sir or Madam",
        "date": day(letter_date),
        "contact_service": contact["service"],
        "contact_phone": contact["phone"],
        "contact_address": contact["address"],
        "contact_url": contact["url"],
        "ombudsman": ombudsman["title"],
        "ombudsman_address": ombudsman["address"],
        "ombudsman_phone": ombudsman["phone"],
        "ombudsman_url": ombudsman["url"],
        "has_housing": housing,
        "housing_ombudsman": housing_ombudsman["title"],
        "housing_ombudsman_address": housing_ombudsman["address"],
        "housing_ombudsman_phone": housing_ombudsman["phone"],
        "housing_ombudsman_url": housing_ombudsman["url"],
        "city_helpdesk_manager": roles["city_helpdesk_manager"]["title"],
        "consulted": roles["assistant_director_corporate_services"]["title"],
        "appeal_role": roles[ctx.policy["stages"]["appeal"]["role"]]["title"],
        "appeal_window": _period_words(ctx.policy, "appeal_window", letter_date),
        "appeal_decision": _period_words(ctx.policy, "appeal_decision", letter_date),
        "always_available": _available(ctx.policy),
        "support_example": ctx.policy["support_routes"][0],
        "appeal_contact": (
            f"our {roles[ctx.policy['stages']['appeal']['role']]['title']} at {contact['address']}, "
            f"or phone {contact['service']} on {contact['phone']}"
        ),
        "can_appeal": False,
        "signatory_role": "",
    }


def _period_words(policy: dict[str, Any], name: str, on: date) -> str:
    return describe_period(period(policy, name, on))


def _restriction_lines(
    policy: dict[str, Any], restrictions: list[dict[str, Any]], *, covering: str = "customer"
) -> list[str]:
    """Each restriction covering `covering` in the customer's words: from when, exactly what, and how to reach us."""
    return [
        f"From {day(r['starts_on'])}: {isolate(r['scope'])}"
        + (f" Contact: {isolate(r['contact_route'])}" if r.get("contact_route") else "")
        for r in restrictions
        if r.get("applies_to", "customer") == covering
    ]


def _adjustments(case: dict[str, Any], as_at: date) -> list[str]:
    return [
        isolate(a["description"])
        for a in case.get("circumstances", {}).get("vulnerability", {}).get("adjustments", ())
        if parse_date(a["agreed_on"]) <= as_at
    ]


def _sent(record: dict[str, Any], key: str, on: date) -> date:
    return parse_date(record[key]) if key in record else on


def _signed(policy: dict[str, Any], name: str, role: str) -> Values:
    title = role_title(policy, role)
    return {"signatory": isolate(name), "signatory_role": "" if title.casefold() in name.casefold() else title}


# --- one builder per letter kind ----------------------------------------------------------------------------


def _step_one(ctx: Context) -> tuple[date, Values]:
    one = ctx.case.get("step_one")
    if not one:
        raise NotApplicable(
            "Record step one (the manager, the date and the way forward proposed) to draft this letter."
        )
    written = parse_date(one["date"])
    offered: Values = {}
    for key in ("single_point_of_contact", "method", "frequency"):
        offered[key] = isolate(one.get("proposal", {}).get(key, "").rstrip("."))
        offered[f"has_{key}"] = bool(offered[key])
    reply_by = after(ctx.policy, "step_one_reply", written)
    adjustments = _adjustments(ctx.case, written)
    return written, offered | _figures(ctx, written) | {
        "reply_by": day(reply_by),
        "signatory": isolate(one["manager"]),
        "has_adjustments": bool(adjustments),
        "adjustments": adjustments,
    }


def _warning(ctx: Context) -> tuple[date, Values]:
    warning = ctx.case.get("warning")
    if not warning:
        raise NotApplicable(
            "Record the written warning (date, who gave it, the behaviour named and what the customer is asked to change) to draft this letter."
        )
    given = parse_date(warning["given_on"])
    ends = after(ctx.policy, "warning_period", given)
    if ends < ctx.on:
        raise NotApplicable(
            f"The warning recorded was given on {day(given)} and its time ended on {day(ends)}. Record the new "
            "warning in its place (date, who gives it, the behaviour named and what the customer is asked to "
            "change) to draft its letter."
        )
    adjustments = _adjustments(ctx.case, given)
    step_one = ctx.case.get("step_one")
    response = step_one["response"] if step_one else None
    return given, _figures(ctx, given) | {
        "behaviour": isolate(warning["behaviour"]),
        "asked_to_change": isolate(warning["asked_to_change"].rstrip(". ")),
        "warning_ends_on": day(ends),
        "adjustments_considered": warning["adjustments_considered"],
        "has_adjustments": warning["adjustments_considered"] and bool(adjustments),
        "adjustments": adjustments,
        "step_one_date": day(step_one["date"]) if step_one else "",
        "step_one_refused": response == "refused",
        "step_one_unanswered": response == "awaiting",
        "step_one_broken": response in ("agreed", "agreed_then_breached"),
        "signatory": isolate(warning["given_by"]),
    }


def _incident(ctx: Context, taken_on: date) -> tuple[str, str]:
    """The date of the latest threat or violence before the action, and the note made of it at the time."""
    marked = safety.safety_behaviours(ctx.policy)
    threats = [
        c
        for c in ctx.case.get("contacts", ())
        if not marked.isdisjoint(c.get("behaviours", ())) and contact_date(c["at"]) <= taken_on
    ]
    if not threats:
        return "", ""
    latest = max(threats, key=lambda c: c["at"])
    return day(contact_date(latest["at"])), isolate(latest.get("note", ""))


def _protective_action(ctx: Context) -> tuple[date, Values]:
    state = lifecycle.protective_state(ctx.case, ctx.policy, on=ctx.on)
    if state.state == "none":
        raise NotApplicable(
            "Record the protective action that restricts contact (what, by whom, when) to draft this letter."
        )
    action = state.action
    written = _sent(action, "confirmed_on", ctx.on)
    incident_date, account = _incident(ctx, parse_date(action["taken_on"]))
    return written, {
        "incident_date": incident_date,
        "has_incident_account": bool(account),
        "incident_account": account,
        "taken_on": day(action["taken_on"]),
        "action": isolate(action["action"]),
        "reported_to_police": bool(action.get("reported_to_police")),
        "ends_on": day(state.ends_on),
        "appeal_by": day(after(ctx.policy, "appeal_window", written)),
        "can_appeal": True,
        "signatory": isolate(action["taken_by"]),
    }


def _steps_before(ctx: Context, decided: date) -> Values:
    informal = [parse_date(s["date"]) for s in ctx.case.get("informal_steps", ()) if parse_date(s["date"]) <= decided]
    one = ctx.case.get("step_one")
    warning = ctx.case.get("warning")
    protective = [
        parse_date(a["taken_on"])
        for a in ctx.case.get("protective_actions", ())
        if parse_date(a["taken_on"]) <= decided
    ]
    values: Values = {
        "had_informal": bool(informal),
        "informal_date": day(max(informal)) if informal else "",
        "had_step_one": bool(one) and parse_date(one["date"]) <= decided,
        "step_one_date": day(one["date"]) if one else "",
        "had_warning": bool(warning) and parse_date(warning["given_on"]) <= decided,
        "warning_date": day(warning["given_on"]) if warning else "",
        "had_protective": bool(protective),
        "protective_date": day(max(protective)) if protective else "",
    }
    values["had_steps"] = bool(values["had_informal"] or values["had_step_one"] or values["had_warning"])
    return values


def _decision(ctx: Context) -> dict[str, Any]:
    decision = ctx.case.get("decision")
    if not decision or not decision["restrictions"]:
        raise NotApplicable("Record the step-two decision and at least one restriction to draft this letter.")
    return decision


def _decision_review(ctx: Context, decision: dict[str, Any]) -> tuple[date, date]:
    decided = parse_date(decision["decided_on"])
    lapses = after(ctx.policy, "maximum_duration", min(parse_date(r["starts_on"]) for r in decision["restrictions"]))
    return min(lifecycle.effective_review_on(ctx.policy, decision["restrictions"], decided), lapses), lapses


def _since_warning(ctx: Context, decided: date) -> Values:
    """How the behaviour went on between the written warning and the decision, in the customer's words."""
    warning = ctx.case.get("warning")
    if not warning or parse_date(warning["given_on"]) >= decided:
        return {"has_since_warning": False, "since_warning_contacts": ""}
    since = _metrics.compute(ctx.case, ctx.policy, on=decided, since=parse_date(warning["given_on"]))
    flagged = sum(since["behaviours"].values())
    shown = flagged or since["contacts"]
    return {"has_since_warning": bool(shown), "since_warning_contacts": count(shown, "contact")}


def _restriction_notice(ctx: Context) -> tuple[date, Values]:
    decision = _decision(ctx)
    decided = parse_date(decision["decided_on"])
    written = _sent(decision, "letter_sent_on", ctx.on)
    review_on, lapses = _decision_review(ctx, decision)
    chosen = [
        lifecycle.option(ctx.policy, r["option"])
        for r in decision["restrictions"]
        if r.get("applies_to", "customer") == "customer"
    ]
    adjustments = _adjustments(ctx.case, written)
    signed = _signed(ctx.policy, decision["decided_by"], "city_helpdesk_manager")
    return written, _figures(ctx, decided) | _steps_before(ctx, decided) | _since_warning(ctx, decided) | signed | {
        "decided_on": day(decided),
        "has_decision_reasons": bool(decision.get("reasons")),
        "decision_reasons": isolate(decision.get("reasons", "")),
        "restrictions": _restriction_lines(ctx.policy, decision["restrictions"]),
        "keeps": list(dict.fromkeys(o["keeps"] for o in chosen)),
        "has_adjustments": bool(adjustments),
        "adjustments": adjustments,
        "review_on": day(review_on),
        "lapses_on": day(lapses),
        "appeal_by": day(after(ctx.policy, "appeal_window", written)),
        "can_appeal": True,
    }


def _decision_not_to_restrict(ctx: Context) -> tuple[date, Values]:
    decision = ctx.case.get("decision")
    if not decision or decision["restrictions"]:
        raise NotApplicable("Record a step-two decision not to restrict contact to draft this letter.")
    written = _sent(decision, "letter_sent_on", ctx.on)
    warning = ctx.case.get("warning")
    warning_ends = after(ctx.policy, "warning_period", parse_date(warning["given_on"])) if warning else None
    in_force = warning_ends is not None and warning_ends >= written
    return written, _signed(ctx.policy, decision["decided_by"], "city_helpdesk_manager") | {
        "decided_on": day(decision["decided_on"]),
        "had_warning": bool(warning),
        "warning_date": day(warning["given_on"]) if warning else "",
        "warning_in_force": in_force,
        "warning_over": not in_force,
        "warning_ends_on": day(warning_ends) if warning_ends else "",
        "decision_reasons": isolate(decision.get("reasons", "")),
    }


def _other_person_notice(ctx: Context) -> tuple[date, Values]:
    decision = _decision(ctx)
    covering = [r for r in decision["restrictions"] if r.get("applies_to", "customer") != "customer"]
    if not covering:
        raise NotApplicable("No restriction covers anyone but the customer, so there is no one else to write to.")
    first = covering[0]
    same = [
        r
        for r in covering
        if r["applies_to"] == first["applies_to"] and r.get("person_name") == first.get("person_name")
    ]
    written = _sent(first, "person_notified_on", ctx.on)
    review_on, _ = _decision_review(ctx, decision)
    name = first.get("person_name", "")
    return written, _signed(ctx.policy, decision["decided_by"], "city_helpdesk_manager") | {
        "salutation": f"Dear {isolate(name)}" if name else "Dear Sir or Madam",
        "address": "",
        "decided_on": day(decision["decided_on"]),
        "person_reasons": isolate(first.get("person_reasons", "")),
        "restrictions": _restriction_lines(ctx.policy, same, covering=first["applies_to"]),
        "review_on": day(review_on),
        "appeal_by": day(after(ctx.policy, "appeal_window", written)),
        "can_appeal": True,
    }


def _review_outcome(ctx: Context) -> tuple[date, Values]:
    decision = _decision(ctx)
    reviews = [(i, r) for i, r in enumerate(ctx.case.get("reviews", ())) if parse_date(r["reviewed_on"]) <= ctx.on]
    if not reviews:
        raise NotApplicable("Record the review (date, who, outcome and reasons) to draft this letter.")
    _, review = reviews[-1]
    reviewed = parse_date(review["reviewed_on"])
    state = lifecycle.restriction_state(ctx.case, ctx.policy, on=reviewed)
    if state.how in ("review_late", "review_missed", "longest_duration"):
        raise NotApplicable(
            "The review came after the restrictions had ended, so there is no review outcome to tell the customer; tell them the restrictions ended instead."
        )
    written = _sent(review, "letter_sent_on", ctx.on)
    outcome = review["outcome"]
    continuing = outcome != "lifted"
    varied_unrecorded = outcome == "varied" and not review.get("restrictions")
    current = [] if varied_unrecorded else state.current
    return written, _signed(ctx.policy, review["reviewed_by"], "city_helpdesk_manager") | {
        "reviewed_on": day(reviewed),
        "decided_on": day(decision["decided_on"]),
        "is_lifted": outcome == "lifted",
        "is_renewed": outcome == "renewed",
        "is_varied": outcome == "varied",
        "is_continuing": continuing,
        "reasons": isolate(review["reasons"]),
        "restrictions": _restriction_lines(ctx.policy, current) if continuing else [],
        "has_restrictions_now": continuing and bool(current),
        "next_review_on": day(state.review_on),
        "lapses_on": day(state.lapses_on),
        "appeal_by": day(after(ctx.policy, "appeal_window", written)),
        "can_appeal": continuing,
    }


_APPEALED = {
    "decision": "the decision made on {date} to restrict how you can contact us",
    "review": "the review on {date} of the restrictions on your contact",
    "protective_action": "the action we took on {date} to keep people safe",
}


def _appeal_outcome(ctx: Context) -> tuple[date, Values]:
    decided = [
        (i, a)
        for i, a in enumerate(ctx.case.get("appeals", ()))
        if "decided_on" in a and parse_date(a["decided_on"]) <= ctx.on
    ]
    if not decided:
        raise NotApplicable(
            "Record the appeal's outcome, the date it was decided and the reasons to draft this letter."
        )
    _, appeal = decided[-1]
    target = lifecycle.appealed_record(ctx.case, appeal)
    if target is None:
        raise NotApplicable("Record what the appeal is against to draft this letter.")
    decided_on = parse_date(appeal["decided_on"])
    outcome = appeal["outcome"]
    against_on = {"decision": "decided_on", "review": "reviewed_on", "protective_action": "taken_on"}[appeal["against"]]
    state = lifecycle.restriction_state(ctx.case, ctx.policy, on=decided_on)
    varied = appeal.get("restrictions", [])
    written = _sent(appeal, "letter_sent_on", ctx.on)
    return written, {
        "received_on": day(appeal["received_on"]),
        "appealed": _APPEALED[appeal["against"]].format(date=day(target[1][against_on])),
        "decided_on": day(decided_on),
        "has_grounds": bool(appeal.get("grounds")),
        "grounds": isolate(appeal.get("grounds", "")),
        "is_upheld": outcome == "upheld",
        "is_not_upheld": outcome == "not_upheld",
        "is_varied": outcome == "varied",
        "reasons": isolate(appeal.get("reasons", "")),
        "restrictions": _restriction_lines(ctx.policy, varied),
        "review_on": day(state.review_on) if state.state == "in_force" else "",
        "signatory": isolate(appeal["considered_by"]),
        "signatory_role": signed_as(ctx.policy, appeal),
    }


def _ending(ctx: Context, written: date, ended_on: date, *, at_day_end: bool) -> Values:
    """When the restrictions ended, from when contact is as usual, and whether this letter is later than the
    policy's time to tell the customer. A restriction that lapsed applied to the end of its last day."""
    tell_by = after(ctx.policy, "end_notice", ended_on)
    return {
        "ended_when": f"at the end of {day(ended_on)}" if at_day_end else f"on {day(ended_on)}",
        "usual_from": day(ended_on + timedelta(days=1)) if at_day_end else day(ended_on),
        "is_late": written > tell_by,
        "tell_by": day(tell_by),
    }


def _restrictions_ended(ctx: Context) -> tuple[date, Values]:
    state = lifecycle.restriction_state(ctx.case, ctx.policy, on=ctx.on)
    telling = [spec["title"] for spec in ctx.policy["letters"].values() if state.how in spec.get("tells_the_end", ())]
    if telling:
        raise NotApplicable(f"The {telling[0].lower()} tells the customer the restrictions ended; send that instead.")
    if state.state in ("ended", "lapsed"):
        decision = ctx.case["decision"]
        written = _sent(decision, "ended_notice_sent_on", ctx.on)
        lapsed = state.state == "lapsed"
        return written, _signed(ctx.policy, decision["decided_by"], "city_helpdesk_manager") | {
            "what": "the restrictions on how you can contact us",
            "has_ended_list": True,
            "ended_list": [isolate(r["scope"]) for r in state.current if r.get("applies_to", "customer") == "customer"],
            "is_lifted": state.how == "lifted_at_review",
            "is_overturned": state.how == "overturned_on_appeal",
            "is_lapsed": state.how in ("review_missed", "review_late"),
            "is_longest": state.how == "longest_duration",
        } | _ending(ctx, written, state.ended_on, at_day_end=lapsed)
    protective = lifecycle.protective_state(ctx.case, ctx.policy, on=ctx.on)
    if protective.state in ("lapsed", "overturned"):
        action = protective.action
        written = _sent(action, "ended_notice_sent_on", ctx.on)
        lapsed = protective.state == "lapsed"
        return written, {
            "what": f"the temporary restrictions we put in place on {day(action['taken_on'])} to keep people safe",
            "has_ended_list": True,
            "ended_list": [isolate(action["action"])],
            "is_overturned": protective.state == "overturned",
            "is_protective_lapsed": lapsed,
            "signatory": isolate(action["taken_by"]),
        } | _ending(ctx, written, protective.ended_on, at_day_end=lapsed)
    raise NotApplicable("Nothing has ended yet: this letter is for when restrictions or protective action end.")


BUILDERS: dict[str, Callable[[Context], tuple[date, Values]]] = {
    "step_one": _step_one,
    "warning": _warning,
    "protective_action": _protective_action,
    "restriction_notice": _restriction_notice,
    "other_person_notice": _other_person_notice,
    "review_outcome": _review_outcome,
    "appeal_outcome": _appeal_outcome,
    "restrictions_ended": _restrictions_ended,
    "decision_not_to_restrict": _decision_not_to_restrict,
}


# --- templates -------------------------------------------------------------------------------------------------


def _expand(template: str) -> str:
    """The template with each `@name args` block replaced by `_name.txt`."""

    def include(match: re.Match[str]) -> str:
        text = load_letter_template(f"_{match.group(1)}").strip()
        return text.replace("[$part]", f"[{match.group(2)}]") if match.group(2) else text

    return "\n\n".join(
        include(m) if (m := _INCLUDE.fullmatch(block.strip())) else block
        for block in re.split(r"\n\s*\n", template.strip())
    )


def _substitute(text: str, values: Values) -> str:
    try:
        return Template(text).substitute({k: v for k, v in values.items() if isinstance(v, str)})
    except (KeyError, ValueError) as error:
        raise PolicyError(f"A letter template uses a value the toolkit does not supply: {error}.") from None


def _list_items(lines: list[str], values: Values) -> list[list[Any]]:
    items: list[list[Any]] = []
    for line in lines:
        flag = _FLAG.match(line[2:])
        if flag and not values.get(flag.group(1)):
            continue
        text = line[2 + flag.end() :] if flag else line[2:]
        name = text.strip()
        value = values.get(name[1:]) if name.startswith("$") else None
        if isinstance(value, list):
            items += [[entry] for entry in value if entry]
        elif value is None or value:
            filled = _substitute(text, values).strip()
            if filled:
                items.append([filled])
    return items


def fill(template: str, values: Values) -> Document:
    """A document from letter template text and its values (see the module docstring for the rules)."""
    doc = Document()
    for block in re.split(r"\n\s*\n", _expand(template)):
        part = _PART.match(block)
        if part:
            block = block[part.end() :]
        tag = part.group(1) if part else None
        flag = _FLAG.match(block)
        if flag:
            if not values.get(flag.group(1)):
                continue
            block = block[flag.end() :]
        lines = block.split("\n")
        if all(line.startswith("- ") for line in lines):
            doc.items(_list_items(lines, values), part=tag)
            continue
        if any(isinstance(values.get(n), str) and not values[n] for n in re.findall(r"\$([a-z_]+)", block)) and tag:
            continue  # a tagged block that needs a value the case does not hold is left out, so the part shows as missing
        text = _substitute(block, values).strip()
        if not text:
            continue
        if text.startswith("## "):
            doc.heading(2, text[3:], part=tag)
        elif text.startswith("# "):
            doc.heading(1, text[2:], part=tag)
        else:
            # A sentence that only introduces what follows (it ends with a colon) does not fill its part alone.
            doc.para(text, part=None if text.endswith(":") else tag)
    return doc


# --- public -------------------------------------------------------------------------------------------------------


def _document(kind: str, ctx: Context) -> tuple[Document, list[ErrorRecord]]:
    """The letter and what it lacks: every required part it could not fill, as errors saying what to record."""
    if kind not in BUILDERS:
        raise UnknownName(f"{kind!r} is not a kind of letter. Use one of: {', '.join(BUILDERS)}.")
    try:
        written, own = BUILDERS[kind](ctx)
    except NotApplicable as why:
        return Document(), [ErrorRecord(f"letter_not_applicable_{kind}", str(why))]
    values = _common(ctx, written) | own
    doc = fill(load_letter_template(kind), values)
    present = doc.parts_present()
    needs = [
        ErrorRecord(
            f"letter_part_missing_{part}",
            spec["needs"] or f"The letter cannot say: {spec['says'][0].lower()}{spec['says'][1:]}",
        )
        for part, spec in ctx.policy["letters"][kind]["parts"].items()
        if part not in present
    ]
    return doc, needs


def requirements(
    case: dict[str, Any], kind: str, assessment: dict[str, Any], policy: dict[str, Any], *, on: date
) -> list[ErrorRecord]:
    """What the case must record before a letter of `kind` can be drafted (empty when it can)."""
    return _document(kind, Context(case, assessment, policy, on))[1]


def offered(case: dict[str, Any], assessment: dict[str, Any], policy: dict[str, Any]) -> list[dict[str, Any]]:
    """The letters the outcome offers that the case is about, each ready or with what to record first."""
    on = parse_date(assessment["assessed_on"])
    out = []
    for kind in policy["outcomes"][assessment["outcome"]["id"]]["offers"]["letters"]:
        _, needs = _document(kind, Context(case, assessment, policy, on))
        if any(n.code.startswith("letter_not_applicable") for n in needs):
            continue
        out.append(
            {
                "kind": kind,
                "title": policy["letters"][kind]["title"],
                "ready": not needs,
                "needs": [n.message for n in needs],
            }
        )
    return out


def draft(
    kind: str,
    case: dict[str, Any],
    assessment: dict[str, Any],
    policy: dict[str, Any],
    *,
    fmt: str = "text",
    policy_url: str | None = None,
) -> str | bytes:
    """A letter of `kind` (text, a whole HTML page, or Word bytes) for a valid case whose requirements are met."""
    if fmt not in LETTER_FORMATS:
        raise UnknownName(f"{fmt!r} is not a letter format. Use one of: {', '.join(LETTER_FORMATS)}.")
    on = parse_date(assessment["assessed_on"])
    doc, needs = _document(kind, Context(case, assessment, policy, on, policy_url))
    if needs:
        raise PolicyError("The letter cannot be drafted yet: " + " ".join(n.message for n in needs))
    if fmt == "docx":
        return to_docx(doc)
    if fmt == "html":
        return to_html_page(doc, council=policy["meta"]["council"], running_head=f"Our reference: {case['reference']}")
    return RENDERERS["text"](doc)


__all__ = ["LETTER_FORMATS", "draft", "fill", "kinds", "offered", "requirements"]
