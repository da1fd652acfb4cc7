"""webhookEndpoints: the organization's endpoints, newest first, never a secret."""

from __future__ import annotations

from tests.factories import data, error
from tests.resolvers.webhooks.helpers import endpoint

LIST = "{ webhookEndpoints { totalCount edges { node { id url events } } } }"


async def test_the_endpoints_newest_first_without_their_secrets(client, org, services):
    first, first_secret, session = await endpoint(
        client, org, services, "https://a.example.com/h", ["CREATED"]
    )
    second, second_secret, _ = await endpoint(
        client, org, services, "https://b.example.com/h", ["LEAKED", "EXPIRED"]
    )
    listed = (await data(client, LIST, session))["webhookEndpoints"]
    assert listed["totalCount"] == 2
    assert [edge["node"] for edge in listed["edges"]] == [
        {"id": second, "url": "https://b.example.com/h", "events": ["EXPIRED", "LEAKED"]},
        {"id": first, "url": "https://a.example.com/h", "events": ["CREATED"]},
    ]
    assert first_secret not in str(listed) and second_secret not in str(listed)


async def test_a_key_cannot_list_them(client, org):
    found = await error(client, LIST, org.key)
    assert found["extensions"] == {"code": "FORBIDDEN", "requires": "ADMIN_SESSION"}
