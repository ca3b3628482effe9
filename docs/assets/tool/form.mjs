// Form controls built from the case schema, bound to the case by path; errors beside fields and in a summary.

import { h, hidden, button, focusOn, plural } from "./dom.mjs";
import { describe } from "./schema.mjs";
import { getAt, formatPath } from "./model.mjs";
import { dateParts, dateProblem, dateValue } from "./dates.mjs";

/** The element id for a field's first control. Prefixed so it never equals a heading anchor. */
export function fieldId(path) {
  return "ucb-f-" + path.join("-");
}

function describedBy(...ids) {
  const list = ids.filter(Boolean);
  return list.length ? list.join(" ") : undefined;
}

function textValue(kind, raw) {
  if (kind === "number") return raw === "" ? undefined : Number(raw);
  if (kind === "stringlist") return raw.split("\n").map((line) => line.trim()).filter(Boolean);
  return raw;
}

function radios(ctx, field, id, hintId, options, current, onPick) {
  const name = id;
  return h("div", { class: "ucb-radios" }, options.map((opt, i) => {
    const inputId = i === 0 ? id : `${id}-${i}`;
    const input = h("input", {
      type: "radio", id: inputId, name, value: String(i), class: "ucb-radios__input",
      checked: current === opt.value,
    });
    input.addEventListener("change", () => { if (input.checked) onPick(opt.value); });
    return h("div", { class: "ucb-radios__item" }, input, h("label", { for: inputId, class: "ucb-radios__label" }, opt.label));
  }));
}

/** The GOV.UK date input (day, month and year boxes), with a separate time box when `withTime`. */
function dateInput(ctx, path, field, id, record, withTime) {
  const current = getAt(ctx.case, path);
  const parts = dateParts(current);
  const hintId = `${id}-hint`;
  const boxes = {};
  const update = () => {
    const next = Object.fromEntries(Object.entries(boxes).map(([key, input]) => [key, input.value.trim()]));
    ctx.onChange(path, dateValue(next));
  };
  const box = (key, label, width, boxId) => {
    const input = h("input", {
      id: boxId, name: boxId, type: "text", inputmode: "numeric", autocomplete: "off", spellcheck: "false",
      class: `ucb-input ucb-date-input__input ucb-input--width-${width}`,
    });
    input.value = parts[key] || "";
    input.addEventListener("input", update);
    boxes[key] = input;
    return h("div", { class: "ucb-date-input__item" },
      h("label", { for: boxId, class: "ucb-label ucb-date-input__label" }, label), input);
  };
  const row = h("div", { class: "ucb-date-input" },
    box("day", "Day", 2, id), box("month", "Month", 2, `${id}-month`), box("year", "Year", 4, `${id}-year`));
  const timeBox = withTime ? h("div", { class: "ucb-field ucb-date-input__time" },
    h("label", { for: `${id}-time`, class: "ucb-label" }, "Time (optional)"),
    h("div", { class: "ucb-hint", id: `${id}-time-hint` }, "For example, 09:30 or 2:15pm."),
    (() => {
      const input = h("input", {
        id: `${id}-time`, name: `${id}-time`, type: "text", autocomplete: "off", spellcheck: "false",
        class: "ucb-input ucb-input--width-5", "aria-describedby": `${id}-time-hint`,
      });
      input.value = parts.time || "";
      input.addEventListener("input", update);
      boxes.time = input;
      return input;
    })()) : null;
  const example = field.example || "For example, 14 6 2023.";
  const hintText = [field.hint, example].filter(Boolean).join(" ");
  const fieldset = h("fieldset", { class: "ucb-fieldset", "aria-describedby": hintId },
    h("legend", { class: "ucb-fieldset__legend" }, field.label),
    h("div", { class: "ucb-hint", id: hintId }, hintText),
    row);
  record.controls = [boxes.day, boxes.month, boxes.year];
  record.fieldset = fieldset;
  record.hintId = hintId;
  record.date = { label: field.label };
  return h("div", { class: "ucb-field" }, fieldset, timeBox);
}

