"""apiKey(id:): one key of the caller's organization, as listed; another's is null."""

from __future__ import annotations

from resolvers.api_keys.get import get_api_key
from tests.factories import data, error
from tests.resolvers.api_keys.documents import GET, create


async def test_a_key_reads_as_it_was_created(client, org):
    created = await create(client, org.key, name="read me", allowedIps=["203.0.113.0/24"])
    read = await data(client, GET, org.key, id=created["apiKey"]["id"])
    assert read == {"apiKey": created["apiKey"]}


async def test_another_organizations_key_and_a_malformed_id_are_null(client, org, other_org):
    assert await data(client, GET, other_org.key, id=org.key_id) == {"apiKey": None}
    assert await get_api_key(org.admin, "not a uuid") is None


async def test_it_needs_api_key_read(client, org):
    scoped = await create(client, org.key, permissions=[{"object": "CUSTOMER", "access": "READ"}])
    refused = await error(client, GET, scoped["secret"], id=org.key_id)
    assert refused["extensions"] == {"code": "FORBIDDEN", "object": "API_KEY", "access": "READ"}
