"""removeMember: by an admin session only, never the last ADMIN; their sessions end."""

from __future__ import annotations

import asyncio

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


async def test_removing_a_membership_ends_only_that_organizations_sessions(client, org, other_org):
    from models import MemberRole, User

    user = await User.get(email=other_org.admin_email)
    membership = await make_member(org.id, MemberRole.MEMBER, user=user)
    LOGIN_IN = "mutation($e: String!, $p: String!, $o: ID) { login(email: $e, password: $p, organizationId: $o) { token } }"
    here = (await data(client, LOGIN_IN, None, e=user.email, p=PASSWORD, o=org.id))["login"][
        "token"
    ]
    there = (await data(client, LOGIN_IN, None, e=user.email, p=PASSWORD, o=other_org.id))["login"][
        "token"
    ]
    admin = await login(client, org.admin_email)
    await data(client, REMOVE, admin, id=str(membership.id))
    assert (await gql(client, "{ viewer { fullAccess } }", here)).status_code == 401
    assert (await gql(client, "{ viewer { fullAccess } }", there)).status_code == 200
    # Their one remaining organization needs no name again.
    assert await login(client, user.email)


async def test_two_admins_removing_each_other_at_once_leave_one(client, org, postgres_only):
    from models import Member, MemberRole

    other = await make_member(org.id, MemberRole.ADMIN)
    first = await login(client, org.admin_email)
    second = await login(client, other.email)
    answers = await asyncio.gather(
        gql(client, REMOVE, first, id=str(other.id)),
        gql(client, REMOVE, second, id=org.admin_id),
    )
    bodies = [a.json() for a in answers]
    assert await Member.filter(organization_id=org.id, role=MemberRole.ADMIN).count() == 1
    assert sum("errors" not in b for b in bodies) == 1, bodies
    # The loser waited for the winner: its target was the last admin (CONFLICT), or its own
    # session ended with its membership (UNAUTHENTICATED).
    (failed,) = [b["errors"][0]["extensions"]["code"] for b in bodies if "errors" in b]
    assert failed in ("CONFLICT", "UNAUTHENTICATED"), bodies


async def test_concurrent_demotions_and_removals_never_leave_no_admin(client, org, postgres_only):
    from models import Member, MemberRole

    ROLE = "mutation($id: ID!) { updateMemberRole(id: $id, role: MEMBER) { id } }"
    others = [await make_member(org.id, MemberRole.ADMIN) for _ in range(3)]
    sessions = [await login(client, org.admin_email)] + [
        await login(client, m.email) for m in others
    ]
    ids = [org.admin_id] + [str(m.id) for m in others]
    # Every admin demotes or removes every other admin, all at once.
    requests = [
        gql(client, ROLE if (i + j) % 2 else REMOVE, session, id=target)
        for i, session in enumerate(sessions)
        for j, target in enumerate(ids)
        if i != j
    ]
    answers = await asyncio.gather(*requests)
    assert {a.status_code for a in answers} <= {200, 401}
    codes = {e["extensions"]["code"] for a in answers for e in (a.json().get("errors") or [])}
    # Each waits for the one before it, then finds its target gone (NOT_FOUND), the last
    # ADMIN (CONFLICT), or itself removed (UNAUTHENTICATED) or demoted (FORBIDDEN): never a
    # failure of its own, and never an organization without an ADMIN.
    assert codes <= {"CONFLICT", "NOT_FOUND", "UNAUTHENTICATED", "FORBIDDEN"}, codes
    assert await Member.filter(organization_id=org.id, role=MemberRole.ADMIN).count() >= 1
