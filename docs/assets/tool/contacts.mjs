// The contact log page: add a contact, import a log, the metrics and a chart of contacts per week.

import { h, s, hidden, button, focusOn, formatDate, isolate, plural, shorten } from "./dom.mjs";
import { renderField, registerArea, fieldId, showFieldErrors, errorSummary } from "./form.mjs";
import { parsePath } from "./model.mjs";
import { policyChoices } from "./steps.mjs";
import { FILE_LIMIT_BYTES, importLogFile, plainMessage } from "./files.mjs";

const SHOWN_ROWS = 100;
/** Problems listed after an import; the report counts the rest. */
const SHOWN_PROBLEMS = 20;

function isoWeekStart(dateText) {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(String(dateText || ""));
  if (!m) return null;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  if (Number.isNaN(d.getTime())) return null;
  const back = (d.getUTCDay() + 6) % 7; // days since Monday
  d.setUTCDate(d.getUTCDate() - back);
  return d;
}

/** Count contacts in each week (Monday start), filling empty weeks, latest 26 weeks at most. */
export function contactsPerWeek(contacts) {
  const counts = new Map();
  for (const c of contacts) {
    const start = isoWeekStart(c && c.at);
    if (!start) continue;
    const key = start.toISOString().slice(0, 10);
    counts.set(key, (counts.get(key) || 0) + 1);
  }
  if (!counts.size) return [];
  const keys = [...counts.keys()].sort();
  const weeks = [];
  const cursor = new Date(`${keys[0]}T00:00:00Z`);
  const last = new Date(`${keys[keys.length - 1]}T00:00:00Z`);
  while (cursor <= last) {
    const key = cursor.toISOString().slice(0, 10);
    weeks.push({ week: key, count: counts.get(key) || 0 });
    cursor.setUTCDate(cursor.getUTCDate() + 7);
  }
  return weeks.slice(-26);
}

function weekChart(weeks) {
  const max = Math.max(1, ...weeks.map((w) => w.count));
  const width = 420;
  const height = 190;
  const left = 36;
  const bottom = 28;
  const plotW = width - left - 8;
  const plotH = height - bottom - 12;
  const gap = 4;
  const barW = Math.min(48, Math.max(4, plotW / weeks.length - gap));
  const total = weeks.reduce((n, w) => n + w.count, 0);
  const summary = `Bar chart of contacts per week: ${plural(total, "contact")} over ${plural(weeks.length, "week")}, at most ${max} in one week.`;
  const svg = s("svg", {
    class: "ucb-chart", viewBox: `0 0 ${width} ${height}`, role: "img", "aria-labelledby": "ucb-chart-title",
    preserveAspectRatio: "xMinYMin meet", focusable: "false",
  },
  s("title", { id: "ucb-chart-title" }, summary),
  s("line", { x1: left, y1: 12 + plotH, x2: width - 4, y2: 12 + plotH, class: "ucb-chart__axis" }),
  s("line", { x1: left, y1: 12, x2: left, y2: 12 + plotH, class: "ucb-chart__axis" }),
  s("text", { x: left - 6, y: 16, class: "ucb-chart__label", "text-anchor": "end" }, String(max)),
  s("text", { x: left - 6, y: 12 + plotH, class: "ucb-chart__label", "text-anchor": "end" }, "0"),
  weeks.map((w, i) => {
    const barH = (w.count / max) * plotH;
    const x = left + gap / 2 + i * (plotW / weeks.length);
    return s("rect", { x, y: 12 + plotH - barH, width: barW, height: barH, class: "ucb-chart__bar" },
      s("title", {}, `Week starting ${formatDate(w.week)}: ${w.count}`));
  }),
  s("text", { x: left, y: height - 6, class: "ucb-chart__label" }, `w/c ${formatDate(weeks[0].week)}`),
  weeks.length > 1 ? s("text", { x: width - 4, y: height - 6, class: "ucb-chart__label", "text-anchor": "end" }, `w/c ${formatDate(weeks[weeks.length - 1].week)}`) : null);
  const table = h("table", { class: "ucb-table" },
    h("caption", { class: "ucb-visually-hidden" }, "Contacts per week"),
    h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Week starting"), h("th", { scope: "col", class: "ucb-num" }, "Contacts"))),
    h("tbody", {}, weeks.map((w) => h("tr", {}, h("td", {}, formatDate(w.week)), h("td", { class: "ucb-num" }, String(w.count))))));
  return h("div", { class: "ucb-chart-box" }, svg,
    h("details", { class: "ucb-details" }, h("summary", {}, "Show contacts per week as a table"), table));
}

