"""removeMember: by an admin session only, never the last ADMIN; their sessions end."""

from __future__ import annotations

from tests.factories import PASSWORD, data, error, gql, login, make_member
from tests.resolvers.members.documents import REMOVE, non_admin_callers


async def test_the_last_admin_is_never_removed(client, org):
    admin = await login(client, org.admin_email)
    assert (await error(client, REMOVE, admin, id=org.admin_id))["extensions"]["code"] == "CONFLICT"


async def test_members_are_removed_by_admin_sessions_only(client, org):
    member, tokens = await non_admin_callers(client, org)
    for token in tokens:
        assert (await error(client, REMOVE, token, id=str(member.id)))["extensions"][
            "code"
        ] == "FORBIDDEN"


async def test_removing_a_member_ends_their_sessions(client, org):
    member = await make_member(org.id)
    their_session = await login(client, member.email, PASSWORD)
    admin = await login(client, org.admin_email)
    await data(client, REMOVE, admin, id=str(member.id))
    assert (await gql(client, "{ viewer { fullAccess } }", their_session)).status_code == 401
