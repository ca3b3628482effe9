"""`make bench`: how fast the decision tool starts and answers. Not part of the test suite.

Builds the site into a temporary folder under the sub-path /site/ (or measures a site built
already, `--site DIR`), serves it and a bare page that only runs the stock npm runtime's
`loadPyodide()` with `make serve`'s own server (sitebuild/serve.py, in a process of its own, gzip
as a web server sends it) on 127.0.0.1, and measures with headless Chromium, each figure at least
`--runs` times, each run after a second's pause:

1. navigation -> the tool's first question is interactive (cold cache): the wizard has drawn its
   first step with its handlers (`#ucb-tool[data-step]`);
2. navigation -> toolkit ready (`#ucb-tool[data-state=ready]`), cold and warm cache, against the
   bare page's navigation -> `loadPyodide()` resolved, measured in the same run;
3. a manager's quickest journey to the first action that needs Python, cold and warm: upload a
   saved case file on the start page (the toolkit reads it), then press "See the result" on the
   case's task list, each a fixed pace (`PACE_MS`) after the page is ready for it: how long that action
   waited for Python (0 when Python was ready first);
4. one validation round-trip through the worker;
5. assessing a 10,000-contact case in Pyodide (through the worker) and in CPython;
6. bytes transferred for a policy page and for the tool page (the encoded body sizes the browser
   received, worker requests included).

Warm figures use a persistent browser profile, as a manager's browser is: the HTTP cache holds the
runtime, and the origin private file system the copies a first visit kept (the priming visit waits
until they are kept). They are measured after two kinds of first visit: one that worked through
the example cases as a manager works through a case (checks, assessment, report, letters) and
stayed a few seconds on the result, and one that only opened the tool. The bare page's priming
visit stays as long, so Chromium may keep its compiled code (it keeps only code a visit made hot).
With `--levers`, it also builds the site with the fast start off (plain Pyodide) and measures it,
with source wheels instead of bytecode, and the fast start without the copies kept in the browser,
to show what each start-up lever is worth.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from browser_launch import chromium_launch_options  # tests/, this script's folder
from generated_cases import contact_log_case
from playwright.sync_api import Browser, BrowserContext, Page, Request, sync_playwright
from site_release import KEPT_SNAPSHOT, KEPT_STDLIB, KEPT_WASM

from sitebuild import pyodide_bundle
from sitebuild.build import build
from sitebuild.release import built_release
from ucb import api

ROOT = Path(__file__).resolve().parents[1]
CORE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json")
ON = "2026-11-27"
TIMEOUT_MS = 120_000
QUIET_S = 1.0
# The journey's pace: each step this long after the page is ready for it, faster than anyone reads a page.
PACE_MS = 500
JOURNEY_CASE = ROOT / "examples" / "report_june_2023.json"

BARE_PAGE = """<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8"><title>Bare loadPyodide()</title></head>
<body><p>Bare Pyodide start-up, for comparison.</p>
<script type="module">
import { loadPyodide } from "./pyodide/pyodide.mjs";
await loadPyodide({ indexURL: new URL("./pyodide/", import.meta.url).href });
window.__bareReady = performance.now();
</script></body></html>
"""

# Records, relative to navigation start, when the wizard has drawn its first step (it sets data-step
# once the step and its handlers are in place), when the toolkit is ready, when a saved case is chosen
# on the start page (the journey's first action that needs Python: the toolkit reads the file) and when
# the result is shown.
MARKS_SCRIPT = """
window.__marks = {};
new MutationObserver(() => {
  const root = document.getElementById("ucb-tool");
  if (!root) return;
  if (!window.__marks.question && root.dataset.step) window.__marks.question = performance.now();
  if (!window.__marks.ready && root.dataset.state === "ready") window.__marks.ready = performance.now();
  if (!window.__marks.result && document.getElementById("ucb-outcome")) window.__marks.result = performance.now();
}).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ["data-state", "data-step"] });
document.addEventListener("change", (event) => {
  if (!window.__marks.action && event.target.closest("#ucb-upload-case")) window.__marks.action = performance.now();
}, true);
"""

# The files the site keeps in the origin private file system (the copies a visit kept), or removes them.
KEPT_NAMES = {KEPT_SNAPSHOT, KEPT_WASM, KEPT_STDLIB}
KEPT_FILES = """async (remove) => {
  const dir = await navigator.storage.getDirectory();
  const names = [];
  for await (const name of dir.keys()) names.push(name);
  if (remove) for (const name of names) await dir.removeEntry(name);
  return names;
}"""

# The page's toolkit client, found from the tool page's own preload (it is in the build's release folder).
CLIENT = """document.querySelector('link[rel="modulepreload"][href$="/runtime/client.mjs"]').href"""


def with_client(script: str) -> str:
    """A page script that imports the toolkit client where it says `CLIENT`."""
    return script.replace("CLIENT", CLIENT)


WORKER_TIMINGS = with_client("""async () => {
  const { getToolkit } = await import(CLIENT);
  return getToolkit().timings;
}""")

# A manager's work on each case: check it, assess it, and draft the report, evidence pack and a letter.
WORK_THROUGH = with_client("""async ([cases, on]) => {
  const { getToolkit } = await import(CLIENT);
  const toolkit = getToolkit();
  await toolkit.ready;
  const ops = [["validate", {}], ["assess", {}], ["report", {}], ["evidence_pack", {}], ["letter", { kind: "step_one" }]];
  let done = 0;
  for (const kase of cases) {
    for (const [op, extra] of ops) {
      try {
        await toolkit.call(op, { case: kase, on, ...extra });
        done++;
      } catch {
        // An example a letter does not fit (say, one with no step one yet) is still worked through.
      }
    }
  }
  return done;
}""")
STAY_ON_RESULT_MS = 5_000  # reading the result; Chromium keeps hot code once none is compiled for 2 s

TIME_CALLS = with_client("""async ([op, payload, times]) => {
  const { getToolkit } = await import(CLIENT);
  const toolkit = getToolkit();
  await toolkit.ready;
  const durations = [];
  for (let i = 0; i < times; i++) {
    const start = performance.now();
    await toolkit.call(op, payload);
    durations.push(performance.now() - start);
  }
  return durations;
}""")


# --- building and serving ----------------------------------------------------------------


@contextmanager
def serve(directory: Path, port: int) -> Iterator[None]:
    """`make serve`'s server for `directory` on 127.0.0.1:port, in a process of its own."""
    server = subprocess.Popen(
        [sys.executable, "-m", "sitebuild.serve", "--directory", str(directory), "--bind", "127.0.0.1", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            with socket.socket() as sock:
                if sock.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.05)
        yield
    finally:
        server.terminate()
        server.wait()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def build_site(dest: Path, site_url: str, *, fast_start: bool = True) -> None:
    result = build(dest, site_url, fast_start=fast_start)
    if result.returncode != 0:
        sys.exit(f"The site did not build:\n{result.stdout}{result.stderr}")


def write_bare_page(dest: Path) -> None:
    runtime = dest / "pyodide"
    runtime.mkdir(parents=True)
    for name in CORE_FILES:
        shutil.copy2(ROOT / "node_modules" / "pyodide" / name, runtime / name)
    (dest / "index.html").write_text(BARE_PAGE, encoding="utf-8")


def lever_variants(top: Path, base: str) -> dict[str, Path]:
    """Sites with start-up levers taken away, in `top`: the fast start off, and then bytecode too."""
    plain = top / "site-plain"
    build_site(plain, f"{base}{plain.name}/", fast_start=False)
    source_wheels = top / "site-plain-source-wheels"
    shutil.copytree(plain, source_wheels)
    runtime = built_release(source_wheels) / "pyodide"
    for wheel in runtime.glob("*.whl"):
        wheel.unlink()
    bundle = pyodide_bundle
    wheels = [bundle.toolkit_wheel(runtime), *bundle.dependency_wheels(runtime), bundle.rpds_shim_wheel(runtime)]
    bundle.write_lock(wheels, wheels, runtime)
    return {"fast start off (plain Pyodide)": plain, "fast start off, source wheels": source_wheels}


# --- the cases -------------------------------------------------------------------------


SMALL_CASE = {
    "schema_version": "1.0",
    "reference": "BENCH-1",
    "contacts": [
        {
            "at": "2026-11-02",
            "channel": "phone",
            "departments": ["Housing"],
            "officers": ["Officer 1"],
            "members": [],
            "issues": [],
            "behaviours": [],
        }
    ],
}


def example_cases() -> list[dict]:
    return [
        json.loads(path.read_text(encoding="utf-8"))
        for path in sorted((ROOT / "examples").glob("*.json"))
        if path.name != "expected.json"
    ]


# --- measuring -------------------------------------------------------------------------


def marks(page: Page) -> dict:
    """The page's marks, with the worker's own timings under `worker`."""
    return {**page.evaluate("() => window.__marks"), "worker": page.evaluate(WORKER_TIMINGS)}


def load_tool(page: Page, url: str) -> dict:
    """The marks (`question`, `ready`) of opening the tool page and waiting until the toolkit is ready."""
    page.goto(url)
    # Not wait_for_function: the site's Content Security Policy blocks the eval it needs.
    page.wait_for_selector('#ucb-tool[data-state="ready"]', state="attached", timeout=TIMEOUT_MS)
    return marks(page)


def journey(page: Page, url: str) -> dict:
    """The marks (`question`, `ready`, `action`, `result`) of a manager's quickest way to a result:
    upload a saved case on the start page (it opens at the case's task list), then press "See the result", each PACE_MS after
    the page is ready for it."""
    page.goto(url)
    page.wait_for_selector("#ucb-tool[data-step]", state="attached", timeout=TIMEOUT_MS)
    page.wait_for_timeout(PACE_MS)
    page.set_input_files(
        "#ucb-upload-case",
        files=[{"name": JOURNEY_CASE.name, "mimeType": "application/json", "buffer": JOURNEY_CASE.read_bytes()}],
    )
    page.wait_for_selector('#ucb-tool[data-step="tasks"]', state="attached", timeout=TIMEOUT_MS)
    page.wait_for_timeout(PACE_MS)
    page.click("#ucb-tasks-result")
    page.wait_for_selector("#ucb-outcome", state="attached", timeout=TIMEOUT_MS)
    return marks(page)


def waited(journey_marks: dict) -> float:
    """How long the journey's first action that needs Python waited for it, in ms (0 if Python was ready first)."""
    return max(0.0, journey_marks["ready"] - journey_marks["action"])


def load_tool_without_kept_copies(page: Page, other_url: str, tool_url: str) -> dict:
    """`load_tool` after removing the kept copies from another page of the site."""
    page.goto(other_url)
    page.evaluate(KEPT_FILES, True)
    return load_tool(page, tool_url)


def work_through(page: Page, cases: list[dict]) -> None:
    """A first visit's work: every example case checked, assessed, reported and written to, then a pause on the result."""
    if page.evaluate(WORK_THROUGH, [cases, ON]) < len(cases) * 4:
        sys.exit("The tool could not work through the example cases.")
    page.wait_for_timeout(STAY_ON_RESULT_MS)


def kept_sources(start: dict) -> tuple[str, str, str]:
    """Where a start's snapshot, WebAssembly and standard library came from ("kept" or "downloaded")."""
    worker = start["worker"]
    return worker.get("snapshot"), worker.get("wasm"), worker.get("stdlib")


def wait_until_kept(page: Page) -> None:
    """Let a first visit that restored the snapshot keep its copies, as a manager's would while
    reading the first question (a plain build keeps none)."""
    if not page.evaluate(WORKER_TIMINGS).get("restored"):
        return
    for _ in range(150):
        if set(page.evaluate(KEPT_FILES, False)) >= KEPT_NAMES:
            return
        page.wait_for_timeout(200)
    sys.exit("The tool did not keep its snapshot, WebAssembly and standard library in the browser within 30 s.")


def load_bare(page: Page, url: str) -> float:
    page.goto(url)
    page.wait_for_function("() => window.__bareReady", timeout=TIMEOUT_MS)
    return page.evaluate("() => window.__bareReady")


def quiet() -> None:
    """Start each run on a quiet machine, not while the browser is still closing the last run's tab."""
    time.sleep(QUIET_S)


def cold(browser: Browser, measure: Callable[[Page], object]) -> object:
    quiet()
    context = browser.new_context()
    context.add_init_script(MARKS_SCRIPT)
    try:
        return measure(context.new_page())
    finally:
        context.close()


def warm(context: BrowserContext, measure: Callable[[Page], object]) -> object:
    quiet()
    page = context.new_page()
    try:
        return measure(page)
    finally:
        page.close()


def persistent_context(playwright, profile: Path) -> BrowserContext:  # type: ignore[no-untyped-def]
    context = playwright.chromium.launch_persistent_context(str(profile), headless=True, **chromium_launch_options())
    context.add_init_script(MARKS_SCRIPT)
    return context


def bytes_for(browser: Browser, load: Callable[[Page], object]) -> list[tuple[str, int]]:
    """Each URL a fresh context fetched (its worker's too) while loading a page, with the encoded
    body size received, once the page has gone quiet."""
    context = browser.new_context()
    context.add_init_script(MARKS_SCRIPT)
    finished: list[Request] = []
    context.on("requestfinished", lambda request: finished.append(request))
    page = context.new_page()
    load(page)
    page.wait_for_load_state("networkidle")
    received = [(request.url, request.sizes()["responseBodySize"]) for request in finished]
    context.close()
    return received


def cpython_assess_ms(case: dict, runs: int) -> list[float]:
    payload = json.dumps({"case": case, "on": ON})
    durations = []
    for _ in range(runs):
        start = time.perf_counter()
        reply = json.loads(api.call("assess", payload))
        durations.append((time.perf_counter() - start) * 1000)
        if not reply["ok"] or reply["result"]["assessment"] is None:
            sys.exit(f"CPython could not assess the benchmark case: {reply}")
    return durations


# --- reporting -------------------------------------------------------------------------


def row(name: str, values: list[float], unit: str = "ms", bare: list[float] | None = None, target: str = "") -> str:
    low, mid, high = min(values), statistics.median(values), max(values)
    ratio = f"{mid / statistics.median(bare):.2f}x" if bare else ""
    return f"| {name} | {len(values)} | {low:,.1f} | {mid:,.1f} | {high:,.1f} | {unit} | {ratio} | {target} |"


def journey_row(name: str, runs: list[dict], target: str = "never waits") -> str:
    """The wait of the journey's first Python action, with how many runs waited at all."""
    waits = [waited(run) for run in runs]
    slack = statistics.median(run["action"] - run["ready"] for run in runs)
    count = sum(1 for wait in waits if wait > 0)
    return row(
        name,
        waits,
        target=f"{target}; waited in {count} of {len(runs)}; Python ready {slack:,.0f} ms before it (median)",
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--levers", action="store_true", help="also measure start-up without each lever")
    parser.add_argument("--site", type=Path, help="measure this built site instead of building one")
    args = parser.parse_args()
    runs = args.runs

    load_before = os.getloadavg()[0]
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    with tempfile.TemporaryDirectory(prefix="ucb-bench-") as tmp:
        top = Path(tmp)
        if args.site:
            shutil.copytree(args.site, top / "site")
        else:
            print("Building the site for the benchmark...", file=sys.stderr)
            build_site(top / "site", base + "site/")
        write_bare_page(top / "bare")
        variants = lever_variants(top, base) if args.levers else {}
        tool_url, policy_url, bare_url = base + "site/tool/", base + "site/policy/", base + "bare/"
        policy = json.loads(api.call("policy", "{}"))["result"]
        big = contact_log_case(policy, 10_000, dt.date.fromisoformat(ON))

        with serve(top, port), sync_playwright() as playwright:
            browser = playwright.chromium.launch(**chromium_launch_options())
            results: dict[str, list[float]] = {
                k: [] for k in ("bare_cold", "bare_warm", "question", "ready_cold", "ready_warm", "ready_opened")
            }
            journeys: dict[str, list[dict]] = {"cold": [], "warm": []}
            print("Cold start-up...", file=sys.stderr)
            for _ in range(runs):  # interleaved, so all see the same machine load
                results["bare_cold"].append(cold(browser, lambda page: load_bare(page, bare_url)))
                start = cold(browser, lambda page: load_tool(page, tool_url))
                results["question"].append(start["question"])
                results["ready_cold"].append(start["ready"])
                journeys["cold"].append(cold(browser, lambda page: journey(page, tool_url)))

            lever_results: dict[str, list[float]] = {name: [] for name in variants}
            lever_bare: list[float] = []
            for _ in range(runs if variants else 0):
                lever_bare.append(cold(browser, lambda page: load_bare(page, bare_url)))
                for name, folder in variants.items():
                    url = f"{base}{folder.name}/tool/"
                    lever_results[name].append(cold(browser, lambda page, url=url: load_tool(page, url))["ready"])

            print("Warm start-up...", file=sys.stderr)
            bare_profile = persistent_context(playwright, top / "profile-bare")
            tool_profile, opened_profile, journey_profile = (
                persistent_context(playwright, top / "profile-tool"),
                persistent_context(playwright, top / "profile-opened"),
                persistent_context(playwright, top / "profile-journey"),
            )
            warm(bare_profile, lambda page: (load_bare(page, bare_url), page.wait_for_timeout(STAY_ON_RESULT_MS)))
            cases = example_cases()
            warm(
                tool_profile, lambda page: (load_tool(page, tool_url), wait_until_kept(page), work_through(page, cases))
            )
            for profile in (opened_profile, journey_profile):
                warm(profile, lambda page: (load_tool(page, tool_url), wait_until_kept(page)))
            warm_sources = []
            for _ in range(runs):
                results["bare_warm"].append(warm(bare_profile, lambda page: load_bare(page, bare_url)))
                start = warm(tool_profile, lambda page: load_tool(page, tool_url))
                results["ready_warm"].append(start["ready"])
                warm_sources.append(kept_sources(start))
                start = warm(opened_profile, lambda page: load_tool(page, tool_url))
                results["ready_opened"].append(start["ready"])
                warm_sources.append(kept_sources(start))
                journeys["warm"].append(warm(journey_profile, lambda page: journey(page, tool_url)))
            for profile in (bare_profile, opened_profile, journey_profile):
                profile.close()

            unkept: list[float] = []
            plain_warm: list[float] = []
            if args.levers:
                profile = persistent_context(playwright, top / "profile-unkept")
                plain_url = f"{base}{next(iter(variants.values())).name}/tool/"
                plain_profile = persistent_context(playwright, top / "profile-plain")
                warm(profile, lambda page: load_tool(page, tool_url))
                warm(plain_profile, lambda page: load_tool(page, plain_url))
                for _ in range(runs):
                    unkept.append(
                        warm(profile, lambda page: load_tool_without_kept_copies(page, policy_url, tool_url))["ready"]
                    )
                    plain_warm.append(warm(plain_profile, lambda page: load_tool(page, plain_url))["ready"])
                profile.close()
                plain_profile.close()

            print("Round-trips and the 10,000-contact case...", file=sys.stderr)
            page = tool_profile.new_page()
            load_tool(page, tool_url)
            validate = page.evaluate(TIME_CALLS, ["validate", {"case": SMALL_CASE, "on": ON}, max(runs, 20)])
            assess_pyodide = page.evaluate(TIME_CALLS, ["assess", {"case": big, "on": ON}, runs])
            tool_profile.close()
            assess_cpython = cpython_assess_ms(big, runs)

            print("Bytes...", file=sys.stderr)
            policy = [bytes_for(browser, lambda page: page.goto(policy_url)) for _ in range(runs)]
            tool = [bytes_for(browser, lambda page: load_tool(page, tool_url)) for _ in range(runs)]
            policy_bytes = [sum(size for _, size in received) for received in policy]
            tool_bytes = [sum(size for _, size in received) for received in tool]
            policy_pyodide = sorted({url for received in policy for url, _ in received if "pyodide" in url})
            policy_largest = sorted(set(policy[0]), key=lambda item: -item[1])[:6]
            tool_largest = sorted(set(tool[0]), key=lambda item: -item[1])[:4]
            browser.close()

    print(
        f"\nDecision tool benchmark: {runs} runs each, headless Chromium, site on 127.0.0.1 by `make serve`'s server (gzip), "
        f"{os.cpu_count()} CPU cores, load average {load_before:.1f} before and {os.getloadavg()[0]:.1f} after\n"
    )
    print("| figure | runs | min | median | max | unit | ratio to bare | target |")
    print("|---|---|---|---|---|---|---|---|")
    print(row("bare `loadPyodide()` page, cold", results["bare_cold"]))
    print(row("bare `loadPyodide()` page, warm", results["bare_warm"]))
    print(row("1. navigation -> first question, cold", results["question"], target="<= 300 ms"))
    print(
        row(
            "2. navigation -> toolkit ready, cold",
            results["ready_cold"],
            bare=results["bare_cold"],
            target="<= 0.5x bare",
        )
    )
    print(
        row(
            "2. navigation -> toolkit ready, warm (first visit used the tool)",
            results["ready_warm"],
            bare=results["bare_warm"],
            target="<= 600 ms",
        )
    )
    print(
        row(
            "2. navigation -> toolkit ready, warm (first visit only opened it)",
            results["ready_opened"],
            bare=results["bare_warm"],
            target="<= 600 ms",
        )
    )
    print(journey_row("3. journey: first Python action's wait, cold", journeys["cold"]))
    print(journey_row("3. journey: first Python action's wait, warm", journeys["warm"]))
    print(row("4. validate round-trip", validate, target="<= 30 ms median"))
    print(row("5. assess 10,000 contacts, Pyodide", assess_pyodide, target="<= 1,500 ms"))
    print(row("5. assess 10,000 contacts, CPython", assess_cpython, target="<= 300 ms"))
    print(row("6. bytes, policy page", [b / 1000 for b in policy_bytes], unit="KB", target="<= 200 KB, no Pyodide"))
    print(row("6. bytes, tool page", [b / 1000 for b in tool_bytes], unit="KB"))
    for name, made in journeys.items():
        at = [(run["question"], run["action"], run["ready"], run["result"]) for run in made]
        print(
            f"\nJourney, {name} (ms from navigation: first question, first Python action, toolkit ready, result shown): "
            + "; ".join(", ".join(f"{mark:,.0f}" for mark in run) for run in at)
        )
    print(
        f"\nWarm starts that used the snapshot, WebAssembly and standard library the first visit kept: "
        f"{warm_sources.count(('kept', 'kept', 'kept'))} of {len(warm_sources)}"
    )
    print(f"Pyodide files requested by the policy page: {policy_pyodide or 'none'}")
    print(
        "Largest files on the policy page: "
        + ", ".join(f"{url.removeprefix(base)} {size / 1000:,.1f} KB" for url, size in policy_largest)
    )
    print(
        "Largest files on the tool page: "
        + ", ".join(f"{url.removeprefix(base)} {size / 1000:,.1f} KB" for url, size in tool_largest)
    )
    if variants:
        print("\nStart-up levers: navigation -> toolkit ready, cold, each against the bare page in the same runs\n")
        print("| site | runs | min | median | max | unit | ratio to bare | target |")
        print("|---|---|---|---|---|---|---|---|")
        print(row("bare `loadPyodide()` page", lever_bare))
        print(row("as built (fast start, bytecode)", results["ready_cold"], bare=results["bare_cold"]))
        for name, values in lever_results.items():
            print(row(name, values, bare=lever_bare))
        print("\nWarm: navigation -> toolkit ready\n")
        print("| site | runs | min | median | max | unit | ratio to bare | target |")
        print("|---|---|---|---|---|---|---|---|")
        print(
            row(
                "as built (kept snapshot, WebAssembly and standard library)",
                results["ready_opened"],
                bare=results["bare_warm"],
            )
        )
        print(
            row(
                "fast start without the kept copies (the snapshot from the HTTP cache)",
                unkept,
                bare=results["bare_warm"],
            )
        )
        print(row("fast start off (plain Pyodide)", plain_warm, bare=results["bare_warm"]))


if __name__ == "__main__":
    main()
