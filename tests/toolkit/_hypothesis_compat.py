"""Let hypothesis-jsonschema 0.23.1 run on Hypothesis 6.170 (both pinned in pyproject).

hypothesis-jsonschema draws object keys with a private Hypothesis helper, `many`, calling its old
`more()` method; Hypothesis has since replaced that with iteration. This gives hypothesis-jsonschema
(and only it) a `many` with the old method, built on the new class's own decisions.
"""

from __future__ import annotations

import types

from hypothesis.internal.conjecture import utils as cu
from hypothesis_jsonschema import _from_schema


class _ManyWithMore(cu.many):
    def __init__(self, data, min_size, max_size, average_size, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(data, min_size, max_size, average_size, **kwargs)
        self._depth = data.depth

    def more(self) -> bool:
        self._finish_element()
        if not self._decide():
            return False
        self.count += 1
        self._in_element = True
        self._rejected = False
        return True


def install() -> None:
    """Point hypothesis-jsonschema at the compatible helper (idempotent)."""
    if _from_schema.cu is cu and not hasattr(cu.many, "more"):
        shim = types.ModuleType("hypothesis_conjecture_utils_compat")
        shim.__dict__.update(cu.__dict__)
        shim.many = _ManyWithMore
        _from_schema.cu = shim
