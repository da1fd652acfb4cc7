from __future__ import annotations

import strawberry

from auth.grants import PermissionObject as Obj
from resolvers.invitations.list import list_invitations
from schema.people.types import Invitation
from schema.permissions import READ, requires
from schema.types import Connection, listing


@strawberry.type
class PeopleQuery:
    invitations: Connection[Invitation] = listing(
        Invitation, list_invitations, requires(Obj.MEMBER, READ)
    )
