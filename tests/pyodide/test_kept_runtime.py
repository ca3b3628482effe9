"""A copy the browser kept is a shortcut, never a wait: when Chromium does not answer opening one
(seen on a busy machine), the start goes on without it and closes it once it opens.

tests/pyodide/kept_open_check.mjs runs docs/assets/tool/runtime/kept-runtime.mjs under Node with a
stand-in origin private file system in which opening one copy stalls.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from site_release import KEPT_STDLIB, KEPT_WASM

HERE = Path(__file__).resolve().parent

pytestmark = pytest.mark.skipif(shutil.which("node") is None, reason="Node.js runs the worker's module for this test")


def kept_with_stalled(name: str, release_after_ms: int = 100) -> dict:
    result = subprocess.run(
        ["node", str(HERE / "kept_open_check.mjs"), name, str(release_after_ms)],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_every_kept_copy_is_used_when_each_opens_with_no_deadline_waited_for() -> None:
    outcome = kept_with_stalled("none")
    assert (outcome["snapshot"], outcome["module"], outcome["stdlib"]) == ("kept", "kept", "a standard library")
    assert outcome["events"][0] == "answers in"


def test_the_kept_snapshot_stays_open_to_be_read_into_place_until_it_is_closed() -> None:
    assert kept_with_stalled("none")["snapshot_open_until_closed"] is True


@pytest.mark.parametrize(
    ("stalled", "given_up"), [(KEPT_STDLIB, "stdlib"), (KEPT_WASM, "module")], ids=["standard library", "webassembly"]
)
def test_a_kept_copy_that_does_not_open_is_given_up_at_a_deadline_and_closed_when_it_does(
    stalled: str, given_up: str
) -> None:
    outcome = kept_with_stalled(stalled)
    assert outcome[given_up] == "not kept"
    assert outcome["snapshot"] == "kept"
    # The answers came when a deadline passed, before the stalled copy opened, not when it did.
    assert outcome["events"].index("a timer went off") < outcome["events"].index("answers in")
    assert outcome["events"].index("answers in") < outcome["events"].index("the stalled copy opened")
    assert outcome["late_handle_closed"] is True
