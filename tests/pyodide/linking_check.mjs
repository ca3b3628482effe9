// How a Pyodide runtime links itself at start-up, under Node (docs/hooks/pyodide_linking.py).
// Usage: node linking_check.mjs <runtime folder>
// Prints one JSON line: the names in the runtime's table of globals (the GOT) after start-up and
// after loading an empty C extension (a WebAssembly side module with nothing in it), with any
// whose value is still unresolved, the function table's length after start-up, and an answer
// from Python.
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

const indexURL = resolve(process.argv[2]) + "/";
const { loadPyodide } = await import(pathToFileURL(indexURL + "pyodide.mjs").href);
const pyodide = await loadPyodide({ indexURL });
const module = pyodide._module;

function entries() {
  const got = Object.entries(module.GOT);
  return { names: got.map(([name]) => name).sort(), unresolved: got.filter(([, entry]) => entry.value === -1).map(([name]) => name) };
}

const atStart = entries();
const tableAtStart = module.wasmTable.length;
// The smallest side module: a "dylink.0" section saying it needs no memory and no table.
const emptyExtension = Uint8Array.of(0, 97, 115, 109, 1, 0, 0, 0, 0, 15, 8, ...new TextEncoder().encode("dylink.0"), 1, 4, 0, 0, 0, 0);
module.loadWebAssemblyModule(emptyExtension, { loadAsync: false, nodelete: true }, "empty.so", {});
console.log(JSON.stringify({
  at_start: atStart,
  table_at_start: tableAtStart,
  after_extension: entries(),
  answers: pyodide.runPython("sorted({'b': 2, 'a': 1}.items(), key=lambda kv: kv[1])").toJs(),
}));
