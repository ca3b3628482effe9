"""Public pages read plainly: Flesch–Kincaid grade of the main content of each built page."""

from __future__ import annotations

from pathlib import Path

import pytest

from readability import grade, long_sentences
from site_pages import read_page


@pytest.mark.parametrize(("page", "highest_grade"), [("customers", 9), ("policy", 11)])
def test_the_page_reads_at_or_below_its_grade(built_site: Path, page: str, highest_grade: float) -> None:
    text = read_page(built_site / page / "index.html").prose
    assert len(text.split()) > 300, "the main content was not found"
    assert grade(text) <= highest_grade


def test_no_sentence_on_the_customer_page_is_over_thirty_words(built_site: Path) -> None:
    assert long_sentences(read_page(built_site / "customers" / "index.html").prose) == []
