from __future__ import annotations

import uuid
from collections.abc import Sequence

from auth.principal import Principal
from jobs.webhook_outbox import new_signing_secret, seal_secret
from models import AuditAction, WebhookEndpoint, WebhookEvent
from resolvers import policy
from resolvers.audit.record import record
from resolvers.services import Services
from resolvers.unit_of_work import unit_of_work
from resolvers.webhooks.fields import checked_events, checked_url, public_view


async def create_webhook_endpoint(
    principal: Principal, url: str, events: Sequence[WebhookEvent], services: Services
) -> tuple[WebhookEndpoint, str]:
    """A new endpoint and its signing secret (`whsec_...`), shown this once: stored sealed,
    only the delivery jobs open it."""
    policy.may_manage_webhooks(principal, "register a webhook endpoint")
    url, chosen = checked_url(url, services.settings), checked_events(events)
    secret = new_signing_secret()
    endpoint_id = str(uuid.uuid4())
    async with unit_of_work(services):
        endpoint = await WebhookEndpoint.create(
            id=endpoint_id,
            organization_id=principal.organization_id,
            url=url,
            events=chosen,
            sealed_secret=seal_secret(services.keyring.sealer, secret, endpoint_id),
        )
        await record(principal, AuditAction.WEBHOOK_ENDPOINT_CREATED, after=public_view(endpoint))
    return endpoint, secret
