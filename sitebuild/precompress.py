"""MkDocs hook: write a gzip copy beside every text-like file in the built site (`x.js` -> `x.js.gz`).

Any real web server compresses what it sends; this lets a static server (sitebuild/serve.py, or a
web server's own "precompressed" option) send the small copy with `Content-Encoding: gzip` without
compressing on each request. A copy is kept only when it saves at least a tenth of the bytes, so
already-compressed files (wheels, python_stdlib.zip, the snapshot) are left alone.

Must run after every hook and plugin that writes files (it is listed last in mkdocs.yml). The gzip
copies are cached under .cache/gzip/ by the content's hash: the 9.6 MB Pyodide wasm takes seconds.
"""

from __future__ import annotations

import gzip
import hashlib
import os
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / ".cache" / "gzip"
SUFFIXES = frozenset({".html", ".css", ".js", ".mjs", ".json", ".wasm", ".svg", ".xml", ".txt", ".map"})
MIN_SAVING = 0.10


def on_post_build(config: MkDocsConfig) -> None:
    for path in Path(config.site_dir).rglob("*"):
        if path.suffix in SUFFIXES and path.is_file():
            write_gzip_copy(path)


def write_gzip_copy(path: Path) -> None:
    """Write `path`.gz if gzip saves at least MIN_SAVING of its size; remove a stale copy if not."""
    data = path.read_bytes()
    packed = cached_gzip(data)
    target = path.with_name(path.name + ".gz")
    if len(packed) <= len(data) * (1 - MIN_SAVING):
        target.write_bytes(packed)
    else:
        target.unlink(missing_ok=True)


def cached_gzip(data: bytes) -> bytes:
    """gzip at level 9 with no timestamp (the same bytes on every build), cached when large."""
    if len(data) < 1_000_000:
        return gzip.compress(data, compresslevel=9, mtime=0)
    cached = CACHE / f"{hashlib.sha256(data).hexdigest()}.gz"
    if not cached.is_file():
        CACHE.mkdir(parents=True, exist_ok=True)
        partial = cached.with_suffix(f".{os.getpid()}.part")  # parallel builds never read half a file
        partial.write_bytes(gzip.compress(data, compresslevel=9, mtime=0))
        partial.replace(cached)
    return cached.read_bytes()
