"""The assessment as a report for the case file, and the step-two evidence pack, in Markdown or HTML."""

from __future__ import annotations

from typing import Any

from .dates import describe_period, long_date, parse_date
from .document import RENDERERS, Document, Inline, Link, isolate, to_html_page
from .errors import UnknownName
from .findings import count
from .parameters import period

REPORT_FORMATS = ("md", "html")


def clause_link(policy: dict[str, Any], clause: str, policy_url: str | None) -> Link:
    """A link to a clause on the published policy (`policy_url#clause`), or its title alone."""
    title = policy["clauses"].get(clause, clause)
    return Link(f"Policy: {title}", f"{policy_url}#{clause}" if policy_url else None)


def _day(text: str | None) -> str:
    return long_date(parse_date(text)) if text else "—"


def _findings(
    doc: Document, title: str, items: list[dict[str, str]], policy: dict[str, Any], policy_url: str | None, empty: str
) -> None:
    doc.heading(2, title)
    if not items:
        doc.para(empty)
        return
    doc.items([[f"{item['message']} (", clause_link(policy, item["clause"], policy_url), ")"] for item in items])


def _outcome(doc: Document, assessment: dict[str, Any], policy: dict[str, Any], policy_url: str | None) -> None:
    outcome = assessment["outcome"]
    doc.heading(2, f"Where the case stands: {outcome['title']}")
    doc.para(outcome["summary"], " (", clause_link(policy, outcome["clause"], policy_url), ")")
    who = f"Who acts or decides: the {outcome['role']['title']}"
    if outcome["consulted"]:
        who += f", consulting the {outcome['consulted']['title']}"
    doc.para(who + ".")
    doc.para(
        "Nothing is missing before the next step."
        if assessment["conditions_met"]
        else "Some things are missing before the next step; they are listed below."
    )


def _next_steps(doc: Document, assessment: dict[str, Any]) -> None:
    steps = assessment["next_steps"]
    if not steps:
        return
    doc.heading(2, "Next steps")
    doc.table(["What to do", "Who", "By"], [[s["action"], s["role"]["title"], _day(s["by"])] for s in steps])


def _in_force(doc: Document, assessment: dict[str, Any], policy: dict[str, Any]) -> None:
    rows = assessment["restrictions_in_force"]
    if not rows:
        return
    doc.heading(2, "Restrictions in place")
    people = policy["restricted_people"]
    doc.table(
        ["Restriction", "Exactly what it covers", "Covers", "Since", "Review by", "Ends at the latest"],
        [
            [
                r["title"],
                isolate(r["scope"]),
                people[r["applies_to"]] + (f" ({isolate(r['person_name'])})" if r["person_name"] else ""),
                _day(r["starts_on"]),
                _day(r["review_on"]),
                _day(r["ends_at_latest"]),
            ]
            for r in rows
        ],
    )


def _figures(doc: Document, assessment: dict[str, Any]) -> None:
    m = assessment["metrics"]
    doc.heading(2, "Figures from the contact log")
    doc.para("These figures prompt a closer look. None of them decides anything on its own.")
    if m["contacts"]:
        doc.para(
            f"{count(m['contacts'], 'contact')} with officers and services from {_day(m['first_contact_on'])} to "
            f"{_day(m['last_contact_on'])} ({count(m['working_days'], 'working day')}, {m['per_working_day']:g} a working day), "
            f"to {count(m['departments'], 'department')} and {count(m['officers'], 'officer')}."
        )
    else:
        doc.para("No contact with officers or services is in the log by this date.")
    if m["members_only_contacts"] or m["members"]:
        doc.para(
            f"Shown beside, not counted: {count(m['members_only_contacts'], 'contact')} sent only to councillors or an MP; "
            f"{count(m['members'], 'councillor or MP', 'councillors or MPs')} contacted in all."
        )
    doc.table(
        ["What is measured", "Figure found", "Policy figure", "Met?"],
        [
            [row["title"], f"{row['value']}", f"{row['threshold']} ({row['unit']})", "yes" if row["is_met"] else "no"]
            for row in m["indicators"]
        ],
    )
    window = m["busiest_window"]
    if window:
        doc.para(
            f"Busiest {count(window['working_days'], 'working day')}: {_day(window['starts_on'])} to "
            f"{_day(window['ends_on'])}, {count(window['contacts'], 'contact')}."
        )


