"""destroyApiKey: revoked at once, the row kept, never the last usable key nor itself."""

from __future__ import annotations

import asyncio

from models import ApiKey, ApiKeySecret
from tests.factories import data, error, gql, login
from tests.resolvers.api_keys.documents import DESTROY, VIEWER, create, works


async def test_destroy_revokes_at_once_and_keeps_the_row(client, org):
    created = await create(client, org.key)
    assert await works(client, created["secret"])
    destroyed = (await data(client, DESTROY, org.key, id=created["apiKey"]["id"]))["destroyApiKey"]
    assert destroyed["status"] == "REVOKED"
    assert (await gql(client, VIEWER, created["secret"])).status_code == 401
    assert await ApiKeySecret.filter(api_key_id=created["apiKey"]["id"]).count() == 0


async def test_a_key_cannot_destroy_itself(client, org):
    assert (await error(client, DESTROY, org.key, id=org.key_id))["extensions"][
        "code"
    ] == "CONFLICT"
    assert await works(client, org.key)


async def test_the_last_active_key_cannot_be_destroyed(client, org):
    admin = await login(client, org.admin_email)
    failure = await error(client, DESTROY, admin, id=org.key_id)
    assert failure["extensions"]["code"] == "CONFLICT" and "last" in failure["message"]


async def test_concurrent_destroys_of_the_last_two_keys_leave_one(client, org, postgres_only):
    other = await create(client, org.key)
    admin = await login(client, org.admin_email)
    results = await asyncio.gather(
        gql(client, DESTROY, admin, id=org.key_id),
        gql(client, DESTROY, admin, id=other["apiKey"]["id"]),
    )
    codes = sorted("errors" in r.json() for r in results)
    assert codes == [False, True]
    assert await ApiKey.filter(organization_id=org.id, revoked_at__isnull=True).count() == 1
