// The members page: who may log in, their role; add, promote or demote, remove.
import { graphql, messageOf } from "./api.js";
import { busy, confirmAction, openDialog } from "./dialogs.js";
import { byId, h, toast } from "./dom.js";
import { formatDate } from "./format.js";
import { pagedTable } from "./paged_table.js";

const LIST = `query ConsoleMembers($first: Int!, $after: String) {
  members(first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { id email name role createdAt } }
  }
}`;
const CREATE = `mutation ConsoleCreateMember($input: CreateMemberInput!) { createMember(input: $input) { id } }`;
const UPDATE_ROLE = `mutation ConsoleMemberRole($id: ID!, $role: MemberRole!) {
  updateMemberRole(id: $id, role: $role) { id role }
}`;
const REMOVE = `mutation ConsoleRemoveMember($id: ID!) { removeMember(id: $id) { id } }`;
const ROLE_WORDS = { ADMIN: "Admin", MEMBER: "Member" };

export function createMembersView(ctx) {
  const heading = byId("members-title");
  const { load, pager } = pagedTable("members", {
    fetch: async (page) => {
      const { members } = await graphql(LIST, page);
      // The last admin is offered neither "Make member" nor "Remove": the API refuses both.
      adminsShown = members.edges.filter(({ node }) => node.role === "ADMIN").length;
      return members;
    },
    row: memberRow,
    noun: "members",
  });
  let adminsShown = 0;
  const dialog = byId("member-dialog");
  const form = byId("member-form");

  function memberRow(member) {
    const you = member.id === ctx.member?.id;
    return h(
      "tr",
      { dataset: { memberId: member.id } },
      h("td", {}, member.email, you ? h("span", { class: "muted" }, " (you)") : null),
      h("td", {}, member.name || h("span", { class: "muted" }, "—")),
      h("td", {}, h("span", { class: `role role-${member.role.toLowerCase()}` }, ROLE_WORDS[member.role] ?? member.role)),
      h("td", { class: "nowrap" }, h("time", { datetime: member.createdAt }, formatDate(member.createdAt))),
      h("td", { class: "actions" }, actions(member)),
    );
  }

  function actions(member) {
    if (member.role === "ADMIN" && adminsShown <= 1) {
      return h("span", { class: "muted", title: "An organization keeps at least one admin." }, "Only admin");
    }
    const role = member.role === "ADMIN" ? "MEMBER" : "ADMIN";
    const roleText = role === "ADMIN" ? "Make admin" : "Make member";
    return h(
      "div",
      { class: "row-actions" },
      h(
        "button",
        {
          type: "button",
          class: "link",
          "aria-label": `${roleText}: ${member.email}`,
          dataset: { focusId: `role:${member.id}` },
          onclick: () => changeRole(member, role),
        },
        roleText,
      ),
      h(
        "button",
        {
          type: "button",
          class: "link danger-text",
          "aria-label": `Remove ${member.email}`,
          dataset: { focusId: `remove:${member.id}` },
          onclick: (event) => remove(member, event.currentTarget),
        },
        "Remove",
      ),
    );
  }

  async function changeRole(member, role) {
    try {
      await graphql(UPDATE_ROLE, { id: member.id, role });
      toast(`${member.email} is now ${ROLE_WORDS[role].toLowerCase()}.`);
    } catch (error) {
      toast(messageOf(error), { error: true });
    }
    await load();
    document.querySelector(`[data-focus-id="role:${CSS.escape(member.id)}"]`)?.focus();
  }

  function remove(member, opener) {
    confirmAction({
      title: `Remove ${member.email}?`,
      message: "They can no longer log in to this console. Keys they created keep working.",
      confirmLabel: "Remove member",
      opener,
      fallback: heading,
      action: async () => {
        await graphql(REMOVE, { id: member.id });
        await load();
        toast(`Removed ${member.email}.`);
      },
    });
  }

  byId("add-member").addEventListener("click", (event) => {
    form.reset();
    openDialog(dialog, { opener: event.currentTarget, fallback: heading });
  });

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const input = {
      email: data.get("email").trim(),
      name: data.get("name").trim() || null,
      role: data.get("role"),
      password: data.get("password"),
    };
    const done = await busy(dialog, async () => {
      await graphql(CREATE, { input });
      pager.reset();
      await load();
    });
    if (!done) return;
    dialog.close();
    toast(`Added ${input.email}.`);
  });

  return { show: load };
}
