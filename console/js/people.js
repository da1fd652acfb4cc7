// People (issue 18): invitations in the members page, the accept and password-reset pages
// reached from an e-mail's link (#accept=<token>, #reset=<token>), the "forgot password"
// request, and the choice of organization when a login names several. Everything here is
// built from data by this module; main.js only imports it and asks two things at login.
import { ApiError, graphql, keepSession, messageOf } from "./api.js";
import { byId, h, showError, toast } from "./dom.js";
import { formatDate } from "./format.js";

const INVITE = `mutation ConsoleInvite($email: String!, $role: MemberRole!) {
  inviteMember(email: $email, role: $role) { id email role status expiresAt }
}`;
const INVITATIONS = `query ConsoleInvitations {
  invitations(first: 50) { edges { node { id email role status createdAt expiresAt } } }
}`;
const REVOKE = `mutation ConsoleRevokeInvitation($id: ID!) { revokeInvitation(id: $id) { id status } }`;
const ACCEPT = `mutation ConsoleAccept($token: String!, $password: String!, $name: String) {
  acceptInvitation(token: $token, password: $password, name: $name) {
    token expiresAt member { id email name role }
  }
}`;
const REQUEST_RESET = `mutation ConsoleRequestReset($email: String!) { requestPasswordReset(email: $email) }`;
const RESET = `mutation ConsoleReset($token: String!, $password: String!) {
  resetPassword(token: $token, newPassword: $password)
}`;
const ROLE_WORDS = { ADMIN: "Admin", MEMBER: "Member" };

// ---- Login: several organizations -------------------------------------------------------

/** The organization chosen in the login form, once the service asked for one; else null. */
export function chosenOrganization() {
  return byId("login-organization")?.value || null;
}

/** After a failed login: when the credentials hold for several organizations, a choice
 * appears in the form and true is returned (the caller shows nothing more). */
export function offerOrganizations(error) {
  if (!(error instanceof ApiError) || error.code !== "ORGANIZATION_REQUIRED") return false;
  const organizations = error.extensions?.organizations ?? [];
  const form = byId("login-form");
  byId("login-organization-field")?.remove();
  const select = h(
    "select",
    { id: "login-organization", name: "organization", required: true },
    organizations.map((organization) => h("option", { value: organization.id }, organization.name)),
  );
  const field = h(
    "div",
    { class: "field", id: "login-organization-field" },
    h("label", { for: "login-organization" }, "Organization"),
    select,
  );
  form.querySelector("button[type=submit]").before(field);
  showError(byId("login-error"), "You belong to several organizations: choose one, then log in.");
  select.focus();
  return true;
}

// ---- Pages reached from an e-mail -------------------------------------------------------

function page(id, title, intro, fields, submitLabel, onSubmit) {
  const error = h("p", { class: "error", role: "alert", id: `${id}-error` });
  const form = h(
    "form",
    { class: "card", id: `${id}-form` },
    h("h1", { id: `${id}-title`, tabindex: "-1" }, title),
    h("p", { class: "muted" }, intro),
    ...fields,
    error,
    h("button", { type: "submit", class: "primary wide" }, submitLabel),
    h("p", { class: "muted" }, h("button", { type: "button", class: "link", onclick: backToLogin }, "Back to log in")),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const button = form.querySelector("button[type=submit]");
    showError(error, "");
    button.disabled = true;
    try {
      await onSubmit(new FormData(form));
    } catch (failure) {
      showError(error, messageOf(failure));
    } finally {
      button.disabled = false;
    }
  });
  return h("section", { id: `${id}-view`, class: "login", "aria-labelledby": `${id}-title`, hidden: true }, form);
}

function input(id, label, props) {
  return h("div", { class: "field" }, h("label", { for: id }, label), h("input", { id, ...props }));
}

function showPage(section) {
  if (!section.isConnected) document.querySelector("main").append(section);
  for (const other of document.querySelectorAll("main > section")) other.hidden = other !== section;
  byId("sections").hidden = true;
  section.querySelector("h1").focus();
}

function backToLogin() {
  history.replaceState(null, "", location.pathname);
  location.reload();
}

/** Leave an e-mail's page for the console: a fresh start that reads the kept session. */
function enterConsole() {
  history.replaceState(null, "", `${location.pathname}#keys`);
  location.reload();
}

function acceptPage(token) {
  return page(
    "accept",
    "Accept an invitation",
    "Choose your password to join. If you already have an account, give its password.",
    [
      input("accept-token", "Invitation token", { name: "token", required: true, autocomplete: "off", value: token }),
      input("accept-name", "Your name", { name: "name", autocomplete: "name" }),
      input("accept-password", "Password", {
        name: "password",
        type: "password",
        required: true,
        minlength: "12",
        autocomplete: "new-password",
      }),
    ],
    "Join",
    async (data) => {
      const variables = {
        token: data.get("token").trim(),
        password: data.get("password"),
        name: data.get("name").trim() || null,
      };
      const { acceptInvitation: session } = await graphql(ACCEPT, variables, { authenticated: false });
      keepSession({ token: session.token, expiresAt: session.expiresAt, member: session.member });
      enterConsole();
    },
  );
}

function resetPage(token) {
  return page(
    "reset",
    "Choose a new password",
    "At least 12 characters. Every session of your account ends.",
    [
      input("reset-token", "Reset token", { name: "token", required: true, autocomplete: "off", value: token }),
      input("reset-password", "New password", {
        name: "password",
        type: "password",
        required: true,
        minlength: "12",
        autocomplete: "new-password",
      }),
    ],
    "Set password",
    async (data) => {
      await graphql(RESET, { token: data.get("token").trim(), password: data.get("password") }, { authenticated: false });
      backToLogin();
    },
  );
}

