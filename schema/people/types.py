"""The types of people (issue 18): invitations, and a user's memberships."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Self

import strawberry

from models import Invitation as InvitationModel
from models import InvitationStatus, MemberRole

strawberry.enum(InvitationStatus)


@strawberry.type(description="An e-mailed offer to join the organization with a role.")
class Invitation:
    id: strawberry.ID
    email: str
    role: MemberRole
    status: InvitationStatus
    created_at: datetime
    expires_at: datetime
    accepted_at: datetime | None
    revoked_at: datetime | None

    @classmethod
    def from_model(cls, row: InvitationModel) -> Self:
        return cls(
            id=strawberry.ID(str(row.id)),
            email=row.email,
            role=row.role,
            status=row.status_at(datetime.now(UTC)),
            created_at=row.created_at,
            expires_at=row.expires_at,
            accepted_at=row.accepted_at,
            revoked_at=row.revoked_at,
        )


@strawberry.type(description="One of the session's user's organizations, and their role there.")
class Membership:
    organization_id: strawberry.ID
    organization_name: str
    role: MemberRole
    member_id: strawberry.ID
    current: bool = strawberry.field(description="The organization of this session.")
