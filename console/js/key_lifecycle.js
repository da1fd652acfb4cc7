// Disable and enable an API key from its row: a button beside Delete in each row of the keys
// table whose key is ACTIVE or DISABLED. A disabled key is refused at once and keeps its
// secret; enabling it makes the same secret work again.
import { graphql, messageOf } from "./api.js";
import { h, toast } from "./dom.js";
import { STATUS_WORDS } from "./format.js";

const DISABLE = `mutation ConsoleDisableKey($id: ID!) { disableApiKey(id: $id) { id status } }`;
const ENABLE = `mutation ConsoleEnableKey($id: ID!) { enableApiKey(id: $id) { id status } }`;
const SWITCHABLE = { "status-active": "ACTIVE", "status-disabled": "DISABLED" };

function statusBadge(row) {
  return row.querySelector(".status:not(.status-rotating)");
}

function statusOf(badge) {
  const found = [...(badge?.classList ?? [])].find((name) => name in SWITCHABLE);
  return found ? SWITCHABLE[found] : null;
}

function show(button, status, label) {
  const verb = status === "DISABLED" ? "Enable" : "Disable";
  button.dataset.status = status;
  button.textContent = verb;
  button.setAttribute("aria-label", `${verb} ${label}`);
}

async function toggle(row, button, label) {
  const id = row.dataset.keyId;
  const enabling = button.dataset.status === "DISABLED";
  button.disabled = true;
  try {
    const result = enabling
      ? (await graphql(ENABLE, { id })).enableApiKey
      : (await graphql(DISABLE, { id })).disableApiKey;
    const badge = statusBadge(row);
    badge.className = `status status-${result.status.toLowerCase()}`;
    badge.textContent = STATUS_WORDS[result.status] ?? result.status;
    show(button, result.status, label);
    toast(enabling ? `${label} works again.` : `${label} is refused from now on.`);
  } catch (error) {
    toast(messageOf(error), { error: true });
  } finally {
    button.disabled = false;
  }
}

function addButton(row) {
  const actions = row.querySelector(".row-actions");
  const status = statusOf(statusBadge(row));
  if (!actions || !status || actions.querySelector("[data-action=lifecycle]")) return;
  const label = row.querySelector(".name")?.textContent || "the key";
  const button = h("button", { type: "button", class: "link", dataset: { action: "lifecycle" } });
  show(button, status, label);
  button.onclick = () => toggle(row, button, label);
  actions.insertBefore(button, actions.querySelector("[data-action=delete]"));
}

/** Adds the button to every row the table shows, now and whenever its rows change. */
export function watchKeyLifecycle(table) {
  const addAll = () => {
    for (const row of table.querySelectorAll("tbody tr[data-key-id]")) addButton(row);
  };
  new MutationObserver(addAll).observe(table.tBodies[0], { childList: true });
  addAll();
}
