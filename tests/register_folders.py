"""Folders of case files for the register, made from the examples: the same every time for a given date.

Every date in a copied example moves by whole weeks (so a working day stays a working day, bar a bank
holiday), which keeps each example where examples/expected.json says it stands, as at a date near
`on` instead of its own.
"""

from __future__ import annotations

import json
import random
import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
EXPECTED = json.loads((EXAMPLES / "expected.json").read_text(encoding="utf-8"))
_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})((?:T\d{2}:\d{2}(?::\d{2})?)?)$")


def shifted(value: Any, days: int) -> Any:
    """`value` (a case, or any part of one) with every date and date-time in it moved by `days`."""
    if isinstance(value, dict):
        return {key: shifted(item, days) for key, item in value.items()}
    if isinstance(value, list):
        return [shifted(item, days) for item in value]
    if isinstance(value, str) and (match := _DATE.match(value)):
        return (date.fromisoformat(match.group(1)) + timedelta(days=days)).isoformat() + match.group(2)
    return value


def weeks_between(start: date, end: date) -> int:
    """The whole number of days, a multiple of 7, that moves `start` nearest to `end`."""
    return 7 * round((end - start).days / 7)


def example(name: str) -> dict[str, Any]:
    return json.loads((EXAMPLES / name).read_text(encoding="utf-8"))


def as_if_on(name: str, on: date, weeks_before: int = 0) -> dict[str, Any]:
    """The example `name` moved so it stands as it does on its own date, `weeks_before` weeks before `on`."""
    own = date.fromisoformat(EXPECTED[name]["on"])
    return shifted(example(name), weeks_between(own, on) - 7 * weeks_before)


def example_folder(dest: Path, on: date) -> dict[str, dict[str, Any]]:
    """Every example, each standing as it does on its own date but near `on`, written into `dest`.

    So `review_due.json` has a review due soon and `restrictions_lapsed.json` a review missed (overdue).
    """
    dest.mkdir(parents=True, exist_ok=True)
    cases = {name: as_if_on(name, on) for name in sorted(EXPECTED)}
    for name, case in cases.items():
        (dest / name).write_text(json.dumps(case, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return cases


def realistic_folder(dest: Path, count: int, on: date, seed: int = 19) -> int:
    """`count` case files in `dest`, the examples in turn, each with its own reference and standing as its
    example does, as at a day up to a month before `on` (so restrictions are in force, reviews due and
    missed, appeals and referrals waiting, as in a council's folder); returns their total size in bytes."""
    rng = random.Random(seed)
    dest.mkdir(parents=True, exist_ok=True)
    names = sorted(EXPECTED)
    size = 0
    for n in range(count):
        name = names[n % len(names)]
        case = as_if_on(name, on, weeks_before=rng.randint(0, 4))
        case["reference"] = f"{case['reference']}-{n:05d}"
        data = (json.dumps(case, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
        (dest / f"case-{n:05d}.json").write_bytes(data)
        size += len(data)
    return size
