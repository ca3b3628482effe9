"""Bad files and impossible answers in the browser tool: each gets a specific message, and the work is kept.

The files are the ones the command-line test uses (tests/bad_files.py). Files over the documented
limit (IMPORT_LIMIT_BYTES in contacts.mjs, stated on the page) must be refused before they are read:
the test counts every read of a file's contents in the page. No Python traceback may reach the page.
"""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from bad_files import CASE_FILES, CSV_FILES, EXAMPLE_ON, INVALID_CASES
from generated_cases import contact_log_case
from hostile_text import ROOT, example
from playwright.sync_api import Page, expect
from wizard_pages import POLICY, draft_case, expect_step, open_tool, start_case, to_result

LIMIT_SOURCE = (ROOT / "docs" / "assets" / "tool" / "contacts.mjs").read_text(encoding="utf-8")
LIMIT_BYTES = eval(re.search(r"IMPORT_LIMIT_BYTES = ([\d\s*]+);", LIMIT_SOURCE).group(1))

# Count every read of a file's contents (all of Blob's readers, and FileReader).
COUNT_READS = """() => {
  window.__fileReads = 0;
  for (const name of ["text", "arrayBuffer", "stream", "bytes"]) {
    const original = Blob.prototype[name];
    if (!original) continue;
    Blob.prototype[name] = function (...args) { window.__fileReads += 1; return original.apply(this, args); };
  }
  for (const name of ["readAsText", "readAsArrayBuffer", "readAsDataURL", "readAsBinaryString"]) {
    const original = FileReader.prototype[name];
    FileReader.prototype[name] = function (...args) { window.__fileReads += 1; return original.apply(this, args); };
  }
}"""


def no_traceback(page: Page) -> None:
    text = page.locator("body").inner_text()
    assert "Traceback" not in text and 'File "' not in text, "a Python traceback reached the page"


def upload(page: Page, name: str, data: bytes, selector: str = "#ucb-upload-case") -> None:
    mime = "application/json" if name.endswith(".json") else "text/csv"
    page.set_input_files(selector, files=[{"name": name, "mimeType": mime, "buffer": data}])


def test_the_size_limit_is_documented_where_files_are_chosen(page: Page, live_site: str) -> None:
    open_tool(page, live_site, wait_ready=False)
    expect(page.locator("#ucb-upload-hint")).to_contain_text(f"{LIMIT_BYTES // 1048576} MB")
    start_case(page, "LIMIT-1")
    page.get_by_role("button", name="Back", exact=True).click()
    page.get_by_role("button", name="Continue with this case").click()
    page.locator("section[aria-labelledby='ucb-cya-contacts'] button.ucb-link").first.click()
    expect(page.locator("#ucb-import-hint")).to_contain_text(f"Up to {LIMIT_BYTES // 1048576} MB")


def test_bad_case_files_are_refused_with_specific_messages_and_the_draft_is_kept(
    page: Page,
    live_site: str,
) -> None:
    open_tool(page, live_site)
    start_case(page, "KEEP-ME")
    page.get_by_label("Customer's name").fill("Ms K Kept")
    page.get_by_role("button", name="Back", exact=True).click()
    expect_step(page, "Start or resume a case")
    page.evaluate(COUNT_READS)
    for name, data, words in CASE_FILES:
        if name.startswith(("no-version", "future-version")):
            continue  # valid JSON objects: they load, and the check page explains them (below)
        upload(page, name, data)
        alert = page.get_by_role("alert")
        expect(alert).to_be_focused()
        expect(alert).to_contain_text(re.compile(re.escape(words), re.I))
        expect_step(page, "Start or resume a case")
        assert draft_case(page).get("reference") == "KEEP-ME", f"{name} lost the case in progress"
        no_traceback(page)

    # Over the limit: refused from its size alone, before any of it is read.
    reads = page.evaluate("() => window.__fileReads")
    upload(page, "huge.json", b" " * (LIMIT_BYTES + 1))
    expect(page.get_by_role("alert")).to_contain_text(f"{LIMIT_BYTES // 1048576} MB")
    assert page.evaluate("() => window.__fileReads") == reads, "the oversized file was read"
    assert draft_case(page).get("customer") == {"name": "Ms K Kept"}

    for name, data, words in CASE_FILES:
        if not name.startswith(("no-version", "future-version")):
            continue
        upload(page, name, data)
        expect_step(page, "Check your answers")
        page.get_by_label("Assess as at").fill(EXAMPLE_ON)
        page.get_by_role("button", name="Continue to the result").click()
        summary = page.locator(".ucb-error-summary")
        expect(summary).to_be_focused()
        expect(summary).to_contain_text(re.compile(re.escape(words), re.I))
        assert draft_case(page) == json.loads(data), f"{name}: the uploaded case was changed"
        no_traceback(page)
        page.get_by_role("button", name="Delete this case from this browser").click()
        expect_step(page, "Start or resume a case")


