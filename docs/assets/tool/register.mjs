// The register across cases (register page and its embed view): a manager chooses a folder of case
// files, or several files; each is read in this tab by the decision tool's own toolkit (one worker
// per tab, shared with the tool page) and, on a computer with more than one core, a second toolkit
// of the page's own beside it (register-read.mjs), and the register's views, downloads and
// the yearly report are shown. Nothing is stored: what the register found stays in this module's
// memory, so it survives the site's instant navigation to a case in the tool and back, and goes when
// the tab closes. A row opens its case in the tool through sessionStorage (`ucb-open`), which the
// tool empties as soon as it reads it.

import { h, button, focusOn, formatDate, isolate, plural, today } from "./dom.mjs";
import { dateParts, dateProblem, dateValue } from "./dates.mjs";
import { FILE_LIMIT_BYTES, caseText, listDirectory, listFiles, listFolderInput, megabytes, readCases } from "./register-read.mjs";

/** The views, as the toolkit names them, with their titles and columns (ucb.register_report.TITLES and
 * ucb.exports.VIEW_COLUMNS: a test holds them equal). */
export const VIEWS = [
  {
    id: "in_force",
    title: "Restrictions in force",
    columns: [["reference", "Case reference"], ["title", "Restriction"], ["applies_to", "Covers"], ["starts_on", "Since"], ["review_by", "Review by"], ["ends_at_latest", "Ends at the latest"], ["decided_by", "Decided by"], ["source", "File"]],
  },
  { id: "reviews_due", title: "Reviews due soon, and reviews missed", columns: [["reference", "Case reference"], ["review_by", "Review by"], ["overdue", "Overdue"], ["source", "File"]] },
  { id: "ended_not_told", title: "Restrictions ended, customer not yet told", columns: [["reference", "Case reference"], ["ended_on", "Ended on"], ["tell_by", "Tell the customer by"], ["source", "File"]] },
  { id: "appeals_awaiting", title: "Appeals awaiting a decision", columns: [["reference", "Case reference"], ["decide_by", "Decide by"], ["source", "File"]] },
  {
    id: "warnings_and_protective_action",
    title: "Warnings and protective action awaiting the next step",
    columns: [["reference", "Case reference"], ["stage", "Where it stands"], ["next_by", "Next date"], ["source", "File"]],
  },
  { id: "referrals_awaiting", title: "Step-two referrals awaiting a decision", columns: [["reference", "Case reference"], ["stage", "Where it stands"], ["decide_by", "Decide by"], ["source", "File"]] },
];

/** The sessionStorage key the decision tool opens a case from, and the address it is opened at. */
export const OPEN_KEY = "ucb-open";
const OPEN_QUERY = "?open=register";
// As ucb.api's register operations: reviews due within 30 days unless asked, and at most a year and a day ahead.
const DEFAULT_WITHIN_DAYS = 30;
const MAX_WITHIN_DAYS = 366;
// Rows drawn at once in each view; the rest on request, a batch per task, so the page never freezes.
const ROWS_AT_ONCE = 200;
const ROWS_PER_TASK = 50;
// Progress is redrawn at most this often; screen readers hear the start and the end only.
const PROGRESS_EVERY_MS = 150;
const FILE_LEVEL_CODES = new Set(["file_too_large", "file_unreadable"]);

// The build's sample cases (sitebuild/release.py), read this many times by each toolkit once it is ready and
// thrown away: the first reading of a manager's files then runs compiled, warm code, and takes about a
// quarter less time.
const WARM_UP_URL = new URL("./register-warm-up.json", import.meta.url);
const WARM_UP_ROUNDS = 15;
let warmUpCases = null;

const mounted = new WeakSet();
let active = null;
// What the register found, kept while the tab is open (never stored): the files chosen, the entries
// read from them as at `on`, the views, and the yearly report last made.
let session = null;

// The next task, through a message channel: a chain of zero-delay timers is held back 4 ms a step once it
// runs five deep, and drawing a register yields a dozen times or more.
const taskChannel = new MessageChannel();
const waitingForTask = [];
taskChannel.port1.onmessage = () => waitingForTask.shift()?.();

function nextTask() {
  return new Promise((resolve) => {
    waitingForTask.push(resolve);
    taskChannel.port2.postMessage(null);
  });
}

/** Read the warm-up cases in `toolkit` a few times, keeping nothing; a failure only means no warm-up. */
async function warmUp(toolkit) {
  try {
    warmUpCases ??= fetch(WARM_UP_URL).then((response) => (response.ok ? response.json() : null));
    const sample = await warmUpCases;
    for (let round = 0; sample && round < WARM_UP_ROUNDS; round++) await toolkit.call("register_entries", { ...sample, on: today() });
  } catch {
    // Only the first reading is slower.
  }
}

function isDate(text) {
  return typeof text === "string" && /^\d{4}-\d{2}-\d{2}$/.test(text) && !Number.isNaN(Date.parse(text));
}

