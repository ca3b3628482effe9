// Where the worker gets the build's memory snapshot, the runtime's WebAssembly and Python's
// standard library from: copies an earlier visit kept in this browser's origin private file
// system, or else the site (the snapshot gzipped, unzipped here; the other two from the browser's
// HTTP cache or the server).
//
// Each kept copy is the sha256 of the lock file it belongs to (64 hex digits; the lock names the
// runtime's files by sha256 too), then the file: the packed snapshot unzipped
// (snapshot.mjs), or pyodide.asm.wasm or python_stdlib.zip as it is.
// They are read back with synchronous reads straight into place, which a busy worker does far
// faster than streaming the same ~30 MB out of the HTTP cache: the WebAssembly first, compiled
// while Pyodide sets up, and the snapshot's memory last, straight into Python's memory as Pyodide
// restores. They hold no case data: the snapshot is made at build time
// (sitebuild/make_snapshot.mjs). Only the fast start (start-fast.mjs) uses this module.
import { sha256Hex } from "./boot.mjs";
import { packedInMemory, packedSnapshot } from "./snapshot.mjs";

// Each file kept: its name in the runtime folder, and the name its copy is kept under.
const SNAPSHOT = { file: "snapshot.bin.gz", kept: "ucb-toolkit-snapshot.bin" };
const WASM = { file: "pyodide.asm.wasm", kept: "ucb-toolkit-runtime.wasm.bin" };
const STDLIB = { file: "python_stdlib.zip", kept: "ucb-toolkit-stdlib.zip.bin" };
const DIGEST_BYTES = 64;
// Opening a kept copy takes milliseconds, but on a busy machine Chromium sometimes never answered
// when the standard library's copy was opened just after the WebAssembly had started compiling
// (about one start in 30 here; all three are opened before that now): a copy not open in time is
// downloaded instead rather than waited for.
const OPEN_DEADLINE_MS = 2000;

async function folder() {
  try {
    return await navigator.storage.getDirectory(); // not outside secure contexts; may be refused
  } catch {
    return null;
  }
}

/** The kept file `name` open for synchronous reads; null if there is none, another tab holds it,
 * or the browser has not opened it within OPEN_DEADLINE_MS (it is closed again when it does). */
async function openKept(dir, name) {
  const opening = dir.getFileHandle(name).then((handle) => handle.createSyncAccessHandle());
  const late = new Promise((resolve) => setTimeout(resolve, OPEN_DEADLINE_MS, null));
  const access = await Promise.race([opening, late]).catch(() => null);
  if (access === null) opening.then((opened) => opened.close(), () => {});
  return access;
}

/** The kept copy open as `access` (or null) as { lockDigest, body }, its body read with
 * `readBody(readAt, size)`; null if there is none whole. The copy is closed then, unless
 * `keepOpen`: then the body is read from later, and `body.close()` closes it. */
function readKept(access, readBody, { keepOpen = false } = {}) {
  if (access === null) return null;
  let kept = null;
  try {
    const digest = new Uint8Array(DIGEST_BYTES);
    access.read(digest, { at: 0 });
    const body = readBody((view, at) => access.read(view, { at: DIGEST_BYTES + at }), access.getSize() - DIGEST_BYTES);
    kept = body && { lockDigest: new TextDecoder().decode(digest), body };
  } catch {
    kept = null;
  }
  if (keepOpen && kept) kept.body.close = () => access.close();
  else access.close();
  return kept;
}

function readWhole(readAt, size) {
  if (size <= 0) return null;
  const bytes = new Uint8Array(size);
  return readAt(bytes, 0) === size ? bytes : null;
}

// Written under a temporary name and then renamed where the browser can, so a copy cut short (the
// tab closed while writing) never has the kept name; readKept checks a snapshot is whole either
// way, and a kept WebAssembly that does not compile is not used, but downloaded and kept again.
async function writeKept(dir, name, lockDigest, bytes) {
  const movable = typeof FileSystemFileHandle.prototype.move === "function";
  const written = movable ? `${name}.part` : name;
  const handle = await dir.getFileHandle(written, { create: true });
  try {
    const access = await handle.createSyncAccessHandle();
    try {
      access.truncate(0);
      access.write(new TextEncoder().encode(lockDigest), { at: 0 });
      access.write(bytes, { at: DIGEST_BYTES });
      access.flush();
    } finally {
      access.close();
    }
    if (movable) await handle.move(name);
  } catch (error) {
    await forget(dir, written); // refused (another tab held it) or out of space: leave nothing half-written
    throw error;
  }
}

async function forget(dir, name) {
  try {
    await dir.removeEntry(name);
  } catch {
    // There was none.
  }
}

async function download(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`HTTP ${response.status} for ${response.url}`);
  return response;
}

// A server that labels the .gz file `Content-Encoding: gzip` has it unzipped by the browser.
async function downloadGzipped(url) {
  if (typeof DecompressionStream !== "function") throw new Error("no DecompressionStream in this browser");
  const response = await download(url);
  const body = response.headers.get("Content-Encoding") === "gzip"
    ? response.body
    : response.body.pipeThrough(new DecompressionStream("gzip"));
  return new Uint8Array(await new Response(body).arrayBuffer());
}

