// The result page: the outcome in plain words, reasons with policy links, restriction options, letters and downloads.

import { h, hidden, button, focusOn, formatDate, today } from "./dom.mjs";
import { renderField, showFieldErrors, errorSummary } from "./form.mjs";
import { parsePath, setAt } from "./model.mjs";
import { policyChoices, QUESTION_PAGES, STEP_PATHS } from "./steps.mjs";
import { plainMessage } from "./files.mjs";

/** The page where a letter's missing parts are recorded (presentation only: the engine says what is missing). */
const LETTER_PAGES = {
  step_one: "step_one",
  warning: "warning",
  protective_action: "protective",
  restriction_notice: "decision",
  other_person_notice: "decision",
  review_outcome: "reviews",
  appeal_outcome: "appeals",
  restrictions_ended: "decision",
  decision_not_to_restrict: "decision",
};

const DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

function clauseLink(app, clause) {
  if (!clause) return null;
  const title = app.policy.clauses?.[clause] || clause;
  return h("a", { href: `../policy/#${clause}`, class: "ucb-clause" }, hidden("Policy clause: "), title);
}

/** The start of every file name: the case reference, made safe for a file name. */
export function fileStem(app) {
  const ref = String(app.draft.case.reference || "case").slice(0, 100).replace(/[^A-Za-z0-9_-]+/g, "-").replace(/^-+|-+$/g, "");
  return ref || "case";
}

/** A download's name: the reference, what it is, and the date it is as at (so saves never pile up as "(1)"). */
function fileName(app, what, ext) {
  return `${fileStem(app)}-${what}-${app.draft.on || today()}.${ext}`;
}

/** "record it" links: the page where a JSON path is recorded, and the field to focus there. */
function pathLink(app, jsonPath, text, id) {
  const parts = parsePath(jsonPath);
  const page = pageOf(parts);
  if (!page) return null;
  return h("a", {
    href: app.urlFor(page), class: "ucb-record-link", id,
    onclick: (event) => {
      event.preventDefault();
      event.stopPropagation(); // the tool moves itself, not Material's instant navigation
      app.openPath(parts, page);
    },
  }, text, hidden(` (${QUESTION_PAGES[page]?.title || "Contact log"})`));
}

function pageOf(parts) {
  for (const [page, prefixes] of Object.entries(STEP_PATHS)) {
    if (prefixes.some((pre) => pre.every((key, i) => parts[i] === key))) return page;
  }
  return null;
}

/** The next steps: each action, who takes it, by when, and a link to the page where it is recorded. */
export function nextStepsPanel(app, assessment, { level = 3 } = {}) {
  const steps = assessment.next_steps || [];
  if (!steps.length) return null;
  return h("section", { class: "ucb-next-steps", "aria-labelledby": "ucb-next-steps-title" },
    h(`h${level}`, { class: "ucb-heading-m", id: "ucb-next-steps-title" }, "Next steps"),
    h("ol", { class: "ucb-next-steps__list" }, steps.map((item, i) => h("li", { class: "ucb-next-steps__item" },
      h("p", { class: "ucb-next-steps__action" }, item.action),
      h("dl", { class: "ucb-next-steps__facts" },
        h("div", {}, h("dt", {}, "Who"), h("dd", {}, sentenceCase(item.role?.title || ""))),
        h("div", {}, h("dt", {}, "By"), h("dd", {}, item.by ? formatDate(item.by) : "No date set"))),
      item.path ? h("p", { class: "ucb-no-print" }, pathLink(app, item.path, "Record it", `ucb-next-step-${i}`)) : null))));
}

function sentenceCase(text) {
  return text ? text.charAt(0).toUpperCase() + text.slice(1) : text;
}

