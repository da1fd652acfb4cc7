from __future__ import annotations

from typing import Any

from tortoise.transactions import in_transaction

from auth.cache import credential_cache
from auth.principal import Principal
from models import ApiKey, ApiKeySecret, Organization, RevealPolicy
from resolvers.api_keys.fields import UNCHANGED
from resolvers.errors import BadUserInput


async def update_organization(
    principal: Principal, name: Any = UNCHANGED, reveal_policy: Any = UNCHANGED
) -> Organization:
    """Rename, or change the reveal policy. SHOW_ONCE erases every stored sealed secret."""
    async with in_transaction():
        organization = await Organization.select_for_update().get(id=principal.organization_id)
        if name is not UNCHANGED:
            if not name or len(name) > 255:
                raise BadUserInput("name", "1 to 255 characters")
            organization.name = name
        if reveal_policy is not UNCHANGED and reveal_policy is not None:
            organization.reveal_policy = RevealPolicy(reveal_policy)
            if reveal_policy == RevealPolicy.SHOW_ONCE:
                await _erase_sealed_secrets(organization)
        await organization.save()
    credential_cache.evict_organization(str(organization.id))
    return organization


async def _erase_sealed_secrets(organization: Organization) -> None:
    keys = ApiKey.filter(organization_id=organization.id)
    key_ids = list(await keys.values_list("id", flat=True))
    if key_ids:
        await ApiKeySecret.filter(api_key_id__in=key_ids).update(sealed=None)
    await keys.update(revealable=False)
