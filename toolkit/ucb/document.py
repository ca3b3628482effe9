"""A small document model (headings, paragraphs, lists, tables, links) rendered as Markdown, HTML (a fragment, or
a whole page for download), plain text or a Word document. Reports and letters build one; every piece of case
text is escaped by the renderer, and case text that could reverse the words around it is isolated."""

from __future__ import annotations

import base64
import hashlib
import html
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from typing import Any
from xml.sax.saxutils import escape as xml_escape


@dataclass(frozen=True, slots=True)
class Link:
    text: str
    href: str | None  # None: no published policy address is known, so show the text only


Inline = str | Link
Line = list[Inline]

_RIGHT_TO_LEFT = frozenset(
    {"R", "AL", "RLE", "RLO", "LRE", "LRO", "PDF", "RLI", "LRI", "FSI", "PDI", "RLM", "LRM", "ALM"}
)
FIRST_STRONG_ISOLATE, POP_DIRECTIONAL_ISOLATE = "\u2068", "\u2069"


def isolate(text: str) -> str:
    """Case text as it goes into an output: wrapped in Unicode isolates if it holds right-to-left letters or
    direction controls, so it cannot reorder the words around it; otherwise unchanged."""
    if any(unicodedata.bidirectional(ch) in _RIGHT_TO_LEFT for ch in text):
        return f"{FIRST_STRONG_ISOLATE}{text}{POP_DIRECTIONAL_ISOLATE}"
    return text


@dataclass
class Document:
    """Blocks in order: ("heading", level, text), ("para", line), ("list", [line]), ("table", header, [row]).

    `parts` maps each block's index to the letter part it belongs to, where a letter tags it.
    """

    blocks: list[tuple] = field(default_factory=list)
    parts: dict[int, str] = field(default_factory=dict)

    def _add(self, block: tuple, part: str | None) -> None:
        if part:
            self.parts[len(self.blocks)] = part
        self.blocks.append(block)

    def heading(self, level: int, text: str, part: str | None = None) -> None:
        self._add(("heading", level, text), part)

    def para(self, *parts: Inline, part: str | None = None) -> None:
        self._add(("para", list(parts)), part)

    def items(self, lines: list[Line], part: str | None = None) -> None:
        if lines:
            self._add(("list", lines), part)

    def table(self, header: list[str], rows: list[list[Inline]]) -> None:
        if rows:
            self._add(("table", header, rows), None)

    def chart(self, title: str, bars: list[tuple[str, int]]) -> None:
        """A bar chart of counts (drawn in HTML only: the same figures are always in a table beside it)."""
        if bars:
            self._add(("chart", title, bars), None)

    def parts_present(self) -> set[str]:
        """The letter parts that have content in this document."""
        return set(self.parts.values())

    def title(self) -> str:
        """The first heading's text, for a page title."""
        return next((b[2] for b in self.blocks if b[0] == "heading"), "")


# --- Markdown --------------------------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")
_LINE_BREAKS = re.compile(r"\r\n|[\r\n\u2028\u2029\x0b\x0c\x85]")


def _md_text(text: str) -> str:
    return _LINE_BREAKS.sub(" ", _MD_SPECIAL.sub(r"\\\1", text))


def _md_inline(part: Inline) -> str:
    if isinstance(part, Link):
        return f"[{_md_text(part.text)}](<{part.href}>)" if part.href else _md_text(part.text)
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


# --- HTML ------------------------------------------------------------------------------------------------


