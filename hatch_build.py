"""Hatch build hook: put the policy data, schemas and letter templates inside the toolkit wheel.

The wheel cannot depend on PyYAML (Pyodide has no pure wheel for it), so `policy/policy.yml` is
converted to `ucb/data/policy.json` here, at build time, by the toolkit's own conversion
(`ucb._resources.policy_from_yaml`, which reads the same file in an editable install);
`schemas/*.json` and `policy/letters/*` are copied to `ucb/data/schemas/` and `ucb/data/letters/`.
An editable install needs none of this: the toolkit then reads the same files from the source tree.
"""

from __future__ import annotations

import importlib
import json
import shutil
import sys
import tempfile
import types
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

# The name the toolkit's source package is imported under here, so as not to run its __init__,
# which needs jsonschema; the build's own environment has only hatchling and PyYAML.
SOURCE_PACKAGE = "_ucb_source"


class PolicyDataHook(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel" or version == "editable":
            return
        root = Path(self.root)
        self._scratch = Path(tempfile.mkdtemp(prefix="ucb-build-"))
        policy = toolkit_resources(root).policy_from_yaml((root / "policy" / "policy.yml").read_text(encoding="utf-8"))
        policy_json = self._scratch / "policy.json"
        policy_json.write_text(json.dumps(policy, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
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


def toolkit_resources(root: Path) -> types.ModuleType:
    """The toolkit's `ucb._resources` module, from the source tree, without importing the package itself."""
    if SOURCE_PACKAGE not in sys.modules:
        package = types.ModuleType(SOURCE_PACKAGE)
        package.__path__ = [str(root / "toolkit" / "ucb")]
        sys.modules[SOURCE_PACKAGE] = package
    return importlib.import_module(f"{SOURCE_PACKAGE}._resources")
