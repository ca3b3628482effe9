// The decision tool: mounts on the tool page (also after instant navigation). Each page of the tool has
// its own address (?page=...), so the browser's Back and Forward move between them and a reload keeps
// the page; the case itself is kept in this tab's storage as it is typed.

import { h, button, focusOn, today, formatDate, isolate, shorten } from "./dom.mjs";
import { loadStatic } from "./schema.mjs";
import { parsePath, setAt, getAt, newCase, hasWork } from "./model.mjs";
import { DraftStore } from "./storage.mjs";
import { FILE_LIMIT_BYTES, openCaseFile, plainMessage } from "./files.mjs";
import { renderField, showFieldErrors, errorSummary, dateErrors, fieldId } from "./form.mjs";
import { QUESTION_PAGES, STEP_PATHS } from "./steps.mjs";
import { renderContacts } from "./contacts.mjs";
import { renderSummary } from "./check.mjs";
import { renderResult, nextStepsPanel, fileStem, download } from "./result.mjs";
import { TASKS, renderTaskList, nextTask, taskTitle } from "./tasks.mjs";
import { confirmDialog } from "./dialog.mjs";

const PAGES = ["start", "tasks", ...TASKS, "check", "result"];
const GUIDE_URL = "../guide/";
/** Where the register page leaves a case for the tool to open (then it opens ?open=register). */
const HANDOFF_KEY = "ucb-open";
/** Lists whose "record it" link adds a new record to fill in. */
const ADDS_A_RECORD = new Set(["informal_steps", "protective_actions", "reviews", "appeals"]);
const mounted = new WeakSet();
let active = null;

function startsWith(path, prefix) {
  return prefix.length <= path.length && prefix.every((p, i) => p === path[i]);
}

/** Which question page an error path belongs to (the check page for anything else). */
function stepOf(path) {
  for (const [stepId, prefixes] of Object.entries(STEP_PATHS)) if (prefixes.some((pre) => startsWith(path, pre))) return stepId;
  return "check";
}

/** The question page where a JSON path from the engine (a next step's or a restriction's) is recorded. */
export function pageForPath(jsonPath) {
  if (!jsonPath) return null;
  const page = stepOf(parsePath(jsonPath));
  return page === "check" ? null : page;
}

class Wizard {
  constructor(root, data) {
    this.root = root;
    this.caseSchema = data.caseSchema;
    this.assessmentSchema = data.assessmentSchema;
    this.policy = data.policy;
    this.schemaVersion = data.caseSchema.properties.schema_version.const;
    this.mount = root.querySelector("#ucb-wizard");
    this.path = window.location.pathname;
    this.toolkit = null;
    this.ready = false;
    this.objectUrls = [];
    this.afterRender = [];
    this.errors = [];
    this.problemTasks = new Set();
    this.history = 0;
    this.errorCount = 0;
    this.store = new DraftStore();
    this.saves = 0;
    this.draft = this.freshDraft("start");
  }

  /** Take up the draft this tab kept (after a reload), if it can still be read. */
  async restore() {
    const saved = await this.store.load();
    if (saved && saved.case && typeof saved.case === "object") this.draft = { on: today(), ...saved };
  }

  freshDraft(step) {
    return { case: newCase(this.schemaVersion), step, on: today(), unsaved: false };
  }

  /**
   * Keep the draft in this tab. `changed: false` for moves between pages and settings that are not part
   * of the case, so only real changes count as work that is in no saved file yet.
   */
  persist({ changed = true } = {}) {
    if (changed) this.draft.unsaved = true;
    this.showCarryNote();
    // A fresh case with nothing typed is not stored: storage holds only what the user entered.
    if (!hasWork(this.draft.case) && this.draft.step === "start") {
      this.store.forget();
      this.root.dataset.draft = "none";
      return;
    }
    const save = (this.saves += 1);
    this.root.dataset.draft = "saving";
    this.store.save(this.draft, { caseChanged: changed }).then((stored) => {
      if (!stored) this.warnNotSaved();
      if (save === this.saves) this.root.dataset.draft = stored ? "saved" : "not-kept";
    });
  }

