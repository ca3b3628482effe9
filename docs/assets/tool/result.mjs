// The result page: the outcome in plain words, reasons with policy links, restriction options, letters and downloads.

import { h, hidden, button, focusOn, formatDate } from "./dom.mjs";
import { renderField, showFieldErrors, errorSummary } from "./form.mjs";
import { parsePath, setAt } from "./model.mjs";
import { policyChoices } from "./steps.mjs";
import { plainMessage } from "./files.mjs";

const LETTER_KINDS = [
  ["step_one", "Step one letter"],
  ["restriction_notice", "Letter telling the customer about a restriction"],
  ["review_outcome", "Review outcome letter"],
  ["appeal_outcome", "Appeal outcome letter"],
];

function clauseLink(app, clause) {
  if (!clause) return null;
  const title = app.policy.clauses?.[clause] || clause;
  return h("a", { href: `../policy/#${clause}`, class: "ucb-clause" }, hidden("Policy clause: "), title);
}

function fileStem(app) {
  const ref = String(app.draft.case.reference || "case").slice(0, 100).replace(/[^A-Za-z0-9_-]+/g, "-").replace(/^-+|-+$/g, "");
  return ref || "case";
}

/** Offer text as a file download from memory (no network request). */
export function download(app, text, filename, type) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  app.objectUrls.push(url);
  const link = h("a", { href: url, download: filename, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
}

/** A sandboxed preview of toolkit HTML: no scripts, no same-origin access. */
function preview(html, title) {
  const frame = h("iframe", { class: "ucb-preview", title, sandbox: "", referrerpolicy: "no-referrer" });
  frame.srcdoc = html;
  return frame;
}

function listSection(app, id, title, items, intro) {
  if (!items || !items.length) return null;
  return h("section", { class: "ucb-result-section", "aria-labelledby": id },
    h("h3", { class: "ucb-heading-m", id }, title),
    intro ? h("p", {}, intro) : null,
    h("ul", { class: "ucb-reasons" }, items.map((item) => h("li", {}, item.message, " ", clauseLink(app, item.clause)))));
}

function optionCard(app, option, chosen, onToggle) {
  const id = `ucb-option-${option.id}`;
  const box = onToggle
    ? h("input", { type: "checkbox", id, class: "ucb-checkboxes__input", checked: chosen, "aria-describedby": `${id}-details` })
    : null;
  box?.addEventListener("change", () => onToggle(option.id, box.checked));
  const dates = [
    option.review_on ? `Review by ${formatDate(option.review_on)}` : null,
    option.appeal_by ? `appeal by ${formatDate(option.appeal_by)}` : null,
    option.lapses_on ? `ends by ${formatDate(option.lapses_on)} at the latest` : null,
  ].filter(Boolean).join("; ");
  const title = `${option.rank}. ${option.title}`;
  return h("div", { class: "ucb-checkboxes__item ucb-option" }, box,
    box
      ? h("label", { for: id, class: "ucb-checkboxes__label" }, h("strong", {}, title))
      : h("h4", { class: "ucb-heading-xs ucb-option__title" }, title, chosen ? " (proposed at referral)" : ""),
    h("div", { class: "ucb-option__details", id: `${id}-details` },
      h("p", {}, option.description),
      option.keeps && !(option.reason || "").includes(option.keeps) ? h("p", {}, h("strong", {}, "Still available: "), option.keeps) : null,
      dates ? h("p", {}, dates.charAt(0).toUpperCase() + dates.slice(1), ".") : null,
      option.reason ? h("p", {}, option.reason, " ", clauseLink(app, option.clause)) : null));
}

function optionsSection(app, assessment, refresh) {
  const options = [...(assessment.restriction_options || [])].sort((a, b) => a.rank - b.rank);
  if (!options.length) return null;
  if (app.draft.case.decision) {
    // Once decided, the options are for reference at a review; the decision page holds what was imposed.
    const proposed = new Set(app.draft.case.step_two?.proposed_restrictions || []);
    return h("section", { class: "ucb-result-section", "aria-labelledby": "ucb-options-title" },
      h("h3", { class: "ucb-heading-m", id: "ucb-options-title" }, "Restriction options, least restrictive first"),
      h("p", {}, "A decision is recorded, so these are for reference, for example at a review. The restrictions imposed, with their exact scope, are on the step-two decision page."),
      h("div", { class: "ucb-options" }, options.map((o) => optionCard(app, o, proposed.has(o.id), null))));
  }
  // The choice and the referral details are staged here and written to the case only when they are valid together.
  const staged = { step_two: JSON.parse(JSON.stringify(app.draft.case.step_two || {})) };
  const chosen = new Set(staged.step_two.proposed_restrictions || []);
  const onToggle = (id, on) => {
    if (on) chosen.add(id); else chosen.delete(id);
  };
  const ctx = { ...app.makeContext(), case: staged, onChange: (path, value) => setAt(staged, path, value) };
  const hasReferral = Boolean(app.draft.case.step_two);
  const errorsBox = h("div");
  const save = button(hasReferral ? "Save the choice and update the letters" : "Save the referral and the choice", async () => {
    const ordered = options.map((o) => o.id).filter((o) => chosen.has(o));
    const candidate = { ...app.draft.case, step_two: { ...staged.step_two, proposed_restrictions: ordered } };
    if (!ordered.length) delete candidate.step_two.proposed_restrictions;
    let reply;
    try {
      reply = await app.toolkit.call("validate", { case: candidate, on: app.draft.on });
    } catch (error) {
      errorsBox.replaceChildren(h("p", { role: "alert" }, `The choice could not be checked: ${plainMessage(error)}`));
      return;
    }
    const mine = reply.errors.map((e) => ({ ...e, parsedPath: parsePath(e.path) })).filter((e) => e.parsedPath[0] === "step_two");
    for (const el of section.querySelectorAll(".ucb-error-message")) el.remove();
    if (mine.length) {
      const summary = errorSummary(showFieldErrors(ctx.fields, mine), null, 4);
      errorsBox.replaceChildren(summary);
      focusOn(summary);
      return;
    }
    app.draft.case.step_two = candidate.step_two;
    app.persist();
    refresh("ucb-outcome");
  }, "ucb-button", { id: "ucb-save-options" });
  const always = app.policy.always_available || [];
  const section = h("section", { class: "ucb-result-section", "aria-labelledby": "ucb-options-title" },
    h("h3", { class: "ucb-heading-m", id: "ucb-options-title", tabindex: "-1" }, "Restriction options, least restrictive first"),
    h("p", {}, "The options below answer the behaviour in the log. Choose the ones to propose in the step-two referral; the letters and the evidence pack use your choice. Whether to restrict contact at all is decided by a person, not by this tool."),
    always.length ? h("div", { class: "ucb-inset" }, h("p", {}, "Whatever is decided, the customer can always:"), h("ul", {}, always.map((t) => h("li", {}, t)))) : null,
    errorsBox,
    h("fieldset", { class: "ucb-fieldset", id: "ucb-f-step_two-proposed_restrictions" },
      h("legend", { class: "ucb-fieldset__legend" }, "Options to propose"),
      h("div", { class: "ucb-checkboxes" }, options.map((o) => optionCard(app, o, chosen.has(o.id), onToggle)))),
    hasReferral ? null : h("div", { class: "ucb-panel" },
      h("h4", { class: "ucb-heading-s" }, "The referral"),
      h("p", {}, "Saving the choice records the referral, so give its date and who made it. Add the evidence sent on the step-two referral page."),
      renderField(ctx, ["step_two", "referred_on"]),
      renderField(ctx, ["step_two", "referred_by"])),
    save);
  return section;
}

async function lettersSection(app, policyUrl) {
  const kindName = "ucb-letter-kind";
  const holder = h("div", { class: "ucb-letter-preview", "aria-live": "polite" });
  const status = h("p", { class: "ucb-hint", role: "status" });
  let current = app.draft.letterKind || "step_one";
  let texts = { text: "", html: "" };
  const load = async () => {
    holder.replaceChildren(h("p", {}, "Drafting the letter…"));
    const base = { case: app.draft.case, on: app.draft.on, kind: current, policy_url: policyUrl };
    let text;
    let html;
    try {
      [text, html] = await Promise.all([
        app.toolkit.call("letter", { ...base, format: "text" }),
        app.toolkit.call("letter", { ...base, format: "html" }),
      ]);
    } catch (error) {
      holder.replaceChildren(h("p", {}, `The letter could not be drafted: ${plainMessage(error)}`));
      return;
    }
    if (text.errors && text.errors.length) {
      texts = { text: "", html: "" };
      holder.replaceChildren(h("div", { class: "ucb-inset" }, h("p", {}, "This letter cannot be drafted yet:"),
        h("ul", {}, text.errors.map((e) => h("li", {}, e.message)))));
      for (const b of actions.querySelectorAll("button")) b.disabled = true;
      return;
    }
    texts = { text: text.text, html: html.text };
    for (const b of actions.querySelectorAll("button")) b.disabled = false;
    holder.replaceChildren(preview(html.text, `Preview: ${LETTER_KINDS.find(([k]) => k === current)[1]}`));
  };
  const radios = h("div", { class: "ucb-radios" }, LETTER_KINDS.map(([kind, label]) => {
    const id = `ucb-letter-${kind}`;
    const input = h("input", { type: "radio", name: kindName, id, value: kind, class: "ucb-radios__input", checked: kind === current });
    input.addEventListener("change", () => { if (input.checked) { current = kind; app.draft.letterKind = kind; app.persist({ changed: false }); status.textContent = ""; load(); } });
    return h("div", { class: "ucb-radios__item" }, input, h("label", { for: id, class: "ucb-radios__label" }, label));
  }));
  const copy = button("Copy the letter text", async () => {
    try {
      await navigator.clipboard.writeText(texts.text);
      status.textContent = "The letter text is copied. Paste it into your letter template and check it before sending.";
    } catch {
      status.textContent = "Your browser did not allow copying. Download the letter as text instead.";
    }
  }, "ucb-button ucb-button--secondary", { id: "ucb-copy-letter" });
  const actions = h("div", { class: "ucb-button-group" }, copy,
    button("Download the letter (text)", () => download(app, texts.text, `${fileStem(app)}-${current}.txt`, "text/plain;charset=utf-8"), "ucb-button ucb-button--secondary", { id: "ucb-download-letter-text" }),
    button("Download the letter (HTML)", () => download(app, texts.html, `${fileStem(app)}-${current}.html`, "text/html;charset=utf-8"), "ucb-button ucb-button--secondary", { id: "ucb-download-letter-html" }));
  const section = h("section", { class: "ucb-result-section", "aria-labelledby": "ucb-letters-title" },
    h("h3", { class: "ucb-heading-m", id: "ucb-letters-title" }, "Letter drafts"),
    h("p", {}, "Drafts to check and finish before sending. Names and addresses come from the About the case page."),
    h("fieldset", { class: "ucb-fieldset" }, h("legend", { class: "ucb-fieldset__legend" }, "Letter to draft"), radios),
    holder, actions, status);
  app.afterRender.push(load);
  return section;
}

function downloadsSection(app, policyUrl) {
  const status = h("p", { class: "ucb-hint", role: "status" });
  const viaToolkit = (op, label, ext, type) => button(label, async () => {
    let reply;
    try {
      reply = await app.toolkit.call(op, { case: app.draft.case, on: app.draft.on, format: "html", policy_url: policyUrl });
    } catch (error) {
      status.textContent = `The file could not be made: ${plainMessage(error)}`;
      return;
    }
    if (reply.errors && reply.errors.length) {
      status.textContent = reply.errors.map((e) => e.message).join(" ");
      return;
    }
    download(app, reply.text, `${fileStem(app)}-${ext}`, type);
    status.textContent = "";
  }, "ucb-button ucb-button--secondary", { id: `ucb-download-${op}` });
  return h("section", { class: "ucb-result-section", "aria-labelledby": "ucb-downloads-title" },
    h("h3", { class: "ucb-heading-m", id: "ucb-downloads-title" }, "Save and download"),
    h("p", {}, "Files are made in your browser and saved to your device. Keep them somewhere secure: they hold personal information."),
    h("div", { class: "ucb-button-group" },
      button("Download the case file (JSON)", () => {
        download(app, `${JSON.stringify(app.draft.case, null, 2)}\n`, `${fileStem(app)}-case.json`, "application/json");
        // The case is in a file now: opening another one no longer asks first (until the next change).
        app.draft.unsaved = false;
        app.persist({ changed: false });
      }, "ucb-button", { id: "ucb-download-case" }),
      viaToolkit("report", "Download the report (HTML, printable)", "report.html", "text/html;charset=utf-8"),
      viaToolkit("evidence_pack", "Download the step-two evidence pack (HTML)", "evidence-pack.html", "text/html;charset=utf-8")),
    h("p", {}, "To carry on later, upload the case file on the first page of this tool."),
    status);
}

/** Render the result into `box`. Returns when the assessment is shown (or its errors). */
export async function renderResult(app, box) {
  box.replaceChildren(h("p", { role: "status" }, "Assessing the case…"));
  await app.whenReady();
  const policyUrl = new URL("../policy/", window.location.href).href;
  const reply = await app.toolkit.call("assess", { case: app.draft.case, on: app.draft.on });
  if (!reply.assessment) {
    app.showCheckErrors(reply.errors || [], reply.error_count);
    return;
  }
  const a = reply.assessment;
  const refresh = (focusId) => app.go("result", { focus: focusId });
  const outcome = a.outcome || {};
  const role = outcome.role || {};
  const parts = [
    h("div", { class: "ucb-outcome", id: "ucb-outcome", "data-outcome": outcome.id },
      h("p", { class: "ucb-outcome__caption" }, `Assessed as at ${formatDate(a.assessed_on)} under policy version ${a.policy_version}`),
      h("p", { class: "ucb-outcome__title" }, outcome.title),
      h("p", {}, outcome.summary),
      role.title ? h("p", {}, h("strong", {}, "Who acts next: "), role.title.charAt(0).toUpperCase() + role.title.slice(1)) : null,
      outcome.clause ? h("p", {}, "Read the policy: ", clauseLink(app, outcome.clause)) : null),
    h("p", { class: "ucb-inset" }, "This tool shows whether the policy's conditions for a decision are met. It does not decide anything: a manager does, and records their reasons."),
    listSection(app, "ucb-missing-title", "What is missing before the next step", a.missing),
    listSection(app, "ucb-reasons-title", "Why", a.reasons),
    listSection(app, "ucb-safeguards-title", "Safeguards", a.safeguards, "Check each of these before acting."),
    optionsSection(app, a, refresh),
    await lettersSection(app, policyUrl),
    downloadsSection(app, policyUrl),
  ];
  box.replaceChildren(...parts.filter(Boolean));
  if (app.resultStatus) app.resultStatus.textContent = `Result: ${outcome.title}`;
  for (const fn of app.afterRender.splice(0)) fn();
}

export { policyChoices };
