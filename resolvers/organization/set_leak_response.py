from __future__ import annotations

from auth.principal import Principal
from models import AuditAction, Organization
from models.organization import LeakResponse
from resolvers import policy
from resolvers.audit.record import record
from resolvers.services import Services
from resolvers.unit_of_work import unit_of_work


async def set_leak_response(
    principal: Principal, response: LeakResponse, services: Services
) -> Organization:
    """What a leak report does to a live key of the organization: REVOKE (the default) or
    DISABLE. Only an ADMIN member's session chooses: DISABLE lets a leaked key come back."""
    policy.require_admin_session(principal, "choose what a leak report does")
    async with unit_of_work(services):
        organization = await Organization.select_for_update().get(id=principal.organization_id)
        before = {"leakResponse": organization.leak_response.value}
        organization.leak_response = LeakResponse(response)
        await organization.save(update_fields=["leak_response"])
        after = {"leakResponse": organization.leak_response.value}
        await record(principal, AuditAction.ORGANIZATION_UPDATED, before=before, after=after)
    return organization