def _options(doc: Document, assessment: dict[str, Any], policy: dict[str, Any], policy_url: str | None) -> None:
    offers = assessment["offers"]
    options = assessment["restriction_options"]
    if offers["options"] is None:
        doc.heading(2, "Restriction options")
        doc.para(f"None are shown: {offers['no_options'][0].lower()}{offers['no_options'][1:]}")
        return
    mode = offers["options"]["mode"]
    titles = {
        "suggest": "Ways forward to try, least restrictive first",
        "propose": "Restriction options for a step-two decision, least restrictive first",
        "reference": "Restriction options, for reference",
    }
    doc.heading(2, titles[mode])
    if not options:
        doc.para("No option in the policy's catalogue answers the behaviour seen.")
        return
    doc.para("A person decides whether any restriction is needed. Each option keeps what no restriction may take away.")
    behaviours = policy["behaviours"]
    rows: list[list[Inline]] = []
    for o in options:
        row: list[Inline] = [
            str(o["rank"]),
            o["title"],
            ", ".join(behaviours[b]["title"] for b in o["matched_behaviours"]) or "Suits a disclosed vulnerability",
            o["keeps"],
        ]
        if mode == "propose":
            row += [_day(o["review_on"]), _day(o["lapses_on"]), _day(o["appeal_by"])]
        rows.append(row)
    header = ["Rank", "Option", "Answers", "Keeps"] + (
        ["Review by", "Ends at the latest", "Appeal by"] if mode == "propose" else []
    )
    doc.table(header, rows)
    if mode == "propose":
        doc.para("The dates are those each option would carry if decided today.")
    doc.para("(", clause_link(policy, "restriction-options", policy_url), ")")


def _dates(doc: Document, assessment: dict[str, Any]) -> None:
    labels = {
        "step_one_reply_by": "Step-one reply by",
        "monitoring_ends_on": "Monitoring of the agreement ends",
        "warning_period_ends": "Warning period ends",
        "protective_action_confirm_by": "Confirm protective action in writing by",
        "protective_action_ends": "Protective action ends unless confirmed at step two",
        "referral_decision_by": "Step-two decision due by",
        "review_on": "Review by",
        "review_notice_from": "Review shown as due from",
        "lapses_on": "Restrictions end at the latest",
        "appeal_by": "Appeal by",
        "appeal_decision_by": "Appeal decision due by",
        "end_notice_by": "Tell the customer it ended by",
        "retain_until": "Keep records until",
    }
    rows: list[list[Inline]] = [[labels[k], _day(v)] for k, v in assessment["dates"].items() if v]
    if rows:
        doc.heading(2, "Key dates")
        doc.table(["Date", "When"], rows)


def _report_document(assessment: dict[str, Any], policy: dict[str, Any], policy_url: str | None) -> Document:
    doc = Document()
    doc.heading(1, f"Case {isolate(assessment['reference'])}: assessment as at {_day(assessment['assessed_on'])}")
    doc.para(f"{policy['meta']['council']}, {policy['meta']['title']}, version {assessment['policy_version']}.")
    _outcome(doc, assessment, policy, policy_url)
    _next_steps(doc, assessment)
    _in_force(doc, assessment, policy)
    _findings(doc, "What is missing", assessment["missing"], policy, policy_url, "Nothing is missing.")
    _findings(doc, "Reasons", assessment["reasons"], policy, policy_url, "No reasons were recorded.")
    _findings(doc, "Safeguards", assessment["safeguards"], policy, policy_url, "No safeguards apply.")
    _figures(doc, assessment)
    _options(doc, assessment, policy, policy_url)
    _dates(doc, assessment)
    return doc


def _yes_no(flag: Any) -> str:
    return "yes" if flag else "no"


def _circumstances(doc: Document, case: dict[str, Any]) -> None:
    c = case.get("circumstances", {})
    complaint, rep, vul = c.get("open_complaint", {}), c.get("representative", {}), c.get("vulnerability", {})
    complaint_text = _yes_no(complaint.get("is_open"))
    if complaint.get("is_open") and "stage" in complaint:
        complaint_text += f" ({complaint['stage'].replace('_', ' ')})"
    if complaint.get("issues"):
        complaint_text += f", about {', '.join(isolate(i) for i in complaint['issues'])}"
    rep_text = _yes_no(rep.get("is_acting"))
    if rep.get("is_acting"):
        rep_text += (f", {isolate(rep['name'])}" if rep.get("name") else "") + (
            ", authority checked" if rep.get("authority_checked") else ", authority not yet checked"
        )
    lines: list[list[Inline]] = [
        [f"Formal complaint open: {complaint_text}"],
        [f"Representative acting: {rep_text}"],
        [f"Disability or vulnerability disclosed: {_yes_no(vul.get('is_disclosed'))}"],
    ]
    lines += [
        [f"Adjustment agreed on {_day(a['agreed_on'])}: {isolate(a['description'])}"]
        for a in vul.get("adjustments", [])
    ]
    if "no_adjustment_needed" in vul:
        none = vul["no_adjustment_needed"]
        lines.append(
            [f"Adjustments considered on {_day(none['considered_on'])}, none needed: {isolate(none['reason'])}"]
        )
    doc.heading(2, "Circumstances")
    doc.items(lines)


