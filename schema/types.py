"""The GraphQL object types; each is built from a model by `from_model`."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Generic, TypeVar

import strawberry
from strawberry.scalars import JSON

from auth.grants import Access, PermissionObject
from models import ApiKey as ApiKeyModel
from models import ApiKeyStatus, MemberRole, RevealPolicy
from models import AuditEvent as AuditEventModel
from models import Member as MemberModel
from models import Organization as OrganizationModel
from resolvers.pagination import Page

for _enum in (ApiKeyStatus, MemberRole, RevealPolicy):
    strawberry.enum(_enum)

T = TypeVar("T")


@strawberry.type
class Permission:
    object: PermissionObject
    access: Access


def permissions_of(stored: list[dict[str, str]]) -> list[Permission]:
    return [
        Permission(object=PermissionObject(p["object"]), access=Access(p["access"])) for p in stored
    ]


@strawberry.type
class ApiKey:
    id: strawberry.ID
    name: str | None
    description: str | None
    prefix: str = strawberry.field(description="The first characters of the secret, safe to show.")
    last_characters: str = strawberry.field(
        description="The last four characters of the current secret."
    )
    status: ApiKeyStatus
    full_access: bool
    permissions: list[Permission]
    allowed_ips: list[str]
    revealable: bool
    created_at: datetime
    expires_at: datetime | None
    last_used_at: datetime | None
    rotation_scheduled_at: datetime | None = strawberry.field(
        description="While a scheduled rotation is pending: when the previous secret stops working."
    )

    @classmethod
    def from_model(cls, key: ApiKeyModel) -> ApiKey:
        now = datetime.now(UTC)
        return cls(
            id=strawberry.ID(str(key.id)),
            name=key.name,
            description=key.description,
            prefix=key.prefix,
            last_characters=key.last_four,
            status=key.status_at(now),
            full_access=key.full_access,
            permissions=permissions_of(key.permissions),
            allowed_ips=list(key.allowed_ips),
            revealable=key.revealable and key.revoked_at is None,
            created_at=key.created_at,
            expires_at=key.expires_at,
            last_used_at=key.last_used_at,
            rotation_scheduled_at=key.rotation_scheduled_at(now),
        )


@strawberry.type
class ApiKeyWithSecret:
    api_key: ApiKey
    secret: str


@strawberry.type
class Member:
    id: strawberry.ID
    email: str
    name: str | None
    role: MemberRole
    created_at: datetime

    @classmethod
    def from_model(cls, member: MemberModel) -> Member:
        return cls(
            id=strawberry.ID(str(member.id)),
            email=member.email,
            name=member.name,
            role=member.role,
            created_at=member.created_at,
        )


@strawberry.type
class Session:
    token: str
    expires_at: datetime
    member: Member


@strawberry.type
class Organization:
    id: strawberry.ID
    name: str
    reveal_policy: RevealPolicy
    created_at: datetime

    @classmethod
    def from_model(cls, organization: OrganizationModel) -> Organization:
        return cls(
            id=strawberry.ID(str(organization.id)),
            name=organization.name,
            reveal_policy=organization.reveal_policy,
            created_at=organization.created_at,
        )


@strawberry.type
class AuditEvent:
    id: strawberry.ID
    action: str
    api_key_id: strawberry.ID | None
    actor_member_id: strawberry.ID | None
    actor_api_key_id: strawberry.ID | None
    member_id: strawberry.ID | None = strawberry.field(
        description="The member acted upon: member management and logins."
    )
    client_address: str | None
    before: JSON | None
    after: JSON | None
    created_at: datetime

    @classmethod
    def from_model(cls, event: AuditEventModel) -> AuditEvent:
        def _id(value: object) -> strawberry.ID | None:
            return strawberry.ID(str(value)) if value is not None else None

        return cls(
            id=strawberry.ID(str(event.id)),
            action=event.action,
            api_key_id=_id(event.api_key_id),
            actor_member_id=_id(event.actor_member_id),
            actor_api_key_id=_id(event.actor_api_key_id),
            member_id=_id(event.member_id),
            client_address=event.client_address,
            before=event.before,
            after=event.after,
            created_at=event.created_at,
        )


@strawberry.type
class PageInfo:
    has_next_page: bool
    end_cursor: str | None


@strawberry.type
class Edge(Generic[T]):
    cursor: str
    node: T


@strawberry.type
class Connection(Generic[T]):
    edges: list[Edge[T]]
    page_info: PageInfo
    total_count: int


def page_size(first: int | None) -> int:
    """`first` as given, or the default page of 20 when null."""
    return 20 if first is None else first


def connection(page: Page, node: type) -> Connection:  # type: ignore[type-arg]
    edges = [Edge(cursor=page.cursor(item), node=node.from_model(item)) for item in page.items]  # type: ignore[attr-defined]
    return Connection(
        edges=edges,
        page_info=PageInfo(has_next_page=page.has_next_page, end_cursor=page.end_cursor),
        total_count=page.total_count,
    )
