"""apiKeys: newest first, paged by cursor, filtered by status, never a secret."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from models import ApiKey
from tests.factories import data, error, gql
from tests.resolvers.api_keys.documents import DESTROY, GET, LIST, VIEWER, create


async def test_list_is_newest_first_paged_by_cursor_and_never_shows_a_secret(client, org):
    secrets = [(await create(client, org.key, name=f"k{i}"))["secret"] for i in range(5)]
    seen, after = [], None
    while True:
        page = (await data(client, LIST, org.key, f=2, a=after))["apiKeys"]
        assert page["totalCount"] == 6
        seen += [edge["node"]["name"] for edge in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert seen == ["k4", "k3", "k2", "k1", "k0", "first"]
    listed = (await gql(client, LIST, org.key, f=100)).text
    assert not any(secret in listed for secret in [*secrets, org.key])


@pytest.mark.parametrize(("first", "after"), [(101, None), (-1, None), (5, "garbage!")])
async def test_list_refuses_a_bad_page(client, org, first, after):
    failure = await error(client, LIST, org.key, f=first, a=after)
    assert failure["extensions"]["code"] == "BAD_USER_INPUT"
    assert failure["extensions"]["field"] == ("first" if after is None else "after")


async def test_status_is_the_same_in_lists_and_single_reads(client, org, services):
    expired = await create(client, org.key, name="old")
    revoked = await create(client, org.key, name="gone")
    await ApiKey.filter(id=expired["apiKey"]["id"]).update(
        expires_at=datetime.now(UTC) - timedelta(seconds=1)
    )
    await data(client, DESTROY, org.key, id=revoked["apiKey"]["id"])
    services.cache.clear()
    for status, key in (("EXPIRED", expired), ("REVOKED", revoked)):
        assert (await data(client, GET, org.key, id=key["apiKey"]["id"]))["apiKey"][
            "status"
        ] == status
        listed = (await data(client, LIST, org.key, s=[status]))["apiKeys"]
        assert [e["node"]["id"] for e in listed["edges"]] == [key["apiKey"]["id"]]
    active = (await data(client, LIST, org.key, s=["ACTIVE"]))["apiKeys"]
    assert [e["node"]["name"] for e in active["edges"]] == ["first"]
    assert (await gql(client, VIEWER, expired["secret"])).status_code == 401