function metricProps(app) {
  return app.assessmentSchema?.properties?.metrics?.properties || {};
}

function itemTitles(app, key) {
  const node = metricProps(app)[key] || {};
  return (node.items || node).properties || {};
}

function number(value) {
  return Number.isInteger(value) ? String(value) : Number(value).toFixed(2);
}

/** A policy figure with its unit, the unit's nouns made singular for one: "1 contact per working day". */
function figure(value, unit) {
  const words = value === 1 ? String(unit).replace(/\b([a-z]+?)s\b/g, "$1") : unit;
  return `${number(value)} ${words}`;
}

function behaviourTitle(app, id) {
  return app.policy.behaviours?.[id]?.title || id;
}

/** The figures as a summary list plus two small tables, labelled from the assessment schema. */
function renderMetrics(app, m) {
  const props = metricProps(app);
  const label = (key) => props[key]?.title || key;
  const window = m.busiest_window;
  const recorded = Object.entries(m.behaviours || {}).filter(([, n]) => n > 0);
  const rows = [
    ["contacts", String(m.contacts)],
    ["first_contact_on", m.first_contact_on ? formatDate(m.first_contact_on) : "None"],
    ["last_contact_on", m.last_contact_on ? formatDate(m.last_contact_on) : "None"],
    ["working_days", String(m.working_days)],
    ["per_working_day", number(m.per_working_day)],
    ["busiest_window", window
      ? `${plural(window.contacts, "contact")} in the ${plural(window.working_days, "working day")} from ${formatDate(window.starts_on)} to ${formatDate(window.ends_on)}: ${number(window.per_working_day)} a working day`
      : "None"],
    ["departments", String(m.departments)],
    ["officers", String(m.officers)],
    ["members", String(m.members)],
    ["most_recipients_for_one_issue", String(m.most_recipients_for_one_issue)],
    ["most_repeats_of_answered_issue", String(m.most_repeats_of_answered_issue)],
    ["explained_by_council_delay", m.explained_by_council_delay
      ? `${m.explained_by_council_delay.contacts} contacts (${number(m.explained_by_council_delay.percent)}%)`
      : "None"],
    ["behaviours", recorded.length ? recorded.map(([id, n]) => `${behaviourTitle(app, id)}: ${n}`).join("; ") : "None recorded"],
    ["behaviours_seen", (m.behaviours_seen || []).length ? m.behaviours_seen.map((id) => behaviourTitle(app, id)).join("; ") : "None"],
  ].filter(([key]) => key in m);
  const list = h("dl", { class: "ucb-metrics" }, rows.map(([key, text]) => h("div", { class: "ucb-metrics__row" },
    h("dt", {}, label(key)), h("dd", {}, text))));
  const parts = [list];
  const ind = itemTitles(app, "indicators");
  if ((m.indicators || []).length) {
    parts.push(h("div", { class: "ucb-table-wrap" }, h("table", { class: "ucb-table" },
      h("caption", {}, label("indicators")),
      h("thead", {}, h("tr", {},
        h("th", { scope: "col" }, ind.title?.title || "What is measured"),
        h("th", { scope: "col", class: "ucb-num" }, ind.value?.title || "Figure found"),
        h("th", { scope: "col", class: "ucb-num" }, "Policy's figure"),
        h("th", { scope: "col" }, ind.is_met?.title || "Met?"))),
      h("tbody", {}, m.indicators.map((row) => h("tr", {},
        h("td", {}, row.title, " ", row.clause ? h("a", { href: `../policy/#${row.clause}`, class: "ucb-clause" }, hidden("Policy clause: "), app.policy.clauses?.[row.clause] || row.clause) : null),
        h("td", { class: "ucb-num" }, number(row.value)),
        h("td", { class: "ucb-num" }, figure(row.threshold, row.unit)),
        h("td", {}, row.is_met ? "Yes" : "No")))))));
  }
  const iss = itemTitles(app, "issues");
  if ((m.issues || []).length) {
    const cols = ["id", "contacts", "recipients", "repeats_after_answer", "is_unresolved_or_late"];
    parts.push(h("div", { class: "ucb-table-wrap" }, h("table", { class: "ucb-table" },
      h("caption", {}, label("issues")),
      h("thead", {}, h("tr", {}, cols.map((c) => h("th", { scope: "col" }, iss[c]?.title || c)))),
      h("tbody", {}, m.issues.map((row) => h("tr", {}, cols.map((c) => h("td", {},
        typeof row[c] === "boolean" ? (row[c] ? "Yes" : "No") : c === "id" ? isolate(shorten(row[c] ?? "")) : String(row[c] ?? "")))))))));
  }
  return parts;
}

