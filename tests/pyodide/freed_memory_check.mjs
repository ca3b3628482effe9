// Check docs/hooks/freed_memory.mjs inside Pyodide under Node: a block Python's allocator was
// given, filled and freed keeps its bytes until zeroFreedMemory runs, and after it only the
// allocator's own few bytes are left there; memory past the allocator's end is zeroed too.
// Usage: node freed_memory_check.mjs <site>/assets/…/pyodide; prints one JSON line.
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

const indexURL = resolve(process.argv[2]) + "/";
const { loadPyodide } = await import(pathToFileURL(indexURL + "pyodide.mjs").href);
const { zeroFreedMemory } = await import(new URL("../../docs/hooks/freed_memory.mjs", import.meta.url).href);

const BLOCK = 200_000;
const EDGE = 64; // the allocator's own bytes at each end of a freed block
const PAST_THE_END = 4096;
const pyodide = await loadPyodide({ indexURL });
const module = pyodide._module;
const nonZero = (from, to) => module.HEAPU8.subarray(from, to).reduce((count, byte) => count + (byte !== 0), 0);

const block = module._malloc(BLOCK);
module.HEAPU8.fill(0xab, block, block + BLOCK);
module._free(block);
// Memory past the allocator's end, as an earlier, larger Python would have left it.
const memoryBefore = module.HEAPU8.length;
const pastTheEnd = memoryBefore - PAST_THE_END;
if (module._sbrk(0) > pastTheEnd) throw new Error("Python's memory has no room past the allocator's end for this check.");
module.HEAPU8.fill(0xcd, pastTheEnd, memoryBefore);
const leftBefore = nonZero(block + EDGE, block + BLOCK - EDGE);
const pastTheEndBefore = nonZero(pastTheEnd, memoryBefore);
const zeroed = zeroFreedMemory(module);
console.log(JSON.stringify({
  left_before: leftBefore,
  left_after: nonZero(block + EDGE, block + BLOCK - EDGE),
  past_the_end_before: pastTheEndBefore,
  past_the_end_after: nonZero(pastTheEnd, memoryBefore),
  zeroed,
  memory_before: memoryBefore,
  memory_after: module.HEAPU8.length,
  python_still_works: pyodide.runPython("sum(range(10))") === 45,
}));
