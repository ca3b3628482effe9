"""The tool starts after Material's instant navigation and after a reload, keeping one worker per tab."""

from __future__ import annotations

from playwright.sync_api import Page, expect
from wizard_pages import expect_step, open_tool, reload, start_case, wait_ready_state


def test_the_tool_starts_after_instant_navigation_and_keeps_python_across_pages(
    page: Page,
    live_site: str,
) -> None:
    with page.expect_response("**/sitemap.xml"):  # Material navigates instantly only to pages in its sitemap
        page.goto(live_site)
    page.evaluate("() => { window.__sameDocument = true; }")
    page.locator("a[href$='tool/']:visible").first.click()
    expect_step(page, "Start or resume a case")
    wait_ready_state(page)
    assert page.evaluate("() => window.__sameDocument === true"), "the tool page was reached by a full page load"
    start_case(page, "INSTANT-1")
    page.click("#ucb-continue")
    expect_step(page, "Circumstances to check first")

    # Away to the policy and back: the same document, the draft kept, and Python ready at once.
    page.locator("a[href$='policy/']:visible").first.click()
    page.wait_for_url("**/policy/")
    expect(page.locator("#ucb-tool")).to_have_count(0)
    page.go_back()
    expect_step(page, "Circumstances to check first")
    expect(page.locator("#ucb-tool")).to_have_attribute("data-state", "ready", timeout=5_000)
    assert page.evaluate("() => window.__sameDocument === true")
    workers = page.evaluate(
        "() => performance.getEntriesByType('resource').filter(e => e.name.endsWith('worker.mjs')).length"
    )
    assert workers == 1


def test_the_tool_starts_on_a_reload(page: Page, live_site: str) -> None:
    open_tool(page, live_site)
    start_case(page, "RELOAD-1")
    reload(page)
    expect_step(page, "About the case")
    wait_ready_state(page)
    expect(page.get_by_label("Case reference")).to_have_value("RELOAD-1")
