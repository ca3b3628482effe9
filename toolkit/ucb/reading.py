"""Reading a file a manager hands the toolkit (a case, a contact log), the same way in the CLI and the browser.

One rule for encodings (UTF-8, with or without a byte-order mark; anything else is refused, never
guessed), one size limit, and a nesting limit checked before any JSON is parsed: Python's parser
recurses once per level, and in the browser's Pyodide a few thousand levels exhaust the stack and stop
the toolkit for good. Every refusal is a `FileRefused` with a code and a message that says what to do.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import UcbError

MAX_FILE_BYTES = 5 * 1024 * 1024
"""The largest file read (the browser states it where files are chosen; a test holds the two equal)."""

MAX_NESTING = 64
"""How many lists and groups may sit inside one another in a JSON file. A case needs 5."""

MAX_TEXT = 10_000
"""Characters one piece of text in a JSON file may have: five times the longest a case holds (2,000).
Longer text would hold the browser's page for seconds wherever it is shown, and is no case's."""

MAX_FIELDS = 1000
"""Named fields one JSON group may have. A case has 12 at most; a file with a group of 200,000 would
take the browser seconds to hold, and is no case."""

_UTF16_MARKS = (b"\xff\xfe", b"\xfe\xff")
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_BRACKET_RUN = re.compile(r"[\[{]+|[\]}]+")
_NOT_MARKS = bytes(b for b in range(256) if chr(b) not in '[]{}":')
_LONG_RUN = re.compile(f'"[^"]{{{MAX_TEXT + 1}}}')


class FileRefused(UcbError):
    """A file that cannot be read as what it is meant to be; nothing in it was used."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def megabytes(size: int) -> str:
    """A size for people: '5 MB', '20.3 MB'."""
    value = size / 1048576
    return f"{value:.0f} MB" if value == int(value) else f"{value:.1f} MB"


def check_size(size: int) -> None:
    """Refuse a file larger than MAX_FILE_BYTES, before reading it."""
    if size > MAX_FILE_BYTES:
        raise FileRefused(
            "file_too_large",
            f"The file is {megabytes(size)}. The tool reads files of up to {megabytes(MAX_FILE_BYTES)}: "
            "check it is the right file, or split a contact log into smaller files.",
        )


def decode(data: bytes) -> str:
    """The file's text, if it is UTF-8 (a byte-order mark is dropped); FileRefused otherwise."""
    check_size(len(data))
    if not data.strip():
        raise FileRefused("file_empty", "The file is empty. Choose the file that holds your work.")
    problem = None
    if data.startswith(_UTF16_MARKS) or b"\x00" in data:
        problem = "it is saved as UTF-16"
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            problem = f"byte {error.start + 1:,} is not part of a UTF-8 character"
    if problem:
        raise FileRefused(
            "encoding_not_utf8",
            f"The file is not saved as UTF-8 text ({problem}), so some of its letters would come out wrong. "
            "Save it again as UTF-8 (in a spreadsheet, choose 'CSV UTF-8') and try again.",
        )
    return text.removeprefix("\ufeff")


def file_text(path: Path) -> str:
    """The text of the file at `path`: refused unread if it is too large, then decoded by `decode`.
    FileRefused for a file this tool does not read; OSError for one the computer cannot read."""
    check_size(path.stat().st_size)
    return decode(path.read_bytes())


def _depth(brackets: str, limit: int) -> int:
    """The deepest nesting in a string of brackets, or limit + 1 as soon as it is passed."""
    depth = deepest = 0
    for run in _BRACKET_RUN.finditer(brackets):
        if run.group()[0] in "[{":
            depth += len(run.group())
            if depth > limit:
                return limit + 1
            deepest = max(deepest, depth)
        else:
            depth = max(0, depth - len(run.group()))
    return deepest


@dataclass(frozen=True)
class _Outline:
    """JSON text seen from outside its strings: its brackets and how many colons it has there, and whether
    one of its strings is longer than MAX_TEXT as written."""

    brackets: str
    colons: int
    has_long_text: bool


def _outline(text: str) -> _Outline:
    """Outline JSON text in a few passes of str and bytes methods, at C speed.

    Where a backslash stands before a quote, escaped backslashes and quotes are first written over with two
    plain characters, so every quote left starts or ends a string and each string keeps its written length
    (with no backslash before a quote, every quote already does). A quote left open runs to the end, as in
    the parser. A backslash outside any string (never valid JSON) may shift what counts as inside after it,
    but the parser stops there, so nothing it would reach is missed. Everything but quotes, brackets and
    colons is then deleted, and what lies between the quotes (outside strings) kept. A string can only be
    too long where a quote is followed by more than MAX_TEXT characters that are not quotes, so strings are
    measured one by one only when such a run is found."""
    plain = text.replace("\\\\", "__").replace('\\"', "__") if '\\"' in text else text
    marks = plain.encode("utf-8", "surrogatepass").translate(None, _NOT_MARKS)
    outside = b"".join(marks.split(b'"')[0::2])
    has_long_text = bool(_LONG_RUN.search(plain)) and max(map(len, plain.split('"')[1::2])) > MAX_TEXT
    return _Outline(outside.replace(b":", b"").decode("ascii"), outside.count(b":"), has_long_text)


