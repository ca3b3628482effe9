// The page's side of the decision toolkit: one Web Worker per tab, shared by every caller.
//
//   import { getToolkit } from "./runtime/client.mjs";
//   const toolkit = getToolkit();
//   toolkit.onProgress(({ phase, message, fraction }) => ...);  // runtime | packages | toolkit | ready | error
//   await toolkit.ready;                                        // rejects with a plain-English Error
//   const result = await toolkit.call("validate", { case, on }); // rejects with an Error on ok:false
//
// The instance lives on `globalThis`, so Material's instant navigation (which keeps the
// document and swaps its content) reuses the loaded Python instead of starting again.

const SHARED = Symbol.for("ucb.toolkit");
// A worker the page started before any module loaded (docs/overrides/main.html), with the events it has had.
const EARLY = Symbol.for("ucb.toolkit.early");
const READY_TIMEOUT_MS = 120_000;
const TRY_AGAIN = "Reload the page to try again. If it keeps happening, you can still follow the manager guide without the tool.";

class Toolkit {
  #worker;
  #listeners = new Set();
  #pending = new Map();
  #nextId = 1;
  #last = { phase: "runtime", message: "Starting the decision tool", fraction: 0 };
  #settle;
  #timer;

  constructor({ timeoutMs = READY_TIMEOUT_MS, shared = true } = {}) {
    this.timings = {};
    this.ready = new Promise((resolve, reject) => {
      this.#settle = { resolve, reject };
    });
    this.ready.catch(() => {}); // callers who never await `ready` still see the error phase
    if (typeof Worker === "undefined" || typeof WebAssembly === "undefined") {
      this.#fail("This browser cannot run the decision tool: it needs Web Workers and WebAssembly, which current versions of Edge, Chrome, Firefox and Safari all have.");
      return;
    }
    this.#timer = setTimeout(
      () => this.#fail("The decision tool is taking too long to load. Your connection may be slow, or your browser or network may be blocking part of it."),
      timeoutMs,
    );
    // The worker the page started early is the shared toolkit's; another toolkit starts its own.
    const early = shared ? globalThis[EARLY] : undefined;
    if (shared) delete globalThis[EARLY];
    const crashed = (event) => {
      event.preventDefault();
      this.#fail("The decision tool stopped: its background process could not load or crashed.", event.message);
    };
    this.#worker = early?.worker ?? new Worker(new URL("./worker.mjs", import.meta.url), { type: "module", name: shared ? "ucb-toolkit" : "ucb-toolkit-other" });
    this.#worker.addEventListener("message", ({ data }) => this.#receive(data));
    this.#worker.addEventListener("error", crashed);
    if (early) {
      early.worker.onmessage = early.worker.onerror = null;
      for (const event of early.events) {
        if (event.type === "error") crashed(event);
        else this.#receive(event.data);
      }
    }
  }

  /** Call `callback` with every progress update, starting with the latest one; returns an unsubscribe function. */
  onProgress(callback) {
    this.#listeners.add(callback);
    callback(this.#last);
    return () => this.#listeners.delete(callback);
  }

  /** The latest progress update. */
  get progress() {
    return this.#last;
  }

  /** Run one toolkit operation; resolves with its `result`, rejects with an Error carrying `code`. */
  async call(op, payload = {}) {
    await this.ready;
    const id = this.#nextId++;
    const reply = await new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#worker.postMessage({ id, op, payload });
    });
    if (reply.ok) return reply.result;
    const error = new Error(reply.error?.message ?? "The decision toolkit could not do that.");
    error.code = reply.error?.code;
    throw error;
  }

  /** End the toolkit's worker: calls still waiting fail, and it takes no more. */
  close() {
    this.#fail("The decision toolkit was closed.");
  }

  #receive(data) {
    if (data.type === "reply") {
      const pending = this.#pending.get(data.id);
      this.#pending.delete(data.id);
      pending?.resolve(JSON.parse(data.reply));
    } else if (data.type === "progress") {
      this.timings = data.timings ?? this.timings;
      if (data.phase === "error") this.#fail(data.message, data.detail);
      else this.#update(data);
      if (data.phase === "ready") {
        clearTimeout(this.#timer);
        this.#settle.resolve(this);
      }
    }
  }

  #update({ phase, message, fraction }) {
    if (this.#last.phase === "error") return;
    this.#last = { phase, message, fraction };
    for (const callback of this.#listeners) callback(this.#last);
  }

  // Also used when the worker dies after it was ready: pending calls fail and the state becomes "error".
  #fail(message, detail) {
    if (this.#last.phase === "error") return;
    clearTimeout(this.#timer);
    const error = new Error(`${message} ${TRY_AGAIN}`);
    if (detail) error.detail = detail;
    this.#update({ phase: "error", message: error.message, fraction: 1 });
    this.#settle.reject(error);
    for (const { reject } of this.#pending.values()) reject(error);
    this.#pending.clear();
    this.#worker?.terminate();
  }
}

/** The tab's one toolkit, started on first use. `options.timeoutMs` applies only to that first call. */
export function getToolkit(options) {
  globalThis[SHARED] ??= new Toolkit(options);
  return globalThis[SHARED];
}

/**
 * A toolkit apart from the tab's shared one, with a worker of its own, for work that divides among
 * the computer's cores (the register's files). It holds a second copy of Python, so the caller ends
 * it with `close()` when the work is done.
 */
export function otherToolkit(options) {
  return new Toolkit({ ...options, shared: false });
}
