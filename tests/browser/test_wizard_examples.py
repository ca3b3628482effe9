"""Every example case, uploaded into the wizard, reaches the outcome the toolkit's own tests expect."""

from __future__ import annotations

import json

from playwright.sync_api import Page, expect
from wizard_pages import (
    ROOT,
    delete_case,
    draft_case,
    expect_step,
    fill_date,
    open_check,
    open_tool,
    outcome_title,
    to_result,
    upload_case,
)

EXAMPLES = ROOT / "examples"
EXPECTED = json.loads((EXAMPLES / "expected.json").read_text(encoding="utf-8"))
QUESTION_PAGES = [
    "About the case",
    "Circumstances to check first",
    "The customer's issues",
    "Contact log",
    "Informal steps taken",
    "Step one",
    "Written warning",
    "Immediate protective action",
    "Step-two referral",
    "Step-two decision",
    "Reviews",
    "Appeals",
]


def upload(page: Page, name: str) -> None:
    """Open an example on the start page, then its check your answers page."""
    upload_case(page, name, (EXAMPLES / name).read_bytes())
    open_check(page)


def test_each_example_case_reaches_its_expected_outcome_in_the_wizard(page: Page, live_site: str) -> None:
    open_tool(page, live_site)
    seen = set()
    for n, (name, expected) in enumerate(EXPECTED.items()):
        if n:
            delete_case(page)
        upload(page, name)
        fill_date(page, "Assess as at", expected["on"])
        assert to_result(page) == expected["outcome"], name
        expect(page.locator(".ucb-outcome__title")).to_have_text(outcome_title(expected["outcome"]))
        # Every reason, missing step and safeguard links to a clause of the published policy.
        hrefs = page.locator(".ucb-reasons a.ucb-clause").evaluate_all(
            "links => links.map(a => a.getAttribute('href'))"
        )
        assert hrefs and all(h.startswith("../policy/#") for h in hrefs), name
        # Each next step that is recorded somewhere links to the tool's page for it.
        records = page.locator(".ucb-next-steps a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
        assert all("?page=" in h for h in records), name
        expect(page.locator("#ucb-step-heading")).to_contain_text(
            json.loads((EXAMPLES / name).read_text())["reference"]
        )
        seen.add(expected["outcome"])
    assert len(seen) == len({e["outcome"] for e in EXPECTED.values()})


def test_every_question_page_shows_a_full_lifecycle_case_and_its_change_link_returns_to_the_check_page(
    page: Page,
    live_site: str,
) -> None:
    name = next(n for n, e in EXPECTED.items() if e["outcome"] == "appeal_pending")
    case = json.loads((EXAMPLES / name).read_text(encoding="utf-8"))
    assert {"decision", "appeals", "step_two", "step_one", "warning"} <= case.keys()
    open_tool(page, live_site)
    upload(page, name)
    expect(page.locator(".ucb-summary").first).to_contain_text(case["reference"])
    for title in QUESTION_PAGES:
        section = page.locator(".ucb-summary-section", has=page.get_by_role("heading", name=title, exact=True))
        section.get_by_role("button").first.click()
        expect_step(page, title)
        expect(page.locator("#ucb-continue")).to_have_text("Save and return to check your answers")
        page.click("#ucb-continue")
        expect_step(page, "Check your answers")
    # Walking through every page without changing anything leaves the case as it was.
    assert draft_case(page) == case


def _saved_in_format_1_0(name: str) -> dict:
    """An example as the first release saved it: version 1.0, one `appeal` object and nothing 1.1 added."""
    case = json.loads((EXAMPLES / name).read_text(encoding="utf-8"))
    case["schema_version"] = "1.0"
    appeal = case.pop("appeals")[0]
    appeal.pop("against")
    case["appeal"] = appeal
    case.pop("warning", None)
    return case


def test_a_case_file_saved_in_format_1_0_opens_upgraded_with_its_appeal_in_the_list(page: Page, live_site: str) -> None:
    old = _saved_in_format_1_0("appeal_pending.json")
    open_tool(page, live_site)
    upload_case(page, "old.json", json.dumps(old).encode("utf-8"))
    open_check(page)
    saved = draft_case(page)
    assert saved["schema_version"] == "1.1" and "appeal" not in saved
    assert saved["appeals"] == [{"against": "decision", **old["appeal"]}]
    appeals = page.locator(".ucb-summary-section", has=page.get_by_role("heading", name="Appeals", exact=True))
    expect(appeals).to_contain_text("The step-two decision")
    fill_date(page, "Assess as at", "2023-08-30")
    assert to_result(page) == "appeal_pending"


def test_a_draft_kept_in_format_1_0_is_upgraded_when_the_engine_is_ready(page: Page, live_site: str) -> None:
    old = _saved_in_format_1_0("appeal_pending.json")
    open_tool(page, live_site)
    # The tab's own store seals the old case as a draft, as a tab that held it before would have.
    page.evaluate(
        """async (c) => {
            const href = document.querySelector('link[rel="modulepreload"][href$="/storage.mjs"]').href;
            const { DraftStore } = await import(href);
            await new DraftStore().save({ case: c, step: "check", on: "2023-08-30" });
        }""",
        old,
    )
    page.reload()
    expect(page.get_by_text("You have a case in progress")).to_contain_text(old["reference"])
    for _ in range(600):  # until the engine is ready and the draft is kept again, upgraded
        saved = draft_case(page)
        if saved.get("schema_version") == "1.1":
            break
        page.wait_for_timeout(200)
    assert saved["schema_version"] == "1.1" and saved["appeals"][0]["against"] == "decision" and "appeal" not in saved
