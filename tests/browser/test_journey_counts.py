"""Scripted journeys, counted: the committee report's case entered from scratch with its contact log as a
CSV export, and a review recorded on a saved case. Each prints its clicks and fields (run with -s to see
them) and checks the case it made."""

from __future__ import annotations

from journey_count import EXAMPLES, Counted, committee_case, committee_csv
from playwright.sync_api import Page, expect
from wizard_pages import draft_case, expect_step, open_tool

CONTINUE = "#ucb-continue"


def test_the_committee_case_from_a_csv_export_to_a_first_result(page: Page, live_site: str) -> None:
    case = committee_case()
    do = Counted()
    page.clock.set_fixed_time("2023-07-20T10:00:00")  # the day the manager enters the case
    open_tool(page, live_site)
    do.click(page.get_by_role("button", name="Start a new case"), "start")
    do.fill(page.get_by_label("Case reference"), case["reference"], "reference")
    do.fill(page.get_by_label("Customer's name"), case["customer"]["name"], "name")
    do.fill(page.get_by_label("Customer's address"), case["customer"]["address"], "address")
    do.click(page.locator(CONTINUE), "continue")
    expect_step(page, "Circumstances to check first")
    for legend in (
        "Is a formal complaint open?",
        "Is someone acting for the customer?",
        "Has the customer told us about a disability or vulnerability?",
    ):
        do.check(page.get_by_role("group", name=legend, exact=True).get_by_label("No", exact=True), legend)
    do.click(page.locator(CONTINUE), "continue")
    expect_step(page, "The customer's issues")
    for n, issue in enumerate(case["issues"]):
        do.click(page.locator("#ucb-add-issues"), "add issue")
        item = page.locator(".ucb-list__item").nth(n)
        do.fill(item.get_by_label("Issue ID"), issue["id"], "issue id")
        do.fill(item.get_by_label("Summary"), issue["summary"], "summary")
        do.fill(item.get_by_label("Department"), issue["department"], "department")
        do.check(item.get_by_role("group", name="Status").get_by_label(issue["status"].capitalize(), exact=True))
        do.fill(item.get_by_label("Date raised"), issue["raised_on"], "raised")
        do.fill(item.get_by_label("Date a reply was due"), issue["due_on"], "due")
        do.fill(item.get_by_label("Date we replied in full"), issue["responded_on"], "replied")
    do.click(page.locator(CONTINUE), "continue")
    expect_step(page, "Contact log")
    do.choose_file(page.locator("#ucb-import-file"), "contact-log.csv", committee_csv(), "text/csv")
    expect(page.locator(".ucb-import-status")).to_contain_text("58 contacts imported")
    do.click(page.locator(CONTINUE), "continue")
    expect_step(page, "Informal steps taken")
    for n, step in enumerate(case["informal_steps"]):
        do.click(page.locator("#ucb-add-informal_steps"), "add informal step")
        item = page.locator(".ucb-list__item").nth(n)
        do.fill(item.get_by_label("What was done"), step["action"], "action")
        do.fill(item.get_by_label("Date", exact=True), step["date"], "date")
        do.fill(item.get_by_label("Taken by"), step["by"], "by")
        do.fill(item.get_by_label("What happened"), step["outcome"], "outcome")
    do.click(page.locator(CONTINUE), "continue")
    expect_step(page, "Step one")
    one = case["step_one"]
    do.fill(page.get_by_label("Manager", exact=True), one["manager"], "manager")
    do.fill(page.get_by_label("Date of contact"), one["date"], "date")
    do.check(page.get_by_role("group", name="Were the concerns explained?").get_by_label("Yes", exact=True))
    do.fill(page.get_by_label("Single point of contact"), one["proposal"]["single_point_of_contact"], "spoc")
    do.fill(page.get_by_label("Method of contact"), one["proposal"]["method"], "method")
    do.fill(page.get_by_label("Frequency of contact"), one["proposal"]["frequency"], "frequency")
    do.check(page.get_by_role("group", name="Customer's response").get_by_label("Refused", exact=True))
    do.fill(page.get_by_label("Date of response"), one["response_on"], "response date")
    # The pages for later stages are passed one by one.
    while page.locator("#ucb-step-heading").inner_text() != "Check your answers":
        title = page.locator("#ucb-step-heading").inner_text()
        do.click(page.locator(CONTINUE), f"continue from {title}")
        expect(page.locator("#ucb-step-heading")).not_to_have_text(title)
    expect(page.get_by_label("Assess as at")).to_have_value("2023-07-20")
    page.get_by_role("button", name="Continue to the result").click()
    do.clicks += 1
    expect_step(page, "Result")
    page.locator("#ucb-outcome").wait_for(timeout=60_000)
    assert page.locator("#ucb-outcome").get_attribute("data-outcome") == "give_warning"
    saved = draft_case(page)
    assert len(saved["contacts"]) == 58 and saved["issues"] == case["issues"]
    assert saved["step_one"] == case["step_one"] and saved["informal_steps"] == case["informal_steps"]
    print(do.summary("committee case from a CSV export"))
    assert do.clicks and do.fields


def test_recording_a_review_on_a_saved_case(page: Page, live_site: str) -> None:
    do = Counted()
    page.clock.set_fixed_time("2024-01-24T10:00:00")  # the day the manager records the review
    open_tool(page, live_site)
    data = (EXAMPLES / "review_due.json").read_bytes()
    do.choose_file(page.locator("#ucb-upload-case"), "UCB-case.json", data, "application/json")
    expect_step(page, "Check your answers")
    do.click(page.get_by_role("button", name="Add reviews"), "add reviews")
    expect_step(page, "Reviews")
    do.click(page.get_by_role("button", name="Add a review"), "add a review")
    do.fill(page.get_by_label("Date reviewed"), "2024-01-22", "date reviewed")
    do.fill(page.get_by_label("Reviewed by"), "City Helpdesk Manager", "by")
    do.check(page.get_by_role("group", name="Outcome").get_by_label("Renewed", exact=True), "renewed")
    do.fill(
        page.get_by_label("Reasons", exact=True), "Emails continued at four a day to several departments.", "reasons"
    )
    do.check(page.get_by_role("group", name="Consulted").get_by_label("Yes", exact=True), "consulted")
    do.fill(page.get_by_label("Who was consulted"), "Assistant Director", "consulted name")
    do.fill(page.get_by_label("Date letter sent"), "2024-01-23", "letter")
    do.click(page.locator(CONTINUE), "continue")
    expect_step(page, "Check your answers")
    expect(page.get_by_label("Assess as at")).to_have_value("2024-01-24")
    do.click(page.get_by_role("button", name="Continue to the result"), "result")
    assert to_result_shown(page) == "restrictions_in_place"
    review = draft_case(page)["reviews"][0]
    assert review["outcome"] == "renewed" and review["consulted_name"] == "Assistant Director"
    print(do.summary("recording a review on a saved case"))
    assert do.clicks and do.fields


def to_result_shown(page: Page) -> str:
    expect_step(page, "Result")
    outcome = page.locator("#ucb-outcome")
    outcome.wait_for(timeout=60_000)
    return outcome.get_attribute("data-outcome") or ""
