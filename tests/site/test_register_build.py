"""The register pages as built: where they are linked from, the modules they preload, and the worker they start early."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from site_release import TOOL

ROOT = Path(__file__).resolve().parents[2]
TOOL_JS = ROOT / "docs" / "assets" / "tool"


def imports(module: Path) -> set[Path]:
    """`module` and every module it imports statically, or by a literal dynamic import, in turn."""
    found: set[Path] = set()
    todo = [module.resolve()]
    while todo:
        current = todo.pop()
        if current in found:
            continue
        found.add(current)
        code = "\n".join(line for line in current.read_text(encoding="utf-8").splitlines() if not line.lstrip().startswith("//"))
        todo += [(current.parent / spec).resolve() for spec in re.findall(r"""(?:\bfrom|\bimport\()\s*["'](\.{1,2}/[^"']+\.mjs)["']""", code)]
    return found


@pytest.mark.parametrize("page", ["register", "embed-register"])
def test_a_register_page_preloads_each_module_it_needs_and_starts_the_tools_worker_early(built_site: Path, page: str) -> None:
    html = (built_site / page / "index.html").read_text(encoding="utf-8")
    preloaded = {(built_site / page / href).resolve() for href in re.findall(r'<link rel="modulepreload" href="([^"]+)"', html)}
    needed = {
        (built_site / TOOL / path.relative_to(TOOL_JS)).resolve()
        for path in imports(TOOL_JS / "register.mjs")
        if "runtime" not in path.parts or path.name == "client.mjs"  # the worker's modules load in the worker
    }
    assert preloaded == needed
    head = html.split("</head>")[0]
    assert f'new Worker("../{TOOL}/runtime/worker.mjs", {{ type: "module"' in head
    assert f'<link rel="stylesheet" href="../{TOOL}/common.css"><link rel="stylesheet" href="../{TOOL}/register.css">' in html
    assert 'id="ucb-register"' in html and 'id="ucb-tool"' not in html


@pytest.mark.parametrize(
    ("page", "link"),
    [
        ("tool", "../register/"),
        ("embed-tool", "../embed-register/"),
        ("guide", "../register/"),
        ("privacy", "../register/"),
    ],
)
def test_the_register_is_linked_from_the_tool_the_guide_and_the_privacy_notice(built_site: Path, page: str, link: str) -> None:
    html = (built_site / page / "index.html").read_text(encoding="utf-8")
    assert f'href="{link}"' in html


def test_the_register_follows_the_decision_tool_in_the_managers_menu(built_site: Path) -> None:
    html = (built_site / "index.html").read_text(encoding="utf-8")
    titles = re.findall(r'<span class="md-ellipsis">\s*([^<]+?)\s*</span>', html)
    assert titles.index("Register and yearly report") == titles.index("Decision tool") + 1


@pytest.mark.parametrize(("page", "tool"), [("register", "../tool/"), ("embed-register", "../embed-tool/")])
def test_a_register_page_opens_cases_in_its_own_kind_of_tool_page(built_site: Path, page: str, tool: str) -> None:
    html = (built_site / page / "index.html").read_text(encoding="utf-8")
    assert re.search(rf'<a href="{re.escape(tool)}" id="ucb-register-tool-link">', html)
