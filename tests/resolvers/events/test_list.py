from __future__ import annotations

import pytest

from auth.principal import Principal
from resolvers.errors import Forbidden
from resolvers.events.fields import EventFields
from resolvers.events.ingest import ingest_events
from resolvers.events.list import list_events
from resolvers.pagination import PageRequest


async def test_the_organizations_events(org, other_org):
    batch = [EventFields(transaction_id=f"t{i}", external_customer_id="c", code="x") for i in "ab"]
    stored = await ingest_events(org.admin, batch)
    assert {e.id for e in (await list_events(org.admin, PageRequest(first=10))).items} == {
        e.id for e in stored
    }
    assert (await list_events(other_org.admin, PageRequest(first=10))).total_count == 0


async def test_it_needs_event_read(org):
    with pytest.raises(Forbidden):
        await list_events(
            Principal(org.id, full_access=False, grants=frozenset()), PageRequest(first=1)
        )
