"""updateApiKey: name, description and allowedIps change; the secret does not."""

from __future__ import annotations

from tests.factories import data
from tests.resolvers.api_keys.documents import UPDATE, create, works


async def test_update_changes_the_key_not_its_secret(client, org):
    created = await create(client, org.key, name="a", description="d")
    key_id = created["apiKey"]["id"]
    updated = (
        await data(
            client, UPDATE, org.key, i={"id": key_id, "name": "b", "allowedIps": ["203.0.113.0/24"]}
        )
    )["updateApiKey"]
    assert (updated["name"], updated["description"], updated["allowedIps"]) == (
        "b",
        "d",
        ["203.0.113.0/24"],
    )
    assert updated["lastCharacters"] == created["apiKey"]["lastCharacters"]
    assert await works(client, created["secret"]), "the test client connects from 203.0.113.7"
    cleared = (await data(client, UPDATE, org.key, i={"id": key_id, "description": None}))[
        "updateApiKey"
    ]
    assert cleared["description"] is None and cleared["name"] == "b"