  /** Remove the case in progress and every copy of it this page can reach. */
  closeCase() {
    this.store.forget();
    for (const url of this.objectUrls.splice(0)) URL.revokeObjectURL(url);
  }

  /** Whether closing the tab, or replacing the case, would lose work that is in no downloaded file. */
  hasUnsavedWork() {
    return hasWork(this.draft.case) && this.draft.unsaved === true;
  }

  /** The case file was downloaded: what is in the tab is in a file too. */
  markSaved() {
    this.draft.unsaved = false;
    this.persist({ changed: false });
  }

  /** In the intranet frame, say beside "Open the full page" that the case does not go with it. */
  showCarryNote() {
    const note = document.querySelector("[data-ucb-carry]");
    if (note) note.hidden = !hasWork(this.draft.case);
  }

  /** The browser refused to keep the draft (too large, or storage switched off): say so once. */
  warnNotSaved() {
    if (this.root.querySelector(".ucb-storage-warning")) return;
    // Above the pages (beside them, so it stays as the pages change).
    this.mount.before(h("p", { class: "ucb-error-message ucb-storage-warning", role: "alert" },
      "This browser could not keep a copy of the case in this tab, so a reload would lose it. Download the case file from the result page to keep your work."));
  }

  setValue(path, value) {
    setAt(this.draft.case, path, value);
    this.persist();
  }

  makeContext() {
    return {
      case: this.draft.case,
      schema: this.caseSchema,
      fields: [],
      onChange: (path, value) => this.setValue(path, value),
      rerender: (opts = {}) => this.render({ ...opts, keepErrors: false }),
    };
  }

  whenReady() {
    return this.readyPromise;
  }

  /** Start loading Python in the worker; the question pages work meanwhile. */
  startToolkit() {
    const message = this.root.querySelector("#ucb-load-message");
    const bar = this.root.querySelector("#ucb-load-progress");
    let lastPhase = null;
    const phaseText = { runtime: "Loading the Python runtime", packages: "Loading the toolkit's packages", toolkit: "Starting the toolkit", ready: "The assessment engine is ready." };
    this.readyPromise = (async () => {
      const { getToolkit } = await import("./runtime/client.mjs");
      this.toolkit = getToolkit();
      const unsubscribe = this.toolkit.onProgress((p) => {
        if (!this.root.isConnected) return;
        if (typeof p.fraction === "number" && bar) bar.value = Math.max(0, Math.min(1, p.fraction));
        if (p.phase !== lastPhase && message) {
          lastPhase = p.phase;
          message.textContent = p.phase === "error" ? p.message : (phaseText[p.phase] || p.message || "");
        }
      });
      this.unsubscribe = typeof unsubscribe === "function" ? unsubscribe : null;
      await this.toolkit.ready;
      return this.toolkit;
    })();
    this.readyPromise.then(() => {
      this.ready = true;
      if (!this.root.isConnected) return;
      this.root.dataset.state = "ready";
      if (message) message.textContent = phaseText.ready;
      if (bar) bar.value = 1;
      this.root.querySelector(".ucb-load")?.classList.add("ucb-load--done");
      for (const fn of this.onReady || []) fn();
    }, (error) => {
      if (!this.root.isConnected) return;
      this.root.dataset.state = "error";
      const box = this.root.querySelector(".ucb-load");
      if (box) {
        box.classList.add("ucb-load--error");
        box.replaceChildren(
          h("h2", { class: "ucb-heading-m" }, "The assessment engine could not start"),
          h("p", {}, (error && error.message) || "Loading failed."),
          h("p", {}, "The questions still work, but the result needs the engine. Meanwhile, the ",
            h("a", { href: GUIDE_URL }, "guide for managers"), " sets out every step."));
      }
    });
    this.readyPromise.catch(() => {});
  }

  /** The address of one of the tool's pages: this page with ?page=… (anything else in the address kept). */
  urlFor(pageId) {
    const url = new URL(window.location.href);
    url.searchParams.delete("open");
    url.searchParams.set("page", pageId);
    url.hash = "";
    return url.href;
  }

  /** The page the address names, or null. */
  pageFromUrl() {
    const page = new URL(window.location.href).searchParams.get("page");
    return PAGES.includes(page) ? page : null;
  }

