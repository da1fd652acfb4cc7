"""apiKeys(filter:, orderBy:): by name or prefix (a whole token cut to its prefix), by
status, in the order of creation, last use or expiry (nulls last), page after page."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from models import ApiKey
from tests.factories import data, error
from tests.resolvers.api_keys.documents import DESTROY, ROTATE, create

SEARCH = """query($f: ApiKeyFilter, $o: ApiKeyOrder, $n: Int, $a: String, $s: [ApiKeyStatus!]) {
  apiKeys(filter: $f, orderBy: $o, first: $n, after: $a, status: $s) {
    totalCount pageInfo { hasNextPage hasPreviousPage endCursor }
    edges { node { id name prefix status } }
  }
}"""
READER = [{"object": "CUSTOMER", "access": "READ"}]


async def names(client, token: str, **variables) -> list[str]:
    found = await data(client, SEARCH, token, **variables)
    return [edge["node"]["name"] for edge in found["apiKeys"]["edges"]]


async def every_page(client, token: str, order: dict[str, str], size: int = 2) -> list[str]:
    seen, after, pages = [], None, 0
    while True:
        found = (await data(client, SEARCH, token, o=order, n=size, a=after))["apiKeys"]
        seen += [edge["node"]["name"] for edge in found["edges"]]
        assert found["pageInfo"]["hasPreviousPage"] is (pages > 0)
        pages += 1
        if not found["pageInfo"]["hasNextPage"]:
            return seen
        after = found["pageInfo"]["endCursor"]


async def test_search_by_name_any_case_or_by_prefix(client, org, other_org):
    billing = await create(client, org.key, name="Billing reader", permissions=READER)
    await create(client, org.key, name="Ingestion", permissions=READER)
    await create(client, other_org.key, name="Billing elsewhere", permissions=READER)
    assert await names(client, org.key, f={"search": "billing"}) == ["Billing reader"]
    assert await names(client, org.key, f={"search": "  READER "}) == ["Billing reader"]
    prefix = billing["apiKey"]["prefix"]
    assert await names(client, org.key, f={"search": prefix}) == ["Billing reader"]
    # A whole token finds its key by its prefix; another organization's stays unseen.
    assert await names(client, org.key, f={"search": billing["secret"]}) == ["Billing reader"]
    assert await names(client, org.key, f={"search": "elsewhere"}) == []
    assert await names(client, org.key, f={"search": "%"}) == []


async def test_filter_by_status_and_its_errors(client, org):
    doomed = await create(client, org.key, name="Old", permissions=READER)
    await create(client, org.key, name="New", permissions=READER)
    await data(client, DESTROY, org.key, id=doomed["apiKey"]["id"])
    live = await names(client, org.key, f={"status": ["ACTIVE", "EXPIRED"]})
    assert live == ["New", "first"]
    assert await names(client, org.key, f={"status": ["REVOKED"]}) == ["Old"]
    assert await names(client, org.key, f={"search": "o", "status": ["REVOKED"]}) == ["Old"]
    both = await error(client, SEARCH, org.key, f={"status": ["ACTIVE"]}, s=["ACTIVE"])
    assert both["extensions"] == {"code": "BAD_USER_INPUT", "field": "filter.status"}
    long = await error(client, SEARCH, org.key, f={"search": "x" * 256})
    assert long["extensions"] == {"code": "BAD_USER_INPUT", "field": "filter.search"}
    control = await error(client, SEARCH, org.key, f={"search": "a\x00b"})
    assert control["extensions"]["field"] == "filter.search"


async def test_order_by_last_use_and_expiry_nulls_last_over_pages(client, org):
    now = datetime.now(UTC).replace(microsecond=0)
    made = {}
    for name, days in (("a", 3), ("b", 1), ("c", None), ("d", 2), ("e", None)):
        expires = (now + timedelta(days=days + 10)).isoformat() if days else None
        created = await create(client, org.key, name=name, permissions=READER, expiresAt=expires)
        made[name] = created["apiKey"]["id"]
        if days:
            await ApiKey.filter(id=made[name]).update(last_used_at=now - timedelta(days=days))
    await ApiKey.filter(id=org.key_id).update(last_used_at=now - timedelta(days=5))
    last_used = {"field": "LAST_USED_AT", "direction": "DESC"}
    # Most recently used first; never used last, newest of those first (by id: any order).
    order = await every_page(client, org.key, last_used)
    assert order[:4] == ["b", "d", "a", "first"]
    assert sorted(order[4:]) == ["c", "e"]
    expiry = {"field": "EXPIRES_AT", "direction": "ASC"}
    order = await every_page(client, org.key, expiry)
    assert order[:3] == ["b", "d", "a"]
    assert sorted(order[3:]) == ["c", "e", "first"]
    oldest = await every_page(client, org.key, {"field": "CREATED_AT", "direction": "ASC"}, 4)
    assert oldest == ["first", "a", "b", "c", "d", "e"]
    newest = await every_page(client, org.key, {"field": "CREATED_AT", "direction": "DESC"})
    assert newest == ["e", "d", "c", "b", "a", "first"]


async def test_a_cursor_of_another_order_is_refused(client, org):
    for name in ("a", "b", "c"):
        await create(client, org.key, name=name, permissions=READER)
    first = await data(client, SEARCH, org.key, o={"field": "EXPIRES_AT"}, n=1)
    cursor = first["apiKeys"]["pageInfo"]["endCursor"]
    wrong = await error(client, SEARCH, org.key, o={"field": "LAST_USED_AT"}, n=1, a=cursor)
    assert wrong["extensions"] == {"code": "BAD_USER_INPUT", "field": "after"}
    backward = "query { apiKeys(orderBy: {field: EXPIRES_AT}, last: 1) { edges { node { id } } } }"
    refused = await error(client, backward, org.key)
    assert refused["extensions"] == {"code": "BAD_USER_INPUT", "field": "orderBy"}


async def test_a_token_still_in_its_grace_period_finds_its_key(client, org):
    old = await create(client, org.key, name="Billing reader", permissions=READER)
    await create(client, org.key, name="Ingestion", permissions=READER)
    key_id = old["apiKey"]["id"]
    await data(client, ROTATE, org.key, i={"id": key_id, "schedule": "IN_24_HOURS"})
    assert await names(client, org.key, f={"search": old["secret"]}) == ["Billing reader"]
    assert await names(client, org.key, f={"search": old["apiKey"]["prefix"]}) == ["Billing reader"]