/**
 * Render one field bound to ctx.case at `path`.
 * opts: label, hint, kind, choices, reveal (paths shown under "Yes"), rows.
 */
export function renderField(ctx, path, opts = {}) {
  const field = { ...describe(ctx.schema, path), ...opts };
  const id = fieldId(path);
  const hintId = field.hint ? `${id}-hint` : null;
  const current = getAt(ctx.case, path);
  const record = { path, anchorId: id, wrapper: null, controls: [], hintId };
  const set = (value) => ctx.onChange(path, value);

  let wrapper;
  if (field.kind === "date" || field.kind === "datetime") {
    wrapper = dateInput(ctx, path, field, id, record, field.kind === "datetime");
  } else if (field.kind === "boolean" || field.kind === "choice" || field.kind === "multichoice") {
    const options = field.kind === "boolean"
      ? [{ value: true, label: "Yes" }, { value: false, label: "No" }]
      : field.choices;
    const legend = h("legend", { class: "ucb-fieldset__legend" }, field.label);
    const hint = field.hint ? h("div", { class: "ucb-hint", id: hintId }, field.hint) : null;
    let body;
    let revealBox = null;
    if (field.kind === "multichoice") {
      const chosen = new Set(Array.isArray(current) ? current : []);
      body = h("div", { class: "ucb-checkboxes" }, options.map((opt, i) => {
        const inputId = i === 0 ? id : `${id}-${i}`;
        const input = h("input", {
          type: "checkbox", id: inputId, value: String(i), class: "ucb-checkboxes__input", checked: chosen.has(opt.value),
          "aria-describedby": opt.hint ? `${inputId}-item-hint` : undefined,
        });
        input.addEventListener("change", () => {
          const picked = options.filter((_, j) => body.querySelectorAll("input")[j].checked).map((o) => o.value);
          set(picked);
        });
        return h("div", { class: "ucb-checkboxes__item" }, input,
          h("label", { for: inputId, class: "ucb-checkboxes__label" }, opt.label),
          opt.hint ? h("div", { class: "ucb-hint ucb-checkboxes__hint", id: `${inputId}-item-hint` }, opt.hint) : null);
      }));
    } else {
      // Follow-up questions shown for some answers: "Yes" unless the field says which (revealWhen).
      const shows = field.revealWhen || ((value) => value === true);
      body = radios(ctx, field, id, hintId, options, current, (value) => {
        set(value);
        if (revealBox) {
          revealBox.hidden = !shows(value);
          if (!shows(value)) for (const p of field.reveal) ctx.onChange(p, undefined);
        }
      });
      if (field.reveal && field.reveal.length) {
        revealBox = h("div", { class: "ucb-reveal", hidden: !shows(current) },
          field.reveal.map((p) => renderField(ctx, p, (opts.revealOpts || {})[p.join(".")] || {})));
      }
    }
    wrapper = h("div", { class: "ucb-field" },
      h("fieldset", { class: "ucb-fieldset", "aria-describedby": describedBy(hintId) }, legend, hint, body), revealBox);
    record.controls = [...body.querySelectorAll("input")];
    record.fieldset = wrapper.querySelector("fieldset");
  } else {
    const label = h("label", { for: id, class: "ucb-label" }, field.label);
    const hintText = field.kind === "stringlist" ? [field.hint, "Put each one on its own line."].filter(Boolean).join(" ") : field.hint;
    const hint = hintText ? h("div", { class: "ucb-hint", id: `${id}-hint` }, hintText) : null;
    record.hintId = hintText ? `${id}-hint` : null;
    let control;
    // dir="auto": text typed in a right-to-left script shows as it reads, whatever the page's direction.
    const common = { id, name: id, "aria-describedby": describedBy(record.hintId), dir: field.kind === "text" || field.kind === "textarea" || field.kind === "stringlist" ? "auto" : undefined };
    if (field.kind === "textarea" || field.kind === "stringlist") {
      control = h("textarea", { ...common, class: "ucb-textarea", rows: opts.rows || (field.kind === "stringlist" ? 3 : 4) });
      control.value = field.kind === "stringlist" ? (Array.isArray(current) ? current.join("\n") : "") : (current ?? "");
    } else {
      const type = field.kind === "number" ? "number" : "text";
      control = h("input", {
        ...common, type, class: `ucb-input ucb-input--${field.kind}`,
        autocomplete: "off", spellcheck: field.kind === "text" ? undefined : "false",
      });
      control.value = current ?? "";
    }
    control.addEventListener("input", () => set(textValue(field.kind, control.value)));
    wrapper = h("div", { class: "ucb-field" }, label, hint, control);
    record.controls = [control];
  }
  record.wrapper = wrapper;
  ctx.fields.push(record);
  return wrapper;
}

