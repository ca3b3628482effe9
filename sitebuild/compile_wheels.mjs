// Compile pure-Python wheels to Pyodide bytecode, inside Pyodide, under Node.
// Usage: node compile_wheels.mjs <pyodide dir> <tag> <out dir> <wheel>...
// Called by pyodide_bundle.py at build time; writes <out dir>/<name>-<tag>.whl for each wheel.
import { readFile, writeFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { pathToFileURL } from "node:url";

const [pyodideDir, tag, outDir, ...wheels] = process.argv.slice(2);
const { loadPyodide } = await import(pathToFileURL(join(pyodideDir, "pyodide.mjs")).href);
const pyodide = await loadPyodide({ indexURL: pyodideDir });
pyodide.FS.writeFile("/tmp/bytecode_wheel.py", await readFile(new URL("bytecode_wheel.py", import.meta.url)));
pyodide.runPython("import sys; sys.path.insert(0, '/tmp'); import bytecode_wheel");
const convert = pyodide.globals.get("bytecode_wheel").convert;

for (const wheel of wheels) {
  const name = basename(wheel);
  const outName = name.split("-").slice(0, 2).join("-") + `-${tag}.whl`;
  pyodide.FS.writeFile(`/tmp/${name}`, await readFile(wheel));
  convert(`/tmp/${name}`, `/tmp/${outName}`, tag);
  await writeFile(join(outDir, outName), pyodide.FS.readFile(`/tmp/${outName}`));
  console.log(outName);
}
