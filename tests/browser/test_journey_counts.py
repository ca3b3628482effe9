"""Scripted journeys, counted: the committee report's case entered from scratch with its contact log as a
CSV export, and a review recorded on a saved case. Each prints its clicks and fields (run with -s to see
them), checks the case it made, and holds the counts to what the workspace was built to reach.

Before the workspace (the linear questionnaire, measured by this same script on that version, commit
1caae44): 26 clicks and 30 fields for the committee case, 7 clicks and 6 fields for the review, every date
one box."""

from __future__ import annotations

import pytest
from journey_count import EXAMPLES, Counted, committee_case, committee_csv
from playwright.sync_api import Page, expect
from wizard_pages import RESULT, TASK_LIST, draft_case, expect_step, open_tool

BEFORE = {"committee": (26, 30), "review": (7, 6)}


def test_the_committee_case_from_a_csv_export_to_a_first_result(page: Page, live_site: str) -> None:
    case = committee_case()
    do = Counted()
    page.clock.set_fixed_time("2023-07-20T10:00:00")  # the day the manager enters the case
    open_tool(page, live_site)
    do.click(page.get_by_role("button", name="Start a new case"), "start")
    do.fill(page.get_by_label("Case reference"), case["reference"], "reference")
    do.fill(page.get_by_label("Customer's name"), case["customer"]["name"], "name")
    do.fill(page.get_by_label("Customer's address"), case["customer"]["address"], "address")
    do.click(page.locator("#ucb-continue"), "save and continue")
    expect_step(page, "Circumstances to check first")
    for legend in (
        "Is a formal complaint open?",
        "Is someone acting for the customer?",
        "Has the customer told us about a disability or vulnerability?",
    ):
        do.check(page.get_by_role("group", name=legend, exact=True).get_by_label("No", exact=True), legend)
    do.click(page.locator("#ucb-continue"), "save and continue")
    expect_step(page, "Contact log")
    do.choose_file(page.locator("#ucb-import-file"), "contact-log.csv", committee_csv(), "text/csv")
    expect(page.locator(".ucb-import-status")).to_contain_text("58 contacts imported")
    # The log names two issues: they are put on the issue list, to be completed there.
    for issue in case["issues"]:
        expect(page.locator("#ucb-import-issues")).to_contain_text(issue["id"])
    do.click(page.locator("#ucb-continue"), "save and continue")
    expect_step(page, "The customer's issues")
    by_id = {issue["id"]: issue for issue in case["issues"]}
    for n in range(len(case["issues"])):
        item = page.locator(".ucb-list__item").nth(n)
        issue = by_id[item.get_by_label("Issue ID").input_value()]
        do.fill(item.get_by_label("Summary"), issue["summary"], "summary")
        do.fill(item.get_by_label("Department"), issue["department"], "department")
        do.check(item.get_by_role("group", name="Status").get_by_label(issue["status"].capitalize(), exact=True))
        do.date(item, "Date raised", issue["raised_on"])
        do.date(item, "Date a reply was due", issue["due_on"])
        do.date(item, "Date we replied in full", issue["responded_on"])
    do.click(page.locator("#ucb-continue"), "save and continue")
    expect_step(page, "Informal steps taken")
    for n, step in enumerate(case["informal_steps"]):
        do.click(page.locator("#ucb-add-informal_steps"), "add informal step")
        item = page.locator(".ucb-list__item").nth(n)
        do.fill(item.get_by_label("What was done"), step["action"], "action")
        do.date(item, "Date", step["date"])
        do.fill(item.get_by_label("Taken by"), step["by"], "by")
        do.fill(item.get_by_label("What happened"), step["outcome"], "outcome")
    do.click(page.locator("#ucb-continue"), "save and continue")
    expect_step(page, "Step one")
    one = case["step_one"]
    do.fill(page.get_by_label("Manager", exact=True), one["manager"], "manager")
    do.date(page, "Date of contact", one["date"])
    do.check(page.get_by_role("group", name="Were the concerns explained?").get_by_label("Yes", exact=True))
    do.fill(page.get_by_label("Single point of contact"), one["proposal"]["single_point_of_contact"], "spoc")
    do.fill(page.get_by_label("Method of contact"), one["proposal"]["method"], "method")
    do.fill(page.get_by_label("Frequency of contact"), one["proposal"]["frequency"], "frequency")
    do.check(page.get_by_role("group", name="Customer's response").get_by_label("Refused", exact=True))
    do.date(page, "Date of response", one["response_on"])
    # Straight to the result: the pages for later stages wait on the task list until they are needed.
    do.click(page.locator("#ucb-see-result"), "save and see the result")
    expect_step(page, RESULT)
    outcome = page.locator("#ucb-outcome")
    outcome.wait_for(timeout=60_000)
    assert outcome.get_attribute("data-outcome") == "give_warning"
    expect(page.locator("#ucb-step-heading")).to_have_text(f"Result for case {case['reference']}")
    expect(page.locator(".ucb-next-steps")).to_contain_text("Give a written warning")
    saved = draft_case(page)
    assert len(saved["contacts"]) == 58
    assert sorted(saved["issues"], key=lambda i: i["id"]) == sorted(case["issues"], key=lambda i: i["id"])
    assert saved["step_one"] == case["step_one"] and saved["informal_steps"] == case["informal_steps"]
    assert [c["at"] for c in saved["contacts"]] == sorted(c["at"] for c in case["contacts"])
    print(do.summary("committee case from a CSV export"), f"(before: {BEFORE['committee']})")
    assert do.clicks <= BEFORE["committee"][0] * 2 // 3, do.log
    assert do.fields <= BEFORE["committee"][1], do.log