/** Dates typed so far that are incomplete or not real, as errors for the page's error summary. */
export function dateErrors(fields, caseRecord) {
  return fields.filter((f) => f.date).map((f) => {
    const message = dateProblem(getAt(caseRecord, f.path), f.date.label);
    return message ? { message, parsedPath: f.path, code: "date_as_typed" } : null;
  }).filter(Boolean);
}

/** Register a non-field element (a table row, a list item) as the place errors under `path` show. */
export function registerArea(ctx, path, wrapper, anchorId) {
  ctx.fields.push({ path, anchorId, wrapper, controls: [], area: true });
}

function startsWith(path, prefix) {
  return prefix.length <= path.length && prefix.every((p, i) => p === path[i]);
}

/** The registered field an error path belongs to, or null. */
export function fieldFor(fields, errPath) {
  const key = formatPath(errPath);
  const exact = fields.find((f) => formatPath(f.path) === key);
  if (exact) return exact;
  // An error on a parent (for example a required answer that is missing) goes to its first field.
  const below = fields.find((f) => !f.area && startsWith(f.path, errPath) && errPath.length > 0);
  if (below) return below;
  let best = null;
  for (const f of fields) if (startsWith(errPath, f.path) && (!best || f.path.length > best.path.length)) best = f;
  return best;
}

/** Show each error beside its field. Returns summary items: {message, anchorId}. */
export function showFieldErrors(fields, errors) {
  const items = [];
  const perField = new Map();
  for (const err of errors) {
    const field = fieldFor(fields, err.parsedPath);
    items.push({ message: err.message, anchorId: field ? field.anchorId : null });
    if (field) {
      if (!perField.has(field)) perField.set(field, []);
      perField.get(field).push(err.message);
    }
  }
  for (const [field, messages] of perField) {
    const errId = `${field.anchorId}-error`;
    const message = h("p", { class: "ucb-error-message", id: errId }, messages.map((m, i) => [i ? h("br") : null, hidden("Error: "), m]));
    field.wrapper.classList.add("ucb-field--error");
    const target = field.fieldset || field.wrapper;
    const legendOrLabel = target.querySelector(":scope > legend, :scope > label, :scope > .ucb-hint:last-of-type");
    const hint = target.querySelector(":scope > .ucb-hint");
    const anchor = hint || legendOrLabel;
    if (anchor) anchor.after(message);
    else target.prepend(message);
    if (field.fieldset) {
      field.fieldset.setAttribute("aria-describedby", describedBy(field.hintId, errId));
    }
    for (const control of field.controls) {
      control.setAttribute("aria-invalid", "true");
      if (!field.fieldset) control.setAttribute("aria-describedby", describedBy(field.hintId, errId));
    }
    if (field.area) field.wrapper.setAttribute("aria-describedby", errId);
  }
  return items;
}

/** Problems a summary lists; it counts the rest, so a case with thousands of errors stays quick to show. */
const SUMMARY_ITEMS = 20;

/**
 * The GOV.UK error summary: a heading and a link to each field. It takes focus so screen
 * readers announce it. onFollow(item) handles a link (default: focus the field on this page).
 * `more` counts problems beyond `items` that the toolkit found but did not list.
 */
