"""Browser fixtures: Chromium launch, a network log and console-error capture, checked after every test.

pytest-playwright's standard `browser`, `context` and `page` fixtures work as
usual; this file only changes how the browser is launched and adds:

- `network`: every request the context makes (worker requests included), with
  anything not addressed to 127.0.0.1 refused so a test can never reach the
  internet.
- `console_errors`: console errors and uncaught exceptions from the page and
  its workers.
- Both, for every test that uses `page` or `context`, checked when it ends: it
  made requests, none of them left 127.0.0.1, and nothing reached the console
  as an error. A test that expects otherwise says so and why, with the marker
  `console_errors_expected(why)` or `off_site_requests_expected(why)`.
- `serve_directory`: serve another folder (say a tampered copy of the built site)
  on 127.0.0.1, optionally with wrong content types, for failure tests.
"""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import urlsplit

import pytest
from browser_launch import chromium_launch_options
from playwright.sync_api import BrowserContext, ConsoleMessage, Page, Request, Route

LOCAL_HOSTS = {"127.0.0.1"}


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """pytest-playwright's launch arguments plus Debian's Chromium and its flags."""
    options = chromium_launch_options()
    return {
        **browser_type_launch_args,
        **options,
        "args": [*browser_type_launch_args.get("args", []), *options["args"]],
    }


def is_local(url: str) -> bool:
    """True for URLs that stay on this machine's loopback test server (or inline data)."""
    parts = urlsplit(url)
    if parts.scheme in {"data", "blob", "about"}:
        return True
    return parts.hostname in LOCAL_HOSTS


@dataclass
class NetworkLog:
    """What the browser context asked for while a test ran."""

    requests: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    http_errors: list[str] = field(default_factory=list)

    def off_site(self) -> list[str]:
        return [url for url in self.requests if not is_local(url)]

    def assert_local_only(self) -> None:
        assert self.requests, "the page made no requests at all, so there is nothing to check"
        assert self.off_site() == [], f"requests left 127.0.0.1: {self.off_site()}"


@pytest.fixture
def network(context: BrowserContext) -> NetworkLog:
    """Record every request of the test's browser context and refuse any that leave 127.0.0.1."""
    log = NetworkLog()

    def refuse_off_site(route: Route) -> None:
        if is_local(route.request.url):
            route.fallback()
        else:
            route.abort("blockedbyclient")

    def on_request(request: Request) -> None:
        log.requests.append(request.url)

    def on_failed(request: Request) -> None:
        log.failed.append(f"{request.url} ({request.failure})")

    def on_response(response: Any) -> None:
        if response.status >= 400:
            log.http_errors.append(f"{response.status} {response.url}")

    context.route("**/*", refuse_off_site)
    context.on("request", on_request)
    context.on("requestfailed", on_failed)
    context.on("response", on_response)
    return log


@pytest.fixture
def console_errors(context: BrowserContext, page: Page) -> list[str]:
    """Console errors (page and workers alike) and uncaught page exceptions."""
    errors: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            errors.append(f"console: {message.text}")

    context.on("console", on_console)
    page.on("pageerror", lambda error: errors.append(f"page error: {error}"))
    return errors


def _reason(request: pytest.FixtureRequest, marker: str) -> str | None:
    """The reason a test gives with `marker`, or None if it has none; a marker must give one."""
    found = request.node.get_closest_marker(marker)
    if found is None:
        return None
    why = found.args[0] if found.args else found.kwargs.get("why")
    if not why:
        raise pytest.UsageError(f"{request.node.nodeid}: @pytest.mark.{marker} must say why")
    return why


@pytest.fixture(autouse=True)
def _local_and_quiet(request: pytest.FixtureRequest) -> Iterator[None]:
    """After every browser test: no request left 127.0.0.1 and no console error, unless the test's marker says why."""
    if not {"page", "context"} & set(request.fixturenames):
        yield
        return
    network: NetworkLog = request.getfixturevalue("network")
    errors: list[str] = request.getfixturevalue("console_errors")
    yield
    if _reason(request, "off_site_requests_expected") is None:
        network.assert_local_only()
    if _reason(request, "console_errors_expected") is None:
        assert errors == [], f"console errors: {errors}"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    extra_headers: ClassVar[dict[str, dict[str, str]]] = {}

    def end_headers(self) -> None:
        for suffix, headers in self.extra_headers.items():
            if self.path.split("?", 1)[0].endswith(suffix):
                for name, value in headers.items():
                    self.send_header(name, value)
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def serve_directory() -> Iterator[Callable[..., str]]:
    """Serve folders on free 127.0.0.1 ports (or `port`) for one test; `content_types` overrides MIME
    types by suffix, `headers` adds response headers by suffix."""
    servers: list[http.server.ThreadingHTTPServer] = []

    def serve(
        directory: Path,
        content_types: dict[str, str] | None = None,
        headers: dict[str, dict[str, str]] | None = None,
        port: int = 0,
    ) -> str:
        handler_class = type(
            "Handler",
            (_QuietHandler,),
            {
                "extensions_map": {**_QuietHandler.extensions_map, **(content_types or {})},
                "extra_headers": headers or {},
            },
        )
        server = http.server.ThreadingHTTPServer(
            ("127.0.0.1", port), functools.partial(handler_class, directory=str(directory))
        )
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_port}/"

    yield serve
    for server in servers:
        server.shutdown()
        server.server_close()
