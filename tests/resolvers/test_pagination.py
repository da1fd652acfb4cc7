"""Relay connections: forward (first/after) and backward (last/before) keyset pages, newest
first, the four PageInfo flags, and strict cursors, through real GraphQL requests."""

from __future__ import annotations

import base64
from datetime import UTC, datetime
from typing import Any

import pytest

from models import ApiKey, Plan
from resolvers.api_keys.create import CreateApiKey, create_api_key
from resolvers.plans.create import create_plan
from resolvers.plans.fields import PlanFields
from tests.factories import data, error

PAGE_INFO = "pageInfo { hasPreviousPage hasNextPage startCursor endCursor }"
EDGES = "totalCount edges { cursor node { id } }"
ARGS = "$f: Int, $a: String, $l: Int, $b: String"
PASS = "first: $f, after: $a, last: $l, before: $b"
CONNECTIONS = ["apiKeys", "members", "auditEvents", "customers", "plans", "events"]


def _document(connection: str) -> str:
    return f"query({ARGS}) {{ {connection}({PASS}) {{ {EDGES} {PAGE_INFO} }} }}"


async def _page(client: Any, token: str, connection: str, **arguments: Any) -> dict[str, Any]:
    page: dict[str, Any] = (await data(client, _document(connection), token, **arguments))[
        connection
    ]
    return page


def _ids(page: dict[str, Any]) -> list[str]:
    return [edge["node"]["id"] for edge in page["edges"]]


async def _keys(org: Any, services: Any, count: int) -> None:
    """`count` keys besides the organization's first; three of them share one instant, so
    that the id orders them."""
    for i in range(count):
        await create_api_key(org.admin, CreateApiKey(name=f"k{i}"), services)
    tied = await ApiKey.filter(organization_id=org.id).order_by("created_at").limit(3)
    await ApiKey.filter(id__in=[k.id for k in tied]).update(created_at=tied[0].created_at)


async def _plans(org: Any, count: int) -> None:
    for i in range(count):
        await create_plan(org.admin, PlanFields(code=f"p{i}", name=f"P{i}", currency="EUR"))
    same = datetime(2024, 1, 1, tzinfo=UTC)
    tied = await Plan.filter(organization_id=org.id).order_by("created_at").limit(2)
    await Plan.filter(id__in=[p.id for p in tied]).update(created_at=same)


async def _forward(client: Any, token: str, connection: str, size: int) -> list[dict[str, Any]]:
    pages: list[dict[str, Any]] = []
    after = None
    while True:
        page = await _page(client, token, connection, f=size, a=after)
        pages.append(page)
        if not page["pageInfo"]["hasNextPage"]:
            return pages
        after = page["pageInfo"]["endCursor"]


async def _backward(client: Any, token: str, connection: str, size: int) -> list[dict[str, Any]]:
    pages: list[dict[str, Any]] = []
    before = None
    while True:
        page = await _page(client, token, connection, l=size, b=before)
        pages.insert(0, page)
        if not page["pageInfo"]["hasPreviousPage"]:
            return pages
        before = page["pageInfo"]["startCursor"]


@pytest.mark.parametrize("size", [1, 2, 3, 7])
async def test_api_keys_paged_either_way_are_the_one_big_page(client, org, services, size):
    await _keys(org, services, 6)
    whole = _ids(await _page(client, org.key, "apiKeys", f=100))
    assert len(whole) == 7
    for pages in (
        await _forward(client, org.key, "apiKeys", size),
        await _backward(client, org.key, "apiKeys", size),
    ):
        assert [i for page in pages for i in _ids(page)] == whole
        assert {page["totalCount"] for page in pages} == {7}


