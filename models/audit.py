from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from tortoise import fields

from models.owned import OrganizationOwned

if TYPE_CHECKING:
    from models.api_key import ApiKey
    from models.member import Member


class AuditAction(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    PERMISSIONS_UPDATED = "permissions_updated"
    ROTATED = "rotated"
    ROTATION_SCHEDULED = "rotation_scheduled"
    ROTATION_COMPLETED = "rotation_completed"
    REVEALED = "revealed"
    DESTROYED = "destroyed"
    ORGANIZATION_UPDATED = "organization_updated"
    MEMBER_CREATED = "member_created"
    MEMBER_ROLE_UPDATED = "member_role_updated"
    MEMBER_REMOVED = "member_removed"
    LOGIN_SUCCEEDED = "login_succeeded"
    LOGIN_FAILED = "login_failed"
    # People (issue 18)
    INVITATION_SENT = "invitation_sent"
    INVITATION_ACCEPTED = "invitation_accepted"
    INVITATION_REVOKED = "invitation_revoked"
    PASSWORD_RESET_REQUESTED = "password_reset_requested"  # noqa: S105 - an action name
    PASSWORD_RESET = "password_reset"  # noqa: S105 - an action name
    # Key lifecycle (disable, enable, leak reports).
    DISABLED = "disabled"
    ENABLED = "enabled"
    LEAKED = "leaked"
    PURGED = "purged"
    # Webhooks on key events
    WEBHOOK_ENDPOINT_CREATED = "webhook_endpoint_created"
    WEBHOOK_ENDPOINT_DELETED = "webhook_endpoint_deleted"
    WEBHOOK_SECRET_ROTATED = "webhook_secret_rotated"  # noqa: S105 - an action name


@dataclass(frozen=True, slots=True)
class Actor:
    """Who did it: a member, an API key, or neither (the service itself), and from where."""

    member_id: str | None = None
    api_key_id: str | None = None
    client_address: str | None = None


SERVICE = Actor()


class AuditEvent(OrganizationOwned):
    # One action. `before` and `after` hold public fields only, never a secret or password.

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
    # The member acted upon (member management, logins). A plain id, not a foreign key:
    # the trail keeps naming a member after they are removed.
    member_id = fields.UUIDField(null=True)
    client_address = fields.CharField(max_length=64, null=True)
    before: Any = fields.JSONField(null=True)
    after: Any = fields.JSONField(null=True)

    class Meta:
        table = "audit_event"
        indexes = (("organization_id", "created_at"),)

    @classmethod
    async def record(
        cls,
        organization_id: str,
        action: AuditAction,
        actor: Actor = SERVICE,
        *,
        api_key_id: str | None = None,
        member_id: str | None = None,
        before: dict[str, Any] | None = None,
        after: dict[str, Any] | None = None,
    ) -> AuditEvent:
        return await cls.create(
            organization_id=organization_id,
            actor_member_id=actor.member_id,
            actor_api_key_id=actor.api_key_id,
            client_address=actor.client_address,
            action=action.value,
            api_key_id=api_key_id,
            member_id=member_id,
            before=before,
            after=after,
        )
