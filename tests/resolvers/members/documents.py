"""The member documents the verbs' tests share, and the callers that are no admin session."""

from __future__ import annotations

import httpx

from models import Member
from tests.factories import Org, login, make_member

MEMBERS = "{ members(first: 50) { totalCount edges { node { id email role } } } }"
CREATE = "mutation($i: CreateMemberInput!) { createMember(input: $i) { id email name role } }"
ROLE = "mutation($id: ID!, $r: MemberRole!) { updateMemberRole(id: $id, role: $r) { id role } }"
REMOVE = "mutation($id: ID!) { removeMember(id: $id) { id } }"
NEW = {
    "email": "New.Person@Example.test",
    "name": "New",
    "role": "MEMBER",
    "password": "long enough pw",
}


async def non_admin_callers(client: httpx.AsyncClient, org: Org) -> tuple[Member, list[str]]:
    """A MEMBER of `org`, and two tokens that may not manage members though they hold every
    grant they can: the organization's full-access key and that member's session."""
    member = await make_member(org.id)
    return member, [org.key, await login(client, member.email)]
