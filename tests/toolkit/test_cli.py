"""The `ucb` command: exit 0 when done, 1 for an invalid case or file, 2 for wrong use; never a traceback."""

from __future__ import annotations

import contextlib
import io
import json
import os
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
from conftest import EXAMPLES, ROOT

from ucb.cli import main

CASE = EXAMPLES / "restrictions_in_place.json"
ON = json.loads((EXAMPLES / "expected.json").read_text())["restrictions_in_place.json"]["on"]


def ucb_process(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """The command as a user runs it, in its own process."""
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT / "toolkit"), os.environ.get("PYTHONPATH")])),
    }
    return subprocess.run(
        [sys.executable, "-m", "ucb", *args], capture_output=True, text=True, env=env, input=stdin, check=False
    )


def ucb(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """The command run in this process (much faster), with the same exit code, stdout and stderr."""
    out, err = io.StringIO(), io.StringIO()
    with (
        contextlib.redirect_stdout(out),
        contextlib.redirect_stderr(err),
        mock.patch("sys.stdin", io.TextIOWrapper(io.BytesIO((stdin or "").encode("utf-8")))),
    ):
        try:
            code = main(list(args))
        except SystemExit as exit_:
            code = int(exit_.code or 0)
    return subprocess.CompletedProcess(list(args), code, out.getvalue(), err.getvalue())


@pytest.fixture
def invalid_case(tmp_path: Path) -> Path:
    path = tmp_path / "invalid.json"
    path.write_text(
        json.dumps({"schema_version": "1.0", "reference": "X", "contacts": [{"at": "2023-06-01", "channel": "fax"}]})
    )
    return path


@pytest.mark.parametrize(
    ("sentence", "args", "code"),
    [
        ("A valid case validates.", ["validate", str(CASE), "--on", ON], 0),
        ("A case assesses to JSON.", ["assess", str(CASE), "--on", ON], 0),
        ("A case assesses to Markdown.", ["assess", str(CASE), "--on", ON, "--format", "md"], 0),
        ("A case assesses to HTML.", ["assess", str(CASE), "--on", ON, "--format", "html"], 0),
        ("An evidence pack is written.", ["evidence", str(CASE), "--on", ON], 0),
        ("A restriction notice is drafted.", ["letter", str(CASE), "restriction_notice", "--on", ON], 0),
        (
            "A letter the case cannot support yet is refused as invalid.",
            ["letter", str(CASE), "appeal_outcome", "--on", ON],
            1,
        ),
        ("A schema is printed.", ["schema", "assessment"], 0),
        ("A case dated outside the calendar is invalid.", ["validate", str(CASE), "--on", "2014-07-01"], 1),
        ("A file that does not exist is wrong use.", ["validate", "/no/such/case.json"], 2),
        ("An impossible date is wrong use.", ["assess", str(CASE), "--on", "2023-02-30"], 2),
        ("An unknown command is wrong use.", ["decide", str(CASE)], 2),
        ("An unknown letter kind is wrong use.", ["letter", str(CASE), "threat"], 2),
        ("An unknown schema is wrong use.", ["schema", "people"], 2),
        ("No command at all is wrong use.", [], 2),
    ],
)
def test_exit_codes(sentence: str, args: list[str], code: int) -> None:
    result = ucb(*args)
    assert result.returncode == code, f"{sentence}\n{result.stderr}"
    assert "Traceback" not in result.stderr


def test_an_invalid_case_lists_every_error_on_stderr(invalid_case: Path) -> None:
    result = ucb("assess", str(invalid_case), "--on", ON)
    assert result.returncode == 1 and result.stdout == ""
    assert "$.contacts[0].channel" in result.stderr and "[value_not_allowed]" in result.stderr


def test_a_file_that_is_not_json_is_an_invalid_case(tmp_path: Path) -> None:
    path = tmp_path / "case.json"
    path.write_text("{not json")
    result = ucb("validate", str(path), "--on", ON)
    assert result.returncode == 1 and "not valid JSON" in result.stderr and "Traceback" not in result.stderr


def test_assess_json_on_stdout_is_the_assessment() -> None:
    result = ucb("assess", str(CASE), "--on", ON)
    assessment = json.loads(result.stdout)
    assert assessment["outcome"]["id"] == "restrictions_in_place" and assessment["assessed_on"] == ON


def test_the_case_can_come_from_standard_input() -> None:
    assert ucb("validate", "-", "--on", ON, stdin=CASE.read_text()).returncode == 0


@pytest.mark.parametrize(
    ("args", "code"),
    [(["assess", str(CASE), "--on", ON], 0), (["validate", "/no/such/case.json"], 2), (["schema", "people"], 2)],
)
def test_python_dash_m_ucb_runs_the_command_in_its_own_process(args: list[str], code: int) -> None:
    result = ucb_process(*args)
    assert result.returncode == code and "Traceback" not in result.stderr


def test_contacts_import_prints_good_rows_and_exits_1_for_bad_rows(tmp_path: Path) -> None:
    log = tmp_path / "log.csv"
    log.write_text("date,channel\n2023-06-01,email\nnot a date,email\n")
    result = ucb("contacts", "import", str(log))
    assert result.returncode == 1
    assert json.loads(result.stdout) == [{"at": "2023-06-01", "channel": "email"}]
    assert "Row 3, column 'date'" in result.stderr and result.stderr.endswith("1 contact imported; 1 row left out\n")


@pytest.mark.parametrize(
    "command",
    [[], ["validate"], ["assess"], ["evidence"], ["letter"], ["contacts"], ["contacts", "import"], ["schema"]],
)
def test_every_command_has_help(command: list[str]) -> None:
    result = ucb(*command, "--help")
    assert result.returncode == 0 and result.stdout.startswith("usage: ucb")
