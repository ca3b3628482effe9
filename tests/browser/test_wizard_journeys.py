"""Full journeys through the decision tool, each ending in a different outcome the policy names."""

from __future__ import annotations

import json
from pathlib import Path

import docx
from playwright.sync_api import Page, expect
from wizard_pages import (
    POLICY,
    about,
    add_contact,
    add_issue,
    circumstances,
    continue_to,
    csv_log,
    draft_case,
    expect_step,
    fill_date,
    import_contacts,
    open_task,
    open_tool,
    outcome_title,
    skip_to_check,
    to_result,
    yes_no,
)

ON = "2026-11-27"


def assess_as_at(page: Page, on: str = ON) -> None:
    fill_date(page, "Assess as at", on)


def reason_links(page: Page) -> list[str]:
    return page.locator(".ucb-reasons a.ucb-clause").evaluate_all("links => links.map(a => a.getAttribute('href'))")


def test_an_open_complaint_is_routed_to_the_complaints_policy(page: Page, live_site: str) -> None:
    open_tool(page, live_site)
    about(page, "JOURNEY-COMPLAINT")
    circumstances(page, complaint=True, stage="Stage one")
    skip_to_check(page)
    assess_as_at(page)
    assert to_result(page) == "use_complaints_policy"
    expect(page.locator(".ucb-outcome__title")).to_have_text(outcome_title("use_complaints_policy"))
    assert "../policy/#complaints-policy" in reason_links(page)


def test_contact_about_unresolved_late_issues_means_resolving_them_first(page: Page, live_site: str) -> None:
    open_tool(page, live_site)
    about(page, "JOURNEY-RESOLVE")
    circumstances(page)
    open_task(page, "The customer's issues")
    add_issue(
        page,
        summary="Missed bin collections, Albert Road",
        department="Waste",
        status="Open",
        raised_on="2026-09-01",
        due_on="2026-09-15",
    )
    open_task(page, "Contact log")
    add_contact(page, at="2026-10-01", channel="Email", issues=["I1"], departments=["Waste"])
    add_contact(
        page,
        at="2026-10-02T09:30",
        channel="Phone",
        issues=["I1"],
        departments=["Waste"],
        behaviours=["Excessive demands"],
    )
    add_contact(page, at="2026-10-05", channel="Email", issues=["I1"], departments=["Waste", "Customer Services"])
    expect(page.locator(".ucb-metrics")).to_contain_text("Contacts")
    expect(page.locator("svg.ucb-chart")).to_be_visible()
    skip_to_check(page)
    assess_as_at(page)
    assert to_result(page) == "resolve_issues_first"
    expect(page.locator(".ucb-outcome__title")).to_have_text(outcome_title("resolve_issues_first"))
    assert "../policy/#genuine-problems" in reason_links(page)


