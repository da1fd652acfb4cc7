from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from models.member import Member


class User(Model):
    # A person: one e-mail address and one password, whatever organizations they belong
    # to. Each membership in an organization is a `Member` row.

    id = fields.UUIDField(primary_key=True)
    email = fields.CharField(max_length=320, unique=True)
    name = fields.CharField(max_length=255, null=True)
    password_hash = fields.CharField(max_length=255)
    created_at = fields.DatetimeField(auto_now_add=True)

    memberships: fields.ReverseRelation[Member]

    class Meta:
        # `user` is a reserved word in PostgreSQL.
        table = "user_account"
