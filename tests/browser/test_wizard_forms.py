"""Errors and imports: the error summary takes focus and links to each field; a bad CSV row is reported."""

from __future__ import annotations

import json
import re

from playwright.sync_api import Page, expect
from site_release import RUNTIME
from wizard_pages import (
    about,
    add_issue,
    circumstances,
    continue_to,
    csv_log,
    draft_case,
    expect_step,
    import_contacts,
    open_tool,
    skip_to_check,
    start_case,
    wait_ready_state,
)


def test_the_first_questions_work_before_python_is_ready(page: Page, live_site: str) -> None:
    open_tool(page, live_site, wait_ready=False)
    expect(page.locator("#ucb-tool")).to_have_attribute("data-state", "loading")
    start_case(page, "EARLY-1")
    continue_to(page, "Circumstances to check first")
    assert draft_case(page)["reference"] == "EARLY-1"
    wait_ready_state(page)
    expect(page.locator("#ucb-load-message")).to_have_text("The assessment engine is ready.")


def test_a_missing_answer_shows_the_error_summary_which_takes_focus_and_links_to_the_field(
    page: Page,
    live_site: str,
) -> None:
    open_tool(page, live_site)
    page.get_by_role("button", name="Start a new case").click()
    page.click("#ucb-continue")
    summary = page.locator(".ucb-error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_have_attribute("role", "alert")
    link = summary.get_by_role("link")
    expect(link).to_have_count(1)
    message = link.inner_text()
    assert "Case reference" in message
    # The same message sits beside the field, which is marked invalid and described by it.
    field = page.locator("#ucb-f-reference")
    expect(page.locator("#ucb-f-reference-error")).to_contain_text(message)
    expect(field).to_have_attribute("aria-invalid", "true")
    assert "ucb-f-reference-error" in (field.get_attribute("aria-describedby") or "")
    link.click()
    expect(field).to_be_focused()
    field.fill("ERR-1")
    continue_to(page, "Circumstances to check first")


def test_each_incomplete_item_in_a_list_is_linked_from_the_summary_to_its_own_field(
    page: Page,
    live_site: str,
) -> None:
    open_tool(page, live_site)
    about(page, "ERR-2")
    page.get_by_role("group", name="Has the customer told us about a disability or vulnerability?").get_by_label(
        "Yes", exact=True
    ).check()
    page.get_by_role("button", name="Add an adjustment").click()
    page.get_by_role("button", name="Add another adjustment").click()
    items = page.locator(".ucb-list__item")
    items.nth(0).get_by_label("Adjustment").fill("Replies in large print")
    items.nth(1).get_by_label("Date agreed").fill("2026-10-01")
    page.click("#ucb-continue")
    summary = page.locator(".ucb-error-summary")
    expect(summary).to_be_focused()
    hrefs = summary.get_by_role("link").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert hrefs == [
        "#ucb-f-circumstances-vulnerability-adjustments-0-agreed_on",
        "#ucb-f-circumstances-vulnerability-adjustments-1-description",
    ]
    summary.get_by_role("link").nth(1).click()
    expect(page.locator("#ucb-f-circumstances-vulnerability-adjustments-1-description")).to_be_focused()
    expect(page.locator(".ucb-error-message")).to_have_count(2)


def test_a_contact_with_a_bad_date_is_refused_with_the_reason_beside_the_field(page: Page, live_site: str) -> None:
    open_tool(page, live_site)
    about(page, "ERR-3")
    circumstances(page)
    continue_to(page, "Contact log")
    form = page.get_by_role("group", name="Add a contact")
    form.get_by_label("Date and time").fill("2026-13-45")
    form.get_by_role("group", name="Channel").get_by_label("Email", exact=True).check()
    page.get_by_role("button", name="Add this contact").click()
    summary = page.locator(".ucb-panel .ucb-error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("2026-13-45")
    expect(page.locator("#ucb-f-at-error")).to_contain_text("2026-13-45")
    expect(page.locator("#ucb-contacts-empty")).to_be_visible()
    assert "contacts" not in draft_case(page)


def test_a_csv_log_with_one_bad_row_imports_the_rest_and_names_the_bad_row(page: Page, live_site: str) -> None:
    open_tool(page, live_site)
    about(page, "CSV-1")
    circumstances(page)
    add_issue(
        page,
        summary="Council tax bill",
        department="Revenues",
        status="Responded",
        raised_on="2026-09-01",
        responded_on="2026-09-05",
    )
    continue_to(page, "Contact log")
    text = csv_log(
        [
            ("2026-10-01", "email", "Revenues", "I1"),
            ("02/10/2026", "phone", "Revenues;Customer Services", "I1"),
            ("31/02/2026", "email", "Revenues", "I1"),
            ("2026-10-05", "Face to face", "Revenues", ""),
        ]
    )
    import_contacts(page, "contacts.csv", text)
    errors = page.locator("#ucb-import-errors")
    expect(errors).to_be_focused()
    expect(errors).to_contain_text("1 row could not be imported")
    expect(errors.locator("li")).to_have_count(1)
    expect(errors.locator("li")).to_contain_text("Row 4")
    expect(page.locator(".ucb-import-status")).to_contain_text("3 contacts imported")
    expect(page.locator("#ucb-contacts-caption")).to_contain_text("3 contacts recorded")
    saved = draft_case(page)["contacts"]
    assert [c["at"][:10] for c in saved] == ["2026-10-01", "2026-10-02", "2026-10-05"]
    assert saved[2]["channel"] == "face_to_face"
    # The figures and the weekly chart follow at once, with the chart's numbers as a table.
    expect(page.locator(".ucb-metrics")).to_be_visible()
    expect(page.locator("svg.ucb-chart title").first).to_contain_text("3 contacts")
    expect(page.locator(".ucb-chart-box table tbody tr")).to_have_count(2)  # weeks starting 28 September and 5 October


def test_figures_for_a_single_contact_say_one_contact_not_one_contacts(
    page: Page, live_site: str, console_errors
) -> None:
    open_tool(page, live_site)
    about(page, "ONE-1")
    circumstances(page)
    continue_to(page, "Contact log")
    import_contacts(page, "one.csv", csv_log([("2026-10-01", "email", "Revenues", "")]))
    expect(page.locator(".ucb-import-status")).to_contain_text("1 contact imported")
    panel = page.locator(".ucb-metrics-panel")
    expect(panel.locator(".ucb-metrics")).to_be_visible()
    expect(panel).to_contain_text("1 contact in the")
    expect(panel).to_contain_text("1 contact per working day")  # the policy's figure, in the indicators table
    text = panel.inner_text() + page.locator("#ucb-contacts-caption").inner_text()
    plural_after_one = re.findall(
        r"(?<![\d.,])1 (contacts|departments|officers|councillors|working days|weeks)\b", text
    )
    assert plural_after_one == [], f"'1' followed by a plural: {plural_after_one}"
    assert console_errors == []


def test_a_json_contact_log_is_imported_and_a_contact_with_an_unknown_channel_is_named(
    page: Page,
    live_site: str,
) -> None:
    open_tool(page, live_site)
    about(page, "JSON-1")
    circumstances(page)
    continue_to(page, "Contact log")
    log = [{"at": "2026-10-01T09:30", "channel": "email"}, {"at": "2026-10-02", "channel": "carrier pigeon"}]
    import_contacts(page, "contacts.json", json.dumps(log), mime="application/json")
    errors = page.locator("#ucb-import-errors")
    expect(errors).to_be_focused()
    expect(errors.locator("li")).to_have_count(1)
    expect(errors.locator("li")).to_contain_text("carrier pigeon")
    expect(page.locator(".ucb-import-status")).to_contain_text("1 contact imported")
    assert draft_case(page)["contacts"] == [log[0]]


def test_the_back_link_and_change_links_return_to_the_right_page(page: Page, live_site: str) -> None:
    open_tool(page, live_site)
    about(page, "NAV-1")
    page.get_by_role("button", name="Back", exact=True).click()
    expect_step(page, "About the case")
    expect(page.get_by_label("Case reference")).to_have_value("NAV-1")
    continue_to(page, "Circumstances to check first")
    circumstances(page)
    skip_to_check(page)
    page.get_by_role("button", name="Change case reference").click()
    expect_step(page, "About the case")
    expect(page.get_by_label("Case reference")).to_be_focused()
    page.get_by_label("Case reference").fill("NAV-2")
    continue_to(page, "Check your answers")
    expect(page.locator(".ucb-summary").first).to_contain_text("NAV-2")


def test_when_python_cannot_load_the_page_says_so_and_the_questions_still_work(page: Page, live_site: str) -> None:
    uncaught: list[str] = []
    page.on("pageerror", lambda error: uncaught.append(str(error)))
    page.route(f"**/{RUNTIME}/**", lambda route: route.abort("blockedbyclient"))
    open_tool(page, live_site, wait_ready=False)
    expect(page.locator("#ucb-tool")).to_have_attribute("data-state", "error", timeout=120_000)
    problem = page.locator(".ucb-load--error")
    expect(problem).to_contain_text("could not start")
    # Material may have resolved the link against the page by then: where it leads is what counts.
    assert (
        problem.get_by_role("link", name="guide for managers").evaluate("(link) => link.href") == live_site + "guide/"
    )
    start_case(page, "OFFLINE-1")
    skip_to_check(page)  # the ten question pages, no validation without the engine
    page.get_by_role("button", name="Continue to the result").click()
    expect(page.locator("#ucb-check-status")).to_contain_text("The result cannot be shown")
    assert draft_case(page)["reference"] == "OFFLINE-1"
    assert uncaught == []
