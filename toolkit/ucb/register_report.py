"""The register's views as a page for a manager (Markdown or a whole HTML page): each view a table, most
urgent first, with the files that could not be read and any reference used twice listed, never skipped."""

from __future__ import annotations

from typing import Any

from .document import RENDERERS, Document, Inline, isolate, to_html_page
from .errors import UnknownName
from .exports import VIEW_COLUMNS
from .findings import count, day

REGISTER_FORMATS = ("md", "html")
TITLES = {
    "in_force": "Restrictions in force",
    "reviews_due": "Reviews due soon, and reviews missed",
    "ended_not_told": "Restrictions ended, customer not yet told",
    "appeals_awaiting": "Appeals awaiting a decision",
    "warnings_and_protective_action": "Warnings and protective action awaiting the next step",
    "referrals_awaiting": "Step-two referrals awaiting a decision",
}


def _cell(key: str, value: Any) -> Inline:
    if value is True or value is False:
        return "yes" if value else "no"
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and key not in ("reference", "source"):
        return day(value)
    return isolate("" if value is None else str(value))


def document(views: dict[str, Any]) -> Document:
    doc = Document()
    doc.heading(1, f"Register of restrictions and deadlines, as at {day(views['as_at'])}")
    doc.para(
        f"From {count(views['cases'], 'case file')}. Reviews are listed if due within {count(views['within_days'], 'day')}."
    )
    for name, title in TITLES.items():
        rows = views[name]
        doc.heading(2, f"{title} ({len(rows)})")
        if not rows:
            doc.para("None.")
            continue
        columns = VIEW_COLUMNS[name]
        doc.table([t for _, t in columns], [[_cell(k, row.get(k)) for k, _ in columns] for row in rows])
    if views["duplicates"]:
        doc.heading(2, f"References used by more than one file ({len(views['duplicates'])})")
        doc.items(
            [[f"{isolate(d['reference'])}: {', '.join(isolate(s) for s in d['sources'])}"] for d in views["duplicates"]]
        )
    if views["refused"]:
        doc.heading(2, f"Files that could not be read ({len(views['refused'])})")
        doc.items(
            [
                [
                    f"{isolate(r['source'])}: {' '.join(r['errors'])}"
                    + (
                        f" (and {r['error_count'] - len(r['errors'])} more)"
                        if r["error_count"] > len(r["errors"])
                        else ""
                    )
                ]
                for r in views["refused"]
            ]
        )
    return doc


def render(views: dict[str, Any], policy: dict[str, Any], *, fmt: str = "md") -> str:
    """The register as Markdown or a whole HTML page."""
    if fmt not in REGISTER_FORMATS:
        raise UnknownName(f"{fmt!r} is not a register format. Use one of: {', '.join(REGISTER_FORMATS)}.")
    doc = document(views)
    if fmt == "html":
        return to_html_page(
            doc, council=policy["meta"]["council"], running_head=f"Register as at {day(views['as_at'])}"
        )
    return RENDERERS[fmt](doc)


__all__ = ["REGISTER_FORMATS", "TITLES", "document", "render"]
