from __future__ import annotations

from auth.principal import Principal
from jobs.webhook_outbox import new_signing_secret, seal_secret
from models import AuditAction, WebhookEndpoint
from resolvers import policy
from resolvers.audit.record import record
from resolvers.services import Services
from resolvers.unit_of_work import unit_of_work
from resolvers.webhooks.fields import public_view
from resolvers.webhooks.lookup import find_endpoint


async def rotate_webhook_secret(
    principal: Principal, endpoint_id: str, services: Services
) -> tuple[WebhookEndpoint, str]:
    """A new signing secret, shown this once; every delivery from now on (retries of older
    ones included) is signed with it, and the previous one signs nothing more."""
    policy.may_manage_webhooks(principal, "rotate a webhook secret")
    policy.require_sudo(principal, "rotate a webhook secret", services.clock())
    secret = new_signing_secret()
    async with unit_of_work(services):
        endpoint = await find_endpoint(principal, endpoint_id, lock=True)
        endpoint.sealed_secret = seal_secret(services.keyring.sealer, secret, str(endpoint.id))
        await endpoint.save(update_fields=["sealed_secret"])
        await record(principal, AuditAction.WEBHOOK_SECRET_ROTATED, after=public_view(endpoint))
    return endpoint, secret