/** Restrictions in place: what each covers, from when, the review date (the engine's, one only) and the latest end. */
function restrictionsInPlace(app, assessment) {
  const rows = assessment.restrictions_in_force || [];
  if (!rows.length) return null;
  const people = policyChoices(app.policy).people;
  return h("section", { class: "ucb-result-section ucb-in-place", "aria-labelledby": "ucb-in-place-title" },
    h("h3", { class: "ucb-heading-m", id: "ucb-in-place-title" }, "Restrictions in place"),
    rows.map((r, i) => h("div", { class: "ucb-in-place__item" },
      h("h4", { class: "ucb-heading-s ucb-in-place__title" }, `${i + 1}. ${r.title}`),
      h("dl", { class: "ucb-summary" },
        factRow("Exactly what is restricted", r.scope),
        factRow("Who it covers", `${people.find((p) => p.value === r.applies_to)?.label || r.applies_to}${r.person_name ? `: ${r.person_name}` : ""}`),
        factRow("Started on", formatDate(r.starts_on)),
        factRow("Review by", formatDate(r.review_on)),
        factRow("Ends at the latest", formatDate(r.ends_at_latest))),
      h("p", { class: "ucb-no-print" }, pathLink(app, r.path, "Change this restriction", `ucb-in-place-change-${i}`)))));
}

function factRow(key, value) {
  return h("div", { class: "ucb-summary__row ucb-summary__row--fact" }, h("dt", { class: "ucb-summary__key" }, key), h("dd", { class: "ucb-summary__value" }, value));
}

