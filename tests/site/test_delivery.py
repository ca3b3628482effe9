"""How the built site is delivered: gzip copies, the local server's encodings and types, the tool's preloads."""

from __future__ import annotations

import gzip
import http.client
import json
import os
import re
import threading
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TOOL_JS = ROOT / "docs" / "assets" / "tool"
from site_release import RELEASE, RUNTIME, TOOL

from sitebuild.release import WARM_UP_EXAMPLES, built_release, release_folder
from sitebuild.serve import make_server
from ucb import api

KEEP_A_YEAR = "public, max-age=31536000, immutable"


def fetch(url: str, accept: str | None) -> tuple[dict[str, str], bytes]:
    request = urllib.request.Request(url, headers={"Accept-Encoding": accept} if accept else {})
    with urllib.request.urlopen(request) as response:
        return {k.lower(): v for k, v in response.headers.items()}, response.read()


def test_every_gzip_copy_holds_exactly_its_file(built_site: Path) -> None:
    copies = list(built_site.rglob("*.gz"))
    assert any(c.name == "pyodide.asm.wasm.gz" for c in copies)
    for copy in copies:
        original = copy.with_name(copy.name[:-3])
        if original.is_file():  # snapshot.bin.gz is the file itself, not a copy
            assert gzip.decompress(copy.read_bytes()) == original.read_bytes(), copy


@pytest.mark.parametrize("name", ["python_stdlib.zip", "portsmouth_ucb-*.whl"])
def test_already_compressed_files_get_no_gzip_copy(built_site: Path, name: str) -> None:
    found = list((built_site / RUNTIME).glob(name))
    assert found
    assert not any(f.with_name(f.name + ".gz").exists() for f in found)


@pytest.mark.parametrize(
    ("path", "mime"),
    [
        ("policy/", "text/html"),
        (f"{RUNTIME}/pyodide.asm.wasm", "application/wasm"),
        (f"{TOOL}/runtime/worker.mjs", "text/javascript"),
        (f"{RUNTIME}/pyodide-lock.json", "application/json"),
    ],
)
def test_the_server_sends_gzip_only_to_a_browser_that_accepts_it(live_site: str, built_site: Path, path: str, mime: str) -> None:
    plain_headers, plain = fetch(live_site + path, None)
    packed_headers, packed = fetch(live_site + path, "gzip, deflate, br")
    assert plain_headers["content-type"].startswith(mime)
    assert packed_headers["content-type"].startswith(mime)
    assert "content-encoding" not in plain_headers
    assert packed_headers["content-encoding"] == "gzip"
    assert gzip.decompress(packed) == plain
    assert len(packed) < len(plain)


def test_the_snapshot_is_sent_as_the_gzip_file_it_is(live_site: str) -> None:
    headers, body = fetch(live_site + f"{RUNTIME}/snapshot.bin.gz", "gzip")
    assert "content-encoding" not in headers
    assert body[:2] == b"\x1f\x8b"


