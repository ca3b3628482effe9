// The register's files: which files a manager's choice holds (a folder, or several files), and reading
// them into register entries. The files go to the toolkit's `register_entries` a batch at a time; its
// worker reads their bytes, off the page's thread, and the toolkit reads them by the same rule as
// `ucb register` (ucb/reading.py), so only a few batches of files are in memory at once.

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

/** Why a file the browser could not read is not in the register: ucb.api.UNREADABLE (a test holds the two equal). */
export const UNREADABLE = "The browser could not read the file. It may have been moved, renamed or changed since it was chosen: choose the folder or files again.";

function refusal(source, code, message) {
  return { source, errors: [{ code, message, path: "$" }], error_count: 1 };
}

/** When a file was last changed and its size: the same stamp, the same file (for reading a folder again). */
function stampOf(file) {
  return `${file.lastModified}:${file.size}`;
}

/**
 * One item made ready for the toolkit: `{ source, stamp, file }`; `{ source, stamp, found }` for a file
 * unchanged since `known` read it; or `{ source, refused }` for a file the page cannot open or that is
 * too large. The file itself is read by the toolkit's worker, off the page's thread.
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
    return { source: item.source, stamp, file };
  } catch {
    return { source: item.source, stamp: null, found: { refused: refusal(item.source, "file_unreadable", UNREADABLE) } };
  }
}

// Files go to a toolkit a batch at a time (one request each, however many files): up to BATCH_FILES files,
// and no more once a batch holds BATCH_BYTES (so a batch holds at most BATCH_BYTES and one file of up to
// FILE_LIMIT_BYTES). Each toolkit has LANES batches in hand, so while it reads one, its worker reads the
// next batch's files from the disk: at most LANES batches per toolkit are in memory at once.
const BATCH_FILES = 20;
const BATCH_BYTES = 1024 * 1024;
const LANES = 2;

/**
 * A batch's files read by `toolkit`: each gets `found`, an entry or why the toolkit refused it; resolves
 * with how many files it sent (those not known already). Rejects if the toolkit itself stops. A refusal
 * for the whole batch (the toolkit could not finish it) marks each file to be read again next time.
 */
async function readBatch(toolkit, batch, on) {
  const sent = batch.filter((b) => b.file);
  if (!sent.length) return sent.length;
  let replies;
  try {
    replies = (await toolkit.call("register_entries", { files: sent.map(({ source, file }) => ({ source, file })), on })).found;
  } catch (error) {
    if (!error.code) throw error; // the toolkit stopped
    replies = sent.map((b) => ({ refused: refusal(b.source, error.code, error.message), again: true }));
  }
  sent.forEach((b, n) => {
    const { again, ...reply } = replies[n];
    b.found = reply;
    // A file the browser could not read this time may be readable next time (it was open in another program, say).
    b.again = Boolean(again) || reply.refused?.errors?.[0]?.code === "file_unreadable";
  });
  return sent.length;
}

/**
 * Read `items` into register entries as at `on` (YYYY-MM-DD), in order, through `toolkits`: the first is
 * the tab's own, and any others (each with a worker of its own, on another core) take batches too if they
 * are ready before the first has taken every file; a batch another toolkit could not finish goes back to
 * the first. Resolves with `{ entries, refused, read, changed, known }`: `read` is how many items were read
 * (fewer than all when `shouldStop()` said so; always the first ones), `changed` how many of them a
 * toolkit read (the others were unchanged since `known`, what an earlier reading as at the same day
 * gave, and are taken from it), and `known` what this reading gives for the next (never a file that could
 * not be read, which is read again). `onFile(read)` is told after each batch. A file a toolkit refuses is
 * listed with why; if the first toolkit stops, the promise rejects with its error and the others stop too.
 */
export async function readCases(toolkits, items, on, { onFile = () => {}, shouldStop = () => false, known = new Map() } = {}) {
  const [first, ...others] = toolkits;
  const found = [];
  const now = new Map();
  const handedBack = [];
  let taken = 0;
  let read = 0;
  let changed = 0;
  let firstStopped = false;
  // The next batch: items from `taken` on, opened, up to BATCH_FILES files or BATCH_BYTES to read.
  const nextBatch = async () => {
    const batch = [];
    let bytes = 0;
    while (taken < items.length && batch.length < BATCH_FILES && bytes < BATCH_BYTES) {
      const at = taken++;
      const file = await prepare(items[at], known);
      batch.push({ at, ...file });
      bytes += file.file?.size ?? 0;
    }
    return batch;
  };
  // A batch read: its files' findings kept, `sent` of them read by a toolkit (the others were known).
  const finish = (batch, sent) => {
    changed += sent;
    for (const b of batch) {
      found[b.at] = b.found;
      if (b.stamp && !b.again) now.set(b.source, { stamp: b.stamp, found: b.found });
    }
    read += batch.length;
    onFile(read);
  };
  const lane = async () => {
    while (!shouldStop()) {
      const batch = handedBack.shift() ?? (await nextBatch());
      if (!batch.length) return;
      finish(batch, await readBatch(first, batch, on));
    }
  };
  const firstLanes = Promise.all(Array.from({ length: LANES }, lane));
  // Settles when the first toolkit's lanes end: every file taken, the reading stopped, or the toolkit stopped.
  const firstDone = firstLanes.then(
    () => {},
    () => {
      firstStopped = true;
    },
  );
  const otherLane = async (toolkit) => {
    // A toolkit still starting when the first has taken every file (or has stopped) is not waited for.
    const ready = await Promise.race([toolkit.ready.then(() => true, () => false), firstDone.then(() => false)]);
    if (!ready) return;
    while (!shouldStop() && !firstStopped && taken < items.length) {
      const batch = await nextBatch();
      if (!batch.length) return;
      let sent;
      try {
        sent = await readBatch(toolkit, batch, on);
      } catch {
        handedBack.push(batch); // it stopped: the first toolkit reads this batch
        return;
      }
      finish(batch, sent);
    }
  };
  await Promise.all([firstLanes, ...others.flatMap((toolkit) => Array.from({ length: LANES }, () => otherLane(toolkit)))]);
  while (handedBack.length) {
    const batch = handedBack.shift();
    finish(batch, await readBatch(first, batch, on));
  }
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