  /**
   * Show a page. It gets its own history entry unless `replace` (the same entry) or `fromHistory` (the
   * browser moved: Back or Forward).
   */
  go(pageId, opts = {}) {
    this.draft.step = pageId;
    if (!opts.fromHistory) {
      this.draft.returnTo = opts.returnTo || (pageId === "check" || pageId === "result" || pageId === "tasks" ? null : this.draft.returnTo);
      const url = this.urlFor(pageId);
      if (opts.replace || url === window.location.href) window.history.replaceState(window.history.state, "", url);
      else {
        window.history.pushState(null, "", url);
        this.history += 1;
      }
    }
    this.errors = opts.errors || [];
    this.errorCount = opts.errors ? Math.max(this.errorCount, this.errors.length) : 0;
    this.notice = opts.notice || null;
    this.importReport = null;
    this.addErrors = null;
    this.persist({ changed: false });
    this.render({ focus: opts.focus || "heading" });
  }

  /** The browser's Back or Forward: show the page its address names (the answers are all kept). */
  onHistory() {
    if (!this.root.isConnected || window.location.pathname !== this.path) return;
    const page = this.pageFromUrl() || "start";
    if (page === this.draft.step && !this.errors.length) return;
    this.go(page, { fromHistory: true });
  }

  /** The page a Back link leads to when the browser has no earlier page of the tool. */
  parentOf(pageId) {
    if (pageId === "tasks") return "start";
    if (pageId === "result") return hasWork(this.draft.case) ? "tasks" : "start";
    if (TASKS.includes(pageId) && this.draft.returnTo === "check") return "check";
    return "tasks";
  }

  back(pageId) {
    if (this.history > 0) {
      this.history -= 1;
      window.history.back();
    } else this.go(this.parentOf(pageId));
  }

  /**
   * Open the page where a part of the case is recorded (a next step's or a restriction's path). For a
   * list of records made one at a time (a review, an appeal, a step), a new one is added to fill in.
   */
  openPath(parts, page) {
    let focus = fieldId(parts);
    if (parts.length === 1 && ADDS_A_RECORD.has(parts[0])) {
      const list = [...(getAt(this.draft.case, parts) || []), {}];
      this.setValue(parts, list);
      focus = fieldId([...parts, list.length - 1]);
    }
    this.go(page, { focus });
  }

  /** The case's errors, each with its path parsed; the tasks they fall in are remembered for the task list. */
  async validateErrors() {
    const reply = await this.toolkit.call("validate", { case: this.draft.case, on: this.draft.on });
    const errors = (reply.errors || []).map((e) => ({ ...e, parsedPath: parsePath(e.path) }));
    this.problemTasks = new Set(errors.map((e) => stepOf(e.parsedPath)).filter((s) => TASKS.includes(s)));
    this.errorCount = reply.error_count ?? errors.length;
    return errors;
  }

  /** Errors on this page: dates as typed first (the page says which part to fix), then the engine's. */
  async pageErrors(stepId, fields) {
    const typed = dateErrors(fields, this.draft.case);
    if (!this.ready) return typed;
    let errors = [];
    try {
      errors = (await this.validateErrors()).filter((e) => stepOf(e.parsedPath) === stepId);
    } catch {
      // The engine stopped: carry on; the check page validates everything before a result.
    }
    const shown = new Set(typed.map((e) => e.parsedPath.join(".")));
    return [...typed, ...errors.filter((e) => !shown.has(e.parsedPath.join(".")))];
  }

  /** Save and continue: to the next task that is needed and not done (or back to check your answers). */
  async continueFrom(stepId, fields) {
    const errors = await this.pageErrors(stepId, fields);
    if (errors.length) {
      this.errors = errors;
      this.render({ focus: "summary" });
      return;
    }
    this.problemTasks.delete(stepId);
    if (this.draft.returnTo === "check") this.go("check");
    else this.go(nextTask(this.draft.case, stepId, this.problemTasks) || "check");
  }

