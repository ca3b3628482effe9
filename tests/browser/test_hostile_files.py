"""The hostile-file corpus (tests/hostile_files.py) in the browser tool: each file gets a clear message or a
correct result, in the toolkit's own words (the `ucb` command says the same), the case in progress survives
every refusal, no Python traceback reaches the page, and the page's thread is never held for long.

"Long" is measured by the browser itself (PerformanceObserver 'longtask', which reports every task on the
page's thread over 50 ms): no task may take 200 ms or more from the moment a file is chosen until its answer
is shown and the draft is stored. A long task's length is the time from its start to its end, which includes
any time the thread waited for one of this shared 2-core machine's cores while other programs ran. So while
the file is handled the browser also traces its own tasks, with the processor time each one's thread used:
a task the observer reports at 200 ms or more must not have used 200 ms of its thread, and a file whose
handling still breaks the bound is handled again, up to three times in all (a real regression breaks it
every time). Files are chosen from disk, as a manager's are, so the harness does no work on the page's thread.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import re
from pathlib import Path

import pytest
from generated_cases import contact_log_case
from hostile_files import CASE_FILES, EXAMPLE_ON, INVALID_CASES, LIMIT, LOG_FILES, RLO, HostileFile
from hostile_text import ROOT, example
from playwright.sync_api import Page, expect
from wizard_pages import POLICY, draft_case, draft_settled, expect_step, open_tool, start_case, to_result

from ucb.api import call

FILES_SOURCE = (ROOT / "docs" / "assets" / "tool" / "files.mjs").read_text(encoding="utf-8")
LIMIT_BYTES = eval(re.search(r"FILE_LIMIT_BYTES = ([\d\s*]+);", FILES_SOURCE).group(1))
LONG_TASK_MS = 200

# Every task on the page's thread over 50 ms, as [start, duration], from the first moment of the page.
LONG_TASKS = """
window.__longTasks = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) window.__longTasks.push([entry.startTime, entry.duration]);
}).observe({ type: "longtask", buffered: true });
"""

# Count every read of a file's contents (all of Blob's readers, and FileReader).
COUNT_READS = """() => {
  window.__fileReads = 0;
  for (const name of ["text", "arrayBuffer", "stream", "bytes"]) {
    const original = Blob.prototype[name];
    if (!original) continue;
    Blob.prototype[name] = function (...args) { if (this instanceof File) window.__fileReads += 1; return original.apply(this, args); };
  }
  for (const name of ["readAsText", "readAsArrayBuffer", "readAsDataURL", "readAsBinaryString"]) {
    const original = FileReader.prototype[name];
    FileReader.prototype[name] = function (...args) { window.__fileReads += 1; return original.apply(this, args); };
  }
}"""


def _generated_case(contacts: int, on: dt.date) -> dict:
    return contact_log_case(POLICY, contacts, on)


def api(op: str, payload: dict) -> dict:
    return json.loads(call(op, json.dumps(payload)))["result"]


def no_traceback(page: Page) -> None:
    text = page.locator("body").inner_text()
    assert "Traceback" not in text and 'File "' not in text, "a Python traceback reached the page"


def choose(page: Page, path: Path, selector: str) -> None:
    page.set_input_files(selector, files=[str(path)])


def on_disk(folder: Path, entry: HostileFile) -> Path:
    path = folder / entry.name
    path.write_bytes(entry.data)
    return path


def longest_task_since(page: Page, start: float) -> float:
    return max((duration for at, duration in page.evaluate("() => window.__longTasks") if at >= start), default=0)


def longest_thread_time(trace: bytes) -> float:
    """The most processor time any task on a page's main thread used, in ms, from a Chromium trace."""
    events = json.loads(trace)["traceEvents"]
    main = {
        (e["pid"], e["tid"])
        for e in events
        if e.get("name") == "thread_name" and e.get("args", {}).get("name") == "CrRendererMain"
    }
    tasks = [
        e for e in events if (e.get("pid"), e.get("tid")) in main and e.get("name") == "RunTask" and e.get("ph") == "X"
    ]
    assert all("tdur" in e for e in tasks), "the trace does not give the tasks' processor time"
    return max((e["tdur"] / 1000 for e in tasks), default=0)


