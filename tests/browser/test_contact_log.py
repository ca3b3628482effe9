"""Contact log hygiene: the log is kept in date order (so the evidence pack's chronology is too), a contact
entered by hand and imported again is flagged, a contact can be changed, the CSV template has the
schema's columns, and a notice never outlives what it reported."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from playwright.sync_api import Page, expect
from wizard_pages import (
    ROOT,
    about,
    add_contact,
    circumstances,
    csv_log,
    draft_case,
    fill_date,
    import_contacts,
    open_tool,
)

SCHEMA = ROOT / "schemas" / "case.schema.json"


def test_the_log_is_in_date_order_flags_a_contact_entered_twice_and_can_be_changed(page: Page, live_site: str) -> None:
    open_tool(page, live_site)
    about(page, "LOG-1")
    circumstances(page)
    add_contact(page, at="2026-10-05T09:30", channel="Email", departments=["Housing"])
    expect(page.locator(".ucb-notice")).to_have_text("Contact 1 added.")
    import_contacts(
        page,
        "log.csv",
        csv_log(
            [
                ("2026-10-01", "email", "Housing", ""),
                ("05/10/2026", "email", "Housing", ""),
                ("2026-10-09", "phone", "Housing", ""),
            ]
        ),
    )
    expect(page.locator(".ucb-import-status")).to_contain_text("3 contacts imported")
    # The notice about the hand-entered contact is gone: only the import's report shows.
    expect(page.get_by_text("Contact 1 added.")).to_have_count(0)
    expect(page.locator("#ucb-import-notice")).to_contain_text(
        "1 of them looks the same as a contact already in the log"
    )
    assert [c["at"] for c in draft_case(page)["contacts"]] == [
        "2026-10-01",
        "2026-10-05",  # a contact with no time counts from the start of its day
        "2026-10-05T09:30",
        "2026-10-09",
    ]
    rows = page.locator("table.ucb-table--contacts tbody tr")
    expect(rows).to_have_count(4)
    expect(rows.nth(0)).to_contain_text("1 October 2026")
    expect(rows.nth(2).locator(".ucb-duplicate")).to_have_text("Same as contact 2?")
    expect(page.locator("#ucb-contacts-caption")).to_contain_text("1 looks the same as an earlier one")

    # Change the last contact: it comes back into the form, and saving puts it back in date order.
    rows.nth(3).get_by_role("button", name="Change contact 4").click()
    expect(page.locator("#ucb-add-contact-title")).to_have_text("Change contact 4")
    form = page.get_by_role("group", name="Change contact 4")
    expect(form.get_by_role("group", name="Date and time").get_by_label("Day", exact=True)).to_have_value("9")
    fill_date(form, "Date and time", "2026-09-30T16:05")
    page.get_by_role("button", name="Save this contact").click()
    expect(page.locator(".ucb-notice")).to_have_text("Contact 1 changed.")
    saved = draft_case(page)["contacts"]
    assert len(saved) == 4 and saved[0] == {"at": "2026-09-30T16:05", "channel": "phone", "departments": ["Housing"]}

    # Removing the duplicate clears the flag.
    rows.nth(3).get_by_role("button", name="Remove contact 4").click()
    expect(page.locator(".ucb-duplicate")).to_have_count(0)
    expect(page.locator(".ucb-notice")).to_have_text("Contact 4 removed.")


def test_the_csv_template_has_the_schemas_columns_and_imports_as_it_is(page: Page, live_site: str) -> None:
    open_tool(page, live_site)
    about(page, "TEMPLATE-1")
    circumstances(page)
    with page.expect_download() as template:
        page.get_by_role("button", name="Download a CSV template").click()
    assert template.value.suggested_filename == "contact-log-template.csv"
    header = next(csv.reader(io.StringIO(Path(template.value.path()).read_text(encoding="utf-8"))))
    contact = json.loads(SCHEMA.read_text(encoding="utf-8"))["$defs"]["contact"]["properties"]
    assert header == [c for key in contact for c in (["date", "time"] if key == "at" else [key])]
    # Filled in as a spreadsheet would, the template imports with every column read.
    rows = (
        ",".join(header)
        + "\r\n"
        + "14/06/2023,09:12,Email,Housing; Parking,Housing Officer,Cllr A Jones,,repeated,Asked again\r\n"
    )
    page.set_input_files(
        "#ucb-import-file", files=[{"name": "filled.csv", "mimeType": "text/csv", "buffer": rows.encode()}]
    )
    expect(page.locator(".ucb-import-status")).to_contain_text("1 contact imported")
    assert draft_case(page)["contacts"] == [
        {
            "at": "2023-06-14T09:12",
            "channel": "email",
            "departments": ["Housing", "Parking"],
            "officers": ["Housing Officer"],
            "members": ["Cllr A Jones"],
            "behaviours": ["repeated"],
            "note": "Asked again",
        }
    ]