  /** See the result: every answer checked first; problems are listed on the check page. */
  async toResult(status, fields = [], stepId = null) {
    if (stepId) {
      const typed = dateErrors(fields, this.draft.case);
      if (typed.length) {
        this.errors = typed;
        this.render({ focus: "summary" });
        return;
      }
    }
    if (!this.ready && status) status.textContent = "Waiting for the assessment engine to finish loading…";
    let errors;
    try {
      await this.whenReady();
      errors = await this.validateErrors();
    } catch (error) {
      if (status) status.textContent = `The result cannot be shown: ${plainMessage(error)} Download the case file to keep your answers.`;
      return;
    }
    if (errors.length) this.showCheckErrors(errors, this.errorCount);
    else this.go("result");
  }

  /** On the check page: errors from every page, each linking to its field on its own page. */
  showCheckErrors(errors, count = this.errorCount || errors.length) {
    const parsed = errors.map((e) => ({ ...e, parsedPath: e.parsedPath || parsePath(e.path) }));
    this.errors = parsed;
    this.errorCount = Math.max(count, parsed.length);
    if (this.draft.step !== "check") {
      this.go("check", { errors: parsed, focus: "summary" });
      return;
    }
    this.render({ focus: "summary" });
  }

  header(stepId) {
    if (stepId === "start") return [];
    const parent = this.parentOf(stepId);
    return [h("a", {
      href: this.urlFor(parent), class: "ucb-back-link", id: "ucb-back",
      onclick: (event) => {
        event.preventDefault();
        event.stopPropagation();
        this.back(stepId);
      },
    }, "Back")];
  }

  titleOf(stepId) {
    const ref = this.draft.case.reference ? isolate(shorten(this.draft.case.reference)) : null;
    if (stepId === "start") return "Start or resume a case";
    if (stepId === "tasks") return ref ? ["Case ", ref] : "Your case";
    if (stepId === "check") return "Check your answers";
    if (stepId === "result") return ref ? ["Result for case ", ref] : "Result";
    return taskTitle(stepId);
  }

  render(opts = {}) {
    if (!this.root.isConnected) return;
    const stepId = PAGES.includes(this.draft.step) ? this.draft.step : "start";
    const ctx = this.makeContext();
    this.afterRender = [];
    const heading = h("h2", { class: "ucb-step-heading", id: "ucb-step-heading", tabindex: "-1" }, this.titleOf(stepId));
    const summaryBox = h("div");
    let body;
    let actions = null;
    if (stepId === "start") body = this.renderStart();
    else if (stepId === "tasks") body = this.renderTasks();
    else if (stepId === "check") ({ body, actions } = this.renderCheck(ctx));
    else if (stepId === "result") body = this.renderResultPage();
    else {
      body = stepId === "contacts" ? renderContacts(ctx, this) : QUESTION_PAGES[stepId].render(ctx, this);
      actions = this.questionActions(stepId, ctx);
    }
    const caption = TASKS.includes(stepId) && this.draft.case.reference
      ? h("p", { class: "ucb-caption" }, "Case ", isolate(shorten(this.draft.case.reference))) : null;
    const step = h("div", { class: "ucb-step", "data-step": stepId }, this.header(stepId), summaryBox, caption, heading, body, actions);
    this.mount.replaceChildren(step);
    this.root.dataset.step = stepId;

    let summary = null;
    if (this.errors.length && stepId !== "result") {
      const items = stepId === "check"
        ? this.errors.map((e) => ({ message: e.message, follow: stepOf(e.parsedPath) !== "check", error: e }))
        : showFieldErrors(ctx.fields, this.errors);
      const more = stepId === "check" ? Math.max(0, this.errorCount - this.errors.length) : 0;
      summary = errorSummary(items, stepId === "check" ? (item) => this.followError(item.error) : null, 2, more);
      summaryBox.append(summary);
    }
    // The page starts at its Back link, below the site's fixed header; focus goes to the heading (or the errors).
    if (opts.focus) step.scrollIntoView({ block: "start", behavior: "instant" });
    if (opts.focus === "summary" && summary) focusOn(summary);
    else if (opts.focus === "heading") heading.focus({ preventScroll: true });
    else if (opts.focus) focusOn(document.getElementById(opts.focus) || heading);
    for (const fn of this.afterRender.splice(0)) fn();
  }

