"""A folder of case files read into register entries on the command line (`ucb register`, `ucb report-year`).

Each file is read on its own, by the rule the browser follows (ucb.reading), so only one file per process is in
memory at a time. A large folder is shared among the computer's processor cores: each case is read and assessed
apart from every other, so the work divides cleanly, and the entries come back in file-name order. The browser
reads the same files a few at a time in its worker, through `ucb.api`'s `register_entries`.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

from . import register
from ._resources import load_policy
from .errors import ErrorRecord
from .reading import FileRefused, as_case, file_text, load_json

FILES_PER_PROCESS = 200
"""Files worth a process of their own: starting one costs about as much as reading 20 files."""


def read_file(path: Path, policy: dict[str, Any], *, on: date) -> dict[str, Any] | register.Refused:
    """One case file's register entry, or why the register cannot use it (named by the file's name)."""
    try:
        case = as_case(load_json(file_text(path)))
    except FileRefused as refused:
        return register.Refused(path.name, [ErrorRecord(refused.code, f"{path}: {refused}")])
    except OSError as error:
        return register.Refused(path.name, [ErrorRecord("file_unreadable", f"cannot read {path}: {error.strerror}")])
    return register.read(path.name, case, policy, on=on)


def _cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _can_fork() -> bool:
    """Whether a process can be started as a copy of this one: on Linux only (on macOS the system's own
    libraries make copying a running process unsafe, and Windows cannot)."""
    return sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()


def processes_for(files: int) -> int:
    """How many processes read `files` files: one per FILES_PER_PROCESS, at most one per core, and only one
    where a process cannot be started as a copy of this one, since starting afresh costs more."""
    if not _can_fork():
        return 1
    return max(1, min(_cores(), files // FILES_PER_PROCESS))


def _read_in(folder: Path, name: str, *, on: date) -> dict[str, Any] | register.Refused:
    return read_file(folder / name, load_policy(), on=on)


def read_folder(
    folder: Path, *, on: date, processes: int | None = None
) -> tuple[list[dict[str, Any]], list[register.Refused]]:
    """Every `.json` file in `folder` (not in folders inside it), as register entries and refusals, in file-name
    order. The first file is read here, which readies the schema checks every process then starts with. If a
    process stops (the computer ran out of memory, say), the files it had not given back are read here."""
    names = sorted(p.name for p in folder.glob("*.json"))
    count = processes_for(len(names)) if processes is None else processes
    read = partial(_read_in, folder, on=on)
    found = [read(name) for name in names[:1]]
    if count > 1 and len(names) > 1 and _can_fork():
        rest = names[1:]
        try:
            with ProcessPoolExecutor(count, mp_context=multiprocessing.get_context("fork")) as pool:
                # Small shares, so no process is left with a long one at the end while the others wait.
                for entry in pool.map(read, rest, chunksize=max(1, len(rest) // (count * 16))):
                    found.append(entry)
        except BrokenProcessPool:
            pass
    found += map(read, names[len(found) :])
    entries = [f for f in found if not isinstance(f, register.Refused)]
    return entries, [f for f in found if isinstance(f, register.Refused)]


__all__ = ["FILES_PER_PROCESS", "processes_for", "read_file", "read_folder"]
