// Restore Pyodide from a memory snapshot made at build time (docs/hooks/make_snapshot.mjs).
//
// Pyodide's snapshot API is private and copies the snapshot straight into the WebAssembly memory
// without growing it first, so a snapshot larger than the module's initial memory fails with
// "offset is out of bounds". We grow the memory to the snapshot's size as soon as the module is
// instantiated, by wrapping WebAssembly's instantiate functions for the duration of the load.

const PAGE = 65536;

function growing(instantiate, snapshot) {
  return async (...args) => {
    const result = await instantiate(...args);
    const memory = (result.instance ?? result).exports.memory;
    const bytes = await snapshot.then((data) => data.byteLength, () => 0); // a failed snapshot fails in loadPyodide
    if (memory && memory.buffer.byteLength < bytes) memory.grow(Math.ceil((bytes - memory.buffer.byteLength) / PAGE));
    return result;
  };
}

/** `loadPyodide(options)` restored from `snapshot` (a Promise of the snapshot's bytes). */
export async function loadFromSnapshot(loadPyodide, options, snapshot) {
  const { instantiate, instantiateStreaming } = WebAssembly;
  WebAssembly.instantiate = growing(instantiate, snapshot);
  WebAssembly.instantiateStreaming = growing(instantiateStreaming, snapshot);
  try {
    return await loadPyodide({ ...options, _loadSnapshot: snapshot });
  } finally {
    Object.assign(WebAssembly, { instantiate, instantiateStreaming });
  }
}
