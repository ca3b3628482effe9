"""Screenshots of the workspace for a person to look at (test-results/screenshots/), each taken after
checking what it should show: the task list, the result with next steps and restrictions in place, a
dialog, a phone's width, a 700-pixel intranet frame, and the result page as printed on A4."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from test_embed import host_page
from wizard_pages import RESULT, ROOT, TASK_LIST, expect_step, fill_date, open_check, open_tool, to_result, upload_case

SHOTS = ROOT / "test-results" / "screenshots"
EXAMPLES = ROOT / "examples"


@pytest.fixture(scope="module", autouse=True)
def shots() -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    return SHOTS


def open_example(page: Page, name: str, on: str) -> None:
    upload_case(page, name, (EXAMPLES / name).read_bytes())
    open_check(page)
    fill_date(page, "Assess as at", on)
    to_result(page)


def test_task_list_result_and_dialog(page: Page, live_site: str) -> None:
    page.set_viewport_size({"width": 1100, "height": 900})
    open_tool(page, live_site)
    page.screenshot(path=str(SHOTS / "01-start.png"))
    upload_case(page, "review_due.json", (EXAMPLES / "review_due.json").read_bytes())
    expect(page.locator("#ucb-stands-title")).to_be_visible(timeout=60_000)
    page.screenshot(path=str(SHOTS / "02-task-list.png"), full_page=True)
    open_check(page)
    fill_date(page, "Assess as at", "2024-01-15")
    assert to_result(page) == "review_due"
    expect(page.locator(".ucb-in-place")).to_be_visible()
    expect(page.frame_locator("iframe.ucb-preview").locator("body")).to_contain_text("UCB-")
    page.screenshot(path=str(SHOTS / "03-result-next-steps-restrictions-in-place.png"), full_page=True)
    page.emulate_media(media="print")
    page.screenshot(path=str(SHOTS / "04-result-print-style.png"), full_page=True)
    page.emulate_media(media="screen")
    page.pdf(path=str(SHOTS / "05-result-a4.pdf"), format="A4", print_background=True)
    page.get_by_role("button", name="Delete this case from this browser").click()
    dialog = page.get_by_role("dialog", name="Delete this case from this browser?")
    expect(dialog).to_be_visible()
    page.screenshot(path=str(SHOTS / "06-dialog-delete.png"))
    dialog.get_by_role("button", name="Keep the case").click()


def test_a_phone_width(page: Page, live_site: str) -> None:
    page.set_viewport_size({"width": 375, "height": 667})
    open_tool(page, live_site)
    start = page.get_by_role("button", name="Start a new case")
    expect(start).to_be_in_viewport()  # the Start button above the fold
    page.screenshot(path=str(SHOTS / "07-phone-start.png"))
    upload_case(page, "restrictions_in_place.json", (EXAMPLES / "restrictions_in_place.json").read_bytes())
    page.screenshot(path=str(SHOTS / "08-phone-task-list.png"))
    page.locator(".ucb-task-list").get_by_role("link", name="Contact log").click()
    expect_step(page, "Contact log")
    page.get_by_role("link", name="Back", exact=True).click()
    expect_step(page, TASK_LIST)
    page.locator(".ucb-task-list").get_by_role("link", name="The customer's issues").click()
    expect(page.locator("#ucb-back")).to_be_in_viewport()  # the Back link clear of the fixed header
    page.screenshot(path=str(SHOTS / "09-phone-question-page.png"))


def test_a_700_pixel_intranet_frame_shows_the_outcome(
    page: Page, live_site: str, serve_directory, tmp_path: Path
) -> None:
    folder = host_page(tmp_path, live_site + "embed-tool/", auto_height=False)
    html = (folder / "index.html").read_text(encoding="utf-8").replace('height="560"', 'height="700"')
    (folder / "index.html").write_text(html, encoding="utf-8")
    page.set_viewport_size({"width": 1000, "height": 800})
    page.goto(serve_directory(folder))
    page.wait_for_selector("#ucb-frame")
    frame = next(f for f in page.frames if "embed-tool" in f.url)
    frame.wait_for_selector("#ucb-tool[data-state='ready']", timeout=120_000)
    frame.set_input_files(
        "#ucb-upload-case",
        files=[
            {"name": "case.json", "mimeType": "application/json", "buffer": (EXAMPLES / "review_due.json").read_bytes()}
        ],
    )
    expect(frame.locator("#ucb-step-heading")).to_have_text(TASK_LIST)
    frame.get_by_role("button", name="Check your answers").click()
    box = frame.get_by_role("group", name="Assess as at")
    for label, part in (("Day", "15"), ("Month", "1"), ("Year", "2024")):
        box.get_by_label(label, exact=True).fill(part)
    frame.get_by_role("button", name="Continue to the result").click()
    expect(frame.locator("#ucb-step-heading")).to_have_text(RESULT)
    outcome = frame.locator("#ucb-outcome")
    outcome.wait_for(timeout=60_000)
    # The whole outcome box fits in the 700-pixel frame as the result opens.
    top, bottom = outcome.evaluate("el => [el.getBoundingClientRect().top, el.getBoundingClientRect().bottom]")
    assert top >= 0 and bottom <= 700, (top, bottom)
    page.screenshot(path=str(SHOTS / "10-embed-700px-result.png"))
    frame.locator(".ucb-next-steps").scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "11-embed-700px-next-steps.png"))
