"""MkDocs hook: put the Pyodide runtime and our wheels into the site.

At build time it
- copies the four core Pyodide files, unchanged, from the pinned npm package (node_modules/pyodide);
- builds the toolkit wheel from pyproject.toml and downloads the pinned pure-Python wheels of
  its dependencies (pyodide-requirements.txt, hashes checked) into .cache/pyodide/;
- builds a small local `rpds-py` wheel whose `rpds` module comes from pyrsistent-as-rpds-py
  (rpds-py itself has no WebAssembly wheel);
- compiles every wheel to Pyodide's own bytecode by running Pyodide under Node;
- writes our own pyodide-lock.json listing only those wheels (the npm package's lock lists
  hundreds of packages that exist only on a CDN and is never shipped);
- if mkdocs.yml's `tool_fast_start` is on (the default), makes a gzipped Pyodide memory snapshot
  with the toolkit imported and warmed up, under Node, which the worker restores instead of
  starting Python from scratch (falling back if it cannot). Off, the tool uses Pyodide's public
  API only (docs/assets/tool/runtime/start-plain.mjs).

The bundle is cached under .cache/pyodide/ by a hash of everything that goes into it, so a
rebuild with nothing changed only copies files.

The runtime goes into the tool's release folder (sitebuild/release.py), as `pyodide/`.
"""

from __future__ import annotations

import base64
import hashlib
import json
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from pyodide_lock import PyodideLockSpec
from pyodide_lock.utils import add_wheels_to_spec, update_package_sha256

ROOT = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent
BOOT_DIR = ROOT / "docs" / "assets" / "tool" / "runtime"
PYODIDE_NPM = ROOT / "node_modules" / "pyodide"
CORE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip")
REQUIREMENTS = HERE / "pyodide-requirements.txt"
CACHE = ROOT / ".cache" / "pyodide"
TOOLKIT_INPUTS = ("pyproject.toml", "hatch_build.py", "README.md", "toolkit", "policy", "schemas")
BYTECODE_TAG = "py314-none-any"
LOCK_TOOL = "portsmouth-ucb"  # our table in the lock file's `tool` section
PLATFORM_ARGS = ("--platform", "any", "--implementation", "py", "--python-version", "3.14")
RPDS_SHIM_VERSION = "0.30.0+pyrsistent"
FIXED_TIME = (1980, 1, 1, 0, 0, 0)
STALE_AFTER_SECONDS = 3600
FAST_START = "tool_fast_start"  # the switch in mkdocs.yml's `extra`


# --- hook events ----------------------------------------------------------------


def on_post_build(config: MkDocsConfig) -> None:
    """Copy the bundle into the release folder sitebuild/release.py named."""
    copy_tree(cached_bundle(fast_start(config)), Path(config.site_dir) / config.extra["tool_release"] / "pyodide")


def fast_start(config: MkDocsConfig) -> bool:
    """mkdocs.yml's `tool_fast_start`: the memory snapshot and the copies kept in the browser, or a plain Pyodide."""
    value = config.extra.get(FAST_START, True)
    if not isinstance(value, bool):
        raise PluginError(f"mkdocs.yml: extra.{FAST_START} (or UCB_FAST_START) must be true or false, not {value!r}")
    return value


# --- the cached bundle ------------------------------------------------------------


def cached_bundle(fast: bool) -> Path:
    """The folder holding core files, wheels, lock (and snapshot, if `fast`) for the current inputs, built if needed."""
    require_runtime()
    bundle = CACHE / f"bundle-{inputs_hash(fast)}"
    if not (bundle / "pyodide-lock.json").is_file():
        build_bundle(bundle, fast)
    bundle.touch()  # in use: not stale
    return bundle


def require_runtime() -> None:
    missing = [name for name in CORE_FILES if not (PYODIDE_NPM / name).is_file()]
    if missing:
        raise PluginError(
            f"The Pyodide runtime is missing from {PYODIDE_NPM} ({', '.join(missing)}). "
            "Run `npm ci` (or `make build`, which does it) and build again."
        )
    if shutil.which("node") is None:
        raise PluginError("Node.js (`node`) is needed to compile the wheels for Pyodide; install it and build again.")


