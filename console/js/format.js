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

// Audit actions as people say them; a code added later reads as words all the same.
const ACTION_WORDS = {
  created: "Key created",
  updated: "Key updated",
  permissions_updated: "Permissions changed",
  rotated: "Rotated, old secret ended",
  rotation_scheduled: "Rotation scheduled",
  rotation_completed: "Rotation completed",
  revealed: "Secret revealed",
  destroyed: "Key deleted",
  organization_updated: "Organization updated",
  member_created: "Member added",
  member_role_updated: "Member role changed",
  member_removed: "Member removed",
  login_succeeded: "Logged in",
  login_failed: "Login failed",
};

export function actionLabel(code) {
  if (ACTION_WORDS[code]) return ACTION_WORDS[code];
  const words = String(code).toLowerCase().replaceAll("_", " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

// A whole token (auth/tokens.py): its head and more body than the table shows.
const WHOLE_TOKEN = /^([a-z][a-z0-9]{0,15}_(?:live|test|session)_[0-9A-Za-z]{4})[0-9A-Za-z]{8,}$/;

/** The prefix of a pasted token (`lk_live_3Fq9`), or null when `text` is not a token. */
export function tokenPrefix(text) {
  return WHOLE_TOKEN.exec(text)?.[1] ?? null;
}
