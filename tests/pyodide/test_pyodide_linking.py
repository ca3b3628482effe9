"""The shipped Pyodide loader links only what the runtime itself needs at start-up, and the rest
before any C extension loads (docs/hooks/pyodide_linking.py).

tests/pyodide/linking_check.mjs starts a runtime under Node, records its table of globals (the
GOT), then loads an empty C extension and records it again: once for the npm package's own
runtime and once for the built site's.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from mkdocs.exceptions import PluginError

sys.path.insert(0, str(Path(__file__).resolve().parent))
from pyodide_linking import CHANGES, Change, linked_sooner
from site_release import RUNTIME

HERE = Path(__file__).resolve().parent
NPM_RUNTIME = HERE.parents[1] / "node_modules" / "pyodide"

needs_node = pytest.mark.skipif(shutil.which("node") is None, reason="Node.js runs Pyodide for this test")


def linking(runtime: Path) -> dict:
    result = subprocess.run(
        ["node", str(HERE / "linking_check.mjs"), str(runtime)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def npm() -> dict:
    return linking(NPM_RUNTIME)


@pytest.fixture(scope="module")
def shipped(built_site: Path) -> dict:
    return linking(built_site / RUNTIME)


@needs_node
def test_the_shipped_runtime_starts_with_only_the_got_entries_it_imports(npm: dict, shipped: dict) -> None:
    assert set(shipped["at_start"]["names"]) < set(npm["at_start"]["names"])
    assert len(shipped["at_start"]["names"]) * 10 < len(npm["at_start"]["names"])
    assert shipped["at_start"]["unresolved"] == []
    # No table slots for the functions left out.
    assert shipped["table_at_start"] < npm["table_at_start"]


@needs_node
def test_a_c_extension_finds_every_entry_the_npm_runtime_would_have_given_it(npm: dict, shipped: dict) -> None:
    assert shipped["after_extension"]["names"] == npm["after_extension"]["names"] == npm["at_start"]["names"]
    assert shipped["after_extension"]["unresolved"] == []


@needs_node
def test_python_answers_the_same_on_both_runtimes(npm: dict, shipped: dict) -> None:
    assert shipped["answers"] == npm["answers"] == [["a", 1], ["b", 2]]


def test_every_change_matches_the_pinned_loader_once(built_site: Path) -> None:
    loader = linked_sooner((NPM_RUNTIME / "pyodide.asm.mjs").read_text(encoding="utf-8"))
    assert all(change.replace in loader for change in CHANGES)
    assert (built_site / RUNTIME / "pyodide.asm.mjs").read_text(encoding="utf-8") == loader


@pytest.mark.parametrize("change", CHANGES, ids=[change.name for change in CHANGES])
def test_a_loader_that_differs_stops_the_build_naming_the_change(change: Change) -> None:
    loader = (NPM_RUNTIME / "pyodide.asm.mjs").read_text(encoding="utf-8").replace(change.find, "")
    with pytest.raises(PluginError, match=re.escape(f"'{change.name}'")):
        linked_sooner(loader)
