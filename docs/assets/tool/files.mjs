// Files the manager chooses (a saved case, a contact log): read as bytes and handed to the toolkit,
// which reads them by the same rule as the `ucb` command (ucb/reading.py: UTF-8 only, nesting checked
// before parsing), parses them in its worker and says in plain words why a file cannot be used.
// The page itself only refuses a file too large to read, before reading any of it.

import { toBase64 } from "./storage.mjs";

/** Largest file read, in bytes: ucb.reading.MAX_FILE_BYTES (a test holds the two equal). */
export const FILE_LIMIT_BYTES = 5 * 1024 * 1024;

/** The toolkit's own words for a failure it did not expect (ucb.api.INTERNAL_ERROR). */
const INTERNAL_ERROR = "The tool could not finish this, and nothing you entered has changed. Try again; if it happens again, tell the team that looks after the tool what you were doing. Do not send them the case.";

/** "5 MB", "20.3 MB", as ucb.reading.megabytes writes them. */
export function megabytes(size) {
  const value = size / 1048576;
  return Number.isInteger(value) ? `${value} MB` : `${value.toFixed(1)} MB`;
}

/** A message fit to show a manager for an error from the toolkit or the page. */
export function plainMessage(error) {
  if (error?.code === "internal_error") return INTERNAL_ERROR;
  return error?.message || INTERNAL_ERROR;
}

/** The file's bytes as base64, for the toolkit; a file over the limit is refused unread. */
export async function fileData(file) {
  if (file.size > FILE_LIMIT_BYTES) {
    throw new Error(`The file is ${megabytes(file.size)}. The tool reads files of up to ${megabytes(FILE_LIMIT_BYTES)}: check it is the right file, or split a contact log into smaller files.`);
  }
  return toBase64(new Uint8Array(await file.arrayBuffer()));
}

/** Wait for a task of its own, so reading a large reply and drawing the page that shows it are not one long task. */
function nextTask() {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

function refusal(reply) {
  const error = new Error(reply.errors?.[0]?.message || INTERNAL_ERROR);
  error.code = reply.errors?.[0]?.code;
  return error;
}

/** A saved case file -> the case, or an Error saying why it is not a case this tool can open. */
export async function openCaseFile(app, file) {
  const data = await fileData(file);
  await app.whenReady();
  const reply = await app.toolkit.call("read_case", { data, on: app.draft.on });
  await nextTask();
  if (!reply.case) throw refusal(reply);
  return reply.case;
}

/** A contact log -> the toolkit's import: {contacts, errors (the first ones), error_count, left_out}. */
export async function importLogFile(app, file, caseSize) {
  const data = await fileData(file);
  const format = /\.json$/i.test(file.name) || file.type === "application/json" ? "json" : "csv";
  await app.whenReady();
  const reply = await app.toolkit.call("import_contacts", { data, format, case_size: caseSize });
  await nextTask();
  return { ...reply, format };
}
