// How one API key reads in the table: scopes, status badges, times, the eye icon.
import { h } from "./dom.js";
import { ACCESS_SHORT, ACCESS_WORDS, STATUS_WORDS, formatDate, objectLabel } from "./format.js";

const SVG = "http://www.w3.org/2000/svg";
const EYE =
  "M12 5C6.5 5 2.7 9.1 1.5 12c1.2 2.9 5 7 10.5 7s9.3-4.1 10.5-7C21.3 9.1 17.5 5 12 5Zm0 11.5a4.5 " +
  "4.5 0 1 1 0-9 4.5 4.5 0 0 1 0 9Zm0-2.5a2 2 0 1 0 0-4 2 2 0 0 0 0 4Z";

export function eyeIcon() {
  const svg = document.createElementNS(SVG, "svg");
  const path = document.createElementNS(SVG, "path");
  for (const [name, value] of Object.entries({ viewBox: "0 0 24 24", width: 18, height: 18 })) {
    svg.setAttribute(name, value);
  }
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("focusable", "false");
  path.setAttribute("d", EYE);
  path.setAttribute("fill", "currentColor");
  svg.append(path);
  return svg;
}

export function timeElement(iso, text) {
  return h("time", { datetime: iso, title: formatDate(iso) }, text);
}

export function rotationNote(iso) {
  return `Rotation pending: the previous secret works until ${formatDate(iso)} (${iso})`;
}

export function scopes(key, objects) {
  if (key.fullAccess) return h("span", { class: "scope scope-full" }, "Full access");
  if (!key.permissions.length) return h("span", { class: "muted" }, "No access");
  const order = (permission) => objects.indexOf(permission.object);
  const sorted = [...key.permissions].sort((a, b) => order(a) - order(b));
  return h(
    "ul",
    { class: "scopes" },
    sorted.map((p) =>
      h("li", { class: "scope" }, objectLabel(p.object), " ", h("abbr", { title: ACCESS_WORDS[p.access] }, ACCESS_SHORT[p.access])),
    ),
  );
}

export function statusCell(key) {
  const badges = [h("span", { class: `status status-${key.status.toLowerCase()}` }, STATUS_WORDS[key.status] ?? key.status)];
  if (key.rotationScheduledAt) {
    badges.push(
      h(
        "span",
        { class: "status status-rotating", title: rotationNote(key.rotationScheduledAt) },
        "Rotation pending",
        h("span", { class: "visually-hidden" }, `: the previous secret works until ${formatDate(key.rotationScheduledAt)}`),
      ),
    );
  }
  if (expiresSoon(key)) {
    badges.push(
      h(
        "span",
        { class: "status status-expiring", title: `Expires ${formatDate(key.expiresAt)}` },
        "Expires soon",
        h("span", { class: "visually-hidden" }, `: on ${formatDate(key.expiresAt)}`),
      ),
    );
  }
  const rotation = rotationDue(key);
  if (rotation) {
    badges.push(
      h(
        "span",
        { class: "status status-expiring status-rotation-due", title: `Due for rotation ${formatDate(key.rotationDueAt)}` },
        rotation,
        h("span", { class: "visually-hidden" }, `: on ${formatDate(key.rotationDueAt)}`),
      ),
    );
  }
  return h("div", { class: "badges" }, badges);
}

export function never() {
  return h("span", { class: "muted" }, "never");
}

const SOON = 7 * 86_400_000;

/** An active key that expires within 7 days. */
export function expiresSoon(key, now = Date.now()) {
  if (key.status !== "ACTIVE" || !key.expiresAt) return false;
  const left = Date.parse(key.expiresAt) - now;
  return left > 0 && left <= SOON;
}

/** The organization's rotation policy: a badge once the key is due within 7 days. */
export function rotationDue(key, now = Date.now()) {
  if (key.rotationOverdue) return "Rotation overdue";
  if (!key.rotationDueAt) return null;
  return Date.parse(key.rotationDueAt) - now <= SOON ? "Rotation due soon" : null;
}
