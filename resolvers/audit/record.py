"""Writing an audit event: the actor, the action, the key or member acted upon, before and
after."""

from __future__ import annotations

from typing import Any

from auth.principal import Principal
from models import ApiKey, AuditAction, AuditEvent, Member


def public_view(key: ApiKey) -> dict[str, Any]:
    """The fields an audit row may hold: what an integrator configures, never a secret."""
    return {
        "name": key.name,
        "description": key.description,
        "fullAccess": key.full_access,
        "permissions": key.permissions,
        "allowedIps": key.allowed_ips,
        "expiresAt": key.expires_at.isoformat() if key.expires_at else None,
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
