"""`make bench`: how fast the register reads a folder of case files, in the browser and on the command line.
Not part of the test suite.

Makes `--files` case files (1,000 by default) from the examples, each with its own reference and standing
as its example does, as at a day up to a month before today (tests/register_folders.py), then:

1. the browser register (headless Chromium, the built site served by `make serve`'s server): the files
   chosen on the register page once the toolkit is ready, to the register shown; and the same with the
   files chosen once the page has settled (its second toolkit started, and both warmed), as a manager
   picking a folder gives it time to. Also reported: the reading alone, the longest main-thread task
   meanwhile, and the page's JavaScript heap after;
2. `ucb register DIR --format json` as a command (Python's start included), and the same work timed inside
   Python (reading the files into entries, shared among the cores as the command does, then the views), and
   read in one process alone; and the command on an empty folder, which is Python's start and imports.

Targets (from the issue): the browser register within 2 s, and in CPython within 0.5 s, for 1,000 files (the
register's work; Python's own start, which any command pays once, is shown apart).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from bench import build_site, free_port, serve  # tests/, this script's folder
from browser_launch import chromium_launch_options
from playwright.sync_api import sync_playwright
from register_folders import realistic_folder

from ucb import load_policy, register
from ucb.register_folder import processes_for, read_folder

TIMEOUT_MS = 600_000
LONG_TASKS = """window.__longTasks = [];
new PerformanceObserver((list) => {
  for (const task of list.getEntries()) window.__longTasks.push([task.startTime, task.duration]);
}).observe({ type: "longtask", buffered: true });"""
MEASURED = """() => {
  const mark = (name) => performance.getEntriesByName(name, "mark").at(-1).startTime;
  const [chosen, read, views, shown] = ["chosen", "read", "views", "shown"].map((name) => mark(`ucb-register:${name}`));
  const tasks = window.__longTasks.filter(([at]) => at >= chosen && at <= shown).map(([, ms]) => ms);
  return { read: read - chosen, views: views - read, drawn: shown - views, shown: shown - chosen, longest: Math.max(0, ...tasks), heap: performance.memory?.usedJSHeapSize ?? null };
}"""


def browser_runs(url: str, files: list[Path], runs: int, *, settled: bool = False) -> list[dict]:
    """Each run in a fresh browser context: open the register, wait for the toolkit (and with `settled`,
    for every toolkit the page starts to be ready and warmed), choose the files."""
    results = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(**chromium_launch_options())
        for _ in range(runs):
            time.sleep(1.0)
            context = browser.new_context()
            context.add_init_script(LONG_TASKS)
            page = context.new_page()
            page.goto(url)
            page.wait_for_selector("#ucb-register[data-state='ready']", state="attached", timeout=TIMEOUT_MS)
            page.wait_for_load_state("networkidle")
            if settled:
                page.wait_for_selector("#ucb-register[data-readers]", state="attached", timeout=TIMEOUT_MS)
            page.set_input_files("#ucb-register-files", files)
            page.wait_for_selector("#ucb-register[data-phase='shown']", state="attached", timeout=TIMEOUT_MS)
            results.append(page.evaluate(MEASURED))
            context.close()
        browser.close()
    return results


def command_ms(folder: Path, on: str, runs: int) -> list[float]:
    ucb = Path(sys.executable).with_name("ucb")
    durations = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(
            [str(ucb), "register", str(folder), "--on", on, "--format", "json"], check=True, capture_output=True
        )
        durations.append((time.perf_counter() - start) * 1000)
    return durations


def in_process_ms(folder: Path, on: str, runs: int, processes: int | None = None) -> list[float]:
    day = date.fromisoformat(on)
    load_policy()
    durations = []
    for _ in range(runs):
        start = time.perf_counter()
        entries, refused = read_folder(folder, on=day, processes=processes)
        register.views(entries, refused, on=day, within_days=30)
        durations.append((time.perf_counter() - start) * 1000)
    return durations


def row(name: str, values: list[float], unit: str = "ms", target: str = "") -> str:
    return f"| {name} | {len(values)} | {min(values):,.0f} | {statistics.median(values):,.0f} | {max(values):,.0f} | {unit} | {target} |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--site", type=Path, help="measure this built site instead of building one")
    args = parser.parse_args()
    on = date.today().isoformat()
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="ucb-bench-register-") as tmp:
        top = Path(tmp)
        folder = top / "cases"
        size = realistic_folder(folder, args.files, date.today())
        files = sorted(folder.glob("*.json"))
        print(f"CPython: {args.files:,} files...", file=sys.stderr)
        command = command_ms(folder, on, args.runs)
        (top / "empty").mkdir()
        empty = command_ms(top / "empty", on, args.runs)
        inside = in_process_ms(folder, on, args.runs)
        alone = in_process_ms(folder, on, args.runs, processes=1)
        port = free_port()
        base = f"http://127.0.0.1:{port}/"
        if args.site:
            site = args.site
        else:
            print("Building the site for the benchmark...", file=sys.stderr)
            site = top / "site"
            build_site(site, base)
        print(f"Browser: {args.files:,} files...", file=sys.stderr)
        with serve(site, port):
            browser = browser_runs(base + "register/", files, args.runs)
            settled = browser_runs(base + "register/", files, args.runs, settled=True)

    per_file = statistics.median(r["shown"] for r in browser) / args.files
    print(
        f"\nRegister benchmark: {args.files:,} case files ({size / 1e6:,.1f} MB, {size / args.files / 1000:,.1f} KB each on average), "
        f"{args.runs} runs each, headless Chromium, {os.cpu_count()} CPU cores, load average {load_before:.1f} before and "
        f"{os.getloadavg()[0]:.1f} after\n"
    )
    print("| figure | runs | min | median | max | unit | target |")
    print("|---|---|---|---|---|---|---|")
    target = " (1,000 files)" if args.files != 1000 else ""
    print(row("browser: files chosen -> register shown", [r["shown"] for r in browser], target=f"<= 2,000 ms{target}"))
    print(
        row(
            "browser: the same, files chosen once the page has settled (both toolkits started and warmed)",
            [r["shown"] for r in settled],
        )
    )
    print(row("browser: files chosen -> every file read", [r["read"] for r in browser]))
    print(row("browser: then the views (`register_views`)", [r["views"] for r in browser]))
    print(row("browser: then the register drawn", [r["drawn"] for r in browser]))
    print(row("browser: longest main-thread task meanwhile", [r["longest"] for r in browser], target="< 200 ms"))
    if all(r["heap"] for r in browser):
        print(row("browser: page's JavaScript heap after", [r["heap"] / 1e6 for r in browser], unit="MB"))
    print(row("`ucb register DIR --format json` (the command, Python's start included)", command))
    print(row("the command on an empty folder (Python's start and the toolkit's import alone)", empty))
    print(
        row(
            f"`ucb register`'s work timed inside Python ({processes_for(args.files)} processes)",
            inside,
            target=f"<= 500 ms{target}",
        )
    )
    print(row("the same work in one process alone", alone))
    print(
        f"\nBrowser, per file: {per_file:,.2f} ms; CPython in one process, per file: {statistics.median(alone) / args.files:,.2f} ms"
    )


if __name__ == "__main__":
    main()