@pytest.mark.parametrize("size", [1, 2, 4])
async def test_plans_paged_either_way_are_the_one_big_page(client, org, size):
    await _plans(org, 5)
    whole = _ids(await _page(client, org.key, "plans", f=100))
    created = await Plan.filter(organization_id=org.id).order_by("-created_at", "-id")
    assert whole == [str(p.id) for p in created]
    for pages in (
        await _forward(client, org.key, "plans", size),
        await _backward(client, org.key, "plans", size),
    ):
        assert [i for page in pages for i in _ids(page)] == whole


def _flags(page: dict[str, Any]) -> tuple[bool, bool]:
    return page["pageInfo"]["hasPreviousPage"], page["pageInfo"]["hasNextPage"]


async def test_the_flags_and_cursors_at_both_ends_forward(client, org, services):
    await _keys(org, services, 4)  # five keys
    first, middle, end = await _forward(client, org.key, "apiKeys", 2)
    assert [_flags(p) for p in (first, middle, end)] == [
        (False, True),
        (True, True),
        (True, False),
    ]
    for page in (first, middle, end):
        edges = page["edges"]
        assert page["pageInfo"]["startCursor"] == edges[0]["cursor"]
        assert page["pageInfo"]["endCursor"] == edges[-1]["cursor"]
    assert len(end["edges"]) == 1


async def test_the_flags_and_cursors_at_both_ends_backward(client, org, services):
    await _keys(org, services, 4)
    start, middle, last = await _backward(client, org.key, "apiKeys", 2)
    assert len(start["edges"]) == 1
    assert [_flags(p) for p in (start, middle, last)] == [
        (False, True),
        (True, True),
        (True, False),
    ]


async def test_a_page_that_holds_everything_has_no_other_page(client, org, services):
    await _keys(org, services, 2)
    assert _flags(await _page(client, org.key, "apiKeys", f=3)) == (False, False)
    assert _flags(await _page(client, org.key, "apiKeys", l=3)) == (False, False)
    assert _flags(await _page(client, org.key, "apiKeys", l=2)) == (True, False)


async def test_an_empty_page_has_no_cursors(client, org):
    for arguments in ({"f": 0}, {"l": 0}):
        page = await _page(client, org.key, "customers", **arguments)
        assert page["edges"] == [] and page["totalCount"] == 0
        assert page["pageInfo"] == {
            "hasPreviousPage": False,
            "hasNextPage": False,
            "startCursor": None,
            "endCursor": None,
        }


async def test_zero_rows_still_says_whether_there_are_more(client, org, services):
    await _keys(org, services, 1)
    assert _flags(await _page(client, org.key, "apiKeys", f=0)) == (False, True)
    assert _flags(await _page(client, org.key, "apiKeys", l=0)) == (True, False)


async def test_after_and_before_bound_a_window(client, org, services):
    await _keys(org, services, 5)  # six keys
    whole = await _page(client, org.key, "apiKeys", f=100)
    cursors, ids = [e["cursor"] for e in whole["edges"]], _ids(whole)
    window = await _page(client, org.key, "apiKeys", f=10, a=cursors[0], b=cursors[4])
    assert _ids(window) == ids[1:4]
    assert _flags(window) == (True, False)  # first: the next page is counted in the window
    window = await _page(client, org.key, "apiKeys", l=2, a=cursors[0], b=cursors[4])
    assert _ids(window) == ids[2:4]
    assert _flags(window) == (True, True)
    assert window["totalCount"] == 6


async def test_first_with_before_and_last_with_after(client, org, services):
    await _keys(org, services, 3)  # four keys
    whole = await _page(client, org.key, "apiKeys", f=100)
    cursors, ids = [e["cursor"] for e in whole["edges"]], _ids(whole)
    newest = await _page(client, org.key, "apiKeys", f=1, b=cursors[2])
    assert _ids(newest) == ids[:1] and _flags(newest) == (False, True)
    oldest = await _page(client, org.key, "apiKeys", l=1, a=cursors[1])
    assert _ids(oldest) == ids[3:] and _flags(oldest) == (True, False)


