from __future__ import annotations

import strawberry

from auth.grants import PermissionObject as Obj
from models import ApiKeyStatus
from resolvers.api_keys.get import get_api_key
from resolvers.api_keys.list import list_api_keys
from resolvers.audit.list import list_audit_events
from resolvers.members.list import list_members
from resolvers.organization.get import get_organization
from schema.context import Info
from schema.permissions import READ, requires
from schema.types import (
    ApiKey,
    AuditEvent,
    Connection,
    Member,
    Organization,
    connection,
)
from schema.types import page_size as _first
from schema.viewer import Viewer, viewer_of


@strawberry.type
class Query:
    @strawberry.field(extensions=requires(Obj.API_KEY, READ))
    async def api_keys(
        self,
        info: Info,
        first: int | None = 20,
        after: str | None = None,
        status: list[ApiKeyStatus] | None = None,
    ) -> Connection[ApiKey]:
        page = await list_api_keys(info.context.caller, _first(first), after, status)
        return connection(page, ApiKey)

    @strawberry.field(extensions=requires(Obj.API_KEY, READ))
    async def api_key(self, info: Info, id: strawberry.ID) -> ApiKey | None:
        key = await get_api_key(info.context.caller, id)
        return ApiKey.from_model(key) if key else None

    @strawberry.field(extensions=requires(Obj.AUDIT_EVENT, READ))
    async def audit_events(
        self,
        info: Info,
        first: int | None = 20,
        after: str | None = None,
        api_key_id: strawberry.ID | None = None,
    ) -> Connection[AuditEvent]:
        page = await list_audit_events(info.context.caller, _first(first), after, api_key_id)
        return connection(page, AuditEvent)

    @strawberry.field(extensions=requires(Obj.MEMBER, READ))
    async def members(
        self, info: Info, first: int | None = 20, after: str | None = None
    ) -> Connection[Member]:
        return connection(await list_members(info.context.caller, _first(first), after), Member)

    @strawberry.field(extensions=requires(Obj.ORGANIZATION, READ))
    async def organization(self, info: Info) -> Organization:
        return Organization.from_model(await get_organization(info.context.caller))

    @strawberry.field(description="Who am I: the organization, the member or key, the grants.")
    async def viewer(self, info: Info) -> Viewer:
        return viewer_of(info.context.caller)
