"""The assessment as a report for the case file, and the step-two evidence pack, in Markdown or HTML."""

from __future__ import annotations

from typing import Any

from .dates import describe_period, long_date, parse_date
from .document import RENDERERS, Document, Inline, Link
from .errors import UnknownName

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


def _figures(doc: Document, assessment: dict[str, Any]) -> None:
    m = assessment["metrics"]
    doc.heading(2, "Figures from the contact log")
    doc.para("These figures prompt a closer look. None of them decides anything on its own.")
    if m["contacts"]:
        doc.para(
            f"{m['contacts']} contacts from {_day(m['first_contact_on'])} to {_day(m['last_contact_on'])} "
            f"({m['working_days']} working days, {m['per_working_day']} a working day), to {m['departments']} departments, "
            f"{m['officers']} officers and {m['members']} councillors or MPs."
        )
    else:
        doc.para("The contact log is empty.")
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
            f"Busiest {window['working_days']} working days: {_day(window['starts_on'])} to {_day(window['ends_on'])}, {window['contacts']} contacts."
        )


def _options(doc: Document, assessment: dict[str, Any], policy: dict[str, Any], policy_url: str | None) -> None:
    doc.heading(2, "Restriction options that fit, least restrictive first")
    options = assessment["restriction_options"]
    if not options:
        doc.para("No option in the policy's catalogue answers the behaviour seen.")
        return
    doc.para("A person decides whether any restriction is needed. Each option keeps what no restriction may take away.")
    rows: list[list[Inline]] = [
        [
            str(o["rank"]),
            o["title"],
            ", ".join(policy["behaviours"][b]["title"] for b in o["matched_behaviours"]),
            o["keeps"],
            _day(o["review_on"]),
            _day(o["lapses_on"]),
            _day(o["appeal_by"]),
        ]
        for o in options
    ]
    doc.table(["Rank", "Option", "Answers", "Keeps", "Review by", "Ends at the latest", "Appeal by"], rows)
    doc.para("(", clause_link(policy, "restriction-options", policy_url), ")")


def _dates(doc: Document, assessment: dict[str, Any]) -> None:
    labels = {
        "step_one_reply_by": "Step-one reply by",
        "monitoring_ends_on": "Monitoring of the agreement ends",
        "referral_decision_by": "Step-two decision due by",
        "review_on": "Review by",
        "review_notice_from": "Review shown as due from",
        "lapses_on": "Restrictions end at the latest",
        "appeal_by": "Appeal by",
        "appeal_decision_by": "Appeal decision due by",
        "retain_until": "Keep records until",
    }
    rows: list[list[Inline]] = [[labels[k], _day(v)] for k, v in assessment["dates"].items() if v]
    if rows:
        doc.heading(2, "Key dates")
        doc.table(["Date", "When"], rows)


def _report_document(assessment: dict[str, Any], policy: dict[str, Any], policy_url: str | None) -> Document:
    doc = Document()
    doc.heading(1, f"Case {assessment['reference']}: assessment as at {_day(assessment['assessed_on'])}")
    doc.para(f"{policy['meta']['council']}, {policy['meta']['title']}, version {assessment['policy_version']}.")
    _outcome(doc, assessment, policy, policy_url)
    _findings(doc, "What is missing", assessment["missing"], policy, policy_url, "Nothing is missing.")
    _findings(doc, "Reasons", assessment["reasons"], policy, policy_url, "No reasons were recorded.")
    _findings(doc, "Safeguards", assessment["safeguards"], policy, policy_url, "No safeguards apply.")
    _figures(doc, assessment)
    _options(doc, assessment, policy, policy_url)
    _dates(doc, assessment)
    return doc


def _circumstances(doc: Document, case: dict[str, Any]) -> None:
    c = case.get("circumstances", {})
    complaint, rep, vul = c.get("open_complaint", {}), c.get("representative", {}), c.get("vulnerability", {})
    lines: list[list[Inline]] = [
        [
            "Formal complaint open: "
            + (
                "yes" + (f" ({complaint['stage'].replace('_', ' ')})" if "stage" in complaint else "")
                if complaint.get("is_open")
                else "no"
            )
        ],
        [
            "Representative acting: "
            + (
                "yes"
                + (f", {rep['name']}" if rep.get("name") else "")
                + (", authority checked" if rep.get("authority_checked") else ", authority not yet checked")
                if rep.get("is_acting")
                else "no"
            )
        ],
        ["Disability or vulnerability disclosed: " + ("yes" if vul.get("is_disclosed") else "no")],
    ]
    lines += [[f"Adjustment agreed on {_day(a['agreed_on'])}: {a['description']}"] for a in vul.get("adjustments", [])]
    doc.heading(2, "Circumstances")
    doc.items(lines)


