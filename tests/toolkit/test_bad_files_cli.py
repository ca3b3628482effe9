"""The `ucb` command given bad files: a specific message on stderr or in its report, never a traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from bad_files import CASE_FILES, CSV_FILES, EXAMPLE_ON, INVALID_CASES

UCB = Path(sys.executable).with_name("ucb")
# Where the command's wording differs from the browser tool's.
CLI_WORDS = {"notes.json": "not valid json", "empty.json": "not valid json", "list.json": "must be a json object"}


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(UCB), *args], capture_output=True, text=True, timeout=60)


def _no_traceback(result: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout, result.stderr


@pytest.mark.parametrize(("name", "data", "words"), CASE_FILES, ids=[c[0] for c in CASE_FILES])
@pytest.mark.parametrize("command", ["validate", "evidence"])
def test_a_bad_case_file_is_refused_with_a_specific_message(
    tmp_path: Path, command: str, name: str, data: bytes, words: str
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    result = _run(command, "--on", EXAMPLE_ON, str(path))
    _no_traceback(result)
    assert result.returncode in (1, 2)
    assert CLI_WORDS.get(name, words) in (result.stdout + result.stderr).lower()


@pytest.mark.parametrize(("name", "case", "on", "words"), INVALID_CASES, ids=[c[0] for c in INVALID_CASES])
def test_a_case_with_impossible_dates_is_explained(tmp_path: Path, name: str, case: dict, on: str, words: str) -> None:
    path = tmp_path / name
    path.write_text(json.dumps(case), encoding="utf-8")
    for command in ("validate", "assess"):
        result = _run(command, "--on", on, str(path))
        _no_traceback(result)
        assert result.returncode == 1 and words in (result.stdout + result.stderr).lower()


@pytest.mark.parametrize(("name", "data", "words"), CSV_FILES, ids=[c[0] for c in CSV_FILES])
def test_a_bad_contact_log_is_explained(tmp_path: Path, name: str, data: bytes, words: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    result = _run("contacts", "import", str(path))
    _no_traceback(result)
    assert result.returncode in (1, 2) and words in result.stderr.lower()


@pytest.mark.parametrize(
    "args",
    [
        ["validate", "no-such-file.json"],
        ["validate", "."],
        ["assess", "--on", "31/12/2023", "x.json"],
        ["letter", "--kind", "no_such_letter", "x.json"],
        ["contacts", "import", "--format", "xml", "x.csv"],
    ],
)
def test_wrong_arguments_get_a_message_not_a_traceback(tmp_path: Path, args: list[str]) -> None:
    (tmp_path / "x.json").write_bytes(json.dumps({"schema_version": "1.0", "reference": "X"}).encode())
    (tmp_path / "x.csv").write_text("date,channel\n", encoding="utf-8")
    result = subprocess.run([str(UCB), *args], capture_output=True, text=True, timeout=60, cwd=tmp_path)
    _no_traceback(result)
    assert result.returncode == 2 and result.stderr.strip()