@pytest.mark.console_errors_expected(
    "Playwright sets the browser's clock with a script in every frame, which the sandboxed letter preview refuses"
)
def test_recording_a_review_on_a_saved_case(page: Page, live_site: str) -> None:
    do = Counted()
    page.clock.set_fixed_time("2024-01-24T10:00:00")  # the day the manager records the review
    open_tool(page, live_site)
    data = (EXAMPLES / "review_due.json").read_bytes()
    do.choose_file(page.locator("#ucb-upload-case"), "UCB-case.json", data, "application/json")
    # One action: the case opens at its task list, where it stands, with the review due and a link to record it.
    expect_step(page, TASK_LIST)
    steps = page.locator(".ucb-next-steps")
    expect(steps).to_contain_text("Review the restrictions")
    expect(steps).to_contain_text("31 January 2024")
    do.click(steps.get_by_role("link", name="Record it").first, "record the review")
    expect_step(page, "Reviews")
    review = page.locator(".ucb-list__item").last
    expect(review).to_be_focused()
    do.date(review, "Date reviewed", "2024-01-22")
    do.fill(review.get_by_label("Reviewed by"), "City Helpdesk Manager", "by")
    do.check(review.get_by_role("group", name="Outcome").get_by_label("Renewed", exact=True), "renewed")
    do.fill(
        review.get_by_label("Reasons", exact=True), "Emails continued at four a day to several departments.", "reasons"
    )
    do.check(review.get_by_role("group", name="Consulted").get_by_label("Yes", exact=True), "consulted")
    do.fill(review.get_by_label("Who was consulted"), "Assistant Director", "consulted name")
    do.date(review, "Date letter sent", "2024-01-23")
    do.click(page.locator("#ucb-see-result"), "save and see the result")
    expect_step(page, RESULT)
    page.locator("#ucb-outcome").wait_for(timeout=60_000)
    assert page.locator("#ucb-outcome").get_attribute("data-outcome") == "restrictions_in_place"
    # The restrictions in place show one review date: the engine's, after the renewal.
    in_place = page.locator(".ucb-in-place")
    expect(in_place).to_contain_text("Review by")
    expect(in_place).to_contain_text("22 July 2024")
    assert "31 January 2024" not in in_place.inner_text()
    saved = draft_case(page)["reviews"][0]
    assert saved["outcome"] == "renewed" and saved["consulted_name"] == "Assistant Director"
    print(do.summary("recording a review on a saved case"), f"(before: {BEFORE['review']})")
    assert do.clicks < BEFORE["review"][0], do.log
    assert do.fields <= BEFORE["review"][1], do.log
