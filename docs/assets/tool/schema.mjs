// Labels, hints and field types read from the published JSON Schemas, and the policy data.

function inlineJson(id) {
  const block = document.getElementById(id);
  if (!block) throw new Error(`the page has no ${id} data.`);
  return JSON.parse(block.content.textContent);
}

/** The policy data and schemas the build writes into the page (sitebuild/macros.py: tool_data); no request, no Python. */
export function loadStatic() {
  return {
    caseSchema: inlineJson("ucb-data-case-schema"),
    assessmentSchema: inlineJson("ucb-data-assessment-schema"),
    policy: inlineJson("ucb-data-policy"),
  };
}

function deref(root, node) {
  let current = node;
  for (let guard = 0; current && current.$ref && guard < 20; guard += 1) {
    const ref = current.$ref;
    if (!ref.startsWith("#/")) break;
    const target = ref.slice(2).split("/").reduce((n, key) => (n ? n[key.replace(/~1/g, "/").replace(/~0/g, "~")] : undefined), root);
    // Keep the referring node's own title/description: they describe this use of the definition.
    const { $ref: _ref, ...own } = current;
    current = { ...target, ...own };
  }
  return current || {};
}

function branches(node) {
  return [...(node.allOf || []), ...(node.anyOf || []), ...(node.oneOf || [])];
}

function child(root, node, key) {
  const here = deref(root, node);
  if (typeof key === "number" || key === "*") {
    if (here.items) return deref(root, here.items);
  } else if (here.properties && here.properties[key]) {
    return deref(root, here.properties[key]);
  }
  for (const branch of branches(here)) {
    const found = child(root, deref(root, branch), key);
    if (found && Object.keys(found).length) return found;
  }
  return {};
}

/** The sub-schema for a path such as ["contacts", 0, "at"] (numbers and "*" step into items). */
export function nodeAt(root, path) {
  let node = deref(root, root);
  for (const key of path) node = child(root, node, key);
  return node;
}

function typesOf(root, node) {
  const types = new Set();
  const add = (t) => (Array.isArray(t) ? t : [t]).forEach((x) => x && types.add(x));
  add(node.type);
  for (const branch of branches(node)) add(deref(root, branch).type);
  return types;
}

function formatsOf(root, node) {
  const formats = new Set(node.format ? [node.format] : []);
  for (const branch of branches(node)) {
    const b = deref(root, branch);
    if (b.format) formats.add(b.format);
  }
  return formats;
}

/** The allowed values of a node, with a label for each when the schema gives one. */
export function choicesOf(root, node) {
  if (Array.isArray(node.enum)) return node.enum.filter((v) => v !== null).map((value) => ({ value, label: humanise(value) }));
  const consts = (node.oneOf || node.anyOf || []).map((b) => deref(root, b)).filter((b) => "const" in b);
  if (consts.length) return consts.map((b) => ({ value: b.const, label: b.title || humanise(b.const) }));
  return null;
}

/** "agreed_then_breached" -> "Agreed then breached". */
export function humanise(value) {
  const text = String(value).replace(/_/g, " ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * Describe the field at a path: its label, hint, kind of control and choices.
 * kinds: text, textarea, date, datetime, number, boolean, choice, multichoice, stringlist.
 */
export function describe(root, path) {
  const node = nodeAt(root, path);
  const types = typesOf(root, node);
  const formats = formatsOf(root, node);
  const last = path[path.length - 1];
  const field = {
    path,
    label: node.title || humanise(last),
    hint: node.description || "",
    kind: "text",
    choices: choicesOf(root, node),
    maxLength: node.maxLength,
  };
  if (types.has("boolean")) field.kind = "boolean";
  else if (field.choices) field.kind = "choice";
  else if (types.has("array")) {
    const items = deref(root, node.items || {});
    field.choices = choicesOf(root, items);
    field.kind = field.choices ? "multichoice" : "stringlist";
  } else if (types.has("integer") || types.has("number")) field.kind = "number";
  else if (formats.has("date-time") && formats.has("date")) field.kind = "datetime";
  else if (formats.has("date")) field.kind = "date";
  else if ((node.maxLength || 0) > 500) field.kind = "textarea";
  return field;
}
