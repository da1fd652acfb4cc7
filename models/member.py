from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

from models.owned import OrganizationOwned

if TYPE_CHECKING:
    from models.organization import Organization


class MemberRole(StrEnum):
    ADMIN = "ADMIN"
    MEMBER = "MEMBER"


class Member(OrganizationOwned):
    organization: fields.ForeignKeyRelation[Organization] = fields.ForeignKeyField(
        "models.Organization", related_name="members", on_delete=fields.CASCADE
    )
    email = fields.CharField(max_length=320, unique=True)
    name = fields.CharField(max_length=255, null=True)
    role = fields.CharEnumField(MemberRole, default=MemberRole.MEMBER)
    password_hash = fields.CharField(max_length=255)

    class Meta:
        table = "member"


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
