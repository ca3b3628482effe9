"""Serve the built site as a real web server would: gzip where the browser accepts it, right MIME
types, and the caching docs/hosting.md asks of a council's server.

`python -m sitebuild.serve --directory site --bind 127.0.0.1 8000` (what `make serve` runs). The
tests and `make bench` use `GzipHandler` too, so what they measure is what a manager's browser gets.
Only the standard library; it sends the `.gz` copies sitebuild/precompress.py writes at build time.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import email.utils
import functools
import http.server
import os
import re
from pathlib import Path
from typing import Any, ClassVar

TYPES = {
    ".wasm": "application/wasm",
    ".mjs": "text/javascript",
    ".js": "text/javascript",
    ".json": "application/json",
    ".whl": "application/zip",
    ".zip": "application/zip",
}


# Addresses whose content never changes: a release folder of the tool (sitebuild/release.py)
# and Material's files with a content hash in their names.
IMMUTABLE = re.compile(r"/assets/ucb-[0-9a-f]{12}/|\.[0-9a-f]{8}\.min\.(js|css)$")
KEEP = "public, max-age=31536000, immutable"
CHECK = "no-cache"  # may be kept, but asked about (a short "not modified") before each use


def cache_control(url_path: str) -> str:
    """Cache-Control for a file found at a request path: immutable ones kept a year, the rest checked."""
    return KEEP if IMMUTABLE.search(url_path.split("?", 1)[0].split("#", 1)[0]) else CHECK


def modified_since(header: str | None, mtime: float) -> bool:
    """Whether a file last changed at `mtime` changed after an If-Modified-Since `header` (True without one)."""
    if not header:
        return True
    try:
        since = email.utils.parsedate_to_datetime(header)
    except (TypeError, IndexError, OverflowError, ValueError):
        return True
    if since.tzinfo is None:
        since = since.replace(tzinfo=dt.UTC)
    return dt.datetime.fromtimestamp(int(mtime), dt.UTC) > since


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Serves `x` from `x.gz` with `Content-Encoding: gzip` when gzip is accepted and that copy exists and
    is not older than `x` (a file edited or replaced after the build is sent as it is). Every answer
    says how long it may be cached (`cache_control`); an unchanged file is answered "not modified"."""

    extensions_map: ClassVar[dict[str, str]] = {**http.server.SimpleHTTPRequestHandler.extensions_map, **TYPES}
    _status = http.HTTPStatus.OK

    def send_response(self, code: int, message: str | None = None) -> None:
        self._status = code
        super().send_response(code, message)

    def end_headers(self) -> None:
        # An error is never kept: the file may be there on the next try (a release still uploading).
        self.send_header("Cache-Control", cache_control(self.path) if self._status < 400 else "no-store")
        super().end_headers()

    def send_head(self) -> Any:
        path = self.translate_path(self.path)
        if os.path.isdir(path) and self.path.split("?", 1)[0].split("#", 1)[0].endswith("/"):
            path = os.path.join(path, "index.html")
        packed = path + ".gz"
        if not self._accepts_gzip() or not os.path.isfile(path) or not os.path.isfile(packed):
            return super().send_head()
        mtime = os.path.getmtime(path)
        if os.path.getmtime(packed) < mtime:  # the file was changed after the build
            return super().send_head()
        if "If-None-Match" not in self.headers and not modified_since(self.headers.get("If-Modified-Since"), mtime):
            self.send_response(http.HTTPStatus.NOT_MODIFIED)
            self.send_header("Vary", "Accept-Encoding")
            self.end_headers()
            return None
        try:
            source = open(packed, "rb")  # noqa: SIM115 - the base class closes it after copyfile
        except OSError:
            return super().send_head()
        self.send_response(http.HTTPStatus.OK)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(os.fstat(source.fileno()).st_size))
        self.send_header("Last-Modified", self.date_time_string(int(mtime)))
        self.end_headers()
        return source

    def _accepts_gzip(self) -> bool:
        accepted = self.headers.get("Accept-Encoding", "")
        return any(
            part.split(";")[0].strip() == "gzip" and not part.replace(" ", "").endswith(";q=0")
            for part in accepted.split(",")
        )

    def log_message(self, format: str, *args: object) -> None:
        if self.server.verbose:  # type: ignore[attr-defined]
            super().log_message(format, *args)


def make_server(directory: Path, host: str, port: int, *, verbose: bool = False) -> http.server.ThreadingHTTPServer:
    """A threaded server for `directory` on host:port; call `serve_forever()` on it."""
    server = http.server.ThreadingHTTPServer((host, port), functools.partial(GzipHandler, directory=str(directory)))
    server.verbose = verbose  # type: ignore[attr-defined]
    return server


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--directory", type=Path, default=Path("site"))
    parser.add_argument("--bind", default="127.0.0.1")
    parser.add_argument("port", type=int, nargs="?", default=8000)
    args = parser.parse_args()
    with (
        make_server(args.directory, args.bind, args.port, verbose=True) as server,
        contextlib.suppress(KeyboardInterrupt),
    ):
        server.serve_forever()


if __name__ == "__main__":
    main()
