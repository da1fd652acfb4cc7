"""members, createMember, updateMemberRole, removeMember: ADMIN sessions only, one ADMIN kept."""

from __future__ import annotations

import pytest

from models import MemberRole
from tests.factories import PASSWORD, data, error, gql, login, make_member

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


async def test_an_admin_session_creates_a_member_who_can_log_in(client, org):
    admin = await login(client, org.admin_email)
    created = (await data(client, CREATE, admin, i=NEW))["createMember"]
    assert (created["email"], created["name"], created["role"]) == (
        "new.person@example.test",
        "New",
        "MEMBER",
    )
    assert await login(client, "new.person@example.test", "long enough pw")
    listed = (await data(client, MEMBERS, admin))["members"]
    assert listed["totalCount"] == 2


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"email": "not-an-email"}, "email"),
        ({"password": "short"}, "password"),
        ({"name": "x" * 256}, "name"),
    ],
)
async def test_bad_member_input_names_the_field(client, org, change, field):
    admin = await login(client, org.admin_email)
    failure = await error(client, CREATE, admin, i={**NEW, **change})
    assert failure["extensions"] == {"code": "BAD_USER_INPUT", "field": field}


async def test_a_taken_email_is_a_conflict(client, org):
    admin = await login(client, org.admin_email)
    failure = await error(client, CREATE, admin, i={**NEW, "email": org.admin_email})
    assert failure["extensions"]["code"] == "CONFLICT"


async def test_members_are_managed_by_admin_sessions_only(client, org):
    member = await make_member(org.id)
    member_session = await login(client, member.email)
    for token in (org.key, member_session):
        for query, variables in (
            (CREATE, {"i": NEW}),
            (ROLE, {"id": str(member.id), "r": "ADMIN"}),
            (REMOVE, {"id": str(member.id)}),
        ):
            assert (await error(client, query, token, **variables))["extensions"][
                "code"
            ] == "FORBIDDEN"


async def test_the_last_admin_is_never_demoted_or_removed(client, org):
    admin = await login(client, org.admin_email)
    for query, variables in (
        (ROLE, {"id": org.admin_id, "r": "MEMBER"}),
        (REMOVE, {"id": org.admin_id}),
    ):
        assert (await error(client, query, admin, **variables))["extensions"]["code"] == "CONFLICT"
    second = await make_member(org.id, MemberRole.ADMIN)
    assert (await data(client, ROLE, admin, id=str(second.id), r="MEMBER"))["updateMemberRole"][
        "role"
    ] == "MEMBER"


async def test_removing_a_member_ends_their_sessions(client, org):
    member = await make_member(org.id)
    their_session = await login(client, member.email, PASSWORD)
    admin = await login(client, org.admin_email)
    await data(client, REMOVE, admin, id=str(member.id))
    assert (await gql(client, "{ viewer { fullAccess } }", their_session)).status_code == 401
