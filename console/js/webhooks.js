// The webhooks page: the organization's endpoints (add with the events to send, delete, a new
// signing secret shown once), and each endpoint's deliveries with their status and a
// Redeliver button. Its section, nav link and dialog are added to the page when this module
// loads, before main.js sets up the dialogs.
import { graphql, messageOf } from "./api.js";
import { busy, confirmAction, openDialog, showSecret } from "./dialogs.js";
import { byId, h, toast } from "./dom.js";
import { formatDate } from "./format.js";
import { pagedTable } from "./paged_table.js";

const LIST = `query ConsoleWebhooks($first: Int!, $after: String) {
  webhookEndpoints(first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { id url events createdAt } }
  }
}`;
const DELIVERIES = `query ConsoleWebhookDeliveries($endpointId: ID!, $first: Int!, $after: String) {
  webhookDeliveries(endpointId: $endpointId, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { id event status attempts responseCode lastError createdAt nextAttemptAt } }
  }
}`;
const CREATE = `mutation ConsoleCreateWebhook($url: String!, $events: [WebhookEvent!]!) {
  createWebhookEndpoint(url: $url, events: $events) { endpoint { id } secret }
}`;
const DELETE = `mutation ConsoleDeleteWebhook($id: ID!) { deleteWebhookEndpoint(id: $id) { id } }`;
const ROTATE = `mutation ConsoleRotateWebhookSecret($id: ID!) { rotateWebhookSecret(id: $id) { secret } }`;
const REDELIVER = `mutation ConsoleRedeliverWebhook($id: ID!) { redeliverWebhook(id: $id) { id } }`;

export const EVENT_WORDS = {
  CREATED: "Key created",
  UPDATED: "Key updated",
  PERMISSIONS_UPDATED: "Permissions changed",
  ROTATED: "Key rotated",
  ROTATION_SCHEDULED: "Rotation scheduled",
  ROTATION_COMPLETED: "Rotation completed",
  DISABLED: "Key disabled",
  ENABLED: "Key enabled",
  DESTROYED: "Key destroyed",
  EXPIRED: "Key expired",
  LEAKED: "Key found in public",
};
const DELIVERY_WORDS = { PENDING: "Pending", SENT: "Sent", FAILED: "Failed" };
const DELIVERY_CLASSES = { PENDING: "status-disabled", SENT: "status-active", FAILED: "status-revoked" };

function headRow(...names) {
  return h("thead", {}, h("tr", {}, names.map((name) =>
    h("th", { scope: "col" }, name || h("span", { class: "visually-hidden" }, "Actions")))));
}

function mount() {
  const nav = byId("sections");
  const main = byId("main");
  if (!nav || !main || byId("webhooks-view")) return;
  nav.append(h("a", { href: "#webhooks", dataset: { section: "webhooks" } }, "Webhooks"));
  main.append(h(
    "section",
    { id: "webhooks-view", class: "view", "aria-labelledby": "webhooks-title", hidden: true },
    h("div", { class: "view-head" },
      h("div", {},
        h("h1", { id: "webhooks-title", tabindex: "-1" }, "Webhooks"),
        h("p", { class: "muted" }, "URLs that receive this organization's key events, signed (Standard Webhooks)."),
      ),
      h("button", { type: "button", class: "primary", id: "add-webhook" }, "Add endpoint"),
    ),
    h("p", { class: "error", id: "webhooks-error", role: "alert" }),
    h("div", { class: "table-wrap" },
      h("table", { id: "webhooks-table", class: "data" },
        h("caption", { class: "visually-hidden" }, "Webhook endpoints"),
        headRow("URL", "Events", "Added", ""),
        h("tbody"),
      ),
    ),
    h("nav", { class: "pager", id: "webhooks-pager", "aria-label": "Webhook endpoint pages" }),
    h("div", { id: "webhook-deliveries", hidden: true },
      h("h2", { id: "webhook-deliveries-title", tabindex: "-1" }, "Deliveries"),
      h("p", { class: "error", id: "webhook-deliveries-error", role: "alert" }),
      h("div", { class: "table-wrap" },
        h("table", { id: "webhook-deliveries-table", class: "data" },
          h("caption", { class: "visually-hidden" }, "Deliveries"),
          headRow("Event", "Status", "Attempts", "Response", "Created", ""),
          h("tbody"),
        ),
      ),
      h("nav", { class: "pager", id: "webhook-deliveries-pager", "aria-label": "Delivery pages" }),
    ),
  ));
  document.body.append(h(
    "dialog",
    { id: "webhook-dialog", "aria-labelledby": "webhook-dialog-title", "data-guard": true },
    h("form", { id: "webhook-form", class: "dialog-body" },
      h("h2", { id: "webhook-dialog-title" }, "Add webhook endpoint"),
      h("div", { class: "field" },
        h("label", { for: "webhook-url" }, "URL"),
        h("input", {
          id: "webhook-url", name: "url", type: "url", required: true, maxlength: "2048",
          autocomplete: "off", placeholder: "https://hooks.example.com/api-keys", "aria-describedby": "webhook-url-hint",
        }),
        h("p", { class: "hint", id: "webhook-url-hint" }, "https, on a public address."),
      ),
      h("fieldset", { class: "choices", id: "webhook-events" },
        h("legend", {}, "Events"),
        Object.entries(EVENT_WORDS).map(([event, words]) => h("label", {},
          h("input", { type: "checkbox", name: "events", value: event, checked: true }), words)),
      ),
      h("p", { class: "error", id: "webhook-error", role: "alert" }),
      h("div", { class: "dialog-actions" },
        h("button", { type: "button", class: "secondary", "data-close": true }, "Cancel"),
        h("button", { type: "submit", class: "primary" }, "Add endpoint"),
      ),
    ),
  ));
}

