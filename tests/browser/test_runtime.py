"""The browser runtime: the toolkit loads in a Web Worker from the site's own files and answers.

These tests drive the tool's `runtime/client.mjs` directly (the wizard's own tests cover the
page); they check the runtime contract: progress phases, `ready`, `call`, failures reported
in plain English, one worker per tab across instant navigation, nothing fetched off-site.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import shutil
from html import unescape
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from site_release import KEPT_SNAPSHOT, KEPT_STDLIB, KEPT_WASM, RUNTIME
from toolkit_client import KEPT_FILES, ON, SMALL_CASE, phase_names, start_and_call

from ucb import api, parameters, wording

ROOT = Path(__file__).resolve().parents[2]
TOOLKIT_WHEEL = "portsmouth_ucb-*.whl"
# The toolkit and its runtime dependencies (pyproject.toml) with theirs, rpds-py being the pure-Python stand-in.
RUNTIME_PACKAGES = {
    "portsmouth-ucb",
    "jsonschema",
    "attrs",
    "jsonschema-specifications",
    "referencing",
    "rpds-py",
    "pyrsistent-as-rpds-py",
    "pyrsistent",
    "fastjsonschema",
    "icalendar",
    "python-dateutil",
    "tzdata",
}

# Keeps the first half of the build's snapshot (unzipped), for the lock with sha256 `digest`, as a
# write cut short would.
KEEP_HALF_A_SNAPSHOT = """async ([url, name, digest]) => {
  const response = await fetch(url);
  const packed = new Uint8Array(await new Response(response.body.pipeThrough(new DecompressionStream("gzip"))).arrayBuffer());
  const file = await (await navigator.storage.getDirectory()).getFileHandle(name, { create: true });
  const writable = await file.createWritable();
  await writable.write(new TextEncoder().encode(digest));
  await writable.write(packed.subarray(0, packed.byteLength / 2));
  await writable.close();
}"""


# The sha256 of a kept file's body (after the lock file's sha256), in hex.
# null while the file is being replaced (the page removes a damaged copy before it keeps the good one).
KEPT_BODY_SHA256 = """async (name) => {
  let file;
  try {
    file = await (await (await navigator.storage.getDirectory()).getFileHandle(name)).getFile();
  } catch (error) {
    if (error.name === "NotFoundError") return null;
    throw error;
  }
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", await file.slice(64).arrayBuffer()));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, "0")).join("");
}"""

# Overwrites the middle of a kept file, as a disk fault might, keeping its size.
DAMAGE_KEPT_FILE = """async (name) => {
  const file = await (await navigator.storage.getDirectory()).getFileHandle(name);
  const size = (await file.getFile()).size;
  const writable = await file.createWritable({ keepExistingData: true });
  await writable.write({ type: "write", position: Math.floor(size / 2), data: new Uint8Array(4096).fill(0xff) });
  await writable.close();
}"""


def kept_files_of(built_site: Path) -> dict[str, int]:
    """Each kept copy is the lock file's sha256 in hex, then the build's packed snapshot unzipped,
    the runtime's WebAssembly, or Python's standard library."""
    return {
        KEPT_SNAPSHOT: 64 + len(gzip.decompress((built_site / RUNTIME / "snapshot.bin.gz").read_bytes())),
        KEPT_WASM: 64 + (built_site / RUNTIME / "pyodide.asm.wasm").stat().st_size,
        KEPT_STDLIB: 64 + (built_site / RUNTIME / "python_stdlib.zip").stat().st_size,
    }


def sources(outcome: dict) -> tuple:
    """Where the snapshot, WebAssembly and standard library came from, and whether Python was restored."""
    timings = outcome["timings"]
    return timings["snapshot"], timings["wasm"], timings["stdlib"], timings["restored"]


def wait_for_kept_files(page: Page, expected: dict[str, int]) -> None:
    for _ in range(100):
        if page.evaluate(KEPT_FILES) == expected:
            return
        page.wait_for_timeout(200)
    assert page.evaluate(KEPT_FILES) == expected


def test_toolkit_loads_from_the_site_and_answers(page: Page, live_site: str, network) -> None:
    page.goto(live_site)
    outcome = start_and_call(
        page, live_site, [("validate", {"case": SMALL_CASE, "on": ON}), ("assess", {"case": SMALL_CASE, "on": ON})]
    )
    assert "error" not in outcome, outcome
    assert phase_names(outcome) == ["runtime", "packages", "toolkit", "ready"]
    assert (outcome["timings"]["start"], outcome["timings"]["restored"]) == ("fast", True), (
        "the snapshot was not restored"
    )
    validation, assessment = outcome["results"]
    assert validation == {"result": {"errors": [], "error_count": 0}}
    assert assessment["result"]["errors"] == []
    assert assessment["result"]["assessment"]["reference"] == SMALL_CASE["reference"]
    assert assessment["result"]["assessment"]["outcome"]["clause"]
    assert network.http_errors == [] and network.failed == []


def test_a_malformed_request_is_rejected_with_the_toolkits_message(page: Page, live_site: str) -> None:
    page.goto(live_site)
    outcome = start_and_call(page, live_site, [("no_such_operation", {}), ("validate", {"case": SMALL_CASE, "on": ON})])
    refused, still_working = outcome["results"]
    assert refused["code"] and refused["error"]
    assert still_working == {"result": {"errors": [], "error_count": 0}}


def test_invalid_case_errors_come_back_with_paths(page: Page, live_site: str) -> None:
    page.goto(live_site)
    case = {**SMALL_CASE, "contacts": [{**SMALL_CASE["contacts"][0], "at": "the fifth of October"}]}
    (validation,) = start_and_call(page, live_site, [("validate", {"case": case, "on": ON})])["results"]
    paths = [error["path"] for error in validation["result"]["errors"]]
    assert "$.contacts[0].at" in paths


def copy_of_site(built_site: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "site"
    shutil.copytree(built_site, copy)
    return copy


def toolkit_wheel(site: Path) -> Path:
    (wheel,) = (site / RUNTIME).glob(TOOLKIT_WHEEL)
    return wheel


def damage(wheel: Path) -> None:
    data = bytearray(wheel.read_bytes())
    data[len(data) // 2] ^= 0xFF
    wheel.write_bytes(bytes(data))


@pytest.mark.parametrize("tamper", [damage, Path.unlink], ids=["damaged wheel", "missing wheel"])
def test_a_bad_toolkit_wheel_is_reported_not_ignored(
    page: Page, built_site: Path, tmp_path: Path, serve_directory, tamper
) -> None:
    site = copy_of_site(built_site, tmp_path)
    tamper(toolkit_wheel(site))
    base = serve_directory(site)
    page.goto(base)
    outcome = start_and_call(page, base, [("validate", {"case": SMALL_CASE, "on": ON})])
    assert "could not be downloaded, or arrived damaged" in outcome["error"]
    assert "Reload the page" in outcome["error"]
    assert "portsmouth" in outcome["detail"].lower()
    assert phase_names(outcome)[-1] == "error"


def test_without_its_snapshot_the_toolkit_still_starts(
    page: Page, built_site: Path, tmp_path: Path, serve_directory
) -> None:
    site = copy_of_site(built_site, tmp_path)
    (site / RUNTIME / "snapshot.bin.gz").unlink()
    base = serve_directory(site)
    page.goto(base)
    outcome = start_and_call(page, base, [("validate", {"case": SMALL_CASE, "on": ON})])
    assert outcome["results"] == [{"result": {"errors": [], "error_count": 0}}]
    assert phase_names(outcome) == ["runtime", "packages", "toolkit", "ready"]
    assert outcome["timings"]["restored"] is False


def test_a_server_that_labels_the_snapshot_gzip_encoded_still_has_it_restored(
    page: Page, built_site: Path, serve_directory
) -> None:
    # Some servers send a .gz file with Content-Encoding: gzip, so the browser unzips it itself.
    base = serve_directory(built_site, headers={".bin.gz": {"Content-Encoding": "gzip"}})
    page.goto(base)
    outcome = start_and_call(page, base, [("validate", {"case": SMALL_CASE, "on": ON})])
    assert outcome["results"] == [{"result": {"errors": [], "error_count": 0}}]
    assert (outcome["timings"]["snapshot"], outcome["timings"]["restored"]) == ("downloaded", True)


def test_a_snapshot_made_with_other_wheels_is_not_restored(
    page: Page, built_site: Path, tmp_path: Path, serve_directory
) -> None:
    # A lock file that differs from the one the snapshot was made with (as after a partial upgrade).
    site = copy_of_site(built_site, tmp_path)
    lock = site / RUNTIME / "pyodide-lock.json"
    lock.write_text(json.dumps(json.loads(lock.read_text(encoding="utf-8"))), encoding="utf-8")
    base = serve_directory(site)
    page.goto(base)
    outcome = start_and_call(page, base, [("validate", {"case": SMALL_CASE, "on": ON})])
    assert outcome["results"] == [{"result": {"errors": [], "error_count": 0}}]
    assert outcome["timings"]["restored"] is False


def test_a_second_start_restores_the_kept_snapshot_without_downloading_it(
    page: Page, live_site: str, built_site: Path, network
) -> None:
    page.goto(live_site)
    first = start_and_call(page, live_site, [])
    assert (first["timings"]["snapshot"], first["timings"]["restored"]) == ("downloaded", True)
    wait_for_kept_files(page, kept_files_of(built_site))
    page.reload()
    asked_before = len(network.requests)
    second = start_and_call(page, live_site, [("validate", {"case": SMALL_CASE, "on": ON})])
    assert sources(second) == ("kept", "kept", "kept", True)
    assert second["results"] == [{"result": {"errors": [], "error_count": 0}}]
    downloads = ("snapshot.bin.gz", ".wasm", "python_stdlib.zip")
    assert not [url for url in network.requests[asked_before:] if url.endswith(downloads)]


@pytest.mark.parametrize(
    ("kept_name", "file_name", "damaged_sources"),
    [
        (KEPT_WASM, "pyodide.asm.wasm", ("kept", "downloaded", "kept", True)),
        (KEPT_STDLIB, "python_stdlib.zip", ("kept", "kept", "downloaded", True)),
    ],
    ids=["webassembly", "standard library"],
)
def test_a_damaged_kept_runtime_file_is_downloaded_instead_and_kept_again(
    page: Page, live_site: str, built_site: Path, kept_name: str, file_name: str, damaged_sources: tuple
) -> None:
    page.goto(live_site)
    start_and_call(page, live_site, [])
    wait_for_kept_files(page, kept_files_of(built_site))
    page.evaluate(DAMAGE_KEPT_FILE, kept_name)
    page.reload()
    damaged = start_and_call(page, live_site, [("validate", {"case": SMALL_CASE, "on": ON})])
    assert damaged["results"] == [{"result": {"errors": [], "error_count": 0}}]
    assert sources(damaged) == damaged_sources
    good = hashlib.sha256((built_site / RUNTIME / file_name).read_bytes()).hexdigest()
    for _ in range(50):  # until the good copy is kept in place of the damaged one
        if page.evaluate(KEPT_BODY_SHA256, kept_name) == good:
            break
        page.wait_for_timeout(200)
    assert page.evaluate(KEPT_BODY_SHA256, kept_name) == good
    page.reload()
    again = start_and_call(page, live_site, [])
    assert sources(again) == ("kept", "kept", "kept", True)


def test_a_kept_snapshot_cut_short_is_not_restored_but_downloaded_and_kept_whole(
    page: Page, live_site: str, built_site: Path
) -> None:
    digest = hashlib.sha256((built_site / RUNTIME / "pyodide-lock.json").read_bytes()).hexdigest()
    page.goto(live_site)
    page.evaluate(KEEP_HALF_A_SNAPSHOT, [live_site + RUNTIME + "/snapshot.bin.gz", KEPT_SNAPSHOT, digest])
    outcome = start_and_call(page, live_site, [("validate", {"case": SMALL_CASE, "on": ON})])
    assert (outcome["timings"]["snapshot"], outcome["timings"]["restored"]) == ("downloaded", True)
    assert outcome["results"] == [{"result": {"errors": [], "error_count": 0}}]
    wait_for_kept_files(page, kept_files_of(built_site))


def test_a_runtime_that_never_finishes_loading_times_out_with_a_message(
    page: Page, built_site: Path, serve_directory
) -> None:
    # With a wrong content type for .wasm, Pyodide never settles: only the client's timeout can tell the user.
    base = serve_directory(built_site, {".wasm": "application/octet-stream"})
    page.goto(base)
    outcome = start_and_call(page, base, [], timeout_ms=8_000)
    assert "taking too long to load" in outcome["error"]
    assert phase_names(outcome)[-1] == "error"


def test_one_worker_per_tab_survives_instant_navigation(page: Page, live_site: str, built_site: Path, network) -> None:
    page.goto(live_site)
    start_and_call(page, live_site, [])
    wait_for_kept_files(page, kept_files_of(built_site))  # it asks for the WebAssembly again to keep it
    wasm_loads = [url for url in network.requests if url.endswith(".wasm")]
    link = page.locator("a[href$='policy/']:visible").first
    link.click()
    page.wait_for_url("**/policy/")
    survived = page.evaluate("() => Boolean(globalThis[Symbol.for('ucb.toolkit')])")
    assert survived, "instant navigation reloaded the page, losing the loaded toolkit"
    outcome = start_and_call(page, live_site, [("validate", {"case": SMALL_CASE, "on": ON})])
    assert outcome["results"] == [{"result": {"errors": [], "error_count": 0}}]
    assert [url for url in network.requests if url.endswith(".wasm")] == wasm_loads
    assert len(wasm_loads) == 2  # once to start, once to keep


# When the tool page's toolkit settled (ready or error), and when Material's search worker was fetched.
SETTLED_AT = """new MutationObserver(() => {
  const state = document.querySelector("#ucb-tool")?.dataset.state;
  if ((state === "ready" || state === "error") && !window.__settledAt) window.__settledAt = performance.now();
}).observe(document, { subtree: true, attributes: true, attributeFilter: ["data-state"] });"""
SEARCH_WORKER_FETCHED_AT = """() => performance.getEntriesByType("resource")
  .filter((entry) => entry.name.includes("/workers/search.")).map((entry) => entry.startTime)"""


@pytest.mark.parametrize("starts", [True, False], ids=["toolkit ready", "toolkit failed"])
def test_on_the_tool_page_search_waits_for_the_toolkit_and_then_answers(
    page: Page, live_site: str, built_site: Path, tmp_path: Path, serve_directory, starts: bool
) -> None:
    base = live_site
    if not starts:
        site = copy_of_site(built_site, tmp_path)
        damage(toolkit_wheel(site))
        base = serve_directory(site)
    page.add_init_script(SETTLED_AT)
    page.goto(base + "tool/")
    state = "ready" if starts else "error"
    page.wait_for_selector(f'#ucb-tool[data-state="{state}"]', state="attached", timeout=90_000)
    page.locator(".md-search__input").press_sequentially("appeal")  # keystrokes: Material searches on keyup
    expect(page.locator(".md-search-result__meta")).to_contain_text("matching document", timeout=30_000)
    (fetched_at,) = page.evaluate(SEARCH_WORKER_FETCHED_AT)
    assert fetched_at >= page.evaluate("window.__settledAt")


@pytest.mark.parametrize("page_path", ["tool", "embed-tool"])
def test_the_tool_pages_carry_the_policy_data_and_schemas(built_site: Path, page_path: str) -> None:
    html = (built_site / page_path / "index.html").read_text(encoding="utf-8")
    blocks = dict(re.findall(r'<template id="ucb-data-([a-z-]+)">(.*?)</template>', html, re.S))
    assert set(blocks) == {"policy", "case-schema", "assessment-schema"}
    data = {name: json.loads(unescape(text)) for name, text in blocks.items()}
    # The toolkit's policy, each dated figure with its latest value beside its dated values (as pages show it).
    policy = json.loads(api.call("policy", "{}"))["result"]
    assert data["policy"] == parameters.current(policy)
    for name in ("case", "assessment"):  # the schemas' hints name roles as the policy does
        schema = json.loads(api.call("schema", json.dumps({"name": name})))["result"]
        assert data[f"{name}-schema"] == wording.resolve(schema, policy)


def test_the_published_lock_lists_only_our_wheels_and_they_exist(built_site: Path) -> None:
    runtime = built_site / RUNTIME
    lock = json.loads((runtime / "pyodide-lock.json").read_text(encoding="utf-8"))
    files = {package["file_name"] for package in lock["packages"].values()}
    assert files == {path.name for path in runtime.glob("*.whl")}
    assert set(lock["packages"]) == RUNTIME_PACKAGES


def test_the_published_lock_names_the_runtime_files_it_belongs_to(built_site: Path) -> None:
    # The snapshot and the copies a browser keeps are tied to the lock's sha256, so it must change with the runtime.
    runtime = built_site / RUNTIME
    named = json.loads((runtime / "pyodide-lock.json").read_text(encoding="utf-8"))["tool"]["portsmouth-ucb"][
        "runtime_sha256"
    ]
    assert set(named) == {"pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip"}
    assert named == {name: hashlib.sha256((runtime / name).read_bytes()).hexdigest() for name in named}
