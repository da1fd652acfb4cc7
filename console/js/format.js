// How values from the API read in the console.

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
const dayFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" });
const relativeFormat = new Intl.RelativeTimeFormat(undefined, { numeric: "auto" });
const UNITS = [
  ["year", 365 * 86400],
  ["month", 30 * 86400],
  ["week", 7 * 86400],
  ["day", 86400],
  ["hour", 3600],
  ["minute", 60],
];

const OBJECT_LABELS = {
  API_KEY: "API keys",
  AUDIT_EVENT: "Audit events",
  MEMBER: "Members",
  ORGANIZATION: "Organization",
  CUSTOMER: "Customers",
  PLAN: "Plans",
  BILLABLE_METRIC: "Billable metrics",
  SUBSCRIPTION: "Subscriptions",
  INVOICE: "Invoices",
  EVENT: "Events",
};

export const ACCESS_SHORT = { READ: "R", WRITE: "W", READ_WRITE: "RW" };
export const ACCESS_WORDS = { READ: "read", WRITE: "write", READ_WRITE: "read and write" };
export const STATUS_WORDS = { ACTIVE: "Active", EXPIRED: "Expired", REVOKED: "Revoked", DISABLED: "Disabled" };

export function formatDate(iso) {
  return dateFormat.format(new Date(iso));
}

export function formatDay(iso) {
  return dayFormat.format(new Date(iso));
}

/** "3 minutes ago", "in 2 days", "just now". */
export function relativeTime(iso, now = Date.now()) {
  const seconds = Math.round((Date.parse(iso) - now) / 1000);
  if (Math.abs(seconds) < 45) return "just now";
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) return relativeFormat.format(Math.round(seconds / size), unit);
  }
  return relativeFormat.format(Math.sign(seconds), "minute");
}

/** A PermissionObject as people say it: CUSTOMER -> "Customers"; new objects read sensibly. */
export function objectLabel(name) {
  if (OBJECT_LABELS[name]) return OBJECT_LABELS[name];
  const words = name.toLowerCase().replaceAll("_", " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function keyLabel(key) {
  return key.name || `${key.prefix}…${key.lastCharacters}`;
}

/** The value of an <input type="datetime-local"> showing this instant in local time. */
export function toLocalInput(iso) {
  if (!iso) return "";
  const date = new Date(iso);
  const pad = (n) => String(n).padStart(2, "0");
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}`
  );
}

/** A datetime-local value (local time) as an ISO instant with offset, or null when empty. */
export function fromLocalInput(value) {
  return value ? new Date(value).toISOString() : null;
}

export function splitList(text) {
  return text
    .split(/[\s,]+/)
    .map((item) => item.trim())
    .filter(Boolean);
}
