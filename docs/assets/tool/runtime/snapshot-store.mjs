// Where the worker gets the build's memory snapshot from: a copy an earlier visit kept in this
// browser's origin private file system, or else the site (gzipped; unzipped here).
//
// The kept copy is the packed snapshot unzipped (docs/assets/tool/runtime/snapshot.mjs), read back
// in one synchronous call, which a busy worker does far faster than streaming ~20 MB. It is named
// by the sha256 of the lock file it belongs to, and holds no case data: the snapshot is made at
// build time (docs/hooks/make_snapshot.mjs).

import { isWholePack } from "./snapshot.mjs";

const PREFIX = "ucb-toolkit-snapshot-";

const fileName = (lockDigest) => `${PREFIX}${lockDigest}.bin`;

async function folder() {
  try {
    return await navigator.storage.getDirectory(); // not outside secure contexts; may be refused
  } catch {
    return null;
  }
}

async function readKept(dir, name) {
  try {
    const access = await (await dir.getFileHandle(name)).createSyncAccessHandle();
    try {
      const bytes = new Uint8Array(access.getSize());
      return access.read(bytes, { at: 0 }) === bytes.byteLength && isWholePack(bytes) ? bytes : null;
    } finally {
      access.close();
    }
  } catch {
    return null; // none kept, or another tab is reading it
  }
}

// Written under a temporary name and then renamed where the browser can, so a copy cut short (the
// tab closed while writing) never has the kept name; readKept checks it is whole either way.
async function writeKept(dir, name, bytes) {
  const movable = typeof FileSystemFileHandle.prototype.move === "function";
  const handle = await dir.getFileHandle(movable ? `${name}.part` : name, { create: true });
  const access = await handle.createSyncAccessHandle();
  try {
    access.truncate(0);
    access.write(bytes, { at: 0 });
    access.flush();
  } finally {
    access.close();
  }
  if (movable) await handle.move(name);
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
  #used = null;

  /** Opens the folder at once, before the lock file's sha256 is known. */
  constructor(url) {
    this.#url = url;
    this.#folder = folder();
  }

  /** The packed snapshot for the lock file with sha256 `lockDigest`: a kept copy if there is one. */
  async for(lockDigest) {
    const dir = await this.#folder;
    const kept = dir && (await readKept(dir, fileName(lockDigest)));
    const bytes = kept ?? (await download(this.#url));
    this.#used = { lockDigest, kept: Boolean(kept), bytes: kept ? null : bytes };
    return bytes;
  }

  /** Where the snapshot came from: "kept", "downloaded", or null before it was asked for. */
  get source() {
    return this.#used && (this.#used.kept ? "kept" : "downloaded");
  }

  /** After starting: keep a downloaded snapshot that restored (and nothing else); forget one that did not. */
  async settle(restored) {
    const dir = await this.#folder;
    const used = this.#used;
    this.#used = null;
    if (!dir || !used) return;
    const name = fileName(used.lockDigest);
    try {
      if (!restored) {
        await dir.removeEntry(name);
      } else if (!used.kept) {
        const kept = [];
        for await (const other of dir.keys()) if (other.startsWith(PREFIX)) kept.push(other);
        for (const other of kept) await dir.removeEntry(other); // older builds', or one cut short
        await writeKept(dir, name, used.bytes);
      }
    } catch {
      // Out of space, storage switched off or nothing to remove: the next start downloads it again.
    }
  }
}
