"""The draft lives in this tab only: it survives a reload, a saved case file resumes it, and Delete wipes it."""

from __future__ import annotations

import json
from pathlib import Path

from playwright.sync_api import Page, expect
from wizard_pages import (
    about,
    circumstances,
    draft_case,
    expect_step,
    open_tool,
    skip_to_check,
    to_result,
    tool_storage_keys,
)


def test_a_reload_keeps_the_draft_and_delete_wipes_every_copy(page: Page, live_site: str) -> None:
    open_tool(page, live_site)
    about(page, "KEEP-1", name="Mr B Jones")
    page.reload()
    expect_step(page, "Circumstances to check first")
    page.get_by_role("button", name="Back", exact=True).click()
    expect(page.get_by_label("Case reference")).to_have_value("KEEP-1")
    expect(page.get_by_label("Customer's name")).to_have_value("Mr B Jones")
    assert page.evaluate("() => Object.keys(localStorage).length") == 0

    page.get_by_role("button", name="Delete this case from this browser").click()
    expect_step(page, "Start or resume a case")
    expect(page.get_by_role("status").filter(has_text="deleted")).to_be_visible()
    assert tool_storage_keys(page) == []
    page.reload()
    expect_step(page, "Start or resume a case")
    expect(page.get_by_text("You have a case in progress")).to_have_count(0)
    assert "Mr B Jones" not in page.content()


def test_a_downloaded_case_uploads_to_the_same_case_and_opens_at_check_your_answers(
    page: Page,
    live_site: str,
) -> None:
    open_tool(page, live_site)
    about(page, "ROUND-TRIP-1", name="Ms C Patel", address="2 High Street\nSouthsea")
    circumstances(page, representative=True)
    skip_to_check(page)
    page.get_by_label("Assess as at").fill("2026-11-27")
    outcome = to_result(page)
    with page.expect_download() as download:
        page.get_by_role("button", name="Download the case file (JSON)").click()
    path = Path(download.value.path())
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert saved == draft_case(page)

    page.get_by_role("button", name="Delete this case from this browser").click()
    assert tool_storage_keys(page) == []
    page.set_input_files(
        "#ucb-upload-case",
        files=[{"name": "ROUND-TRIP-1-case.json", "mimeType": "application/json", "buffer": path.read_bytes()}],
    )
    expect_step(page, "Check your answers")
    expect(page.locator(".ucb-summary").first).to_contain_text("ROUND-TRIP-1")
    assert draft_case(page) == saved
    page.get_by_label("Assess as at").fill("2026-11-27")
    assert to_result(page) == outcome


def test_a_file_that_is_not_a_case_is_refused_with_a_plain_message(page: Page, live_site: str) -> None:
    open_tool(page, live_site)
    page.set_input_files(
        "#ucb-upload-case", files=[{"name": "notes.json", "mimeType": "application/json", "buffer": b"not json"}]
    )
    alert = page.get_by_role("alert")
    expect(alert).to_be_focused()
    expect(alert).to_contain_text("not valid JSON")
    expect_step(page, "Start or resume a case")


def test_when_the_browser_refuses_to_store_the_draft_the_page_says_so(page: Page, live_site: str) -> None:
    page.add_init_script(
        "Storage.prototype.setItem = function () { throw new DOMException('full', 'QuotaExceededError'); };"
    )
    open_tool(page, live_site, wait_ready=False)
    page.get_by_role("button", name="Start a new case").click()
    page.get_by_label("Case reference").fill("FULL-1")
    expect(page.locator(".ucb-storage-warning")).to_contain_text("could not keep a copy")
    expect(page.locator(".ucb-storage-warning")).to_have_count(1)
