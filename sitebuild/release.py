"""MkDocs hook: the decision tool's release folder.

The built site keeps the tool's scripts (docs/assets/tool/, as `tool/`) and its Python runtime
(sitebuild/pyodide_bundle.py, as `pyodide/`) together in one folder, `assets/ucb-` and 12 hex
digits of a hash of both. Each release has new addresses, so a browser may keep every file in it
for good instead of asking the server about each one at every visit: sitebuild/serve.py tells
browsers so, docs/hosting.md tells other servers how, and IIS reads the folder's own web.config.
Pages find the folder in `config.extra.tool_release`.

The worker's start (`tool/runtime/start.mjs`) is the fast one or the plain one, as mkdocs.yml's
`tool_fast_start` says; a plain build publishes none of the fast start's modules.
"""

from __future__ import annotations

import base64
import hashlib
import json
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

from sitebuild.pyodide_bundle import fast_start, inputs_hash

TOOL_DIR = Path(__file__).resolve().parents[1] / "docs" / "assets" / "tool"
EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
# Sample cases the register page reads, and throws away, once each toolkit is ready: the first reading
# of a manager's files then runs code the browser has compiled and warmed already. A case with a contact
# log still being weighed, one with restrictions in force, and one after a warning, so every part of
# the reading is run.
WARM_UP_EXAMPLES = ("decision_pending.json", "restrictions_in_place.json", "warning_given.json")
WARM_UP = "tool/register-warm-up.json"
TOOL_ASSETS = "assets/tool/"
RELEASE_GLOB = "assets/ucb-*"
# The worker imports `runtime/start.mjs`: one of these two, renamed.
START = "runtime/start.mjs"
STARTS = {True: "runtime/start-fast.mjs", False: "runtime/start-plain.mjs"}
# The modules only the fast start uses (Pyodide's private API, the copies kept in the browser).
FAST_ONLY = ("runtime/kept-runtime.mjs", "runtime/snapshot.mjs", "runtime/pyodide-private.mjs")

# For IIS, which reads a web.config in any folder: a release's files never change, so keep them a year.
IIS_CACHE_CONFIG = """<?xml version="1.0" encoding="utf-8"?>
<!-- This folder's name changes with every release, so its files never change: browsers may keep them. -->
<configuration>
  <system.webServer>
    <staticContent>
      <clientCache cacheControlMode="UseMaxAge" cacheControlMaxAge="365.00:00:00" cacheControlCustom="public, immutable" />
    </staticContent>
  </system.webServer>
</configuration>
"""


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Name this build's release folder, for the pages and the other hooks."""
    config.extra["tool_release"] = this_release(fast_start(config))
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Publish the tool's scripts in the release folder instead of assets/tool/, with the start the build chose."""
    release = config.extra["tool_release"]
    published = published_names(fast_start(config))
    for file in [f for f in files if f.src_uri.startswith(TOOL_ASSETS)]:
        files.remove(file)
        name = published.get(file.src_uri.removeprefix(TOOL_ASSETS), file.src_uri.removeprefix(TOOL_ASSETS))
        if name is None:
            continue
        files.append(
            File(file.src_uri, file.src_dir, file.dest_dir, file.use_directory_urls, dest_uri=f"{release}/tool/{name}")
        )
    return files


def published_names(fast: bool) -> dict[str, str | None]:
    """The tool files published under another name (the chosen start) or not at all (None)."""
    names: dict[str, str | None] = {STARTS[fast]: START, STARTS[not fast]: None}
    if not fast:
        names.update(dict.fromkeys(FAST_ONLY))
    return names


def on_post_build(config: MkDocsConfig) -> None:
    """Give IIS the release folder's caching (other servers are told in docs/hosting.md), and write the
    register's warm-up cases."""
    release = Path(config.site_dir) / config.extra["tool_release"]
    release.mkdir(parents=True, exist_ok=True)
    (release / "web.config").write_text(IIS_CACHE_CONFIG, encoding="utf-8")
    (release / WARM_UP).write_bytes(warm_up_cases())


def warm_up_cases() -> bytes:
    """The register's warm-up request: `{"files": [{source, data}]}`, as `register_entries` takes files."""
    files = [
        {"source": name, "data": base64.b64encode((EXAMPLES / name).read_bytes()).decode("ascii")}
        for name in WARM_UP_EXAMPLES
    ]
    return json.dumps({"files": files}).encode("utf-8")


def this_release(fast: bool = True) -> str:
    """The release folder a build of these sources has, with the fast start on or off (the warm-up cases
    are part of the release, so a change to them renames it too)."""
    return release_folder(inputs_hash(fast) + hashlib.sha256(warm_up_cases()).hexdigest())


def release_folder(bundle_hash: str, tool_dir: Path = TOOL_DIR) -> str:
    """`assets/ucb-` and 12 hex digits of a hash of the runtime bundle's inputs and every file in `tool_dir`."""
    digest = hashlib.sha256(bundle_hash.encode() + b"\0")
    for path in sorted(p for p in tool_dir.rglob("*") if p.is_file()):
        digest.update(path.relative_to(tool_dir).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return f"assets/ucb-{digest.hexdigest()[:12]}"


def built_release(site: Path) -> Path:
    """The release folder of a built site (there is exactly one)."""
    found = sorted(site.glob(RELEASE_GLOB))
    if len(found) != 1:
        raise FileNotFoundError(
            f"{site} should hold one release folder ({RELEASE_GLOB}), not {[p.name for p in found]}"
        )
    return found[0]
