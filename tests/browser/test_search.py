"""Site search: residents' questions find the residents' page and the policy first, not the pages about
hosting or the tool (Material's search boost, set in each page's front matter)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

RESIDENTS = ("customers/", "policy/")


def first_results(page: Page, live_site: str, query: str) -> list[str]:
    page.goto(live_site + "privacy/")
    page.locator(".md-search__input").press_sequentially(query)  # keystrokes: Material searches on keyup
    expect(page.locator(".md-search-result__meta")).to_contain_text("matching document", timeout=30_000)
    links = page.locator(".md-search-result__item > a.md-search-result__link")
    expect(links.first).to_be_visible()
    hrefs = links.evaluate_all("els => els.map(a => a.href)")
    return [href.removeprefix(live_site).split("#")[0].split("?")[0] for href in hrefs]


@pytest.mark.parametrize(
    ("query", "within"),
    [("how long does a restriction last", 1), ("appeal", 2), ("can I still make a complaint", 2)],
)
def test_residents_questions_find_the_residents_page_and_the_policy_first(
    page: Page, live_site: str, query: str, within: int
) -> None:
    found = first_results(page, live_site, query)
    assert set(found[:within]) <= set(RESIDENTS) and found[:within], f"{query!r}: {found[:4]}"
    assert "hosting/" not in found[:2], f"{query!r}: {found[:4]}"
