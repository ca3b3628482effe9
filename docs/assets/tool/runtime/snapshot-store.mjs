// Where the worker gets the build's memory snapshot from: a copy an earlier visit kept in this
// browser's origin private file system, or else the site (gzipped; unzipped here).
//
// The kept copy is the sha256 of the lock file it belongs to (64 hex digits), then the packed
// snapshot unzipped (docs/assets/tool/runtime/snapshot.mjs). It is read back at once, with
// synchronous reads straight into place, which a busy worker does far faster than streaming
// ~20 MB. It holds no case data: the snapshot is made at build time (docs/hooks/make_snapshot.mjs).
import { unpackFrom, unpackSnapshot } from "./snapshot.mjs";

const KEPT_NAME = "ucb-toolkit-snapshot.bin";
const DIGEST_BYTES = 64;

async function folder() {
  try {
    return await navigator.storage.getDirectory(); // not outside secure contexts; may be refused
  } catch {
    return null;
  }
}

/** The kept copy as { lockDigest, snapshot } (unpacked), or null if there is none whole (or another tab holds it). */
async function readKept(dir) {
  try {
    const access = await (await dir.getFileHandle(KEPT_NAME)).createSyncAccessHandle();
    try {
      const digest = new Uint8Array(DIGEST_BYTES);
      access.read(digest, { at: 0 });
      const snapshot = unpackFrom((view, at) => access.read(view, { at: DIGEST_BYTES + at }), access.getSize() - DIGEST_BYTES);
      return snapshot && { lockDigest: new TextDecoder().decode(digest), snapshot };
    } finally {
      access.close();
    }
  } catch {
    return null;
  }
}

// Written under a temporary name and then renamed where the browser can, so a copy cut short (the
// tab closed while writing) never has the kept name; readKept checks it is whole either way.
async function writeKept(dir, lockDigest, packed) {
  const movable = typeof FileSystemFileHandle.prototype.move === "function";
  const handle = await dir.getFileHandle(movable ? `${KEPT_NAME}.part` : KEPT_NAME, { create: true });
  const access = await handle.createSyncAccessHandle();
  try {
    access.truncate(0);
    access.write(new TextEncoder().encode(lockDigest), { at: 0 });
    access.write(packed, { at: DIGEST_BYTES });
    access.flush();
  } finally {
    access.close();
  }
  if (movable) await handle.move(KEPT_NAME);
}

// A server that labels the .gz file `Content-Encoding: gzip` has it unzipped by the browser.
async function download(url) {
  if (typeof DecompressionStream !== "function") throw new Error("no DecompressionStream in this browser");
  const response = await fetch(url);
  if (!response.ok) throw new Error(`HTTP ${response.status} for ${response.url}`);
  const body = response.headers.get("Content-Encoding") === "gzip"
    ? response.body
    : response.body.pipeThrough(new DecompressionStream("gzip"));
  return new Uint8Array(await new Response(body).arrayBuffer());
}

export class SnapshotStore {
  #url;
  #folder;
  #kept;
  #used = null;

  /** Starts reading the kept copy at once, before the lock file's sha256 is known. */
  constructor(url) {
    this.#url = url;
    this.#folder = folder();
    this.#kept = this.#folder.then((dir) => dir && readKept(dir));
  }

  /** The snapshot (unpacked) for the lock file with sha256 `lockDigest`: the kept copy if it is for that lock. */
  async for(lockDigest) {
    const kept = await this.#kept;
    if (kept?.lockDigest === lockDigest) {
      this.#used = { lockDigest, kept: true };
      return kept.snapshot;
    }
    const packed = await download(this.#url);
    this.#used = { lockDigest, kept: false, packed };
    return unpackSnapshot(packed);
  }

  /** Where the snapshot came from: "kept", "downloaded", or null before it was asked for. */
  get source() {
    return this.#used && (this.#used.kept ? "kept" : "downloaded");
  }

  /** After starting: keep a downloaded snapshot that restored, in place of any other; forget one that did not. */
  async settle(restored) {
    const dir = await this.#folder;
    const used = this.#used;
    this.#used = null;
    if (!dir || !used) return;
    try {
      if (!restored) await dir.removeEntry(KEPT_NAME);
      else if (!used.kept) await writeKept(dir, used.lockDigest, used.packed);
    } catch {
      // Out of space, storage switched off or nothing to remove: the next start downloads it again.
    }
  }
}