/** Fill the metrics panel from the `metrics` op (when Python is ready) and the weekly chart. */
export async function refreshMetrics(app, panel) {
  const contacts = app.draft.case.contacts || [];
  panel.replaceChildren();
  if (!contacts.length) {
    panel.append(h("p", {}, "Figures appear here once the log has a contact."));
    return;
  }
  const weeks = contactsPerWeek(contacts);
  if (weeks.length) panel.append(h("h4", { class: "ucb-heading-xs" }, "Contacts per week"), weekChart(weeks));
  const status = h("p", { class: "ucb-hint" }, app.ready ? "Working out the figures…" : "The figures appear when the assessment engine has loaded.");
  panel.append(status);
  if (!app.ready) return;
  try {
    const reply = await app.toolkit.call("metrics", { case: app.draft.case, on: app.draft.on });
    if (!panel.isConnected) return;
    if (!reply.metrics) {
      status.textContent = "The figures can be worked out once the contact log has no errors.";
      return;
    }
    status.replaceWith(...renderMetrics(app, reply.metrics));
  } catch (error) {
    status.textContent = `The figures could not be worked out: ${plainMessage(error)}`;
  }
}

function contactRow(app, ctx, contact, index, choices) {
  const path = ["contacts", index];
  const channel = choices.channel.find((c) => c.value === contact.channel)?.label || contact.channel || "";
  const behaviours = (contact.behaviours || []).map((b) => choices.behaviours.find((c) => c.value === b)?.label || b);
  const reached = [...(contact.departments || []), ...(contact.officers || []), ...(contact.members || [])];
  // Every name from the case is isolated on its own, so the commas between them stay the tool's.
  const names = (list) => list.map((name, i) => [i ? ", " : "", isolate(shorten(name))]);
  const cell = (label, content, cls) => h("td", { "data-label": label, class: cls }, content);
  const row = h("tr", { id: fieldId(path), tabindex: "-1" },
    cell("No.", String(index + 1), "ucb-num"),
    cell("Date and time", contact.at ? isolate(shorten(String(contact.at).replace("T", " "))) : ""),
    cell("Channel", isolate(shorten(channel))),
    cell("Issues", names(contact.issues || [])),
    cell("Sent to", names(reached)),
    cell("Behaviour seen", names(behaviours)),
    h("td", {}, button(["Remove", hidden(` contact ${index + 1}`)], () => {
      app.draft.case.contacts.splice(index, 1);
      ctx.onChange(["contacts"], app.draft.case.contacts.length ? app.draft.case.contacts : undefined);
      ctx.rerender({ focus: "ucb-contacts-title" });
    }, "ucb-button ucb-button--secondary ucb-button--small")));
  registerArea(ctx, path, row, fieldId(path));
  return row;
}

function contactTable(app, ctx, errorRows) {
  const contacts = app.draft.case.contacts || [];
  const choices = policyChoices(app.policy);
  if (!contacts.length) return h("p", { id: "ucb-contacts-empty" }, "No contacts recorded yet.");
  const start = Math.max(0, contacts.length - SHOWN_ROWS);
  const indexes = new Set([...errorRows].filter((i) => i < start));
  for (let i = start; i < contacts.length; i += 1) indexes.add(i);
  const sorted = [...indexes].sort((a, b) => a - b);
  return h("div", { class: "ucb-table-wrap", role: "region", "aria-labelledby": "ucb-contacts-caption", tabindex: "0" },
    h("table", { class: "ucb-table ucb-table--contacts" },
      h("caption", { id: "ucb-contacts-caption" }, `${plural(contacts.length, "contact")} recorded`,
        start > 0 ? `, showing the latest ${SHOWN_ROWS}${indexes.size > SHOWN_ROWS ? " and any with errors" : ""}` : ""),
      h("thead", {}, h("tr", {}, ["No.", "Date and time", "Channel", "Issues", "Sent to", "Behaviour seen", "Action"].map((t) => h("th", { scope: "col" }, t)))),
      h("tbody", {}, sorted.map((i) => contactRow(app, ctx, contacts[i], i, choices)))));
}

