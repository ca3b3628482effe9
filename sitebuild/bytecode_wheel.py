"""Rewrite a pure-Python wheel with bytecode instead of sources, for Pyodide.

Run by `compile_wheels.mjs` INSIDE Pyodide, so the bytecode carries Pyodide's
own magic number (CPython 3.13 bytecode is rejected by Pyodide's Python 3.14).
Sources become sourceless `.pyc` files next to where the `.py` was, test and
benchmark folders and type stubs are dropped, and RECORD is rewritten so the
wheel stays self-consistent. Output is deterministic: same input, same bytes.
"""

from __future__ import annotations

import base64
import hashlib
import importlib._bootstrap_external as bootstrap
import zipfile

FIXED_TIME = (1980, 1, 1, 0, 0, 0)
DROPPED_FOLDERS = {"tests", "benchmarks"}


def record_line(name: str, data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{name},sha256={digest},{len(data)}"


def is_dropped(name: str) -> bool:
    parts = name.split("/")
    return name.endswith(".pyi") or any(part in DROPPED_FOLDERS for part in parts[1:-1])


def retag(wheel_text: bytes, tag: str) -> bytes:
    lines = [line for line in wheel_text.decode().splitlines() if not line.startswith("Tag:")]
    return ("\n".join([*lines, f"Tag: {tag}"]) + "\n").encode()


def compiled(name: str, source: bytes) -> bytes:
    code = compile(source, name, "exec", dont_inherit=True)
    return bytes(bootstrap._code_to_timestamp_pyc(code, 0, len(source)))


def convert(src: str, dst: str, tag: str) -> None:
    """Write `dst`: the wheel `src` with every module compiled, tagged `tag`."""
    with zipfile.ZipFile(src) as wheel_in:
        entries = [(info.filename, wheel_in.read(info)) for info in wheel_in.infolist()]
    record_name = next(name for name, _ in entries if name.endswith(".dist-info/RECORD"))
    records = []
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as wheel_out:
        for name, data in entries:
            if name == record_name or name.endswith("/") or is_dropped(name):
                continue
            if name.endswith(".py"):
                name, data = name + "c", compiled(name, data)
            elif name.endswith(".dist-info/WHEEL"):
                data = retag(data, tag)
            wheel_out.writestr(zipfile.ZipInfo(name, FIXED_TIME), data, zipfile.ZIP_DEFLATED)
            records.append(record_line(name, data))
        records.append(f"{record_name},,")
        record = ("\n".join(records) + "\n").encode()
        wheel_out.writestr(zipfile.ZipInfo(record_name, FIXED_TIME), record, zipfile.ZIP_DEFLATED)
