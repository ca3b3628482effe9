"""The tool's runtime client driven from a page: start the toolkit, call it, and read what it kept."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Page
from site_release import TOOL

CLIENT = f"{TOOL}/runtime/client.mjs"

# Loads the client from the site at `base`, waits for `ready` and runs `calls` in order.
# Resolves with the progress phases seen, each call's result (or error) and the worker's timings.
START_AND_CALL = """async ([client, calls, timeoutMs]) => {
  const { getToolkit } = await import(client);
  const toolkit = getToolkit({ timeoutMs });
  const phases = [];
  toolkit.onProgress(({ phase, message }) => phases.push({ phase, message }));
  try {
    await toolkit.ready;
  } catch (error) {
    return { phases, error: error.message, detail: error.detail ?? null };
  }
  const results = [];
  for (const [op, payload] of calls) {
    try {
      results.push({ result: await toolkit.call(op, payload) });
    } catch (error) {
      results.push({ error: error.message, code: error.code ?? null });
    }
  }
  return { phases, results, timings: toolkit.timings };
}"""

SMALL_CASE = {
    "schema_version": "1.0",
    "reference": "RUNTIME-TEST-1",
    "contacts": [
        {
            "at": "2026-10-05",
            "channel": "phone",
            "departments": ["housing"],
            "officers": ["A"],
            "members": [],
            "issues": [],
            "behaviours": [],
        },
    ],
}
ON = "2026-11-27"


# The files this origin keeps in the browser's origin private file system, with their sizes.
KEPT_FILES = """async () => {
  const sizes = {};
  for await (const [name, handle] of (await navigator.storage.getDirectory()).entries()) {
    sizes[name] = await handle.getFile().then((file) => file.size, () => null);
  }
  return sizes;
}"""


def start_and_call(
    page: Page, base: str, calls: list[tuple[str, dict[str, Any]]], timeout_ms: int = 90_000, client: str = CLIENT
) -> dict:
    """START_AND_CALL on the page, with the client at `client` (under `base`)."""
    return page.evaluate(START_AND_CALL, [base + client, calls, timeout_ms])


def phase_names(outcome: dict) -> list[str]:
    names: list[str] = []
    for entry in outcome["phases"]:
        if not names or names[-1] != entry["phase"]:
            names.append(entry["phase"])
    return names
