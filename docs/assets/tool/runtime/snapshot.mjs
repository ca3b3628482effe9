// The build's memory snapshot as it is stored: packed without its zero pages. Python's memory is a
// third zero pages, which are left out, so there are fewer bytes to download, unzip, keep and read
// back. Made by sitebuild/make_snapshot.mjs, read by kept-runtime.mjs; no Pyodide API here.

// A global of Python's __main__ in the snapshot: the sha256 of the lock file it was made with.
export const SNAPSHOT_LOCK_DIGEST = "ucb_snapshot_lock_sha256";
const PACK_PAGE = 4096;
const PACK_MAGIC = 0x55434253; // "UCBS"

function isZeroPage(words, page) {
  const end = Math.min((page + 1) * PACK_PAGE / 4, words.length);
  for (let i = (page * PACK_PAGE) / 4; i < end; i++) if (words[i] !== 0) return false;
  return true;
}

/**
 * The snapshot (a whole number of 32-bit words) without its zero pages: [magic, length, runs,
 * (start, bytes) per run] as 32-bit words, then each run of non-zero pages.
 */
export function packSnapshot(snapshot) {
  const words = new Uint32Array(snapshot.buffer, snapshot.byteOffset, snapshot.byteLength / 4);
  const runs = [];
  for (let page = 0; page * PACK_PAGE < snapshot.byteLength; page++) {
    if (isZeroPage(words, page)) continue;
    const start = page * PACK_PAGE;
    const end = Math.min(start + PACK_PAGE, snapshot.byteLength);
    const last = runs.at(-1);
    if (last && last[0] + last[1] === start) last[1] = end - last[0];
    else runs.push([start, end - start]);
  }
  const header = new Uint32Array([PACK_MAGIC, snapshot.byteLength, runs.length, ...runs.flat()]);
  const packed = new Uint8Array(header.byteLength + runs.reduce((sum, [, bytes]) => sum + bytes, 0));
  packed.set(new Uint8Array(header.buffer));
  let at = header.byteLength;
  for (const [start, bytes] of runs) {
    packed.set(snapshot.subarray(start, start + bytes), at);
    at += bytes;
  }
  return packed;
}

/**
 * The snapshot packed in a source of `size` bytes, read with `readAt(view, offset)` (which fills
 * `view` from `offset`); null if the source is not a whole packed snapshot. Nothing is read but its
 * table of runs until `copyTo(target, from)` fills `target` with the snapshot's bytes from offset
 * `from` on, straight into place (zeros where pages were left out). `byteLength` is the snapshot's
 * length.
 */
export function packedSnapshot(readAt, size) {
  if (size < 12) return null;
  const head = new DataView(new ArrayBuffer(12));
  readAt(new Uint8Array(head.buffer), 0);
  const count = head.getUint32(8, true);
  if (head.getUint32(0, true) !== PACK_MAGIC || size < 12 + count * 8) return null;
  const table = new DataView(new ArrayBuffer(count * 8));
  readAt(new Uint8Array(table.buffer), 12);
  const runs = [];
  let at = 12 + count * 8;
  for (let run = 0; run < count; run++) {
    const bytes = table.getUint32(run * 8 + 4, true);
    runs.push({ start: table.getUint32(run * 8, true), bytes, at });
    at += bytes;
  }
  if (at !== size) return null; // cut short, or not this format
  return {
    byteLength: head.getUint32(4, true),
    copyTo(target, from = 0) {
      const end = from + target.byteLength;
      let done = from;
      for (const { start, bytes, at: offset } of runs) {
        const first = Math.max(start, from);
        const last = Math.min(start + bytes, end);
        if (last <= first) continue;
        if (first > done) target.fill(0, done - from, first - from);
        readAt(target.subarray(first - from, last - from), offset + first - start);
        done = last;
      }
      if (done < end) target.fill(0, done - from, end - from);
    },
  };
}

/** The snapshot `packSnapshot` packed into the bytes `packed`, as `packedSnapshot` reads it, with a `close()` that does nothing. */
export function packedInMemory(packed) {
  const snapshot = packedSnapshot((view, at) => view.set(packed.subarray(at, at + view.byteLength)), packed.byteLength);
  if (snapshot === null) throw new Error("the snapshot is incomplete or not in the packed format this page reads");
  return Object.assign(snapshot, { close() {} });
}
