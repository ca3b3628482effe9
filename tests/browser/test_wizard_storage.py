"""Work is hard to lose: the draft lives in this tab and survives a reload, each page has its own address
(Back and Forward move between pages and keep every answer), closing the tab with unsaved changes asks
first, deleting asks first, files are named by reference and date, a saved case opens in one action at
its task list, and a case handed over by the register opens the same way."""

from __future__ import annotations

import json
from pathlib import Path

from hostile_text import example
from playwright.sync_api import Page, expect
from wizard_pages import (
    RESULT,
    ROOT,
    TASK_LIST,
    about,
    back,
    circumstances,
    delete_case,
    draft_case,
    draft_settled,
    expect_step,
    open_check,
    open_tool,
    reload,
    skip_to_check,
    start_case,
    stored_draft,
    to_result,
    tool_storage_keys,
    upload_case,
)

EXAMPLES = ROOT / "examples"
CASE = example("report_june_2023.json")


def upload(page: Page, name: str, data: bytes) -> None:
    page.set_input_files("#ucb-upload-case", files=[{"name": name, "mimeType": "application/json", "buffer": data}])


def test_a_reload_keeps_the_page_and_the_draft_and_delete_asks_then_wipes_every_copy(
    page: Page, live_site: str
) -> None:
    open_tool(page, live_site)
    about(page, "KEEP-1", name="Mr B Jones")
    assert page.url.endswith("?page=circumstances")
    reload(page)
    expect_step(page, "Circumstances to check first")
    # After a reload the Back link leads to the task list (the tool no longer knows the way it came).
    back(page)
    expect_step(page, "Case KEEP-1")
    page.locator(".ucb-task-list").get_by_role("link", name="About the case").click()
    expect(page.get_by_label("Case reference")).to_have_value("KEEP-1")
    expect(page.get_by_label("Customer's name")).to_have_value("Mr B Jones")
    assert page.evaluate("() => Object.keys(localStorage).length") == 0

    # Deleting asks first; keeping the case changes nothing.
    page.go_back()
    expect_step(page, "Case KEEP-1")
    page.get_by_role("button", name="Delete this case from this browser").click()
    dialog = page.get_by_role("dialog", name="Delete this case from this browser?")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_role("button", name="Keep the case")).to_be_focused()
    dialog.get_by_role("button", name="Keep the case").click()
    expect(dialog).to_have_count(0)
    assert draft_case(page)["reference"] == "KEEP-1"

    delete_case(page)
    expect(page.get_by_role("status").filter(has_text="deleted")).to_be_visible()
    assert tool_storage_keys(page) == []
    page.reload()
    expect_step(page, "Start or resume a case")
    expect(page.get_by_text("You have a case in progress")).to_have_count(0)
    assert "Mr B Jones" not in page.content()


def test_back_and_forward_move_between_the_tools_pages_and_keep_every_answer(page: Page, live_site: str) -> None:
    open_tool(page, live_site)
    about(page, "HISTORY-1", name="Ms H Story")
    circumstances(page, representative=True)
    page.go_back()
    expect_step(page, "Circumstances to check first")
    expect(
        page.get_by_role("group", name="Is someone acting for the customer?").get_by_label("Yes", exact=True)
    ).to_be_checked()
    page.go_back()
    expect_step(page, "About the case")
    expect(page.get_by_label("Customer's name")).to_have_value("Ms H Story")
    page.go_forward()
    page.go_forward()
    expect_step(page, "Contact log")
    assert page.url.endswith("?page=contacts")
    # The same document throughout: the browser's history moved within the tool.
    assert page.evaluate("() => performance.getEntriesByType('navigation').length") == 1
    assert draft_case(page)["circumstances"]["representative"]["is_acting"] is True


def test_leaving_with_changes_in_no_saved_file_asks_first_and_a_saved_case_does_not(page: Page, live_site: str) -> None:
    open_tool(page, live_site)
    about(page, "LEAVE-1")
    with page.expect_event("dialog") as asked:
        page.evaluate("() => { setTimeout(() => location.reload(), 0); }")
    assert asked.value.type == "beforeunload"
    asked.value.dismiss()  # stay on the page
    expect_step(page, "Circumstances to check first")
    assert draft_case(page)["reference"] == "LEAVE-1"

    skip_to_check(page)
    to_result(page)
    with page.expect_download() as saved:
        page.get_by_role("button", name="Download the case file (JSON)").click()
    today = page.evaluate("() => new Date().toLocaleDateString('en-CA')")
    assert saved.value.suggested_filename == f"LEAVE-1-case-{today}.json"
    questions: list[str] = []
    page.on("dialog", lambda dialog: questions.append(dialog.type))
    page.reload()  # nothing unsaved: no question
    expect_step(page, RESULT)
    assert questions == []


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
    reload(page)
    page.goto(live_site + "tool/?page=start")
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
    page.locator("#ucb-to-tasks").click()
    delete_case(page)
    start_case(page, "SECOND-1")
    draft_settled(page)
    second_key = page.evaluate("() => window.name")
    assert second_key.startswith("ucb-tool-key:") and second_key != first[0]
    # The first case's sealed copy, wherever the browser may still have it, does not open with the new key.
    page.evaluate("(old) => sessionStorage.setItem('ucb-tool:draft', old)", first[1])
    reload(page)
    expect_step(page, "Start or resume a case")  # no case this tab can read: the tool starts afresh
    expect(page.get_by_text("You have a case in progress")).to_have_count(0)
    assert "FIRST-1" not in page.content()


