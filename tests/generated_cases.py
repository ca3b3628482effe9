"""Cases made by rule, the same every time, for the Pyodide comparison and the benchmark.

Channels, behaviours and restriction options come from the policy data, never typed here.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

DEPARTMENTS = ["Housing", "Waste", "Council Tax", "Parking", "Planning"]


def contact_log_case(policy: dict[str, Any], contacts: int, on: dt.date, seed: int = 7) -> dict[str, Any]:
    """A schema-valid case with `contacts` contacts spread over the year before `on`."""
    rng = random.Random(seed)
    channels = sorted(policy["channels"])
    behaviours = sorted(b for b, spec in policy["behaviours"].items() if spec["recorded_on_contact"])
    year_ago = on - dt.timedelta(days=365)
    issues = [
        {
            "id": f"I{n}",
            "summary": f"Matter number {n}",
            "department": DEPARTMENTS[n % len(DEPARTMENTS)],
            "status": "responded",
            "raised_on": (year_ago + dt.timedelta(days=n)).isoformat(),
            "responded_on": (year_ago + dt.timedelta(days=n + 10)).isoformat(),
        }
        for n in range(1, 6)
    ]
    start = dt.datetime.combine(year_ago, dt.time(8, 0))
    log = []
    for n in range(contacts):
        at = start + dt.timedelta(minutes=n * 364 * 24 * 60 // contacts)
        log.append(
            {
                "at": at.strftime("%Y-%m-%dT%H:%M"),
                "channel": rng.choice(channels),
                "departments": rng.sample(DEPARTMENTS, rng.randint(1, 2)),
                "officers": [f"Officer {rng.randint(1, 40)}"],
                "members": [f"Councillor {rng.randint(1, 3)}"] if n % 17 == 0 else [],
                "issues": [f"I{rng.randint(1, 5)}"],
                "behaviours": [rng.choice(behaviours)] if n % 5 == 0 else [],
            }
        )
    return {"schema_version": "1.0", "reference": f"GENERATED-{contacts}", "issues": issues, "contacts": log}


def contacts_csv(case: dict[str, Any]) -> str:
    """The case's contact log as a spreadsheet export, with one row that cannot be read."""
    rows = ["date,time,channel,departments,officers,members,issues,behaviours"]
    for contact in case["contacts"]:
        day, time = contact["at"].split("T")
        rows.append(
            ",".join(
                [
                    day,
                    time,
                    contact["channel"],
                    ";".join(contact["departments"]),
                    ";".join(contact["officers"]),
                    ";".join(contact["members"]),
                    ";".join(contact["issues"]),
                    ";".join(contact["behaviours"]),
                ]
            )
        )
    rows.insert(3, "31/02/2026,10:00,phone,Housing,Officer 1,,I1,")
    return "\n".join(rows) + "\n"
