"""A small document model (headings, paragraphs, lists, tables, links) rendered as Markdown, HTML or
plain text. Reports and letters build one; every piece of case text is escaped by the renderer."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Link:
    text: str
    href: str | None  # None: no published policy address is known, so show the text only


Inline = str | Link
Line = list[Inline]


@dataclass
class Document:
    """Blocks in order: ("heading", level, text), ("para", line), ("list", [line]), ("table", header, [row])."""

    blocks: list[tuple] = field(default_factory=list)

    def heading(self, level: int, text: str) -> None:
        self.blocks.append(("heading", level, text))

    def para(self, *parts: Inline) -> None:
        self.blocks.append(("para", list(parts)))

    def items(self, lines: list[Line]) -> None:
        if lines:
            self.blocks.append(("list", lines))

    def table(self, header: list[str], rows: list[list[Inline]]) -> None:
        if rows:
            self.blocks.append(("table", header, rows))


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


def _md_text(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", text).replace("\n", " ")


def _md_inline(part: Inline) -> str:
    if isinstance(part, Link):
        return f"[{_md_text(part.text)}]({part.href})" if part.href else _md_text(part.text)
    return _md_text(part)


def to_markdown(doc: Document) -> str:
    out: list[str] = []
    for block in doc.blocks:
        kind = block[0]
        if kind == "heading":
            out.append(f"{'#' * block[1]} {_md_text(block[2])}")
        elif kind == "para":
            out.append("".join(_md_inline(p) for p in block[1]))
        elif kind == "list":
            out.append("\n".join("- " + "".join(_md_inline(p) for p in line) for line in block[1]))
        elif kind == "table":
            header, rows = block[1], block[2]
            lines = ["| " + " | ".join(_md_text(h) for h in header) + " |", "|" + "---|" * len(header)]
            lines += ["| " + " | ".join(_md_inline(c) for c in row) + " |" for row in rows]
            out.append("\n".join(lines))
    return "\n\n".join(out) + "\n"


def _html_inline(part: Inline) -> str:
    if isinstance(part, Link):
        text = html.escape(part.text)
        return f'<a href="{html.escape(part.href)}">{text}</a>' if part.href else text
    return html.escape(part).replace("\n", "<br>")


def to_html(doc: Document) -> str:
    """An HTML fragment (no page wrapper), ready to place inside an <article>."""
    out: list[str] = []
    for block in doc.blocks:
        kind = block[0]
        if kind == "heading":
            out.append(f"<h{block[1]}>{html.escape(block[2])}</h{block[1]}>")
        elif kind == "para":
            out.append("<p>" + "".join(_html_inline(p) for p in block[1]) + "</p>")
        elif kind == "list":
            out.append(
                "<ul>\n"
                + "\n".join("<li>" + "".join(_html_inline(p) for p in line) + "</li>" for line in block[1])
                + "\n</ul>"
            )
        elif kind == "table":
            header, rows = block[1], block[2]
            head = "".join(f'<th scope="col">{html.escape(h)}</th>' for h in header)
            body = "\n".join(
                "<tr>" + "".join("<td>" + _html_inline(c) + "</td>" for c in row) + "</tr>" for row in rows
            )
            out.append(f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{body}\n</tbody>\n</table>")
    return "\n".join(out) + "\n"


def _text_inline(part: Inline) -> str:
    if isinstance(part, Link):
        return f"{part.text} ({part.href})" if part.href else part.text
    return part


def to_text(doc: Document) -> str:
    """Plain text, as pasted into an email or a word processor."""
    out: list[str] = []
    for block in doc.blocks:
        kind = block[0]
        if kind == "heading":
            out.append(block[2])
        elif kind == "para":
            out.append("".join(_text_inline(p) for p in block[1]))
        elif kind == "list":
            out.append("\n".join("- " + "".join(_text_inline(p) for p in line) for line in block[1]))
        elif kind == "table":
            out.append("\n".join(" | ".join(_text_inline(c) for c in row) for row in [list(block[1]), *block[2]]))
    return "\n\n".join(out) + "\n"


RENDERERS = {"md": to_markdown, "html": to_html, "text": to_text}
