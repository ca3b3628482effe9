// Run ucb.api.call inside Pyodide under Node, from a built site's runtime folder.
// Usage: node run_api.mjs <site>/assets/pyodide <requests.json> <replies.json>
// It starts the toolkit with the browser worker's own boot code (docs/assets/tool/runtime/boot.mjs),
// restoring the build's memory snapshot when the folder has one, unpacked into place as a browser
// restores it.
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
const { bootToolkit } = await import(new URL("../../docs/assets/tool/runtime/boot.mjs", import.meta.url).href);
const { packedInMemory } = await import(new URL("../../docs/assets/tool/runtime/snapshot.mjs", import.meta.url).href);

const started = performance.now();
const read = async (name) => new Uint8Array(await readFile(join(indexURL, name)));
const snapshotFile = join(indexURL, "snapshot.bin.gz");
const snapshotFor = existsSync(snapshotFile) ? () => read("snapshot.bin.gz").then((gz) => packedInMemory(new Uint8Array(gunzipSync(gz)))) : null;
let call;
let restored;
try {
  ({ call, restored } = await bootToolkit({ loadPyodide, indexURL, read, snapshotFor }));
} catch (error) {
  console.error(`${error.message}\n${error.detail ?? ""}`);
  process.exit(2);
}
const loaded = performance.now();

const requests = JSON.parse(await readFile(requestsPath, "utf8"));
const replies = requests.map(([op, payload]) => call(op, payload));
await writeFile(repliesPath, JSON.stringify(replies));
console.error(JSON.stringify({ load_ms: Math.round(loaded - started), call_ms: Math.round(performance.now() - loaded), restored }));
