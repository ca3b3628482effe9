// Where the worker gets the build's memory snapshot and the runtime's WebAssembly from: copies an
// earlier visit kept in this browser's origin private file system, or else the site (the snapshot
// gzipped, unzipped here; the WebAssembly from the browser's HTTP cache or the server).
//
// Each kept copy is the sha256 of the lock file it belongs to (64 hex digits; the lock names the
// runtime's files by sha256 too), then the file: the packed snapshot unzipped
// (docs/assets/tool/runtime/snapshot.mjs), or pyodide.asm.wasm as it is.
// They are read back at once, with synchronous reads straight into place, which a busy worker
// does far faster than streaming the same ~27 MB out of the HTTP cache, and the WebAssembly is
// compiled while Pyodide sets up. They hold no case data: the snapshot is made at build time
// (docs/hooks/make_snapshot.mjs).
import { unpackFrom, unpackSnapshot } from "./snapshot.mjs";

const KEPT_SNAPSHOT = "ucb-toolkit-snapshot.bin";
const KEPT_WASM = "ucb-toolkit-runtime.wasm.bin";
const DIGEST_BYTES = 64;

async function folder() {
  try {
    return await navigator.storage.getDirectory(); // not outside secure contexts; may be refused
  } catch {
    return null;
  }
}

/** The kept file `name` as { lockDigest, body }, its body read with `readBody(readAt, size)`; null
 * if there is none whole (or another tab holds it). */
async function readKept(dir, name, readBody) {
  try {
    const access = await (await dir.getFileHandle(name)).createSyncAccessHandle();
    try {
      const digest = new Uint8Array(DIGEST_BYTES);
      access.read(digest, { at: 0 });
      const body = readBody((view, at) => access.read(view, { at: DIGEST_BYTES + at }), access.getSize() - DIGEST_BYTES);
      return body && { lockDigest: new TextDecoder().decode(digest), body };
    } finally {
      access.close();
    }
  } catch {
    return null;
  }
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
  #snapshotUrl;
  #wasmUrl;
  #folder;
  #keptModule;
  #keptSnapshot;
  #snapshotUsed = null;
  #wasmWasKept = false;

  /** Starts reading the kept copies at once, before the lock file's sha256 is known. */
  constructor(snapshotUrl, wasmUrl) {
    this.#snapshotUrl = snapshotUrl;
    this.#wasmUrl = wasmUrl;
    this.#folder = folder();
    // The snapshot first: Pyodide needs it before it sets up, and compiles only after that.
    this.#keptSnapshot = this.#folder.then((dir) => dir && readKept(dir, KEPT_SNAPSHOT, unpackFrom));
    const keptWasm = this.#keptSnapshot.then(() => this.#folder).then((dir) => dir && readKept(dir, KEPT_WASM, readWhole));
    this.#keptModule = keptWasm.then((kept) => kept && WebAssembly.compile(kept.body)
      .then((module) => ({ lockDigest: kept.lockDigest, module }), () => null));
  }

  /** The runtime's WebAssembly module, compiled from the copy kept for the lock file with sha256 `lockDigest`, or null. */
  async moduleFor(lockDigest) {
    const kept = await this.#keptModule;
    this.#wasmWasKept = kept?.lockDigest === lockDigest;
    return this.#wasmWasKept ? kept.module : null;
  }

  /** The snapshot (unpacked) for the lock file with sha256 `lockDigest`: the kept copy if it is for that lock. */
  async snapshotFor(lockDigest) {
    const kept = await this.#keptSnapshot;
    this.#keptSnapshot = null; // asked for once: the worker need not hold a second 31 MB copy
    if (kept?.lockDigest === lockDigest) {
      this.#snapshotUsed = { lockDigest, kept: true };
      return kept.body;
    }
    const packed = await downloadGzipped(this.#snapshotUrl);
    this.#snapshotUsed = { lockDigest, kept: false, packed };
    return unpackSnapshot(packed);
  }

  /** Where the snapshot came from: "kept", "downloaded", or null before it was asked for. */
  get source() {
    return this.#snapshotUsed && (this.#snapshotUsed.kept ? "kept" : "downloaded");
  }

  /** Whether the WebAssembly came from a kept copy. */
  get wasmWasKept() {
    return this.#wasmWasKept;
  }

  /** After starting: keep what restored and was not kept yet, in place of any other; forget both if it did not restore. */
  async settle(restored) {
    const dir = await this.#folder;
    const used = this.#snapshotUsed;
    this.#snapshotUsed = null;
    if (!dir || !used) return;
    if (!restored) {
      await forget(dir, KEPT_SNAPSHOT);
      await forget(dir, KEPT_WASM);
      return;
    }
    try {
      if (!used.kept) await writeKept(dir, KEPT_SNAPSHOT, used.lockDigest, used.packed);
      if (!this.#wasmWasKept) {
        const wasm = new Uint8Array(await (await download(this.#wasmUrl)).arrayBuffer());
        await writeKept(dir, KEPT_WASM, used.lockDigest, wasm);
      }
    } catch {
      // Out of space or storage switched off: the next start reads them from the site again.
    }
  }
}
