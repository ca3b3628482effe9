// The register's files: which files a manager's choice holds (a folder, or several files), and reading
// them into register entries. Each file's bytes go to the toolkit's `register_entry`, which reads them
// by the same rule as `ucb register` (ucb/reading.py), so only a few files are in the page's memory at
// once: the one the toolkit is reading, the next in its queue, and the few read ahead of them.

/** Largest file read, in bytes: ucb.reading.MAX_FILE_BYTES (a test holds the two equal). */
export const FILE_LIMIT_BYTES = 5 * 1024 * 1024;

/** "5 MB", "30.2 MB", as ucb.reading.megabytes writes them. */
export function megabytes(size) {
  const value = size / 1048576;
  return Number.isInteger(value) ? `${value} MB` : `${value.toFixed(1)} MB`;
}

// As `ucb register DIR`: the folder's own .json files (the command's glob is case-sensitive; a
// file saved on Windows as CASE.JSON is still a case file, so here the ending's case is ignored).
const CASE_FILE = /\.json$/i;

/** Sort by file name, as `ucb register` does (by code point). */
function byName(a, b) {
  return a.source < b.source ? -1 : a.source > b.source ? 1 : 0;
}

/** Items with unique names: a second file of the same name (chosen from another folder) gets a number. */
function uniquelyNamed(items) {
  const seen = new Map();
  for (const item of items) {
    const count = seen.get(item.source) ?? 0;
    seen.set(item.source, count + 1);
    if (count) item.source = `${item.source} (${count + 1})`;
  }
  return items.sort(byName);
}

/**
 * The case files in a folder chosen with the browser's folder picker (a FileSystemDirectoryHandle):
 * `{ items, otherFiles, folders }`, each item `{ source, open() }`, where `open` gives the file as it
 * is on disk now, so reading the folder again sees any file saved since.
 */
export async function listDirectory(handle) {
  const items = [];
  let otherFiles = 0;
  let folders = 0;
  for await (const entry of handle.values()) {
    if (entry.kind !== "file") folders++;
    else if (CASE_FILE.test(entry.name)) items.push({ source: entry.name, open: () => entry.getFile() });
    else otherFiles++;
  }
  return { items: uniquelyNamed(items), otherFiles, folders };
}

/** The case files of a folder chosen with `<input type=file webkitdirectory>` (every file in it, and in the folders inside it). */
export function listFolderInput(fileList) {
  const items = [];
  let otherFiles = 0;
  const folders = new Set();
  for (const file of fileList) {
    const parts = (file.webkitRelativePath || file.name).split("/");
    if (parts.length > 2) folders.add(parts[1]);
    else if (CASE_FILE.test(file.name)) items.push({ source: file.name, open: async () => file });
    else otherFiles++;
  }
  return { items: uniquelyNamed(items), otherFiles, folders: folders.size };
}

/** Files chosen one by one: every one is read, whatever its name. */
export function listFiles(fileList) {
  return { items: uniquelyNamed([...fileList].map((file) => ({ source: file.name, open: async () => file }))), otherFiles: 0, folders: 0 };
}

const UNREADABLE = "The browser could not read the file. It may have been moved, renamed or changed since it was chosen: choose the folder or files again.";

function refusal(source, code, message) {
  return { source, errors: [{ code, message, path: "$" }], error_count: 1 };
}

/** The file's bytes as base64, encoded by the browser off the page's thread. */
function base64Of(file) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = String(reader.result);
      resolve(url.slice(url.indexOf(",") + 1));
    };
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

/** When a file was last changed and its size: the same stamp, the same file (for reading a folder again). */
function stampOf(file) {
  return `${file.lastModified}:${file.size}`;
}

/**
 * One item read for the toolkit: `{ source, stamp, data }`; `{ source, stamp, found }` for a file
 * unchanged since `known` read it; or `{ source, refused }` for a file the page cannot read or that is
 * too large.
 */
async function prepare(item, known) {
  try {
    const file = await item.open();
    const stamp = stampOf(file);
    const before = known.get(item.source);
    if (before?.stamp === stamp) return { source: item.source, stamp, found: before.found };
    if (file.size > FILE_LIMIT_BYTES) {
      return {
        source: item.source,
        stamp,
        found: { refused: refusal(item.source, "file_too_large", `The file is ${megabytes(file.size)}. The register reads files of up to ${megabytes(FILE_LIMIT_BYTES)}: check it is a case file saved by the decision tool.`) },
      };
    }
    return { source: item.source, stamp, data: await base64Of(file) };
  } catch {
    return { source: item.source, stamp: null, found: { refused: refusal(item.source, "file_unreadable", UNREADABLE) } };
  }
}

// Requests to the toolkit at a time: while it reads one file, the next waits in its queue, so it never
// waits for the page between files.
const LANES = 2;
// Files read from the disk ahead of the toolkit: the browser reads a file in its own time (a few
// milliseconds each, mostly waiting), so the next few are always ready. With the lanes' files, at
// most LANES + READ_AHEAD files are in the page's memory at once.
const READ_AHEAD = 4;

/**
 * Read `items` into register entries as at `on` (YYYY-MM-DD), through `toolkit`, in order.
 * Resolves with `{ entries, refused, read, changed, known }`: `read` is how many items were read
 * (fewer than all when `shouldStop()` said so; always the first ones), `changed` how many of them the
 * toolkit read (the others were unchanged since `known`, what an earlier reading as at the same day
 * gave, and are taken from it), and `known` what this reading gives for the next. `onFile(read)` is
 * told after each file. A file the toolkit refuses is listed with why; if the toolkit itself stops,
 * the promise rejects with its error.
 */
export async function readCases(toolkit, items, on, { onFile = () => {}, shouldStop = () => false, known = new Map() } = {}) {
  const found = [];
  const now = new Map();
  const prepared = new Map();
  let taken = 0;
  let read = 0;
  let changed = 0;
  const readAhead = (from) => {
    for (let at = from; at < Math.min(items.length, from + READ_AHEAD); at++) {
      if (!prepared.has(at)) prepared.set(at, prepare(items[at], known));
    }
  };
  const lane = async () => {
    while (taken < items.length && !shouldStop()) {
      const at = taken++;
      readAhead(at);
      const file = await prepared.get(at);
      prepared.delete(at);
      if (file.found) found[at] = file.found;
      else {
        changed++;
        try {
          found[at] = await toolkit.call("register_entry", { source: file.source, data: file.data, on });
        } catch (error) {
          if (!error.code) throw error; // the toolkit stopped: nothing more can be read
          found[at] = { refused: refusal(file.source, error.code, error.message) };
        }
      }
      if (file.stamp) now.set(file.source, { stamp: file.stamp, found: found[at] });
      read++;
      onFile(read);
    }
  };
  await Promise.all(Array.from({ length: LANES }, lane));
  const done = found.slice(0, read);
  return {
    entries: done.filter((f) => f.entry).map((f) => f.entry),
    refused: done.filter((f) => !f.entry).map((f) => f.refused),
    read,
    changed,
    known: now,
  };
}

/** The text of one item's file, to open it in the decision tool; rejects with a message to show. */
export async function caseText(item) {
  let file;
  try {
    file = await item.open();
  } catch {
    throw new Error(UNREADABLE);
  }
  if (file.size > FILE_LIMIT_BYTES) throw new Error(`The file is ${megabytes(file.size)}, larger than the ${megabytes(FILE_LIMIT_BYTES)} the decision tool opens.`);
  try {
    return await file.text();
  } catch {
    throw new Error(UNREADABLE);
  }
}
