// Make a Pyodide memory snapshot with the toolkit imported and warmed up, so the browser can
// restore Python in a fraction of a cold start. Private, version-bound Pyodide API: the snapshot
// is rebuilt at every bundle build from the same runtime files, and the worker falls back to a
// normal start if restoring fails.
// Usage: node make_snapshot.mjs <bundle dir> <warm-up payload json>; writes <bundle dir>/snapshot.bin.gz
import { readFile, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";

const [bundleDir, warmUpPayload] = process.argv.slice(2);
const indexURL = resolve(bundleDir) + "/";
const { loadPyodide } = await import(pathToFileURL(join(indexURL, "pyodide.mjs")).href);
const pyodide = await loadPyodide({ indexURL, lockFileURL: `${indexURL}pyodide-lock.json`, _makeSnapshot: true });

// Unpack the wheels with zipfile rather than loadPackage: loadPackage leaves JavaScript objects
// referenced from Python, which a snapshot cannot hold. (The worker still runs loadPackage after
// restoring, to put the files back and check every wheel's sha256.)
const lock = JSON.parse(await readFile(join(indexURL, "pyodide-lock.json"), "utf8"));
const wheels = Object.values(lock.packages).map((p) => p.file_name);
pyodide.FS.mkdirTree("/tmp/wheels");
for (const name of wheels) pyodide.FS.writeFile(`/tmp/wheels/${name}`, await readFile(join(indexURL, name)));
pyodide.globals.set("warm_up_payload", warmUpPayload);
pyodide.runPython(`
import importlib, json, site, zipfile
from pathlib import Path

for wheel in sorted(Path("/tmp/wheels").glob("*.whl")):
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site.getsitepackages()[0])
importlib.invalidate_caches()

import ucb.api

# What loadPackage itself imports when the worker runs it after restoring: import it now.
import email, encodings.cp437, importlib.metadata, tarfile

reply = json.loads(ucb.api.call("validate", warm_up_payload))
assert reply["ok"], reply
`);
pyodide.globals.delete("warm_up_payload");
await writeFile(join(indexURL, "snapshot.bin.gz"), gzipSync(pyodide.makeMemorySnapshot(), { level: 9 }));
console.log("snapshot.bin.gz");
