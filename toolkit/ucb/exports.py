"""The register's exports: a CSV of each view, safe to open in a spreadsheet, and an iCalendar file of every
deadline with reminders, for Outlook. The calendar carries the case reference and the action, nothing else."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, timedelta
from typing import Any

from .register import ACTIONS

# A cell starting with one of these is read as a formula by spreadsheets (OWASP: CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def safe_cell(value: Any) -> str:
    """A value as spreadsheet text that can never run as a formula."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(_FORMULA_START) else text


VIEW_COLUMNS: dict[str, list[tuple[str, str]]] = {
    "in_force": [
        ("reference", "Case reference"),
        ("title", "Restriction"),
        ("applies_to", "Covers"),
        ("starts_on", "Since"),
        ("review_by", "Review by"),
        ("ends_at_latest", "Ends at the latest"),
        ("decided_by", "Decided by"),
        ("source", "File"),
    ],
    "reviews_due": [
        ("reference", "Case reference"),
        ("review_by", "Review by"),
        ("overdue", "Overdue"),
        ("source", "File"),
    ],
    "ended_not_told": [
        ("reference", "Case reference"),
        ("ended_on", "Ended on"),
        ("tell_by", "Tell the customer by"),
        ("source", "File"),
    ],
    "appeals_awaiting": [("reference", "Case reference"), ("decide_by", "Decide by"), ("source", "File")],
    "warnings_and_protective_action": [
        ("reference", "Case reference"),
        ("stage", "Where it stands"),
        ("next_by", "Next date"),
        ("source", "File"),
    ],
    "referrals_awaiting": [
        ("reference", "Case reference"),
        ("stage", "Where it stands"),
        ("decide_by", "Decide by"),
        ("source", "File"),
    ],
}


def view_csv(views: dict[str, Any], name: str) -> str:
    """One view of the register as CSV text, with a header row."""
    columns = VIEW_COLUMNS[name]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([title for _, title in columns])
    for row in views[name]:
        writer.writerow(
            [
                safe_cell("yes" if row.get(key) is True else "no" if row.get(key) is False else row.get(key))
                for key, _ in columns
            ]
        )
    return out.getvalue()


def calendar(entries: list[dict[str, Any]], *, on: date, reminder_days: int = 5) -> bytes:
    """Every deadline on or after `on` in the entries, as all-day events with a reminder `reminder_days` before.

    The same register gives the same bytes (stable identifiers, and the stamp is the register's date).
    """
    # Imported here, not with the module: the calendar library (with its time-zone data) is needed only for
    # this download, so the browser's start-up snapshot of Python stays without it.
    from icalendar import Alarm, Calendar, Event

    cal = Calendar()
    cal.add("prodid", "-//Portsmouth City Council//Unreasonable customer behaviour register//EN")
    cal.add("version", "2.0")
    stamp = datetime(on.year, on.month, on.day, tzinfo=UTC)
    for entry in sorted(entries, key=lambda e: e["reference"]):
        for key, day in sorted(entry["dates"].items(), key=lambda kv: (kv[1], kv[0])):
            due = date.fromisoformat(day)
            if due < on:
                continue
            event = Event()
            event.add("uid", f"{entry['reference']}-{key}-{day}@ucb-register")
            event.add("dtstamp", stamp)
            event.add("dtstart", due)
            event.add("dtend", due + timedelta(days=1))
            event.add("summary", f"{entry['reference']}: {ACTIONS[key]}")
            event.add("transp", "TRANSPARENT")
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", f"{entry['reference']}: {ACTIONS[key]} on {day}")
            alarm.add("trigger", timedelta(days=-reminder_days))
            event.add_component(alarm)
            cal.add_component(event)
    return cal.to_ical()


__all__ = ["VIEW_COLUMNS", "calendar", "safe_cell", "view_csv"]