/** The last full year the committee reports on, from the policy's first day of the year ("04-01"). */
export function lastFullYear(on, yearStarts) {
  const [month, day] = yearStarts.split("-").map(Number);
  const now = new Date(`${on}T00:00:00Z`);
  const startThisYear = new Date(Date.UTC(now.getUTCFullYear(), month - 1, day));
  const from = new Date(Date.UTC(now.getUTCFullYear() - (now >= startThisYear ? 1 : 2), month - 1, day));
  const to = new Date(Date.UTC(from.getUTCFullYear() + 1, month - 1, day - 1));
  const iso = (date) => date.toISOString().slice(0, 10);
  return { from: iso(from), to: iso(to) };
}

/** Rows of CSV text (RFC 4180: quoted fields may hold commas, quotes and line breaks). */
export function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else field += c;
  }
  if (field || row.length) rows.push([...row, field]);
  return rows;
}

/** A file name part from a view id: in_force -> in-force. */
function slug(id) {
  return id.replaceAll("_", "-");
}

/** The text of a cell as the register shows it: dates for people, yes or no. */
function cellText(key, value) {
  if (value === true || value === false) return value ? "yes" : "no";
  if (key !== "reference" && key !== "source" && isDate(value)) return formatDate(value);
  return value === null || value === undefined ? "" : String(value);
}

class RegisterPage {
  constructor(root) {
    this.root = root;
    this.app = root.querySelector("#ucb-register-app");
    const toolLink = document.getElementById("ucb-register-tool-link");
    this.toolUrl = new URL(toolLink ? toolLink.href : "../tool/", location.href);
    this.toolUrl.search = OPEN_QUERY;
    this.objectUrls = [];
    this.toolkit = null;
  }

  // --- the toolkit -------------------------------------------------------------------------------------------

  startToolkit() {
    const message = this.root.querySelector("#ucb-register-load-message");
    const bar = this.root.querySelector("#ucb-register-load-progress");
    const phaseText = { runtime: "Loading the Python runtime", packages: "Loading the toolkit's packages", toolkit: "Starting the toolkit", ready: "The register is ready." };
    this.ready = (async () => {
      const { getToolkit, otherToolkit } = await import("./runtime/client.mjs");
      this.toolkit = getToolkit();
      this.otherToolkit = otherToolkit;
      this.unsubscribe = this.toolkit.onProgress((p) => {
        if (!this.root.isConnected) return;
        if (typeof p.fraction === "number" && bar) bar.value = Math.max(0, Math.min(1, p.fraction));
        if (message && p.phase !== "ready") message.textContent = p.phase === "error" ? p.message : (phaseText[p.phase] || p.message || "");
      });
      await this.toolkit.ready;
      return this.toolkit;
    })();
    this.ready.then(() => {
      if (!this.root.isConnected) return;
      const warmed = [warmUp(this.toolkit)];
      this.startHelper();
      if (this.helper) warmed.push(this.helper.ready.then(() => warmUp(this.helper), () => {}));
      // Every toolkit started and warmed (or failed): the register reads at full speed from here.
      Promise.all(warmed).then(() => {
        this.root.dataset.readers = String(this.readers().length);
      });
      this.root.dataset.state = "ready";
      if (message) message.textContent = phaseText.ready;
      if (bar) bar.value = 1;
      this.root.querySelector(".ucb-load")?.classList.add("ucb-load--done");
    }, (error) => {
      if (!this.root.isConnected) return;
      this.root.dataset.state = "error";
      const box = this.root.querySelector(".ucb-load");
      box?.classList.add("ucb-load--error");
      box?.replaceChildren(
        h("h2", { class: "ucb-heading-m" }, "The register could not start"),
        h("p", {}, (error && error.message) || "Loading failed."),
        h("p", {}, "The same register is made on the command line: ", h("code", {}, "ucb register FOLDER"), "."));
    });
  }

  /** On a computer with more than one core, a second toolkit (a worker of its own) that reads files beside the
   * tab's own, started once the first is ready so the page is never slower to open; ended when the page goes. */
  startHelper() {
    if (this.helper || !((navigator.hardwareConcurrency ?? 1) > 1)) return;
    this.helper = this.otherToolkit();
  }

  /** The toolkits that read files: the tab's own, and the helper while it has not failed. */
  readers() {
    return [this.toolkit, this.helper].filter((toolkit) => toolkit && toolkit.progress.phase !== "error");
  }

  // --- page structure ----------------------------------------------------------------------------------------

  render() {
    this.status = h("p", { class: "ucb-visually-hidden", role: "status" });
    this.notice = h("div", { "aria-live": "polite" });
    this.chooser = h("section", { class: "ucb-choose", "aria-labelledby": "ucb-register-choose-heading" });
    this.progressBox = h("div");
    this.results = h("div");
    this.year = h("div");
    this.app.replaceChildren(this.status, this.notice, this.chooser, this.progressBox, this.results, this.year);
    this.renderChooser();
    if (session?.reading) this.showProgress();
    else if (session?.views) {
      this.root.dataset.phase = "shown";
      this.renderResults();
      this.renderYear();
    }
  }

