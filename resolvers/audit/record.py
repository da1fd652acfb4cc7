"""Writing an audit event: the actor, the action, the key, before and after."""

from __future__ import annotations

from typing import Any

from auth.principal import Principal
from models import ApiKey, AuditEvent


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
    action: str,
    key: ApiKey | None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEvent:
    return await AuditEvent.create(
        organization_id=principal.organization_id,
        actor_member_id=principal.member_id,
        actor_api_key_id=principal.api_key_id,
        action=action,
        api_key_id=key.id if key else None,
        client_address=principal.client_address,
        before=before,
        after=after,
    )
