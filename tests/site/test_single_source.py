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
    for folder in ("docs", "sitebuild", "policy", "schemas", "includes", "examples"):
        shutil.copytree(ROOT / folder, copy / folder, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "mkdocs.yml", copy / "mkdocs.yml")
    return copy


def _set_in_block(text: str, block: str, key: str, value: str) -> str:
    """`text` with the first `key:` line after the line `block:` set to `value` (one place, nothing else)."""
    start = text.index(f"\n{block}:\n")
    line = re.compile(rf"(?m)^(\s+{key}: ).*$")
    found = line.search(text, start)
    assert found, f"{key} not found under {block}"
    return text[: found.start()] + found.group(1) + value + text[found.end() :]


def test_a_changed_value_in_policy_yml_shows_everywhere_after_a_rebuild(tmp_path: Path, policy: dict) -> None:
    copy = _copy_of_the_site_sources(tmp_path)
    data_file = copy / "policy" / "policy.yml"
    old_title = policy["roles"]["city_helpdesk_manager"]["title"]
    text = data_file.read_text(encoding="utf-8")
    text = _set_in_block(text, "  city_helpdesk_manager", "title", "Contact Standards Manager")
    text = _set_in_block(text, "  review_after", "value", "7")
    text = _set_in_block(text, "  appeal_window", "value", "17")
    text = _set_in_block(text, "meta", "effective_from", "2023-11-02")
    assert text.count("Contact Standards Manager") == 1, "the title is said once"
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
    built = [p for p in (tmp_path / "site").rglob("*") if p.suffix in (".html", ".json", ".js", ".txt") and p.is_file()]
    left = [str(p.relative_to(tmp_path / "site")) for p in built if old_title in p.read_text(encoding="utf-8", errors="replace")]
    assert left == [], f"the old title is still in {left}"
