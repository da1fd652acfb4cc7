from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from models.api_key import ApiKey
    from models.member import Member
    from models.organization import Organization


class AuditEvent(Model):
    # One key action. `before` and `after` hold public fields only, never a secret.

    id = fields.UUIDField(primary_key=True)
    organization: fields.ForeignKeyRelation[Organization] = fields.ForeignKeyField(
        "models.Organization", related_name=False, on_delete=fields.CASCADE
    )
    organization_id: str
    actor_member: fields.ForeignKeyNullableRelation[Member] = fields.ForeignKeyField(
        "models.Member", related_name=False, null=True, on_delete=fields.SET_NULL
    )
    actor_member_id: str | None
    actor_api_key: fields.ForeignKeyNullableRelation[ApiKey] = fields.ForeignKeyField(
        "models.ApiKey", related_name=False, null=True, on_delete=fields.SET_NULL
    )
    actor_api_key_id: str | None
    action = fields.CharField(max_length=40)
    api_key: fields.ForeignKeyNullableRelation[ApiKey] = fields.ForeignKeyField(
        "models.ApiKey", related_name=False, null=True, on_delete=fields.SET_NULL
    )
    api_key_id: str | None
    client_address = fields.CharField(max_length=64, null=True)
    before: Any = fields.JSONField(null=True)
    after: Any = fields.JSONField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "audit_event"
        indexes = (("organization_id", "created_at"),)
