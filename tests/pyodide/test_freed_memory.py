"""Before the build takes its snapshot, the memory Python has freed is zeroed, so it packs away.

docs/hooks/freed_memory.mjs runs inside Pyodide under Node (tests/pyodide/freed_memory_check.mjs),
loaded from the built site's own runtime folder, the way the snapshot maker runs it.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from site_release import RUNTIME

HERE = Path(__file__).resolve().parent
BLOCK = 200_000
EDGE = 64  # the allocator's own bytes at each end of a freed block
PAST_THE_END = 4096
# The allocator's bookkeeping (a few 4-byte words) at the edges of free blocks that end up inside.
ALLOCATOR_BYTES = 32

pytestmark = pytest.mark.skipif(shutil.which("node") is None, reason="Node.js runs Pyodide for this test")


@pytest.fixture(scope="module")
def check(built_site: Path) -> dict:
    sizes = [str(n) for n in (BLOCK, EDGE, PAST_THE_END)]
    result = subprocess.run(
        ["node", str(HERE / "freed_memory_check.mjs"), str(built_site / RUNTIME), *sizes],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_freed_memory_keeps_its_old_bytes_until_it_is_zeroed(check: dict) -> None:
    assert check["left_before"] == BLOCK - 2 * EDGE


def test_zeroing_leaves_only_the_allocators_own_few_bytes_in_a_freed_block(check: dict) -> None:
    """Giving the blocks back writes the allocator's sizes at the new edges, which may fall inside."""
    assert check["left_after"] <= ALLOCATOR_BYTES
    assert check["zeroed"] >= BLOCK - 2 * EDGE


def test_zeroing_clears_memory_past_the_allocators_end(check: dict) -> None:
    assert check["past_the_end_before"] == PAST_THE_END
    assert check["past_the_end_after"] == 0


def test_zeroing_neither_grows_the_memory_nor_harms_python(check: dict) -> None:
    assert check["memory_after"] == check["memory_before"]
    assert check["python_still_works"] is True


def test_the_built_snapshot_leaves_out_two_fifths_of_the_memory_or_more(check: dict) -> None:
    """Packed, it leaves out every zero page: 44 to 46% of the memory with freed memory zeroed, 38% without."""
    assert check["snapshot_packed_bytes"] < 0.6 * check["snapshot_memory_bytes"]