def _html_inline(part: Inline) -> str:
    if isinstance(part, Link):
        text = html.escape(part.text)
        return f'<a href="{html.escape(part.href)}">{text}</a>' if part.href else text
    return html.escape(part).replace("\r\n", "<br>").replace("\n", "<br>").replace("\r", "<br>")


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
            items = "\n".join("<li>" + "".join(_html_inline(p) for p in line) + "</li>" for line in block[1])
            out.append(f"<ul>\n{items}\n</ul>")
        elif kind == "table":
            header, rows = block[1], block[2]
            head = "".join(f'<th scope="col">{html.escape(h)}</th>' for h in header)
            body = "\n".join(
                "<tr>" + "".join("<td>" + _html_inline(c) + "</td>" for c in row) + "</tr>" for row in rows
            )
            out.append(f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{body}\n</tbody>\n</table>")
        elif kind == "chart":
            out.append(_svg_chart(block[1], block[2]))
    return "\n".join(out) + "\n"


def _svg_chart(title: str, bars: list[tuple[str, int]]) -> str:
    """A horizontal bar chart as inline SVG, described for screen readers by its title (the table beside it
    gives the same figures)."""
    row, label_width, bar_width = 26, 300, 260
    top = max(n for _, n in bars) or 1
    parts = []
    for i, (label, n) in enumerate(bars):
        y = i * row
        width = round(bar_width * n / top)
        parts.append(
            f'<text x="0" y="{y + 17}" font-size="13">{html.escape(label)}</text>'
            f'<rect x="{label_width}" y="{y + 4}" width="{width}" height="18" fill="#1d70b8"/>'
            f'<text x="{label_width + width + 6}" y="{y + 17}" font-size="13">{n}</text>'
        )
    height = row * len(bars)
    return (
        f'<figure><svg role="img" aria-label="{html.escape(title)}: bar chart; the figures are in the table above" '
        f'viewBox="0 0 {label_width + bar_width + 60} {height}" width="100%" xmlns="http://www.w3.org/2000/svg">'
        + "".join(parts)
        + f"</svg><figcaption>{html.escape(title)}</figcaption></figure>"
    )


_PAGE_STYLE = """@page { size: A4; margin: 20mm 18mm 22mm; @top-left { content: COUNCIL; font: 9pt Arial, sans-serif; }
 @top-right { content: RUNNING; font: 9pt Arial, sans-serif; } @bottom-right { content: "Page " counter(page) " of " counter(pages); font: 9pt Arial, sans-serif; } }
html { font: 11pt/1.45 Arial, "Helvetica Neue", Helvetica, sans-serif; color: #0b0c0c; }
body { max-width: 46rem; margin: 1.5rem auto; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin: 0 0 1rem; } h2 { font-size: 1.25rem; margin: 1.6rem 0 .6rem; break-after: avoid; }
h3 { font-size: 1.05rem; margin: 1.2rem 0 .4rem; break-after: avoid; }
table { border-collapse: collapse; width: 100%; margin: .6rem 0 1rem; font-size: .9rem; }
th, td { border: 1px solid #b1b4b6; padding: .3rem .45rem; text-align: left; vertical-align: top; }
thead th { background: #f3f2f1; } tr { break-inside: avoid; } a { color: #1d70b8; }
@media print { body { margin: 0; max-width: none; padding: 0; } a { color: inherit; } }"""


def _css_string(text: str) -> str:
    """Text as a CSS string literal inside a <style> element: quotes, backslashes, angle brackets and
    ampersands escaped as CSS hex escapes, so the text can neither end the string nor the element."""
    cleaned = _LINE_BREAKS.sub(" ", text)
    return '"' + "".join(f"\\{ord(ch):x} " if ch in "\"\\<>&'" or ord(ch) < 32 else ch for ch in cleaned) + '"'


def to_html_page(doc: Document, *, council: str, running_head: str, lang: str = "en-GB") -> str:
    """A whole HTML page for download: doctype, character set, title, its own Content-Security-Policy (no
    script at all; only its own style) and a print style that lays it out on A4 with a running head."""
    style = _PAGE_STYLE.replace("COUNCIL", _css_string(council), 1).replace("RUNNING", _css_string(running_head), 1)
    digest = base64.b64encode(hashlib.sha256(style.encode("utf-8")).digest()).decode("ascii")
    csp = f"default-src 'none'; style-src 'sha256-{digest}'; img-src data:; base-uri 'none'; form-action 'none'"
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{html.escape(csp)}">\n'
        '<meta name="referrer" content="no-referrer">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(doc.title() or running_head)}</title>\n<style>{style}</style>\n</head>\n"
        f"<body>\n<main>\n{to_html(doc)}</main>\n</body>\n</html>\n"
    )


# --- Plain text -------------------------------------------------------------------------------------------


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


# --- Word (.docx) -----------------------------------------------------------------------------------------
# WordprocessingML written directly: no maintained writer runs in Pyodide (python-docx needs lxml, which has no
# pure-Python wheel). Tests open every letter with python-docx to prove Word-compatible files.

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_DOCX_FIXED = (1980, 1, 1, 0, 0, 0)  # fixed timestamps: the same letter gives the same bytes
_XML_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    '<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>'
    "</Types>"
)
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
    "</Relationships>"
)
_DOC_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
    "</Relationships>"
)