/** Offer text (or bytes) as a file download from memory (no network request). */
export function download(app, content, filename, type) {
  const url = URL.createObjectURL(new Blob([content], { type }));
  app.objectUrls.push(url);
  const link = h("a", { href: url, download: filename, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
}

/**
 * A sandboxed preview of toolkit HTML: no scripts, no same-origin access. The page's own Content
 * Security Policy applies inside it, so the document's print styles (an inline <style>, for A4) are
 * left out of the preview; the downloaded file keeps them.
 */
function preview(html, title) {
  const frame = h("iframe", { class: "ucb-preview", title, sandbox: "", referrerpolicy: "no-referrer" });
  // The toolkit writes CSS strings escaped, so no "</style>" can appear inside its style element.
  frame.srcdoc = html.replace(/<style>[\s\S]*?<\/style>/g, "");
  return frame;
}

function listSection(app, id, title, items, intro) {
  if (!items || !items.length) return null;
  return h("section", { class: "ucb-result-section", "aria-labelledby": id },
    h("h3", { class: "ucb-heading-m", id }, title),
    intro ? h("p", {}, intro) : null,
    h("ul", { class: "ucb-reasons" }, items.map((item, i) => h("li", {}, item.message, " ", clauseLink(app, item.clause),
      item.path && id === "ucb-missing-title" ? [" ", pathLink(app, item.path, "Record it", `ucb-missing-${i}`)] : null))));
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
  const offered = assessment.offers?.options;
  const options = [...(assessment.restriction_options || [])].sort((a, b) => a.rank - b.rank);
  if (!offered) {
    // The outcome offers no options: its one line says why.
    if (!assessment.offers?.no_options) return null;
    return h("section", { class: "ucb-result-section", "aria-labelledby": "ucb-options-title" },
      h("h3", { class: "ucb-heading-m", id: "ucb-options-title" }, "Restriction options"),
      h("p", { id: "ucb-no-options" }, assessment.offers.no_options));
  }
  if (!options.length) return null;
  if (offered.mode === "suggest") {
    return h("section", { class: "ucb-result-section", "aria-labelledby": "ucb-options-title", "data-mode": "suggest" },
      h("h3", { class: "ucb-heading-m", id: "ucb-options-title" }, "Ways forward to try"),
      h("p", {}, "These answer what the contact log shows at this stage. None of them restricts contact."),
      h("div", { class: "ucb-options" }, options.map((o) => optionCard(app, o, false, null))));
  }
  if (offered.mode === "reference") {
    // For reference beside the restrictions in place; the decision and review pages hold what was imposed.
    const proposed = new Set(app.draft.case.step_two?.proposed_restrictions || []);
    return h("section", { class: "ucb-result-section ucb-no-print", "aria-labelledby": "ucb-options-title", "data-mode": "reference" },
      h("h3", { class: "ucb-heading-m", id: "ucb-options-title" }, "Restriction options"),
      h("details", { class: "ucb-details", id: "ucb-options-catalogue" },
        h("summary", {}, "Show the restriction options, least restrictive first (for reference)"),
        h("p", {}, "For reference, for example at a review. What is in place, with its exact scope and review date, is under Restrictions in place."),
        h("div", { class: "ucb-options" }, options.map((o) => optionCard(app, o, proposed.has(o.id), null)))));
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
  const section = h("section", { class: "ucb-result-section", "aria-labelledby": "ucb-options-title", "data-mode": "propose" },
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

/** Bytes from base64 (the letter operation returns a Word letter that way). */
function fromBase64(text) {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** The letters the outcome offers: the ready ones to draft, the others with what to record first and where. */
function lettersSection(app, assessment, policyUrl) {
  const offered = assessment.offers?.letters || [];
  if (!offered.length) return null;
  const ready = offered.filter((l) => l.ready);
  const waiting = offered.filter((l) => !l.ready);
  const holder = h("div", { class: "ucb-letter-preview", "aria-live": "polite" });
  const status = h("p", { class: "ucb-hint", role: "status" });
  let current = ready.some((l) => l.kind === app.draft.letterKind) ? app.draft.letterKind : ready[0]?.kind;
  let texts = { text: "", html: "" };
  const titleOf = (kind) => offered.find((l) => l.kind === kind)?.title || kind;
  const base = () => ({ case: app.draft.case, on: app.draft.on, kind: current, policy_url: policyUrl });
  const actions = h("div", { class: "ucb-button-group" });
  const load = async () => {
    if (!current) return;
    holder.replaceChildren(h("p", {}, "Drafting the letter…"));
    let text;
    let html;
    try {
      [text, html] = await Promise.all([
        app.toolkit.call("letter", { ...base(), format: "text" }),
        app.toolkit.call("letter", { ...base(), format: "html" }),
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
    holder.replaceChildren(preview(html.text, `Preview: ${titleOf(current)}`));
  };
  const stem = () => `${fileStem(app)}-${current.replace(/_/g, "-")}-letter-${app.draft.on || today()}`;
  actions.append(
    button("Copy the letter text", async () => {
      try {
        await navigator.clipboard.writeText(texts.text);
        status.textContent = "The letter text is copied. Paste it into your letter template and check it before sending.";
      } catch {
        status.textContent = "Your browser did not allow copying. Download the letter as text instead.";
      }
    }, "ucb-button ucb-button--secondary", { id: "ucb-copy-letter" }),
    button("Download the letter (Word)", async () => {
      let reply;
      try {
        reply = await app.toolkit.call("letter", { ...base(), format: "docx" });
      } catch (error) {
        status.textContent = `The Word letter could not be made: ${plainMessage(error)}`;
        return;
      }
      if (!reply.base64) {
        status.textContent = (reply.errors || []).map((e) => e.message).join(" ") || "The Word letter could not be made.";
        return;
      }
      download(app, fromBase64(reply.base64), `${stem()}.docx`, DOCX_TYPE);
      status.textContent = "";
    }, "ucb-button ucb-button--secondary", { id: "ucb-download-letter-docx" }),
    button("Download the letter (text)", () => download(app, texts.text, `${stem()}.txt`, "text/plain;charset=utf-8"), "ucb-button ucb-button--secondary", { id: "ucb-download-letter-text" }),
    button("Download the letter (HTML)", () => download(app, texts.html, `${stem()}.html`, "text/html;charset=utf-8"), "ucb-button ucb-button--secondary", { id: "ucb-download-letter-html" }));
  const radios = h("div", { class: "ucb-radios" }, ready.map((letter) => {
    const id = `ucb-letter-${letter.kind}`;
    const input = h("input", { type: "radio", name: "ucb-letter-kind", id, value: letter.kind, class: "ucb-radios__input", checked: letter.kind === current });
    input.addEventListener("change", () => {
      if (!input.checked) return;
      current = letter.kind;
      app.draft.letterKind = letter.kind;
      app.persist({ changed: false });
      status.textContent = "";
      load();
    });
    return h("div", { class: "ucb-radios__item" }, input, h("label", { for: id, class: "ucb-radios__label" }, letter.title));
  }));
  const waitingList = waiting.length ? h("div", { class: "ucb-inset", id: "ucb-letters-waiting" },
    h("p", {}, waiting.length === 1 ? "One letter needs more recorded before it can be drafted:" : "These letters need more recorded before they can be drafted:"),
    h("ul", {}, waiting.map((letter) => h("li", {}, h("strong", {}, letter.title), ": ", letter.needs.join(" "), " ",
      LETTER_PAGES[letter.kind]
        ? h("button", { type: "button", class: "ucb-link", onclick: () => app.go(LETTER_PAGES[letter.kind], { returnTo: "check" }) },
          `Record it on the ${QUESTION_PAGES[LETTER_PAGES[letter.kind]].title.toLowerCase()} page`)
        : null)))) : null;
  const section = h("section", { class: "ucb-result-section ucb-no-print", "aria-labelledby": "ucb-letters-title" },
    h("h3", { class: "ucb-heading-m", id: "ucb-letters-title" }, "Letter drafts"),
    h("p", {}, "Drafts to check and finish before sending. Names and addresses come from the About the case page."),
    ready.length ? [
      ready.length > 1 ? h("fieldset", { class: "ucb-fieldset" }, h("legend", { class: "ucb-fieldset__legend" }, "Letter to draft"), radios) : h("p", {}, h("strong", {}, titleOf(current))),
      holder, actions, status,
    ] : null,
    waitingList);
  if (ready.length) app.afterRender.push(load);
  return section;
}

function downloadsSection(app, assessment, policyUrl) {
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
    download(app, reply.text, fileName(app, ext, "html"), type);
    status.textContent = "";
  }, "ucb-button ucb-button--secondary", { id: `ucb-download-${op}` });
  return h("section", { class: "ucb-result-section ucb-no-print", "aria-labelledby": "ucb-downloads-title" },
    h("h3", { class: "ucb-heading-m", id: "ucb-downloads-title" }, "Save and download"),
    h("p", {}, "Files are made in your browser and saved to your device. Keep them somewhere secure: they hold personal information."),
    h("div", { class: "ucb-button-group" },
      button("Download the case file (JSON)", () => {
        app.downloadCase();
        status.textContent = "The case file is saved. Open it on the tool's first page to carry on another day.";
      }, "ucb-button", { id: "ucb-download-case" }),
      viaToolkit("report", "Download the report (HTML, printable)", "report", "text/html;charset=utf-8"),
      assessment.offers?.evidence_pack ? viaToolkit("evidence_pack", "Download the step-two evidence pack (HTML)", "evidence-pack", "text/html;charset=utf-8") : null,
      button("Print this page", () => window.print(), "ucb-button ucb-button--secondary", { id: "ucb-print" })),
    h("p", {}, "To carry on another day, open the case file on the first page of this tool: it opens where the case stands."),
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
  const ref = a.reference || app.draft.case.reference;
  const parts = [
    h("div", { class: "ucb-print-header", "aria-hidden": "true" },
      h("p", { class: "ucb-print-header__council" }, app.policy.meta?.council || ""),
      h("p", {}, `${app.policy.meta?.title || ""}: case ${ref || "without a reference"}`),
      h("p", {}, `Assessed as at ${formatDate(a.assessed_on)} under policy version ${a.policy_version}. Printed from the decision tool on ${formatDate(today())}.`)),
    h("div", { class: "ucb-outcome", id: "ucb-outcome", "data-outcome": outcome.id },
      h("p", { class: "ucb-outcome__caption" }, `Case ${ref || "without a reference"}, assessed as at ${formatDate(a.assessed_on)} under policy version ${a.policy_version}`),
      h("p", { class: "ucb-outcome__title" }, outcome.title),
      h("p", {}, outcome.summary),
      role.title ? h("p", {}, h("strong", {}, "Who acts next: "), sentenceCase(role.title)) : null,
      outcome.clause ? h("p", {}, "Read the policy: ", clauseLink(app, outcome.clause)) : null),
    nextStepsPanel(app, a, { level: 3 }),
    restrictionsInPlace(app, a),
    h("p", { class: "ucb-inset" }, "This tool shows whether the policy's conditions for a decision are met. It does not decide anything: a manager does, and records their reasons."),
    listSection(app, "ucb-missing-title", "What is missing before the next step", a.missing),
    listSection(app, "ucb-reasons-title", "Why", a.reasons),
    listSection(app, "ucb-safeguards-title", "Safeguards", a.safeguards, "Check each of these before acting."),
    optionsSection(app, a, refresh),
    lettersSection(app, a, policyUrl),
    downloadsSection(app, a, policyUrl),
  ];
  box.replaceChildren(...parts.filter(Boolean));
  if (app.resultStatus) app.resultStatus.textContent = `Result: ${outcome.title}`;
  for (const fn of app.afterRender.splice(0)) fn();
}

export { policyChoices };
