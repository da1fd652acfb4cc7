from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

import strawberry

from auth.grants import PermissionObject as Obj
from auth.principal import Principal
from models import ApiKeyStatus
from resolvers.api_keys.get import get_api_key
from resolvers.api_keys.search import search_api_keys
from resolvers.audit.list import list_audit_events
from resolvers.errors import Forbidden
from resolvers.members.list import list_members
from resolvers.nodes.get import get_nodes
from resolvers.nodes.locate import NodeKind, locate
from resolvers.organization.get import get_organization
from schema.api_key_search import ApiKeyFilter, ApiKeyOrder, api_key_search
from schema.billing.types import BillableMetric, Customer, Event, Invoice, Plan, Subscription
from schema.context import Info
from schema.key_rows import node_of, selected
from schema.permissions import READ, requires
from schema.types import (
    ApiKey,
    AuditEvent,
    Connection,
    Member,
    Node,
    Organization,
    connection,
    listing,
    page_request,
)
from schema.viewer import Viewer, viewer_of

NODE_TYPES: dict[str, Any] = {
    node.__name__: node
    for node in (
        ApiKey,
        Member,
        AuditEvent,
        Organization,
        Customer,
        Plan,
        BillableMetric,
        Subscription,
        Invoice,
        Event,
    )
}
NODE_READ = (
    " Null when no object of your organization has this id; null with a FORBIDDEN error"
    " (naming the object) when you may not READ its type."
)


@strawberry.type
class Query:
    @strawberry.field(extensions=requires(Obj.API_KEY, READ))
    async def api_keys(
        self,
        info: Info,
        first: int | None = 20,
        after: str | None = None,
        status: list[ApiKeyStatus] | None = None,
        last: int | None = None,
        before: str | None = None,
        filter: ApiKeyFilter | None = None,
        order_by: ApiKeyOrder | None = None,
    ) -> Connection[ApiKey]:
        request = page_request(info, first, after, last, before)
        wanted = api_key_search(status, filter, order_by)
        # The plain newest-first list reads only the columns its nodes need, when they are.
        rows = selected(info) if filter is None and order_by is None else None
        if rows is not None:
            request = dataclasses.replace(request, columns=rows.columns)
        page = await search_api_keys(info.context.caller, request, wanted)
        if rows is None:
            return connection(page, ApiKey)
        return connection(page, ApiKey, node_of(ApiKey, rows.fields), rows.cursor)

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
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[AuditEvent]:
        request = page_request(info, first, after, last, before)
        page = await list_audit_events(info.context.caller, request, api_key_id)
        return connection(page, AuditEvent)

    members: Connection[Member] = listing(Member, list_members, requires(Obj.MEMBER, READ))

    @strawberry.field(extensions=requires(Obj.ORGANIZATION, READ))
    async def organization(self, info: Info) -> Organization:
        return Organization.from_model(await get_organization(info.context.caller))

    @strawberry.field(description="Who am I: the organization, the member or key, the grants.")
    async def viewer(self, info: Info) -> Viewer:
        return viewer_of(info.context.caller)

    @strawberry.field(description="The object with this id, whatever its type." + NODE_READ)
    async def node(self, info: Info, id: strawberry.ID) -> Node | None:
        (found,) = await _nodes(info.context.caller, [id])
        if isinstance(found, Forbidden):
            raise found
        return found  # type: ignore[no-any-return]

    @strawberry.field(
        description="The objects with these ids (at most 100), in their order, each as"
        " `node(id:)` gives it: a refused one is null at its place, with its own error."
    )
    async def nodes(self, info: Info, ids: list[strawberry.ID]) -> list[Node | None]:
        return await _nodes(info.context.caller, ids)


async def _nodes(caller: Principal, ids: Sequence[str]) -> list[Any]:
    """Each id's node, None, or the Forbidden refusing its type: graphql-core raises an
    exception found in a list at the item's own path, so the others still arrive."""
    found: dict[str, Any] = {}
    for kind, of_kind in (await locate(caller.organization_id, ids)).items():
        found.update(await _of_kind(caller, kind, of_kind))
    return [found.get(node_id) for node_id in ids]


async def _of_kind(caller: Principal, kind: NodeKind, ids: list[str]) -> dict[str, Any]:
    try:
        rows = await get_nodes(caller, kind, ids)
    except Forbidden as refused:
        return dict.fromkeys(ids, refused)
    node = NODE_TYPES[kind.name]
    return {node_id: node.from_model(row) for node_id, row in zip(ids, rows, strict=True) if row}
