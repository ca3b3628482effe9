"""Privacy by design: nothing leaves 127.0.0.1, nothing is stored that the user did not choose, the draft is
stored sealed, and "Delete this case from this browser" leaves no copy in any store the page can reach, nor
the key to any copy the browser keeps (tests/browser/test_draft_on_disk.py follows the browser's own files).

The one thing the tool keeps beyond the tab is the build's start-up snapshot of Python's memory, made
before anyone typed anything, in the origin private file system: it is checked byte for byte."""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path

from hostile_text import example
from playwright.sync_api import BrowserContext, Page, expect
from site_release import KEPT_SNAPSHOT, KEPT_STDLIB, KEPT_WASM, RUNTIME
from wizard_pages import csv_log, draft_case, draft_settled, expect_step, import_contacts, open_tool, reload, to_result

PAGES = [
    "",
    "policy/",
    "policy-print/",
    "customers/",
    "guide/",
    "tool/",
    "accessibility/",
    "privacy/",
    "hosting/",
    "embed-guide/",
    "embed-tool/",
    "404.html",
]
NAME = "Mrs Q Private-Person"

# Everything the page's own origin holds: both storages, IndexedDB, Cache Storage, service workers,
# and each file in the origin private file system with its sha256 and size ("busy" while it is being written).
STORES = """async () => {
  const files = {};
  for await (const [name, handle] of (await navigator.storage.getDirectory()).entries()) {
    try {
      const bytes = await (await handle.getFile()).arrayBuffer();
      const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
      files[name] = { sha256: Array.from(digest, (byte) => byte.toString(16).padStart(2, "0")).join(""), size: bytes.byteLength };
    } catch {
      files[name] = "busy";
    }
  }
  return {
    local: Object.fromEntries(Object.entries(localStorage)),
    session: Object.fromEntries(Object.entries(sessionStorage)),
    indexedDB: (await indexedDB.databases()).map((db) => db.name),
    caches: await caches.keys(),
    workers: (await navigator.serviceWorker.getRegistrations()).length,
    files,
  };
}"""

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
    """What the origin holds, once no file is being written."""
    for _ in range(100):
        held = page.evaluate(STORES)
        if "busy" not in held["files"].values():
            return held
        page.wait_for_timeout(200)
    raise AssertionError(f"a file stayed busy: {held['files']}")


def build_copies(built_site: Path) -> dict[str, bytes]:
    """The only files the tool may keep, in the order it keeps them: each is the lock file's sha256,
    then the build's packed snapshot unzipped, the runtime's WebAssembly or Python's standard library."""
    runtime = built_site / RUNTIME
    lock = hashlib.sha256((runtime / "pyodide-lock.json").read_bytes()).hexdigest().encode("ascii")
    return {
        KEPT_SNAPSHOT: lock + gzip.decompress((runtime / "snapshot.bin.gz").read_bytes()),
        KEPT_WASM: lock + (runtime / "pyodide.asm.wasm").read_bytes(),
        KEPT_STDLIB: lock + (runtime / "python_stdlib.zip").read_bytes(),
    }


def is_build_copy(name: str, held: dict, copies: dict[str, bytes]) -> bool:
    """Whether a kept file holds exactly one of the build's copies, or, under its temporary name
    (a copy being written when the page was left), the start of one."""
    whole = copies.get(name.removesuffix(".part"))
    if whole is None or held["size"] > len(whole) or (held["size"] < len(whole) and not name.endswith(".part")):
        return False
    return hashlib.sha256(whole[: held["size"]]).hexdigest() == held["sha256"]


def nothing_kept(page: Page, context: BrowserContext, built_site: Path) -> None:
    held = stores(page)
    assert held["local"] == {}, f"localStorage holds {held['local']}"
    assert held["indexedDB"] == [] and held["caches"] == [] and held["workers"] == 0, held
    copies = build_copies(built_site)
    strangers = {name: file for name, file in held["files"].items() if not is_build_copy(name, file, copies)}
    assert strangers == {}, f"the origin keeps files that are not the build's own: {strangers}"
    whole = {name for name in held["files"] if not name.endswith(".part")}
    in_order = [set(list(copies)[:kept]) for kept in range(len(copies) + 1)]
    assert whole in in_order, f"kept out of order (the snapshot first): {whole}"
    assert context.cookies() == []


