from __future__ import annotations

from auth.grants import Access, PermissionObject
from auth.principal import Principal
from models import AuditEvent
from resolvers import policy
from resolvers.ids import parse_id
from resolvers.pagination import Page, PageRequest, paginate


async def list_audit_events(
    principal: Principal, request: PageRequest, api_key_id: str | None
) -> Page[AuditEvent]:
    policy.require(principal, PermissionObject.AUDIT_EVENT, Access.READ)
    query = AuditEvent.filter(organization_id=principal.organization_id)
    if api_key_id is not None:
        query = query.filter(api_key_id=parse_id(api_key_id, "ApiKey"))
    return await paginate(query, request)
