"""Hatch build hook: put the policy data, schemas and letter templates inside the toolkit wheel.

The wheel cannot depend on PyYAML (Pyodide has no pure wheel for it), so `policy/policy.yml` is
converted to `ucb/data/policy.json` here, at build time; `schemas/*.json` and `policy/letters/*` are
copied to `ucb/data/schemas/` and `ucb/data/letters/`. An editable install needs none of this: the
toolkit then reads the same files from the source tree (see toolkit/ucb/_resources.py).
"""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path
from typing import Any

import yaml
from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class PolicyDataHook(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel" or version == "editable":
            return
        root = Path(self.root)
        self._scratch = Path(tempfile.mkdtemp(prefix="ucb-build-"))
        policy = yaml.safe_load((root / "policy" / "policy.yml").read_text(encoding="utf-8"))
        policy_json = self._scratch / "policy.json"
        # default=str writes YAML dates as ISO text, exactly as the source-tree loader does.
        policy_json.write_text(json.dumps(policy, default=str, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        include = build_data.setdefault("force_include", {})
        include[str(policy_json)] = "ucb/data/policy.json"
        for schema in sorted((root / "schemas").glob("*.json")):
            include[str(schema)] = f"ucb/data/schemas/{schema.name}"
        for letter in sorted((root / "policy" / "letters").glob("*.txt")):
            include[str(letter)] = f"ucb/data/letters/{letter.name}"

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        scratch = getattr(self, "_scratch", None)
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)
