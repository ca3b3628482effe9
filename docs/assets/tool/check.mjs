// "Check your answers": every answer in a summary list with a Change link back to its question.

import { h, hidden, formatDate, isolate, shorten, plural } from "./dom.mjs";
import { describe, humanise, nodeAt } from "./schema.mjs";
import { getAt } from "./model.mjs";
import { fieldId } from "./form.mjs";
import { QUESTION_PAGES, policyChoices } from "./steps.mjs";

/** Case text for a summary: isolated from the words around it (dom.isolate) and shortened if long. */
const text = (value) => isolate(shorten(value));
const list = (values) => values.map((value, i) => [i ? ", " : "", text(value)]);

function displayValue(app, path, value) {
  if (value === undefined || value === null || value === "") return "Not given";
  if (typeof value === "boolean") return value ? "Yes" : "No";
  const last = path[path.length - 1];
  const choices = policyChoices(app.policy);
  if (last === "proposed_restrictions" || last === "option") {
    const label = (v) => choices.restrictions.find((c) => c.value === v)?.label || v;
    return Array.isArray(value) ? (value.length ? list(value.map(label)) : "None") : text(label(value));
  }
  if (Array.isArray(value)) return value.length ? list(value) : "None";
  const field = describe(app.caseSchema, path);
  if (field.kind === "choice") return text(field.choices.find((c) => c.value === value)?.label || humanise(value));
  if (field.kind === "date") return text(formatDate(value));
  return text(value);
}

function row(app, stepId, label, value, target) {
  return h("div", { class: "ucb-summary__row" },
    h("dt", { class: "ucb-summary__key" }, label),
    h("dd", { class: "ucb-summary__value" }, value),
    h("dd", { class: "ucb-summary__actions" },
      h("button", { type: "button", class: "ucb-link", onclick: () => app.go(stepId, { returnTo: "check", focus: target }) },
        "Change", hidden(` ${label.toLowerCase()}`))));
}

function leafRows(app, stepId, path, prefixLabel = "") {
  const value = getAt(app.draft.case, path);
  const node = nodeAt(app.caseSchema, path);
  const label = `${prefixLabel}${node.title || humanise(path[path.length - 1])}`;
  if (node.type === "object" && node.properties) {
    return Object.keys(node.properties).flatMap((key) => {
      const child = [...path, key];
      return getAt(app.draft.case, child) === undefined ? [] : leafRows(app, stepId, child, prefixLabel);
    });
  }
  if (node.type === "array" && node.items && (nodeAt(app.caseSchema, [...path, 0]).type === "object")) {
    const items = value || [];
    return items.map((item, i) => {
      const itemNode = nodeAt(app.caseSchema, [...path, i]);
      const parts = Object.keys(itemNode.properties || {}).filter((k) => item && item[k] !== undefined)
        .map((k) => [`${nodeAt(app.caseSchema, [...path, i, k]).title || k}: `, displayValue(app, [...path, i, k], item[k])]);
      return row(app, stepId, `${itemNode.title || "Item"} ${i + 1}`, parts.map((t, j) => [j ? h("br") : null, t]), fieldId([...path, i]));
    });
  }
  return [row(app, stepId, label, displayValue(app, path, value), fieldId(path))];
}

function contactsSummary(app) {
  const contacts = app.draft.case.contacts || [];
  const dates = contacts.map((c) => String(c.at || "").slice(0, 10)).filter(Boolean).sort();
  const summary = contacts.length
    ? [plural(contacts.length, "contact"), dates.length ? [", from ", text(formatDate(dates[0])), " to ", text(formatDate(dates[dates.length - 1]))] : ""]
    : "None recorded";
  return [row(app, "contacts", "Contact log", summary, "ucb-contacts-title")];
}

const SECTIONS = [
  ["about", [["reference"], ["customer"]]],
  ["circumstances", [["circumstances"]]],
  ["issues", [["issues"]]],
  ["contacts", null],
  ["informal", [["informal_steps"]]],
  ["step_one", [["step_one"]]],
  ["step_two", [["step_two"]]],
  ["decision", [["decision"]]],
  ["reviews", [["reviews"]]],
  ["appeal", [["appeal"]]],
];

/** The summary lists for every question page. */
export function renderSummary(app) {
  return SECTIONS.map(([stepId, paths]) => {
    const rows = paths ? paths.flatMap((path) => (getAt(app.draft.case, path) === undefined ? [] : leafRows(app, stepId, path))) : contactsSummary(app);
    const title = QUESTION_PAGES[stepId]?.title || "Contact log";
    const content = rows.length
      ? h("dl", { class: "ucb-summary" }, rows)
      : h("p", { class: "ucb-summary-empty" }, "Nothing recorded. ",
        h("button", { type: "button", class: "ucb-link", onclick: () => app.go(stepId, { returnTo: "check" }) }, "Add", hidden(` ${title.toLowerCase()}`)));
    return h("section", { class: "ucb-summary-section", "aria-labelledby": `ucb-cya-${stepId}` },
      h("h3", { class: "ucb-heading-s", id: `ucb-cya-${stepId}` }, title), content);
  });
}
