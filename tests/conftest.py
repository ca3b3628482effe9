"""Shared fixtures: strict builds of the site (the fast start on, and a plain-Pyodide one), each served on a free local port."""

from __future__ import annotations

import os
import socket
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from sitebuild.build import build
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
def intranet_url() -> str:
    """The address of the test intranet the build allows to embed the tool (extra.embed_origins)."""
    return f"http://127.0.0.1:{_free_port()}/"


def build_site(out: Path, site_url: str, intranet_url: str, *, fast_start: bool) -> Path:
    """Build the site into `out`, strictly, for the port the tests serve it on, with the fast start on or off
    and the test intranet as the one origin allowed to embed it."""
    result = build(out, site_url, fast_start=fast_start, embed_origins=intranet_url.rstrip("/"))
    if result.returncode != 0:
        pytest.fail(f"mkdocs build --strict failed:\n{result.stdout}\n{result.stderr}")
    return out


@contextmanager
def served(site: Path, port: int) -> Iterator[None]:
    """`site` served on 127.0.0.1:`port` by `make serve`'s server (gzip and MIME types as a web server)."""
    server = make_server(site, "127.0.0.1", port)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory, site_url: str, intranet_url: str) -> Path:
    """The site as `make build` makes it (the fast start on), built once for the test server."""
    return build_site(tmp_path_factory.mktemp("site"), site_url, intranet_url, fast_start=True)


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
    with served(built_site, site_port):
        yield site_url


@pytest.fixture(scope="session")
def plain_port() -> int:
    return _free_port()


@pytest.fixture(scope="session")
def plain_build(tmp_path_factory: pytest.TempPathFactory, plain_port: int, intranet_url: str) -> Path:
    """The site built with the fast start off (Pyodide's public API only), for a port of its own."""
    url = f"http://127.0.0.1:{plain_port}/"
    return build_site(tmp_path_factory.mktemp("plain-site"), url, intranet_url, fast_start=False)


@pytest.fixture(scope="session")
def plain_site(plain_build: Path, plain_port: int) -> Iterator[str]:
    """Serve the plain build on 127.0.0.1 and yield its base URL."""
    with served(plain_build, plain_port):
        yield f"http://127.0.0.1:{plain_port}/"
