"""Events by numbered pages (GET /api/v1/events)."""

from __future__ import annotations

import pytest

from auth.principal import Principal
from resolvers.errors import Forbidden
from resolvers.events.create import create_event
from resolvers.events.fields import EventFields
from resolvers.events.page import page_events
from tests.rest.calls import assert_a_page_beyond_the_last_is_empty, assert_numbered_pages


async def _make(org, count):
    return [
        await create_event(
            org.admin, EventFields(transaction_id=f"t{i}", external_customer_id="c", code="x")
        )
        for i in range(count)
    ]


async def test_pages_newest_first_with_lagos_meta(client, org, other_org):
    made = [str(row.id) for row in await _make(org, 3)]
    await assert_numbered_pages(client, org, other_org, "events", made)


async def test_a_page_beyond_the_last_is_empty(org):
    await _make(org, 1)
    await assert_a_page_beyond_the_last_is_empty(page_events, org)


async def test_it_needs_event_read(org):
    with pytest.raises(Forbidden):
        await page_events(Principal(org.id, full_access=False, grants=frozenset()))