  /** A question page's buttons: save and continue, see the result, or back to the task list. */
  questionActions(stepId, ctx) {
    const status = h("p", { class: "ucb-hint", role: "status", id: "ucb-page-status" });
    const toCheck = this.draft.returnTo === "check";
    return h("div", { class: "ucb-button-group" },
      button(toCheck ? "Save and return to check your answers" : "Save and continue", () => this.continueFrom(stepId, ctx.fields), "ucb-button", { id: "ucb-continue" }),
      button("Save and see the result", () => this.toResult(status, ctx.fields, stepId), "ucb-button ucb-button--secondary", { id: "ucb-see-result" }),
      h("p", {}, h("a", {
        href: this.urlFor("tasks"), class: "ucb-link-plain", id: "ucb-to-tasks",
        onclick: (event) => {
          event.preventDefault();
          event.stopPropagation();
          this.go("tasks");
        },
      }, "Return to the task list")),
      status);
  }

  followError(error) {
    const stepId = stepOf(error.parsedPath);
    if (stepId === "check") return;
    const errors = this.errors.filter((e) => stepOf(e.parsedPath) === stepId);
    this.go(stepId, { returnTo: "check", errors, focus: "summary" });
  }

  /** Open a case: it replaces the case in progress (and every copy of it) and opens at its task list. */
  openCase(caseRecord, notice, opts = {}) {
    this.closeCase();
    this.draft = { case: caseRecord, step: "tasks", on: today(), unsaved: false };
    this.problemTasks = new Set();
    this.go("tasks", { notice, ...opts });
  }

  /** Ask before a case from elsewhere replaces work that is in no saved file. */
  async mayReplace(what) {
    if (!this.hasUnsavedWork()) return true;
    const current = this.draft.case.reference;
    return confirmDialog(this.root, {
      title: "Replace the case in progress?",
      body: [
        ["The case in progress", current ? [" (", isolate(shorten(current)), ")"] : "", " has changes that are in no downloaded case file. Opening ", isolate(shorten(what)), " replaces it in this tab, and those changes are lost."],
        "To keep them, choose Keep the case in progress, download its case file from the result page, then open the other case.",
      ],
      confirm: `Open ${what}`,
      cancel: "Keep the case in progress",
    });
  }

  /** The first page: the register's hand-over, the page the address names, or where the case stands. */
  begin() {
    if (!this.root.isConnected) return;
    if (new URL(window.location.href).searchParams.get("open") === "register") {
      this.draft.step = this.pageFromUrl() || (hasWork(this.draft.case) ? "tasks" : "start");
      this.render({});
      this.openHandoff();
      return;
    }
    // The address names the page (a reload, or Back into the tool); otherwise a case in progress opens at
    // its task list. With no case (none yet, or one this tab can no longer read), the tool starts afresh.
    const named = this.pageFromUrl();
    const page = hasWork(this.draft.case) ? (named || "tasks") : (named === "about" && this.draft.step === "about" ? "about" : "start");
    this.draft.step = page;
    window.history.replaceState(window.history.state, "", this.urlFor(page));
    this.showCarryNote();
    this.render({});
  }

  /** A case the register page handed over in this tab's storage (read once, removed at once). */
  async openHandoff() {
    let text = null;
    try {
      text = window.sessionStorage.getItem(HANDOFF_KEY);
      window.sessionStorage.removeItem(HANDOFF_KEY);
    } catch {
      text = null;
    }
    const stay = () => this.go(this.pageFromUrl() || (hasWork(this.draft.case) ? "tasks" : "start"), { replace: true });
    let record = null;
    try {
      record = text ? JSON.parse(text) : null;
    } catch {
      record = null;
    }
    if (!record || typeof record !== "object" || Array.isArray(record)) {
      stay();
      this.notice = "The register's case could not be opened here: open its case file on this page instead.";
      this.render({ focus: "heading" });
      return;
    }
    if (!(await this.mayReplace(record.reference ? `case ${record.reference}` : "the register's case"))) {
      stay();
      return;
    }
    try {
      await this.whenReady();
      const reply = await this.toolkit.call("upgrade", { case: record });
      record = reply.case || record;
    } catch {
      // Opened as it is: the check page explains anything wrong with it.
    }
    this.openCase(record, record.reference ? `Case ${record.reference} opened from the register.` : "The case opened from the register.", { replace: true });
  }

