"""Errors and imports: the error summary takes focus and links to each field; a bad CSV row is reported."""

from __future__ import annotations

import json
import re

from playwright.sync_api import Page, expect
from site_release import RUNTIME
from wizard_pages import (
    ROOT,
    about,
    add_issue,
    circumstances,
    continue_to,
    csv_log,
    draft_case,
    expect_step,
    fill_date,
    group,
    import_contacts,
    open_check,
    open_task,
    open_tool,
    skip_to_check,
    start_case,
    upload_case,
    wait_ready_state,
    yes_no,
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
    fill_date(items.nth(1), "Date agreed", "2026-10-01")
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
    form = page.get_by_role("group", name="Add a contact")
    fill_date(form, "Date and time", "2026-13-45")
    form.get_by_role("group", name="Channel").get_by_label("Email", exact=True).check()
    page.get_by_role("button", name="Add this contact").click()
    summary = page.locator(".ucb-panel .ucb-error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Date and time must be a real date")
    expect(page.locator("#ucb-f-at-error")).to_contain_text("must be a real date")
    expect(page.locator("#ucb-f-at")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#ucb-contacts-empty")).to_be_visible()
    assert "contacts" not in draft_case(page)
    # A part left out is named; a UK date with a time in words a person writes is accepted.
    box = form.get_by_role("group", name="Date and time")
    box.get_by_label("Day", exact=True).fill("14")
    box.get_by_label("Month", exact=True).fill("6")
    box.get_by_label("Year", exact=True).fill("")
    page.get_by_role("button", name="Add this contact").click()
    expect(summary).to_contain_text("Date and time must include a year")
    box.get_by_label("Year", exact=True).fill("2026")
    form.get_by_label("Time (optional)").fill("2:15pm")
    page.get_by_role("button", name="Add this contact").click()
    expect(page.locator("#ucb-contacts-caption")).to_contain_text("1 contact recorded")
    assert draft_case(page)["contacts"] == [{"at": "2026-06-14T14:15", "channel": "email"}]


def test_a_csv_log_with_one_bad_row_imports_the_rest_and_names_the_bad_row(page: Page, live_site: str) -> None:
    open_tool(page, live_site)
    about(page, "CSV-1")
    circumstances(page)
    open_task(page, "The customer's issues")
    add_issue(
        page,
        summary="Council tax bill",
        department="Revenues",
        status="Responded",
        raised_on="2026-09-01",
        responded_on="2026-09-05",
    )
    open_task(page, "Contact log")
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
    circumstances(page)  # which leads to the contact log
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
    page.get_by_role("link", name="Back", exact=True).click()
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
    skip_to_check(page)  # the question pages, no validation without the engine
    page.get_by_role("button", name="Continue to the result").click()
    expect(page.locator("#ucb-check-status")).to_contain_text("The result cannot be shown")
    assert draft_case(page)["reference"] == "OFFLINE-1"
    assert uncaught == []


def test_every_part_of_a_1_1_case_is_recorded_on_its_page(page: Page, live_site: str) -> None:
    """The written warning, protective action, appeals, the decision's extra fields, who a restriction
    covers, a review's consultation and new restrictions, the complaint's issues and council homes."""
    open_tool(page, live_site)
    about(page, "PARTS-1")
    open_task(page, "The customer's issues")
    add_issue(page, summary="Damp in the flat", department="Housing", status="Open", raised_on="2026-09-01")
    yes_no(page.locator(".ucb-list__item").last, "About a council home?", True)
    open_task(page, "Circumstances to check first")
    yes_no(page, "Is a formal complaint open?", True)
    group(page, "Issues the complaint is about").get_by_label("I1: Damp in the flat").check()
    yes_no(page, "Has the customer told us about a disability or vulnerability?", True)
    fill_date(page, "Date considered", "2026-09-20")
    page.get_by_label("Why none is needed").fill("Replies by email already suit the customer")

    def record(title: str) -> None:
        open_task(page, title)

    record("Written warning")
    fill_date(page, "Date of the warning", "2026-09-28")
    page.get_by_label("Given by").fill("Housing Manager")
    page.get_by_label("Behaviour named").fill("Daily calls shouting at staff")
    page.get_by_label("What the customer is asked to change").fill("Call once a week")
    yes_no(page, "Were reasonable adjustments considered first?", True)
    record("Immediate protective action")
    page.get_by_role("button", name="Add a protective action").click()
    fill_date(page, "Date taken", "2026-10-01")
    page.get_by_label("Taken by", exact=True).fill("Housing Manager")
    page.get_by_label("What was done").fill("No visits to the Civic Offices")
    yes_no(page, "Does it restrict contact?", True)
    group(page, "Restriction options used").get_by_label("Restricted access to council buildings").check()
    yes_no(page, "Reported to the police?", True)
    record("Step-two decision")
    fill_date(page, "Date of decision", "2026-10-20")
    page.get_by_label("Decided by").fill("City Helpdesk Manager")
    yes_no(page, "Consulted", True)
    page.get_by_label("Who was consulted").fill("Ms D Director")
    page.get_by_label("Reasons", exact=True).fill("Threats at reception")
    page.get_by_role("button", name="Add a restriction").click()
    item = page.locator(".ucb-list__item").last
    group(item, "Restriction option").get_by_label("Face-to-face contact by appointment", exact=True).check()
    item.get_by_label("Exactly what is restricted").fill("Visits to the Civic Offices by appointment only")
    item.get_by_label("How the customer contacts us about it").fill("Housing Manager, 023 9282 2251")
    fill_date(item, "Starts on", "2026-10-21")
    fill_date(item, "Review date", "2027-01-20")
    group(item, "Who it covers").get_by_label("The customer's representative", exact=True).check()
    item.get_by_label("Their name").fill("Mr R Rep")
    item.get_by_label("Reasons for covering them").fill("His own threats at reception")
    fill_date(item, "Date they were told", "2026-10-21")
    fill_date(page, "Date told the restrictions ended", "2026-11-02")
    record("Reviews")
    page.get_by_role("button", name="Add a review").click()
    fill_date(page, "Date reviewed", "2026-11-01")
    page.get_by_label("Reviewed by").fill("City Helpdesk Manager")
    group(page, "Outcome").get_by_label("Varied", exact=True).check()
    page.get_by_label("Reasons", exact=True).fill("Calmer contact since")
    yes_no(page, "Consulted", True)
    page.get_by_label("Who was consulted").fill("Ms D Director")
    page.get_by_role("button", name="Add a restriction").click()
    renewed = page.locator(".ucb-list__item .ucb-list__item").last
    group(renewed, "Restriction option").get_by_label("One channel of contact", exact=True).check()
    renewed.get_by_label("Exactly what is restricted").fill("Phone only")
    fill_date(renewed, "Starts on", "2026-11-02")
    fill_date(renewed, "Review date", "2027-02-01")
    fill_date(page.locator(".ucb-list__item").first, "Date letter sent", "2026-11-02")
    record("Appeals")
    page.get_by_role("button", name="Add an appeal").click()
    group(page, "Appeal against").get_by_label("A renewal or change at a review").check()
    fill_date(page, "Date of what is appealed", "2026-11-01")
    fill_date(page, "Date received", "2026-11-05")
    group(page, "How the appeal was made").get_by_label("By phone").check()
    page.get_by_label("What the customer says").fill("The review did not look at the calmer calls")
    page.get_by_label("Considered by").fill("Mr N Director")
    group(page, "Their role").get_by_label("Nominated director", exact=True).check()
    group(page, "Outcome").get_by_label("Pending", exact=True).check()

    saved = draft_case(page)
    assert saved["issues"][0]["about_council_home"] is True
    assert saved["circumstances"]["open_complaint"]["issues"] == ["I1"]
    assert saved["circumstances"]["vulnerability"]["no_adjustment_needed"] == {
        "considered_on": "2026-09-20",
        "reason": "Replies by email already suit the customer",
    }
    assert saved["warning"]["adjustments_considered"] is True
    action = saved["protective_actions"][0]
    assert action["options"] == ["restricted_building_access"] and action["reported_to_police"] is True
    decision = saved["decision"]
    assert decision["consulted_name"] == "Ms D Director" and decision["reasons"] == "Threats at reception"
    assert decision["ended_notice_sent_on"] == "2026-11-02"
    person = decision["restrictions"][0]
    assert person["contact_route"] == "Housing Manager, 023 9282 2251"
    assert (person["applies_to"], person["person_name"], person["person_notified_on"]) == (
        "representative",
        "Mr R Rep",
        "2026-10-21",
    )
    review = saved["reviews"][0]
    assert review["consulted_name"] == "Ms D Director" and review["letter_sent_on"] == "2026-11-02"
    assert review["restrictions"] == [
        {"option": "one_channel", "scope": "Phone only", "starts_on": "2026-11-02", "review_on": "2027-02-01"}
    ]
    assert saved["appeals"] == [
        {
            "against": "review",
            "against_on": "2026-11-01",
            "received_on": "2026-11-05",
            "channel": "phone",
            "grounds": "The review did not look at the calmer calls",
            "considered_by": "Mr N Director",
            "considered_by_role": "nominated_director",
            "outcome": "pending",
        }
    ]


def test_a_date_is_typed_in_boxes_sized_for_day_month_and_year(page: Page, live_site: str) -> None:
    # GOV.UK's date input: the day and month boxes fit two digits and the year four, not the column's width.
    open_tool(page, live_site)
    upload_case(page, "awaiting_reply.json", (ROOT / "examples" / "awaiting_reply.json").read_bytes())
    open_check(page)
    boxes = page.get_by_role("group", name="Assess as at", exact=True)
    day, month, year = (
        boxes.get_by_label(part, exact=True).bounding_box()["width"] for part in ("Day", "Month", "Year")
    )
    assert day == month < year < 120, (day, month, year)