def test_no_page_sends_anything_off_site_or_stores_anything(
    page: Page,
    context: BrowserContext,
    live_site: str,
    built_site: Path,
    network,
) -> None:
    for path in PAGES:
        page.goto(live_site + path)
        page.wait_for_load_state("load")
        nothing_kept(page, context, built_site)
        assert stores(page)["session"] == {} or path in {"tool/", "embed-tool/"}, (
            f"{path} wrote to sessionStorage: {stores(page)['session']}"
        )
    # Instant navigation between pages too.
    page.goto(live_site)
    page.get_by_role("link", name="Manager guide").first.click()
    page.wait_for_url("**/guide/")
    page.get_by_role("link", name="Decision tool").first.click()
    page.wait_for_url("**/tool/")
    page.wait_for_selector("#ucb-tool[data-state='ready']", timeout=120_000)
    nothing_kept(page, context, built_site)
    assert [f for f in network.failed if "blockedbyclient" in f.lower()] == [], network.failed


def test_the_tool_keeps_only_the_tab_draft_and_delete_leaves_no_copy(
    page: Page,
    context: BrowserContext,
    live_site: str,
    built_site: Path,
) -> None:
    open_tool(page, live_site)
    page.evaluate(TRACK_OBJECT_URLS)
    case = example("report_june_2023.json")
    case["customer"]["name"] = NAME
    page.set_input_files(
        "#ucb-upload-case",
        files=[{"name": "case.json", "mimeType": "application/json", "buffer": json.dumps(case).encode("utf-8")}],
    )
    expect_step(page, "Check your answers")
    page.locator("section[aria-labelledby='ucb-cya-contacts'] button.ucb-link").first.click()
    import_contacts(page, "more.csv", csv_log([("2023-07-01", "email", "Housing", "")]))
    expect(page.locator(".ucb-import-status")).to_contain_text("1 contact imported")
    page.get_by_role("button", name="Back", exact=True).click()
    page.get_by_label("Assess as at").fill("2023-07-20")
    to_result(page)
    expect(page.locator("iframe.ucb-preview")).to_be_visible()
    for button in (
        "Download the case file (JSON)",
        "Download the report (HTML, printable)",
        "Download the step-two evidence pack (HTML)",
        "Download the letter (HTML)",
    ):
        with page.expect_download():
            page.get_by_role("button", name=button).click()

    # While working: the draft is in this tab's sessionStorage only, sealed, as the page says; nothing else
    # anywhere, and no word of the case in any store the page can reach.
    draft_settled(page)
    held = stores(page)
    assert list(held["session"]) == ["ucb-tool:draft"]
    assert NAME not in json.dumps(held) and case["reference"] not in json.dumps(held)
    assert draft_case(page)["customer"]["name"] == NAME
    nothing_kept(page, context, built_site)
    made = page.evaluate("() => window.__made")
    assert len(made) >= 4

    page.get_by_role("button", name="Delete this case from this browser").click()
    expect_step(page, "Start or resume a case")
    draft_settled(page)
    held = stores(page)
    assert [k for k in held["session"] if k.startswith("ucb-tool")] == []
    assert page.evaluate("() => window.name") == "", "the key to the deleted draft is still in the tab"
    nothing_kept(page, context, built_site)
    revoked = page.evaluate("() => window.__revoked")
    assert set(made) <= set(revoked), f"object URLs still live after delete: {set(made) - set(revoked)}"
    assert NAME not in page.content()
    reload(page)
    expect_step(page, "Start or resume a case")
    assert NAME not in page.content() and stores(page)["session"].get("ucb-tool:draft") is None


def test_the_privacy_promise_is_on_the_tool_page(page: Page, live_site: str) -> None:
    page.goto(live_site + "tool/")
    promise = page.locator(".ucb-privacy")
    expect(promise).to_contain_text("Nothing you type or upload leaves this browser")
    expect(promise).to_contain_text("Delete this case from this browser")