def _step_one(doc: Document, one: dict[str, Any]) -> None:
    doc.heading(3, "Step one")
    proposal = one.get("proposal", {})
    lines: list[list[Inline]] = [
        [f"{isolate(one['manager'])} contacted the customer on {_day(one['date'])}."],
        [
            "The concerns were explained."
            if one["concerns_explained"]
            else "The record does not show the concerns were explained."
        ],
    ]
    labels = (
        ("single_point_of_contact", "Single point of contact"),
        ("method", "Method of contact"),
        ("frequency", "Frequency of contact"),
    )
    lines += [[f"{label}: {isolate(proposal[key])}"] for key, label in labels if proposal.get(key)]
    response = one["response"].replace("_", " ")
    lines.append([f"Response: {response}" + (f" ({_day(one['response_on'])})" if "response_on" in one else "")])
    doc.items(lines)


def _warning(doc: Document, warning: dict[str, Any]) -> None:
    doc.heading(3, "Written warning")
    doc.items(
        [
            [f"Given on {_day(warning['given_on'])} by {isolate(warning['given_by'])}."],
            [f"Behaviour named: {isolate(warning['behaviour'])}"],
            [f"Asked to change: {isolate(warning['asked_to_change'])}"],
            [
                "Reasonable adjustments were considered first."
                if warning["adjustments_considered"]
                else "The record does not show reasonable adjustments were considered first."
            ],
        ]
    )


def _protective(doc: Document, actions: list[dict[str, Any]]) -> None:
    doc.heading(3, "Immediate protective action")
    doc.table(
        ["Date", "By", "What was done", "Restricts contact?", "Confirmed in writing", "Reported to police?"],
        [
            [
                _day(a["taken_on"]),
                isolate(a["taken_by"]),
                isolate(a["action"]),
                _yes_no(a["restricts_contact"]),
                _day(a.get("confirmed_on")),
                _yes_no(a.get("reported_to_police")),
            ]
            for a in actions
        ],
    )


def _steps(doc: Document, case: dict[str, Any], policy: dict[str, Any]) -> None:
    doc.heading(2, "Steps taken")
    steps = case.get("informal_steps", [])
    if steps:
        doc.heading(3, "Informal resolution")
        doc.table(
            ["Date", "What was done", "By", "What happened"],
            [[_day(s["date"]), isolate(s["action"]), isolate(s["by"]), isolate(s["outcome"])] for s in steps],
        )
    else:
        doc.para("No informal steps are recorded.")
    if "step_one" in case:
        _step_one(doc, case["step_one"])
    else:
        doc.para("Step one is not recorded.")
    if "warning" in case:
        _warning(doc, case["warning"])
    if case.get("protective_actions"):
        _protective(doc, case["protective_actions"])
    two = case.get("step_two")
    if two:
        doc.heading(3, "Referral")
        doc.para(f"Referred by {isolate(two['referred_by'])} on {_day(two['referred_on'])}.")
        doc.items([[isolate(e)] for e in two.get("evidence", [])])
        titles = {o["id"]: o["title"] for o in policy["restrictions"]}
        proposed = [titles[r] for r in two.get("proposed_restrictions", [])]
        if proposed:
            doc.para("Restrictions proposed: " + "; ".join(proposed) + ".")


def _history(doc: Document, case: dict[str, Any]) -> None:
    """The decision, reviews and appeals, for an appeal or a review."""
    decision = case.get("decision")
    if not decision:
        return
    doc.heading(2, "Decision, reviews and appeals")
    lines: list[list[Inline]] = [
        [
            f"Decided on {_day(decision['decided_on'])} by {isolate(decision['decided_by'])}: {count(len(decision['restrictions']), 'restriction')}."
        ]
    ]
    lines += [
        [
            f"Reviewed on {_day(r['reviewed_on'])} by {isolate(r['reviewed_by'])}: {r['outcome']}. {isolate(r['reasons'])}"
        ]
        for r in case.get("reviews", [])
    ]
    lines += [
        [
            f"Appeal against the {a['against'].replace('_', ' ')} received on {_day(a['received_on'])}, considered by {isolate(a['considered_by'])}: {a['outcome'].replace('_', ' ')}."
        ]
        for a in case.get("appeals", [])
    ]
    doc.items(lines)