def test_a_file_that_is_not_a_case_is_refused_and_the_case_in_progress_is_kept(
    page: Page, live_site: str, console_errors
) -> None:
    open_tool(page, live_site)
    start_case(page, "KEEP-2")
    back(page)
    expect_step(page, "Start or resume a case")
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


def test_a_downloaded_case_opens_in_one_action_at_its_task_list_showing_where_it_stands(
    page: Page,
    live_site: str,
) -> None:
    open_tool(page, live_site)
    about(page, "ROUND-TRIP-1", name="Ms C Patel", address="2 High Street\nSouthsea")
    circumstances(page, representative=True)
    skip_to_check(page)
    outcome = to_result(page)
    with page.expect_download() as download:
        page.get_by_role("button", name="Download the case file (JSON)").click()
    path = Path(download.value.path())
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert saved == draft_case(page)

    delete_case(page)
    assert tool_storage_keys(page) == []
    upload_case(page, download.value.suggested_filename, path.read_bytes())
    expect_step(page, "Case ROUND-TRIP-1")
    expect(page.locator("#ucb-stands-title")).to_be_visible(timeout=60_000)
    assert draft_case(page) == saved
    open_check(page)
    assert to_result(page) == outcome


def test_opening_another_case_over_unsaved_work_asks_first(page: Page, live_site: str) -> None:
    open_tool(page, live_site)
    about(page, "UNSAVED-1")
    back(page)
    back(page)
    expect_step(page, "Start or resume a case")
    expect(page.get_by_text("You have a case in progress")).to_contain_text("UNSAVED-1")
    page.set_input_files(
        "#ucb-upload-case",
        files=[
            {
                "name": "other.json",
                "mimeType": "application/json",
                "buffer": (EXAMPLES / "review_due.json").read_bytes(),
            }
        ],
    )
    dialog = page.get_by_role("dialog", name="Replace the case in progress?")
    expect(dialog).to_contain_text("UNSAVED-1")
    dialog.get_by_role("button", name="Keep the case in progress").click()
    assert draft_case(page)["reference"] == "UNSAVED-1"
    page.set_input_files(
        "#ucb-upload-case",
        files=[
            {
                "name": "other.json",
                "mimeType": "application/json",
                "buffer": (EXAMPLES / "review_due.json").read_bytes(),
            }
        ],
    )
    page.get_by_role("dialog").get_by_role("button", name="Open other.json").click()
    expect_step(page, TASK_LIST)
    assert draft_case(page)["reference"] == json.loads((EXAMPLES / "review_due.json").read_text())["reference"]

    # Just opened from a file, the case is not unsaved work: another file opens without a question.
    page.goto(live_site + "tool/?page=start")
    upload(page, "other-1.json", json.dumps({**CASE, "reference": "OTHER-1"}).encode())
    expect_step(page, "Case OTHER-1")
    assert draft_case(page)["reference"] == "OTHER-1"


def test_a_case_handed_over_by_the_register_opens_at_its_task_list_and_the_hand_over_is_removed(
    page: Page, live_site: str
) -> None:
    case = json.loads((EXAMPLES / "restrictions_in_place.json").read_text(encoding="utf-8"))
    open_tool(page, live_site)
    page.evaluate("(c) => sessionStorage.setItem('ucb-open', JSON.stringify(c))", case)
    page.goto(live_site + "tool/?open=register")
    expect_step(page, f"Case {case['reference']}")
    expect(page.locator(".ucb-notice")).to_contain_text("opened from the register")
    assert page.evaluate("() => sessionStorage.getItem('ucb-open')") is None
    assert "open=register" not in page.url and page.url.endswith("?page=tasks")
    assert draft_case(page) == case

    # Over a case with unsaved changes, the tool asks before replacing it.
    other = json.loads((EXAMPLES / "review_due.json").read_text(encoding="utf-8"))
    page.locator(".ucb-task-list").get_by_role("link", name="About the case").click()
    page.get_by_label("Customer's name").fill("Changed here")
    page.evaluate("(c) => sessionStorage.setItem('ucb-open', JSON.stringify(c))", other)

    def leave(dialog) -> None:
        dialog.accept()

    page.once("dialog", leave)
    page.goto(live_site + "tool/?open=register")
    dialog = page.get_by_role("dialog", name="Replace the case in progress?")
    expect(dialog).to_be_visible()
    assert page.evaluate("() => sessionStorage.getItem('ucb-open')") is None, "read once and removed at once"
    dialog.get_by_role("button", name="Keep the case in progress").click()
    assert draft_case(page)["reference"] == case["reference"]
    assert draft_case(page)["customer"]["name"] == "Changed here"


def test_when_the_browser_refuses_to_store_the_draft_the_page_says_so(page: Page, live_site: str) -> None:
    page.add_init_script(
        "Storage.prototype.setItem = function () { throw new DOMException('full', 'QuotaExceededError'); };"
    )
    open_tool(page, live_site, wait_ready=False)
    page.get_by_role("button", name="Start a new case").click()
    page.get_by_label("Case reference").fill("FULL-1")
    expect(page.locator(".ucb-storage-warning")).to_contain_text("could not keep a copy")
    expect(page.locator(".ucb-storage-warning")).to_have_count(1)