  /** A draft kept from an earlier format (1.0) is brought up to date by the toolkit, as a file would be. */
  async upgradeDraft() {
    const c = this.draft.case;
    if (c && c.schema_version !== this.schemaVersion) {
      try {
        const reply = await this.toolkit.call("upgrade", { case: c });
        if (reply.case && this.draft.case === c) {
          this.draft.case = reply.case;
          this.persist({ changed: false });
          this.render({});
          return;
        }
      } catch {
        // Left as it is: the check page explains what is wrong with it.
      }
    }
    if (this.draft.step === "contacts") this.render({});
  }

  renderStart() {
    const fileInput = h("input", { type: "file", id: "ucb-upload-case", class: "ucb-file", accept: ".json,application/json", "aria-describedby": "ucb-upload-hint" });
    const status = h("div", { "aria-live": "polite" });
    fileInput.addEventListener("change", async () => {
      const file = fileInput.files && fileInput.files[0];
      if (!file) return;
      status.replaceChildren(h("p", {}, this.ready ? "Opening the file…" : "Waiting for the assessment engine to finish loading…"));
      try {
        // The toolkit reads the file by the same rule as the ucb command, and upgrades a case saved in an earlier format.
        const caseRecord = await openCaseFile(this, file);
        status.replaceChildren();
        if (!(await this.mayReplace(file.name))) return;
        this.openCase(caseRecord, ["Case ", caseRecord.reference ? [isolate(shorten(caseRecord.reference)), " "] : "", "opened from ", isolate(shorten(file.name)), "."]);
      } catch (error) {
        const box = h("div", { class: "ucb-error-summary", tabindex: "-1", role: "alert" },
          h("h3", { class: "ucb-error-summary__title" }, "The case could not be opened"), h("p", {}, plainMessage(error)));
        status.replaceChildren(box);
        focusOn(box);
      } finally {
        fileInput.value = "";
      }
    });
    const inProgress = hasWork(this.draft.case) ? (this.draft.case.reference ? isolate(shorten(this.draft.case.reference)) : "without a reference yet") : null;
    return [
      this.notice ? h("p", { class: "ucb-notice", role: "status" }, this.notice) : null,
      h("p", {}, "Record the case part by part, in any order, then see what the policy says the next step is, who takes it and by when, with the reasons and draft letters."),
      button("Start a new case", async () => {
        if (!(await this.mayReplace("a new case"))) return;
        this.closeCase();
        this.draft = this.freshDraft("about");
        this.problemTasks = new Set();
        this.go("about");
      }, inProgress ? "ucb-button ucb-button--secondary" : "ucb-button ucb-button--start", { id: "ucb-start" }),
      inProgress ? h("div", { class: "ucb-panel" },
        h("h3", { class: "ucb-heading-s" }, "Case in progress"),
        h("p", {}, "You have a case in progress in this browser tab: ", inProgress, "."),
        button("Continue with this case", () => this.go("tasks"), "ucb-button", { id: "ucb-continue-case" })) : null,
      h("h3", { class: "ucb-heading-s" }, "Open a saved case"),
      h("div", { class: "ucb-field" },
        h("label", { for: "ucb-upload-case", class: "ucb-label" }, "Choose a case file"),
        h("div", { class: "ucb-hint", id: "ucb-upload-hint" }, `The JSON file you downloaded from this tool earlier, up to ${FILE_LIMIT_BYTES / 1048576} MB. It opens at the case's task list, showing where the case stands and what is due next.`),
        fileInput),
      status,
    ];
  }

