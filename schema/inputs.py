from __future__ import annotations

from datetime import datetime
from typing import Any

import strawberry

from auth.grants import Access, PermissionObject
from models import MemberRole, RevealPolicy
from resolvers.api_keys.rotate import RotationSchedule
from resolvers.unchanged import UNCHANGED
from schema.metering import CreditsInput, RateLimitInput
from schema.permissions import admin_session_only

strawberry.enum(RotationSchedule)


def given(value: Any) -> Any:
    """Strawberry's UNSET (argument omitted) as the use cases' UNCHANGED."""
    return UNCHANGED if value is strawberry.UNSET else value


@strawberry.input
class PermissionInput:
    object: PermissionObject
    access: Access


def grants(items: list[PermissionInput] | None) -> list[tuple[PermissionObject, Access]] | None:
    if items is None:
        return None
    return [(p.object, p.access) for p in items]


@strawberry.input
class CreateApiKeyInput:
    name: str | None = None
    description: str | None = None
    permissions: list[PermissionInput] | None = strawberry.field(
        default=None, description="Omitted or null: full access. A list: exactly these grants."
    )
    allowed_ips: list[str] | None = None
    expires_at: datetime | None = None
    # Keys limited to chosen customers.
    customer_ids: list[strawberry.ID] | None = strawberry.field(
        default=None,
        description="Omitted or null: every customer. A list: only these customers and "
        "their subscriptions, invoices and events.",
    )
    rate_limit: RateLimitInput | None = strawberry.field(default=None, description="Null: none.")
    credits: CreditsInput | None = strawberry.field(default=None, description="Null: unlimited.")


@strawberry.input
class UpdateApiKeyInput:
    id: strawberry.ID
    name: str | None = strawberry.UNSET
    description: str | None = strawberry.UNSET
    allowed_ips: list[str] | None = strawberry.UNSET
    expires_at: datetime | None = strawberry.UNSET
    rate_limit: RateLimitInput | None = strawberry.field(
        default=strawberry.UNSET, description="Null: none."
    )
    credits: CreditsInput | None = strawberry.field(
        default=strawberry.UNSET, description="Null: unlimited. Setting it starts afresh."
    )
    # Keys limited to chosen customers.
    customer_ids: list[strawberry.ID] | None = strawberry.field(
        default=strawberry.UNSET,
        description="Null: every customer (only a caller limited to none may set it). A "
        "list: only these customers, within the caller's own.",
    )


@strawberry.input
class UpdatePermissionsInput:
    id: strawberry.ID
    permissions: list[PermissionInput] | None = strawberry.field(
        default=None, description="Null: full access. A list: replaces every grant."
    )


@strawberry.input
class RotateApiKeyInput:
    id: strawberry.ID
    schedule: RotationSchedule = RotationSchedule.NOW


@strawberry.input
class CreateMemberInput:
    email: str
    name: str | None = None
    role: MemberRole = MemberRole.MEMBER
    password: str


@strawberry.input
class UpdateOrganizationInput:
    name: str | None = strawberry.UNSET
    reveal_policy: RevealPolicy | None = admin_session_only(
        "SHOW_ONCE erases every stored copy of a secret: no key can be revealed again."
    )
    # Rotation policy (issue 20).
    max_key_age_days: int | None = admin_session_only(
        "Keys are due for rotation this many days (1 to 3650) after their last rotation; "
        "null: no policy."
    )
