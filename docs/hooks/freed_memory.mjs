// Zero the memory Python has freed, before the build takes its snapshot (make_snapshot.mjs).
//
// Freed memory keeps whatever was last written there, so the snapshot, which leaves out only
// pages that are all zeros (docs/assets/tool/runtime/snapshot.mjs), would carry it to every
// browser. Asking the allocator for every free block it has of 64 bytes or more, zeroing each
// and giving them all back leaves only its own few bytes at the edges of the blocks. Memory
// beyond the allocator's end (its "break") belongs to nobody and is zeroed as it is. Nothing is
// asked for that could make the memory grow, so the snapshot stays the same size.

const LARGEST_BLOCK = 1 << 17;
const SMALLEST_BLOCK = 64;
// Room the allocator may need past a block when it has to move its break to serve it.
const BREAK_ROOM = 1 << 17;

/** Zero the free memory of Pyodide's Emscripten module (`pyodide._module`); returns the bytes zeroed. */
export function zeroFreedMemory(module) {
  const { _malloc: malloc, _free: free, _sbrk: sbrk } = module;
  if (![malloc, free, sbrk].every((f) => typeof f === "function")) {
    throw new Error("This Pyodide no longer exports _malloc, _free and _sbrk, which freed_memory.mjs uses to zero freed memory before the snapshot: update it or stop calling it.");
  }
  const end = module.HEAPU8.length;
  const blocks = [];
  let zeroed = 0;
  for (let size = LARGEST_BLOCK; size >= SMALLEST_BLOCK; size /= 2) {
    while (end - sbrk(0) >= size + BREAK_ROOM) {
      const before = sbrk(0);
      const block = malloc(size);
      if (block === 0) break;
      blocks.push(block);
      module.HEAPU8.fill(0, block, block + size);
      zeroed += size;
      if (sbrk(0) !== before) break; // no free block this size was left: this one reached past the old end
    }
  }
  for (const block of blocks) free(block);
  const brk = sbrk(0);
  module.HEAPU8.fill(0, brk, end);
  if (module.HEAPU8.length !== end) throw new Error("Zeroing freed memory made Python's memory grow, so the snapshot would be larger.");
  return zeroed + (end - brk);
}
