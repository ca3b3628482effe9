// Small DOM helpers. Every piece of text goes in through textContent or a text node, never innerHTML.

const SVG_NS = "http://www.w3.org/2000/svg";

function applyAttrs(el, attrs) {
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "class") el.setAttribute("class", value);
    else if (key === "text") el.textContent = String(value);
    else if (key.startsWith("on") && typeof value === "function") el.addEventListener(key.slice(2), value);
    else if (value === true) el.setAttribute(key, "");
    else el.setAttribute(key, String(value));
  }
}

function appendAll(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

// Form controls keep no state for the browser's session history: with autocomplete on, Chromium writes
// what is typed into its session files on disk and puts it back when a session is restored.
const CONTROLS = new Set(["input", "textarea", "select"]);

/** Create an HTML element: h("p", {class: "x"}, "text", h("a", {href: "#"}, "link")). */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  applyAttrs(el, CONTROLS.has(tag) ? { autocomplete: "off", ...attrs } : attrs);
  appendAll(el, children);
  return el;
}

/**
 * Text from the case, isolated from the tool's own words around it: a right-to-left mark or override
 * inside it (U+202E and the like) then reorders only itself, never the sentence it sits in.
 */
export function isolate(text) {
  return h("bdi", {}, text);
}

/** "1 contact", "3 contacts", "1,200 contacts". */
export function plural(count, one, many = `${one}s`) {
  return `${count.toLocaleString("en-GB")} ${count === 1 ? one : many}`;
}

const SHOWN_CHARACTERS = 500;

/** Case text as shown in summaries: its first 500 characters, and how long it is when it is longer. */
export function shorten(text) {
  const value = String(text);
  return value.length <= SHOWN_CHARACTERS ? value : `${value.slice(0, SHOWN_CHARACTERS)}… (${plural(value.length, "character")} in all)`;
}

/** Create an SVG element. */
export function s(tag, attrs, ...children) {
  const el = document.createElementNS(SVG_NS, tag);
  applyAttrs(el, attrs);
  appendAll(el, children);
  return el;
}

/** Text only screen readers hear. */
export function hidden(text) {
  return h("span", { class: "ucb-visually-hidden" }, text);
}

/** A button that does not submit a form. */
export function button(label, onclick, cls = "ucb-button", attrs = {}) {
  return h("button", { type: "button", class: cls, onclick, ...attrs }, label);
}

/** Move focus to an element without scrolling past it, making it focusable if it is not. */
export function focusOn(el) {
  if (!el) return;
  if (!el.hasAttribute("tabindex") && !/^(A|BUTTON|INPUT|SELECT|TEXTAREA)$/.test(el.tagName)) {
    el.setAttribute("tabindex", "-1");
  }
  el.focus({ preventScroll: true });
  el.scrollIntoView({ block: "start", behavior: "instant" });
}

// Made once: each toLocaleDateString with options makes a formatter of its own, and the register writes thousands of dates.
const LONG_DATE = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });

/** Plain date text for people: 2026-03-04 -> 4 March 2026 (the value itself if it is not a date). */
export function formatDate(iso) {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(String(iso || ""));
  if (!match) return String(iso ?? "");
  return LONG_DATE.format(new Date(Date.UTC(+match[1], +match[2] - 1, +match[3])));
}

/** Today's date in the browser's own time zone, as YYYY-MM-DD. */
export function today() {
  const now = new Date();
  const pad = (n) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