export class KeptRuntime {
  #runtimeUrl;
  #folder;
  #keptModule;
  #keptSnapshot;
  #keptStdlib;
  #snapshotUsed = null;
  #wasmWasKept = false;
  #stdlibWasKept = false;

  /** Starts reading the copies kept of files in the runtime folder at `runtimeUrl` at once, before
   * the lock file's sha256 is known. */
  constructor(runtimeUrl) {
    this.#runtimeUrl = runtimeUrl;
    this.#folder = folder();
    // All three are opened before anything compiles. The WebAssembly is read first and compiled
    // at once, the longest step; the standard library is read while it compiles; of the snapshot
    // only its table of contents, its memory being read straight into place as Pyodide restores.
    const kept = this.#folder
      .then((dir) => dir && Promise.all([WASM, STDLIB, SNAPSHOT].map(({ kept: name }) => openKept(dir, name))))
      .then((opened) => {
        const [wasmAccess, stdlibAccess, snapshotAccess] = opened ?? [null, null, null];
        const wasm = readKept(wasmAccess, readWhole);
        const module = wasm && WebAssembly.compile(wasm.body).then((compiled) => ({ lockDigest: wasm.lockDigest, module: compiled }), () => null);
        const stdlib = readKept(stdlibAccess, readWhole);
        return { module, stdlib, snapshot: readKept(snapshotAccess, packedSnapshot, { keepOpen: true }) };
      });
    this.#keptModule = kept.then((copies) => copies.module);
    this.#keptStdlib = kept.then((copies) => copies.stdlib);
    this.#keptSnapshot = kept.then((copies) => copies.snapshot);
  }

  /** The runtime's WebAssembly module, compiled from the copy kept for the lock file with sha256 `lockDigest`, or null. */
  async moduleFor(lockDigest) {
    const kept = await this.#keptModule;
    this.#wasmWasKept = kept?.lockDigest === lockDigest;
    return this.#wasmWasKept ? kept.module : null;
  }

  /** Python's standard library (python_stdlib.zip) from the copy kept for the lock file with sha256
   * `lockDigest`, if it has the sha256 `sha256` that lock gives it (Python would only find a damaged
   * copy out when it next imports from it); else null. */
  async stdlibFor(lockDigest, sha256) {
    const kept = await this.#keptStdlib;
    this.#keptStdlib = null; // asked for once
    this.#stdlibWasKept = kept?.lockDigest === lockDigest && Boolean(sha256) && (await sha256Hex(kept.body)) === sha256;
    return this.#stdlibWasKept ? kept.body : null;
  }

  /** The packed snapshot for the lock file with sha256 `lockDigest`, to be read from as Pyodide
   * restores (see `loadFromSnapshot`): the kept copy, still open, if it is for that lock; else downloaded. */
  async snapshotFor(lockDigest) {
    const kept = await this.#keptSnapshot;
    this.#keptSnapshot = null; // asked for once
    if (kept?.lockDigest === lockDigest) {
      this.#snapshotUsed = { lockDigest, kept: true };
      return kept.body;
    }
    kept?.body.close();
    const packed = await downloadGzipped(this.#runtimeUrl + SNAPSHOT.file);
    this.#snapshotUsed = { lockDigest, kept: false, packed };
    return packedInMemory(packed);
  }

  /** Where the snapshot came from: "kept", "downloaded", or null before it was asked for. */
  get source() {
    return this.#snapshotUsed && (this.#snapshotUsed.kept ? "kept" : "downloaded");
  }

  /** Whether the WebAssembly came from a kept copy. */
  get wasmWasKept() {
    return this.#wasmWasKept;
  }

  /** Whether the standard library came from a kept copy. */
  get stdlibWasKept() {
    return this.#stdlibWasKept;
  }

  /** Once the toolkit is ready: if Python was restored, keep for the next visit each of the three
   * files that did not come from a kept copy, in place of any older copy; if it was not, forget all
   * three copies. */
  async keepForNextVisit(restored) {
    const dir = await this.#folder;
    const used = this.#snapshotUsed;
    this.#snapshotUsed = null;
    if (!dir || !used) return;
    if (!restored) {
      for (const { kept } of [SNAPSHOT, WASM, STDLIB]) await forget(dir, kept);
      return;
    }
    try {
      if (!used.kept) await writeKept(dir, SNAPSHOT.kept, used.lockDigest, used.packed);
      for (const [file, wasKept] of [[WASM, this.#wasmWasKept], [STDLIB, this.#stdlibWasKept]]) {
        if (wasKept) continue;
        const bytes = new Uint8Array(await (await download(this.#runtimeUrl + file.file)).arrayBuffer());
        await writeKept(dir, file.kept, used.lockDigest, bytes);
      }
    } catch {
      // Out of space or storage switched off: the next start reads them from the site again.
    }
  }
}
