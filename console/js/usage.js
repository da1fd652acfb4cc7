// One key's detail: its requests over 24 hours (by hour) and 30 days (by day), stacked by
// outcome in an SVG the page draws itself; its rate limit and credits, editable; its recent
// requests.
import { graphql } from "./api.js";
import { busy, openDialog } from "./dialogs.js";
import { byId, h, showError, toast } from "./dom.js";
import { formatDate } from "./format.js";

const SVG = "http://www.w3.org/2000/svg";
const HOUR = 3600_000;
const DAY = 24 * HOUR;
export const OUTCOMES = ["VALID", "RATE_LIMITED", "USAGE_EXCEEDED", "FORBIDDEN", "UNAUTHORIZED_IP", "EXPIRED", "REVOKED"];
const OUTCOME_WORDS = {
  VALID: "Valid",
  RATE_LIMITED: "Rate limited",
  USAGE_EXCEEDED: "Out of credits",
  FORBIDDEN: "Forbidden",
  UNAUTHORIZED_IP: "Address refused",
  EXPIRED: "Expired",
  REVOKED: "Revoked",
};
const DETAIL = `query($id: ID!, $hf: DateTime!, $df: DateTime!, $to: DateTime!) {
  apiKey(id: $id) {
    id name prefix
    rateLimit { requests perSeconds }
    credits { remaining refill { amount interval } }
    hours: usage(from: $hf, to: $to, granularity: HOUR) { start outcome count }
    days: usage(from: $df, to: $to, granularity: DAY) { start outcome count }
    recentRequests(first: 20) { at clientAddress operation outcome }
  }
}`;
const SAVE = `mutation($i: UpdateApiKeyInput!) {
  updateApiKey(input: $i) { id rateLimit { requests perSeconds } credits { remaining refill { amount interval } } }
}`;

/** The buckets of a chart: `count` slots of `size` ms ending with the one holding `end`. */
export function slots(end, size, count) {
  const last = Math.floor(end / size) * size;
  return Array.from({ length: count }, (_, i) => last - (count - 1 - i) * size);
}

/** {slot start ms: {outcome: count}} from usage buckets. */
export function stack(buckets) {
  const stacked = new Map();
  for (const bucket of buckets) {
    const at = Date.parse(bucket.start);
    const counts = stacked.get(at) ?? {};
    counts[bucket.outcome] = (counts[bucket.outcome] ?? 0) + bucket.count;
    stacked.set(at, counts);
  }
  return stacked;
}

function svg(tag, attributes = {}, ...children) {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  element.append(...children);
  return element;
}

/** A stacked bar chart: one bar per slot, one segment per outcome, with a title per bar. */
export function barChart(title, starts, stacked, label) {
  const width = 720, height = 160, top = 10, bottom = 22, left = 34;
  const totals = starts.map((at) => Object.values(stacked.get(at) ?? {}).reduce((a, b) => a + b, 0));
  const max = Math.max(1, ...totals);
  const step = (width - left) / starts.length;
  const scale = (height - top - bottom) / max;
  const chart = svg("svg", {
    viewBox: `0 0 ${width} ${height}`,
    class: "usage-chart",
    role: "img",
    "aria-label": `${title}: ${totals.reduce((a, b) => a + b, 0)} requests`,
  });
  chart.append(
    svg("line", { x1: left, y1: height - bottom, x2: width, y2: height - bottom, class: "axis" }),
    svg("text", { x: left - 4, y: top + 8, class: "tick", "text-anchor": "end" }, String(max)),
    svg("text", { x: left - 4, y: height - bottom, class: "tick", "text-anchor": "end" }, "0"),
  );
  starts.forEach((at, i) => {
    const counts = stacked.get(at) ?? {};
    const bar = svg("g", { class: "bar", "data-start": new Date(at).toISOString() });
    let y = height - bottom;
    for (const outcome of OUTCOMES) {
      const count = counts[outcome] ?? 0;
      if (!count) continue;
      const tall = count * scale;
      y -= tall;
      bar.append(
        svg("rect", {
          x: left + i * step + 1,
          y,
          width: Math.max(1, step - 2),
          height: tall,
          class: `outcome-${outcome.toLowerCase()}`,
          "data-outcome": outcome,
          "data-count": count,
        }),
      );
    }
    const words = OUTCOMES.filter((o) => counts[o]).map((o) => `${OUTCOME_WORDS[o]}: ${counts[o]}`);
    bar.append(svg("title", {}, `${label(at)}: ${words.join(", ") || "no requests"}`));
    chart.append(bar);
    if (i % Math.ceil(starts.length / 6) === 0) {
      chart.append(svg("text", { x: left + i * step, y: height - 6, class: "tick" }, label(at)));
    }
  });
  return h("figure", { class: "usage-figure" }, h("figcaption", {}, title), chart);
}

