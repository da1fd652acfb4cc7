// The audit trail: every change to a key, filterable by key.
import { graphql } from "./api.js";
import { byId, h } from "./dom.js";
import { ACCESS_SHORT, actionLabel, formatDate, keyLabel, objectLabel } from "./format.js";
import { pagedTable } from "./paged_table.js";

const LIST = `query ConsoleAudit($first: Int!, $after: String, $apiKeyId: ID) {
  auditEvents(first: $first, after: $after, apiKeyId: $apiKeyId) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { id action apiKeyId actorMemberId actorApiKeyId clientAddress before after createdAt } }
  }
}`;
const KEYS = `query ConsoleAuditKeys { apiKeys(first: 100) { edges { node { id name prefix lastCharacters status } } } }`;
const MEMBERS = `query ConsoleAuditMembers { members(first: 100) { edges { node { id email } } } }`;

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

function item(value) {
  if (typeof value === "string" && INSTANT.test(value)) return formatDate(value);
  if (value?.object && value?.access) return `${objectLabel(value.object)} ${ACCESS_SHORT[value.access] ?? value.access}`;
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}

function short(value) {
  if (value === null || value === undefined) return "none";
  if (Array.isArray(value)) return value.length ? value.map(item).join(", ") : "none";
  return item(value);
}

/** What an event changed: "name: a → b" for updates, the recorded values otherwise. */
function changes(event) {
  const before = event.before ?? {};
  const after = event.after ?? {};
  const fields = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  const lines = event.before && event.after
    ? fields
        .filter((field) => JSON.stringify(before[field]) !== JSON.stringify(after[field]))
        .map((field) => `${field}: ${short(before[field])} → ${short(after[field])}`)
    : fields.map((field) => `${field}: ${short((event.after ?? event.before)[field])}`);
  if (!lines.length) return h("span", { class: "muted" }, "—");
  if (lines.length === 1) return h("span", {}, lines[0]);
  return h("details", {}, h("summary", {}, `${lines.length} fields`), h("ul", { class: "changes" }, lines.map((line) => h("li", {}, line))));
}

export function createAuditView() {
  const filter = byId("audit-key");
  const { load, pager } = pagedTable("audit", {
    fetch: async (page) => (await graphql(LIST, { ...page, apiKeyId: filter.value || null })).auditEvents,
    row: eventRow,
    noun: "events",
    empty: "No events.",
  });
  const keyNames = new Map();
  const memberEmails = new Map();

  async function loadNames() {
    const [keys, members] = await Promise.allSettled([graphql(KEYS), graphql(MEMBERS)]);
    if (keys.status === "fulfilled") {
      const chosen = filter.value;
      const options = keys.value.apiKeys.edges.map(({ node }) => {
        keyNames.set(node.id, keyLabel(node));
        const revoked = node.status === "REVOKED" ? " (revoked)" : "";
        return h("option", { value: node.id }, `${keyLabel(node)} · ${node.prefix}…${node.lastCharacters}${revoked}`);
      });
      filter.replaceChildren(h("option", { value: "" }, "All keys"), ...options);
      filter.value = keyNames.has(chosen) ? chosen : "";
    }
    if (members.status === "fulfilled") {
      for (const { node } of members.value.members.edges) memberEmails.set(node.id, node.email);
    }
  }

  function actor(event) {
    if (event.actorMemberId) return memberEmails.get(event.actorMemberId) ?? `member ${event.actorMemberId}`;
    if (event.actorApiKeyId) return `key ${keyNames.get(event.actorApiKeyId) ?? event.actorApiKeyId}`;
    return h("span", { class: "muted" }, "system");
  }

  function eventRow(event) {
    return h(
      "tr",
      { dataset: { eventId: event.id } },
      h("td", { class: "nowrap" }, h("time", { datetime: event.createdAt }, formatDate(event.createdAt))),
      h("td", {}, h("span", { class: `action action-${event.action}`, title: event.action }, actionLabel(event.action))),
      h("td", { class: "nowrap" }, event.apiKeyId ? keyNames.get(event.apiKeyId) ?? event.apiKeyId : h("span", { class: "muted" }, "—")),
      h("td", {}, actor(event)),
      h("td", {}, event.clientAddress ? h("code", {}, event.clientAddress) : h("span", { class: "muted" }, "—")),
      h("td", {}, changes(event)),
    );
  }

  filter.addEventListener("change", () => {
    pager.reset();
    load();
  });

  return {
    async show() {
      await loadNames();
      await load();
    },
  };
}
