"""Where a build of these sources (the fast start on) keeps the tool's files: one release folder named
by a hash of them (sitebuild/release.py), with the page's scripts in `tool/` and the runtime in
`pyodide/`; and the names a browser keeps its copies of runtime files under in its origin private
file system (docs/assets/tool/runtime/kept-runtime.mjs), in the order a first visit keeps them."""

from __future__ import annotations

from sitebuild.release import this_release

RELEASE = this_release(fast=True)
TOOL = f"{RELEASE}/tool"
RUNTIME = f"{RELEASE}/pyodide"

KEPT_SNAPSHOT = "ucb-toolkit-snapshot.bin"
KEPT_WASM = "ucb-toolkit-runtime.wasm.bin"
KEPT_STDLIB = "ucb-toolkit-stdlib.zip.bin"
