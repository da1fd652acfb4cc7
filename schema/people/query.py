from __future__ import annotations

import strawberry

from auth.grants import PermissionObject as Obj
from resolvers.invitations.list import list_invitations
from schema.context import Info
from schema.people.types import Invitation
from schema.permissions import READ, requires
from schema.types import Connection, connection, page_request


@strawberry.type
class PeopleQuery:
    @strawberry.field(extensions=requires(Obj.MEMBER, READ))
    async def invitations(
        self,
        info: Info,
        first: int | None = 20,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[Invitation]:
        request = page_request(info, first, after, last, before)
        page = await list_invitations(info.context.caller, request)
        return connection(page, Invitation)