def inputs_hash(fast: bool) -> str:
    """A hash of every file whose change must rebuild the bundle, and of the fast start switch (one
    missing counts as empty; `require_runtime` reports missing runtime files before a bundle is built)."""
    paths = [
        HERE / name for name in ("pyodide_bundle.py", "bytecode_wheel.py", "compile_wheels.mjs", "make_snapshot.mjs")
    ]
    # make_snapshot.mjs imports these.
    paths += [BOOT_DIR / name for name in ("boot.mjs", "snapshot.mjs", "pyodide-private.mjs")]
    paths.append(REQUIREMENTS)
    paths += [PYODIDE_NPM / name for name in (*CORE_FILES, "package.json", "pyodide-lock.json")]
    for name in TOOLKIT_INPUTS:
        top = ROOT / name
        if top.is_dir():
            paths += sorted(p for p in top.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
        elif top.is_file():
            paths.append(top)
    digest = hashlib.sha256(b"fast start\0" if fast else b"plain\0")
    for path in paths:
        content = path.read_bytes() if path.is_file() else b""
        digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + content + b"\0")
    return digest.hexdigest()[:16]


def build_bundle(bundle: Path, fast: bool) -> None:
    """Build the bundle in a temporary folder, then move it into place in one step."""
    CACHE.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=CACHE) as tmp:
        work = Path(tmp)
        sources = work / "sources"
        out = work / "bundle"
        sources.mkdir()
        out.mkdir()
        wheels = [toolkit_wheel(sources), *dependency_wheels(sources), rpds_shim_wheel(sources)]
        compiled = compile_wheels(wheels, out)
        for name in CORE_FILES:
            shutil.copy2(PYODIDE_NPM / name, out / name)
        write_lock(wheels, compiled, out)
        if fast:
            make_snapshot(out)
        remove_stale_bundles()
        try:
            out.rename(bundle)
        except OSError:
            if not (bundle / "pyodide-lock.json").is_file():  # else another build just made the same bundle
                raise


def remove_stale_bundles() -> None:
    """Drop cached bundles unused for a while (a recent one may still be copied by a parallel build)."""
    for old in CACHE.glob("bundle-*"):
        if time.time() - old.stat().st_mtime > STALE_AFTER_SECONDS:
            shutil.rmtree(old, ignore_errors=True)


def run(command: list[str], what: str) -> str:
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    if result.returncode != 0:
        tail = "\n".join((result.stdout + result.stderr).strip().splitlines()[-15:])
        raise PluginError(f"Could not {what}. The last lines it printed:\n{tail}\n(command: {' '.join(command)})")
    return result.stdout


def toolkit_wheel(dest: Path) -> Path:
    """Build the toolkit's pure-Python wheel from pyproject.toml (no network: no build isolation)."""
    run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(dest), str(ROOT)],
        "build the toolkit wheel",
    )
    wheels = list(dest.glob("*-py3-none-any.whl"))
    if len(wheels) != 1:
        raise PluginError(f"Building the toolkit gave {[w.name for w in dest.iterdir()]}, not one pure-Python wheel.")
    return wheels[0]


def dependency_wheels(dest: Path) -> list[Path]:
    """The pinned dependency wheels, downloaded once per requirements file into the cache."""
    requirements_hash = hashlib.sha256(REQUIREMENTS.read_bytes()).hexdigest()[:16]
    download = CACHE / f"pypi-{requirements_hash}"
    if not download.is_dir():
        partial = Path(tempfile.mkdtemp(prefix="pypi-", dir=CACHE))
        run(
            [
                sys.executable,
                "-m",
                "pip",
                "download",
                "--quiet",
                "--no-deps",
                "--only-binary=:all:",
                *PLATFORM_ARGS,
                "--require-hashes",
                "-r",
                str(REQUIREMENTS),
                "-d",
                str(partial),
            ],
            "download the toolkit's dependency wheels from PyPI (needs the network once)",
        )
        try:
            partial.rename(download)
        except OSError:  # a parallel build downloaded them first
            shutil.rmtree(partial)
    wheels = sorted(download.glob("*-none-any.whl"))
    for wheel in wheels:
        shutil.copy2(wheel, dest / wheel.name)
    return [dest / wheel.name for wheel in wheels]