export function errorSummary(allItems, onFollow, level = 2, more = 0) {
  const items = allItems.slice(0, SUMMARY_ITEMS);
  const unlisted = more + allItems.length - items.length;
  const list = h("ul", { class: "ucb-error-summary__list" }, items.map((item) => h("li", {},
    item.anchorId || item.follow
      ? h("a", {
        href: `#${item.anchorId || ""}`,
        onclick: (event) => {
          event.preventDefault();
          event.stopPropagation();
          if (onFollow) onFollow(item);
          else focusOn(document.getElementById(item.anchorId));
        },
      }, item.message)
      : item.message)));
  return h("div", { class: "ucb-error-summary", tabindex: "-1", role: "alert", "aria-labelledby": "ucb-error-summary-title" },
    h(`h${level}`, { class: "ucb-error-summary__title", id: "ucb-error-summary-title" }, "There is a problem"),
    list,
    unlisted > 0 ? h("p", { class: "ucb-error-summary__more" }, `And ${plural(unlisted, "more problem")}: correct these first, then continue to see the rest.`) : null);
}

/**
 * One entry of a list item's fields: a key under the item ("scope", "" for the item itself), with
 * options for renderField; a nested list ({key, list: {noun, itemFields, ...}}); or a function
 * (ctx, itemPath) returning elements.
 */
function itemField(ctx, itemPath, f) {
  if (typeof f === "function") return f(ctx, itemPath);
  const spec = typeof f === "string" ? { key: f } : f;
  const path = spec.key === "" ? itemPath : [...itemPath, ...spec.key.split(".")];
  if (spec.list) return renderList(ctx, path, spec.list);
  const opts = { ...spec.opts };
  if (opts.reveal) opts.reveal = opts.reveal.map((key) => [...itemPath, ...key.split(".")]);
  if (opts.revealOpts) {
    opts.revealOpts = Object.fromEntries(Object.entries(opts.revealOpts).map(([key, o]) => [[...itemPath, ...key.split(".")].join("."), o]));
  }
  return renderField(ctx, path, opts);
}

/** A list of repeating items (issues, informal steps, reviews): each a fieldset with a remove button. */
export function renderList(ctx, listPath, { noun, itemFields, newItem, legend, heading }) {
  const items = getAt(ctx.case, listPath) || [];
  const box = h("div", { class: "ucb-list" }, typeof heading === "function" ? heading() : null);
  items.forEach((item, index) => {
    const itemPath = [...listPath, index];
    const title = legend ? legend(item, index) : `${noun.charAt(0).toUpperCase()}${noun.slice(1)} ${index + 1}`;
    const fieldset = h("fieldset", { class: "ucb-fieldset ucb-list__item", id: fieldId(itemPath) },
      h("legend", { class: "ucb-fieldset__legend ucb-fieldset__legend--m" }, title),
      itemFields.map((f) => itemField(ctx, itemPath, f)),
      button(["Remove", hidden(` ${noun} ${index + 1}`)], () => {
        const list = getAt(ctx.case, listPath) || [];
        list.splice(index, 1);
        ctx.onChange(listPath, list.length ? list : undefined);
        ctx.rerender({ focus: `ucb-add-${listPath.join("-")}` });
      }, "ucb-button ucb-button--secondary ucb-button--small"));
    registerArea(ctx, itemPath, fieldset, fieldId(itemPath));
    box.append(fieldset);
  });
  box.append(button(items.length ? `Add another ${noun}` : `Add ${/^[aeiou]/.test(noun) ? "an" : "a"} ${noun}`, () => {
    const list = getAt(ctx.case, listPath) || [];
    list.push(newItem ? newItem(list) : {});
    ctx.onChange(listPath, list);
    ctx.rerender({ focus: fieldId([...listPath, list.length - 1]) });
  }, "ucb-button ucb-button--secondary", { id: `ucb-add-${listPath.join("-")}` }));
  return box;
}