def within_bound(page: Page, handle, name: str) -> None:
    """Run `handle` (choose a file, wait for its answer) and keep every task on the page's thread under
    LONG_TASK_MS (see the module's note: wall time first, then the task's own processor time)."""
    seen = []
    browser = page.context.browser
    for _ in range(3):
        start = page.evaluate("() => performance.now()")
        browser.start_tracing(page=page, categories=["devtools.timeline", "disabled-by-default-devtools.timeline"])
        handle()
        draft_settled(page)
        page.wait_for_timeout(100)  # the observer reports a task once it has ended
        trace = browser.stop_tracing()
        wall = longest_task_since(page, start)
        if wall < LONG_TASK_MS:
            return
        worked = longest_thread_time(trace)
        seen.append((round(wall), round(worked)))
        if worked < LONG_TASK_MS:
            print(f"{name}: a {wall:.0f} ms task used {worked:.0f} ms of its thread; the rest was waiting for a core")
            return
    pytest.fail(f"{name}: tasks held the page's thread too long, as (wall ms, thread ms): {seen}")


def test_the_limit_is_the_toolkits_and_is_stated_where_files_are_chosen(page: Page, live_site: str) -> None:
    assert LIMIT_BYTES == LIMIT
    open_tool(page, live_site, wait_ready=False)
    expect(page.locator("#ucb-upload-hint")).to_contain_text(f"{LIMIT_BYTES // 1048576} MB")
    start_case(page, "LIMIT-1")
    page.get_by_role("button", name="Back", exact=True).click()
    page.get_by_role("button", name="Continue with this case").click()
    page.locator("section[aria-labelledby='ucb-cya-contacts'] button.ucb-link").first.click()
    expect(page.locator("#ucb-import-hint")).to_contain_text(f"Up to {LIMIT_BYTES // 1048576} MB")


def test_every_hostile_case_file_is_answered_plainly_and_the_case_in_progress_survives(
    page: Page, live_site: str, tmp_path: Path, network, console_errors
) -> None:
    page.add_init_script(LONG_TASKS)
    open_tool(page, live_site)
    start_case(page, "KEEP-ME")
    page.get_by_label("Customer's name").fill("Ms K Kept")
    page.get_by_role("button", name="Back", exact=True).click()
    expect_step(page, "Start or resume a case")
    page.evaluate(COUNT_READS)

    for entry in [e for e in CASE_FILES if e.refused]:
        path = on_disk(tmp_path, entry)
        reads = page.evaluate("() => window.__fileReads")

        def refuse(path: Path = path) -> None:
            page.evaluate("() => document.querySelectorAll('[role=alert]').forEach((e) => e.remove())")
            choose(page, path, "#ucb-upload-case")
            expect(page.get_by_role("alert")).to_be_focused(timeout=60_000)

        within_bound(page, refuse, entry.name)
        alert = page.get_by_role("alert")
        if entry.code == "file_too_large":
            expect(alert).to_contain_text(f"The tool reads files of up to {LIMIT_BYTES // 1048576} MB")
            assert page.evaluate("() => window.__fileReads") == reads, f"{entry.name}: read though too large"
        else:
            data = base64.b64encode(entry.data).decode()
            expected = api("read_case", {"data": data, "on": EXAMPLE_ON})["errors"][0]["message"]
            expect(alert).to_contain_text(expected)  # the toolkit's words, as `ucb validate` prints them
        expect(alert).to_contain_text(re.compile(re.escape(entry.words), re.I))
        expect_step(page, "Start or resume a case")
        assert draft_case(page)["customer"] == {"name": "Ms K Kept"}, f"{entry.name} changed the case in progress"
        no_traceback(page)

    for entry in [e for e in CASE_FILES if not e.refused]:
        path = on_disk(tmp_path, entry)

        def open_it(path: Path = path, entry: HostileFile = entry) -> None:
            while page.locator("#ucb-step-heading").inner_text() != "Start or resume a case":
                page.get_by_role("button", name="Back", exact=True).click()
            page.get_by_role("button", name="Delete this case from this browser").click()
            choose(page, path, "#ucb-upload-case")
            expect_step(page, "Check your answers")
            if entry.words:
                page.get_by_label("Assess as at").fill(EXAMPLE_ON)
                page.get_by_role("button", name="Continue to the result").click()
                expect(page.locator(".ucb-error-summary")).to_be_focused(timeout=60_000)

        within_bound(page, open_it, entry.name)
        assert draft_case(page) == json.loads(entry.data.decode("utf-8-sig")), f"{entry.name} was changed"
        if entry.words:
            summary = page.locator(".ucb-error-summary")
            expect(summary).to_contain_text(entry.words)
            assert summary.locator("li").count() <= 20, "every error listed: the summary must list the first ones"
        no_traceback(page)

    assert console_errors == []
    network.assert_local_only()


