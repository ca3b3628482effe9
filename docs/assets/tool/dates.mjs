// Dates as people type them into the GOV.UK date input (day, month and year boxes, and a time),
// for the decision tool's questions and the register's yearly report.

/** "2023-06-14" or "2023-06-14T09:30" -> its parts as typed in the boxes ({day, month, year, time}). */
export function dateParts(value) {
  const [day = "", time = ""] = String(value ?? "").split("T");
  const [year = "", month = "", date = ""] = day.split("-");
  const trim = (part) => part.replace(/^0(?=\d)/, "");
  return { day: trim(date), month: trim(month), year, time: time.slice(0, 5) };
}

/** A time as people write it (9:30, 09.30, 2:15pm, 1415) -> "HH:MM", or null if it is not a time. */
export function parseTime(text) {
  const m = /^\s*(\d{1,2})(?:[:.]?(\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?\s*$/i.exec(String(text || ""));
  if (!m) return null;
  let hours = Number(m[1]);
  const minutes = Number(m[2] || 0);
  const half = (m[3] || "").toLowerCase().replace(/\./g, "");
  if (half && (hours < 1 || hours > 12)) return null;
  if (half === "pm" && hours < 12) hours += 12;
  if (half === "am" && hours === 12) hours = 0;
  if (hours > 23 || minutes > 59) return null;
  return `${String(hours).padStart(2, "0")}:${String(minutes).padStart(2, "0")}`;
}

/**
 * The value the boxes make: "YYYY-MM-DD" (with "THH:MM" when a time is given), or, while a part is
 * missing or not a number, the parts as typed, so the page can say which part to fix (dateProblem).
 */
export function dateValue(parts) {
  const { day, month, year } = parts;
  if (!day && !month && !year && !parts.time) return undefined;
  const pad = (text, n) => (/^\d+$/.test(text) ? text.padStart(n, "0") : text);
  let value = `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
  if (parts.time) value += `T${parseTime(parts.time) || parts.time}`;
  return value;
}

/** What is wrong with a date as typed, in GOV.UK's words, or null. `label` names the question. */
export function dateProblem(value, label) {
  if (value === undefined || value === null || value === "") return null;
  const { day, month, year, time } = dateParts(value);
  const missing = [["day", day], ["month", month], ["year", year]].filter(([, v]) => !v).map(([name]) => name);
  if (missing.length === 3) return `Enter ${label.toLowerCase()}`;
  if (missing.length) return `${label} must include a ${missing.join(" and a ")}`;
  if (!/^\d{4}$/.test(year)) return `${label}: the year must include 4 numbers, for example 2023`;
  const d = Number(day);
  const m = Number(month);
  const real = /^\d+$/.test(day) && /^\d+$/.test(month) && m >= 1 && m <= 12 && d >= 1 && d <= new Date(Date.UTC(Number(year), m, 0)).getUTCDate();
  if (!real) return `${label} must be a real date`;
  if (time && !parseTime(time)) return `${label}: enter the time as hours and minutes, for example 09:30 or 2:15pm`;
  return null;
}
