// Run ucb.api.call inside Pyodide under Node, from a built site's runtime folder.
// Usage: node run_api.mjs <site>/assets/pyodide <requests.json> <replies.json>
// It starts the toolkit with the browser worker's own boot code (docs/assets/tool/runtime/boot.mjs),
// restoring the build's memory snapshot as the fast start does (start-fast.mjs), unpacked into
// place, when the folder has one (a plain build has none).
// requests.json: [[op, payload_json], ...]; replies.json: [reply_json, ...] in the same order,
// plus {"load_ms", "call_ms", "restored"} on stderr as one JSON line.
import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { gunzipSync } from "node:zlib";

const [runtimeDir, requestsPath, repliesPath] = process.argv.slice(2);
const indexURL = resolve(runtimeDir) + "/";
const { loadPyodide } = await import(pathToFileURL(indexURL + "pyodide.mjs").href);
const runtime = (name) => new URL(`../../docs/assets/tool/runtime/${name}`, import.meta.url).href;
const { bootToolkit } = await import(runtime("boot.mjs"));
const { snapshotRestore } = await import(runtime("start-fast.mjs"));
const { packedInMemory } = await import(runtime("snapshot.mjs"));

const started = performance.now();
const read = async (name) => new Uint8Array(await readFile(join(indexURL, name)));
const snapshotFile = join(indexURL, "snapshot.bin.gz");
const snapshotFor = () => read("snapshot.bin.gz").then((gz) => packedInMemory(new Uint8Array(gunzipSync(gz))));
const restore = existsSync(snapshotFile) ? snapshotRestore(loadPyodide, { snapshotFor }) : null;
let call;
let restored;
try {
  ({ call, restored } = await bootToolkit({ loadPyodide, indexURL, read, restore }));
} catch (error) {
  console.error(`${error.message}\n${error.detail ?? ""}`);
  process.exit(2);
}
const loaded = performance.now();

const requests = JSON.parse(await readFile(requestsPath, "utf8"));
const marks = []; const replies = requests.map(([op, payload], i) => { const r = call(op, payload); if (i % 50 === 49) marks.push(Math.round(performance.now() - loaded)); return r; }); console.error(JSON.stringify(marks));
await writeFile(repliesPath, JSON.stringify(replies));
console.error(JSON.stringify({ load_ms: Math.round(loaded - started), call_ms: Math.round(performance.now() - loaded), restored }));
