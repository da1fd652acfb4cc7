from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from tortoise import fields

from models.owned import OrganizationOwned

if TYPE_CHECKING:
    from models.api_key import ApiKey
    from models.member import Member


class NotificationStatus(StrEnum):
    PENDING = "PENDING"
    SENT = "SENT"
    FAILED = "FAILED"


class NotificationKind(StrEnum):
    KEY_CREATED = "key_created"
    KEY_ROTATED = "key_rotated"
    ROTATION_SCHEDULED = "rotation_scheduled"
    ROTATION_COMPLETED = "rotation_completed"
    KEY_DESTROYED = "key_destroyed"
    KEY_EXPIRING_7D = "key_expiring_7d"
    KEY_EXPIRING_1D = "key_expiring_1d"
    KEY_EXPIRED = "key_expired"
    # Key lifecycle (disable, enable, leak reports).
    KEY_DISABLED = "key_disabled"
    KEY_ENABLED = "key_enabled"
    KEY_LEAKED = "key_leaked"
    # Credits (jobs/refills.py), once per generation each
    CREDITS_LOW = "credits_low"
    CREDITS_EXHAUSTED = "credits_exhausted"
    # Rotation policy (jobs/key_age.py): once per key and rotation, 7 days before it is due
    KEY_ROTATION_DUE = "key_rotation_due"


class Notification(OrganizationOwned):
    # The outbox: one e-mail to one ADMIN, written in the transaction of the change.
    member: fields.ForeignKeyNullableRelation[Member] = fields.ForeignKeyField(
        "models.Member", related_name=False, null=True, on_delete=fields.SET_NULL
    )
    member_id: str | None
    api_key: fields.ForeignKeyNullableRelation[ApiKey] = fields.ForeignKeyField(
        "models.ApiKey", related_name=False, null=True, on_delete=fields.SET_NULL
    )
    api_key_id: str | None
    recipient = fields.CharField(max_length=320)
    kind = fields.CharField(max_length=40)
    subject = fields.CharField(max_length=255)
    body = fields.TextField()
    status = fields.CharEnumField(NotificationStatus, default=NotificationStatus.PENDING)
    attempts = fields.IntField(default=0)
    last_error: str | None = fields.TextField(null=True)
    sent_at = fields.DatetimeField(null=True)

    class Meta:
        table = "notification"
        indexes = (("status", "created_at"),)
