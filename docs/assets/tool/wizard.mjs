// The decision tool: mounts on the tool page (also after instant navigation) and routes between steps.

import { h, button, focusOn, today, isolate, shorten } from "./dom.mjs";
import { loadStatic } from "./schema.mjs";
import { parsePath, setAt, newCase, hasWork } from "./model.mjs";
import { DraftStore } from "./storage.mjs";
import { FILE_LIMIT_BYTES, openCaseFile, plainMessage } from "./files.mjs";
import { renderField, showFieldErrors, errorSummary } from "./form.mjs";
import { QUESTION_PAGES, STEP_PATHS } from "./steps.mjs";
import { renderContacts } from "./contacts.mjs";
import { renderSummary } from "./check.mjs";
import { renderResult } from "./result.mjs";

const QUESTIONS = ["about", "circumstances", "issues", "contacts", "informal", "step_one", "step_two", "decision", "reviews", "appeal"];
const ORDER = ["start", ...QUESTIONS, "check", "result"];
const TITLES = { start: "Start or resume a case", contacts: "Contact log", check: "Check your answers", result: "Result" };
const GUIDE_URL = "../guide/";
const mounted = new WeakSet();
let active = null;

function titleOf(stepId) {
  return TITLES[stepId] || QUESTION_PAGES[stepId].title;
}

function startsWith(path, prefix) {
  return prefix.length <= path.length && prefix.every((p, i) => p === path[i]);
}

/** Which question page an error path belongs to (the check page for anything else). */
function stepOf(path) {
  for (const [stepId, prefixes] of Object.entries(STEP_PATHS)) if (prefixes.some((pre) => startsWith(path, pre))) return stepId;
  return "check";
}

class Wizard {
  constructor(root, data) {
    this.root = root;
    this.caseSchema = data.caseSchema;
    this.assessmentSchema = data.assessmentSchema;
    this.policy = data.policy;
    this.schemaVersion = data.caseSchema.properties.schema_version.const;
    this.mount = root.querySelector("#ucb-wizard");
    this.toolkit = null;
    this.ready = false;
    this.objectUrls = [];
    this.afterRender = [];
    this.errors = [];
    this.errorCount = 0;
    this.store = new DraftStore();
    this.saves = 0;
    this.draft = this.freshDraft("start");
  }

  freshDraft(step) {
    return { case: newCase(this.schemaVersion), step, on: today() };
  }

  /** Take up the draft this tab kept (after a reload), if it can still be read. */
  async restore() {
    const saved = await this.store.load();
    if (saved && saved.case && typeof saved.case === "object") this.draft = { on: today(), ...saved };
  }

