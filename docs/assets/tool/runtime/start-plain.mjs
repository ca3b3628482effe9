// The plain start, published as start.mjs when the build's `tool_fast_start` is off: Pyodide's
// public `loadPyodide` only, with no snapshot, no copies kept in the browser and no private API,
// so a Pyodide release that changes its private API still gives a working tool.
import { bootToolkit } from "./boot.mjs";

/** Start the toolkit; resolves with `{ call, facts, afterReady }` (worker.mjs). */
export async function startToolkit({ loadPyodide, runtimeUrl, read, onPhase }) {
  const { call, restored } = await bootToolkit({ loadPyodide, indexURL: runtimeUrl, read, onPhase });
  return { call, facts: { start: "plain", restored }, afterReady: () => {} };
}
