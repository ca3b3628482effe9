// The draft of the case in progress: what the browser keeps between reloads, and nothing else.
//
// A reload must keep the answers, so the draft goes into this tab's sessionStorage. Chromium writes
// sessionStorage into the profile on disk, keeps deleted values in its files for a while, and puts it
// back when a closed tab or a whole session is restored. So the draft is stored sealed (AES-GCM,
// 256-bit) with a key that exists only in this tab's memory: the tab's window.name, which survives a
// reload but is never written to disk and is not restored with a session. When the tab closes, or
// the manager deletes the case or opens another, the key goes, and every copy the browser may still
// hold, in memory or on disk, can no longer be read. The draft is compressed before it is sealed, so
// a large contact log still fits the browser's storage for the tab.
//
//   const store = new DraftStore();
//   const draft = await store.load();   // null if there is none, or it cannot be read any more
//   await store.save(draft, { caseChanged });  // true once stored; saves made meanwhile are merged
//   store.forget();                     // remove the draft and change the key
//
// Saving works in the background, in tasks of its own, so typing never waits for it; the case's JSON
// is made again only when the case has changed (moving between pages changes only the page).

const DRAFT_KEY = "ucb-tool:draft";
const STORAGE_PREFIX = "ucb-tool:";
const NAME_PREFIX = "ucb-tool-key:";
const FORMAT = "sealed-1";

/** Bytes to base64 (chunked where the browser has no Uint8Array.toBase64). */
export function toBase64(bytes) {
  if (typeof bytes.toBase64 === "function") return bytes.toBase64();
  let text = "";
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(text);
}

/** Base64 to bytes. */
export function fromBase64(text) {
  if (typeof Uint8Array.fromBase64 === "function") return Uint8Array.fromBase64(text);
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

async function through(bytes, transform) {
  // The blob's stream hands the transform the bytes in chunks, each in a task of its own, so even a
  // large draft never holds the page's thread for long.
  const stream = new Blob([bytes]).stream().pipeThrough(transform);
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

function session() {
  try {
    return window.sessionStorage;
  } catch {
    return null; // storage switched off
  }
}

/** Remove every key this tool keeps in the browser's storage (sessionStorage and any old localStorage). */
export function wipeStorage() {
  for (const name of ["sessionStorage", "localStorage"]) {
    try {
      const store = window[name];
      for (const key of Object.keys(store)) if (key.startsWith(STORAGE_PREFIX)) store.removeItem(key);
    } catch {
      /* storage switched off: nothing was kept */
    }
  }
}

export class DraftStore {
  #key = null;
  #pending = null;
  #running = null;
  #generation = 0;
  #caseRecord = null;
  #caseText = "";
  #caseChanged = true;

  constructor() {
    /** Whether this browser can keep a sealed draft at all (it needs a secure context and storage). */
    this.available = Boolean(window.isSecureContext && globalThis.crypto?.subtle && globalThis.CompressionStream && session());
    /** Length of the last draft saved, as JSON text. */
    this.size = 0;
  }

  async #tabKey({ create }) {
    if (this.#key) return this.#key;
    const name = typeof window.name === "string" ? window.name : "";
    if (name.startsWith(NAME_PREFIX)) {
      try {
        this.#key = await crypto.subtle.importKey("raw", fromBase64(name.slice(NAME_PREFIX.length)), "AES-GCM", false, ["encrypt", "decrypt"]);
        return this.#key;
      } catch {
        /* not a key this tool made: make a new one */
      }
    }
    if (!create) return null;
    const raw = crypto.getRandomValues(new Uint8Array(32));
    window.name = NAME_PREFIX + toBase64(raw);
    this.#key = await crypto.subtle.importKey("raw", raw, "AES-GCM", false, ["encrypt", "decrypt"]);
    raw.fill(0);
    return this.#key;
  }

  /** The draft kept in this tab, or null. A draft this tab can no longer read is removed. */
  async load() {
    const stored = session()?.getItem(DRAFT_KEY);
    if (!stored) return null;
    try {
      const [format, iv, sealed] = stored.split(".");
      const key = this.available && format === FORMAT ? await this.#tabKey({ create: false }) : null;
      if (!key) throw new Error("no key");
      const packed = await crypto.subtle.decrypt({ name: "AES-GCM", iv: fromBase64(iv) }, key, fromBase64(sealed));
      const text = new TextDecoder().decode(await through(new Uint8Array(packed), new DecompressionStream("deflate-raw")));
      this.size = text.length;
      return JSON.parse(text);
    } catch {
      // Sealed by a tab that is gone (a restored session, a reopened tab) or not ours: it cannot be read.
      wipeStorage();
      return null;
    }
  }

  /** Keep `draft` in this tab. Resolves true once it is stored, false if the browser would not keep it. */
  save(draft, { caseChanged = true } = {}) {
    this.#pending = draft;
    this.#caseChanged ||= caseChanged;
    this.#running ??= this.#drain();
    return this.#running;
  }

  async #drain() {
    let stored = true;
    // Let the page finish what it is doing (drawing the next page, say) before the draft is written.
    await new Promise((resolve) => setTimeout(resolve, 0));
    try {
      while (this.#pending) {
        const draft = this.#pending;
        this.#pending = null;
        stored = await this.#write(draft);
      }
    } finally {
      this.#running = null;
    }
    return stored;
  }

  /** The draft as JSON text; the case's part is made again only if the case has changed. */
  #serialise(draft) {
    if (this.#caseChanged || draft.case !== this.#caseRecord) {
      this.#caseText = JSON.stringify(draft.case);
      this.#caseRecord = draft.case;
      this.#caseChanged = false;
    }
    const { case: _case, ...rest } = draft;
    const others = JSON.stringify(rest);
    return `{"case":${this.#caseText}${others === "{}" ? "}" : `,${others.slice(1)}`}`;
  }

  async #write(draft) {
    const generation = this.#generation;
    const text = this.#serialise(draft);
    this.size = text.length;
    if (!this.available) return false;
    try {
      const key = await this.#tabKey({ create: true });
      const packed = await through(new TextEncoder().encode(text), new CompressionStream("deflate-raw"));
      const iv = crypto.getRandomValues(new Uint8Array(12));
      const sealed = new Uint8Array(await crypto.subtle.encrypt({ name: "AES-GCM", iv }, key, packed));
      if (generation !== this.#generation) return true; // forgotten while it was being sealed
      session().setItem(DRAFT_KEY, `${FORMAT}.${toBase64(iv)}.${toBase64(sealed)}`);
      return true;
    } catch {
      return false; // over the browser's quota, or storage refused
    }
  }

  /** Remove the draft and change the key, so no copy sealed with the old one can be read again. */
  forget() {
    this.#generation += 1;
    this.#pending = null;
    this.#key = null;
    this.#caseRecord = null;
    this.#caseText = "";
    this.size = 0;
    wipeStorage();
    if (typeof window.name === "string" && window.name.startsWith(NAME_PREFIX)) window.name = "";
  }

  /** Resolves when every save asked for so far has been stored (for leaving the page, and for tests). */
  settled() {
    return this.#running ?? Promise.resolve(true);
  }
}
