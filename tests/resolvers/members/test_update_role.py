"""updateMemberRole: by an admin session only; the last ADMIN is never demoted."""

from __future__ import annotations

from models import MemberRole
from tests.factories import data, error, login, make_member
from tests.resolvers.members.documents import ROLE, non_admin_callers


async def test_the_last_admin_is_never_demoted(client, org):
    admin = await login(client, org.admin_email)
    assert (await error(client, ROLE, admin, id=org.admin_id, r="MEMBER"))["extensions"][
        "code"
    ] == "CONFLICT"
    second = await make_member(org.id, MemberRole.ADMIN)
    assert (await data(client, ROLE, admin, id=str(second.id), r="MEMBER"))["updateMemberRole"][
        "role"
    ] == "MEMBER"


async def test_roles_are_changed_by_admin_sessions_only(client, org):
    member, tokens = await non_admin_callers(client, org)
    for token in tokens:
        assert (await error(client, ROLE, token, id=str(member.id), r="ADMIN"))["extensions"][
            "code"
        ] == "FORBIDDEN"
