// Make a Pyodide memory snapshot with the toolkit imported and warmed up, so the browser can
// restore Python in a fraction of a cold start (only when mkdocs.yml's `tool_fast_start` is on).
// Pyodide's snapshot API is private: this reaches it only through the runtime's
// pyodide-private.mjs. The snapshot is rebuilt at every bundle build from the same runtime files,
// and the worker falls back to a plain start if restoring fails.
// Usage: node make_snapshot.mjs <bundle dir> <warm-up payload json>; writes <bundle dir>/snapshot.bin.gz,
// the snapshot packed without its zero pages (snapshot.mjs), gzipped.
import { readFile, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import {
  LOCK_FILE, addWheelsToPath, readLock, verifiedWheels, wheelNames, writeWheels,
} from "../docs/assets/tool/runtime/boot.mjs";
import { loadPyodideForSnapshot, memorySnapshot } from "../docs/assets/tool/runtime/pyodide-private.mjs";
import { SNAPSHOT_LOCK_DIGEST, packSnapshot } from "../docs/assets/tool/runtime/snapshot.mjs";

const [bundleDir, warmUpPayload] = process.argv.slice(2);
const indexURL = resolve(bundleDir) + "/";
const { loadPyodide } = await import(pathToFileURL(join(indexURL, "pyodide.mjs")).href);
const read = async (name) => new Uint8Array(await readFile(join(indexURL, name)));
const { lock, digest } = await readLock(await read(LOCK_FILE));
const pyodide = await loadPyodideForSnapshot(loadPyodide, { indexURL, packageBaseUrl: indexURL, lockFileContents: lock });

// The wheels go where the worker writes them back after restoring (boot.mjs), already on sys.path.
writeWheels(pyodide, await verifiedWheels(lock, read));
addWheelsToPath(pyodide, wheelNames(lock));
pyodide.globals.set("warm_up_payload", warmUpPayload);
pyodide.runPython(`
import gc, json
import ucb.api

reply = json.loads(ucb.api.call("validate", warm_up_payload))
assert reply["ok"], reply
del reply, warm_up_payload
gc.collect()
`);
// Ties the snapshot to the wheels it imported: the worker restores it only with the same lock file.
pyodide.globals.set(SNAPSHOT_LOCK_DIGEST, digest);
await writeFile(join(indexURL, "snapshot.bin.gz"), gzipSync(packSnapshot(memorySnapshot(pyodide)), { level: 9 }));
console.log("snapshot.bin.gz");
