from __future__ import annotations

from typing import Any

from auth.grants import Access, PermissionObject
from auth.principal import Principal
from models import ApiKey, ApiKeySecret, AuditAction, Organization, RevealPolicy
from resolvers import policy
from resolvers.audit.record import record
from resolvers.organization.fields import check_max_key_age_days, check_organization_name
from resolvers.services import Services
from resolvers.unchanged import UNCHANGED
from resolvers.unit_of_work import unit_of_work


async def update_organization(
    principal: Principal,
    services: Services,
    name: Any = UNCHANGED,
    reveal_policy: Any = UNCHANGED,
    max_key_age_days: Any = UNCHANGED,
) -> Organization:
    """Rename, or change the reveal policy (an admin session only). SHOW_ONCE erases every
    stored sealed secret."""
    policy.require(principal, PermissionObject.ORGANIZATION, Access.WRITE)
    if reveal_policy is not UNCHANGED:
        policy.require_admin_session(principal, "change the reveal policy")
        policy.require_sudo(principal, "change the reveal policy", services.clock())
    if max_key_age_days is not UNCHANGED:
        policy.require_admin_session(principal, "change the rotation policy")
        check_max_key_age_days(max_key_age_days)
    async with unit_of_work(services) as work:
        organization = await Organization.select_for_update().get(id=principal.organization_id)
        before = _public_view(organization, max_key_age_days is not UNCHANGED)
        if name is not UNCHANGED:
            organization.name = check_organization_name(name)
        if reveal_policy is not UNCHANGED and reveal_policy is not None:
            organization.reveal_policy = RevealPolicy(reveal_policy)
            if reveal_policy == RevealPolicy.SHOW_ONCE:
                await _erase_sealed_secrets(organization)
        if max_key_age_days is not UNCHANGED:
            organization.max_key_age_days = max_key_age_days
        await organization.save()
        after = _public_view(organization, max_key_age_days is not UNCHANGED)
        await record(principal, AuditAction.ORGANIZATION_UPDATED, before=before, after=after)
        work.evict_organization(str(organization.id))
    return organization


def _public_view(organization: Organization, policy_changed: bool) -> dict[str, Any]:
    view: dict[str, Any] = {
        "name": organization.name,
        "revealPolicy": organization.reveal_policy.value,
    }
    if policy_changed:  # the rotation policy: in the trail when the update touches it
        view["maxKeyAgeDays"] = organization.max_key_age_days
    return view


async def _erase_sealed_secrets(organization: Organization) -> None:
    keys = ApiKey.filter(organization_id=organization.id)
    key_ids = list(await keys.values_list("id", flat=True))
    if key_ids:
        await ApiKeySecret.filter(api_key_id__in=key_ids).update(sealed=None)
    await keys.update(revealable=False)
