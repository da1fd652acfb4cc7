"""invitations: the organization's own, newest first, each with its status."""

from __future__ import annotations

from tests.factories import data, error, login
from tests.resolvers.invitations.documents import INVITATIONS, INVITE, REVOKE, fresh_email


async def test_the_list_holds_this_organizations_invitations_with_their_status(
    client, org, other_org
):
    admin = await login(client, org.admin_email)
    first = (await data(client, INVITE, admin, e=fresh_email(), r="MEMBER"))["inviteMember"]
    second = (await data(client, INVITE, admin, e=fresh_email(), r="ADMIN"))["inviteMember"]
    await data(client, REVOKE, admin, id=first["id"])
    theirs = await login(client, other_org.admin_email)
    await data(client, INVITE, theirs, e=fresh_email(), r="MEMBER")

    listed = [e["node"] for e in (await data(client, INVITATIONS, admin))["invitations"]["edges"]]
    assert [(i["id"], i["status"]) for i in listed] == [
        (second["id"], "PENDING"),
        (first["id"], "REVOKED"),
    ]


async def test_the_list_needs_member_read(client, org, services):
    from tests.factories import make_key

    _, no_grant = await make_key(org, services, [])
    assert (await error(client, INVITATIONS, no_grant))["extensions"]["code"] == "FORBIDDEN"
    assert (await data(client, INVITATIONS, org.key))["invitations"]["edges"] == []
