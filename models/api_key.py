from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from tortoise import fields
from tortoise.expressions import Q
from tortoise.models import Model

from models.owned import OrganizationOwned

if TYPE_CHECKING:
    from models.member import Member
    from models.organization import Organization


class ApiKeyStatus(StrEnum):
    ACTIVE = "ACTIVE"
    EXPIRED = "EXPIRED"
    REVOKED = "REVOKED"
    DISABLED = "DISABLED"


class ApiKey(OrganizationOwned):
    # What an integrator configures; its secrets live in ApiKeySecret.

    organization: fields.ForeignKeyRelation[Organization] = fields.ForeignKeyField(
        "models.Organization", related_name="api_keys", on_delete=fields.CASCADE
    )
    name = fields.CharField(max_length=255, null=True)
    description = fields.TextField(null=True)
    full_access = fields.BooleanField(default=True)
    # [{"object": "CUSTOMER", "access": "READ"}, ...]; empty when full_access
    permissions: Any = fields.JSONField(default=list)
    allowed_ips: Any = fields.JSONField(default=list)
    expires_at = fields.DatetimeField(null=True)
    last_used_at = fields.DatetimeField(null=True)
    revoked_at = fields.DatetimeField(null=True)
    created_by: fields.ForeignKeyNullableRelation[Member] = fields.ForeignKeyField(
        "models.Member", related_name=False, null=True, on_delete=fields.SET_NULL
    )
    created_by_id: str | None
    revealable = fields.BooleanField(default=True)
    # Display parts of the current secret, kept after the secrets are erased.
    prefix = fields.CharField(max_length=40)
    last_four = fields.CharField(max_length=4)
    # When the previous secret stops working, while a scheduled rotation is pending.
    rotation_ends_at = fields.DatetimeField(null=True)
    # The last expiry notice e-mailed: "7d", "1d" or "expired"; reset when expiresAt changes.
    expiry_notice: str | None = fields.CharField(max_length=10, null=True)  # type: ignore[assignment]
    # The ids of the customers the key is limited to; None: every customer.
    customer_ids: Any = fields.JSONField(null=True)
    # During a rotation's grace: when the previous secret was last used (None: not since).
    previous_secret_last_used_at = fields.DatetimeField(null=True)
    # Set while the key is disabled: refused like a revoked one, until enabled again.
    disabled_at = fields.DatetimeField(null=True)
    # Metering (migration 0009): a rate limit, and credits with their refill. Each time
    # the credits are set or refilled their generation moves on (auth/metering.py).
    rate_limit_requests: int | None = fields.IntField(null=True)
    rate_limit_seconds: int | None = fields.IntField(null=True)
    credits_remaining: int | None = fields.BigIntField(null=True)
    credits_refill_amount: int | None = fields.BigIntField(null=True)
    credits_refill_interval: str | None = fields.CharField(max_length=10, null=True)  # type: ignore[assignment]
    credits_generation = fields.IntField(default=0)
    # What the generation began with (set or refilled): "low" is under a tenth of it.
    credits_granted: int | None = fields.BigIntField(null=True)
    credits_refilled_at = fields.DatetimeField(null=True)
    # The last credits notice e-mailed in this generation: "low" or "out".
    credits_notice: str | None = fields.CharField(max_length=10, null=True)  # type: ignore[assignment]
    # Rotation policy (migration 0011): when the key was last rotated (None: never), and
    # the rotation due date its age notice was e-mailed for (None: not yet; reset by a rotation).
    rotated_at = fields.DatetimeField(null=True)
    rotation_notice_for = fields.DatetimeField(null=True)

    secrets: fields.ReverseRelation[ApiKeySecret]

    class Meta:
        table = "api_key"
        indexes = (("organization_id", "created_at"),)

    def status_at(self, now: datetime) -> ApiKeyStatus:
        return key_status(self.revoked_at, self.expires_at, self.disabled_at, now)

    def rotation_scheduled_at(self, now: datetime) -> datetime | None:
        ends = self.rotation_ends_at
        return ends if ends is not None and ends > now and self.revoked_at is None else None

    async def revoke(self, now: datetime) -> None:
        """Refused from `now` on, for good: any pending rotation over, the secrets erased."""
        self.revoked_at, self.rotation_ends_at = now, None
        await self.save(update_fields=["revoked_at", "rotation_ends_at"])
        await ApiKeySecret.filter(api_key_id=self.id).delete()

    async def disable(self, now: datetime) -> None:
        """Refused from `now` on, its secrets kept, until enabled (a disabled key stays as
        it was)."""
        if self.disabled_at is None:
            self.disabled_at = now
            await self.save(update_fields=["disabled_at"])


def key_status(
    revoked_at: datetime | None,
    expires_at: datetime | None,
    disabled_at: datetime | None,
    now: datetime,
) -> ApiKeyStatus:
    """A key's status from its three dates (`ApiKey.status_at`; a page's rows too)."""
    if revoked_at is not None:
        return ApiKeyStatus.REVOKED
    if expires_at is not None and expires_at <= now:
        return ApiKeyStatus.EXPIRED
    if disabled_at is not None:
        return ApiKeyStatus.DISABLED
    return ApiKeyStatus.ACTIVE


def status_filter(status: ApiKeyStatus, now: datetime) -> Q:
    """The SQL twin of `ApiKey.status_at`."""
    if status is ApiKeyStatus.REVOKED:
        return Q(revoked_at__isnull=False)
    if status is ApiKeyStatus.EXPIRED:
        return Q(revoked_at__isnull=True, expires_at__lte=now)
    unexpired = Q(revoked_at__isnull=True) & (Q(expires_at__isnull=True) | Q(expires_at__gt=now))
    if status is ApiKeyStatus.DISABLED:
        return unexpired & Q(disabled_at__isnull=False)
    return unexpired & Q(disabled_at__isnull=True)


class ApiKeySecret(Model):
    # One secret of a key. Authentication reads its own expiry: rotation grace.

    id = fields.UUIDField(primary_key=True)
    api_key: fields.ForeignKeyRelation[ApiKey] = fields.ForeignKeyField(
        "models.ApiKey", related_name="secrets", on_delete=fields.CASCADE
    )
    api_key_id: str
    digest = fields.CharField(max_length=64, unique=True)
    prefix = fields.CharField(max_length=40)
    last_four = fields.CharField(max_length=4)
    sealed: str | None = fields.TextField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    expires_at = fields.DatetimeField(null=True)

    class Meta:
        table = "api_key_secret"

    def valid_at(self, now: datetime) -> bool:
        return self.expires_at is None or self.expires_at > now