def _style(style_id: str, name: str, run: str = "", para: str = "") -> str:
    return (
        f'<w:style w:type="paragraph" w:styleId="{style_id}"><w:name w:val="{name}"/><w:basedOn w:val="Normal"/>'
        f"<w:qFormat/><w:pPr>{para}</w:pPr><w:rPr>{run}</w:rPr></w:style>"
    )


_STYLES = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles xmlns:w="{_W}">'
    '<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Arial" w:hAnsi="Arial" w:cs="Arial"/><w:sz w:val="22"/>'
    '<w:lang w:val="en-GB"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="160" w:line="276" w:lineRule="auto"/>'
    "</w:pPr></w:pPrDefault></w:docDefaults>"
    '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>'
    + _style(
        "Heading1",
        "heading 1",
        '<w:b/><w:sz w:val="32"/>',
        '<w:keepNext/><w:spacing w:before="240" w:after="200"/><w:outlineLvl w:val="0"/>',
    )
    + _style(
        "Heading2",
        "heading 2",
        '<w:b/><w:sz w:val="26"/>',
        '<w:keepNext/><w:spacing w:before="240" w:after="120"/><w:outlineLvl w:val="1"/>',
    )
    + _style(
        "Heading3",
        "heading 3",
        '<w:b/><w:sz w:val="23"/>',
        '<w:keepNext/><w:spacing w:before="200" w:after="80"/><w:outlineLvl w:val="2"/>',
    )
    + _style("ListBullet", "List Bullet", "", '<w:ind w:left="567" w:hanging="283"/><w:spacing w:after="80"/>')
    + "</w:styles>"
)


def _run_text(text: str) -> str:
    lines = _XML_UNSAFE.sub("", text).split("\n")
    runs = "<w:br/>".join(f'<w:t xml:space="preserve">{xml_escape(line)}</w:t>' for line in lines)
    return f"<w:r>{runs}</w:r>"


def _docx_para(line: Line, style: str | None = None, prefix: str = "") -> str:
    style_xml = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    text = prefix + "".join(_text_inline(p) for p in line)
    return f"<w:p>{style_xml}{_run_text(text)}</w:p>"


def _docx_table(header: list[str], rows: list[list[Inline]]) -> str:
    border = "".join(
        f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="B1B4B6"/>'
        for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    cells = lambda row: "".join(f"<w:tc>{_docx_para([c])}</w:tc>" for c in row)  # noqa: E731 - one-line helper
    body = f"<w:tr>{cells(header)}</w:tr>" + "".join(f"<w:tr>{cells(row)}</w:tr>" for row in rows)
    return f'<w:tbl><w:tblPr><w:tblW w:w="5000" w:type="pct"/><w:tblBorders>{border}</w:tblBorders></w:tblPr>{body}</w:tbl>'


def _docx_body(doc: Document) -> str:
    out: list[str] = []
    for block in doc.blocks:
        kind = block[0]
        if kind == "heading":
            out.append(_docx_para([block[2]], f"Heading{min(block[1], 3)}"))
        elif kind == "para":
            out.append(_docx_para(block[1]))
        elif kind == "list":
            out += [_docx_para(line, "ListBullet", "\u2022\t") for line in block[1]]
        elif kind == "table":
            out.append(_docx_table(block[1], block[2]))
    page = '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1134" w:right="1021" w:bottom="1247" w:left="1021" w:header="567" w:footer="567" w:gutter="0"/></w:sectPr>'
    return f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{_W}"><w:body>{"".join(out)}{page}</w:body></w:document>'


def to_docx(doc: Document) -> bytes:
    """A Word document (A4, Arial) with the same headings, paragraphs, lists and tables."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        for name, text in (
            ("[Content_Types].xml", _CONTENT_TYPES),
            ("_rels/.rels", _ROOT_RELS),
            ("word/_rels/document.xml.rels", _DOC_RELS),
            ("word/styles.xml", _STYLES),
            ("word/document.xml", _docx_body(doc)),
        ):
            package.writestr(zipfile.ZipInfo(name, _DOCX_FIXED), text.encode("utf-8"))
    return buffer.getvalue()


RENDERERS: dict[str, Any] = {"md": to_markdown, "html": to_html, "text": to_text}
