"""updatePermissions: narrowed or widened, in force on the very next request."""

from __future__ import annotations

from tests.factories import data, error
from tests.resolvers.api_keys.documents import LIST, PERMS, create


async def test_narrowed_permissions_apply_on_the_very_next_request(client, org):
    created = await create(
        client, org.key, permissions=[{"object": "API_KEY", "access": "READ_WRITE"}]
    )
    assert (await data(client, LIST, created["secret"]))["apiKeys"]["totalCount"] == 2
    await data(
        client,
        PERMS,
        org.key,
        i={
            "id": created["apiKey"]["id"],
            "permissions": [{"object": "CUSTOMER", "access": "READ"}],
        },
    )
    refused = await error(client, LIST, created["secret"])
    assert refused["extensions"] == {"code": "FORBIDDEN", "object": "API_KEY", "access": "READ"}
    widened = await data(
        client, PERMS, org.key, i={"id": created["apiKey"]["id"], "permissions": None}
    )
    assert widened["updatePermissions"]["fullAccess"] is True
    assert (await data(client, LIST, created["secret"]))["apiKeys"]["totalCount"] == 2
