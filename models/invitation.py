from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.expressions import Q
from tortoise.models import Model

from models.member import MemberRole
from models.owned import OrganizationOwned

if TYPE_CHECKING:
    from models.member import Member
    from models.user import User


class InvitationStatus(StrEnum):
    PENDING = "PENDING"
    ACCEPTED = "ACCEPTED"
    REVOKED = "REVOKED"
    EXPIRED = "EXPIRED"


class Invitation(OrganizationOwned):
    # An e-mailed, single-use offer to join an organization with a role. Only the token's
    # HMAC is stored, as for keys and sessions.

    email = fields.CharField(max_length=320)
    role = fields.CharEnumField(MemberRole, default=MemberRole.MEMBER)
    token_digest = fields.CharField(max_length=64, unique=True)
    invited_by: fields.ForeignKeyNullableRelation[Member] = fields.ForeignKeyField(
        "models.Member", related_name=False, null=True, on_delete=fields.SET_NULL
    )
    invited_by_id: str | None
    expires_at = fields.DatetimeField()
    accepted_at = fields.DatetimeField(null=True)
    revoked_at = fields.DatetimeField(null=True)

    class Meta:
        table = "invitation"
        indexes = (("organization_id", "created_at"),)

    def status_at(self, now: datetime) -> InvitationStatus:
        if self.accepted_at is not None:
            return InvitationStatus.ACCEPTED
        if self.revoked_at is not None:
            return InvitationStatus.REVOKED
        if self.expires_at <= now:
            return InvitationStatus.EXPIRED
        return InvitationStatus.PENDING

    @staticmethod
    def pending_at(now: datetime) -> Q:
        """The rows `status_at(now)` calls PENDING, as a filter."""
        return Q(accepted_at=None, revoked_at=None, expires_at__gt=now)


class PasswordReset(Model):
    # A single-use, e-mailed token that sets a user's password. Only its HMAC is stored.

    id = fields.UUIDField(primary_key=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name=False, on_delete=fields.CASCADE
    )
    user_id: str
    token_digest = fields.CharField(max_length=64, unique=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    expires_at = fields.DatetimeField()
    used_at = fields.DatetimeField(null=True)

    class Meta:
        table = "password_reset"
