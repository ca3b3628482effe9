"""The Content Security Policy: on every built page, strict about scripts, and the tool works under it."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from hostile_text import audit
from playwright.sync_api import Page, expect
from site_release import TOOL
from wizard_pages import (
    ROOT,
    about,
    circumstances,
    delete_case,
    fill_date,
    open_check,
    open_tool,
    skip_to_check,
    to_result,
    upload_case,
)

EXAMPLES = ROOT / "examples"

CSP_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`);
});
"""


class _Meta(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.policies: list[str] = []
        self.inline_styles: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "meta" and (values.get("http-equiv") or "").lower() == "content-security-policy":
            self.policies.append(values.get("content") or "")
        if "style" in values:
            self.inline_styles.append(tag)


def _pages(site: Path) -> list[Path]:
    pages = sorted(site.rglob("*.html"))
    assert len(pages) >= 10, "the built site has fewer pages than the site has"
    return pages


def _directives(policy: str) -> dict[str, list[str]]:
    parts = (p.strip().split() for p in policy.split(";") if p.strip())
    return {words[0]: words[1:] for words in parts}


def test_every_built_page_carries_a_strict_policy_in_a_meta_tag(built_site: Path) -> None:
    for page in _pages(built_site):
        html = page.read_text(encoding="utf-8")
        meta = _Meta()
        meta.feed(html)
        where = page.relative_to(built_site)
        assert len(meta.policies) == 1, f"{where}: {len(meta.policies)} CSP meta tags"
        policy = _directives(meta.policies[0])
        scripts = policy.get("script-src", policy.get("default-src"))
        assert scripts is not None, f"{where}: no script-src"
        assert "'unsafe-inline'" not in scripts and "'unsafe-eval'" not in scripts, f"{where}: {scripts}"
        assert not any(s in {"*", "http:", "https:", "data:", "blob:"} for s in scripts), f"{where}: {scripts}"
        assert policy.get("object-src") == ["'none'"], where
        assert "'unsafe-inline'" not in policy.get("style-src", []), where
        # The tag must come before any script it governs.
        assert html.index("Content-Security-Policy") < html.find("<script") or "<script" not in html, where


def test_no_built_page_has_inline_handlers_javascript_urls_or_inline_styles(built_site: Path) -> None:
    for page in _pages(built_site):
        html = page.read_text(encoding="utf-8")
        found = audit(html)
        where = page.relative_to(built_site)
        assert found.handlers == [], f"{where}: inline event handlers {found.handlers}"
        assert found.script_urls == [], f"{where}: javascript: URLs {found.script_urls}"
        assert not re.search(r"javascript:", html, re.I), f"{where} mentions a javascript: URL"
        meta = _Meta()
        meta.feed(html)
        assert meta.inline_styles == [], f"{where}: style attributes the policy would block on {meta.inline_styles}"


def test_the_wizard_never_writes_markup_from_strings(built_site: Path) -> None:
    sources = list((built_site / TOOL).rglob("*.mjs"))
    assert (built_site / TOOL / "wizard.mjs").exists() and sources
    for source in sources:
        text = source.read_text(encoding="utf-8")
        for sink in (
            r"\.innerHTML\s*=",
            r"\.outerHTML\s*=",
            r"insertAdjacentHTML\(",
            r"document\.write",
            r"\beval\(",
            r"new Function\(",
        ):
            assert not re.search(sink, text), f"{source.name} writes markup or code from a string ({sink})"


def test_the_tool_loads_and_completes_a_journey_with_the_policy_in_force(
    page: Page,
    live_site: str,
) -> None:
    page.add_init_script(CSP_VIOLATIONS)
    open_tool(page, live_site)
    policy = page.locator("meta[http-equiv='Content-Security-Policy']").get_attribute("content")
    assert "'wasm-unsafe-eval'" in policy and "'unsafe-eval'" not in policy.replace("'wasm-unsafe-eval'", "")
    about(page, "CSP-1")
    circumstances(page, complaint=True, stage="Stage one")
    skip_to_check(page)
    fill_date(page, "Assess as at", "2026-11-27")
    assert to_result(page) == "use_complaints_policy"
    expect(page.locator("#ucb-no-options")).to_be_visible()
    with page.expect_download():
        page.get_by_role("button", name="Download the report (HTML, printable)").click()
    assert page.evaluate("() => window.__cspViolations") == []
    # A letter's preview under the same policy: the letter's own A4 style is left out of it, not blocked.
    delete_case(page)
    upload_case(page, "case.json", (EXAMPLES / "restrictions_in_place.json").read_bytes())
    open_check(page)
    fill_date(page, "Assess as at", "2023-10-02")
    assert to_result(page) == "restrictions_in_place"
    expect(page.frame_locator(".ucb-letter-preview iframe").locator("body")).to_contain_text("UCB-")
    assert page.evaluate("() => window.__cspViolations") == []