/** What an import did, for the page: the contacts added, and the problems (the first ones, and a count). */
function importReport(reply, fileName, added) {
  const problems = reply.errors || [];
  const notes = problems.filter((e) => e.code === "column_ignored");
  const rowProblems = problems.filter((e) => e.code !== "column_ignored");
  const refused = !added && !reply.left_out && rowProblems.length > 0;
  const report = h("div", {}, refused ? null : h("p", { class: "ucb-notice", role: "status", id: "ucb-import-notice", tabindex: "-1" },
    `${plural(added, "contact")} imported from `, isolate(fileName), "."));
  if (!problems.length) return { report, focus: "ucb-import-notice" };
  const unit = reply.format === "csv" ? "row" : "contact";
  if (notes.length) report.append(h("div", { class: "ucb-inset", id: "ucb-import-notes" }, notes.map((e) => h("p", {}, e.message))));
  if (!rowProblems.length) return { report, focus: "ucb-import-notice" };
  const shown = rowProblems.slice(0, SHOWN_PROBLEMS);
  const more = (reply.error_count ?? problems.length) - notes.length - shown.length;
  const title = reply.left_out
    ? `${plural(reply.left_out, unit)} could not be imported`
    : "The file could not be imported";
  report.append(h("div", { class: "ucb-error-summary", tabindex: "-1", id: "ucb-import-errors", role: "alert" },
    h("h4", { class: "ucb-error-summary__title" }, title),
    reply.left_out ? h("p", {}, `Correct these ${unit}s in the file and import just them again, or add them by hand.`) : null,
    h("ul", { class: "ucb-error-summary__list" }, shown.map((e) => h("li", {}, e.message))),
    more > 0 ? h("p", { id: "ucb-import-more" }, `And ${plural(more, "more problem")} not listed here: correct these first, then import the file again to see the rest.`) : null));
  return { report, focus: "ucb-import-errors" };
}