def _step_two_case_to_result(page: Page, live_site: str) -> None:
    open_tool(page, live_site)
    about(page, "JOURNEY-STEP-TWO", name="Ms A Smith", address="1 Guildhall Square\nPortsmouth")
    circumstances(page)
    open_task(page, "The customer's issues")
    add_issue(
        page,
        summary="Parking permit refund",
        department="Parking",
        status="Responded",
        raised_on="2026-08-03",
        due_on="2026-08-17",
        responded_on="2026-08-14",
    )
    open_task(page, "Contact log")
    # Three emails a working day before step one, and the same again after the written warning.
    days = [f"2026-09-{d:02d}" for d in (1, 2, 3, 4, 7, 8, 9, 10, 11, 14)] + ["2026-10-05", "2026-10-06"]
    rows = [(day, "email", "Parking;Finance;Chief Executive's Office", "I1") for day in days for _ in range(3)]
    import_contacts(page, "june-log.csv", csv_log(rows))
    expect(page.locator(".ucb-import-status")).to_contain_text("36 contacts imported")
    continue_to(page, "Informal steps taken")
    page.get_by_role("button", name="Add an informal step").click()
    page.get_by_label("What was done").fill("Reviewed every open point and sent one reply covering them all")
    fill_date(page, "Date", "2026-09-15")
    page.get_by_label("Taken by").fill("Parking Services Manager")
    page.get_by_label("What happened").fill("The emails continued at the same rate")
    continue_to(page, "Step one")
    page.get_by_label("Manager", exact=True).fill("Parking Services Manager")
    fill_date(page, "Date of contact", "2026-09-21")
    page.get_by_role("group", name="Were the concerns explained?").get_by_label("Yes", exact=True).check()
    page.get_by_label("Method of contact").fill("Email to one named officer")
    page.get_by_role("group", name="Customer's response").get_by_label("Refused", exact=True).check()
    fill_date(page, "Date of response", "2026-09-25")
    continue_to(page, "Written warning")
    fill_date(page, "Date of the warning", "2026-09-28")
    page.get_by_label("Given by").fill("Parking Services Manager")
    page.get_by_label("Behaviour named").fill("Three emails a day about the refund, each copied to three departments")
    page.get_by_label("What the customer is asked to change").fill("Send one email a week to the named officer")
    yes_no(page, "Were reasonable adjustments considered first?", True)
    skip_to_check(page)
    assess_as_at(page)


