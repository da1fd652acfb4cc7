"""disableApiKey: refused at once with its secret kept, audited, admins e-mailed; never
itself, the last usable key, beyond the ceiling, nor an expired or revoked key."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from auth.grants import Access
from auth.grants import PermissionObject as Obj
from models import ApiKey, ApiKeySecret, AuditEvent, MemberRole, Notification
from tests.factories import data, error, gql, login, make_key, make_member
from tests.resolvers.api_keys.documents import DESTROY, LIST, ROTATE, create, works

DISABLE = "mutation($id: ID!) { disableApiKey(id: $id) { id status } }"
GET = "query($id: ID!) { apiKey(id: $id) { status } }"


async def test_a_disabled_key_is_refused_at_once_and_keeps_its_secret(client, org):
    created = await create(client, org.key, name="ci")
    key_id = created["apiKey"]["id"]
    assert await works(client, created["secret"])  # now in the credential cache
    disabled = (await data(client, DISABLE, org.key, id=key_id))["disableApiKey"]
    assert disabled == {"id": key_id, "status": "DISABLED"}
    response = await gql(client, "{ viewer { fullAccess } }", created["secret"])
    assert response.status_code == 401
    assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert (await data(client, GET, org.key, id=key_id))["apiKey"]["status"] == "DISABLED"
    assert await ApiKeySecret.filter(api_key_id=key_id).count() == 1


async def test_disabling_is_audited_and_every_admin_is_e_mailed(client, org):
    second = await make_member(org.id, MemberRole.ADMIN)
    created = await create(client, org.key, name="ci")
    key_id = created["apiKey"]["id"]
    await data(client, DISABLE, org.key, id=key_id)
    rows = await AuditEvent.filter(api_key_id=key_id, action="disabled")
    assert len(rows) == 1 and str(rows[0].actor_api_key_id) == org.key_id
    mails = await Notification.filter(api_key_id=key_id, kind="key_disabled")
    assert sorted(m.recipient for m in mails) == sorted([org.admin_email, second.email])
    assert "API key disabled" in mails[0].subject and created["secret"] not in mails[0].body


async def test_disabling_twice_changes_nothing(client, org):
    created = await create(client, org.key)
    key_id = created["apiKey"]["id"]
    await data(client, DISABLE, org.key, id=key_id)
    again = (await data(client, DISABLE, org.key, id=key_id))["disableApiKey"]
    assert again["status"] == "DISABLED"
    assert await AuditEvent.filter(api_key_id=key_id, action="disabled").count() == 1


async def test_the_status_filter_finds_disabled_keys(client, org):
    created = await create(client, org.key, name="off")
    await data(client, DISABLE, org.key, id=created["apiKey"]["id"])
    disabled = (await data(client, LIST, org.key, s=["DISABLED"]))["apiKeys"]
    assert [e["node"]["name"] for e in disabled["edges"]] == ["off"]
    active = (await data(client, LIST, org.key, s=["ACTIVE"]))["apiKeys"]
    assert "off" not in [e["node"]["name"] for e in active["edges"]]


async def test_a_key_cannot_disable_itself(client, org):
    failure = await error(client, DISABLE, org.key, id=org.key_id)
    assert failure["extensions"]["code"] == "CONFLICT" and "itself" in failure["message"]
    assert await works(client, org.key)


async def test_the_last_usable_key_cannot_be_disabled(client, org):
    admin = await login(client, org.admin_email)
    failure = await error(client, DISABLE, admin, id=org.key_id)
    assert failure["extensions"]["code"] == "CONFLICT" and "last" in failure["message"]
    assert await works(client, org.key)


async def test_concurrent_disables_of_the_last_two_keys_leave_one(client, org, postgres_only):
    other = await create(client, org.key)
    admin = await login(client, org.admin_email)
    results = await asyncio.gather(
        gql(client, DISABLE, admin, id=org.key_id),
        gql(client, DISABLE, admin, id=other["apiKey"]["id"]),
    )
    assert sorted("errors" in r.json() for r in results) == [False, True]
    assert await ApiKey.filter(organization_id=org.id, disabled_at__isnull=True).count() == 1


async def test_a_key_disables_only_keys_within_its_own_grants(client, org, services):
    _, limited = await make_key(org, services, [(Obj.API_KEY, Access.WRITE)])
    target, _ = await make_key(org, services, [(Obj.PLAN, Access.READ)])
    failure = await error(client, DISABLE, limited, id=target)
    assert failure["extensions"]["code"] == "FORBIDDEN"
    assert (await data(client, GET, org.key, id=target))["apiKey"]["status"] == "ACTIVE"


async def test_a_key_without_api_key_write_is_forbidden(client, org, services):
    _, reader = await make_key(org, services, [(Obj.API_KEY, Access.READ)])
    target = await create(client, org.key)
    failure = await error(client, DISABLE, reader, id=target["apiKey"]["id"])
    assert failure["extensions"]["code"] == "FORBIDDEN"


async def test_another_organizations_key_is_not_found(client, org, other_org):
    failure = await error(client, DISABLE, org.key, id=other_org.key_id)
    assert failure["extensions"]["code"] == "NOT_FOUND"
    assert await works(client, other_org.key)


@pytest.mark.parametrize("state", ["EXPIRED", "REVOKED"])
async def test_an_expired_or_revoked_key_cannot_be_disabled(client, org, services, state):
    key_id, _ = await make_key(org, services, None)
    if state == "EXPIRED":
        await ApiKey.filter(id=key_id).update(expires_at=datetime.now(UTC) - timedelta(minutes=1))
    else:
        await data(client, DESTROY, org.key, id=key_id)
    failure = await error(client, DISABLE, org.key, id=key_id)
    assert failure["extensions"] == {"code": "CONFLICT", "status": state}


async def test_a_disabled_key_can_be_rotated_and_stays_disabled(client, org):
    created = await create(client, org.key)
    key_id = created["apiKey"]["id"]
    await data(client, DISABLE, org.key, id=key_id)
    rotated = (await data(client, ROTATE, org.key, i={"id": key_id}))["rotateApiKey"]
    assert rotated["apiKey"]["status"] == "DISABLED"
    assert not await works(client, rotated["secret"])
