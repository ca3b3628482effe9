"""Where a build of these sources keeps the tool's files: one release folder named by a hash of them
(docs/hooks/release.py), with the page's scripts in `tool/` and the runtime in `pyodide/`."""

from __future__ import annotations

from release import this_release  # docs/hooks/, put on sys.path by conftest.py

RELEASE = this_release()
TOOL = f"{RELEASE}/tool"
RUNTIME = f"{RELEASE}/pyodide"