def test_a_case_through_step_one_opens_a_step_two_referral_and_follows_it_to_a_decision(
    page: Page,
    live_site: str,
    tmp_path: Path,
) -> None:
    _step_two_case_to_result(page, live_site)
    assert to_result(page) == "refer_for_step_two"
    expect(page.locator(".ucb-outcome__title")).to_have_text(outcome_title("refer_for_step_two"))
    expect(page.locator("#ucb-outcome a.ucb-clause")).to_have_attribute("href", "../policy/#step-two")
    assert "../policy/#step-one" in reason_links(page)

    # Options are shown least restrictive first, each with its review and appeal dates.
    ranks = [int(t.split(".")[0]) for t in page.locator(".ucb-option label strong").all_inner_texts()]
    assert ranks == sorted(ranks) and ranks
    # Step-two options carry the dates they would have if decided today; pick the two least restrictive.
    dated = page.locator(".ucb-option", has_text="appeal by")
    expect(dated.first).to_contain_text("Review by")
    first_two = dated.locator("input[type=checkbox]")
    chosen = [
        first_two.nth(0).get_attribute("id").removeprefix("ucb-option-"),
        first_two.nth(1).get_attribute("id").removeprefix("ucb-option-"),
    ]
    assert all(next(r for r in POLICY["restrictions"] if r["id"] == c)["stage"] == "step_two" for c in chosen)

    # Saving the choice without the referral details shows the errors there.
    first_two.nth(1).check()
    first_two.nth(0).check()
    page.get_by_role("button", name="Save the referral and the choice").click()
    summary = page.locator(".ucb-result-section .ucb-error-summary")
    expect(summary).to_be_focused()
    fill_date(page, "Date referred", "2026-10-07")
    page.get_by_label("Referred by").fill("Parking Services Manager")
    page.get_by_role("button", name="Save the referral and the choice").click()
    expect(page.locator("#ucb-outcome")).to_have_attribute("data-outcome", "decision_pending")
    assert draft_case(page)["step_two"]["proposed_restrictions"] == chosen

    # The evidence pack is offered while the referral waits, and names the case; no letter is offered yet.
    with page.expect_download() as pack:
        page.get_by_role("button", name="Download the step-two evidence pack (HTML)").click()
    pack_text = Path(pack.value.path()).read_text(encoding="utf-8")
    assert "JOURNEY-STEP-TWO" in pack_text
    for option in chosen:
        title = next(r["title"] for r in POLICY["restrictions"] if r["id"] == option)
        assert title in pack_text
    expect(page.locator("#ucb-letters-title")).to_have_count(0)

    # The same case file follows the decision: record it and see restrictions in place.
    page.get_by_role("button", name="Change the assessment date or any answer").click()
    expect_step(page, "Check your answers")
    page.get_by_role("button", name="Add step-two decision").click()
    expect_step(page, "Step-two decision")
    fill_date(page, "Date of decision", "2026-10-08")
    page.get_by_label("Decided by").fill("City Helpdesk")
    yes_no(page, "Consulted", True)
    page.get_by_label("Who was consulted").fill("Ms D Director")
    page.get_by_label("Reasons", exact=True).fill("The emails continued at the same rate after the warning.")
    page.get_by_role("button", name="Add a restriction").click()
    item = page.locator(".ucb-list__item").last
    item.get_by_role("group", name="Restriction option").get_by_label(
        next(r["title"] for r in POLICY["restrictions"] if r["id"] == "single_point_of_contact"), exact=True
    ).check()
    item.get_by_label("Exactly what is restricted").fill(
        "Emails about the parking permit refund go to the named officer only"
    )
    fill_date(item, "Starts on", "2026-10-09")
    fill_date(item, "Review date", "2027-01-08")
    item.get_by_role("group", name="Who it covers").get_by_label("The customer", exact=True).check()
    expect(item.get_by_label("Their name")).to_be_hidden()
    fill_date(page, "Date letter sent", "2026-10-09")
    continue_to(page, "Check your answers")
    assert to_result(page) == "restrictions_in_place"
    saved = draft_case(page)
    assert saved["decision"]["restrictions"][0]["option"] == "single_point_of_contact"
    assert saved["decision"]["restrictions"][0]["applies_to"] == "customer"
    assert saved["decision"]["consulted_name"] == "Ms D Director"
    assert saved["step_two"]["proposed_restrictions"] == chosen

    # Now the restriction letter is offered, drafted from the case, as text and as Word.
    expect(page.frame_locator("iframe.ucb-preview").locator("body")).to_contain_text("Ms A Smith")
    with page.expect_download() as letter:
        page.get_by_role("button", name="Download the letter (text)").click()
    assert "Ms A Smith" in Path(letter.value.path()).read_text(encoding="utf-8")
    assert letter.value.suggested_filename.endswith(".txt")
    with page.expect_download() as word:
        page.get_by_role("button", name="Download the letter (Word)").click()
    document = docx.Document(word.value.path())
    assert "Ms A Smith" in "\n".join(p.text for p in document.paragraphs)
    # The evidence pack is no longer offered once the decision is made.
    expect(page.get_by_role("button", name="Download the step-two evidence pack (HTML)")).to_have_count(0)


def test_report_and_case_downloads_are_made_in_the_browser(page: Page, live_site: str, network) -> None:
    _step_two_case_to_result(page, live_site)
    assert to_result(page) == "refer_for_step_two"
    requests_before = len(network.requests)
    with page.expect_download() as report:
        page.get_by_role("button", name="Download the report (HTML, printable)").click()
    html = Path(report.value.path()).read_text(encoding="utf-8")
    assert "JOURNEY-STEP-TWO" in html and outcome_title("refer_for_step_two") in html
    with page.expect_download() as case_file:
        page.get_by_role("button", name="Download the case file (JSON)").click()
    assert json.loads(Path(case_file.value.path()).read_text(encoding="utf-8")) == draft_case(page)
    # Named by the reference and the date, so saves on different days never pile up as "(1)", "(2)".
    today = page.evaluate("() => new Date().toLocaleDateString('en-CA')")
    assert case_file.value.suggested_filename == f"JOURNEY-STEP-TWO-case-{today}.json"
    assert report.value.suggested_filename == f"JOURNEY-STEP-TWO-report-{ON}.html"
    # Downloads are blob: URLs made in the page, never requests to a server.
    assert all(url.startswith("blob:") for url in network.requests[requests_before:])
