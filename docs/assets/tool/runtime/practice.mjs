// A practice run after the first start of each release, so that Chromium keeps the runtime's
// compiled WebAssembly and later visits start sooner.
//
// Chromium keeps a WebAssembly module's compiled code only once a visit has run enough of it often
// enough to optimise it. A manager who opens the tool and reads it never does, and a few checks do
// not either, so every later visit would compile the runtime again (about 50 ms of each start on
// a two-core machine). So once per release, after the first start, the worker works a made-up
// example case (practice-case.json, from examples/) through a manager's round of calls ROUNDS
// times and discards the answers. Each call waits until the worker has answered nothing for a
// moment, so the practice never holds up the manager's own requests. It then notes the release it
// practised for in the origin private file system (the note holds the release's address, nothing
// else), so later starts of the same release do not practise.

const NOTE_NAME = "ucb-toolkit-practised.txt";
// Working through all 19 example cases once made Chromium keep the code; so did eight rounds of
// this case, and six did not (measured on the 2-core build machine, December 2026).
const ROUNDS = 10;
const ROUND = [["validate", {}], ["assess", {}], ["report", {}], ["evidence_pack", {}], ["letter", { kind: "step_one" }]];

async function folder() {
  try {
    return await navigator.storage.getDirectory();
  } catch {
    return null;
  }
}

async function practisedFor(dir) {
  try {
    return await (await (await dir.getFileHandle(NOTE_NAME)).getFile()).text();
  } catch {
    return null;
  }
}

async function note(dir, release) {
  const access = await (await dir.getFileHandle(NOTE_NAME, { create: true })).createSyncAccessHandle();
  try {
    access.truncate(0);
    access.write(new TextEncoder().encode(release), { at: 0 });
    access.flush();
  } finally {
    access.close();
  }
}

/**
 * Practise once for `release` (the runtime's address): resolves with true if it practised now,
 * false if it had already practised for this release or cannot keep a note (then it never does,
 * rather than at every start). `call(op, payloadJson)` is ucb.api's call; `on` an ISO date;
 * `whenQuiet()` resolves once the worker has answered nothing for a while.
 */
export async function practiseOnce({ call, release, caseUrl, on, whenQuiet }) {
  const dir = await folder();
  if (!dir || (await practisedFor(dir)) === release) return false;
  try {
    const response = await fetch(caseUrl);
    if (!response.ok) return false;
    const kase = await response.json();
    for (let round = 0; round < ROUNDS; round++) {
      for (const [op, extra] of ROUND) {
        await whenQuiet();
        call(op, JSON.stringify({ case: kase, on, ...extra }));
      }
    }
    await note(dir, release);
    return true;
  } catch {
    return false; // offline, storage refused or full: the next start tries again
  }
}
