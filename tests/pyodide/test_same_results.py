"""The toolkit gives the same answers in Pyodide as in CPython.

Every example case (one for every outcome) and a range of generated contact logs go through every
operation: validate, metrics, assess, report, evidence pack and each letter. Every request below goes through `ucb.api.call` twice: here in CPython, and inside Pyodide under
Node, loaded from the built site's own runtime folder (our lock file, our compiled wheels), the way
the browser loads it. The replies must match byte for byte. The hostile-file corpus
(tests/hostile_files.py) goes through too, as the browser sends files: a file nested two million
deep, which once stopped Pyodide for good, must be refused there with the same words as here.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from generated_cases import contact_log_case, contacts_csv
from hostile_files import CORPUS
from site_release import RUNTIME

from ucb import api

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
EXAMPLES = ROOT / "examples"
SCENARIOS = ROOT / "tests" / "scenarios"
ON = dt.date(2026, 11, 27)
POLICY_URL = "https://example.invalid/policy/"
LETTER_KINDS = tuple(api.load_policy()["letters"])

pytestmark = pytest.mark.skipif(shutil.which("node") is None, reason="Node.js runs Pyodide for this test")


def reply(op: str, payload: dict) -> dict:
    return json.loads(api.call(op, json.dumps(payload)))


def generated_cases() -> list[dict]:
    """Contact logs of every size the tool meets, from a single contact to a heavy year."""
    policy = reply("policy", {})["result"]
    return [contact_log_case(policy, size, ON, seed=size) for size in (1, 12, 60, 400, 2_000)]


def scenario_cases() -> list[tuple[dict, str]]:
    """The independent scenario suite's cases (tests/scenarios), each with its date: the browser must reach
    the same judgement as the command line on every one."""
    expected = yaml.safe_load((SCENARIOS / "expected.yml").read_text(encoding="utf-8"))
    return [(json.loads((SCENARIOS / row["file"]).read_text(encoding="utf-8")), str(row["on"])) for row in expected]


def example_cases() -> list[tuple[dict, str]]:
    """The shipped example cases (one for every outcome), each with the date to assess it as at."""
    expected = json.loads((EXAMPLES / "expected.json").read_text(encoding="utf-8"))
    return [
        (json.loads((EXAMPLES / name).read_text(encoding="utf-8")), facts["on"])
        for name, facts in sorted(expected.items())
    ]


def requests_for(case: dict, on: str) -> list[tuple[str, dict]]:
    asked = [
        ("validate", {"case": case, "on": on}),
        ("metrics", {"case": case, "on": on}),
        ("assess", {"case": case, "on": on}),
    ]
    for fmt in ("html", "md"):
        asked.append(("report", {"case": case, "on": on, "format": fmt, "policy_url": POLICY_URL}))
        asked.append(("evidence_pack", {"case": case, "on": on, "format": fmt, "policy_url": POLICY_URL}))
    asked += [
        ("letter", {"case": case, "on": on, "kind": kind, "format": fmt, "policy_url": POLICY_URL})
        for kind in LETTER_KINDS
        for fmt in ("text", "html", "docx")
    ]
    return asked


def all_requests() -> list[tuple[str, dict]]:
    generated = generated_cases()
    asked: list[tuple[str, dict]] = [("policy", {})] + [
        ("schema", {"name": n}) for n in ("case", "assessment", "policy")
    ]
    for case, on in [*example_cases(), *((case, ON.isoformat()) for case in generated)]:
        asked += requests_for(case, on)
    asked += [("assess", {"case": case, "on": on}) for case, on in scenario_cases()]
    asked.append(
        ("import_contacts", {"text": (EXAMPLES / "contact_log.csv").read_text(encoding="utf-8"), "format": "csv"})
    )
    asked.append(("import_contacts", {"text": contacts_csv(generated[2]), "format": "csv"}))
    asked.append(("import_contacts", {"text": json.dumps(generated[1]["contacts"]), "format": "json"}))
    asked.append(
        (
            "assess",
            {"case": {**generated[1], "contacts": [{"at": "not a date", "channel": "phone"}]}, "on": ON.isoformat()},
        )
    )
    for entry in CORPUS:
        data = base64.b64encode(entry.data).decode("ascii")
        if entry.kind == "case":
            asked.append(("read_case", {"data": data, "on": ON.isoformat()}))
        else:
            asked.append(("import_contacts", {"data": data, "format": entry.name.rsplit(".", 1)[1]}))
    asked.append(("no_such_operation", {}))
    return asked


def run_in_pyodide(runtime: Path, requests: list[tuple[str, str]], work: Path) -> tuple[list[str], dict]:
    """The replies, and what run_api.mjs says of the start (load_ms, call_ms, restored)."""
    (work / "requests.json").write_text(json.dumps(requests), encoding="utf-8")
    result = subprocess.run(
        ["node", str(HERE / "run_api.mjs"), str(runtime), str(work / "requests.json"), str(work / "replies.json")],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, f"Pyodide under Node failed:\n{result.stdout}\n{result.stderr}"
    start = json.loads(result.stderr.strip().splitlines()[-1])
    return json.loads((work / "replies.json").read_text(encoding="utf-8")), start


def first_difference(a: str, b: str) -> str:
    at = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
    return f"at character {at}: CPython {a[at - 40 : at + 40]!r} / Pyodide {b[at - 40 : at + 40]!r}"


def test_pyodide_replies_match_cpython_byte_for_byte(built_site: Path, tmp_path: Path) -> None:
    requests = [(op, json.dumps(payload)) for op, payload in all_requests()]
    cpython = [api.call(op, payload) for op, payload in requests]
    pyodide, start = run_in_pyodide(built_site / RUNTIME, requests, tmp_path)
    assert start["restored"] is True, "Pyodide started cold: the build's memory snapshot did not restore"

    assert len(pyodide) == len(cpython)
    different = [
        f"request {i} ({op}): {first_difference(c, p)}"
        for i, ((op, _), c, p) in enumerate(zip(requests, cpython, pyodide, strict=False))
        if c != p
    ]
    assert different == [], "\n".join(different)


def test_the_comparison_exercises_real_answers() -> None:
    """Guard against a vacuous comparison: CPython must actually assess, report and draft letters."""
    replies = [(op, json.loads(api.call(op, json.dumps(payload)))) for op, payload in all_requests()]
    ok = [(op, r["result"]) for op, r in replies if r["ok"]]
    assert len(ok) == len(replies) - 1, [r for _, r in replies if not r["ok"]]
    assessed = [result for op, result in ok if op == "assess" and result["assessment"]]
    assert len(assessed) == len(example_cases()) + len(generated_cases()) + len(scenario_cases())
    outcomes = {a["assessment"]["outcome"]["id"] for a in assessed}
    expected = json.loads((EXAMPLES / "expected.json").read_text(encoding="utf-8"))
    assert {facts["outcome"] for facts in expected.values()} <= outcomes
    assert all(result["text"] for op, result in ok if op in ("report", "evidence_pack"))
    drafted = {
        payload["kind"]
        for (op, payload), (_, r) in zip(all_requests(), replies, strict=True)
        if op == "letter" and r["ok"] and (r["result"]["text"] or r["result"].get("base64"))
    }
    assert drafted == set(LETTER_KINDS), "every kind of letter is drafted somewhere in the comparison"
    imported = [result for op, result in ok if op == "import_contacts"]
    assert [len(r["errors"]) for r in imported][1:3] == [1, 0]
    opened = [result for op, result in ok if op == "read_case"]
    assert len(opened) == sum(e.kind == "case" for e in CORPUS)
    assert [r["errors"][0]["code"] if r["errors"] else None for r in opened] == [
        e.code if e.refused else None for e in CORPUS if e.kind == "case"
    ]
