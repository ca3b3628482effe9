"""Counting what a person does in a scripted journey: every click (buttons, links, radios, checkboxes and
opening a file chooser) and every field (each box typed in, and each file chosen).

A journey drives the page only through a `Counted` wrapper, so its totals are the actions it took; the
test prints them and checks them against what the issue asked for."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field

from playwright.sync_api import Locator, Page
from wizard_pages import ROOT

EXAMPLES = ROOT / "examples"
COMMITTEE_CASE = "report_june_2023.json"


@dataclass
class Counted:
    """Actions a journey took, by kind: clicks, fields (questions answered by typing or choosing a file;
    a GOV.UK date input is one question) and boxes (each box typed in: a date input has three)."""

    clicks: int = 0
    fields: int = 0
    boxes: int = 0
    log: list[str] = field(default_factory=list)

    def click(self, target: Locator, what: str = "") -> None:
        target.click()
        self.clicks += 1
        self.log.append(f"click {what}")

    def check(self, target: Locator, what: str = "") -> None:
        target.check()
        self.clicks += 1
        self.log.append(f"choose {what}")

    def fill(self, target: Locator, value: str, what: str = "") -> None:
        target.fill(value)
        self.fields += 1
        self.boxes += 1
        self.log.append(f"type {what}")

    def date(self, scope: Locator | Page, legend: str, value: str) -> None:
        """A GOV.UK date input: one question, a box each for the day, month and year."""
        year, month, day = value.split("-")
        group = scope.get_by_role("group", name=legend, exact=True)
        for label, part in (("Day", day), ("Month", month), ("Year", year)):
            group.get_by_label(label, exact=True).fill(part)
            self.boxes += 1
        self.fields += 1
        self.log.append(f"date {legend}")

    def choose_file(self, target: Locator, name: str, data: bytes, mime: str) -> None:
        """Opening the file chooser is a click; the file picked is a field."""
        target.set_input_files(files=[{"name": name, "mimeType": mime, "buffer": data}])
        self.clicks += 1
        self.fields += 1
        self.boxes += 1
        self.log.append(f"file {name}")

    def summary(self, journey: str) -> str:
        return f"{journey}: {self.clicks} clicks, {self.fields} fields ({self.boxes} boxes typed in)"


def committee_case() -> dict:
    return json.loads((EXAMPLES / COMMITTEE_CASE).read_text(encoding="utf-8"))


def committee_csv() -> bytes:
    """The committee case's 58 contacts as a spreadsheet would export them: UK dates, a time column,
    names separated by semicolons."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["date", "time", "channel", "departments", "officers", "members", "issues", "behaviours", "note"])
    for c in committee_case()["contacts"]:
        day, _, time = c["at"].partition("T")
        y, m, d = day.split("-")
        writer.writerow(
            [
                f"{d}/{m}/{y}",
                time,
                c["channel"],
                "; ".join(c.get("departments", [])),
                "; ".join(c.get("officers", [])),
                "; ".join(c.get("members", [])),
                "; ".join(c.get("issues", [])),
                "; ".join(c.get("behaviours", [])),
                c.get("note", ""),
            ]
        )
    return out.getvalue().encode("utf-8")