function legend() {
  return h(
    "ul",
    { class: "usage-legend" },
    OUTCOMES.map((o) => h("li", {}, h("span", { class: `swatch outcome-${o.toLowerCase()}` }), OUTCOME_WORDS[o])),
  );
}

function number(name, labelText, value, min) {
  const id = `usage-${name}`;
  return h(
    "label",
    { for: id },
    labelText,
    h("input", { id, name, type: "number", min: String(min), step: "1", value: value ?? "" }),
  );
}

function limitsForm(key, onSaved) {
  const refill = key.credits?.refill;
  const interval = h(
    "select",
    { id: "usage-interval", name: "interval" },
    [["", "Never"], ["DAILY", "Daily"], ["MONTHLY", "Monthly"]].map(([value, text]) =>
      h("option", { value, selected: (refill?.interval ?? "") === value }, text),
    ),
  );
  const error = h("p", { class: "error", role: "alert" });
  const form = h(
    "form",
    { class: "usage-limits", id: "usage-limits" },
    h(
      "fieldset",
      {},
      h("legend", {}, "Rate limit (empty: none)"),
      number("requests", "Requests", key.rateLimit?.requests, 1),
      number("perSeconds", "per seconds", key.rateLimit?.perSeconds, 1),
    ),
    h(
      "fieldset",
      {},
      h("legend", {}, "Credits (empty: unlimited)"),
      number("remaining", "Remaining", key.credits?.remaining, 0),
      number("amount", "Refill amount", refill?.amount, 1),
      h("label", { for: "usage-interval" }, "Refill", interval),
    ),
    error,
    h("button", { type: "submit", class: "primary" }, "Save limits"),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const value = (name) => form.elements[name].value.trim();
    const integer = (name) => (value(name) === "" ? null : Number(value(name)));
    const requests = integer("requests"), perSeconds = integer("perSeconds");
    const remaining = integer("remaining"), amount = integer("amount");
    const input = {
      id: key.id,
      rateLimit: requests === null && perSeconds === null ? null : { requests, perSeconds },
      credits:
        remaining === null
          ? null
          : { remaining, refill: value("interval") && amount !== null ? { amount, interval: value("interval") } : null },
    };
    const dialog = byId("usage-dialog");
    const saved = await busy(dialog, async () => {
      await graphql(SAVE, { i: input });
    });
    if (saved) {
      toast("Limits saved.");
      onSaved();
    }
  });
  showError(error, "");
  return form;
}

function recentTable(requests) {
  if (!requests.length) return h("p", { class: "muted" }, "No requests recorded yet.");
  return h(
    "table",
    { class: "recent-requests" },
    h("caption", {}, "Recent requests"),
    h("thead", {}, h("tr", {}, ["When", "Address", "Operation", "Outcome"].map((t) => h("th", { scope: "col" }, t)))),
    h(
      "tbody",
      {},
      requests.map((r) =>
        h(
          "tr",
          {},
          h("td", {}, formatDate(r.at)),
          h("td", {}, r.clientAddress ?? "—"),
          h("td", {}, h("code", {}, r.operation)),
          h("td", {}, OUTCOME_WORDS[r.outcome] ?? r.outcome),
        ),
      ),
    ),
  );
}

const hourLabel = (at) => new Date(at).toISOString().slice(11, 16);
const dayLabel = (at) => new Date(at).toISOString().slice(5, 10);

async function render(keyId) {
  const now = Date.now();
  const variables = {
    id: keyId,
    hf: new Date(slots(now, HOUR, 24)[0]).toISOString(),
    df: new Date(slots(now, DAY, 30)[0]).toISOString(),
    to: new Date(now + 60_000).toISOString(),
  };
  const { apiKey: key } = await graphql(DETAIL, variables);
  const body = byId("usage-body");
  if (!key) {
    body.replaceChildren(h("p", { class: "muted" }, "This key no longer exists."));
    return;
  }
  byId("usage-title").textContent = `Usage of ${key.name ?? key.prefix + "…"}`;
  body.replaceChildren(
    barChart("Requests per hour, last 24 hours", slots(now, HOUR, 24), stack(key.hours), hourLabel),
    barChart("Requests per day, last 30 days", slots(now, DAY, 30), stack(key.days), dayLabel),
    legend(),
    limitsForm(key, () => render(keyId)),
    recentTable(key.recentRequests),
  );
}

/** Opens the detail view of `key` from the button `opener`. */
export async function openUsage(key, opener) {
  const dialog = byId("usage-dialog");
  byId("usage-title").textContent = "Usage";
  byId("usage-body").replaceChildren(h("p", { class: "muted" }, "Loading…"));
  openDialog(dialog, { opener });
  try {
    await render(key.id);
  } catch (error) {
    byId("usage-body").replaceChildren(h("p", { class: "error", role: "alert" }, String(error.message ?? error)));
  }
}
