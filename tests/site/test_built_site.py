"""The strict build publishes every page, every clause anchor, nothing from other origins and no broken links."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from site_pages import Page, read_page

PAGES = ["", "policy/", "policy-print/", "customers/", "guide/", "tool/", "accessibility/", "privacy/"]
BASE = "http://site.invalid/"
ROOT = Path(__file__).resolve().parents[2]

# Attributes that make the browser fetch something (rather than follow a link when clicked).
FETCHED = {
    "script": ("src",), "img": ("src", "srcset"), "source": ("src", "srcset"), "iframe": ("src",),
    "audio": ("src",), "video": ("src", "poster"), "track": ("src",), "embed": ("src",), "object": ("data",),
    "image": ("href",), "use": ("href",), "input": ("src",),
}
FETCHING_LINKS = {"stylesheet", "icon", "preload", "modulepreload", "prefetch", "preconnect", "dns-prefetch", "manifest", "apple-touch-icon"}


@pytest.fixture(scope="module")
def pages(built_site: Path) -> dict[Path, Page]:
    return {path: read_page(path) for path in sorted(built_site.rglob("*.html"))}


def _url(built_site: Path, path: Path) -> str:
    relative = path.relative_to(built_site).as_posix()
    return BASE + (relative[: -len("index.html")] if relative.endswith("index.html") else relative)


@pytest.mark.parametrize("page", PAGES)
def test_the_strict_build_publishes_the_page(built_site: Path, page: str) -> None:
    assert (built_site / page / "index.html").is_file()


def test_build_code_theme_overrides_and_maintainers_notes_are_not_published(built_site: Path) -> None:
    assert not list(built_site.rglob("*.py")) and not (built_site / "overrides").exists()
    assert (ROOT / "docs" / "dev").is_dir() and not (built_site / "dev").exists()


@pytest.mark.parametrize("page", ["policy", "policy-print"])
def test_every_clause_is_a_heading_anchor_with_its_title(built_site: Path, policy: dict, page: str) -> None:
    published = read_page(built_site / page / "index.html")
    assert {clause: published.headings.get(clause) for clause in policy["clauses"]} == policy["clauses"]


def test_no_anchor_id_is_used_twice_on_the_policy_page(built_site: Path) -> None:
    ids = read_page(built_site / "policy" / "index.html").ids
    assert sorted({i for i in ids if ids.count(i) > 1}) == []


def _fetched_urls(page: Page) -> list[str]:
    urls = []
    for tag in page.tags:
        names = FETCHED.get(tag.name, ())
        if tag.name == "link" and FETCHING_LINKS & set(tag.attrs.get("rel", "").lower().split()):
            names = ("href",)
        for name in (*names, "xlink:href"):
            value = tag.attrs.get(name, "")
            urls += [part.strip().split(" ")[0] for part in value.split(",")] if name == "srcset" else [value]
        urls += re.findall(r"url\(\s*['\"]?([^'\")]+)", tag.attrs.get("style", ""))
    return [url for url in urls if url]


def test_no_page_fetches_anything_from_another_origin(built_site: Path, pages: dict[Path, Page], site_url: str) -> None:
    own = urlsplit(site_url).netloc
    outside = [
        (path.relative_to(built_site).as_posix(), url)
        for path, page in pages.items()
        for url in _fetched_urls(page)
        if urlsplit(urljoin(BASE, url)).netloc not in {"site.invalid", own}
    ]
    assert outside == []


def test_no_stylesheet_imports_anything_from_another_origin(built_site: Path) -> None:
    found = [
        (path.name, url)
        for path in built_site.rglob("*.css")
        for url in re.findall(r"(?:url\(\s*['\"]?|@import\s+['\"])((?:https?:)?//[^'\")\s]+)", path.read_text(encoding="utf-8"))
        if not url.startswith("http://www.w3.org/")
    ]
    assert found == []


def test_every_internal_link_and_section_link_resolves(built_site: Path, pages: dict[Path, Page]) -> None:
    ids = {_url(built_site, path): set(page.ids) for path, page in pages.items()}
    broken = []
    for path, page in pages.items():
        here = _url(built_site, path)
        for tag in page.tags:
            href = tag.attrs.get("href") if tag.name == "a" else None
            if not href or href.startswith(("mailto:", "tel:")):
                continue
            target = urljoin(here, href)
            parts = urlsplit(target)
            if parts.netloc != "site.invalid":
                continue
            file = built_site / parts.path.lstrip("/")
            page_url = target.split("#")[0]
            exists = file.is_file() or (file / "index.html").is_file()
            if not exists or (parts.fragment and parts.fragment not in ids.get(page_url, set())):
                broken.append((path.relative_to(built_site).as_posix(), href))
    assert broken == []


def test_no_link_runs_script(pages: dict[Path, Page]) -> None:
    assert [tag.attrs for page in pages.values() for tag in page.tags if tag.attrs.get("href", "").lower().startswith("javascript:")] == []


def test_search_works_offline_from_an_index_in_the_site(built_site: Path) -> None:
    index = (built_site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "scattergun" in index.lower() and "step-two" in index
    assert list((built_site / "assets" / "javascripts" / "workers").glob("search.*.js"))


def test_the_policy_page_shows_the_process_diagram_with_a_text_alternative(built_site: Path, policy: dict) -> None:
    page = read_page(built_site / "policy" / "index.html")
    svg = [tag for tag in page.tags if tag.name == "svg" and "ucb-process" in tag.attrs.get("class", "")]
    assert svg and svg[0].attrs["role"] == "img" and svg[0].attrs["aria-labelledby"]
    steps = page.prose
    assert all(stage["title"] in steps and stage["summary"] in steps for stage in policy["stages"].values())


@pytest.mark.parametrize("page", PAGES)
def test_every_page_says_it_is_in_british_english(built_site: Path, page: str) -> None:
    html = read_page(built_site / page / "index.html")
    assert [tag.attrs.get("lang") for tag in html.tags if tag.name == "html"] == ["en-GB"]


@pytest.mark.parametrize("page", ["policy", "guide", "customers"])
def test_what_no_restriction_takes_away_is_listed_in_full(built_site: Path, policy: dict, page: str) -> None:
    prose = read_page(built_site / page / "index.html").prose
    assert [item for item in policy["always_available"] if item["what"] not in prose or item["route"] not in prose] == []


@pytest.mark.parametrize("page", ["policy", "guide"])
def test_the_restriction_options_are_listed_least_restrictive_first(built_site: Path, policy: dict, page: str) -> None:
    html = (built_site / page / "index.html").read_text(encoding="utf-8")
    table = html[html.index('class="ucb-options"'):]
    ranked = sorted(policy["restrictions"], key=lambda option: option["rank"])
    positions = [table.find(f"<strong>{option['title']}</strong>") for option in ranked]
    assert -1 not in positions and positions == sorted(positions)