async def test_last_alone_is_not_met_by_firsts_default(client, org, services):
    await _keys(org, services, 2)
    ids = _ids(await _page(client, org.key, "apiKeys", f=100))
    written = "{ apiKeys(last: 1) { edges { node { id } } } }"
    assert _ids((await data(client, written, org.key))["apiKeys"]) == ids[-1:]
    nulled = "{ apiKeys(first: null, last: 2) { edges { node { id } } } }"
    assert _ids((await data(client, nulled, org.key))["apiKeys"]) == ids[-2:]
    billing = "{ invoices(last: 1) { totalCount } members(last: 1) { totalCount } }"
    assert (await data(client, billing, org.key))["invoices"] == {"totalCount": 0}


async def test_neither_first_nor_last_is_a_page_of_twenty(client, org, services):
    await _keys(org, services, 21)
    page = await data(client, "{ apiKeys { edges { cursor } pageInfo { hasNextPage } } }", org.key)
    assert len(page["apiKeys"]["edges"]) == 20 and page["apiKeys"]["pageInfo"]["hasNextPage"]
    page = await _page(client, org.key, "apiKeys", f=None, l=None)
    assert len(page["edges"]) == 20


@pytest.mark.parametrize("connection", CONNECTIONS)
async def test_first_and_last_together_are_bad_user_input(client, org, connection):
    failure = await error(client, _document(connection), org.key, f=2, l=2)
    assert failure["extensions"] == {"code": "BAD_USER_INPUT", "field": "last"}
    written = f"{{ {connection}(first: 20, last: 1) {{ totalCount }} }}"
    failure = await error(client, written, org.key)
    assert failure["extensions"] == {"code": "BAD_USER_INPUT", "field": "last"}


@pytest.mark.parametrize("connection", CONNECTIONS)
@pytest.mark.parametrize("last", [101, -1, 2**31 - 1])
async def test_last_is_bounded(client, org, connection, last):
    failure = await error(client, _document(connection), org.key, l=last)
    assert failure["extensions"] == {"code": "BAD_USER_INPUT", "field": "last"}


def _cursor(raw: str) -> str:
    return base64.urlsafe_b64encode(raw.encode()).decode()


FORGED = [
    _cursor("2020-01-01T00:00:00+00:00|not-a-uuid"),
    _cursor("2020-01-01T00:00:00+00:00|"),
    _cursor("2020-01-01T00:00:00|00000000-0000-0000-0000-000000000000"),
    _cursor("99999-01-01T00:00:00+00:00|00000000-0000-0000-0000-000000000000"),
    "not base64!",
    "%%%",
]


@pytest.mark.parametrize("connection", CONNECTIONS)
@pytest.mark.parametrize("forged", FORGED)
async def test_a_forged_before_cursor_is_bad_user_input_naming_before(
    client, org, connection, forged
):
    for arguments in ({"l": 2, "b": forged}, {"b": forged}, {"f": 1, "b": forged}):
        failure = await error(client, _document(connection), org.key, **arguments)
        assert failure["extensions"] == {"code": "BAD_USER_INPUT", "field": "before"}


@pytest.mark.parametrize("forged", FORGED)
async def test_a_forged_after_cursor_is_still_bad_user_input_naming_after(client, org, forged):
    for arguments in ({"f": 2, "a": forged}, {"l": 2, "a": forged}):
        failure = await error(client, _document("customers"), org.key, **arguments)
        assert failure["extensions"] == {"code": "BAD_USER_INPUT", "field": "after"}


async def test_a_cursor_of_one_connection_pages_another(client, org, services):
    """Cursors are positions, not row references: a key's cursor is a point in time and
    id, valid (and harmless) in another list of the same organization."""
    await _keys(org, services, 1)
    cursor = (await _page(client, org.key, "apiKeys", f=1))["edges"][0]["cursor"]
    assert (await _page(client, org.key, "members", l=5, b=cursor))["totalCount"] == 1
