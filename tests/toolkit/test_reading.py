"""Reading a file at the boundary: one rule for encodings, a size limit, and nesting checked before parsing."""

from __future__ import annotations

import json
import random

import pytest

from ucb.reading import (
    MAX_FIELDS,
    MAX_FILE_BYTES,
    MAX_NESTING,
    MAX_TEXT,
    FileRefused,
    as_case,
    decode,
    load_json,
    nesting_exceeds,
)


def _depth(text: str) -> int:
    """The nesting of JSON text, counted the slow way, as far as a parser reads: to the end, or to a
    backslash outside any string (never valid JSON)."""
    depth = deepest = 0
    in_string = escaped = False
    for ch in text:
        if in_string:
            escaped, in_string = (False, in_string) if escaped else (ch == "\\", ch != '"')
        elif ch == "\\":
            break
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "]}":
            depth = max(0, depth - 1)
    return deepest


@pytest.mark.parametrize(
    ("sentence", "data", "text"),
    [
        ("UTF-8 is read.", "Zoë".encode(), "Zoë"),
        ("A UTF-8 byte-order mark is dropped.", "\ufeffZoë".encode(), "Zoë"),
    ],
)
def test_utf8_is_read(sentence: str, data: bytes, text: str) -> None:
    assert decode(data) == text, sentence


@pytest.mark.parametrize(
    ("sentence", "data", "code"),
    [
        ("Latin-1 is refused, not guessed.", "Zoë Brontë".encode("latin-1"), "encoding_not_utf8"),
        ("UTF-16 is refused.", "Zoë".encode("utf-16"), "encoding_not_utf8"),
        ("A NUL byte is refused.", b"date\x00", "encoding_not_utf8"),
        ("An empty file is refused.", b"", "file_empty"),
        ("A file of blank lines is refused.", b"\n \n", "file_empty"),
        ("A file over the limit is refused.", b" " * (MAX_FILE_BYTES + 1), "file_too_large"),
    ],
)
def test_anything_else_is_refused_with_a_code(sentence: str, data: bytes, code: str) -> None:
    with pytest.raises(FileRefused) as refused:
        decode(data)
    assert refused.value.code == code, sentence


def test_the_nesting_check_agrees_with_counting_every_bracket() -> None:
    """Exactly, wherever every backslash is inside a string; and where one is not (the parser stops there),
    it never finds less nesting than the parser would reach."""
    rng = random.Random(21)
    strings = ['"[{"', '"\\"["', '"\\\\"', '"\\\\\\"]"', '"x\\n"']
    for stray in (False, True):
        alphabet = ["[", "]", "{", "}", "[]", "{}", "1", ",", *strings] + (['"', "\\", "\\\\"] if stray else [])
        for _ in range(3000):
            text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 120)))
            for limit in (1, 2, 3, 5, 8, 13):
                if stray:
                    assert nesting_exceeds(text, limit) >= (_depth(text) > limit), (text, limit)
                else:
                    assert nesting_exceeds(text, limit) == (_depth(text) > limit), (text, limit)


@pytest.mark.parametrize("depth", [MAX_NESTING - 1, MAX_NESTING, MAX_NESTING + 1, 2_000_000])
def test_nesting_up_to_the_limit_is_parsed_and_deeper_is_refused_unparsed(depth: int) -> None:
    text = "[" * depth + "]" * depth
    if depth <= MAX_NESTING:
        assert json.dumps(load_json(text)) == text
    else:
        with pytest.raises(FileRefused) as refused:
            load_json(text)
        assert refused.value.code == "json_too_deep"


@pytest.mark.parametrize(
    "text",
    ['{"n": NaN}', '{"n": Infinity}', '{"n": ' + "9" * 5000 + "}", '{"s": "\\ud800"}', '{"a": 1', ""],
)
def test_json_that_is_not_plain_finite_json_is_refused(text: str) -> None:
    with pytest.raises(FileRefused) as refused:
        load_json(text)
    assert refused.value.code == "json_invalid"


@pytest.mark.parametrize(
    ("data", "words"),
    [
        ({}, "an empty JSON object"),
        ({"name": "x"}, "no 'schema_version'"),
        ({"contacts": []}, "contact log"),
        ([], "a JSON list"),
        ("case", "a single JSON value"),
    ],
)
def test_only_an_object_with_a_schema_version_is_a_case(data: object, words: str) -> None:
    with pytest.raises(FileRefused) as refused:
        as_case(data)
    assert refused.value.code == "not_a_case" and words in str(refused.value)
    assert as_case({"schema_version": "0.1"}) == {"schema_version": "0.1"}


def test_a_group_of_more_fields_than_any_case_has_is_refused() -> None:
    assert len(load_json(json.dumps({f"f{n}": n for n in range(MAX_FIELDS)}))) == MAX_FIELDS
    with pytest.raises(FileRefused) as refused:
        load_json(json.dumps([{f"f{n}": n for n in range(MAX_FIELDS + 1)}]))
    assert refused.value.code == "json_too_many_fields"


def test_text_far_longer_than_any_case_holds_is_refused() -> None:
    assert load_json(json.dumps({"note": "x" * MAX_TEXT}))["note"] == "x" * MAX_TEXT
    with pytest.raises(FileRefused) as refused:
        load_json(json.dumps({"note": "x" * (MAX_TEXT + 1)}))
    assert refused.value.code == "json_text_too_long"


@pytest.mark.parametrize(
    ("sentence", "text", "too_long"),
    [
        ("Escaped quotes do not split a long text.", json.dumps({"note": 'a"b' * (MAX_TEXT // 3 + 1)}), True),
        ("Nor do escaped backslashes.", json.dumps({"note": "\\" * (MAX_TEXT // 2 + 1)}), True),
        ("Spaces between values are not text.", '{"note": "x",' + " " * (MAX_TEXT + 5) + '"n": 1}', False),
        ("An unclosed text runs to the end.", '{"note": "' + "x" * (MAX_TEXT + 1), True),
    ],
)
def test_text_is_measured_as_written(sentence: str, text: str, too_long: bool) -> None:
    try:
        load_json(text)
        refused = None
    except FileRefused as error:
        refused = error.code
    assert (refused == "json_text_too_long") == too_long, sentence