mount();

export function createWebhooksView() {
  const heading = byId("webhooks-title");
  const dialog = byId("webhook-dialog");
  const form = byId("webhook-form");
  let chosen = null;

  const endpoints = pagedTable("webhooks", {
    fetch: async (page) => (await graphql(LIST, page)).webhookEndpoints,
    row: endpointRow,
    noun: "endpoints",
    empty: "No endpoint yet: add one to receive key events.",
  });
  const deliveries = pagedTable("webhook-deliveries", {
    fetch: async (page) => (await graphql(DELIVERIES, { ...page, endpointId: chosen.id })).webhookDeliveries,
    row: deliveryRow,
    noun: "deliveries",
    empty: "Nothing sent to this endpoint yet.",
  });

  function button(text, label, onclick, extra = "") {
    return h("button", { type: "button", class: `link ${extra}`.trim(), "aria-label": label, onclick }, text);
  }

  function endpointRow(endpoint) {
    return h(
      "tr",
      { dataset: { endpointId: endpoint.id } },
      h("td", { class: "url" }, endpoint.url),
      h("td", {}, endpoint.events.map((event) => EVENT_WORDS[event] ?? event).join(", ")),
      h("td", { class: "nowrap" }, h("time", { datetime: endpoint.createdAt }, formatDate(endpoint.createdAt))),
      h("td", { class: "actions" }, h("div", { class: "row-actions" },
        button("Deliveries", `Deliveries to ${endpoint.url}`, () => showDeliveries(endpoint)),
        button("New secret", `New secret for ${endpoint.url}`, (event) => rotate(endpoint, event.currentTarget)),
        button("Delete", `Delete ${endpoint.url}`, (event) => remove(endpoint, event.currentTarget), "danger-text"),
      )),
    );
  }

  function deliveryRow(delivery) {
    const response = delivery.responseCode ?? (delivery.lastError ? "no answer" : "—");
    return h(
      "tr",
      { dataset: { deliveryId: delivery.id } },
      h("td", {}, EVENT_WORDS[delivery.event] ?? delivery.event),
      h("td", {}, h("span", { class: `status ${DELIVERY_CLASSES[delivery.status] ?? ""}`, title: delivery.lastError ?? "" },
        DELIVERY_WORDS[delivery.status] ?? delivery.status)),
      h("td", {}, String(delivery.attempts)),
      h("td", {}, String(response)),
      h("td", { class: "nowrap" }, h("time", { datetime: delivery.createdAt }, formatDate(delivery.createdAt))),
      h("td", { class: "actions" }, button("Redeliver", `Redeliver ${EVENT_WORDS[delivery.event] ?? delivery.event}`,
        () => redeliver(delivery))),
    );
  }

  async function showDeliveries(endpoint) {
    chosen = endpoint;
    byId("webhook-deliveries").hidden = false;
    byId("webhook-deliveries-title").textContent = `Deliveries to ${endpoint.url}`;
    deliveries.pager.reset();
    await deliveries.load();
    byId("webhook-deliveries-title").focus();
  }

  async function redeliver(delivery) {
    try {
      await graphql(REDELIVER, { id: delivery.id });
      toast("Sent again: the new delivery is at the top.");
    } catch (error) {
      toast(messageOf(error), { error: true });
    }
    deliveries.pager.reset();
    await deliveries.load();
  }

  function rotate(endpoint, opener) {
    confirmAction({
      title: `New secret for ${endpoint.url}?`,
      message: "The current secret stops signing at once: update the receiver with the new one.",
      confirmLabel: "Make a new secret",
      opener,
      fallback: heading,
      action: async () => {
        const { secret } = (await graphql(ROTATE, { id: endpoint.id })).rotateWebhookSecret;
        // Once the confirmation has closed (and given focus back), the secret's dialog opens.
        setTimeout(() => showSecret({
          title: "New signing secret",
          intro: `Deliveries to ${endpoint.url} are signed with this secret from now on.`,
          secret,
          showOnce: true,
          opener,
        }));
      },
    });
  }

  function remove(endpoint, opener) {
    confirmAction({
      title: `Delete ${endpoint.url}?`,
      message: "Nothing more is sent to it, and its deliveries are deleted.",
      confirmLabel: "Delete endpoint",
      opener,
      fallback: heading,
      action: async () => {
        await graphql(DELETE, { id: endpoint.id });
        if (chosen?.id === endpoint.id) byId("webhook-deliveries").hidden = true;
        await endpoints.load();
        toast(`Deleted ${endpoint.url}.`);
      },
    });
  }

  byId("add-webhook").addEventListener("click", (event) => {
    form.reset();
    openDialog(dialog, { opener: event.currentTarget, fallback: heading });
  });

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const variables = { url: data.get("url").trim(), events: data.getAll("events") };
    let secret = null;
    const done = await busy(dialog, async () => {
      secret = (await graphql(CREATE, variables)).createWebhookEndpoint.secret;
      endpoints.pager.reset();
      await endpoints.load();
    });
    if (!done) return;
    dialog.close();
    showSecret({
      title: "Webhook endpoint added",
      intro: `Verify every delivery to ${variables.url} with this signing secret.`,
      secret,
      showOnce: true,
      opener: byId("add-webhook"),
    });
  });

  return {
    show: async () => {
      byId("webhook-deliveries").hidden = true;
      await endpoints.load();
    },
  };
}
