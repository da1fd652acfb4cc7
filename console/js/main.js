// The console's start: log in and out, the sections, the session kept for the tab.
import { SIGNED_OUT, currentSession, forgetSession, graphql, keepSession, messageOf } from "./api.js";
import { createAuditView } from "./audit.js";
import { setUpDialogs } from "./dialogs.js";
import { byId, h, showError, toast } from "./dom.js";
import { watchKeyLifecycle } from "./key_lifecycle.js";
import { createKeysView } from "./keys.js";
import { createMembersView } from "./members.js";
import { setUpSudo } from "./sudo.js";
import { chosenOrganization, offerOrganizations, showsEmailPage } from "./people.js";
import { createWebhooksView } from "./webhooks.js";

const LOGIN = `mutation ConsoleLogin($email: String!, $password: String!, $organizationId: ID) {
  login(email: $email, password: $password, organizationId: $organizationId) {
    token expiresAt member { id email name role }
  }
}`;
const LOGOUT = `mutation ConsoleLogout { logout }`;
const ORGANIZATION = `query ConsoleOrganization { organization { name revealPolicy } }`;
const OBJECTS = `query ConsoleObjects { __type(name: "PermissionObject") { enumValues { name } } }`;
const KNOWN_OBJECTS = [
  "API_KEY", "AUDIT_EVENT", "MEMBER", "ORGANIZATION", "CUSTOMER",
  "PLAN", "BILLABLE_METRIC", "SUBSCRIPTION", "INVOICE", "EVENT",
];
const SECTIONS = ["keys", "members", "audit", "webhooks"];

const ctx = { organization: null, member: null, objects: KNOWN_OBJECTS };
let views = null;

function showOnly(id) {
  for (const section of document.querySelectorAll("main > section")) section.hidden = section.id !== id;
}

function closeDialogs() {
  for (const dialog of document.querySelectorAll("dialog[open]")) dialog.close();
}

function showLogin(message = "") {
  closeDialogs();
  byId("sections").hidden = true;
  byId("account").hidden = true;
  byId("org-name").textContent = "";
  showOnly("login-view");
  showError(byId("login-error"), message);
  byId("login-email").focus();
}

async function enterConsole(session) {
  ctx.member = session.member;
  const [organization, objects] = await Promise.allSettled([graphql(ORGANIZATION), graphql(OBJECTS)]);
  if (!currentSession()) return;
  ctx.organization = organization.status === "fulfilled" ? organization.value.organization : null;
  if (objects.status === "fulfilled" && objects.value.__type) {
    ctx.objects = objects.value.__type.enumValues.map((value) => value.name);
  }
  byId("org-name").textContent = ctx.organization?.name ?? "";
  const member = ctx.member;
  byId("who").replaceChildren(
    member.name || member.email,
    " ",
    h("span", { class: `role role-${member.role.toLowerCase()}` }, member.role === "ADMIN" ? "Admin" : "Member"),
  );
  views ??= { keys: createKeysView(ctx), members: createMembersView(ctx), audit: createAuditView(ctx) };
  views.webhooks ??= createWebhooksView(ctx);
  byId("sections").hidden = false;
  byId("account").hidden = false;
  await route();
}

async function route() {
  if (!currentSession() || !views || showsEmailPage()) return;
  const wanted = location.hash.slice(1);
  const name = SECTIONS.includes(wanted) ? wanted : "keys";
  for (const link of byId("sections").querySelectorAll("a")) {
    if (link.dataset.section === name) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
  showOnly(`${name}-view`);
  byId(`${name}-title`).focus();
  await views[name].show();
}

byId("login-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const form = event.currentTarget;
  const button = form.querySelector("button[type=submit]");
  const variables = { email: byId("login-email").value.trim(), password: byId("login-password").value };
  variables.organizationId = chosenOrganization();
  showError(byId("login-error"), "");
  button.disabled = true;
  try {
    const { login } = await graphql(LOGIN, variables, { authenticated: false });
    keepSession({ token: login.token, expiresAt: login.expiresAt, member: login.member });
    form.reset();
    await enterConsole(currentSession());
  } catch (error) {
    if (offerOrganizations(error)) return;
    showError(byId("login-error"), messageOf(error));
    byId("login-password").select();
  } finally {
    button.disabled = false;
  }
});

byId("logout").addEventListener("click", async () => {
  try {
    await graphql(LOGOUT);
  } catch {
    // Already over on the server: forgetting it here is all that is left.
  }
  forgetSession();
  showLogin();
  toast("Logged out.");
});

document.addEventListener(SIGNED_OUT, () => showLogin("Your session has ended. Log in again."));
window.addEventListener("hashchange", route);

setUpDialogs();
setUpSudo();
watchKeyLifecycle(byId("keys-table"));
const session = currentSession();
if (session) enterConsole(session);
else showLogin();