def test_every_hostile_contact_log_is_answered_plainly_and_the_log_in_progress_survives(
    page: Page, live_site: str, tmp_path: Path, network, console_errors
) -> None:
    page.add_init_script(LONG_TASKS)
    open_tool(page, live_site)
    case = example("report_june_2023.json")
    (tmp_path / "case.json").write_text(json.dumps(case), encoding="utf-8")
    choose(page, tmp_path / "case.json", "#ucb-upload-case")
    expect_step(page, "Check your answers")
    page.locator("section[aria-labelledby='ucb-cya-contacts'] button.ucb-link").first.click()
    expect_step(page, "Contact log")
    status = page.locator(".ucb-import-status")
    for entry in LOG_FILES:
        path = on_disk(tmp_path, entry)
        before = len(draft_case(page)["contacts"])

        def import_it(path: Path = path) -> None:
            page.evaluate("() => document.querySelector('.ucb-import-status')?.replaceChildren()")
            choose(page, path, "#ucb-import-file")
            expect(status.locator(".ucb-notice, .ucb-error-summary").first).to_be_visible(timeout=120_000)

        import_it()
        added = len(draft_case(page)["contacts"]) - before
        assert added == (entry.imported or 0), f"{entry.name}: {added} contacts added"
        assert draft_case(page)["contacts"][: len(case["contacts"])] == case["contacts"], "the log in progress changed"
        if entry.code == "file_too_large":
            expect(status).to_contain_text(f"The tool reads files of up to {LIMIT_BYTES // 1048576} MB")
        else:
            fmt = entry.name.rsplit(".", 1)[1]
            found = api("import_contacts", {"data": base64.b64encode(entry.data).decode(), "format": fmt})
            problems = [e["message"] for e in found["errors"] if e["code"] != "column_ignored"]
            shown = status.locator(".ucb-error-summary li").all_inner_texts()
            assert shown == problems[:20], f"{entry.name}: the page lists other problems than the toolkit found"
            notes = [e["message"] for e in found["errors"] if e["code"] == "column_ignored"]
            for note in notes:
                expect(status).to_contain_text(note)
            unlisted = found["error_count"] - len(notes) - len(shown)
            if unlisted > 0:
                expect(status.locator("#ucb-import-more")).to_contain_text(f"{unlisted:,} more problem")
        if entry.words:
            expect(status).to_contain_text(re.compile(re.escape(entry.words), re.I))
        no_traceback(page)
        if entry.imported:  # a second import of the same log would add its contacts again: timed on the first
            continue
        within_bound(page, import_it, entry.name)
    assert console_errors == []
    network.assert_local_only()


