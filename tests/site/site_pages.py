"""Read built HTML pages: the tags and ids they contain, and the readable text of their main content."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

# Elements whose text a reader never meets as prose.
SKIPPED = {"script", "style", "svg", "nav", "header", "footer", "table"}


@dataclass
class Tag:
    name: str
    attrs: dict[str, str]


@dataclass
class Page(HTMLParser):
    """One built page: every start tag, every id, and the prose of its <article>."""

    tags: list[Tag] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)
    headings: dict[str, str] = field(default_factory=dict)
    _article: int = 0
    _skip: int = 0
    _heading: str | None = None
    _heading_text: list[str] = field(default_factory=list)
    _prose: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(convert_charrefs=True)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {key: value or "" for key, value in attrs}
        self.tags.append(Tag(tag, values))
        if "id" in values:
            self.ids.append(values["id"])
        if tag == "article":
            self._article += 1
        if tag in SKIPPED or "headerlink" in values.get("class", ""):
            self._skip += 1
        if re.fullmatch(r"h[1-6]", tag) and "id" in values:
            self._heading, self._heading_text = values["id"], []
        if tag in {"p", "li", "h1", "h2", "h3", "h4", "dd", "dt", "br"}:
            self._prose.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "article":
            self._article -= 1
        if tag in SKIPPED or (tag == "a" and self._skip and self._heading):
            self._skip = max(self._skip - 1, 0)
        if self._heading and re.fullmatch(r"h[1-6]", tag):
            self.headings[self._heading] = "".join(self._heading_text).strip()
            self._heading = None

    def handle_data(self, data: str) -> None:
        if self._heading and not self._skip:
            self._heading_text.append(data)
        if self._article and not self._skip:
            self._prose.append(data)

    @property
    def prose(self) -> str:
        """The main content as sentences a reader meets, one block per line."""
        lines = (" ".join(line.split()) for line in "".join(self._prose).split("\n"))
        return "\n".join(line for line in lines if line)


def read_page(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    page.close()
    return page