  /** The task list: where the case stands, then every part of the case with its status. */
  renderTasks() {
    const stands = h("div", { class: "ucb-stands", "aria-live": "polite" });
    const highlight = new Set();
    const list = h("div", { class: "ucb-task-groups" });
    const drawList = () => list.replaceChildren(...renderTaskList(this, this.problemTasks, (taskId) => this.go(taskId), highlight));
    drawList();
    const status = h("p", { class: "ucb-hint", role: "status", id: "ucb-tasks-status" });
    this.afterRender.push(async () => {
      if (!this.ready || !hasWork(this.draft.case)) {
        stands.replaceChildren(h("p", { class: "ucb-hint" }, this.ready ? "" : "Where the case stands appears here when the assessment engine has loaded."));
        if (!this.ready) this.whenReady().then(() => { if (this.draft.step === "tasks") this.render({}); }, () => {});
        return;
      }
      let reply;
      try {
        await this.validateErrors();
        reply = this.problemTasks.size ? null : await this.toolkit.call("assess", { case: this.draft.case, on: this.draft.on });
      } catch {
        reply = null;
      }
      if (!stands.isConnected) return;
      drawList();
      const a = reply && reply.assessment;
      if (!a) {
        stands.replaceChildren(h("div", { class: "ucb-inset" },
          h("p", {}, "Some answers need attention before the tool can say where the case stands: the tasks marked Incomplete.")));
        return;
      }
      for (const stepItem of a.next_steps || []) {
        const page = pageForPath(stepItem.path);
        if (page) highlight.add(page);
      }
      drawList();
      stands.replaceChildren(h("div", { class: "ucb-stands__box" },
        h("h3", { class: "ucb-heading-m", id: "ucb-stands-title" }, "Where the case stands"),
        h("p", { class: "ucb-stands__outcome" }, a.outcome.title),
        h("p", { class: "ucb-hint" }, `As at ${formatDate(a.assessed_on)}.`)),
      nextStepsPanel(this, a, { level: 3 }));
    });
    return [
      this.notice ? h("p", { class: "ucb-notice", role: "status" }, this.notice) : null,
      stands,
      h("h3", { class: "ucb-heading-m", id: "ucb-tasks-title" }, "Parts of the case"),
      h("p", {}, "Record each part when it happens. Parts for later stages can wait until the case reaches them."),
      list,
      h("section", { class: "ucb-task-group", "aria-labelledby": "ucb-task-group-last" },
        h("h3", { class: "ucb-heading-s", id: "ucb-task-group-last" }, `${6}. Check and see the result`),
        h("div", { class: "ucb-button-group" },
          button("See the result", () => this.toResult(status), "ucb-button", { id: "ucb-tasks-result" }),
          button("Check your answers", () => this.go("check"), "ucb-button ucb-button--secondary", { id: "ucb-tasks-check" })),
        status),
    ];
  }

  renderCheck(ctx) {
    const onCtx = { ...ctx, case: this.draft, fields: [], onChange: (_, value) => { this.draft.on = value || today(); this.persist({ changed: false }); } };
    const onField = renderField(onCtx, ["on"], {
      kind: "date", label: "Assess as at",
      hint: "Normally today. Give an earlier date to see what the policy said on that day, for example when reviewing a past decision.",
    });
    const body = [
      this.notice ? h("p", { class: "ucb-notice", role: "status" }, this.notice) : null,
      renderSummary(this),
      h("h3", { class: "ucb-heading-s" }, "Date of the assessment"),
      onField,
    ];
    const status = h("p", { id: "ucb-check-status", role: "status", class: "ucb-hint" });
    const actions = h("div", { class: "ucb-button-group" }, button("Continue to the result", () => {
      const typed = dateErrors(onCtx.fields, this.draft);
      if (typed.length) {
        this.draft.on = today();
        this.showCheckErrors(typed);
        return;
      }
      this.toResult(status);
    }, "ucb-button", { id: "ucb-continue" }), status);
    return { body, actions };
  }

  renderResultPage() {
    const box = h("div", { class: "ucb-result" });
    // Announced when the assessment arrives, since focus stays on the heading meanwhile.
    this.resultStatus = h("p", { class: "ucb-visually-hidden", role: "status" });
    this.afterRender.push(() => renderResult(this, box).catch((error) => {
      box.replaceChildren(h("div", { class: "ucb-error-summary", role: "alert", tabindex: "-1" },
        h("h3", { class: "ucb-error-summary__title" }, "The case could not be assessed"), h("p", {}, plainMessage(error))));
    }));
    return [
      h("p", { class: "ucb-no-print" }, h("button", { type: "button", class: "ucb-link", onclick: () => this.go("check", { focus: "ucb-f-on" }) }, "Change the assessment date or any answer")),
      this.resultStatus,
      box,
    ];
  }

