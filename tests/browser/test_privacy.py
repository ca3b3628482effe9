"""Privacy by design: nothing leaves 127.0.0.1, nothing is stored that the user did not choose, and
"Delete this case from this browser" leaves no copy in any store the page can reach."""

from __future__ import annotations

import json

from playwright.sync_api import BrowserContext, Page, expect

from hostile_text import example
from wizard_pages import csv_log, expect_step, import_contacts, open_tool, to_result

PAGES = ["", "policy/", "policy-print/", "customers/", "guide/", "tool/", "accessibility/", "privacy/", "hosting/",
         "embed-guide/", "embed-tool/", "404.html"]
NAME = "Mrs Q Private-Person"

# Everything the page's own origin holds: both storages, IndexedDB, Cache Storage, service workers.
STORES = """async () => ({
  local: Object.fromEntries(Object.entries(localStorage)),
  session: Object.fromEntries(Object.entries(sessionStorage)),
  indexedDB: (await indexedDB.databases()).map((db) => db.name),
  caches: await caches.keys(),
  workers: (await navigator.serviceWorker.getRegistrations()).length,
})"""

# Keep count of the object URLs the page makes and revokes.
TRACK_OBJECT_URLS = """() => {
  window.__made = [];
  window.__revoked = [];
  const make = URL.createObjectURL.bind(URL);
  const revoke = URL.revokeObjectURL.bind(URL);
  URL.createObjectURL = (blob) => { const url = make(blob); window.__made.push(url); return url; };
  URL.revokeObjectURL = (url) => { window.__revoked.push(url); revoke(url); };
}"""


def stores(page: Page) -> dict:
    return page.evaluate(STORES)


def nothing_kept(page: Page, context: BrowserContext) -> None:
    held = stores(page)
    assert held["local"] == {}, f"localStorage holds {held['local']}"
    assert held["indexedDB"] == [] and held["caches"] == [] and held["workers"] == 0, held
    assert context.cookies() == []


def test_no_page_sends_anything_off_site_or_stores_anything(page: Page, context: BrowserContext, live_site: str, network, console_errors) -> None:
    for path in PAGES:
        page.goto(live_site + path)
        page.wait_for_load_state("load")
        nothing_kept(page, context)
        assert stores(page)["session"] == {} or path in {"tool/", "embed-tool/"}, f"{path} wrote to sessionStorage: {stores(page)['session']}"
    # Instant navigation between pages too.
    page.goto(live_site)
    page.get_by_role("link", name="Manager guide").first.click()
    page.wait_for_url("**/guide/")
    page.get_by_role("link", name="Decision tool").first.click()
    page.wait_for_url("**/tool/")
    page.wait_for_selector("#ucb-tool[data-state='ready']", timeout=120_000)
    nothing_kept(page, context)
    assert [f for f in network.failed if "blockedbyclient" in f.lower()] == [], network.failed
    network.assert_local_only()
    assert console_errors == []


def test_the_tool_keeps_only_the_tab_draft_and_delete_leaves_no_copy(
    page: Page, context: BrowserContext, live_site: str, network, console_errors,
) -> None:
    open_tool(page, live_site)
    page.evaluate(TRACK_OBJECT_URLS)
    case = example("report_june_2023.json")
    case["customer"]["name"] = NAME
    page.set_input_files("#ucb-upload-case", files=[{"name": "case.json", "mimeType": "application/json",
                                                     "buffer": json.dumps(case).encode("utf-8")}])
    expect_step(page, "Check your answers")
    page.locator("section[aria-labelledby='ucb-cya-contacts'] button.ucb-link").first.click()
    import_contacts(page, "more.csv", csv_log([("2023-07-01", "email", "Housing", "")]))
    expect(page.locator(".ucb-import-status")).to_contain_text("1 contact imported")
    page.get_by_role("button", name="Back", exact=True).click()
    page.get_by_label("Assess as at").fill("2023-07-20")
    to_result(page)
    expect(page.locator("iframe.ucb-preview")).to_be_visible()
    for button in ("Download the case file (JSON)", "Download the report (HTML, printable)",
                   "Download the step-two evidence pack (HTML)", "Download the letter (HTML)"):
        with page.expect_download():
            page.get_by_role("button", name=button).click()

    # While working: the draft is in this tab's sessionStorage only, as the page says; nothing else anywhere.
    held = stores(page)
    assert [k for k in held["session"] if NAME in held["session"][k]] == ["ucb-tool:draft"]
    nothing_kept(page, context)
    made = page.evaluate("() => window.__made")
    assert len(made) >= 4

    page.get_by_role("button", name="Delete this case from this browser").click()
    expect_step(page, "Start or resume a case")
    held = stores(page)
    assert not any(NAME in value or case["reference"] in value for value in held["session"].values()), held["session"]
    assert [k for k in held["session"] if k.startswith("ucb-tool")] == []
    nothing_kept(page, context)
    revoked = page.evaluate("() => window.__revoked")
    assert set(made) <= set(revoked), f"object URLs still live after delete: {set(made) - set(revoked)}"
    assert NAME not in page.content()
    page.reload()
    expect_step(page, "Start or resume a case")
    assert NAME not in page.content() and stores(page)["session"].get("ucb-tool:draft") is None
    network.assert_local_only()
    assert console_errors == []


def test_the_privacy_promise_is_on_the_tool_page(page: Page, live_site: str) -> None:
    page.goto(live_site + "tool/")
    promise = page.locator(".ucb-privacy")
    expect(promise).to_contain_text("Nothing you type or upload leaves this browser")
    expect(promise).to_contain_text("Delete this case from this browser")