def rpds_shim_wheel(dest: Path) -> Path:
    """A wheel named `rpds-py` whose `rpds` module re-exports pyrsistent-as-rpds-py's pure classes."""
    dist_info = f"rpds_py-{RPDS_SHIM_VERSION}.dist-info"
    files = {
        "rpds/__init__.py": (
            '"""rpds for Pyodide: the pure-Python classes of pyrsistent-as-rpds-py."""\n\n'
            "from pyrsistent_as_rpds.pure import HashTrieMap, HashTrieSet, List, Queue\n\n"
            '__all__ = ["HashTrieMap", "HashTrieSet", "List", "Queue"]\n'
        ),
        f"{dist_info}/METADATA": (
            f"Metadata-Version: 2.1\nName: rpds-py\nVersion: {RPDS_SHIM_VERSION}\n"
            "Summary: rpds provided by pyrsistent-as-rpds-py, for Pyodide\n"
            "Requires-Dist: pyrsistent-as-rpds-py[pyrsistent]\n"
        ),
        f"{dist_info}/WHEEL": "Wheel-Version: 1.0\nGenerator: pyodide_bundle\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
        f"{dist_info}/top_level.txt": "rpds\n",
    }
    record = [f"{name},sha256={urlsafe_sha256(text.encode())},{len(text.encode())}" for name, text in files.items()]
    files[f"{dist_info}/RECORD"] = "\n".join([*record, f"{dist_info}/RECORD,,"]) + "\n"
    path = dest / f"rpds_py-{RPDS_SHIM_VERSION}-py3-none-any.whl"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as wheel:
        for name, text in files.items():
            wheel.writestr(zipfile.ZipInfo(name, FIXED_TIME), text, zipfile.ZIP_DEFLATED)
    return path


def urlsafe_sha256(data: bytes) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def compile_wheels(wheels: list[Path], out: Path) -> list[Path]:
    """Compile every wheel to Pyodide bytecode by running Pyodide itself under Node."""
    printed = run(
        ["node", str(HERE / "compile_wheels.mjs"), str(PYODIDE_NPM), BYTECODE_TAG, str(out), *map(str, wheels)],
        "compile the wheels to Pyodide bytecode under Node",
    )
    compiled = [out / name for name in printed.split()]
    if len(compiled) != len(wheels) or not all(path.is_file() for path in compiled):
        raise PluginError(f"Compiling the wheels under Node gave {printed!r} for {len(wheels)} wheels.")
    return compiled


def write_lock(wheels: list[Path], compiled: list[Path], out: Path) -> None:
    """Our own lock, out/pyodide-lock.json: the npm lock's `info` block and only our wheels, dependencies resolved.

    Names, imports and dependencies are read from the source wheels; file names and sha256
    are those of the compiled wheels the site ships. Its `tool` table names the runtime's core
    files by sha256, so the lock's own sha256, which the snapshot and the copies a browser keeps
    are tied to, changes with any of them, even a Pyodide release with the same `info`.
    """
    upstream = json.loads((PYODIDE_NPM / "pyodide-lock.json").read_text())
    runtime = {name: hashlib.sha256((out / name).read_bytes()).hexdigest() for name in CORE_FILES}
    base = PyodideLockSpec.from_dict(
        {"info": upstream["info"], "packages": {}, "tool": {LOCK_TOOL: {"runtime_sha256": runtime}}}
    )
    try:
        lock = add_wheels_to_spec(base, wheels, base_path=wheels[0].parent)
    except RuntimeError as error:
        raise PluginError(
            f"Our Pyodide lock file cannot be resolved: {error}. "
            f"Pin the missing package in {REQUIREMENTS.relative_to(ROOT)}."
        ) from error
    shipped = {source.name: target for source, target in zip(wheels, compiled, strict=True)}
    for package in lock.packages.values():
        target = shipped[package.file_name]
        package.file_name = target.name
        update_package_sha256(package, target)
    lock.to_json(out / "pyodide-lock.json", indent=1)


def make_snapshot(bundle: Path) -> None:
    """snapshot.bin.gz: Python's memory after importing and warming the toolkit, made by Pyodide under Node."""
    warm_up = json.dumps({"case": {"schema_version": "1.0", "reference": "warm-up"}, "on": "2026-01-01"})
    run(["node", str(HERE / "make_snapshot.mjs"), str(bundle), warm_up], "make the Pyodide memory snapshot under Node")
    if not (bundle / "snapshot.bin.gz").is_file():
        raise PluginError("Making the Pyodide memory snapshot under Node wrote no snapshot.bin.gz.")


def copy_tree(source: Path, dest: Path) -> None:
    dest.mkdir(parents=True, exist_ok=True)
    for file in source.iterdir():
        shutil.copy2(file, dest / file.name)
