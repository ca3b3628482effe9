"""The tool built with the fast start off (`UCB_FAST_START=false`): Pyodide's public API only.

This is the tool a Pyodide release that changes its private API still gives. It must start, answer
as CPython does, and carry a manager through to a result, without ever asking for the snapshot or
the module that uses Pyodide's private API, and without keeping anything in the browser.
"""

from __future__ import annotations

import json
from pathlib import Path

from playwright.sync_api import Page, expect
from toolkit_client import KEPT_FILES, ON, SMALL_CASE, phase_names, start_and_call
from wizard_pages import about, circumstances, fill_date, open_tool, outcome_title, skip_to_check, to_result

from sitebuild.release import built_release
from ucb import api

FAST_ONLY = ("snapshot.bin.gz", "pyodide-private.mjs", "kept-runtime.mjs", "snapshot.mjs")


def test_the_plain_tool_starts_and_assesses_as_cpython_does(
    page: Page, plain_build: Path, plain_site: str, network
) -> None:
    page.goto(plain_site)
    payload = {"case": SMALL_CASE, "on": ON}
    outcome = start_and_call(
        page,
        plain_site,
        [("validate", payload), ("assess", payload)],
        client=f"{built_release(plain_build).relative_to(plain_build)}/tool/runtime/client.mjs",
    )
    assert "error" not in outcome, outcome
    assert phase_names(outcome) == ["runtime", "packages", "toolkit", "ready"]
    assert (outcome["timings"]["start"], outcome["timings"]["restored"]) == ("plain", False)
    validation, assessment = outcome["results"]
    assert validation == {"result": json.loads(api.call("validate", json.dumps(payload)))["result"]}
    assert assessment == {"result": json.loads(api.call("assess", json.dumps(payload)))["result"]}
    assert assessment["result"]["assessment"]["outcome"]["id"]
    asked = [url for url in network.requests if url.endswith(FAST_ONLY)]
    assert asked == [], f"the plain tool asked for the fast start's files: {asked}"
    assert page.evaluate(KEPT_FILES) == {}, "the plain tool kept files in the browser"
    shipped = sorted(path.name for path in built_release(plain_build).rglob("*") if path.name.endswith(FAST_ONLY))
    assert shipped == [], f"the plain build ships the fast start's files: {shipped}"


def test_a_manager_reaches_a_result_on_the_plain_tool(page: Page, plain_site: str) -> None:
    open_tool(page, plain_site)
    about(page, "PLAIN-1")
    circumstances(page, complaint=True, stage="Stage one")
    skip_to_check(page)
    fill_date(page, "Assess as at", ON)
    assert to_result(page) == "use_complaints_policy"
    expect(page.locator(".ucb-outcome__title")).to_have_text(outcome_title("use_complaints_policy"))