  /** Download the case file, named by its reference and today's date; the work is then saved. */
  downloadCase() {
    download(this, `${JSON.stringify(this.draft.case, null, 2)}\n`, `${fileStem(this)}-case-${today()}.json`, "application/json");
    this.markSaved();
  }

  async confirmDelete() {
    const ref = this.draft.case.reference;
    const yes = await confirmDialog(this.root, {
      title: "Delete this case from this browser?",
      body: [
        ["The case", ref ? [" ", isolate(shorten(ref))] : "", " and every answer in it are removed from this browser tab. This cannot be undone."],
        this.hasUnsavedWork() ? "Some changes are in no downloaded case file, so they will be lost." : "Any case file you downloaded is not affected.",
      ],
      confirm: "Delete the case",
      cancel: "Keep the case",
    });
    if (yes) this.deleteCase();
  }

  deleteCase() {
    this.closeCase();
    this.draft = this.freshDraft("start");
    this.problemTasks = new Set();
    this.go("start", { notice: "The case has been deleted from this browser." });
  }

  teardown() {
    for (const url of this.objectUrls.splice(0)) URL.revokeObjectURL(url);
    if (this.unsubscribe) this.unsubscribe();
  }
}

function privacyControls(wizard) {
  const box = wizard.root.querySelector("#ucb-privacy-actions");
  if (!box) return;
  box.replaceChildren(button("Delete this case from this browser", () => wizard.confirmDelete(), "ucb-button ucb-button--warning", { id: "ucb-delete" }));
}

function mount(root) {
  if (mounted.has(root)) return;
  mounted.add(root);
  if (active && !active.root.isConnected) active.teardown();
  // Start Python in its worker first: getToolkit() is one instance per tab, so startToolkit()
  // below picks up the same one (and reports any failure to load it).
  import("./runtime/client.mjs").then(({ getToolkit }) => getToolkit(), () => {});
  let data;
  try {
    data = loadStatic();
  } catch (error) {
    root.dataset.state = "error";
    root.querySelector("#ucb-wizard")?.replaceChildren(h("p", {}, `The tool could not start: ${error.message}`));
    return;
  }
  const wizard = new Wizard(root, data);
  active = wizard;
  privacyControls(wizard);
  wizard.startToolkit();
  const restored = wizard.restore().then(() => wizard.begin(), () => wizard.begin());
  wizard.onReady = [() => restored.then(() => wizard.upgradeDraft())];
}

function scan() {
  const root = document.getElementById("ucb-tool");
  if (root) mount(root);
  else if (active) {
    active.teardown();
    active = null;
  }
}

// Back and Forward between the tool's own pages: the same document, so the tool shows the page itself.
// This listener comes before Material's, which would fetch the page again (its first history move
// always does); Material still handles every move to or from another page of the site.
window.addEventListener("popstate", (event) => {
  if (!active || !active.root.isConnected || window.location.pathname !== active.path) return;
  event.stopImmediatePropagation();
  active.onHistory();
});
// Closing the tab loses the case kept in it: warn while some of it is in no downloaded file.
window.addEventListener("beforeunload", (event) => {
  if (active && active.root.isConnected && active.hasUnsavedWork()) {
    event.preventDefault();
    event.returnValue = "";
  }
});

// This module comes before Material's (deferred) script in the page, so it runs first: mount at once.
// Material's document$ then replays the page and re-emits after every instant navigation (mounting
// is idempotent).
// When the tool page is the first page opened, this module runs before Material's script has made
// document$, so it subscribes once Material has run (at DOMContentLoaded, or at load at the latest).
scan();
let following = false;
function followNavigation() {
  if (following || !window.document$?.subscribe) return;
  following = true;
  window.document$.subscribe(scan);
}
followNavigation();
document.addEventListener("DOMContentLoaded", followNavigation, { once: true });
window.addEventListener("load", followNavigation, { once: true });
