"""Writing an audit event: the actor, the action, the key or member acted upon, before and
after."""

from __future__ import annotations

from typing import Any

from auth.principal import Principal
from jobs import webhook_outbox
from models import ApiKey, AuditAction, AuditEvent, Member, WebhookEvent
from resolvers import unit_of_work
from resolvers.api_keys import limits


def public_view(key: ApiKey) -> dict[str, Any]:
    """The fields an audit row may hold: what an integrator configures, never a secret."""
    return {
        "name": key.name,
        "description": key.description,
        "fullAccess": key.full_access,
        "permissions": key.permissions,
        "allowedIps": key.allowed_ips,
        "expiresAt": key.expires_at.isoformat() if key.expires_at else None,
        # Metering (resolvers/api_keys/limits.py): the settings, not what is spent since.
        **limits_view(key),
    }


def limits_view(key: ApiKey) -> dict[str, Any]:
    rate = limits.rate_limit_of(key)
    credits = limits.credits_of(key)
    refill = credits.refill if credits is not None else None
    return {
        "rateLimit": None
        if rate is None
        else {"requests": rate.requests, "perSeconds": rate.per_seconds},
        "credits": None
        if credits is None
        else {
            "remaining": credits.remaining,
            "refill": None
            if refill is None
            else {"amount": refill.amount, "interval": refill.interval.value},
        },
    }


async def record(
    principal: Principal,
    action: AuditAction,
    key: ApiKey | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    *,
    member: Member | None = None,
) -> AuditEvent:
    """The audit row of the principal's `action` on a key or a member (and, for a key
    event, its webhook deliveries)."""
    if key is not None:
        await key_webhooks(action, key)
    return await AuditEvent.record(
        principal.organization_id,
        action,
        principal.actor,
        api_key_id=str(key.id) if key else None,
        member_id=str(member.id) if member else None,
        before=before,
        after=after,
    )


# Webhooks on key events: every audited key event of WebhookEvent's names is delivered to the
# organization's endpoints subscribed to it, from rows written in this same transaction.
_WEBHOOK_EVENTS = {event.value: event for event in WebhookEvent}


async def key_webhooks(action: AuditAction, key: ApiKey) -> None:
    event = _WEBHOOK_EVENTS.get(action.value)
    if event is None:
        return
    ids = await webhook_outbox.key_event(event, key)
    work = unit_of_work.current()
    if work is not None:  # otherwise the periodic tick finds the rows
        work.deliver_webhooks(ids)
