// Keys limited to chosen customers: in the key form, "Every customer" or "Only these
// customers" with a checkbox per customer; in the keys table, the limit under the key's
// permissions. The fieldset is added to the form when this module loads.
import { graphql } from "./api.js";
import { byId, h } from "./dom.js";

const CUSTOMERS = `query ConsoleKeyCustomers {
  customers(first: 100) { totalCount edges { node { id externalId name } } }
}`;

function mount() {
  const form = byId("key-form");
  if (!form || byId("key-customers")) return;
  const fieldset = h(
    "fieldset",
    { class: "choices", id: "key-customers" },
    h("legend", {}, "Customers"),
    h("label", {}, h("input", { type: "radio", name: "customer-limit", value: "all", checked: true }), "Every customer"),
    h("label", {}, h("input", { type: "radio", name: "customer-limit", value: "some" }), "Only these customers"),
    h("div", { id: "key-customer-list", hidden: true }),
    h("p", { class: "hint", id: "key-customers-hint" },
      "A limited key sees and changes only these customers and their subscriptions, invoices and events."),
  );
  form.insertBefore(fieldset, byId("key-error"));
  for (const radio of fieldset.querySelectorAll("input[name=customer-limit]")) {
    radio.addEventListener("change", syncList);
  }
}

function limited() {
  return byId("key-form").querySelector("input[name=customer-limit][value=some]").checked;
}

function syncList() {
  byId("key-customer-list").hidden = !limited();
}

function customerLabel(customer) {
  return customer.name ? `${customer.name} (${customer.externalId})` : customer.externalId;
}

let known = [];  // the customers last read, so that the form opens at once

/** Fills the picker for `key` (null: a new key, every customer) at once, from the customers
 * last read, then again once they are read afresh; the ticks made meanwhile are kept. */
export function fillCustomerPicker(key) {
  const form = byId("key-form");
  form.querySelector(`input[name=customer-limit][value=${key?.customerIds ? "some" : "all"}]`).checked = true;
  syncList();
  render(new Set(key?.customerIds ?? []));
  graphql(CUSTOMERS).then(({ customers }) => {
    known = customers.edges.map(({ node }) => node);
    render(new Set(chosenIds()));
  }).catch(() => {
    // A caller who may not read customers keeps the ids it had; the API has the last word.
  });
}

function chosenIds() {
  return [...byId("key-customer-list").querySelectorAll("input[name=customer]:checked")].map((box) => box.value);
}

function render(chosen) {
  const list = byId("key-customer-list");
  const ids = new Set(known.map((c) => c.id));
  const unknown = [...chosen].filter((id) => !ids.has(id)).map((id) => ({ id, externalId: id }));
  list.replaceChildren(
    ...[...known, ...unknown].map((customer) => h("label", {},
      h("input", {
        type: "checkbox", name: "customer", value: customer.id, checked: chosen.has(customer.id), "data-no-guard": true,
      }),
      customerLabel(customer))),
  );
  if (!list.children.length) list.append(h("p", { class: "muted" }, "No customer yet."));
}

/** The form's choice: null for every customer, or the chosen ids, sorted. */
export function chosenCustomers() {
  if (!limited()) return null;
  return chosenIds().sort();
}

/** Whether the choice differs from the key's limit. */
export function customersChanged(key) {
  const before = key.customerIds ? [...key.customerIds].sort() : null;
  return JSON.stringify(before) !== JSON.stringify(chosenCustomers());
}

/** The limit under a key's permissions in the keys table (nothing for every customer). */
export function customerLimit(key) {
  if (!key.customerIds) return null;
  const count = key.customerIds.length;
  return h("div", { class: "muted customer-limit" }, count === 1 ? "1 customer only" : `${count} customers only`);
}

mount();
