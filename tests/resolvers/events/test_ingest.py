from __future__ import annotations

import pytest

from auth.principal import Principal
from models import Event
from resolvers.errors import Forbidden
from resolvers.events.fields import EventFields
from resolvers.events.ingest import ingest_events
from tests.factories import data, error

INGEST = "mutation($e: [EventInput!]!) { ingestEvents(events: $e) { id transactionId properties } }"


async def test_ingestion_is_idempotent_by_transaction_id(client, org):
    batch = [
        {
            "transactionId": f"t{i}",
            "externalCustomerId": "c-1",
            "code": "calls",
            "properties": {"n": i},
        }
        for i in range(3)
    ]
    first = (await data(client, INGEST, org.key, e=batch))["ingestEvents"]
    assert [e["transactionId"] for e in first] == ["t0", "t1", "t2"]
    repeat = [
        {**batch[1], "properties": {"n": 99}},
        *batch[1:],
        {**batch[0], "transactionId": "t3"},
    ]
    again = (await data(client, INGEST, org.key, e=repeat))["ingestEvents"]
    assert again[0] == first[1], "a repeat returns the stored event and writes nothing"
    assert await Event.filter(organization_id=org.id).count() == 4


async def test_a_batch_over_100_events_is_refused(client, org):
    batch = [
        {"transactionId": f"t{i}", "externalCustomerId": "c", "code": "calls"} for i in range(101)
    ]
    failure = await error(client, INGEST, org.key, e=batch)
    assert failure["extensions"] == {"code": "BAD_USER_INPUT", "field": "events"}
    assert await Event.filter(organization_id=org.id).count() == 0


async def test_the_same_transaction_id_in_two_organizations_is_two_events(org, other_org):
    event = EventFields(transaction_id="t", external_customer_id="c", code="calls")
    (ours,) = await ingest_events(org.admin, [event])
    (theirs,) = await ingest_events(other_org.admin, [event])
    assert ours.id != theirs.id and ours.properties == {} == theirs.properties


async def test_it_needs_event_write(org):
    with pytest.raises(Forbidden):
        await ingest_events(Principal(org.id, full_access=False, grants=frozenset()), [])
