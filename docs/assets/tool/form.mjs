// Form controls built from the case schema, bound to the case by path; errors beside fields and in a summary.

import { h, hidden, button, focusOn, plural } from "./dom.mjs";
import { describe } from "./schema.mjs";
import { getAt, formatPath } from "./model.mjs";

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
  if (field.kind === "boolean" || field.kind === "choice" || field.kind === "multichoice") {
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
      body = radios(ctx, field, id, hintId, options, current, (value) => {
        set(value);
        if (revealBox) {
          revealBox.hidden = value !== true;
          if (value !== true) for (const p of field.reveal) ctx.onChange(p, undefined);
        }
      });
      if (field.reveal && field.reveal.length) {
        revealBox = h("div", { class: "ucb-reveal", hidden: current !== true },
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
      const type = field.kind === "date" ? "date" : field.kind === "number" ? "number" : "text";
      control = h("input", {
        ...common, type, class: `ucb-input ucb-input--${field.kind}`,
        autocomplete: "off", spellcheck: field.kind === "text" ? undefined : "false",
        inputmode: field.kind === "datetime" ? "numeric" : undefined,
      });
      control.value = current ?? "";
    }
    control.addEventListener(field.kind === "date" ? "change" : "input", () => set(textValue(field.kind, control.value)));
    wrapper = h("div", { class: "ucb-field" }, label, hint, control);
    record.controls = [control];
  }
  record.wrapper = wrapper;
  ctx.fields.push(record);
  return wrapper;
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

/** A list of repeating items (issues, informal steps, reviews): each a fieldset with a remove button. */
export function renderList(ctx, listPath, { noun, itemFields, newItem, legend }) {
  const items = getAt(ctx.case, listPath) || [];
  const box = h("div", { class: "ucb-list" });
  items.forEach((item, index) => {
    const itemPath = [...listPath, index];
    const title = legend ? legend(item, index) : `${noun.charAt(0).toUpperCase()}${noun.slice(1)} ${index + 1}`;
    const fieldset = h("fieldset", { class: "ucb-fieldset ucb-list__item", id: fieldId(itemPath) },
      h("legend", { class: "ucb-fieldset__legend ucb-fieldset__legend--m" }, title),
      itemFields.map((f) => {
        const spec = typeof f === "string" ? { key: f } : f;
        const path = spec.key === "" ? itemPath : [...itemPath, ...spec.key.split(".")];
        return renderField(ctx, path, spec.opts || {});
      }),
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
