// The fast start, published as start.mjs when the build's `tool_fast_start` is on (the default):
// Python is restored from the build's memory snapshot, with Python already set up and the toolkit
// imported, and the snapshot, the WebAssembly and the standard library come from copies an earlier
// visit kept in this browser (kept-runtime.mjs) when there are any. If restoring fails for any
// reason, Python starts the plain way (boot.mjs). Pyodide's private API is reached only through
// pyodide-private.mjs.
import { bootToolkit, runtimeSha256 } from "./boot.mjs";
import { KeptRuntime } from "./kept-runtime.mjs";
import { loadFromSnapshot } from "./pyodide-private.mjs";
import { SNAPSHOT_LOCK_DIGEST } from "./snapshot.mjs";

/**
 * A `restore` for `bootToolkit`: Pyodide restored from the snapshot `snapshotFor(lockDigest)`
 * resolves with (packed, as snapshot.mjs reads it), if it was made with that lock file; else null,
 * with a warning. `moduleFor(lockDigest)` and `stdlibFor(lockDigest, sha256)`, if given, resolve
 * with pyodide.asm.wasm compiled and python_stdlib.zip's bytes from kept copies, or null.
 */
export function snapshotRestore(loadPyodide, { snapshotFor, moduleFor = null, stdlibFor = null }) {
  return async (options, locked) => {
    const snapshot = locked.then(({ digest }) => snapshotFor(digest));
    snapshot.catch(() => {}); // reported where it is restored
    const kept = {
      module: moduleFor ? locked.then(({ digest }) => moduleFor(digest)).catch(() => null) : undefined,
      stdlib: stdlibFor
        ? locked.then(({ digest, lock }) => stdlibFor(digest, runtimeSha256(lock, "python_stdlib.zip"))).catch(() => null)
        : undefined,
    };
    try {
      const pyodide = await loadFromSnapshot(loadPyodide, options, snapshot, kept);
      const { digest } = await locked;
      const madeWith = pyodide.globals.get(SNAPSHOT_LOCK_DIGEST);
      if (madeWith !== digest) throw new Error(`the snapshot was made with lock file ${madeWith}, not ${digest}`);
      return pyodide;
    } catch (error) {
      console.warn(`The decision toolkit is starting without its snapshot: ${error}`);
      return null;
    }
  };
}

/** Start the toolkit; resolves with `{ call, facts, afterReady }` (worker.mjs). */
export async function startToolkit({ loadPyodide, runtimeUrl, read, onPhase }) {
  const kept = new KeptRuntime(runtimeUrl);
  const restore = snapshotRestore(loadPyodide, {
    snapshotFor: (lockDigest) => kept.snapshotFor(lockDigest),
    moduleFor: (lockDigest) => kept.moduleFor(lockDigest),
    stdlibFor: (lockDigest, sha256) => kept.stdlibFor(lockDigest, sha256),
  });
  const { call, restored } = await bootToolkit({ loadPyodide, indexURL: runtimeUrl, read, restore, onPhase });
  const source = (wasKept) => (wasKept ? "kept" : "downloaded");
  return {
    call,
    facts: { start: "fast", restored, snapshot: kept.source, wasm: source(kept.wasmWasKept), stdlib: source(kept.stdlibWasKept) },
    afterReady: () => kept.keepForNextVisit(restored),
  };
}