def _issues_and_contacts(
    doc: Document, case: dict[str, Any], assessment: dict[str, Any], policy: dict[str, Any]
) -> None:
    per_issue = {row["id"]: row for row in assessment["metrics"]["issues"]}
    doc.heading(2, "The customer's issues")
    issues = case.get("issues", [])
    if not issues:
        doc.para("No issues are recorded.")
    doc.table(
        [
            "ID",
            "Summary",
            "Department",
            "Status",
            "Raised",
            "Reply due",
            "Answered",
            "Open or late?",
            "Contacts",
            "Recipients",
            "Contacts after answer",
        ],
        [
            [
                isolate(i["id"]),
                isolate(i["summary"]),
                isolate(i["department"]),
                i["status"],
                _day(i["raised_on"]),
                _day(i.get("due_on")),
                _day(i.get("responded_on")),
                "yes" if per_issue[i["id"]]["is_unresolved_or_late"] else "no",
                str(per_issue[i["id"]]["contacts"]),
                str(per_issue[i["id"]]["recipients"]),
                str(per_issue[i["id"]]["repeats_after_answer"]),
            ]
            for i in issues
        ],
    )
    doc.heading(2, "Contact log")
    contacts = case.get("contacts", [])
    if not contacts:
        doc.para("The contact log is empty.")
    channels = policy["channels"]
    doc.table(
        ["#", "When", "Channel", "Sent to", "Issues", "Behaviour recorded", "Note"],
        [
            [
                str(n),
                c["at"].replace("T", " "),
                channels.get(c["channel"], c["channel"]),
                "; ".join(
                    isolate(r) for r in [*c.get("departments", ()), *c.get("officers", ()), *c.get("members", ())]
                ),
                ", ".join(isolate(i) for i in c.get("issues", ())),
                ", ".join(policy["behaviours"][b]["title"] for b in c.get("behaviours", ())),
                isolate(c.get("note", "")),
            ]
            for n, c in enumerate(contacts, start=1)
        ],
    )


def _evidence_document(
    case: dict[str, Any], assessment: dict[str, Any], policy: dict[str, Any], policy_url: str | None
) -> Document:
    doc = Document()
    chm = policy["roles"]["city_helpdesk_manager"]["title"]
    doc.heading(1, f"Step-two evidence pack: case {isolate(assessment['reference'])}")
    doc.para(
        f"For the {chm}, as at {_day(assessment['assessed_on'])}. The decision whether to restrict contact is the {chm}'s, "
        f"consulting the {policy['roles']['assistant_director_corporate_services']['title']} (",
        clause_link(policy, "step-two", policy_url),
        ").",
    )
    _outcome(doc, assessment, policy, policy_url)
    _findings(doc, "What is missing", assessment["missing"], policy, policy_url, "Nothing is missing.")
    _findings(doc, "What the record shows", assessment["reasons"], policy, policy_url, "No reasons were recorded.")
    _circumstances(doc, case)
    _steps(doc, case, policy)
    _history(doc, case)
    _figures(doc, assessment)
    _issues_and_contacts(doc, case, assessment, policy)
    _findings(doc, "Safeguards", assessment["safeguards"], policy, policy_url, "No safeguards apply.")
    _options(doc, assessment, policy, policy_url)
    window = period(policy, "referral_decision", parse_date(assessment["assessed_on"]))
    doc.para(f"The {chm} decides within {describe_period(window)} of the referral and tells the customer in writing.")
    appeal = policy["roles"][policy["stages"]["appeal"]["role"]]["title"]
    doc.para(
        f"If the customer is restricted, they can appeal to the {appeal} (or a {policy['roles'][policy['stages']['appeal']['deputy']]['title']} "
        f"if the {appeal} was involved) within {describe_period(period(policy, 'appeal_window', parse_date(assessment['assessed_on'])))} of the decision letter (",
        clause_link(policy, "appeals", policy_url),
        ").",
    )
    return doc


def _render(doc: Document, fmt: str, policy: dict[str, Any], reference: str) -> str:
    if fmt not in REPORT_FORMATS:
        raise UnknownName(f"{fmt!r} is not a report format. Use one of: {', '.join(REPORT_FORMATS)}.")
    if fmt == "html":
        return to_html_page(doc, council=policy["meta"]["council"], running_head=f"Case {reference}")
    return RENDERERS[fmt](doc)


def render_report(
    assessment: dict[str, Any], policy: dict[str, Any], *, fmt: str = "md", policy_url: str | None = None
) -> str:
    """The assessment report for the case file."""
    return _render(_report_document(assessment, policy, policy_url), fmt, policy, assessment["reference"])


def render_evidence_pack(
    case: dict[str, Any],
    assessment: dict[str, Any],
    policy: dict[str, Any],
    *,
    fmt: str = "md",
    policy_url: str | None = None,
) -> str:
    """The step-two evidence pack: the record of steps, issues and the full contact log, with the figures."""
    return _render(_evidence_document(case, assessment, policy, policy_url), fmt, policy, assessment["reference"])
