// The API-keys page: the table, and create, reveal, rotate, edit and delete.
import { graphql, messageOf } from "./api.js";
import { busy, confirmAction, openDialog, showSecret } from "./dialogs.js";
import { byId, h, showError, toast } from "./dom.js";
import {
  formatDate,
  formatDay,
  fromLocalInput,
  keyLabel,
  objectLabel,
  relativeTime,
  splitList,
  toLocalInput,
  tokenPrefix,
} from "./format.js";
import { eyeIcon, never, rotationNote, scopes, statusCell, timeElement } from "./key_rows.js";
import { chosenCustomers, customerLimit, customersChanged, fillCustomerPicker } from "./key_customers.js";
import { pagedTable } from "./paged_table.js";
import { openUsage } from "./usage.js";

const SHOW_ONCE_NOTE = "This key's secret was shown once and cannot be revealed: rotate the key for a new one.";
// What only an admin's session can do (resolvers/policy.py): the API refuses it on a key.
const KEY_CANNOT_WRITE = new Set(["MEMBER", "AUDIT_EVENT"]);
const KEY_FIELDS = `fragment KeyFields on ApiKey {
  id name description prefix lastCharacters status fullAccess permissions { object access }
  allowedIps revealable createdAt expiresAt lastUsedAt rotationScheduledAt customerIds
  rotationDueAt rotationOverdue
}`;
const LIST = `query ConsoleKeys($first: Int!, $after: String, $filter: ApiKeyFilter, $orderBy: ApiKeyOrder) {
  apiKeys(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { ...KeyFields } }
  }
} ${KEY_FIELDS}`;
const CREATE = `mutation ConsoleCreateKey($input: CreateApiKeyInput!) {
  createApiKey(input: $input) { secret apiKey { ...KeyFields } }
} ${KEY_FIELDS}`;
const UPDATE = `mutation ConsoleUpdateKey($input: UpdateApiKeyInput!) { updateApiKey(input: $input) { id } }`;
const PERMISSIONS = `mutation ConsoleKeyPermissions($input: UpdatePermissionsInput!) {
  updatePermissions(input: $input) { id }
}`;
const ROTATE = `mutation ConsoleRotateKey($input: RotateApiKeyInput!) {
  rotateApiKey(input: $input) { secret apiKey { ...KeyFields } }
} ${KEY_FIELDS}`;
const REVEAL = `mutation ConsoleRevealKey($id: ID!) { revealApiKey(id: $id) { secret } }`;
const DESTROY = `mutation ConsoleDestroyKey($id: ID!) { destroyApiKey(id: $id) { id status } }`;
const POLICY = `query ConsoleRevealPolicy { organization { revealPolicy } }`;

