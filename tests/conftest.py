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

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "docs" / "hooks"))
from serve import make_server  # noqa: E402


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
def intranet_url() -> str:
    """The address of the test intranet the build allows to embed the tool (extra.embed_origins)."""
    return f"http://127.0.0.1:{_free_port()}/"


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory, site_url: str, intranet_url: str) -> Path:
    """Build the site once, strictly, with `site_url` matching the test server.

    Material's instant navigation only works when the served address matches
    `site_url`, so the test build is made for the port the tests serve it on. The
    test intranet is the one origin allowed to embed it.
    """
    out = tmp_path_factory.mktemp("site")
    env = {
        **os.environ,
        "SITE_URL": site_url,
        "UCB_EMBED_ORIGINS": intranet_url.rstrip("/"),
        "NO_MKDOCS_2_WARNING": "1",
    }
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
def dist_zip() -> Path:
    """The hostable bundle, built by the README's `make dist` (no fixed address, no embed origins)."""
    env = {k: v for k, v in os.environ.items() if k != "UCB_EMBED_ORIGINS"}
    subprocess.run(["make", "dist"], cwd=ROOT, check=True, capture_output=True, text=True, env=env)
    zips = sorted((ROOT / "dist").glob("portsmouth-ucb-site-*.zip"))
    assert len(zips) == 1, f"make dist should write one zip, found {zips}"
    return zips[0]


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
