"""viewer: the caller's member or key, read when asked for, and its effective grants."""

from __future__ import annotations

from auth.grants import BILLING_OBJECTS, Access, PermissionObject
from models import Member
from tests.factories import data, make_key, make_member, make_session

Obj = PermissionObject
VIEWER = "{ viewer { fullAccess permissions { object access } } }"
WHO = "{ viewer { organizationId member { email role } apiKey { id name } } }"


def _every(*, member_write: bool) -> list[dict[str, str]]:
    pairs = [
        {"object": obj.value, "access": access.value}
        for obj in sorted(PermissionObject)
        for access in (Access.READ, Access.WRITE)
        if (obj, access) != (Obj.AUDIT_EVENT, Access.WRITE)
        and (member_write or (obj, access) != (Obj.MEMBER, Access.WRITE))
    ]
    return pairs


async def test_viewer_lists_the_effective_grants_of_full_access_too(client, org, services):
    as_key = (await data(client, VIEWER, org.key))["viewer"]
    assert as_key["fullAccess"] is True
    assert as_key["permissions"] == _every(member_write=False)
    admin = await make_session(services, await Member.get(id=org.admin_id))
    assert (await data(client, VIEWER, admin))["viewer"]["permissions"] == _every(member_write=True)
    _, scoped = await make_key(org, services, [(Obj.PLAN, Access.READ_WRITE)])
    assert (await data(client, VIEWER, scoped))["viewer"]["permissions"] == [
        {"object": "PLAN", "access": "READ"},
        {"object": "PLAN", "access": "WRITE"},
    ]


async def test_a_key_sees_itself_and_no_member(client, org):
    viewer = (await data(client, WHO, org.key))["viewer"]
    assert viewer == {
        "organizationId": org.id,
        "member": None,
        "apiKey": {"id": org.key_id, "name": "first"},
    }


async def test_a_members_session_sees_its_member_and_the_reads_of_its_role(client, org, services):
    member = await make_member(org.id)
    session = await make_session(services, member)
    viewer = (await data(client, WHO, session))["viewer"]
    assert viewer == {
        "organizationId": org.id,
        "member": {"email": member.email, "role": "MEMBER"},
        "apiKey": None,
    }
    reads = (await data(client, VIEWER, session))["viewer"]
    assert reads["fullAccess"] is False
    assert reads["permissions"] == [
        {"object": obj.value, "access": "READ"}
        for obj in sorted((*BILLING_OBJECTS, Obj.ORGANIZATION))
    ]