def nesting_exceeds(text: str, limit: int = MAX_NESTING) -> bool:
    """Whether JSON text nests lists and groups more than `limit` deep, found without parsing it."""
    return _brackets_exceed(_outline(text).brackets, limit)


def _brackets_exceed(brackets: str, limit: int) -> bool:
    """Whether a string of brackets (JSON with its strings and values taken out) nests more than `limit` deep.

    Counting bracket by bracket would take a second for a few megabytes of `[],[],…`, so empty pairs
    are removed first, a few times over: each removal lowers the deepest point by one at most, which
    bounds the answer; only when the bound cannot settle it are the brackets counted one run at a
    time. Counting stops as soon as the limit is passed, so a file of a million opening brackets
    costs almost nothing."""
    reduced, removals = brackets, 0
    while removals < 8:
        shorter = reduced.replace("[]", "").replace("{}", "")
        if len(shorter) == len(reduced):
            break
        reduced, removals = shorter, removals + 2
    depth = _depth(reduced, limit)
    if depth > limit:
        return True
    if depth + removals <= limit:
        return False
    return _depth(brackets, limit) > limit


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


class _TooManyFields(Exception):
    pass


def _group(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    if len(pairs) > MAX_FIELDS:
        raise _TooManyFields
    return dict(pairs)


def _encodes(data: Any) -> bool:
    """Whether parsed JSON writes back out as UTF-8 (a half-pair of letters, from an escape, does not)."""
    try:
        json.dumps(data, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def load_json(text: str) -> Any:
    """Parse JSON text that may come from anywhere; FileRefused for anything but plain, finite JSON.

    The text is outlined once (what lies outside its strings, and whether one is too long) and the limits
    are checked on that before parsing: nesting, the longest text, and whether the file has more colons
    than one group may have fields (only then are a group's fields counted while parsing). Half-pairs
    of letters are looked for only where the text writes one as an escape, the only way JSON holds one."""
    outline = _outline(text)
    if _brackets_exceed(outline.brackets, MAX_NESTING):
        raise FileRefused(
            "json_too_deep",
            f"The file has lists or groups nested more than {MAX_NESTING} deep, so it is not a file this tool "
            "saved or reads. Check it is the right file.",
        )
    if outline.has_long_text:
        raise FileRefused(
            "json_text_too_long",
            f"The file holds a piece of text over {MAX_TEXT:,} characters long, far longer than any a case has, so "
            "it is not a file this tool saved or reads. Check it is the right file.",
        )
    hook = _group if outline.colons > MAX_FIELDS else None
    try:
        data = json.loads(text, parse_constant=_no_constant, object_pairs_hook=hook)
    except _TooManyFields:
        raise FileRefused(
            "json_too_many_fields",
            f"The file has a group of more than {MAX_FIELDS:,} named fields, so it is not a file this tool saved or "
            "reads. Check it is the right file.",
        ) from None
    except json.JSONDecodeError as error:
        raise FileRefused(
            "json_invalid", f"The file is not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})."
        ) from None
    except (ValueError, RecursionError):
        # A number too long to convert (over 4,300 digits), NaN or Infinity: nothing a case holds.
        raise FileRefused(
            "json_invalid",
            "The file holds a number JSON does not allow or one too long to read, so it is not a file this tool "
            "saved or reads. Check it is the right file.",
        ) from None
    if _SURROGATE_ESCAPE.search(text) and not _encodes(data):
        raise FileRefused(
            "json_invalid",
            "The file holds a broken character (half of a pair that makes one letter), so it cannot be read. "
            "Check it is the right file.",
        )
    return data


def _kind(data: Any) -> str:
    if isinstance(data, dict):
        return "an empty JSON object" if not data else "a JSON object with no 'schema_version'"
    if isinstance(data, list):
        return "a JSON list"
    return "a single JSON value"


def as_case(data: Any) -> dict[str, Any]:
    """Parsed JSON, if it is a case (an object with a `schema_version`); FileRefused otherwise.

    Whether the case is valid is for validate to say; this only tells a case from another JSON file
    (a contact log, a settings file), which must never replace the case in progress."""
    if isinstance(data, dict) and "schema_version" in data:
        return data
    if isinstance(data, dict) and isinstance(data.get("contacts"), list):
        message = (
            "The file is not a case saved by this tool: it holds a contact log but no 'schema_version'. "
            "To add its contacts to a case, import it as a contact log."
        )
    else:
        message = (
            f"The file is not a case saved by this tool: it is {_kind(data)}, and a case file is a JSON object "
            "that starts with its 'schema_version'. Choose the file ending in -case.json that the tool saved."
        )
    raise FileRefused("not_a_case", message)


__all__ = [
    "MAX_FIELDS",
    "MAX_FILE_BYTES",
    "MAX_NESTING",
    "MAX_TEXT",
    "FileRefused",
    "as_case",
    "check_size",
    "decode",
    "file_text",
    "load_json",
    "nesting_exceeds",
]
