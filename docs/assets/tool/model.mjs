// The case in memory: reading and writing values by path (the draft is kept by storage.mjs).

/** Parse "$.contacts[3].date" into ["contacts", 3, "date"]. */
export function parsePath(jsonPath) {
  const parts = [];
  const re = /\.([A-Za-z_][\w-]*)|\[(\d+)\]|\['([^']*)'\]/g;
  let match;
  while ((match = re.exec(String(jsonPath || "").replace(/^\$/, "")))) {
    if (match[1] !== undefined) parts.push(match[1]);
    else if (match[2] !== undefined) parts.push(Number(match[2]));
    else parts.push(match[3]);
  }
  return parts;
}

/** The reverse of parsePath. */
export function formatPath(path) {
  return "$" + path.map((p) => (typeof p === "number" ? `[${p}]` : `.${p}`)).join("");
}

export function getAt(obj, path) {
  let node = obj;
  for (const key of path) {
    if (node === undefined || node === null) return undefined;
    node = node[key];
  }
  return node;
}

function isEmpty(value) {
  if (value === undefined || value === null || value === "") return true;
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === "object") return Object.keys(value).length === 0;
  return false;
}

/**
 * Set a value by path, creating parents. An empty value removes the key, and objects left
 * empty are removed too, so an unanswered part of the case is absent rather than blank.
 * Array items are never pruned (a blank row the user added stays until they remove it).
 */
export function setAt(obj, path, value) {
  const parents = [obj];
  let node = obj;
  for (let i = 0; i < path.length - 1; i += 1) {
    const key = path[i];
    if (node[key] === undefined || node[key] === null || typeof node[key] !== "object") {
      node[key] = typeof path[i + 1] === "number" ? [] : {};
    }
    node = node[key];
    parents.push(node);
  }
  const last = path[path.length - 1];
  if (isEmpty(value) && !Array.isArray(node)) delete node[last];
  else node[last] = value;
  for (let i = path.length - 2; i >= 0; i -= 1) {
    const parent = parents[i];
    const key = path[i];
    if (Array.isArray(parent)) break;
    if (isEmpty(parent[key]) && !Array.isArray(parent[key])) delete parent[key];
    else break;
  }
}

/** A new, empty case. */
export function newCase(schemaVersion) {
  return { schema_version: schemaVersion };
}

/** Whether a case holds anything a manager entered (more than its schema version). */
export function hasWork(caseRecord) {
  return Object.keys(caseRecord || {}).some((key) => key !== "schema_version");
}
