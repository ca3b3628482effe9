"""The draft lives in this tab only, sealed: it survives a reload, a saved case file resumes it, Delete wipes
every copy the page can reach, and a case from a file never replaces unsaved work without asking."""

from __future__ import annotations

import json
from pathlib import Path

from hostile_text import example
from playwright.sync_api import Page, expect
from wizard_pages import (
    about,
    circumstances,
    draft_case,
    draft_settled,
    expect_step,
    open_tool,
    reload,
    skip_to_check,
    start_case,
    stored_draft,
    to_result,
    tool_storage_keys,
)

CASE = example("report_june_2023.json")


def upload(page: Page, name: str, data: bytes) -> None:
    page.set_input_files("#ucb-upload-case", files=[{"name": name, "mimeType": "application/json", "buffer": data}])


def test_a_reload_keeps_the_draft_and_delete_wipes_every_copy(page: Page, live_site: str) -> None:
    open_tool(page, live_site)
    about(page, "KEEP-1", name="Mr B Jones")
    reload(page)
    expect_step(page, "Circumstances to check first")
    page.get_by_role("button", name="Back", exact=True).click()
    expect(page.get_by_label("Case reference")).to_have_value("KEEP-1")
    expect(page.get_by_label("Customer's name")).to_have_value("Mr B Jones")
    assert page.evaluate("() => Object.keys(localStorage).length") == 0

    page.get_by_role("button", name="Delete this case from this browser").click()
    expect_step(page, "Start or resume a case")
    expect(page.get_by_role("status").filter(has_text="deleted")).to_be_visible()
    draft_settled(page)
    assert tool_storage_keys(page) == []
    assert page.evaluate("() => window.name") == "", "the key to the deleted draft is still in the tab"
    reload(page)
    expect_step(page, "Start or resume a case")
    expect(page.get_by_text("You have a case in progress")).to_have_count(0)
    assert "Mr B Jones" not in page.content()


def test_the_stored_draft_is_sealed_and_a_tab_without_its_key_cannot_read_it(
    page: Page, live_site: str, console_errors
) -> None:
    open_tool(page, live_site)
    about(page, "SEALED-1", name="Mrs S Sealed")
    draft = stored_draft(page)
    assert draft["case"]["customer"] == {"name": "Mrs S Sealed"}
    stored = page.evaluate("() => sessionStorage.getItem('ucb-tool:draft')")
    assert stored.startswith("sealed-1.") and "Sealed" not in stored and "SEALED" not in stored
    # As a restored session or a reopened tab finds it: the sealed draft, but not the tab's key.
    page.evaluate("() => { window.name = ''; }")
    page.reload()
    expect_step(page, "Start or resume a case")
    expect(page.get_by_text("You have a case in progress")).to_have_count(0)
    draft_settled(page)
    assert tool_storage_keys(page) == [], "a draft no one can read is left in storage"
    assert console_errors == []


def test_a_new_key_seals_each_case_so_a_deleted_one_stays_unreadable(page: Page, live_site: str) -> None:
    open_tool(page, live_site)
    start_case(page, "FIRST-1")
    draft_settled(page)
    first = page.evaluate("() => [window.name, sessionStorage.getItem('ucb-tool:draft')]")
    page.get_by_role("button", name="Delete this case from this browser").click()
    start_case(page, "SECOND-1")
    draft_settled(page)
    second_key = page.evaluate("() => window.name")
    assert second_key.startswith("ucb-tool-key:") and second_key != first[0]
    # The first case's sealed copy, wherever the browser may still have it, does not open with the new key.
    page.evaluate("(old) => sessionStorage.setItem('ucb-tool:draft', old)", first[1])
    page.reload()
    expect_step(page, "Start or resume a case")
    expect(page.get_by_text("You have a case in progress")).to_have_count(0)


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
    draft_settled(page)
    assert tool_storage_keys(page) == []
    upload(page, "ROUND-TRIP-1-case.json", path.read_bytes())
    expect_step(page, "Check your answers")
    expect(page.locator(".ucb-summary").first).to_contain_text("ROUND-TRIP-1")
    assert draft_case(page) == saved
    page.get_by_label("Assess as at").fill("2026-11-27")
    assert to_result(page) == outcome


def test_a_file_that_is_not_a_case_is_refused_and_the_case_in_progress_is_kept(
    page: Page, live_site: str, console_errors
) -> None:
    open_tool(page, live_site)
    start_case(page, "KEEP-2")
    page.get_by_role("button", name="Back", exact=True).click()
    for name, data, words in [
        ("notes.json", b"not json", "is not valid JSON"),
        ("empty.json", b"{}", "it is an empty JSON object"),
        ("package.json", json.dumps({"name": "widgets", "version": "1.0.0"}).encode(), "no 'schema_version'"),
        ("log.json", json.dumps({"contacts": CASE["contacts"]}).encode(), "holds a contact log"),
    ]:
        upload(page, name, data)
        alert = page.get_by_role("alert")
        expect(alert).to_be_focused()
        expect(alert).to_contain_text(words)
        expect_step(page, "Start or resume a case")
        assert draft_case(page)["reference"] == "KEEP-2", f"{name} replaced the case in progress"
    assert console_errors == []


def test_opening_a_case_over_unsaved_work_asks_first(page: Page, live_site: str, console_errors) -> None:
    open_tool(page, live_site)
    start_case(page, "UNSAVED-1")
    page.get_by_role("button", name="Back", exact=True).click()
    upload(page, "saved-case.json", json.dumps(CASE).encode())
    question = page.get_by_role("group", name="Replace the case in progress?")
    expect(question).to_contain_text("UNSAVED-1")
    expect(page.get_by_role("heading", name="Replace the case in progress?")).to_be_focused()
    page.get_by_role("button", name="Keep the case in progress").click()
    expect(page.get_by_role("status").filter(has_text="saved-case.json was not opened")).to_be_focused()
    assert draft_case(page)["reference"] == "UNSAVED-1"

    upload(page, "saved-case.json", json.dumps(CASE).encode())
    page.get_by_role("button", name="Open saved-case.json instead").click()
    expect_step(page, "Check your answers")
    assert draft_case(page) == CASE

    # Just opened from a file, the case is not unsaved work: another file opens without a question.
    while page.locator("#ucb-step-heading").inner_text() != "Start or resume a case":
        page.get_by_role("button", name="Back", exact=True).click()
    other = {**CASE, "reference": "OTHER-1"}
    upload(page, "other.json", json.dumps(other).encode())
    expect_step(page, "Check your answers")
    assert draft_case(page)["reference"] == "OTHER-1"
    assert console_errors == []


def test_when_the_browser_refuses_to_store_the_draft_the_page_says_so(page: Page, live_site: str) -> None:
    page.add_init_script(
        "Storage.prototype.setItem = function () { throw new DOMException('full', 'QuotaExceededError'); };"
    )
    open_tool(page, live_site, wait_ready=False)
    page.get_by_role("button", name="Start a new case").click()
    page.get_by_label("Case reference").fill("FULL-1")
    expect(page.locator(".ucb-storage-warning")).to_contain_text("could not keep a copy")
    expect(page.locator(".ucb-storage-warning")).to_have_count(1)
