"""Where a build of these sources keeps the tool's files: one release folder named by a hash of them
(docs/hooks/pyodide_bundle.py), with the page's scripts in `tool/` and the runtime in `pyodide/`."""

from __future__ import annotations

from pyodide_bundle import inputs_hash  # docs/hooks/, put on sys.path by conftest.py
from release import release_folder

RELEASE = release_folder(inputs_hash())
TOOL = f"{RELEASE}/tool"
RUNTIME = f"{RELEASE}/pyodide"