/** Render the contact log page. */
export function renderContacts(ctx, app) {
  const choices = policyChoices(app.policy);
  const pending = app.draft.pendingContact || (app.draft.pendingContact = {});
  const issues = (app.draft.case.issues || []).filter((i) => i && i.id);
  const addCtx = {
    case: pending, schema: ctx.schema, fields: [], rerender: ctx.rerender,
    onChange: (path, value) => {
      const [key] = path;
      if (value === undefined || value === "" || (Array.isArray(value) && !value.length)) delete pending[key];
      else pending[key] = value;
      app.persist();
    },
  };
  const item = (key, opts) => renderField(addCtx, [key], opts);
  const fieldOpts = (key) => {
    const node = ctx.schema.$defs.contact.properties[key];
    return { label: node.title, hint: node.description };
  };
  const addFields = [
    item("at", fieldOpts("at")),
    item("channel", { ...fieldOpts("channel"), kind: "choice", choices: choices.channel }),
    issues.length
      ? item("issues", { ...fieldOpts("issues"), kind: "multichoice", choices: issues.map((i) => ({ value: i.id, label: [isolate(shorten(i.id)), ": ", isolate(shorten(i.summary || ""))] })) })
      : h("p", { class: "ucb-hint" }, "Add the customer's issues on the previous page to link contacts to them."),
    item("departments", { ...fieldOpts("departments"), kind: "stringlist" }),
    item("officers", { ...fieldOpts("officers"), kind: "stringlist" }),
    item("members", { ...fieldOpts("members"), kind: "stringlist" }),
    item("behaviours", { ...fieldOpts("behaviours"), kind: "multichoice", choices: choices.behaviours }),
    item("note", { ...fieldOpts("note"), kind: "textarea" }),
  ];
  const addErrorsBox = h("div");
  if (app.addErrors && app.addErrors.length) {
    const summary = errorSummary(showFieldErrors(addCtx.fields, app.addErrors), null, 4);
    addErrorsBox.append(summary);
    // Focus it only on the render that found the errors: a later import report must keep its focus.
    if (app.addErrorsFresh) app.afterRender.push(() => focusOn(summary));
    app.addErrorsFresh = false;
  }
  const addForm = h("div", { class: "ucb-panel", role: "group", "aria-labelledby": "ucb-add-contact-title" },
    h("h3", { class: "ucb-heading-s", id: "ucb-add-contact-title" }, "Add a contact"),
    addErrorsBox, addFields,
    button("Add this contact", async () => {
      const contact = JSON.parse(JSON.stringify(pending));
      const index = (app.draft.case.contacts || []).length;
      if (app.ready) {
        const trial = { ...app.draft.case, contacts: [...(app.draft.case.contacts || []), contact] };
        // If the engine has stopped, the contact is added unchecked; the check page validates it later.
        const reply = await app.toolkit.call("validate", { case: trial, on: app.draft.on }).catch(() => ({ errors: [] }));
        const mine = reply.errors.map((e) => ({ ...e, parsedPath: parsePath(e.path) }))
          .filter((e) => e.parsedPath[0] === "contacts" && e.parsedPath[1] === index)
          .map((e) => ({ ...e, parsedPath: e.parsedPath.slice(2) }));
        if (mine.length) {
          app.addErrors = mine;
          app.addErrorsFresh = true;
          ctx.rerender();
          return;
        }
      }
      app.addErrors = null;
      app.draft.case.contacts = [...(app.draft.case.contacts || []), contact];
      app.draft.pendingContact = {};
      app.notice = `Contact ${index + 1} added.`;
      app.persist();
      ctx.rerender({ focus: "ucb-f-at" });
    }, "ucb-button", { id: "ucb-add-contact" }));

  const importStatus = h("div", { class: "ucb-import-status", "aria-live": "polite" });
  if (app.importReport) importStatus.append(app.importReport);
  const fileInput = h("input", {
    type: "file", id: "ucb-import-file", class: "ucb-file", accept: ".csv,.json,text/csv,application/json",
    "aria-describedby": "ucb-import-hint",
  });
  fileInput.addEventListener("change", async () => {
    const file = fileInput.files && fileInput.files[0];
    if (!file) return;
    importStatus.replaceChildren(h("p", {}, app.ready ? "Importing…" : "Waiting for the assessment engine to finish loading…"));
    try {
      const reply = await importLogFile(app, file, app.store.size);
      const added = reply.contacts || [];
      if (added.length) {
        app.draft.case.contacts = [...(app.draft.case.contacts || []), ...added];
        app.persist();
      }
      const { report, focus } = importReport(reply, file.name, added.length);
      app.importReport = report;
      ctx.rerender({ focus });
    } catch (error) {
      const box = h("div", { class: "ucb-error-summary", tabindex: "-1", role: "alert" },
        h("h4", { class: "ucb-error-summary__title" }, "The file could not be imported"), h("p", {}, plainMessage(error)));
      importStatus.replaceChildren(box);
      focusOn(box);
    } finally {
      fileInput.value = "";
    }
  });
  const importBox = h("div", { class: "ucb-panel" },
    h("h3", { class: "ucb-heading-s" }, "Import a contact log"),
    h("div", { class: "ucb-field" },
      h("label", { for: "ucb-import-file", class: "ucb-label" }, "Choose a CSV or JSON file"),
      h("div", { class: "ucb-hint", id: "ucb-import-hint" },
        `A CSV file whose first row names the columns: date (2023-06-14 or 14/06/2023), time (optional), channel, departments, officers, members, issues, behaviours and note. Only date and channel are needed. Separate several names in one cell with semicolons. Or a JSON list of contacts. Imported contacts are added to the log below. Up to ${FILE_LIMIT_BYTES / 1048576} MB.`),
      fileInput),
    importStatus);

  const errorRows = new Set((app.errors || []).map((e) => e.parsedPath).filter((pp) => pp[0] === "contacts" && typeof pp[1] === "number").map((pp) => pp[1]));
  const metricsPanel = h("div", { class: "ucb-metrics-panel", "aria-live": "polite" });
  app.afterRender.push(() => refreshMetrics(app, metricsPanel));
  return [
    h("p", { class: "ucb-intro" }, ctx.schema.properties.contacts.description),
    app.notice ? h("p", { class: "ucb-notice", role: "status" }, app.notice) : null,
    h("h3", { class: "ucb-heading-s" }, "What the contact log shows"),
    metricsPanel,
    addForm,
    importBox,
    h("h3", { class: "ucb-heading-s", id: "ucb-contacts-title", tabindex: "-1" }, "The log so far"),
    contactTable(app, ctx, errorRows),
  ];
}