function forgotPage() {
  return page(
    "forgot",
    "Forgot your password?",
    "We e-mail a link to reset it, valid for one hour, if the address has an account.",
    [input("forgot-email", "Email", { name: "email", type: "email", required: true, autocomplete: "username" })],
    "Send the link",
    async (data) => {
      await graphql(REQUEST_RESET, { email: data.get("email").trim() }, { authenticated: false });
      toast("If the address has an account, a message is on its way.");
    },
  );
}

let pages = null;

/** Whether the address names one of these pages: main.js then leaves the page alone. */
export function showsEmailPage() {
  return ["accept", "reset", "forgot"].includes(location.hash.slice(1).split("=", 1)[0]);
}

function fromEmail() {
  const [kind, token] = location.hash.slice(1).split("=", 2);
  pages ??= {};
  if (kind === "accept") showPage((pages.accept ??= acceptPage(token ?? "")));
  else if (kind === "reset") showPage((pages.reset ??= resetPage(token ?? "")));
  else if (kind === "forgot") showPage((pages.forgot ??= forgotPage()));
  else return false;
  return true;
}

// ---- The members page: invite, pending invitations --------------------------------------

function invitationsPanel() {
  const rows = h("tbody");
  const error = h("p", { class: "error", role: "alert", id: "invite-error" });
  const form = h(
    "form",
    { id: "invite-form", class: "field-row" },
    h(
      "div",
      { class: "field" },
      h("label", { for: "invite-email" }, "Invite by email"),
      h("input", { id: "invite-email", name: "email", type: "email", required: true, autocomplete: "off" }),
    ),
    h(
      "div",
      { class: "field" },
      h("label", { for: "invite-role" }, "Role"),
      h(
        "select",
        { id: "invite-role", name: "role" },
        h("option", { value: "MEMBER" }, "Member"),
        h("option", { value: "ADMIN" }, "Admin"),
      ),
    ),
    h("button", { type: "submit", class: "primary" }, "Send invitation"),
  );
  const panel = h(
    "div",
    { id: "invitations-panel" },
    h("h2", { id: "invitations-title" }, "Invitations"),
    h("p", { class: "muted" }, "A one-time link, valid 7 days, is e-mailed to the address."),
    form,
    error,
    h(
      "div",
      { class: "table-wrap" },
      h(
        "table",
        { id: "invitations-table", class: "data" },
        h("caption", { class: "visually-hidden" }, "Pending invitations"),
        h(
          "thead",
          {},
          h(
            "tr",
            {},
            h("th", { scope: "col" }, "Email"),
            h("th", { scope: "col" }, "Role"),
            h("th", { scope: "col" }, "Expires"),
            h("th", { scope: "col" }, h("span", { class: "visually-hidden" }, "Actions")),
          ),
        ),
        rows,
      ),
    ),
  );

  async function load() {
    try {
      const { invitations } = await graphql(INVITATIONS);
      const pending = invitations.edges.map((edge) => edge.node).filter((node) => node.status === "PENDING");
      rows.replaceChildren(
        ...(pending.length
          ? pending.map(row)
          : [h("tr", {}, h("td", { colspan: "4", class: "muted" }, "No pending invitations"))]),
      );
      showError(error, "");
    } catch (failure) {
      showError(error, messageOf(failure));
    }
  }

  function row(invitation) {
    return h(
      "tr",
      { dataset: { invitationId: invitation.id } },
      h("td", {}, invitation.email),
      h("td", {}, h("span", { class: `role role-${invitation.role.toLowerCase()}` }, ROLE_WORDS[invitation.role])),
      h("td", { class: "nowrap" }, h("time", { datetime: invitation.expiresAt }, formatDate(invitation.expiresAt))),
      h(
        "td",
        { class: "actions" },
        h(
          "button",
          {
            type: "button",
            class: "link danger-text",
            "aria-label": `Revoke the invitation of ${invitation.email}`,
            onclick: async () => {
              try {
                await graphql(REVOKE, { id: invitation.id });
                toast(`Revoked the invitation of ${invitation.email}.`);
              } catch (failure) {
                toast(messageOf(failure), { error: true });
              }
              await load();
            },
          },
          "Revoke",
        ),
      ),
    );
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    showError(error, "");
    try {
      const { inviteMember } = await graphql(INVITE, { email: data.get("email").trim(), role: data.get("role") });
      form.reset();
      toast(`Invitation sent to ${inviteMember.email}.`);
      await load();
    } catch (failure) {
      showError(error, messageOf(failure));
    } finally {
      button.disabled = false;
    }
  });

  return { panel, load };
}

function watchMembers() {
  const members = byId("members-view");
  if (!members) return;
  let invitations = null;
  const refresh = () => {
    if (members.hidden) return;
    invitations ??= invitationsPanel();
    if (!invitations.panel.isConnected) members.append(invitations.panel);
    invitations.load();
  };
  new MutationObserver(refresh).observe(members, { attributes: true, attributeFilter: ["hidden"] });
}

function addForgotLink() {
  const form = byId("login-form");
  if (!form || byId("forgot-link")) return;
  form.append(h("p", { class: "muted" }, h("a", { href: "#forgot", id: "forgot-link" }, "Forgot your password?")));
}

/** Runs once main.js has shown its first page (modules run before DOMContentLoaded). */
function start() {
  addForgotLink();
  watchMembers();
  fromEmail();
  // After main.js's own hashchange routing, which does not know these pages.
  window.addEventListener("hashchange", () => setTimeout(fromEmail));
}

document.addEventListener("DOMContentLoaded", start);
