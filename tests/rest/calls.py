"""Requests to /api/v1 as a connector makes them, through the test's client."""

from __future__ import annotations

from typing import Any

import httpx

from auth.grants import Access, PermissionObject
from resolvers.services import Services
from tests.factories import Org, make_key

API = "/api/v1"


async def rest(
    client: httpx.AsyncClient,
    method: str,
    path: str,
    key: str | None,
    body: Any = None,
    **params: Any,
) -> httpx.Response:
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    return await client.request(
        method, f"{API}{path}", json=body, params=params or None, headers=headers
    )


async def ok(
    client: httpx.AsyncClient, method: str, path: str, key: str, body: Any = None, **params: Any
) -> Any:
    """The JSON of an answer that must be 200."""
    response = await rest(client, method, path, key, body, **params)
    assert response.status_code == 200, response.text
    assert response.headers["cache-control"] == "no-store"
    return response.json()


async def refused(
    client: httpx.AsyncClient,
    status: int,
    method: str,
    path: str,
    key: str | None,
    body: Any = None,
    **params: Any,
) -> dict[str, Any]:
    """The body of an answer that must be `status`, in Lago's error shape."""
    response = await rest(client, method, path, key, body, **params)
    assert response.status_code == status, response.text
    found: dict[str, Any] = response.json()
    assert found["status"] == status and found["error"], found
    return found


async def key_with(org: Org, services: Services, *grants: tuple[PermissionObject, Access]) -> str:
    """A key of `org` holding just these grants."""
    return (await make_key(org, services, list(grants)))[1]


async def pages(client: httpx.AsyncClient, key: str, plural: str, per_page: int) -> list[Any]:
    """Every page of a list, from page 1 until next_page is null, each checked."""
    found, page = [], 1
    while True:
        body = await ok(client, "GET", f"/{plural}", key, page=page, per_page=per_page)
        meta = body["meta"]
        assert meta["current_page"] == page
        assert meta["prev_page"] == (page - 1 if page > 1 else None)
        assert len(body[plural]) <= per_page
        found.append(body)
        if meta["next_page"] is None:
            assert page == max(meta["total_pages"], 1)
            return found
        assert meta["next_page"] == page + 1
        page += 1


async def all_ids(client: httpx.AsyncClient, key: str, plural: str, per_page: int) -> list[str]:
    """The lago_id of every object of a list, in its order, paged `per_page` at a time."""
    listed = await pages(client, key, plural, per_page)
    return [item["lago_id"] for body in listed for item in body[plural]]


async def assert_numbered_pages(
    client: httpx.AsyncClient, org: Org, other_org: Org, plural: str, made: list[str]
) -> None:
    """Three objects `made` oldest first: GET /api/v1/<plural> pages them newest first,
    two at a time, with Lago's meta; another organization lists none of them."""
    assert await all_ids(client, org.key, plural, per_page=2) == made[::-1]
    last = await ok(client, "GET", f"/{plural}", org.key, page=2, per_page=2)
    assert last["meta"] == {
        "current_page": 2,
        "next_page": None,
        "prev_page": 1,
        "total_pages": 2,
        "total_count": 3,
    }
    assert (await ok(client, "GET", f"/{plural}", other_org.key))["meta"]["total_count"] == 0


async def assert_a_page_beyond_the_last_is_empty(page_use_case: Any, org: Org) -> None:
    """One object made: page 5 of 10 a page is empty, and says there is one."""
    page = await page_use_case(org.admin, 5, 10)
    assert page.items == [] and page.total_count == 1 and page.prev_page is None
