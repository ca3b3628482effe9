"""Pyodide's private API is reached from one module only, which names each use at its top."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
RUNTIME = ROOT / "docs" / "assets" / "tool" / "runtime"
PRIVATE_MODULE = RUNTIME / "pyodide-private.mjs"
# What the decision tool touches of Pyodide beyond its documented API (see the module's own list).
PRIVATE = [
    "_makeSnapshot",
    "makeMemorySnapshot",
    "_loadSnapshot",
    "createPyodideModule",
    "API.restoreSnapshot",
    "HEAP8",
    "instantiateStreaming",
    "FS.streams",
]
SCRIPTS = sorted([*ROOT.glob("docs/assets/**/*.mjs"), *ROOT.glob("sitebuild/*.mjs")])


def header(path: Path) -> str:
    """The comment lines at the top of a module."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return "\n".join(line for line in lines[: next(i for i, line in enumerate(lines) if not line.startswith("//"))])


@pytest.mark.parametrize("name", PRIVATE)
def test_each_private_use_is_named_at_the_top_of_the_one_module_and_made_nowhere_else(name: str) -> None:
    pattern = re.compile(rf"(?<![\w$]){re.escape(name)}(?![\w$])")
    assert SCRIPTS and PRIVATE_MODULE in SCRIPTS
    elsewhere = [path.relative_to(ROOT).as_posix() for path in SCRIPTS if path != PRIVATE_MODULE and pattern.search(path.read_text(encoding="utf-8"))]
    assert elsewhere == [], f"{name} is used outside {PRIVATE_MODULE.name}"
    assert pattern.search(header(PRIVATE_MODULE)), f"{PRIVATE_MODULE.name} does not name {name} in its list"


def test_only_the_fast_start_and_the_snapshot_maker_import_the_private_module() -> None:
    importers = sorted(
        path.relative_to(ROOT).as_posix()
        for path in SCRIPTS
        if re.search(r"""from\s+["'][^"']*pyodide-private\.mjs["']""", path.read_text(encoding="utf-8"))
    )
    assert importers == ["docs/assets/tool/runtime/start-fast.mjs", "sitebuild/make_snapshot.mjs"]
