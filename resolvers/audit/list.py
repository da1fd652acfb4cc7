from __future__ import annotations

from auth.principal import Principal
from models import AuditEvent
from resolvers.ids import parse_id
from resolvers.pagination import Page, paginate


async def list_audit_events(
    principal: Principal, first: int, after: str | None, api_key_id: str | None
) -> Page[AuditEvent]:
    query = AuditEvent.filter(organization_id=principal.organization_id)
    if api_key_id is not None:
        query = query.filter(api_key_id=parse_id(api_key_id, "ApiKey"))
    return await paginate(query, first, after)