def test_text_from_a_case_never_reorders_the_tools_own_words(page: Page, live_site: str, tmp_path: Path) -> None:
    entry = next(e for e in CASE_FILES if e.name == "right-to-left.json")
    open_tool(page, live_site)
    choose(page, on_disk(tmp_path, entry), "#ucb-upload-case")
    expect_step(page, "Check your answers")
    # Every piece of text holding a right-to-left override sits alone in a <bdi>, with no word of the tool's.
    values = {"REF\u202e-1", "Jo \u202eSmith"}
    unisolated = page.evaluate(
        """(rlo) => {
          const walker = document.createTreeWalker(document.querySelector('#ucb-wizard'), NodeFilter.SHOW_TEXT);
          const found = [];
          for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            if (!node.data.includes(rlo)) continue;
            const bdi = node.parentElement.closest('bdi');
            found.push(bdi ? bdi.textContent : `not isolated: ${node.parentElement.outerHTML}`);
          }
          return found;
        }""",
        RLO,
    )
    assert unisolated and set(unisolated) <= values, unisolated
    page.locator("section[aria-labelledby='ucb-cya-about'] button.ucb-link").first.click()
    for label in ("Case reference", "Customer's name"):
        assert page.get_by_label(label).get_attribute("dir") == "auto"


def test_no_form_control_keeps_what_is_typed_for_the_browsers_session_files(page: Page, live_site: str) -> None:
    open_tool(page, live_site)
    start_case(page, "AUTOCOMPLETE-1")
    for step in range(4):
        controls = page.evaluate(
            "() => [...document.querySelectorAll('#ucb-tool input, #ucb-tool textarea, #ucb-tool select')]"
            ".filter((el) => el.getAttribute('autocomplete') !== 'off').map((el) => el.id || el.outerHTML)"
        )
        assert controls == [], f"page {step}: controls the browser would keep in its session files: {controls}"
        page.click("#ucb-continue")


@pytest.mark.parametrize(("name", "case", "on", "words"), INVALID_CASES, ids=[c[0] for c in INVALID_CASES])
def test_impossible_dates_are_explained_on_the_check_page_and_link_to_their_field(
    page: Page,
    live_site: str,
    tmp_path: Path,
    name: str,
    case: dict,
    on: str,
    words: str,
    console_errors,
) -> None:
    open_tool(page, live_site)
    (tmp_path / name).write_text(json.dumps(case), encoding="utf-8")
    choose(page, tmp_path / name, "#ucb-upload-case")
    expect_step(page, "Check your answers")
    page.get_by_label("Assess as at").fill(on)
    page.get_by_role("button", name="Continue to the result").click()
    summary = page.locator(".ucb-error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text(words)
    assert draft_case(page) == case
    summary.get_by_role("link").first.click()
    expect(page.locator("#ucb-tool")).not_to_have_attribute("data-step", "check")
    expect(page.locator(".ucb-error-summary")).to_contain_text(words)
    no_traceback(page)
    assert console_errors == []


def test_a_ten_thousand_contact_case_is_assessed_without_holding_the_page(
    page: Page, live_site: str, tmp_path: Path, console_errors
) -> None:
    page.add_init_script(LONG_TASKS)
    on = dt.date.fromisoformat(EXAMPLE_ON)
    (tmp_path / "big-case.json").write_text(json.dumps(_generated_case(10_000, on)), encoding="utf-8")
    open_tool(page, live_site)
    start = page.evaluate("() => performance.now()")
    choose(page, tmp_path / "big-case.json", "#ucb-upload-case")
    expect_step(page, "Check your answers")
    expect(page.locator(".ucb-summary").filter(has_text="Contact log")).to_contain_text("10,000 contacts")
    page.get_by_label("Assess as at").fill(EXAMPLE_ON)
    outcome = to_result(page)
    assert outcome in POLICY["outcomes"]
    expect(page.locator(".ucb-letter-preview iframe, .ucb-letter-preview .ucb-inset").first).to_be_visible(
        timeout=60_000
    )
    no_traceback(page)
    longest = longest_task_since(page, start)
    assert longest < LONG_TASK_MS, f"the page's thread was held for {longest:.0f} ms"
    assert console_errors == []
