"""Shared fixtures: one strict build of the site, served on a free local port."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from sitebuild.serve import make_server

ROOT = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def site_port() -> int:
    return _free_port()


@pytest.fixture(scope="session")
def site_url(site_port: int) -> str:
    return f"http://127.0.0.1:{site_port}/"


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory, site_url: str) -> Path:
    """Build the site once, strictly, with `site_url` matching the test server.

    Material's instant navigation only works when the served address matches
    `site_url`, so the test build is made for the port the tests serve it on.
    """
    out = tmp_path_factory.mktemp("site")
    env = {**os.environ, "SITE_URL": site_url, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        pytest.fail(f"mkdocs build --strict failed:\n{result.stdout}\n{result.stderr}")
    return out


@pytest.fixture(scope="session")
def live_site(built_site: Path, site_port: int, site_url: str) -> Iterator[str]:
    """Serve the built site on 127.0.0.1 and yield its base URL."""
    server = make_server(built_site, "127.0.0.1", site_port)  # gzip and MIME types as a web server
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield site_url
    finally:
        server.shutdown()
        server.server_close()