  /**
   * Keep the draft in this tab (storage.mjs seals it). `changed: false` for moves between pages and
   * settings that are not part of the case, so only real changes count as work not yet saved to a file.
   */
  persist({ changed = true } = {}) {
    if (changed) this.draft.unsaved = true;
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

  /** Whether replacing the case in progress would lose work that is in no file. */
  hasUnsavedWork() {
    return hasWork(this.draft.case) && this.draft.unsaved === true;
  }

  /** Remove the case in progress and every copy of it this page can reach. */
  closeCase() {
    this.store.forget();
    for (const url of this.objectUrls.splice(0)) URL.revokeObjectURL(url);
  }

  /** The browser refused to keep the draft (too large, or storage switched off): say so once. */
  warnNotSaved() {
    const box = this.root.querySelector("#ucb-privacy-actions");
    if (!box || box.querySelector(".ucb-storage-warning")) return;
    box.prepend(h("p", { class: "ucb-error-message ucb-storage-warning", role: "alert" },
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
          h("p", {}, "The questions below still work, but the result needs the engine. Meanwhile, the ",
            h("a", { href: GUIDE_URL }, "guide for managers"), " sets out every step."));
      }
    });
    this.readyPromise.catch(() => {});
  }

  go(stepId, opts = {}) {
    this.draft.step = stepId;
    this.draft.returnTo = opts.returnTo || (stepId === "check" || stepId === "result" ? null : this.draft.returnTo);
    this.errors = opts.errors || [];
    this.errorCount = this.errors.length;
    this.notice = opts.notice || null;
    this.importReport = null;
    this.addErrors = null;
    this.persist({ changed: false });
    this.render({ focus: opts.focus || "heading" });
  }

  previousStep(stepId) {
    if (this.draft.returnTo === "check" && QUESTIONS.includes(stepId)) return "check";
    return ORDER[Math.max(0, ORDER.indexOf(stepId) - 1)];
  }

  nextStep(stepId) {
    if (this.draft.returnTo === "check" && QUESTIONS.includes(stepId)) return "check";
    return ORDER[ORDER.indexOf(stepId) + 1];
  }

  /** The case's errors (the first ones the toolkit lists), each with its path parsed, and how many there are. */
  async validateErrors() {
    const reply = await this.toolkit.call("validate", { case: this.draft.case, on: this.draft.on });
    const errors = (reply.errors || []).map((e) => ({ ...e, parsedPath: parsePath(e.path) }));
    return { errors, count: reply.error_count ?? errors.length };
  }

  async continueFrom(stepId) {
    if (this.ready) {
      let errors = [];
      try {
        errors = (await this.validateErrors()).errors.filter((e) => stepOf(e.parsedPath) === stepId);
      } catch {
        // The engine stopped: carry on; the check page validates everything before a result.
      }
      if (errors.length) {
        this.errors = errors;
        this.render({ focus: "summary" });
        return;
      }
    }
    this.go(this.nextStep(stepId));
  }

  /** On the check page: errors from every page, each linking to its field on its own page. */
  showCheckErrors(errors, count = errors.length) {
    const parsed = errors.map((e) => ({ ...e, parsedPath: e.parsedPath || parsePath(e.path) }));
    this.draft.step = "check";
    this.errors = parsed;
    this.errorCount = count;
    this.render({ focus: "summary" });
  }

  header(stepId) {
    const parts = [];
    if (stepId !== "start") {
      const back = this.previousStep(stepId);
      parts.push(h("button", { type: "button", class: "ucb-back-link", onclick: () => this.go(back) }, "Back"));
    }
    const n = QUESTIONS.indexOf(stepId);
    if (n >= 0) parts.push(h("p", { class: "ucb-caption" }, `Question page ${n + 1} of ${QUESTIONS.length}${QUESTION_PAGES[stepId]?.later ? ": only for a case that has moved on" : ""}`));
    return parts;
  }

  render(opts = {}) {
    if (!this.root.isConnected) return;
    const stepId = ORDER.includes(this.draft.step) ? this.draft.step : "start";
    const ctx = this.makeContext();
    this.afterRender = [];
    const heading = h("h2", { class: "ucb-step-heading", id: "ucb-step-heading", tabindex: "-1" }, titleOf(stepId));
    const summaryBox = h("div");
    let body;
    let actions = null;
    if (stepId === "start") body = this.renderStart();
    else if (stepId === "check") ({ body, actions } = this.renderCheck(ctx));
    else if (stepId === "result") body = this.renderResultPage();
    else {
      body = stepId === "contacts" ? renderContacts(ctx, this) : QUESTION_PAGES[stepId].render(ctx, this);
      actions = h("div", { class: "ucb-button-group" },
        button(this.nextStep(stepId) === "check" ? "Continue to check your answers" : "Continue", () => this.continueFrom(stepId), "ucb-button", { id: "ucb-continue" }));
    }
    const step = h("div", { class: "ucb-step", "data-step": stepId }, this.header(stepId), summaryBox, heading, body, actions);
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
    if (opts.focus === "summary" && summary) focusOn(summary);
    else if (opts.focus === "heading") focusOn(heading);
    else if (opts.focus) focusOn(document.getElementById(opts.focus) || heading);
    for (const fn of this.afterRender.splice(0)) fn();
  }

  followError(error) {
    const stepId = stepOf(error.parsedPath);
    if (stepId === "check") return;
    const errors = this.errors.filter((e) => stepOf(e.parsedPath) === stepId);
    this.go(stepId, { returnTo: "check", errors, focus: "summary" });
  }

  /** Open a case the toolkit has read from a file: it replaces the case in progress, and every copy of it. */
  openCase(caseRecord, fileName) {
    this.closeCase();
    this.draft = { case: caseRecord, step: "check", on: this.draft.on || today(), unsaved: false };
    this.go("check", { notice: ["Case ", caseRecord.reference ? [isolate(shorten(caseRecord.reference)), " "] : "", "loaded from ", isolate(shorten(fileName)), ". Check the answers, then continue."] });
  }

  /** Ask before a case from a file replaces work that is in no file yet. */
  confirmReplace(status, caseRecord, fileName) {
    const current = this.draft.case.reference;
    const heading = h("h3", { class: "ucb-heading-s", id: "ucb-replace-title", tabindex: "-1" }, "Replace the case in progress?");
    const panel = h("div", { class: "ucb-panel ucb-warning-panel", role: "group", "aria-labelledby": "ucb-replace-title" },
      heading,
      h("p", {}, "The case in progress", current ? [" (", isolate(shorten(current)), ")"] : "",
        " has changes that are not in a downloaded case file. Opening ", isolate(fileName), " replaces it in this tab, and those changes are lost."),
      h("div", { class: "ucb-button-group" },
        button(["Open ", isolate(fileName), " instead"], () => this.openCase(caseRecord, fileName), "ucb-button ucb-button--warning", { id: "ucb-replace-case" }),
        button("Keep the case in progress", () => {
          const kept = h("p", { class: "ucb-notice", role: "status", tabindex: "-1" }, "The case in progress is kept. ", isolate(fileName), " was not opened.");
          status.replaceChildren(kept);
          focusOn(kept);
        }, "ucb-button ucb-button--secondary", { id: "ucb-keep-case" })));
    status.replaceChildren(panel);
    focusOn(heading);
  }

  renderStart() {
    const fileInput = h("input", { type: "file", id: "ucb-upload-case", class: "ucb-file", accept: ".json,application/json", "aria-describedby": "ucb-upload-hint" });
    const status = h("div", { "aria-live": "polite" });
    fileInput.addEventListener("change", async () => {
      const file = fileInput.files && fileInput.files[0];
      if (!file) return;
      status.replaceChildren(h("p", {}, this.ready ? "Opening the file…" : "Waiting for the assessment engine to finish loading…"));
      try {
        const caseRecord = await openCaseFile(this, file);
        if (this.hasUnsavedWork()) this.confirmReplace(status, caseRecord, file.name);
        else this.openCase(caseRecord, file.name);
      } catch (error) {
        const box = h("div", { class: "ucb-error-summary", tabindex: "-1", role: "alert" },
          h("h3", { class: "ucb-error-summary__title" }, "The case could not be opened"), h("p", {}, plainMessage(error)));
        status.replaceChildren(box);
        focusOn(box);
      } finally {
        fileInput.value = "";
      }
    });
    const inProgress = this.draft.case.reference;
    return [
      this.notice ? h("p", { class: "ucb-notice", role: "status" }, this.notice) : null,
      h("p", {}, "Answer a few questions about the case, record the contact log, then see what the policy says the next step is, with the reasons, dates and draft letters."),
      inProgress ? h("div", { class: "ucb-panel" },
        h("h3", { class: "ucb-heading-s" }, "Case in progress"),
        h("p", {}, "You have a case in progress in this browser tab: ", isolate(shorten(inProgress)), "."),
        button("Continue with this case", () => this.go("check"), "ucb-button", { id: "ucb-continue-case" })) : null,
      h("h3", { class: "ucb-heading-s" }, "Start a new case"),
      h("p", {}, inProgress ? "Starting a new case replaces the one in progress in this tab. Download its case file first if you need it." : "Nothing you type is sent anywhere."),
      button("Start a new case", () => {
        this.closeCase();
        this.draft = this.freshDraft("about");
        this.go("about");
      }, inProgress ? "ucb-button ucb-button--secondary" : "ucb-button", { id: "ucb-start" }),
      h("h3", { class: "ucb-heading-s" }, "Resume a saved case"),
      h("div", { class: "ucb-field" },
        h("label", { for: "ucb-upload-case", class: "ucb-label" }, "Upload a case file"),
        h("div", { class: "ucb-hint", id: "ucb-upload-hint" }, `The JSON file you downloaded from this tool earlier, up to ${FILE_LIMIT_BYTES / 1048576} MB. It opens at the check your answers page.`),
        fileInput),
      status,
    ];
  }

  renderCheck(ctx) {
    const onField = renderField({ ...ctx, case: this.draft, onChange: (_, value) => { this.draft.on = value || today(); this.persist({ changed: false }); } }, ["on"], {
      kind: "date", label: "Assess as at",
      hint: "Normally today. Choose an earlier date to see what the policy said on that day, for example when reviewing a past decision.",
    });
    const body = [
      this.notice ? h("p", { class: "ucb-notice", role: "status" }, this.notice) : null,
      renderSummary(this),
      h("h3", { class: "ucb-heading-s" }, "Date of the assessment"),
      onField,
    ];
    const status = h("p", { id: "ucb-check-status", role: "status", class: "ucb-hint" });
    const actions = h("div", { class: "ucb-button-group" }, button("Continue to the result", async () => {
      if (!this.ready) status.textContent = "Waiting for the assessment engine to finish loading…";
      let found;
      try {
        await this.whenReady();
        found = await this.validateErrors();
      } catch (error) {
        status.textContent = `The result cannot be shown: ${plainMessage(error)} Download the case file to keep your answers.`;
        return;
      }
      if (found.errors.length) this.showCheckErrors(found.errors, found.count);
      else this.go("result");
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
      h("p", {}, h("button", { type: "button", class: "ucb-link", onclick: () => this.go("check", { focus: "ucb-f-on" }) }, "Change the assessment date or any answer")),
      this.resultStatus,
      box,
    ];
  }

  deleteCase() {
    this.closeCase();
    this.draft = this.freshDraft("start");
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
  box.replaceChildren(button("Delete this case from this browser", () => wizard.deleteCase(), "ucb-button ucb-button--warning", { id: "ucb-delete" }));
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
  wizard.onReady = [() => { if (wizard.draft.step === "contacts") wizard.render({}); }];
  wizard.restore().then(() => wizard.render({}));
}

function scan() {
  const root = document.getElementById("ucb-tool");
  if (root) mount(root);
  else if (active) {
    active.teardown();
    active = null;
  }
}

// This module comes before Material's (deferred) script in the page, so it runs first: mount at once.
// Material's document$ then replays the page and re-emits after every instant navigation (mounting
// is idempotent).
scan();
const followNavigation = () => window.document$?.subscribe?.(scan);
if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", followNavigation, { once: true });
else followNavigation();
