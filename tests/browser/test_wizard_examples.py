"""Every example case, uploaded into the wizard, reaches the outcome the toolkit's own tests expect."""

from __future__ import annotations

import json

from playwright.sync_api import Page, expect
from wizard_pages import ROOT, draft_case, expect_step, open_tool, outcome_title, to_result

EXAMPLES = ROOT / "examples"
EXPECTED = json.loads((EXAMPLES / "expected.json").read_text(encoding="utf-8"))
QUESTION_PAGES = [
    "About the case",
    "Circumstances to check first",
    "The customer's issues",
    "Contact log",
    "Informal steps taken",
    "Step one",
    "Step-two referral",
    "Step-two decision",
    "Reviews",
    "Appeal",
]


def upload(page: Page, name: str) -> None:
    page.set_input_files(
        "#ucb-upload-case",
        files=[{"name": name, "mimeType": "application/json", "buffer": (EXAMPLES / name).read_bytes()}],
    )
    expect_step(page, "Check your answers")


def test_each_example_case_reaches_its_expected_outcome_in_the_wizard(page: Page, live_site: str) -> None:
    open_tool(page, live_site)
    seen = set()
    for name, expected in EXPECTED.items():
        page.get_by_role("button", name="Delete this case from this browser").click()
        expect_step(page, "Start or resume a case")
        upload(page, name)
        page.get_by_label("Assess as at").fill(expected["on"])
        assert to_result(page) == expected["outcome"], name
        expect(page.locator(".ucb-outcome__title")).to_have_text(outcome_title(expected["outcome"]))
        # Every reason, missing step and safeguard links to a clause of the published policy.
        hrefs = page.locator(".ucb-reasons a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
        assert hrefs and all(h.startswith("../policy/#") for h in hrefs), name
        seen.add(expected["outcome"])
    assert len(seen) == len({e["outcome"] for e in EXPECTED.values()})


def test_every_question_page_shows_a_full_lifecycle_case_and_its_change_link_returns_to_the_check_page(
    page: Page,
    live_site: str,
) -> None:
    name = next(n for n, e in EXPECTED.items() if e["outcome"] == "appeal_pending")
    case = json.loads((EXAMPLES / name).read_text(encoding="utf-8"))
    assert {"decision", "appeal", "step_two", "step_one"} <= case.keys()
    open_tool(page, live_site)
    upload(page, name)
    expect(page.locator(".ucb-summary").first).to_contain_text(case["reference"])
    for title in QUESTION_PAGES:
        section = page.locator(".ucb-summary-section", has=page.get_by_role("heading", name=title, exact=True))
        section.get_by_role("button").first.click()
        expect_step(page, title)
        page.click("#ucb-continue")
        expect_step(page, "Check your answers")
    # Walking through every page without changing anything leaves the case as it was.
    assert draft_case(page) == case
