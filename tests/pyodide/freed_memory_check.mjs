// Check docs/hooks/freed_memory.mjs inside Pyodide under Node: a block Python's allocator was
// given, filled and freed keeps its bytes until zeroFreedMemory runs, and after it only the
// allocator's own few bytes are left there; memory past the allocator's end is zeroed too.
// Also reports the built snapshot's packed and unpacked sizes, read with the page's own unpacker.
// Usage: node freed_memory_check.mjs <site>/assets/…/pyodide <block bytes> <edge bytes> <past-the-end bytes>;
// prints one JSON line.
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { gunzipSync } from "node:zlib";

const indexURL = resolve(process.argv[2]) + "/";
const [blockBytes, edge, pastTheEndBytes] = process.argv.slice(3).map(Number);
const { loadPyodide } = await import(pathToFileURL(indexURL + "pyodide.mjs").href);
const { zeroFreedMemory } = await import(new URL("../../docs/hooks/freed_memory.mjs", import.meta.url).href);
const { packedInMemory } = await import(new URL("../../docs/assets/tool/runtime/snapshot.mjs", import.meta.url).href);

const pyodide = await loadPyodide({ indexURL });
const module = pyodide._module;
const nonZero = (from, to) => module.HEAPU8.subarray(from, to).reduce((count, byte) => count + (byte !== 0), 0);

const block = module._malloc(blockBytes);
module.HEAPU8.fill(0xab, block, block + blockBytes);
module._free(block);
// Memory past the allocator's end, as an earlier, larger Python would have left it.
const memoryBefore = module.HEAPU8.length;
const pastTheEnd = memoryBefore - pastTheEndBytes;
if (module._sbrk(0) > pastTheEnd) throw new Error("Python's memory has no room past the allocator's end for this check.");
module.HEAPU8.fill(0xcd, pastTheEnd, memoryBefore);
const leftBefore = nonZero(block + edge, block + blockBytes - edge);
const pastTheEndBefore = nonZero(pastTheEnd, memoryBefore);
const zeroed = zeroFreedMemory(module);
const packed = new Uint8Array(gunzipSync(await readFile(indexURL + "snapshot.bin.gz")));
console.log(JSON.stringify({
  left_before: leftBefore,
  left_after: nonZero(block + edge, block + blockBytes - edge),
  past_the_end_before: pastTheEndBefore,
  past_the_end_after: nonZero(pastTheEnd, memoryBefore),
  zeroed,
  memory_before: memoryBefore,
  memory_after: module.HEAPU8.length,
  python_still_works: pyodide.runPython("sum(range(10))") === 45,
  snapshot_packed_bytes: packed.byteLength,
  snapshot_memory_bytes: packedInMemory(packed).byteLength,
}));
