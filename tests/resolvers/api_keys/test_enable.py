"""enableApiKey: a disabled key works again with the same secret; audited, admins
e-mailed; never an expired or revoked key, never beyond the ceiling."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from auth.grants import Access
from auth.grants import PermissionObject as Obj
from models import ApiKey, AuditEvent, Notification
from tests.factories import data, error, make_key
from tests.resolvers.api_keys.documents import DESTROY, create, works

DISABLE = "mutation($id: ID!) { disableApiKey(id: $id) { id status } }"
ENABLE = "mutation($id: ID!) { enableApiKey(id: $id) { id status } }"


async def _disabled(client, org) -> tuple[str, str]:
    created = await create(client, org.key, name="ci")
    key_id = created["apiKey"]["id"]
    await data(client, DISABLE, org.key, id=key_id)
    assert not await works(client, created["secret"])
    return key_id, created["secret"]


async def test_an_enabled_key_works_again_with_the_same_secret(client, org):
    key_id, secret = await _disabled(client, org)
    enabled = (await data(client, ENABLE, org.key, id=key_id))["enableApiKey"]
    assert enabled == {"id": key_id, "status": "ACTIVE"}
    assert await works(client, secret)


async def test_enabling_is_audited_and_the_admins_e_mailed(client, org):
    key_id, _ = await _disabled(client, org)
    await data(client, ENABLE, org.key, id=key_id)
    assert await AuditEvent.filter(api_key_id=key_id, action="enabled").count() == 1
    mails = await Notification.filter(api_key_id=key_id, kind="key_enabled")
    assert [m.recipient for m in mails] == [org.admin_email]
    assert "works again" in mails[0].body


async def test_enabling_an_active_key_changes_nothing(client, org):
    created = await create(client, org.key)
    key_id = created["apiKey"]["id"]
    assert (await data(client, ENABLE, org.key, id=key_id))["enableApiKey"]["status"] == "ACTIVE"
    assert await AuditEvent.filter(api_key_id=key_id, action="enabled").count() == 0


async def test_a_destroyed_key_stays_destroyed(client, org):
    key_id, secret = await _disabled(client, org)
    await data(client, DESTROY, org.key, id=key_id)
    failure = await error(client, ENABLE, org.key, id=key_id)
    assert failure["extensions"] == {"code": "CONFLICT", "status": "REVOKED"}
    assert not await works(client, secret)


async def test_an_expired_disabled_key_is_not_brought_back(client, org):
    key_id, secret = await _disabled(client, org)
    await ApiKey.filter(id=key_id).update(expires_at=datetime.now(UTC) - timedelta(minutes=1))
    failure = await error(client, ENABLE, org.key, id=key_id)
    assert failure["extensions"] == {"code": "CONFLICT", "status": "EXPIRED"}
    assert not await works(client, secret)


async def test_a_key_enables_only_keys_within_its_own_grants(client, org, services):
    key_id, _ = await _disabled(client, org)  # full access
    _, limited = await make_key(org, services, [(Obj.API_KEY, Access.WRITE)])
    failure = await error(client, ENABLE, limited, id=key_id)
    assert failure["extensions"]["code"] == "FORBIDDEN"


async def test_another_organizations_key_is_not_found(client, org, other_org):
    failure = await error(client, ENABLE, other_org.key, id=(await _disabled(client, org))[0])
    assert failure["extensions"]["code"] == "NOT_FOUND"
