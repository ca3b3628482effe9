"""How the browser tests and the benchmark launch Chromium.

Debian's `chromium` is used when it is on PATH (Playwright cannot download its
own browser on machines without internet access); otherwise Playwright's own.
"""

from __future__ import annotations

import shutil
from typing import Any

CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def chromium_launch_options() -> dict[str, Any]:
    """Keyword arguments for `playwright.chromium.launch` (or a persistent context)."""
    options: dict[str, Any] = {"args": list(CHROMIUM_FLAGS)}
    system_chromium = shutil.which("chromium")
    if system_chromium:
        options["executable_path"] = system_chromium
    return options
