// Restore Pyodide from a memory snapshot made at build time (sitebuild/make_snapshot.mjs).
//
// The snapshot is stored packed: a third of Python's memory is zero pages, which are left out, so
// there are fewer bytes to download, unzip, keep and read back.
//
// Pyodide's snapshot API is private, and three things about it are mended here, for the duration of
// the load only:
// - it copies the snapshot straight into the WebAssembly memory without growing it first, so a
//   snapshot larger than the module's initial memory fails with "offset is out of bounds": we grow
//   the memory to the snapshot's size as soon as the module is instantiated;
// - it asks for pyodide.asm.wasm early but compiles it only once the snapshot has arrived: in a
//   browser we compile its download at once, while the snapshot is still arriving (or use the
//   module the worker compiled from a copy it kept, and download nothing);
// - it waits for the whole snapshot before it starts, and then copies its 31.5 MB of memory into
//   Python's: we give it only the snapshot's head, and unpack the memory straight into Python's
//   when Pyodide restores, from the copy the worker kept or from the download, with no 31.5 MB
//   buffer in between.
// Python's standard library, which Pyodide downloads on every start, likewise comes from a copy the
// worker kept when there is one.

const WASM_PAGE = 65536;
const WASM_HEADERS = { headers: { "Content-Type": "application/wasm" } };
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

/** The snapshot's head: Pyodide's own state, up to the memory image (the second 32-bit word is where that starts). */
function headOf(packed) {
  const words = new Uint8Array(8);
  packed.copyTo(words);
  const head = new Uint8Array(new DataView(words.buffer).getUint32(4, true));
  packed.copyTo(head);
  return head;
}

/**
 * `loadPyodide(options)` restored from `snapshot`: a Promise of a packed snapshot (`packedSnapshot`'s,
 * with `close()`), read from as Pyodide restores, so that its memory goes straight into Python's.
 * `kept.module` is a Promise of pyodide.asm.wasm compiled already (a WebAssembly.Module), and
 * `kept.stdlib` of python_stdlib.zip's bytes, each kept by an earlier visit; or of null, to download it.
 */
export async function loadFromSnapshot(loadPyodide, options, snapshot, kept = {}) {
  const { module: keptModule = Promise.resolve(null), stdlib = Promise.resolve(null) } = kept;
  const { fetch } = globalThis;
  const { instantiate, instantiateStreaming } = WebAssembly;
  let compiled = null;
  let packed = null;
  const head = snapshot.then((data) => {
    packed = data;
    return headOf(data); // Pyodide restores its state from the head and copies no memory from it
  });

  async function grown(result) {
    const memory = (result.instance ?? result).exports.memory;
    const bytes = await snapshot.then((data) => data.byteLength, () => 0); // a failed snapshot fails in loadPyodide
    if (memory && memory.buffer.byteLength < bytes) memory.grow(Math.ceil((bytes - memory.buffer.byteLength) / WASM_PAGE));
    return result;
  }

  async function createPyodideModule(moduleArg) {
    const { default: create } = await import(`${options.indexURL}pyodide.asm.mjs`);
    const module = await create(moduleArg);
    const restore = module.API.restoreSnapshot;
    module.API.restoreSnapshot = (given) => {
      const state = restore(given);
      const imageAt = given.byteLength;
      packed.copyTo(new Uint8Array(module.HEAP8.buffer, 0, packed.byteLength - imageAt), imageAt);
      return state;
    };
    return module;
  }

  globalThis.fetch = (input, init) => {
    if (String(input).endsWith("/python_stdlib.zip")) return stdlib.then((bytes) => (bytes ? new Response(bytes) : fetch(input, init)));
    if (compiled !== null || !String(input).endsWith(".wasm")) return fetch(input, init);
    // With a kept module Pyodide gets an empty response, which only reaches instantiateStreaming below.
    const response = keptModule.then((module) => (module ? new Response(new Uint8Array(0), WASM_HEADERS) : fetch(input, init)));
    compiled = keptModule.then((module) => module ?? WebAssembly.compileStreaming(response));
    compiled.catch(() => {}); // reported when Pyodide asks for the instance
    return response;
  };
  WebAssembly.instantiate = async (...args) => grown(await instantiate(...args));
  WebAssembly.instantiateStreaming = async (source, imports) => {
    if (compiled === null) return grown(await instantiateStreaming(source, imports));
    const module = await compiled;
    return grown({ module, instance: await instantiate(module, imports) });
  };
  try {
    return await loadPyodide({ ...options, createPyodideModule, _loadSnapshot: head });
  } finally {
    packed?.close();
    globalThis.fetch = fetch;
    Object.assign(WebAssembly, { instantiate, instantiateStreaming });
  }
}
