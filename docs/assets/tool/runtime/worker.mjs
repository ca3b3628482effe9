// The decision toolkit's Web Worker: Pyodide, our wheels and `ucb.api`, off the page's thread.
//
// Messages out: {type: "progress", phase, message, fraction, detail?, timings?}
//               {type: "timings", timings} once the practice run (practice.mjs) is done or not needed
//               {type: "reply", id, reply} where `reply` is ucb.api's JSON text.
// Messages in:  {id, op, payload}; requests sent before the toolkit is ready wait for it.
import { loadPyodide } from "../../pyodide/pyodide.mjs";
import { BootError, bootToolkit } from "./boot.mjs";
import { practiseOnce } from "./practice.mjs";
import { SnapshotStore } from "./snapshot-store.mjs";

const RUNTIME_URL = new URL("../../pyodide/", import.meta.url).href;
const snapshots = new SnapshotStore(`${RUNTIME_URL}snapshot.bin.gz`);
const PHASES = {
  runtime: ["Loading the Python runtime", 0.05],
  packages: ["Loading the decision toolkit's packages", 0.6],
  toolkit: ["Starting the decision toolkit", 0.85],
};

// The practice run (practice.mjs) waits until the worker has answered nothing for this long.
const QUIET_MS = 1_500;

const started = performance.now();
const timings = {};
let quietSince = started; // when the toolkit was ready or last answered

function progress(phase, message, fraction) {
  timings[phase] = Math.round(performance.now() - started);
  postMessage({ type: "progress", phase, message, fraction, timings: { ...timings } });
}

function isoToday() {
  const now = new Date();
  const pad = (n) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// Gives any request that has arrived its turn first, then waits until QUIET_MS after the last answer.
async function whenQuiet() {
  do await sleep(Math.max(0, quietSince + QUIET_MS - performance.now()));
  while (performance.now() < quietSince + QUIET_MS);
}

async function read(name) {
  const response = await fetch(RUNTIME_URL + name);
  if (!response.ok) throw new Error(`HTTP ${response.status} for ${response.url}`);
  return new Uint8Array(await response.arrayBuffer());
}

async function start() {
  const { call, restored } = await bootToolkit({
    loadPyodide,
    indexURL: RUNTIME_URL,
    read,
    snapshotFor: (lockDigest) => snapshots.for(lockDigest),
    onPhase: (phase) => progress(phase, ...PHASES[phase]),
  });
  Object.assign(timings, { restored, snapshot: snapshots.source });
  // Warm up: the first validation builds the schema validators, so the manager's first check is quick.
  const warmUp = JSON.parse(call("validate", JSON.stringify({ case: { schema_version: "1.0", reference: "warm-up" }, on: isoToday() })));
  if (warmUp.ok !== true) {
    throw new BootError("The decision toolkit failed its start-up check.", JSON.stringify(warmUp.error));
  }
  return call;
}

const ready = start();
ready.then(
  async (call) => {
    progress("ready", "The decision tool is ready", 1);
    quietSince = performance.now();
    await snapshots.settle(timings.restored);
    const practised = await practiseOnce({
      call, release: RUNTIME_URL, caseUrl: `${RUNTIME_URL}practice-case.json`, on: isoToday(), whenQuiet,
    });
    timings.practised = practised ? Math.round(performance.now() - started) : null;
    postMessage({ type: "timings", timings: { ...timings } });
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
  quietSince = performance.now();
};
