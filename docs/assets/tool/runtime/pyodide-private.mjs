// Every use the decision tool makes of Pyodide's private API, in this one module. Only a build with
// the fast start on uses it: the build's snapshot maker (sitebuild/make_snapshot.mjs) and the
// worker's fast start (start-fast.mjs). A plain build (`tool_fast_start: false` in mkdocs.yml, or
// UCB_FAST_START=false) neither ships nor runs it. A Pyodide release may change any of these
// without notice (docs/dev/upgrade.md says what to check):
//
// 1. loadPyodide's `_makeSnapshot` option and `pyodide.makeMemorySnapshot()`: make the snapshot.
// 2. loadPyodide's `_loadSnapshot` option: restore from it.
// 3. The snapshot's layout: Pyodide's own state first, its length in the second 32-bit word, then
//    the memory image; Pyodide is given only that head, and the memory is copied here.
// 4. loadPyodide's `createPyodideModule` option (experimental), and the Emscripten module's
//    `API.restoreSnapshot` and `HEAP8`: to copy the snapshot's memory straight into Python's.
// 5. How Pyodide loads its files: pyodide.asm.wasm with fetch() and
//    WebAssembly.instantiateStreaming (or instantiate), python_stdlib.zip with fetch(). They are
//    intercepted while Pyodide loads, to grow the memory to the snapshot's size before Pyodide
//    copies into it (it does not grow it itself), to compile the WebAssembly while the snapshot
//    still arrives, and to hand over copies the browser kept.
// 6. `pyodide.FS.streams`, Emscripten's table of open files: none may be open in a snapshot.

const WASM_PAGE = 65536;
const WASM_HEADERS = { headers: { "Content-Type": "application/wasm" } };

/** `loadPyodide(options)` started so that a memory snapshot can be made of it (1). */
export function loadPyodideForSnapshot(loadPyodide, options) {
  return loadPyodide({ ...options, _makeSnapshot: true });
}

/** A memory snapshot of `pyodide` as it is now (1); refused while Python holds a file open (6),
 * which would be a dangling descriptor after a restore: the file system is not in the snapshot. */
export function memorySnapshot(pyodide) {
  const open = pyodide.FS.streams.filter((stream) => stream && stream.fd > 2).map((stream) => stream.path);
  if (open.length > 0) throw new Error(`Python still holds files open, so the snapshot would not restore: ${open.join(", ")}`);
  return pyodide.makeMemorySnapshot();
}

/** The snapshot's head (3), read from a packed snapshot (`packedSnapshot` in snapshot.mjs). */
function headOf(packed) {
  const words = new Uint8Array(8);
  packed.copyTo(words);
  const head = new Uint8Array(new DataView(words.buffer).getUint32(4, true));
  packed.copyTo(head);
  return head;
}

/**
 * `loadPyodide(options)` restored from `snapshot` (2 to 5): a Promise of a packed snapshot
 * (`packedSnapshot`'s, with `close()`), read from as Pyodide restores, so that its memory goes
 * straight into Python's with no copy in between. `kept.module` is a Promise of pyodide.asm.wasm
 * compiled already (a WebAssembly.Module), and `kept.stdlib` of python_stdlib.zip's bytes, each
 * kept by an earlier visit; or of null, to download it.
 */
export async function loadFromSnapshot(loadPyodide, options, snapshot, kept = {}) {
  const { module: keptModule = Promise.resolve(null), stdlib = Promise.resolve(null) } = kept;
  const { fetch } = globalThis;
  const { instantiate, instantiateStreaming } = WebAssembly;
  let compiled = null;
  let packed = null;
  const head = snapshot.then((data) => {
    packed = data;
    return headOf(data);
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
