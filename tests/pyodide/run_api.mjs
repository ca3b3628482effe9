// Run ucb.api.call inside Pyodide under Node, from a built site's runtime folder.
// Usage: node run_api.mjs <site>/assets/pyodide <requests.json> <replies.json>
// Like the browser's worker, it restores the build's memory snapshot when the folder has one.
// requests.json: [[op, payload_json], ...]; replies.json: [reply_json, ...] in the same order,
// plus {"load_ms", "call_ms"} timings on stderr as one JSON line.
import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { gunzipSync } from "node:zlib";

const [runtimeDir, requestsPath, repliesPath] = process.argv.slice(2);
const indexURL = resolve(runtimeDir) + "/";
const { loadPyodide } = await import(pathToFileURL(indexURL + "pyodide.mjs").href);
const snapshotModule = new URL("../../docs/assets/tool/runtime/snapshot.mjs", import.meta.url);
const { loadFromSnapshot } = await import(snapshotModule.href);

const started = performance.now();
const snapshot = indexURL + "snapshot.bin.gz";
const options = { indexURL, lockFileURL: indexURL + "pyodide-lock.json" };
const pyodide = existsSync(snapshot)
  ? await loadFromSnapshot(loadPyodide, options, readFile(snapshot).then((gz) => new Uint8Array(gunzipSync(gz))))
  : await loadPyodide(options);
const failures = [];
await pyodide.loadPackage("portsmouth-ucb", { messageCallback: () => {}, errorCallback: (m) => failures.push(m) });
if (failures.length > 0) {
  console.error(failures.join("\n"));
  process.exit(2);
}
const call = pyodide.pyimport("ucb.api").call;
const loaded = performance.now();

const requests = JSON.parse(await readFile(requestsPath, "utf8"));
const replies = requests.map(([op, payload]) => call(op, payload));
await writeFile(repliesPath, JSON.stringify(replies));
console.error(JSON.stringify({ load_ms: Math.round(loaded - started), call_ms: Math.round(performance.now() - loaded) }));
