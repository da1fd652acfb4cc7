"""Writing an audit event: the actor, the action, the key or member acted upon, before and
after."""

from __future__ import annotations

from typing import Any

from auth.principal import Principal
from models import ApiKey, AuditAction, AuditEvent, Member
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
    """The audit row of the principal's `action` on a key or a member."""
    return await AuditEvent.record(
        principal.organization_id,
        action,
        principal.actor,
        api_key_id=str(key.id) if key else None,
        member_id=str(member.id) if member else None,
        before=before,
        after=after,
    )