@pytest.mark.parametrize(("name", "case", "on", "words"), INVALID_CASES, ids=[c[0] for c in INVALID_CASES])
def test_impossible_dates_are_explained_on_the_check_page_and_link_to_their_field(
    page: Page,
    live_site: str,
    name: str,
    case: dict,
    on: str,
    words: str,
) -> None:
    open_tool(page, live_site)
    upload(page, name, json.dumps(case).encode())
    expect_step(page, "Check your answers")
    page.get_by_label("Assess as at").fill(on)
    page.get_by_role("button", name="Continue to the result").click()
    summary = page.locator(".ucb-error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text(words)
    assert draft_case(page) == case
    summary.get_by_role("link").first.click()
    expect(page.locator("#ucb-tool")).not_to_have_attribute("data-step", "check")
    expect(page.locator(".ucb-error-summary")).to_contain_text(words)
    no_traceback(page)


def test_bad_contact_logs_are_explained_and_the_log_is_kept(page: Page, live_site: str) -> None:
    open_tool(page, live_site)
    case = example("report_june_2023.json")
    upload(page, "case.json", json.dumps(case).encode())
    expect_step(page, "Check your answers")
    page.locator("section[aria-labelledby='ucb-cya-contacts'] button.ucb-link").first.click()
    expect_step(page, "Contact log")
    page.evaluate(COUNT_READS)
    kept = len(case["contacts"])
    for name, data, words in CSV_FILES:
        before = len(draft_case(page)["contacts"])
        upload(page, name, data, "#ucb-import-file")
        status = page.locator(".ucb-import-status")
        expect(status.get_by_role("alert")).to_contain_text(re.compile(re.escape(words), re.I))
        added = len(draft_case(page)["contacts"]) - before
        good_rows = 2 if name == "bad-date.csv" else 0
        assert added == good_rows, f"{name}: {added} contacts added"
        no_traceback(page)
    reads = page.evaluate("() => window.__fileReads")
    upload(page, "huge.csv", b"date,channel\n" + b"2023-06-01,email\n" * (LIMIT_BYTES // 17 + 1), "#ucb-import-file")
    expect(page.locator(".ucb-import-status").get_by_role("alert")).to_contain_text(f"{LIMIT_BYTES // 1048576} MB")
    assert page.evaluate("() => window.__fileReads") == reads, "the oversized log was read"
    assert draft_case(page)["contacts"][:kept] == case["contacts"], "the log in progress changed"


def test_a_ten_thousand_contact_case_is_assessed(page: Page, live_site: str) -> None:
    on = dt.date.fromisoformat(EXAMPLE_ON)
    case = contact_log_case(POLICY, 10_000, on)
    open_tool(page, live_site)
    upload(page, "big-case.json", json.dumps(case).encode())
    expect_step(page, "Check your answers")
    expect(page.locator(".ucb-summary").filter(has_text="Contact log")).to_contain_text("10000 contacts")
    page.get_by_label("Assess as at").fill(EXAMPLE_ON)
    outcome = to_result(page)
    assert outcome in POLICY["outcomes"]
    no_traceback(page)
