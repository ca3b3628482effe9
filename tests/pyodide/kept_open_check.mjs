// KeptRuntime (docs/assets/tool/runtime/kept-runtime.mjs) under Node, with a stand-in origin
// private file system in which opening one kept copy never finishes until this script lets it.
// Usage: node kept_open_check.mjs <kept name that stalls, or none> <ms to wait before letting it open>
// Prints one JSON line: what each kept copy gave, the order things happened in (`events`: a timer
// KeptRuntime set going off, the three answers in, the stalled copy opening), whether the
// snapshot's copy stayed open to be read from until closed, and whether the stalled copy's handle
// was closed once it finally opened.
import { packSnapshot } from "../../docs/assets/tool/runtime/snapshot.mjs";
import { sha256Hex } from "../../docs/assets/tool/runtime/boot.mjs";
import { KeptRuntime } from "../../docs/assets/tool/runtime/kept-runtime.mjs";

const [stalled, releaseAfterMs] = process.argv.slice(2);
const LOCK = "a".repeat(64);
const snapshot = new Uint8Array(3 * 4096).fill(7, 4096, 8192);
const wasm = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]); // an empty WebAssembly module
const stdlib = new TextEncoder().encode("a standard library");
const bodies = {
  "ucb-toolkit-snapshot.bin": packSnapshot(snapshot),
  "ucb-toolkit-runtime.wasm.bin": wasm,
  "ucb-toolkit-stdlib.zip.bin": stdlib,
};

const handles = {};

function access(name) {
  const bytes = new Uint8Array([...new TextEncoder().encode(LOCK), ...bodies[name]]);
  const handle = {
    closed: false,
    getSize: () => bytes.byteLength,
    read(view, { at }) {
      if (handle.closed) throw new DOMException("closed", "InvalidStateError");
      const part = bytes.subarray(at, at + view.byteLength);
      view.set(part);
      return part.byteLength;
    },
    close() {
      handle.closed = true;
    },
  };
  handles[name] = handle;
  return handle;
}

let letItOpen;
const stalledOpen = new Promise((resolve) => {
  letItOpen = () => resolve(access(stalled));
});
const dir = {
  async getFileHandle(name) {
    if (!(name in bodies)) throw new DOMException("not found", "NotFoundError");
    return { createSyncAccessHandle: () => (name === stalled ? stalledOpen : Promise.resolve(access(name))) };
  },
};
Object.defineProperty(globalThis, "navigator", { value: { storage: { getDirectory: async () => dir } }, configurable: true });

// Every timer KeptRuntime sets is noted when it goes off; this script's own waits use `wait`.
const events = [];
const wait = globalThis.setTimeout;
globalThis.setTimeout = (callback, ms, ...args) => wait(() => {
  events.push("a timer went off");
  callback(...args);
}, ms);

const stdlibSha256 = await sha256Hex(stdlib);
const kept = new KeptRuntime("http://127.0.0.1:9/unused/");
const [gotSnapshot, gotModule, gotStdlib] = await Promise.all([
  kept.snapshotFor(LOCK),
  kept.moduleFor(LOCK),
  kept.stdlibFor(LOCK, stdlibSha256),
]);
events.push("answers in");
// The kept snapshot is read from as Pyodide restores, so its copy is still open; then closed.
let snapshotKept = "not kept";
let openUntilClosed = null;
if (gotSnapshot !== null) {
  const whole = new Uint8Array(gotSnapshot.byteLength);
  gotSnapshot.copyTo(whole);
  snapshotKept = whole.every((byte, i) => byte === snapshot[i]) ? "kept" : "damaged";
  const copy = handles["ucb-toolkit-snapshot.bin"];
  openUntilClosed = !copy.closed && (gotSnapshot.close(), copy.closed);
}
let lateHandleClosed = null;
if (stalled in bodies) {
  wait(() => {
    events.push("the stalled copy opened");
    letItOpen();
  }, Number(releaseAfterMs));
  const late = await stalledOpen;
  await new Promise((resolve) => wait(resolve, 50));
  lateHandleClosed = late.closed;
}
console.log(JSON.stringify({
  events,
  snapshot: snapshotKept,
  snapshot_open_until_closed: openUntilClosed,
  module: gotModule instanceof WebAssembly.Module ? "kept" : "not kept",
  stdlib: gotStdlib === null ? "not kept" : new TextDecoder().decode(gotStdlib),
  late_handle_closed: lateHandleClosed,
}));
