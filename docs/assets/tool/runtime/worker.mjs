// The decision toolkit's Web Worker: Pyodide, our wheels and `ucb.api`, off the page's thread.
//
// Messages out: {type: "progress", phase, message, fraction, detail?, timings?}
//               {type: "reply", id, reply} where `reply` is ucb.api's JSON text.
// Messages in:  {id, op, payload}; requests sent before the toolkit is ready wait for it.
import { loadPyodide } from "../../pyodide/pyodide.mjs";
import { loadFromSnapshot } from "./snapshot.mjs";

const RUNTIME_URL = new URL("../../pyodide/", import.meta.url).href;
const SNAPSHOT_URL = `${RUNTIME_URL}snapshot.bin.gz`;
const TOOLKIT_PACKAGE = "portsmouth-ucb";
const TOOLKIT_MODULE = "ucb.api";

const started = performance.now();
const timings = {};

/** A failure with a plain-English `message` for the manager and a technical `detail`. */
class LoadError extends Error {
  constructor(message, detail) {
    super(message);
    this.detail = detail;
  }
}

function progress(phase, message, fraction) {
  timings[phase] = Math.round(performance.now() - started);
  postMessage({ type: "progress", phase, message, fraction, timings: { ...timings } });
}

function isoToday() {
  const now = new Date();
  const pad = (n) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

// Python's memory with the toolkit already imported, made at build time (see docs/hooks/make_snapshot.mjs).
// Resolves once the snapshot is known to exist, with a Promise of its bytes (still downloading).
// A server that labels .gz files `Content-Encoding: gzip` hands them over already unzipped: both work.
async function requestSnapshot() {
  if (typeof DecompressionStream !== "function") throw new Error("no DecompressionStream in this browser");
  const response = await fetch(SNAPSHOT_URL);
  if (!response.ok) throw new Error(`HTTP ${response.status} for ${SNAPSHOT_URL}`);
  const bytes = response.arrayBuffer().then(async (buffer) => {
    const data = new Uint8Array(buffer);
    if (data[0] !== 0x1f || data[1] !== 0x8b) return data;
    const unzipped = new Blob([data]).stream().pipeThrough(new DecompressionStream("gzip"));
    return new Uint8Array(await new Response(unzipped).arrayBuffer());
  });
  return { bytes };
}

async function startRuntime() {
  progress("runtime", "Loading the Python runtime", 0.05);
  const options = { indexURL: RUNTIME_URL, lockFileURL: `${RUNTIME_URL}pyodide-lock.json` };
  try {
    const snapshot = await requestSnapshot();
    return await loadFromSnapshot(loadPyodide, options, snapshot.bytes);
  } catch (error) {
    // A private Pyodide API: if restoring fails, start Python the ordinary (slower) way.
    console.warn(`The decision toolkit is starting without its snapshot: ${error}`);
  }
  try {
    return await loadPyodide(options);
  } catch (error) {
    throw new LoadError("The Python runtime could not be started in this browser.", String(error));
  }
}

async function loadToolkitPackages(pyodide) {
  progress("packages", "Loading the decision toolkit's packages", 0.6);
  const failures = [];
  await pyodide.loadPackage(TOOLKIT_PACKAGE, {
    messageCallback: () => {},
    errorCallback: (message) => failures.push(message),
  });
  // After a snapshot restore the modules are already imported, but their files (data, templates)
  // are not: this puts them back and checks every wheel's sha256 against our lock file.
  // loadPackage resolves even when a package fails (missing file, checksum mismatch): check.
  if (failures.length > 0) {
    throw new LoadError("Part of the decision toolkit could not be downloaded, or arrived damaged.", failures.join("\n"));
  }
}

function startToolkit(pyodide) {
  progress("toolkit", "Starting the decision toolkit", 0.85);
  let call;
  try {
    call = pyodide.pyimport(TOOLKIT_MODULE).call;
  } catch (error) {
    throw new LoadError("The decision toolkit could not be started.", String(error));
  }
  // Warm up: the first validation builds the schema validators, so the manager's first check is quick.
  const warmUp = JSON.parse(call("validate", JSON.stringify({ case: { schema_version: "1.0", reference: "warm-up" }, on: isoToday() })));
  if (warmUp.ok !== true) {
    throw new LoadError("The decision toolkit failed its start-up check.", JSON.stringify(warmUp.error));
  }
  return call;
}

async function start() {
  const pyodide = await startRuntime();
  await loadToolkitPackages(pyodide);
  return startToolkit(pyodide);
}

const ready = start();
ready.then(
  () => progress("ready", "The decision tool is ready", 1),
  (error) => {
    timings.error = Math.round(performance.now() - started);
    postMessage({
      type: "progress",
      phase: "error",
      message: error instanceof LoadError ? error.message : "The decision toolkit could not be started.",
      detail: error.detail ?? String(error),
      fraction: 1,
      timings: { ...timings },
    });
  },
);

function failure(code, message) {
  return JSON.stringify({ ok: false, error: { code, message } });
}

self.onmessage = async ({ data: { id, op, payload } }) => {
  let call;
  try {
    call = await ready;
  } catch {
    postMessage({ type: "reply", id, reply: failure("not_loaded", "The decision toolkit did not load, so this cannot be done.") });
    return;
  }
  let reply;
  try {
    reply = call(op, JSON.stringify(payload ?? {}));
  } catch (error) {
    reply = failure("internal_error", `The decision toolkit stopped unexpectedly: ${error}`);
  }
  postMessage({ type: "reply", id, reply });
};
