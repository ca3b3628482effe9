"""Page helpers for the decision tool's browser tests: each drives one question page as a manager would."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml
from playwright.sync_api import Locator, Page, expect

ROOT = Path(__file__).resolve().parents[2]
POLICY = yaml.safe_load((ROOT / "policy" / "policy.yml").read_text(encoding="utf-8"))
READY = "#ucb-tool[data-state='ready']"
LOAD_TIMEOUT_MS = 120_000


def open_tool(page: Page, base: str, *, wait_ready: bool = True) -> None:
    """Open the tool page and, unless told not to, wait until Python is ready."""
    page.goto(base + "tool/")
    page.wait_for_selector("#ucb-wizard .ucb-step")
    if wait_ready:
        wait_ready_state(page)


def wait_ready_state(page: Page) -> None:
    page.wait_for_selector(READY, timeout=LOAD_TIMEOUT_MS)


def expect_step(page: Page, title: str) -> None:
    expect(page.locator("#ucb-step-heading")).to_have_text(title)


def continue_to(page: Page, title: str) -> None:
    page.click("#ucb-continue")
    expect_step(page, title)


def group(page: Page | Locator, legend: str) -> Locator:
    return page.get_by_role("group", name=legend, exact=True)


def yes_no(scope: Page | Locator, legend: str, answer: bool) -> None:
    group(scope, legend).get_by_label("Yes" if answer else "No", exact=True).check()


def start_case(page: Page, reference: str) -> None:
    page.get_by_role("button", name="Start a new case").click()
    expect_step(page, "About the case")
    page.get_by_label("Case reference").fill(reference)


def about(page: Page, reference: str, *, name: str | None = None, address: str | None = None) -> None:
    start_case(page, reference)
    if name:
        page.get_by_label("Customer's name").fill(name)
    if address:
        page.get_by_label("Customer's address").fill(address)
    continue_to(page, "Circumstances to check first")


def circumstances(
    page: Page,
    *,
    complaint: bool = False,
    stage: str | None = None,
    representative: bool = False,
    disclosed: bool = False,
) -> None:
    yes_no(page, "Is a formal complaint open?", complaint)
    if complaint and stage:
        group(page, "Complaint stage").get_by_label(stage, exact=True).check()
    yes_no(page, "Is someone acting for the customer?", representative)
    yes_no(page, "Has the customer told us about a disability or vulnerability?", disclosed)
    continue_to(page, "The customer's issues")


def add_issue(
    page: Page,
    *,
    summary: str,
    department: str,
    status: str,
    raised_on: str,
    due_on: str | None = None,
    responded_on: str | None = None,
) -> None:
    page.get_by_role("button", name="Add an issue").or_(page.get_by_role("button", name="Add another issue")).click()
    item = page.locator(".ucb-list__item").last
    item.get_by_label("Summary").fill(summary)
    item.get_by_label("Department").fill(department)
    group(item, "Status").get_by_label(status, exact=True).check()
    item.get_by_label("Date raised").fill(raised_on)
    if due_on:
        item.get_by_label("Date a reply was due").fill(due_on)
    if responded_on:
        item.get_by_label("Date we replied in full").fill(responded_on)


def add_contact(
    page: Page,
    *,
    at: str,
    channel: str,
    issues: list[str] = (),
    departments: list[str] = (),
    behaviours: list[str] = (),
) -> None:
    form = page.get_by_role("group", name="Add a contact")
    form.get_by_label("Date and time").fill(at)
    group(form, "Channel").get_by_label(channel, exact=True).check()
    for issue in issues:
        group(form, "Issues raised").get_by_label(issue).check()
    if departments:
        form.get_by_label("Departments contacted").fill("\n".join(departments))
    for behaviour in behaviours:
        group(form, "Behaviour seen").get_by_label(behaviour, exact=True).check()
    before = page.locator("table.ucb-table--contacts tbody tr").count()
    page.get_by_role("button", name="Add this contact").click()
    expect(page.locator("table.ucb-table--contacts tbody tr")).to_have_count(before + 1)


def import_contacts(page: Page, name: str, text: str, mime: str = "text/csv") -> None:
    page.set_input_files("#ucb-import-file", files=[{"name": name, "mimeType": mime, "buffer": text.encode("utf-8")}])


def skip_to_check(page: Page) -> None:
    """Continue through the remaining question pages, leaving them as they are."""
    for _ in range(12):
        title = page.locator("#ucb-step-heading").inner_text()
        if title == "Check your answers":
            return
        page.click("#ucb-continue")
        # Wait for this click to land (the next page, or errors) so a second click never lands on the check page's button.
        page.wait_for_function(
            "title => document.querySelector('#ucb-step-heading')?.textContent !== title || document.querySelector('.ucb-error-summary')",
            arg=title,
            timeout=30_000,
        )
        if page.locator(".ucb-error-summary").count():
            raise AssertionError(f"{title}: {page.locator('.ucb-error-summary').inner_text()}")
    raise AssertionError("never reached the check your answers page")


def to_result(page: Page) -> str:
    """From the check page, open the result and return the outcome id shown."""
    expect_step(page, "Check your answers")
    page.get_by_role("button", name="Continue to the result").click()
    expect_step(page, "Result")
    outcome = page.locator("#ucb-outcome")
    outcome.wait_for(timeout=60_000)
    return outcome.get_attribute("data-outcome") or ""


def outcome_title(outcome_id: str) -> str:
    return POLICY["outcomes"][outcome_id]["title"]


# The draft as this tab keeps it (docs/assets/tool/storage.mjs): sessionStorage holds it sealed, with the
# key in window.name; this unseals it as the page does, so a test reads what a reload would find.
UNSEAL_DRAFT = """async () => {
  const stored = sessionStorage.getItem("ucb-tool:draft");
  if (!stored) return null;
  const bytes = (text) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
  const [format, iv, sealed] = stored.split(".");
  if (format !== "sealed-1" || !window.name.startsWith("ucb-tool-key:")) return "unreadable";
  const key = await crypto.subtle.importKey("raw", bytes(window.name.slice(13)), "AES-GCM", false, ["decrypt"]);
  const packed = await crypto.subtle.decrypt({ name: "AES-GCM", iv: bytes(iv) }, key, bytes(sealed));
  const stream = new Blob([packed]).stream().pipeThrough(new DecompressionStream("deflate-raw"));
  return new Response(stream).text();
}"""


def draft_settled(page: Page) -> None:
    """Wait until the page has stored every change (it seals the draft in the background)."""
    page.wait_for_function("() => document.querySelector('#ucb-tool')?.dataset.draft !== 'saving'", timeout=30_000)


def stored_draft(page: Page) -> dict[str, Any] | None:
    """The whole draft this tab keeps (case, page, date), or None."""
    draft_settled(page)
    text = page.evaluate(UNSEAL_DRAFT)
    assert text != "unreadable", "the tab keeps a draft it cannot read"
    return json.loads(text) if text else None


def draft_case(page: Page) -> dict[str, Any]:
    """The case as the page keeps it for this tab."""
    draft = stored_draft(page)
    return draft["case"] if draft else {}


def reload(page: Page) -> None:
    """Reload once the draft is stored, as a person would (they cannot reload within milliseconds of typing)."""
    draft_settled(page)
    page.reload()


def tool_storage_keys(page: Page) -> list[str]:
    return page.evaluate(
        "() => [...Object.keys(sessionStorage), ...Object.keys(localStorage)].filter(k => k.startsWith('ucb-tool'))"
    )


def csv_log(rows: list[tuple[str, str, str, str]]) -> str:
    """A CSV contact log: (date, channel, departments, issues) per row."""
    lines = ["date,channel,departments,issues"]
    lines += [",".join(row) for row in rows]
    return "\n".join(lines) + "\n"
