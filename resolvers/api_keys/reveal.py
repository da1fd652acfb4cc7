from __future__ import annotations

from tortoise.transactions import in_transaction

from auth.principal import Principal
from models import ApiKey, ApiKeySecret, AuditAction, Organization, RevealPolicy
from resolvers import policy
from resolvers.api_keys.lookup import find_api_key
from resolvers.audit.record import record
from resolvers.errors import Conflict
from resolvers.services import Services


async def reveal_api_key(
    principal: Principal, key_id: str, services: Services
) -> tuple[ApiKey, str]:
    """The current secret, for an ADMIN member's session only; every reveal is audited."""
    policy.require_admin_session(principal, "reveal a secret")
    policy.require_sudo(principal, "reveal a secret", services.clock())
    async with in_transaction():
        key = await find_api_key(principal, key_id)
        if key.revoked_at is not None:
            raise Conflict("the key is revoked")
        organization = await Organization.get(id=principal.organization_id)
        current = await ApiKeySecret.filter(api_key_id=key.id, expires_at__isnull=True).first()
        policy_allows = organization.reveal_policy == RevealPolicy.REVEALABLE
        if not (policy_allows and key.revealable and current and current.sealed):
            raise Conflict("the key is not revealable: its secret was shown once")
        secret = services.keyring.sealer.open(current.sealed, str(key.id))
        await record(principal, AuditAction.REVEALED, key)
    return key, secret
