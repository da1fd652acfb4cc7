"""deleteWebhookEndpoint: the endpoint and its deliveries go, nothing more is written for it,
and the audit trail keeps who deleted which URL."""

from __future__ import annotations

from models import AuditEvent, WebhookDelivery, WebhookEndpoint
from tests.factories import data, error
from tests.resolvers.webhooks.helpers import endpoint, key_created

DELETE = "mutation($id: ID!) { deleteWebhookEndpoint(id: $id) { id url } }"
URL = "https://hooks.example.com/gone"


async def test_deleting_an_endpoint_stops_its_deliveries(client, org, services):
    endpoint_id, _, session = await endpoint(client, org, services, URL, ["CREATED"])
    await key_created(client, org)
    assert await WebhookDelivery.filter(endpoint_id=endpoint_id).count() == 1
    deleted = (await data(client, DELETE, session, id=endpoint_id))["deleteWebhookEndpoint"]
    assert deleted == {"id": endpoint_id, "url": URL}
    assert not await WebhookEndpoint.filter(id=endpoint_id).exists()
    assert await WebhookDelivery.all().count() == 0
    await key_created(client, org)
    assert await WebhookDelivery.all().count() == 0
    audit = await AuditEvent.get(action="webhook_endpoint_deleted")
    assert audit.before == {"id": endpoint_id, "url": URL, "events": ["created"]}
    assert audit.actor_member_id is not None and str(audit.actor_member_id) == org.admin_id


async def test_deleting_it_twice_is_not_found(client, org, services):
    endpoint_id, _, session = await endpoint(client, org, services, URL, ["CREATED"])
    await data(client, DELETE, session, id=endpoint_id)
    assert (await error(client, DELETE, session, id=endpoint_id))["extensions"][
        "code"
    ] == "NOT_FOUND"
