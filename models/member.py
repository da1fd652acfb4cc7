from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

from models.owned import OrganizationOwned

if TYPE_CHECKING:
    from models.organization import Organization
    from models.user import User


class MemberRole(StrEnum):
    ADMIN = "ADMIN"
    MEMBER = "MEMBER"


class Member(OrganizationOwned):
    # A user's membership in one organization, seen from that organization. The password
    # is the user's; `email` is the user's too, copied here (an address never changes) so an
    # organization reads its members without a join.

    organization: fields.ForeignKeyRelation[Organization] = fields.ForeignKeyField(
        "models.Organization", related_name="members", on_delete=fields.CASCADE
    )
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="memberships", on_delete=fields.CASCADE
    )
    user_id: str
    email = fields.CharField(max_length=320)
    name = fields.CharField(max_length=255, null=True)
    role = fields.CharEnumField(MemberRole, default=MemberRole.MEMBER)

    class Meta:
        table = "member"
        unique_together = (("organization", "user"),)


class Session(Model):
    id = fields.UUIDField(primary_key=True)
    member: fields.ForeignKeyRelation[Member] = fields.ForeignKeyField(
        "models.Member", related_name="sessions", on_delete=fields.CASCADE
    )
    member_id: str
    token_digest = fields.CharField(max_length=64, unique=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    expires_at = fields.DatetimeField()
    # Sudo mode: when the member last typed their password in this session (login or
    # confirmPassword); the riskiest operations need it within policy.SUDO_WINDOW.
    sudo_at = fields.DatetimeField(null=True)

    class Meta:
        table = "session"