def _steps(doc: Document, case: dict[str, Any], policy: dict[str, Any]) -> None:
    doc.heading(2, "Steps taken")
    steps = case.get("informal_steps", [])
    if steps:
        doc.heading(3, "Informal resolution")
        doc.table(
            ["Date", "What was done", "By", "What happened"],
            [[_day(s["date"]), s["action"], s["by"], s["outcome"]] for s in steps],
        )
    else:
        doc.para("No informal steps are recorded.")
    one = case.get("step_one")
    if one:
        doc.heading(3, "Step one")
        proposal = one.get("proposal", {})
        lines: list[list[Inline]] = [
            [f"{one['manager']} contacted the customer on {_day(one['date'])}."],
            [
                "The concerns were explained."
                if one["concerns_explained"]
                else "The record does not show the concerns were explained."
            ],
        ]
        lines += [
            [f"{label}: {proposal[key]}"]
            for key, label in (
                ("single_point_of_contact", "Single point of contact"),
                ("method", "Method of contact"),
                ("frequency", "Frequency of contact"),
            )
            if proposal.get(key)
        ]
        lines.append(
            [
                f"Response: {one['response'].replace('_', ' ')}"
                + (f" ({_day(one['response_on'])})" if "response_on" in one else "")
            ]
        )
        doc.items(lines)
    else:
        doc.para("Step one is not recorded.")
    two = case.get("step_two")
    if two:
        doc.heading(3, "Referral")
        doc.para(f"Referred by {two['referred_by']} on {_day(two['referred_on'])}.")
        doc.items([[e] for e in two.get("evidence", [])])
        proposed = [
            next(o["title"] for o in policy["restrictions"] if o["id"] == r)
            for r in two.get("proposed_restrictions", [])
        ]
        if proposed:
            doc.para("Restrictions proposed: " + "; ".join(proposed) + ".")


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
                i["id"],
                i["summary"],
                i["department"],
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
                "; ".join([*c.get("departments", ()), *c.get("officers", ()), *c.get("members", ())]),
                ", ".join(c.get("issues", ())),
                ", ".join(policy["behaviours"][b]["title"] for b in c.get("behaviours", ())),
                c.get("note", ""),
            ]
            for n, c in enumerate(contacts, start=1)
        ],
    )


def _evidence_document(
    case: dict[str, Any], assessment: dict[str, Any], policy: dict[str, Any], policy_url: str | None
) -> Document:
    doc = Document()
    chm = policy["roles"]["city_helpdesk_manager"]["title"]
    doc.heading(1, f"Step-two evidence pack: case {assessment['reference']}")
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
    _figures(doc, assessment)
    _issues_and_contacts(doc, case, assessment, policy)
    _findings(doc, "Safeguards", assessment["safeguards"], policy, policy_url, "No safeguards apply.")
    _options(doc, assessment, policy, policy_url)
    window = policy["timescales"]["referral_decision"]
    doc.para(f"The {chm} decides within {describe_period(window)} of the referral and tells the customer in writing.")
    return doc


def _render(doc: Document, fmt: str) -> str:
    if fmt not in REPORT_FORMATS:
        raise UnknownName(f"{fmt!r} is not a report format. Use one of: {', '.join(REPORT_FORMATS)}.")
    return RENDERERS[fmt](doc)


def render_report(
    assessment: dict[str, Any], policy: dict[str, Any], *, fmt: str = "md", policy_url: str | None = None
) -> str:
    """The assessment report for the case file."""
    return _render(_report_document(assessment, policy, policy_url), fmt)


def render_evidence_pack(
    case: dict[str, Any],
    assessment: dict[str, Any],
    policy: dict[str, Any],
    *,
    fmt: str = "md",
    policy_url: str | None = None,
) -> str:
    """The step-two evidence pack: the record of steps, issues and the full contact log, with the figures."""
    return _render(_evidence_document(case, assessment, policy, policy_url), fmt)
