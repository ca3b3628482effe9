"""The wheel carries the policy (as JSON), the schemas and the letter templates, and reads them
exactly as the source tree does, without PyYAML."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT

from ucb._resources import policy_from_yaml


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the wheel from a copy of the files the build uses (the repository README may not exist yet)."""
    source = tmp_path_factory.mktemp("source")
    for name in ("pyproject.toml", "hatch_build.py", "policy", "schemas", "toolkit"):
        path = ROOT / name
        (shutil.copytree if path.is_dir() else shutil.copy2)(
            path, source / name, **({"ignore": shutil.ignore_patterns("__pycache__")} if path.is_dir() else {})
        )
    readme = ROOT / "README.md"
    (source / "README.md").write_text(readme.read_text() if readme.exists() else "Portsmouth UCB toolkit\n")
    out = tmp_path_factory.mktemp("dist")
    result = subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out), str(source)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    return next(out.glob("*.whl"))


def test_the_wheel_holds_the_policy_schemas_and_letters(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {"ucb/data/policy.json", "ucb/data/bank_holidays.json"}
    expected |= {f"ucb/data/schemas/{p.name}" for p in (ROOT / "schemas").glob("*.json")}
    expected |= {f"ucb/data/letters/{p.name}" for p in (ROOT / "policy" / "letters").glob("*.txt")}
    assert expected <= names


def test_the_packaged_policy_is_policy_yml_as_the_source_loader_reads_it(wheel: Path) -> None:
    packaged = json.loads(zipfile.ZipFile(wheel).read("ucb/data/policy.json"))
    assert packaged == policy_from_yaml((ROOT / "policy" / "policy.yml").read_text())


def test_the_wheel_works_without_pyyaml(wheel: Path, tmp_path: Path) -> None:
    zipfile.ZipFile(wheel).extractall(tmp_path / "site")
    (tmp_path / "blocker").mkdir()
    (tmp_path / "blocker" / "yaml.py").write_text("raise ImportError('PyYAML is not available in Pyodide')\n")
    script = (
        "import json, ucb.api as api;"
        "reply = json.loads(api.call('assess', json.dumps({{'case': json.load(open({!r})), 'on': '2023-07-20'}})));"
        "print(reply['result']['assessment']['outcome']['id'], ucb.api.__file__)"
    ).format(str(ROOT / "examples" / "report_june_2023.json"))
    result = subprocess.run(
        [sys.executable, "-c", "import ucb; " + script],
        capture_output=True,
        text=True,
        check=False,
        env={"PYTHONPATH": f"{tmp_path / 'blocker'}:{tmp_path / 'site'}", "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr
    outcome, location = result.stdout.split()
    assert outcome == "give_warning" and location.startswith(str(tmp_path / "site"))
