// The decision toolkit's Web Worker: Pyodide, our wheels and `ucb.api`, off the page's thread.
//
// Messages out: {type: "progress", phase, message, fraction, detail?, timings?}
//               {type: "reply", id, reply} where `reply` is ucb.api's JSON text.
// Messages in:  {id, op, payload}; requests sent before the toolkit is ready wait for it. A payload's
//               `files` may carry the page's File objects, which are read here (withFileData).
import { loadPyodide } from "../../pyodide/pyodide.mjs";
import { BootError } from "./boot.mjs";
// The build publishes start-fast.mjs or start-plain.mjs under this name, as mkdocs.yml's
// `tool_fast_start` says (sitebuild/release.py).
import { startToolkit } from "./start.mjs";

const RUNTIME_URL = new URL("../../pyodide/", import.meta.url).href;
const PHASES = {
  runtime: ["Loading the Python runtime", 0.05],
  packages: ["Loading the decision toolkit's packages", 0.6],
  toolkit: ["Starting the decision toolkit", 0.85],
};

const started = performance.now();
const timings = {};

function progress(phase, message, fraction) {
  timings[phase] = Math.round(performance.now() - started);
  postMessage({ type: "progress", phase, message, fraction, timings: { ...timings } });
}

function isoToday() {
  const now = new Date();
  const pad = (n) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

async function read(name) {
  const response = await fetch(RUNTIME_URL + name);
  if (!response.ok) throw new Error(`HTTP ${response.status} for ${response.url}`);
  return new Uint8Array(await response.arrayBuffer());
}

let afterReady = () => {};

async function start() {
  const toolkit = await startToolkit({
    loadPyodide,
    runtimeUrl: RUNTIME_URL,
    read,
    onPhase: (phase) => progress(phase, ...PHASES[phase]),
  });
  const { call } = toolkit;
  Object.assign(timings, toolkit.facts);
  afterReady = toolkit.afterReady;
  // Warm up: the first validation builds the schema validators, so the manager's first check is quick.
  const warmUp = JSON.parse(call("validate", JSON.stringify({ case: { schema_version: "1.0", reference: "warm-up" }, on: isoToday() })));
  if (warmUp.ok !== true) {
    throw new BootError("The decision toolkit failed its start-up check.", JSON.stringify(warmUp.error));
  }
  return call;
}

const ready = start();
ready.then(
  () => {
    progress("ready", "The decision tool is ready", 1);
    afterReady();
  },
  (error) => {
    timings.error = Math.round(performance.now() - started);
    postMessage({
      type: "progress",
      phase: "error",
      message: error instanceof BootError ? error.message : "The decision toolkit could not be started.",
      detail: error.detail ?? String(error),
      fraction: 1,
      timings: { ...timings },
    });
  },
);

function failure(code, message) {
  return JSON.stringify({ ok: false, error: { code, message } });
}

/** Bytes in base64, as ucb.api takes a file's bytes. */
function base64(bytes) {
  if (typeof bytes.toBase64 === "function") return bytes.toBase64();
  let text = "";
  for (let at = 0; at < bytes.length; at += 0x8000) text += String.fromCharCode.apply(null, bytes.subarray(at, at + 0x8000));
  return btoa(text);
}

/**
 * A payload whose `files` hold files the page chose ({source, file}, `file` a File) with each read here, off
 * the page's thread, into `data`; a file the browser cannot read (moved or changed since it was chosen) is
 * sent as `unreadable`, which the toolkit lists with why.
 */
async function withFileData(payload) {
  if (!Array.isArray(payload?.files)) return payload;
  const files = await Promise.all(payload.files.map(async (item) => {
    if (!(item?.file instanceof Blob)) return item;
    try {
      return { source: item.source, data: base64(new Uint8Array(await item.file.arrayBuffer())) };
    } catch {
      return { source: item.source, unreadable: true };
    }
  }));
  return { ...payload, files };
}

self.onmessage = async ({ data: { id, op, payload } }) => {
  // Files are read as soon as the request comes, so they are ready while the toolkit finishes the one before.
  const withData = withFileData(payload);
  let call;
  try {
    payload = await withData;
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