export function createKeysView(ctx) {
  const heading = byId("keys-title");
  const { load, pager } = pagedTable("keys", {
    fetch: async (page) => (await graphql(LIST, { ...page, ...findings() })).apiKeys,
    row: keyRow,
    noun: "keys",
    empty: "No API keys yet. Create one to call the API.",
  });
  const keyDialog = byId("key-dialog");
  const keyForm = byId("key-form");
  const fullAccess = byId("key-full-access");
  const rotateDialog = byId("rotate-dialog");
  const rotateForm = byId("rotate-form");
  // Revoked keys are hidden unless asked for (the status filter).
  const statusFilter = byId("keys-status");
  const chosenStatuses = () => (statusFilter.value ? statusFilter.value.split(",") : null);
  const search = byId("keys-search");
  const order = byId("keys-order");
  function findings() {
    const [field, direction] = order.value.split(":");
    const text = search.value.trim();
    return {
      filter: { status: chosenStatuses(), search: text || null },
      orderBy: { field, direction },
    };
  }
  function reload() {
    pager.reset();
    load();
  }
  statusFilter.addEventListener("change", reload);
  order.addEventListener("change", reload);
  let searchTimer = 0;
  search.addEventListener("input", () => {
    // A pasted token never leaves the page: only its prefix is kept, and searched for.
    const prefix = tokenPrefix(search.value.trim());
    byId("keys-search-hint").textContent = prefix
      ? `Searching by the token's prefix, ${prefix}: the secret itself was not sent.`
      : "";
    if (prefix) search.value = prefix;
    clearTimeout(searchTimer);
    searchTimer = setTimeout(reload, 250);
  });
  let editing = null;
  let rotating = null;
  let rotatingOpener = null;
  let revealing = false;

  function keyRow(key) {
    const row = h("tr", {
      dataset: { keyId: key.id },
      title: key.rotationScheduledAt ? rotationNote(key.rotationScheduledAt) : null,
    });
    row.append(
      h(
        "td",
        {},
        h("div", { class: key.name ? "name" : "name muted" }, key.name || "Unnamed key"),
        key.description ? h("div", { class: "description" }, key.description) : null,
      ),
      h("td", {}, h("code", { class: "key-id" }, `${key.prefix}…${key.lastCharacters}`)),
      h("td", {}, scopes(key, ctx.objects), customerLimit(key)),
      h("td", { class: "nowrap" }, key.lastUsedAt ? timeElement(key.lastUsedAt, relativeTime(key.lastUsedAt)) : never()),
      h("td", {}, statusCell(key)),
      h("td", { class: "nowrap" }, timeElement(key.createdAt, formatDay(key.createdAt))),
      h("td", { class: "nowrap" }, key.expiresAt ? timeElement(key.expiresAt, formatDate(key.expiresAt)) : never()),
      h("td", { class: "actions" }, actions(key)),
    );
    return row;
  }

  function actions(key) {
    if (key.status === "REVOKED") return h("span", { class: "muted" }, "—");
    const label = keyLabel(key);
    const button = (action, text, props, onclick) =>
      h("button", { type: "button", dataset: { focusId: `${action}:${key.id}`, action }, onclick, ...props }, text);
    return h(
      "div",
      { class: "row-actions" },
      button(
        "reveal",
        eyeIcon(),
        {
          class: "icon",
          "aria-label": `Reveal secret of ${label}`,
          title: key.revealable ? "Reveal secret" : SHOW_ONCE_NOTE,
          // Focusable and tappable when it cannot reveal: it says why, to every user.
          "aria-disabled": key.revealable ? null : "true",
          "aria-describedby": key.revealable ? null : "show-once-note",
        },
        (event) =>
          key.revealable ? reveal(key, event.currentTarget) : toast(SHOW_ONCE_NOTE),
      ),
      button("rotate", "Rotate", { class: "link", "aria-label": `Rotate ${label}` }, (event) =>
        openRotate(key, event.currentTarget),
      ),
      button("edit", "Edit", { class: "link", "aria-label": `Edit ${label}` }, (event) =>
        openEditor(key, event.currentTarget),
      ),
      button("delete", "Delete", { class: "link danger-text", "aria-label": `Delete ${label}` }, (event) =>
        destroy(key, event.currentTarget),
      ),
      button("usage", "Usage", { class: "link", "aria-label": `Usage of ${label}` }, (event) =>
        openUsage(key, event.currentTarget),
      ),
    );
  }

  async function isShowOnce(key) {
    try {
      const { organization } = await graphql(POLICY);
      ctx.organization = { ...ctx.organization, ...organization };
    } catch {
      // Keep what the console knew at log in.
    }
    return ctx.organization?.revealPolicy === "SHOW_ONCE" || !key.revealable;
  }

  async function reveal(key, button) {
    if (revealing) return;
    revealing = true;
    try {
      const { revealApiKey } = await graphql(REVEAL, { id: key.id });
      showSecret({
        title: `Secret of ${keyLabel(key)}`,
        intro: "Anyone holding this secret can call the API with this key's permissions. Keep it out of code, tickets and chat.",
        secret: revealApiKey.secret,
        showOnce: false,
        opener: button,
      });
    } catch (error) {
      toast(messageOf(error), { error: true });
    } finally {
      revealing = false;
    }
  }

  // ------------------------------------------------------------ create and edit

  function buildGrid() {
    const cell = (access, object) =>
      access === "write" && KEY_CANNOT_WRITE.has(object)
        ? h("td", { class: "muted", title: "Needs an admin's session; no key can do it" }, "—")
        : h("td", {}, h("input", { type: "checkbox", name: `${access}:${object}`, "aria-label": `${objectLabel(object)}: ${access}` }));
    byId("key-grid").tBodies[0].replaceChildren(
      ...ctx.objects.map((object) =>
        h("tr", {}, h("th", { scope: "row" }, objectLabel(object)), cell("read", object), cell("write", object)),
      ),
    );
  }

  function gridBox(access, object) {
    return keyForm.elements.namedItem(`${access}:${object}`);
  }

  function syncGrid() {
    byId("key-grid").classList.toggle("disabled", fullAccess.checked);
    for (const box of byId("key-grid").querySelectorAll("input")) box.disabled = fullAccess.checked;
  }

  function chosenGrants() {
    return ctx.objects.flatMap((object) => {
      const read = gridBox("read", object).checked;
      const write = gridBox("write", object)?.checked ?? false;
      const access = read && write ? "READ_WRITE" : read ? "READ" : write ? "WRITE" : null;
      return access ? [{ object, access }] : [];
    });
  }

  function openEditor(key, opener) {
    editing = key;
    buildGrid();
    keyForm.reset();
    byId("key-dialog-title").textContent = key ? `Edit ${keyLabel(key)}` : "Create API key";
    byId("key-submit").textContent = key ? "Save changes" : "Create key";
    byId("key-name").value = key?.name ?? "";
    byId("key-description").value = key?.description ?? "";
    byId("key-ips").value = (key?.allowedIps ?? []).join("\n");
    byId("key-expires").value = toLocalInput(key?.expiresAt);
    const keep = byId("key-expiry").querySelector("option[value=keep]");
    keep.hidden = !key;
    keep.textContent = key ? `Unchanged (${key.expiresAt ? formatDate(key.expiresAt) : "no expiration"})` : "Unchanged";
    byId("key-expiry").value = key ? "keep" : "30";
    syncExpiry();
    fullAccess.checked = key ? key.fullAccess : false;
    for (const { object, access } of key?.permissions ?? []) {
      if (!gridBox("read", object)) continue;
      gridBox("read", object).checked = access !== "WRITE";
      const write = gridBox("write", object);
      if (write) write.checked = access !== "READ";
    }
    syncGrid();
    fillCustomerPicker(key);
    openDialog(keyDialog, { opener, fallback: heading });
  }

  // ------------------------------------------------------------ expiration presets

  function syncExpiry() {
    const choice = byId("key-expiry").value;
    byId("key-expires-custom").hidden = choice !== "custom";
    byId("key-description").setAttribute("aria-required", String(choice === "never"));
    byId("key-expiry-hint").textContent =
      choice === "never"
        ? "Say why in the description: a key that never expires is a standing risk if it leaks."
        : "Keys that expire limit the harm of a leaked secret.";
  }

  function chosenExpiry() {
    const choice = byId("key-expiry").value;
    if (choice === "never" || choice === "keep") return choice === "keep" ? undefined : null;
    if (choice === "custom") return fromLocalInput(byId("key-expires").value);
    return new Date(Date.now() + Number(choice) * 86_400_000).toISOString();
  }

  function sameGrants(a, b) {
    const text = (grants) => JSON.stringify([...grants].map((g) => `${g.object}:${g.access}`).sort());
    return text(a) === text(b);
  }

  async function create(values) {
    let created = null;
    const done = await busy(keyDialog, async () => {
      const input = {
        name: values.name,
        description: values.description,
        allowedIps: values.allowedIps,
        expiresAt: values.expiresAt,
        permissions: values.fullAccess ? null : values.grants,
        customerIds: chosenCustomers(),
      };
      created = (await graphql(CREATE, { input })).createApiKey;
    });
    if (!done) return;
    keyDialog.close();
    pager.reset();
    await load();
    showSecret({
      title: `Key created: ${keyLabel(created.apiKey)}`,
      intro: "Give this secret to the application that calls the API, in the header Authorization: Bearer <secret>.",
      secret: created.secret,
      showOnce: await isShowOnce(created.apiKey),
      opener: byId("create-key"),
    });
  }

  async function save(key, values) {
    const input = { id: key.id };
    if (values.name !== (key.name || null)) input.name = values.name;
    if (values.description !== (key.description || null)) input.description = values.description;
    if (JSON.stringify(values.allowedIps) !== JSON.stringify(key.allowedIps)) input.allowedIps = values.allowedIps;
    if (values.expiry !== "keep") input.expiresAt = values.expiresAt;
    if (customersChanged(key)) input.customerIds = chosenCustomers();
    const grantsChanged =
      values.fullAccess !== key.fullAccess || (!values.fullAccess && !sameGrants(values.grants, key.permissions));
    const done = await busy(keyDialog, async () => {
      try {
        if (Object.keys(input).length > 1) await graphql(UPDATE, { input });
        if (grantsChanged) {
          const permissions = values.fullAccess ? null : values.grants;
          await graphql(PERMISSIONS, { input: { id: key.id, permissions } });
        }
      } finally {
        await load();
      }
    });
    if (!done) return;
    keyDialog.close();
    toast(`Saved ${keyLabel(key)}.`);
  }

  keyForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    const values = {
      name: byId("key-name").value.trim() || null,
      description: byId("key-description").value.trim() || null,
      allowedIps: splitList(byId("key-ips").value),
      expiry: byId("key-expiry").value,
      expiresAt: chosenExpiry(),
      fullAccess: fullAccess.checked,
      grants: chosenGrants(),
    };
    if (values.expiry === "custom" && !values.expiresAt) {
      showError(byId("key-error"), "Choose the date the key expires on, or another expiration.");
      byId("key-expires").focus();
      return;
    }
    // As GitHub asks: a key that never expires says why, in its description.
    if (values.expiry === "never" && !values.description) {
      showError(byId("key-error"), "Say in the description why this key never expires.");
      byId("key-description").focus();
      return;
    }
    if (!values.fullAccess && !values.grants.length) {
      showError(byId("key-error"), "Tick at least one permission, or turn on Full access.");
      return;
    }
    await (editing ? save(editing, values) : create(values));
  });
  fullAccess.addEventListener("change", syncGrid);
  byId("key-expiry").addEventListener("change", syncExpiry);
  byId("create-key").addEventListener("click", (event) => openEditor(null, event.currentTarget));

  // ------------------------------------------------------------ rotate

  // "Now" ends the current secret at once: it asks for the key's name to be typed.
  function rotatesNow() {
    return new FormData(rotateForm).get("schedule") === "NOW";
  }

  function syncRotateNow() {
    const now = rotatesNow();
    byId("rotate-now-confirm").hidden = !now;
    const typed = byId("rotate-now-name").value.trim();
    byId("rotate-submit").disabled = now && typed !== keyLabel(rotating);
  }

  function openRotate(key, opener) {
    rotating = key;
    rotatingOpener = opener;
    rotateForm.reset();
    byId("rotate-now-expected").textContent = keyLabel(key);
    syncRotateNow();
    byId("rotate-title").textContent = `Rotate ${keyLabel(key)}`;
    const pending = byId("rotate-pending");
    pending.hidden = !key.rotationScheduledAt;
    pending.textContent = key.rotationScheduledAt
      ? `A rotation is pending: the previous secret works until ${formatDate(key.rotationScheduledAt)}. ` +
        "Rotating again makes a new secret and moves that time."
      : "";
    openDialog(rotateDialog, { opener, fallback: heading });
  }

  rotateForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    const key = rotating;
    const schedule = new FormData(rotateForm).get("schedule");
    if (schedule === "NOW" && byId("rotate-now-name").value.trim() !== keyLabel(key)) {
      showError(byId("rotate-error"), `Type ${keyLabel(key)} to rotate now.`);
      return;
    }
    let rotated = null;
    const done = await busy(rotateDialog, async () => {
      rotated = (await graphql(ROTATE, { input: { id: key.id, schedule } })).rotateApiKey;
      await load();
    });
    if (!done) return;
    rotateDialog.close();
    const until = rotated.apiKey.rotationScheduledAt;
    showSecret({
      title: `New secret for ${keyLabel(key)}`,
      intro: until
        ? `The previous secret keeps working until ${formatDate(until)}. Move your applications to this one before then.`
        : "The previous secret no longer works. Update your applications with this one.",
      secret: rotated.secret,
      showOnce: await isShowOnce(rotated.apiKey),
      opener: rotatingOpener,
    });
  });
  rotateForm.addEventListener("input", syncRotateNow);
  rotateForm.addEventListener("change", syncRotateNow);

  // ------------------------------------------------------------ delete

  function destroy(key, opener) {
    const label = keyLabel(key);
    confirmAction({
      title: `Delete ${label}?`,
      message:
        "Applications using this key lose access at once. The key stays in the audit trail as revoked; this cannot be undone.",
      confirmLabel: "Delete key",
      opener,
      fallback: heading,
      action: async () => {
        await graphql(DESTROY, { id: key.id });
        await load();
        toast(`Deleted ${label}.`);
      },
    });
  }

  return { show: load };
}