def test_a_file_changed_after_the_build_is_sent_as_it_now_is(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text("<p>edited</p>", encoding="utf-8")
    (tmp_path / "page.html.gz").write_bytes(gzip.compress(b"<p>as built</p>"))
    os.utime(tmp_path / "page.html.gz", (1, 1))
    server = make_server(tmp_path, "127.0.0.1", 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        headers, body = fetch(f"http://127.0.0.1:{server.server_port}/page.html", "gzip")
    finally:
        server.shutdown()
        server.server_close()
    assert "content-encoding" not in headers
    assert body == b"<p>edited</p>"


def test_the_tools_files_are_published_only_in_their_release_folder(built_site: Path) -> None:
    assert built_release(built_site) == built_site / RELEASE
    assert (built_site / TOOL / "wizard.mjs").is_file() and (built_site / RUNTIME / "pyodide.asm.wasm").is_file()
    assert not (built_site / "assets" / "tool").exists() and not (built_site / "assets" / "pyodide").exists()
    assert "public, immutable" in (built_site / RELEASE / "web.config").read_text(encoding="utf-8")


def test_the_registers_warm_up_cases_are_published_and_each_reads_as_a_register_entry(built_site: Path) -> None:
    """The cases the register page reads once its toolkits are ready (and throws away) are real cases: a warm-up
    that the toolkit refused would warm only the code that refuses."""
    sample = json.loads((built_site / TOOL / "register-warm-up.json").read_bytes())
    assert [f["source"] for f in sample["files"]] == list(WARM_UP_EXAMPLES)
    reply = json.loads(api.call("register_entries", json.dumps({**sample, "on": "2026-12-04"})))
    assert reply["ok"] and all(found["entry"] for found in reply["result"]["found"]), reply


def test_the_release_folder_is_renamed_when_any_tool_file_or_the_runtime_changes(tmp_path: Path) -> None:
    (tmp_path / "runtime").mkdir()
    (tmp_path / "wizard.mjs").write_text("one", encoding="utf-8")
    first = release_folder("bundle-1", tmp_path)
    assert re.fullmatch(r"assets/ucb-[0-9a-f]{12}", first)
    assert release_folder("bundle-1", tmp_path) == first
    assert release_folder("bundle-2", tmp_path) != first
    (tmp_path / "wizard.mjs").write_text("two", encoding="utf-8")
    edited = release_folder("bundle-1", tmp_path)
    (tmp_path / "runtime" / "worker.mjs").write_text("new", encoding="utf-8")
    assert len({first, edited, release_folder("bundle-1", tmp_path)}) == 3


def request(url: str, headers: dict[str, str]) -> http.client.HTTPResponse:
    """One GET of `url` with `headers`; the response is read."""
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port)
    connection.request("GET", parts.path, headers=headers)
    response = connection.getresponse()
    response.read()
    connection.close()
    return response


@pytest.mark.parametrize("path", [f"{RUNTIME}/pyodide.asm.wasm", f"{TOOL}/wizard.mjs", f"{RUNTIME}/snapshot.bin.gz"])
def test_the_server_lets_browsers_keep_the_release_folder_for_a_year(live_site: str, path: str) -> None:
    assert request(live_site + path, {"Accept-Encoding": "gzip"}).getheader("Cache-Control") == KEEP_A_YEAR


def test_the_server_lets_browsers_keep_materials_hashed_files_but_check_pages(live_site: str, built_site: Path) -> None:
    (bundle,) = (built_site / "assets" / "javascripts").glob("bundle.*.min.js")
    assert request(f"{live_site}assets/javascripts/{bundle.name}", {}).getheader("Cache-Control") == KEEP_A_YEAR
    for page in ("", "policy/", "tool/", "search/search_index.json"):
        assert request(live_site + page, {"Accept-Encoding": "gzip"}).getheader("Cache-Control") == "no-cache", page


def test_the_server_never_lets_browsers_keep_a_missing_file(live_site: str) -> None:
    missing = request(f"{live_site}{RUNTIME}/not-yet-uploaded.whl", {})
    assert missing.status == 404
    assert missing.getheader("Cache-Control") == "no-store"


@pytest.mark.parametrize("accept", ["gzip", "identity"])
def test_an_unchanged_file_is_answered_not_modified(live_site: str, accept: str) -> None:
    first = request(live_site + "policy/", {"Accept-Encoding": accept})
    assert first.status == 200
    since = first.getheader("Last-Modified")
    assert request(live_site + "policy/", {"Accept-Encoding": accept, "If-Modified-Since": since}).status == 304
    older = "Mon, 01 Jan 2024 00:00:00 GMT"
    assert request(live_site + "policy/", {"Accept-Encoding": accept, "If-Modified-Since": older}).status == 200


def static_imports(module: Path) -> set[Path]:
    """`module` and every module it imports statically, or by a literal dynamic import, in turn."""
    found: set[Path] = set()
    todo = [module]
    while todo:
        current = todo.pop()
        if current in found:
            continue
        found.add(current)
        lines = current.read_text(encoding="utf-8").splitlines()
        text = "\n".join(line for line in lines if not line.lstrip().startswith("//"))  # not usage comments
        for spec in re.findall(r"""(?:\bfrom|\bimport\()\s*["'](\.{1,2}/[^"']+\.mjs)["']""", text):
            todo.append((current.parent / spec).resolve())
    return found


def test_the_tool_page_preloads_each_module_the_wizard_needs(built_site: Path) -> None:
    html = (built_site / "tool" / "index.html").read_text(encoding="utf-8")
    preloaded = {(built_site / "tool" / href).resolve() for href in re.findall(r'<link rel="modulepreload" href="([^"]+)"', html)}
    needed = {
        (built_site / TOOL / path.relative_to(TOOL_JS)).resolve()
        for path in static_imports((TOOL_JS / "wizard.mjs").resolve())
        if "runtime" not in path.parts or path.name == "client.mjs"  # the worker's modules load in the worker
    }
    assert preloaded == needed


@pytest.mark.parametrize("page", ["tool", "embed-tool"])
def test_a_tool_page_starts_its_worker_before_any_stylesheet_loads(built_site: Path, page: str) -> None:
    head = (built_site / page / "index.html").read_text(encoding="utf-8").split("</head>")[0]
    assert f'new Worker("../{TOOL}/runtime/worker.mjs", {{ type: "module"' in head
    assert head.index("new Worker(") < head.index('<link rel="stylesheet"')


@pytest.mark.parametrize("page", ["tool", "embed-tool"])
def test_the_wizard_runs_before_materials_script_which_no_longer_blocks_the_page(built_site: Path, page: str) -> None:
    html = (built_site / page / "index.html").read_text(encoding="utf-8")
    bundle = re.search(r'<script (defer )?src="\.\./assets/javascripts/bundle\.[0-9a-f]+\.min\.js">', html)
    assert bundle and bundle.group(1) == "defer "
    assert html.index(f'<script type="module" src="../{TOOL}/wizard.mjs">') < bundle.start()


@pytest.mark.parametrize("page", ["", "policy", "guide", "customers", "embed-guide"])
def test_pages_without_the_tool_start_no_worker(built_site: Path, page: str) -> None:
    html = (built_site / page / "index.html").read_text(encoding="utf-8")
    assert "Worker(" not in html and "ucb-data-" not in html