  say(text) {
    this.status.textContent = text;
  }

  /** A message in a red box at the top of the register, focused. */
  showError(title, message) {
    const box = h("div", { class: "ucb-error-summary", role: "alert", tabindex: "-1" },
      h("h2", { class: "ucb-error-summary__title" }, title), h("p", {}, message));
    this.notice.replaceChildren(box);
    focusOn(box);
  }

  // --- choosing the files ------------------------------------------------------------------------------------

  renderChooser() {
    const busy = Boolean(session?.reading);
    // A framed page may not open the folder picker (browsers refuse it in a frame from another site).
    const picker = typeof window.showDirectoryPicker === "function" && window.self === window.top;
    const folderHint = "The register reads every .json file in the folder, not those in folders inside it, on this computer.";
    let folder;
    if (picker) {
      folder = h("div", { class: "ucb-field" },
        h("p", { class: "ucb-hint", id: "ucb-register-folder-hint" }, folderHint),
        button("Choose a folder", () => this.pickFolder(), "ucb-button", { id: "ucb-register-folder", "aria-describedby": "ucb-register-folder-hint", disabled: busy }));
    } else {
      const input = h("input", { type: "file", id: "ucb-register-folder", class: "ucb-file", webkitdirectory: true, "aria-describedby": "ucb-register-folder-hint", disabled: busy });
      input.addEventListener("change", () => {
        if (input.files?.length) this.read({ ...listFolderInput(input.files), kind: "folder", name: input.files[0].webkitRelativePath.split("/")[0] });
        input.value = "";
      });
      folder = h("div", { class: "ucb-field" },
        h("label", { class: "ucb-label", for: "ucb-register-folder" }, "Choose a folder"),
        h("p", { class: "ucb-hint", id: "ucb-register-folder-hint" }, `${folderHint} Your browser may ask you to confirm that the page can read the files.`),
        input);
    }
    const files = h("input", { type: "file", id: "ucb-register-files", class: "ucb-file", multiple: true, accept: ".json,application/json", "aria-describedby": "ucb-register-files-hint", disabled: busy });
    files.addEventListener("change", () => {
      if (files.files?.length) this.read({ ...listFiles(files.files), kind: "files" });
      files.value = "";
    });
    this.chooser.replaceChildren(
      h("h2", { class: "ucb-heading-m", id: "ucb-register-choose-heading" }, "Choose the case files"),
      folder,
      h("div", { class: "ucb-field" },
        h("label", { class: "ucb-label", for: "ucb-register-files" }, "Or choose case files"),
        h("p", { class: "ucb-hint", id: "ucb-register-files-hint" }, `Hold Ctrl (or Shift) to choose several. Each file can be up to ${megabytes(FILE_LIMIT_BYTES)}.`),
        files));
  }

  async pickFolder() {
    let handle;
    try {
      handle = await window.showDirectoryPicker({ id: "ucb-register", mode: "read" });
    } catch (error) {
      if (error?.name === "AbortError") return; // the manager closed the picker
      this.showError("The folder could not be opened", "The browser did not let the register read that folder. Choose the case files below instead.");
      return;
    }
    await this.readFolder(handle);
  }

  async readFolder(handle, known) {
    let listed;
    try {
      listed = await listDirectory(handle);
    } catch {
      this.showError("The folder could not be read", "The browser could not list the files in that folder. It may have been moved or renamed: choose it again.");
      return;
    }
    await this.read({ ...listed, kind: "directory", handle, name: handle.name }, known);
  }

  /** Read again the folder picked with the folder picker: listed again, so files saved since are seen; a file
   * unchanged since the last reading (the same time of last change and size) is not read again. */
  async readAgain() {
    const { choice, known, on } = session;
    await this.readFolder(choice.handle, on === today() ? known : undefined);
  }

  // --- reading -----------------------------------------------------------------------------------------------

