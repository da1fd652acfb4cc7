"""members: the organization's own, with MEMBER READ."""

from __future__ import annotations

from auth.grants import Access, PermissionObject
from tests.factories import data, error, make_key, make_member
from tests.resolvers.members.documents import MEMBERS


async def test_the_organizations_members_are_listed_and_no_others(client, org, other_org):
    member = await make_member(org.id)
    await make_member(other_org.id)
    listed = (await data(client, MEMBERS, org.key))["members"]
    assert listed["totalCount"] == 2
    assert {edge["node"]["email"] for edge in listed["edges"]} == {org.admin_email, member.email}


async def test_it_needs_member_read(client, org, services):
    _, secret = await make_key(org, services, [(PermissionObject.CUSTOMER, Access.READ)])
    refused = await error(client, MEMBERS, secret)
    assert refused["extensions"] == {"code": "FORBIDDEN", "object": "MEMBER", "access": "READ"}
