from __future__ import annotations

from resolvers.events.fields import EventFields
from resolvers.events.ingest import ingest_events
from tests.factories import data

CREATE = 'mutation { createEvent(input: {transactionId: "t0", externalCustomerId: "x", code: "y"}) { id code } }'


async def test_a_repeated_transaction_id_returns_the_stored_event(client, org):
    (stored,) = await ingest_events(
        org.admin, [EventFields(transaction_id="t0", external_customer_id="c-1", code="calls")]
    )
    single = await data(client, CREATE, org.key)
    assert single["createEvent"] == {"id": str(stored.id), "code": "calls"}


async def test_a_new_transaction_id_is_stored(client, org, other_org):
    single = await data(client, CREATE, other_org.key)
    assert single["createEvent"]["code"] == "y"