  async read(choice, known) {
    if (session?.reading) return;
    this.notice.replaceChildren();
    session = {
      choice,
      on: today(),
      within: session?.within ?? DEFAULT_WITHIN_DAYS,
      policy: session?.policy ?? null,
      reading: { read: 0, total: choice.items.length, stop: false },
      entries: [],
      refused: [],
      views: null,
      year: null,
    };
    const run = session;
    performance.clearMarks("ucb-register:chosen");
    performance.mark("ucb-register:chosen");
    this.renderChooser();
    this.results.replaceChildren();
    this.year.replaceChildren();
    this.showProgress();
    this.say(`Reading ${plural(choice.items.length, "file")}.`);
    let toolkit;
    try {
      toolkit = await this.ready;
      const found = await readCases(this.readers(), choice.items, run.on, {
        onFile: (read) => {
          run.reading.read = read;
          active?.updateProgress();
        },
        shouldStop: () => run.reading.stop,
        known,
      });
      Object.assign(run, found, { again: Boolean(known), stopped: found.read < choice.items.length, readAt: new Date().toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit" }) });
      performance.mark("ucb-register:read");
      run.views = await computeViews(toolkit, run);
      performance.mark("ucb-register:views");
    } catch (error) {
      run.reading = null;
      if (session !== run) return;
      session = null;
      active?.failed(error);
      return;
    }
    run.reading = null;
    if (session !== run) return;
    active?.shown(run);
  }

  failed(error) {
    if (!this.root.isConnected) return;
    this.progressBox.replaceChildren();
    this.renderChooser();
    this.showError("The register could not be made", error?.message || "The toolkit stopped.");
  }

  async shown(run) {
    await nextTask(); // reading the toolkit's reply and drawing the register are two tasks, not one long one
    if (!this.root.isConnected) return;
    this.progressBox.replaceChildren();
    this.renderChooser();
    await this.renderResults();
    this.renderYear();
    performance.clearMarks("ucb-register:shown");
    performance.mark("ucb-register:shown");
    this.root.dataset.phase = "shown";
    const refused = run.refused.length ? `, ${plural(run.refused.length, "file")} could not be read` : "";
    this.say(`Read ${plural(run.read, "file")}: ${plural(run.entries.length, "case")} in the register${refused}.`);
    this.root.dataset.changed = String(run.changed);
    focusOn(this.results.querySelector("#ucb-register-results-heading"));
  }

  /** A progress panel: a heading, "Read 120 of 1,000 files", a progress bar and a button to stop. */
  progressPanel(heading, id, onStop) {
    const label = h("p", { id: `${id}-label` });
    const bar = h("progress", { id: `${id}-bar`, max: "1", value: "0", "aria-labelledby": `${id}-label` });
    const panel = h("div", { class: "ucb-progress", id },
      h("h2", { class: "ucb-heading-m", tabindex: "-1" }, heading), label, bar,
      onStop ? button("Stop reading", onStop, "ucb-button ucb-button--secondary", { id: `${id}-stop` }) : null);
    let last = 0;
    const update = (read, total, force = false) => {
      const now = performance.now();
      if (!force && now - last < PROGRESS_EVERY_MS && read < total) return;
      last = now;
      bar.max = Math.max(total, 1);
      bar.value = read;
      label.textContent = this.root.dataset.state === "ready"
        ? `Read ${read.toLocaleString("en-GB")} of ${plural(total, "file")}.`
        : `Waiting for the register to finish loading. ${plural(total, "file")} to read.`;
    };
    return { panel, update };
  }

  showProgress() {
    const reading = session.reading;
    const { panel, update } = this.progressPanel("Reading the case files", "ucb-register-progress", () => {
      reading.stop = true;
    });
    this.progress = update;
    this.progressBox.replaceChildren(panel);
    this.root.dataset.phase = "reading";
    update(reading.read, reading.total, true);
  }

  updateProgress() {
    if (!this.root.isConnected || !session?.reading || !this.progress) return;
    this.progress(session.reading.read, session.reading.total);
  }

  // --- the register ------------------------------------------------------------------------------------------

  async renderResults() {
    const run = session;
    const views = run.views;
    const choice = run.choice;
    const heading = h("h2", { class: "ucb-heading-m", id: "ucb-register-results-heading", tabindex: "-1" }, `Register as at ${formatDate(views.as_at)}`);
    const from = choice.kind === "files" ? `the ${plural(choice.items.length, "file")} you chose` : `the folder ${choice.name ? `“${choice.name}”` : "you chose"}`;
    const again = run.again ? ` ${plural(run.changed, "file")} new or changed since the reading before ${run.changed === 1 ? "was" : "were"} read; the others had not changed.` : "";
    const intro = h("p", {}, `From ${plural(views.cases, "case file")} in ${from}, read at ${run.readAt}.${again}`);
    const warnings = [];
    if (run.stopped) warnings.push(h("li", {}, `You stopped reading after ${run.read.toLocaleString("en-GB")} of ${plural(choice.items.length, "file")}, so the register shows those files only.`));
    if (views.refused.length) warnings.push(h("li", {}, h("a", { href: "#ucb-register-refused" }, `${plural(views.refused.length, "file")} could not be read`), ": they are listed below with why."));
    if (views.duplicates.length) warnings.push(h("li", {}, h("a", { href: "#ucb-register-duplicates" }, `${plural(views.duplicates.length, "reference")} ${views.duplicates.length === 1 ? "is" : "are"} used by more than one file`), "."));
    const skipped = [
      choice.otherFiles ? plural(choice.otherFiles, "other file") : null,
      choice.folders ? plural(choice.folders, "folder") : null,
    ].filter(Boolean);
    const readAgain = choice.kind === "directory"
      ? button("Read the folder again", () => this.readAgain(), "ucb-button ucb-button--secondary", { id: "ucb-register-again" })
      : h("p", { class: "ucb-hint" }, "To see files saved since, choose the folder or files again.");
    const contents = h("ul", { class: "ucb-contents" }, VIEWS.map((view) => h("li", {}, h("a", { href: `#ucb-view-${view.id}` }, `${view.title} (${views[view.id].length})`))));
    const body = [
      heading,
      intro,
      warnings.length ? h("div", { class: "ucb-warning", role: "region", "aria-label": "Check these first" }, h("ul", {}, warnings)) : null,
      skipped.length ? h("p", { class: "ucb-inset" }, `The folder also holds ${skipped.join(" and ")}, which the register does not read: it reads the .json files in the folder itself.`) : null,
      readAgain,
      h("h3", { class: "ucb-heading-s" }, "In this register"),
      contents,
      this.withinField(),
    ];
    const sections = h("div");
    const drawing = (this.drawing = {});
    this.results.replaceChildren(...body.filter(Boolean), sections, this.downloads());
    for (const view of VIEWS) {
      const { section, tbody } = this.viewSection(view, views[view.id]);
      sections.append(section);
      await this.drawRows(tbody, view, views[view.id].slice(0, ROWS_AT_ONCE), drawing);
      if (drawing !== this.drawing) return; // drawn again meanwhile (the days changed, say)
    }
    if (views.duplicates.length) sections.append(this.duplicatesSection(views.duplicates));
    if (views.refused.length) sections.append(this.refusedSection(views.refused));
  }

  withinField() {
    const input = h("input", { type: "text", inputmode: "numeric", id: "ucb-register-within", class: "ucb-input ucb-input--days", value: String(session.within), "aria-describedby": "ucb-register-within-hint", spellcheck: "false", autocomplete: "off" });
    const error = h("p", { class: "ucb-error-message", id: "ucb-register-within-error", hidden: true });
    const field = h("div", { class: "ucb-field ucb-within" },
      h("label", { class: "ucb-label", for: "ucb-register-within" }, "Show reviews due within"),
      h("p", { class: "ucb-hint", id: "ucb-register-within-hint" }, `A number of days from 0 to ${MAX_WITHIN_DAYS}. Reviews already missed are always shown.`),
      error,
      h("div", { class: "ucb-inline" }, input, h("span", { class: "ucb-days-unit", "aria-hidden": "true" }, "days"),
        button("Update the register", () => this.changeWithin(input, field, error), "ucb-button ucb-button--secondary", { id: "ucb-register-within-update" })));
    input.addEventListener("keydown", (event) => {
      if (event.key === "Enter") this.changeWithin(input, field, error);
    });
    return field;
  }

  async changeWithin(input, field, error) {
    const text = input.value.trim();
    const days = /^\d{1,3}$/.test(text) ? Number(text) : NaN;
    if (!(days >= 0 && days <= MAX_WITHIN_DAYS)) {
      field.classList.add("ucb-field--error");
      error.hidden = false;
      error.textContent = `Enter a whole number of days from 0 to ${MAX_WITHIN_DAYS}, for example 30`;
      input.setAttribute("aria-describedby", "ucb-register-within-error ucb-register-within-hint");
      input.setAttribute("aria-invalid", "true");
      input.focus();
      return;
    }
    const run = session;
    run.within = days;
    try {
      run.views = await computeViews(this.toolkit, run);
    } catch (failure) {
      this.showError("The register could not be updated", failure.message);
      return;
    }
    if (session !== run || !this.root.isConnected) return;
    await this.renderResults();
    this.say(`The register now lists reviews due within ${plural(days, "day")}: ${plural(run.views.reviews_due.length, "review")}.`);
    this.results.querySelector("#ucb-register-within")?.focus();
  }

  viewSection(view, rows) {
    const id = `ucb-view-${view.id}`;
    const section = h("section", { class: "ucb-view", "aria-labelledby": id, "data-view": view.id },
      h("h3", { class: "ucb-heading-s", id }, `${view.title} (${rows.length})`));
    let tbody = null;
    if (!rows.length) section.append(h("p", {}, "None."));
    else {
      tbody = h("tbody");
      const table = h("table", { class: "ucb-table" },
        h("caption", { class: "ucb-visually-hidden" }, `${view.title}, most urgent first`),
        h("thead", {}, h("tr", {}, view.columns.map(([, title]) => h("th", { scope: "col" }, title)))), tbody);
      section.append(h("div", { class: "ucb-table-wrap", role: "region", "aria-label": view.title, tabindex: "0" }, table));
      if (rows.length > ROWS_AT_ONCE) {
        const more = button(`Show all ${rows.length.toLocaleString("en-GB")} rows`, async () => {
          more.disabled = true;
          await this.drawRows(tbody, view, rows.slice(ROWS_AT_ONCE), this.drawing);
          more.remove();
          this.say(`All ${plural(rows.length, "row")} of ${view.title.toLowerCase()} are shown.`);
        }, "ucb-button ucb-button--secondary");
        section.append(h("p", {}, `The ${ROWS_AT_ONCE} most urgent are shown.`), more);
      }
    }
    section.append(button(`Download this list (CSV)`, () => this.downloadCsv(view), "ucb-button ucb-button--secondary", { id: `ucb-register-csv-${view.id}`, "aria-label": `Download ${view.title.toLowerCase()} (CSV)` }));
    return { section, tbody };
  }

  /** Add the rows to the table a batch per task, so the page answers the keyboard and mouse meanwhile. */
  async drawRows(tbody, view, rows, drawing) {
    for (let at = 0; tbody && at < rows.length && drawing === this.drawing; at += ROWS_PER_TASK) {
      tbody.append(...rows.slice(at, at + ROWS_PER_TASK).map((row) => this.row(view, row)));
      await nextTask();
    }
  }

  row(view, row) {
    return h("tr", {}, view.columns.map(([key, title]) => {
      const value = row[key];
      let content;
      if (key === "reference") content = this.openLink(row.source, value);
      else if (key === "overdue" && value === true) content = h("strong", { class: "ucb-overdue" }, "yes");
      else if (key === "source" || key === "stage" || key === "decided_by") content = isolate(cellText(key, value));
      else content = cellText(key, value);
      const kind = key === "source" ? "ucb-file-name" : key === "reference" ? "ucb-nowrap" : null;
      return h("td", { "data-label": title, class: kind }, content);
    }));
  }

  /** A link that opens the file `source` in the decision tool. */
  openLink(source, label) {
    const link = h("a", { href: this.toolUrl.href, class: "ucb-open-case", "data-source": source },
      isolate(label), h("span", { class: "ucb-visually-hidden" }, " (open the case in the decision tool)"));
    link.addEventListener("click", (event) => {
      event.preventDefault();
      event.stopPropagation(); // the case is put where the tool finds it first, then the tool opens
      this.openCase(source);
    });
    return link;
  }

  async openCase(source) {
    const item = session?.choice.items.find((it) => it.source === source);
    if (!item) return;
    let text;
    try {
      text = await caseText(item);
    } catch (error) {
      this.showError(`${source} could not be opened`, error.message);
      return;
    }
    try {
      sessionStorage.setItem(OPEN_KEY, text);
    } catch {
      this.showError(`${source} could not be opened`, "The browser would not hold the case for the tool to open (its storage for this site is full or switched off). Open the decision tool and upload the file there.");
      return;
    }
    // Through a link, so the site's instant navigation keeps this page's register in memory for Back.
    const link = h("a", { href: this.toolUrl.href, hidden: true });
    document.body.append(link);
    link.click();
    link.remove();
  }

  duplicatesSection(duplicates) {
    return h("section", { class: "ucb-view", "aria-labelledby": "ucb-register-duplicates" },
      h("h3", { class: "ucb-heading-s", id: "ucb-register-duplicates" }, `References used by more than one file (${duplicates.length})`),
      h("p", {}, "Each of these references is in more than one file. Keep one file per case: open each file, then delete the copy that is out of date."),
      h("ul", {}, duplicates.map((d) => h("li", {}, isolate(d.reference), ": ",
        d.sources.map((source, n) => [n ? ", " : "", this.openLink(source, source)])))));
  }

  refusedSection(refused) {
    const counts = new Map(session.refused.map((r) => [r.source, r.error_count ?? r.errors.length]));
    const codes = new Map(session.refused.map((r) => [r.source, r.errors[0]?.code]));
    return h("section", { class: "ucb-view", "aria-labelledby": "ucb-register-refused" },
      h("h3", { class: "ucb-heading-s", id: "ucb-register-refused" }, `Files that could not be read (${refused.length})`),
      h("p", {}, "These files are not in the register. A case file with mistakes can be opened in the decision tool, which shows what to correct."),
      h("ul", {}, refused.map((r) => {
        const total = counts.get(r.source) ?? r.error_count;
        const more = total > r.errors.length ? ` (and ${plural(total - r.errors.length, "more problem")})` : "";
        return h("li", { "data-source": r.source },
          FILE_LEVEL_CODES.has(codes.get(r.source)) ? h("strong", {}, isolate(r.source)) : this.openLink(r.source, r.source),
          ": ", r.errors.join(" "), more);
      })));
  }

  // --- downloads ---------------------------------------------------------------------------------------------

  download(text, filename, type) {
    const url = URL.createObjectURL(new Blob([text], { type }));
    this.objectUrls.push(url);
    const link = h("a", { href: url, download: filename, hidden: true });
    document.body.append(link);
    link.click();
    link.remove();
  }

  async fromToolkit(what, op, payload) {
    try {
      return await this.toolkit.call(op, payload);
    } catch (error) {
      this.showError(`The ${what} could not be made`, error.message);
      return null;
    }
  }

  async downloadCsv(view) {
    const { entries, on, within } = session;
    const reply = await this.fromToolkit("list", "register_csv", { entries, on, view: view.id, within_days: within });
    if (reply) this.download(reply.text, `register-${slug(view.id)}-${on}.csv`, "text/csv;charset=utf-8");
  }

  downloads() {
    const { on } = session;
    return h("section", { "aria-labelledby": "ucb-register-downloads" },
      h("h2", { class: "ucb-heading-m", id: "ucb-register-downloads" }, "Download the register"),
      h("p", {}, "The calendar holds every review, end date, appeal and reply deadline still to come, each with a reminder before it is due, for Outlook or any calendar. It names the case reference and what is due, never the customer."),
      button("Download the calendar (.ics)", async () => {
        const reply = await this.fromToolkit("calendar", "register_calendar", { entries: session.entries, on });
        if (reply) this.download(reply.text, `register-${on}.ics`, "text/calendar;charset=utf-8");
      }, "ucb-button", { id: "ucb-register-ics" }),
      button("Download the register (HTML)", async () => {
        const reply = await this.fromToolkit("register", "register_views", { entries: session.entries, refused: session.refused, on, within_days: session.within, format: "html" });
        if (reply) this.download(reply.text, `register-${on}.html`, "text/html;charset=utf-8");
      }, "ucb-button ucb-button--secondary", { id: "ucb-register-html" }));
  }

  // --- the yearly report -------------------------------------------------------------------------------------

  async renderYear() {
    const run = session;
    run.policy ??= await this.fromToolkit("report", "policy", {});
    if (!run.policy || session !== run || !this.root.isConnected) return;
    const { reporting } = run.policy;
    const period = run.year ?? lastFullYear(run.on, reporting.year_starts);
    // GOV.UK date inputs: day, month and year boxes, whatever the browser's own date format.
    const field = (id, label, value, example) => {
      const parts = dateParts(value);
      const box = (part, text, width, boxId) => h("div", { class: "ucb-date-input__item" },
        h("label", { for: boxId, class: "ucb-label ucb-date-input__label" }, text),
        h("input", { id: boxId, name: boxId, type: "text", inputmode: "numeric", autocomplete: "off", spellcheck: "false",
          class: `ucb-input ucb-date-input__input ucb-input--width-${width}`, value: parts[part], "data-part": part }));
      return h("div", { class: "ucb-field", "data-label": label },
        h("fieldset", { class: "ucb-fieldset", "aria-describedby": `${id}-hint` },
          h("legend", { class: "ucb-fieldset__legend" }, label),
          h("div", { class: "ucb-hint", id: `${id}-hint` }, `For example, ${example}.`),
          h("p", { class: "ucb-error-message", id: `${id}-error`, hidden: true }),
          h("div", { class: "ucb-date-input" },
            box("day", "Day", 2, id), box("month", "Month", 2, `${id}-month`), box("year", "Year", 4, `${id}-year`))));
    };
    const fromField = field("ucb-year-from", "First day of the period", period.from, "1 4 2025");
    const toField = field("ucb-year-to", "Last day of the period", period.to, "31 3 2026");
    this.yearOutput = h("div");
    this.yearProgress = h("div");
    this.year.replaceChildren(h("section", { class: "ucb-year", "aria-labelledby": "ucb-year-heading" },
      h("h2", { class: "ucb-heading-m", id: "ucb-year-heading" }, `Yearly report to the ${reporting.committee}`),
      h("p", {}, `How the policy was used in a period, from the same files. The report names no one and gives no case reference, and it shows counts below ${reporting.smallest_count_shown} only as “fewer than ${reporting.smallest_count_shown}”. The files are read again as they stood on the last day of the period.`),
      h("p", { class: "ucb-hint" }, "It starts at the last full council year."),
      h("div", { class: "ucb-inline" }, fromField, toField),
      button("Make the report", () => this.makeYear(fromField, toField), "ucb-button", { id: "ucb-year-make" }),
      this.yearProgress, this.yearOutput));
    if (run.year) this.showYear(run.year);
  }

  async makeYear(fromField, toField) {
    const inputs = (field) => [...field.querySelectorAll("input")];
    const check = (field, message) => {
      const error = field.querySelector(".ucb-error-message");
      field.classList.toggle("ucb-field--error", Boolean(message));
      error.hidden = !message;
      error.textContent = message || "";
      for (const input of inputs(field)) {
        if (message) input.setAttribute("aria-invalid", "true");
        else input.removeAttribute("aria-invalid");
      }
      field.querySelector("fieldset").setAttribute("aria-describedby", message ? `${error.id} ${error.id.replace(/-error$/, "-hint")}` : error.id.replace(/-error$/, "-hint"));
      return !message;
    };
    const read = (field) => dateValue(Object.fromEntries(inputs(field).map((input) => [input.dataset.part, input.value.trim()])));
    const problem = (field, value) => (value === undefined ? `Enter the ${field.dataset.label.toLowerCase()}` : dateProblem(value, field.dataset.label));
    const from = read(fromField);
    const to = read(toField);
    const fromOk = check(fromField, problem(fromField, from));
    const toOk = check(toField, problem(toField, to) ?? (fromOk && to < from ? "The last day must be the same as or after the first day" : null));
    if (!fromOk || !toOk) {
      inputs(fromOk ? toField : fromField)[0].focus();
      return;
    }
    const run = session;
    const choice = run.choice;
    const { panel, update } = this.progressPanel("Reading the case files for the report", "ucb-year-progress", null);
    this.yearOutput.replaceChildren();
    this.yearProgress.replaceChildren(panel);
    update(0, choice.items.length, true);
    this.say(`Reading ${plural(choice.items.length, "file")} as they stood on ${formatDate(to)}.`);
    let found;
    try {
      found = await readCases(this.readers(), choice.items, to, { onFile: (read) => update(read, choice.items.length) });
    } catch (error) {
      this.yearProgress.replaceChildren();
      this.showError("The report could not be made", error.message);
      return;
    }
    const figures = await this.fromToolkit("report", "yearly_report", { entries: found.entries, from, to, format: "csv" });
    this.yearProgress.replaceChildren();
    if (!figures || session !== run || !this.root.isConnected) return;
    run.year = { from, to, entries: found.entries, refused: found.refused, csv: figures.text };
    this.showYear(run.year);
    focusOn(this.yearOutput.querySelector("#ucb-year-report-heading"));
    this.say(`The report for ${formatDate(from)} to ${formatDate(to)} is ready.`);
  }

  /** The report's figures, a table per section, from the toolkit's CSV of them (the downloads hold the charts). */
  showYear(year) {
    const stem = `yearly-report-${year.from}-to-${year.to}`;
    const get = (format, type, ext) => async () => {
      const reply = await this.fromToolkit("report", "yearly_report", { entries: year.entries, from: year.from, to: year.to, format });
      if (reply) this.download(reply.text, `${stem}.${ext}`, type);
    };
    const sections = new Map();
    for (const [section, measure, number] of parseCsv(year.csv).slice(1)) {
      if (!sections.has(section)) sections.set(section, []);
      sections.get(section).push([measure, number]);
    }
    this.yearOutput.replaceChildren(h("div", {},
      h("h3", { class: "ucb-heading-s", id: "ucb-year-report-heading", tabindex: "-1" }, `The figures for ${formatDate(year.from)} to ${formatDate(year.to)}`),
      year.refused.length
        ? h("div", { class: "ucb-warning" }, h("p", {}, `${plural(year.refused.length, "file")} could not be read and ${year.refused.length === 1 ? "is" : "are"} not counted: `,
          year.refused.map((r, n) => [n ? ", " : "", isolate(r.source)]), "."))
        : null,
      h("p", {}, "The report itself, with its introduction and charts, is in the downloads below. A section with nothing in the period is left out here."),
      [...sections].map(([section, rows]) => h("table", { class: "ucb-table ucb-year-table" },
        h("caption", {}, section),
        h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Measure"), h("th", { scope: "col", class: "ucb-num" }, "Number"))),
        h("tbody", {}, rows.map(([measure, number]) => h("tr", {}, h("td", { "data-label": "Measure" }, measure), h("td", { "data-label": "Number", class: "ucb-num" }, number)))))),
      h("div", { class: "ucb-button-group" },
        button("Download the report (HTML)", get("html", "text/html;charset=utf-8", "html"), "ucb-button", { id: "ucb-year-html" }),
        button("Download the report (Markdown)", get("md", "text/markdown;charset=utf-8", "md"), "ucb-button ucb-button--secondary", { id: "ucb-year-md" }),
        button("Download the figures (CSV)", get("csv", "text/csv;charset=utf-8", "csv"), "ucb-button ucb-button--secondary", { id: "ucb-year-csv" }))));
  }

  teardown() {
    for (const url of this.objectUrls.splice(0)) URL.revokeObjectURL(url);
    this.unsubscribe?.();
    this.helper?.close();
  }
}

/** The register's views for the session's entries, as at its date, reviews due within its days. */
async function computeViews(toolkit, run) {
  const reply = await toolkit.call("register_views", { entries: run.entries, refused: run.refused, on: run.on, within_days: run.within });
  return reply.views;
}

function mount(root) {
  if (mounted.has(root)) return;
  mounted.add(root);
  // A case handed to the tool that the tool never took (the manager came back first) goes now.
  try {
    sessionStorage.removeItem(OPEN_KEY);
  } catch {
    // Storage switched off: then nothing was handed over either.
  }
  active?.teardown();
  const page = new RegisterPage(root);
  active = page;
  page.startToolkit();
  page.render();
}

function scan() {
  const root = document.getElementById("ucb-register");
  if (root) mount(root);
  else if (active) {
    active.teardown();
    active = null;
  }
}

// Mount at once, then again after each of Material's instant navigations. A module in the page runs
// before Material's deferred script has made `document$` (the document is parsed by then, so
// readyState alone cannot tell), and Material's script has run by DOMContentLoaded.
scan();
const followNavigation = () => window.document$?.subscribe?.(scan);
if (window.document$) followNavigation();
else document.addEventListener("DOMContentLoaded", followNavigation, { once: true });
