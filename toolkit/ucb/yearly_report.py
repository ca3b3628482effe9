"""The yearly report to the committee on how the policy was used (clause `reporting`): counts for a period,
from the register's entries, with no name, reference or note, and small counts shown only as "fewer than"."""

from __future__ import annotations

import csv
import io
from collections import Counter
from datetime import date
from typing import Any

from .document import RENDERERS, Document, to_html_page
from .errors import UnknownName
from .findings import day

REPORT_FORMATS = ("md", "html", "csv")
INFORMALLY_RESOLVED = frozenset({"no_concern", "monitor_agreement", "monitor_after_warning"})
ENDED = {
    "lifted_at_review": "Lifted at a review",
    "overturned_on_appeal": "Ended on appeal",
    "review_missed": "Ended: not reviewed by the review date",
    "review_late": "Ended: reviewed after the review date",
    "longest_duration": "Ended: reached the longest time allowed",
}


def _within(value: str | None, start: date, end: date) -> bool:
    return value is not None and start.isoformat() <= value <= end.isoformat()


def _length(months: float) -> str:
    if months <= 3.1:
        return "Review set within 3 months"
    if months <= 6.1:
        return "Review set within 6 months"
    return "Review set after more than 6 months"


def figures(
    entries: list[dict[str, Any]], policy: dict[str, Any], *, start: date, end: date
) -> list[tuple[str, list[tuple[str, int]]]]:
    """The report's sections, each a list of (measure, count), before small counts are hidden."""
    titles = {o["id"]: o["title"] for o in policy["restrictions"]}
    considered = [e for e in entries if any(_within(d, start, end) for d in e["history"]["steps"])]
    outcomes = Counter(policy["outcomes"][e["outcome"]]["title"] for e in considered)
    decided = [e for e in entries if _within(e["history"]["decided_on"], start, end)]
    imposed = [r for e in decided for r in e["history"]["imposed"]]
    reviews = [r for e in entries for r in e["history"]["reviews"] if _within(r["on"], start, end)]
    ended = Counter(ENDED[e["history"]["ended_how"]] for e in entries if _within(e["history"]["ended_on"], start, end))
    appeals = [a for e in entries for a in e["history"]["appeals"]]
    decided_appeals = Counter(a["outcome"].replace("_", " ") for a in appeals if _within(a["decided_on"], start, end))
    disclosed = [e for e in considered if e["history"]["vulnerability_disclosed"]]
    return [
        (
            "Cases",
            [
                ("Cases considered under the policy", len(considered)),
                (
                    "Resolved without a step-two referral",
                    sum(
                        1 for e in considered if not e["history"]["referred_on"] and e["outcome"] in INFORMALLY_RESOLVED
                    ),
                ),
                (
                    "Step-two referrals made",
                    sum(1 for e in entries if _within(e["history"]["referred_on"], start, end)),
                ),
                ("Step-two decisions to restrict contact", sum(1 for e in decided if e["history"]["restricted"])),
                (
                    "Step-two decisions not to restrict contact",
                    sum(1 for e in decided if not e["history"]["restricted"]),
                ),
            ],
        ),
        ("Where the cases considered stand at the end of the period", sorted(outcomes.items())),
        ("Restrictions imposed, by type", sorted(Counter(titles[r["option"]] for r in imposed).items())),
        ("Restrictions imposed, by length", sorted(Counter(_length(r["months"]) for r in imposed).items())),
        (
            "Reviews",
            [
                ("Reviews held", len(reviews)),
                ("Held on time", sum(1 for r in reviews if r["on_time"])),
                ("Restrictions renewed", sum(1 for r in reviews if r["outcome"] == "renewed")),
                ("Restrictions changed", sum(1 for r in reviews if r["outcome"] == "varied")),
            ],
        ),
        ("Restrictions ended", sorted(ended.items())),
        (
            "Appeals",
            [("Appeals received", sum(1 for a in appeals if _within(a["received_on"], start, end)))]
            + [(f"Appeals decided: {outcome}", n) for outcome, n in sorted(decided_appeals.items())],
        ),
        (
            "Reasonable adjustments",
            [
                ("Cases where a disability or vulnerability was disclosed", len(disclosed)),
                (
                    "Of those, cases with adjustments recorded",
                    sum(1 for e in disclosed if e["history"]["adjustments_recorded"]),
                ),
            ],
        ),
    ]


def shown(count: int, smallest: int) -> str:
    """A count as the report shows it: small counts hidden so no person can be recognised."""
    return f"fewer than {smallest}" if 0 < count < smallest else str(count)


def _document(
    sections: list[tuple[str, list[tuple[str, int]]]], policy: dict[str, Any], start: date, end: date, cases: int
) -> Document:
    smallest = int(policy["reporting"]["smallest_count_shown"])
    doc = Document()
    doc.heading(1, f"{policy['meta']['title']}: how it was used, {day(start)} to {day(end)}")
    doc.para(
        f"A report to the {policy['reporting']['committee']} from the {policy['roles'][policy['meta']['owner']]['title']}. "
        f"It counts {cases} case records. It names no one, and counts from 1 to {smallest - 1} are shown as "
        f"'fewer than {smallest}' so that no person can be recognised."
    )
    for title, rows in sections:
        doc.heading(2, title)
        if not rows:
            doc.para("None in this period.")
            continue
        doc.table(["Measure", "Number"], [[name, shown(n, smallest)] for name, n in rows])
        chartable = [(name, n) for name, n in rows if n >= smallest]
        if title.startswith("Restrictions imposed") and len(chartable) > 1:
            doc.chart(title, chartable)
    return doc


def render(entries: list[dict[str, Any]], policy: dict[str, Any], *, start: date, end: date, fmt: str = "md") -> str:
    """The yearly report as Markdown, a whole HTML page, or CSV (section, measure, number as shown)."""
    if fmt not in REPORT_FORMATS:
        raise UnknownName(f"{fmt!r} is not a report format. Use one of: {', '.join(REPORT_FORMATS)}.")
    sections = figures(entries, policy, start=start, end=end)
    if fmt == "csv":
        smallest = int(policy["reporting"]["smallest_count_shown"])
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(["Section", "Measure", "Number"])
        writer.writerows([title, name, shown(n, smallest)] for title, rows in sections for name, n in rows)
        return out.getvalue()
    doc = _document(sections, policy, start, end, len(entries))
    if fmt == "html":
        return to_html_page(
            doc, council=policy["meta"]["council"], running_head=f"Report to the {policy['reporting']['committee']}"
        )
    return RENDERERS[fmt](doc)


__all__ = ["REPORT_FORMATS", "figures", "render", "shown"]
