// How the decision toolkit starts inside Pyodide, with Pyodide's public API only, in any JavaScript
// host: the browser's worker, the build's snapshot maker (sitebuild/make_snapshot.mjs) and the Node
// test harness all use it, so they lay the toolkit out and import it alike.
//
// Our wheels are pure Python, so Python imports straight from the wheel files (zip archives) put
// on sys.path: nothing is unpacked, and after a snapshot restore only the files need writing back.

export const LOCK_FILE = "pyodide-lock.json";
const WHEEL_DIR = "/lib/ucb-wheels";
const TOOLKIT_MODULE = "ucb.api";

/** A failure with a plain-English `message` for the manager and a technical `detail`. */
export class BootError extends Error {
  constructor(message, detail) {
    super(message);
    this.detail = detail;
  }
}

/** The sha256 of `bytes`, in hex. */
export async function sha256Hex(bytes) {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

/** The lock file's bytes parsed, with their sha256. */
export async function readLock(bytes) {
  return { lock: JSON.parse(new TextDecoder().decode(bytes)), digest: await sha256Hex(bytes) };
}

/** The sha256 the lock gives the runtime's file `name`: its `tool` table names the runtime's files
 * by sha256 (sitebuild/pyodide_bundle.py); null if it does not. */
export function runtimeSha256(lock, name) {
  return Object.values(lock.tool ?? {}).map((table) => table.runtime_sha256?.[name]).find(Boolean) ?? null;
}

/** The wheels the lock lists, in the order they go on sys.path. */
export function wheelNames(lock) {
  return Object.values(lock.packages).map((p) => p.file_name).sort();
}

/** Every wheel the lock lists, read with `read(name)` and checked against its sha256. */
export async function verifiedWheels(lock, read) {
  const failures = [];
  const wheels = new Map();
  await Promise.all(Object.values(lock.packages).map(async ({ file_name: name, sha256 }) => {
    try {
      const bytes = await read(name);
      const actual = await sha256Hex(bytes);
      if (actual === sha256) wheels.set(name, bytes);
      else failures.push(`${name}: its sha256 is ${actual}, not ${sha256} as the lock file says`);
    } catch (error) {
      failures.push(`${name}: ${error}`);
    }
  }));
  if (failures.length > 0) {
    throw new BootError("Part of the decision toolkit could not be downloaded, or arrived damaged.", failures.sort().join("\n"));
  }
  return wheels;
}

/** Write the wheels into Pyodide's file system, where sys.path expects them. */
export function writeWheels(pyodide, wheels) {
  pyodide.FS.mkdirTree(WHEEL_DIR);
  for (const [name, bytes] of wheels) pyodide.FS.writeFile(`${WHEEL_DIR}/${name}`, bytes);
}

/** Put the written wheels on Python's import path (a snapshot already has them there). */
export function addWheelsToPath(pyodide, names) {
  const paths = JSON.stringify(names.map((name) => `${WHEEL_DIR}/${name}`));
  pyodide.runPython(`import importlib, sys\nsys.path.extend(${paths})\nimportlib.invalidate_caches()`);
}

/**
 * Start Pyodide with the toolkit imported; resolves with `{ call, restored }`: `ucb.api.call`, and
 * whether Python was restored rather than started.
 *
 * `read(name)` resolves with the bytes of a file in the runtime folder at `indexURL`. `restore`, if
 * given, is tried first (the fast start, start-fast.mjs): `restore(options, locked)`, told the
 * options for `loadPyodide` and the lock file as `readLock` resolves it, resolves with a Pyodide
 * that already has the toolkit on its import path, or with null to start Python the ordinary way.
 * `onPhase(phase)` hears "runtime", "packages", "toolkit".
 */
export async function bootToolkit({ loadPyodide, indexURL, read, restore = null, onPhase = () => {} }) {
  onPhase("runtime");
  const locked = read(LOCK_FILE).then(readLock);
  const wheels = locked.then(({ lock }) => verifiedWheels(lock, read));
  wheels.catch(() => {}); // awaited below, once Python has started
  const lockFileContents = locked.then(({ lock }) => lock);
  lockFileContents.catch(() => {}); // a missing lock file is reported below
  const options = { indexURL, packageBaseUrl: indexURL, lockFileContents };
  let pyodide = restore ? await restore(options, locked) : null;
  const restored = pyodide !== null;
  let lock;
  try {
    ({ lock } = await locked);
  } catch (error) {
    throw new BootError("The decision toolkit's list of packages could not be downloaded.", String(error));
  }
  if (!restored) {
    try {
      pyodide = await loadPyodide(options);
    } catch (error) {
      throw new BootError("The Python runtime could not be started in this browser.", String(error));
    }
  }

  onPhase("packages");
  writeWheels(pyodide, await wheels);
  if (!restored) addWheelsToPath(pyodide, wheelNames(lock));

  onPhase("toolkit");
  try {
    return { call: pyodide.pyimport(TOOLKIT_MODULE).call, restored };
  } catch (error) {
    throw new BootError("The decision toolkit could not be started.", String(error));
  }
}
