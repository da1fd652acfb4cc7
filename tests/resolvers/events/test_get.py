from __future__ import annotations

import pytest

from auth.principal import Principal
from resolvers.errors import Forbidden
from resolvers.events.fields import EventFields
from resolvers.events.get import get_event
from resolvers.events.ingest import ingest_events


async def test_an_event_is_read_by_id_inside_its_organization_only(org, other_org):
    (event,) = await ingest_events(
        org.admin, [EventFields(transaction_id="t", external_customer_id="c", code="calls")]
    )
    assert (await get_event(org.admin, str(event.id))) == event
    assert await get_event(other_org.admin, str(event.id)) is None


async def test_it_needs_event_read(org):
    with pytest.raises(Forbidden):
        await get_event(Principal(org.id, full_access=False, grants=frozenset()), "x")
