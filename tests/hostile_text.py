"""Hostile text for the hardening tests: markup and script that must only ever show as text.

Every payload fits the shortest free-text field in the case record (an issue id, 50 characters).
Each tag a payload carries has a `data-xss` attribute, so a test can tell at once if any of them
became a real element; the script parts call `alert` (a dialog the browser tests listen for) or set
`window.__xss`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SHORTEST_FIELD = 50

PAYLOADS = [
    "<script data-xss>window.__xss=1</script>",
    "<img data-xss src=x onerror=alert(1)>",
    "<svg data-xss onload=alert(1)></svg>",
    "<a data-xss href=javascript:alert(1)>click</a>",
    "javascript:alert(document.domain)//",
    '"><script data-xss>alert(1)</script>',
    "'><img data-xss src=x onerror=alert(1)>",
    "<iframe data-xss src=javascript:alert(1)>",
    "<body data-xss onload=alert(1)>",
    "<details data-xss open ontoggle=alert(1)>",
    "</textarea><script data-xss>alert(1)</script>",
    "</title><script data-xss>alert(1)</script>",
    "<input data-xss autofocus onfocus=alert(1)>",
    "<object data-xss data=javascript:alert(1)>",
    "<svg><script data-xss>alert(1)</script></svg>",
    '<!--<b data-xss title="--><img data-xss src=x>',
    "<meta data-xss http-equiv=refresh content=0;url=/>",
    "<base data-xss href=http://evil.example/>",
    "<form data-xss action=javascript:alert(1)><button>",
    "<img data-xss src=x onerror=alert(1)",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "<b data-xss style=color:red>unclosed",
    "\u202e<script data-xss>alert(1)</script>",
    "[click](javascript:alert(1)) **bold**",
    "{{ 7*7 }} {% if 1 %}x{% endif %} ${alert(1)}",
    "<math><mtext><img data-xss src=x onerror=alert(1)>",
    "<style>*{display:none}</style><i data-xss>",
]
assert len(PAYLOADS) >= 20 and all(len(p) <= SHORTEST_FIELD for p in PAYLOADS)


def example(name: str) -> dict[str, Any]:
    return json.loads((EXAMPLES / name).read_text(encoding="utf-8"))


# Free-text fields of the case record, as (list key or None, field) under each part of the case.
def free_text_slots(case: dict[str, Any]) -> Iterator[tuple[tuple[str | int, ...], bool]]:
    """Paths of every free-text value in `case` (the bool says whether it is a list of names).

    Text is everything that is not a date, a choice from the policy, a yes/no or the schema version:
    what a manager types in their own words.
    """
    texts = {
        ("reference",),
        ("customer", "name"),
        ("customer", "address"),
        ("circumstances", "open_complaint", "reference"),
        ("circumstances", "representative", "name"),
        ("circumstances", "vulnerability", "needs"),
        ("step_one", "manager"),
        ("step_one", "proposal", "single_point_of_contact"),
        ("step_one", "proposal", "method"),
        ("step_one", "proposal", "frequency"),
        ("step_two", "referred_by"),
        ("decision", "decided_by"),
        ("appeal", "considered_by"),
        ("appeal", "reasons"),
    }
    for path in sorted(texts):
        if _get(case, path) is not None:
            yield path, False
    for i, _ in enumerate(_get(case, ("circumstances", "vulnerability", "adjustments")) or []):
        yield ("circumstances", "vulnerability", "adjustments", i, "description"), False
    for i, issue in enumerate(case.get("issues") or []):
        for key in ("summary", "department"):
            if key in issue:
                yield ("issues", i, key), False
    for i, step in enumerate(case.get("informal_steps") or []):
        for key in ("action", "by", "outcome"):
            if key in step:
                yield ("informal_steps", i, key), False
    for i, _ in enumerate(_get(case, ("step_two", "evidence")) or []):
        yield ("step_two", "evidence", i), False
    for i, restriction in enumerate(_get(case, ("decision", "restrictions")) or []):
        if "scope" in restriction:
            yield ("decision", "restrictions", i, "scope"), False
    for i, review in enumerate(case.get("reviews") or []):
        for key in ("reviewed_by", "reasons"):
            if key in review:
                yield ("reviews", i, key), False
    for i, contact in enumerate(case.get("contacts") or []):
        for key in ("departments", "officers", "members"):
            if contact.get(key):
                yield ("contacts", i, key), True
        if "note" in contact:
            yield ("contacts", i, "note"), False


def _get(node: Any, path: tuple[str | int, ...]) -> Any:
    for key in path:
        if isinstance(node, dict):
            node = node.get(key)
        elif isinstance(node, list) and isinstance(key, int) and key < len(node):
            node = node[key]
        else:
            return None
    return node


def _set(node: Any, path: tuple[str | int, ...], value: Any) -> None:
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value


def hostile_case(base: dict[str, Any], pick: Callable[[int], str]) -> dict[str, Any]:
    """A copy of `base` with payload `pick(n)` in its n-th free-text field, issue ids included.

    Issue ids are renamed too (and every contact's reference to them), so ids carry payloads as well.
    """
    case = json.loads(json.dumps(base))
    slots = list(free_text_slots(case))
    for n, (path, is_list) in enumerate(slots):
        _set(case, path, [pick(n)] if is_list else pick(n))
    renamed = {}
    for i, issue in enumerate(case.get("issues") or []):
        suffix = f"#{i}"
        renamed[issue["id"]] = pick(len(slots) + i)[: SHORTEST_FIELD - len(suffix)] + suffix
        issue["id"] = renamed[issue["id"]]
    for contact in case.get("contacts") or []:
        if contact.get("issues"):
            contact["issues"] = [renamed.get(i, i) for i in contact["issues"]]
    return case


class MarkupAudit(HTMLParser):
    """What an HTML document would run or load: elements marked data-xss, scripts, handlers, URLs."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.injected: list[str] = []
        self.scripts = 0
        self.handlers: list[str] = []
        self.script_urls: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = {name for name, _ in attrs}
        if "data-xss" in names:
            self.injected.append(tag)
        if tag == "script":
            self.scripts += 1
        for name, value in attrs:
            if name.startswith("on"):
                self.handlers.append(f"{tag} {name}")
            if (
                name in {"href", "src", "action", "data", "formaction"}
                and value
                and re.match(r"\s*javascript:", value, re.I)
            ):
                self.script_urls.append(f"{tag} {name}={value}")

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    @property
    def dangerous(self) -> list[str]:
        return [
            *(f"<{t} data-xss>" for t in self.injected),
            *(["<script>"] * self.scripts),
            *self.handlers,
            *self.script_urls,
        ]

    @property
    def plain_text(self) -> str:
        return "".join(self.text)


def audit(html: str) -> MarkupAudit:
    parser = MarkupAudit()
    parser.feed(html)
    parser.close()
    return parser


def normalise_space(text: str) -> str:
    return re.sub(r"\s+", " ", text)
