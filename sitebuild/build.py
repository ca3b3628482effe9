"""A strict build of the site into a folder, as `make build` makes it, for the tests and the benchmark."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def build(
    dest: Path, site_url: str, *, fast_start: bool = True, embed_origins: str | None = None
) -> subprocess.CompletedProcess[str]:
    """Run `mkdocs build --strict` into `dest` for a site served at `site_url` (Material's instant navigation
    works only there), with the fast start on or off and, if given, the intranet origins allowed to embed it."""
    env = {
        **os.environ,
        "SITE_URL": site_url,
        "UCB_FAST_START": "true" if fast_start else "false",
        "NO_MKDOCS_2_WARNING": "1",
    }
    if embed_origins is not None:
        env["UCB_EMBED_ORIGINS"] = embed_origins
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(dest)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
