"""Every policy number, duration, date and role title on the site comes from policy.yml."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from site_pages import read_page

ROOT = Path(__file__).resolve().parents[2]
MARKDOWN = sorted([*ROOT.glob("policy/*.md"), *ROOT.glob("docs/*.md"), *ROOT.glob("includes/*.md")])
NUMBER = r"(?:\d+(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty)"
MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
LITERALS = {
    "a duration": rf"\b{NUMBER}[\s-]+(?:working[\s-]+|calendar[\s-]+)?(?:days?|weeks?|fortnights?|months?|years?)\b",
    "a date": rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+{MONTH}\s+\d{{4}}\b|\b\d{{4}}-\d{{2}}-\d{{2}}\b",
    "a percentage": rf"\b{NUMBER}\s*(?:%|per\s*cent)",
    "a contact rate": rf"\b{NUMBER}\s+contacts?\s+(?:a|per)\s+(?:working\s+)?day",
}


def test_there_are_pages_to_scan() -> None:
    assert {path.name for path in MARKDOWN} >= {"policy.md", "guide.md", "customers.md", "index.md"}


@pytest.mark.parametrize("path", MARKDOWN, ids=[path.relative_to(ROOT).as_posix() for path in MARKDOWN])
def test_no_number_duration_or_date_is_typed_into_a_page(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    found = [(kind, match.group(0)) for kind, pattern in LITERALS.items() for match in re.finditer(pattern, text, re.IGNORECASE)]
    assert found == []


@pytest.mark.parametrize("path", MARKDOWN, ids=[path.relative_to(ROOT).as_posix() for path in MARKDOWN])
def test_no_role_title_is_typed_into_a_page(path: Path, policy: dict) -> None:
    # One-word titles ("officer") are ordinary words; every longer title must come from policy.yml.
    titles = [role["title"] for role in policy["roles"].values() if " " in role["title"]]
    text = path.read_text(encoding="utf-8")
    assert [title for title in titles if title.lower() in text.lower()] == []


# Builds the copy strictly with every hook but the Pyodide bundle: pages only, and fast.
BUILD_PAGES = """
import sys
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.utils.yaml import yaml_load

with open("mkdocs.yml", encoding="utf-8") as file:
    hooks = [hook for hook in yaml_load(file).get("hooks") or [] if not hook.endswith("pyodide_bundle.py")]
build(load_config("mkdocs.yml", hooks=hooks, site_dir=sys.argv[1], strict=True))
"""


def _copy_of_the_site_sources(tmp_path: Path) -> Path:
    """The site's sources in a temporary folder, to change and build without touching the real ones."""
    copy = tmp_path / "repo"
    for folder in ("docs", "sitebuild", "policy", "schemas", "includes"):
        shutil.copytree(ROOT / folder, copy / folder, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "mkdocs.yml", copy / "mkdocs.yml")
    return copy


def test_a_changed_value_in_policy_yml_shows_everywhere_after_a_rebuild(tmp_path: Path, policy: dict) -> None:
    copy = _copy_of_the_site_sources(tmp_path)
    data_file = copy / "policy" / "policy.yml"
    text = data_file.read_text(encoding="utf-8")
    old_title = policy["roles"]["city_helpdesk_manager"]["title"]
    text = text.replace(old_title, "Contact Standards Manager")
    text = re.sub(r"(?m)^(  review_after:\n    value: )\d+$", r"\g<1>7", text)
    text = re.sub(r"(?m)^(  appeal_window:\n    value: )\d+$", r"\g<1>17", text)
    text = re.sub(r"(?m)^(  effective_from: )\S+$", r"\g<1>2023-11-02", text)
    data_file.write_text(text, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-c", BUILD_PAGES, str(tmp_path / "site")],
        cwd=copy, capture_output=True, text=True, env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr
    text_of = {page: read_page(tmp_path / "site" / page / "index.html").prose for page in ("policy", "guide", "customers", "policy-print")}
    assert all("17 working days" in text for text in text_of.values())
    assert all("7 months" in text for text in text_of.values())
    assert "2 November 2023" in text_of["policy"] and "Contact Standards Manager" in text_of["guide"]
    html = "".join(path.read_text(encoding="utf-8") for path in (tmp_path / "site").rglob("*.html"))
    # The tool pages carry copies of the schemas as data; test_schema_roles checks their role titles.
    html = re.sub(r'<template id="ucb-data-[a-z]+-schema".*?</template>', "", html, flags=re.S)
    assert old_title not in html
