"""The GraphQL object types; each is built from a model by `from_model`."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Annotated, Any, Generic, Self, TypeVar, cast

import strawberry
from strawberry.scalars import JSON
from strawberry.types.base import StrawberryOptional, get_object_definition
from strawberry.types.nodes import SelectedField, Selection

from auth.activity import KeyOutcome
from auth.grants import Access, PermissionObject
from models import ApiKey as ApiKeyModel
from models import ApiKeyStatus, MemberRole, RevealPolicy
from models.key_age import rotation_due_at
from models.organization import LeakResponse
from resolvers.api_keys.recent_requests import recent_requests
from resolvers.api_keys.usage import Granularity, key_usage
from resolvers.pagination import Page, PageRequest
from schema.metering import Credits, RateLimit, credits_view, rate_limit_view
from schema.permissions import requires
from schema.usage import RecentRequest, UsageBucket, UsageGranularity

for _enum in (ApiKeyStatus, MemberRole, RevealPolicy):
    strawberry.enum(_enum)
strawberry.enum(LeakResponse)

T = TypeVar("T")
_PLAIN_FIELDS: dict[type, tuple[tuple[str, bool], ...]] = {}


def from_model(cls: type[T], row: object) -> T:
    """`cls` with each plain field (one without a resolver) read from the row's attribute of
    the same name; ids as strings. Computed fields are the type's own to fill."""
    values = {}
    for name, is_id in _plain_fields(cls):
        value = getattr(row, name)
        values[name] = strawberry.ID(str(value)) if is_id and value is not None else value
    return cls(**values)


def _plain_fields(cls: type) -> tuple[tuple[str, bool], ...]:
    """(name, is an ID) of each field of the Strawberry type that has no resolver."""
    if cls not in _PLAIN_FIELDS:
        fields = get_object_definition(cls, strict=True).fields
        plain = [f for f in fields if f.base_resolver is None]
        _PLAIN_FIELDS[cls] = tuple((f.python_name, _is_id(f.type)) for f in plain)
    return _PLAIN_FIELDS[cls]


def _is_id(kind: Any) -> bool:
    return (kind.of_type if isinstance(kind, StrawberryOptional) else kind) is strawberry.ID


class FromModel:
    """A type built from a row by `from_model`: its fields by name, its resolvers the rest."""

    @classmethod
    def from_model(cls, row: object) -> Self:
        return from_model(cls, row)


@strawberry.interface(
    description="An object with an ID: `node(id:)` and `nodes(ids:)` fetch it again by it."
)
class Node:
    id: strawberry.ID


@strawberry.type
class Permission:
    object: PermissionObject
    access: Access


def permissions_of(stored: list[dict[str, str]]) -> list[Permission]:
    return [
        Permission(object=PermissionObject(p["object"]), access=Access(p["access"])) for p in stored
    ]


@strawberry.type
class ApiKey(Node):
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
    customer_ids: list[strawberry.ID] | None = strawberry.field(
        default=None, description="The customers the key is limited to; null: every customer."
    )
    previous_secret_last_used_at: datetime | None = strawberry.field(
        default=None,
        description="While a scheduled rotation is pending: when the previous secret was last "
        "used (within 30 s; null: not since the rotation). `endRotationNow` once it stops.",
    )
    rate_limit: RateLimit | None = strawberry.field(default=None, description="Null: none.")
    credits: Credits | None = strawberry.field(default=None, description="Null: unlimited.")
    # The row, for what the organization's rotation policy says of it (models/key_age.py).
    row: strawberry.Private[ApiKeyModel | None] = None

    @strawberry.field(
        extensions=requires(PermissionObject.API_KEY, Access.READ),
        description="When the key reaches the organization's `maxKeyAgeDays`, counted from "
        "its last rotation (or its creation); null without a policy, or once revoked or expired.",
    )
    async def rotation_due_at(self, info: strawberry.Info) -> datetime | None:
        return await _rotation_due_at(self.row, info)

    @strawberry.field(
        extensions=requires(PermissionObject.API_KEY, Access.READ),
        description="The key is past its `rotationDueAt`: rotate it.",
    )
    async def rotation_overdue(self, info: strawberry.Info) -> bool:
        due = await _rotation_due_at(self.row, info)
        return due is not None and due <= datetime.now(UTC)

    @strawberry.field(
        extensions=requires(PermissionObject.API_KEY, Access.READ),
        description="Requests per MINUTE, HOUR or DAY and outcome, from the bucket holding "
        "`from` up to `to` (excluded); only buckets that saw requests. Written every 10 s.",
    )
    async def usage(
        self,
        info: strawberry.Info,
        from_: Annotated[datetime, strawberry.argument(name="from")],
        to: datetime,
        granularity: UsageGranularity = Granularity.HOUR,  # type: ignore[valid-type]
        by_operation: bool = False,
    ) -> list[UsageBucket]:
        buckets = await key_usage(
            info.context.caller, self.id, from_, to, granularity, by_operation=by_operation
        )
        # Served as they are: they have UsageBucket's attributes, and the type, which is
        # in no interface or union, checks no instance (1,440 buckets for 30 days by hour).
        return cast(list[UsageBucket], buckets)

    @strawberry.field(
        extensions=requires(PermissionObject.API_KEY, Access.READ),
        description="The key's last requests, newest first (the last 1,000 are kept).",
    )
    async def recent_requests(
        self, info: strawberry.Info, first: int | None = 50
    ) -> list[RecentRequest]:
        rows = await recent_requests(info.context.caller, self.id, 50 if first is None else first)
        return [
            RecentRequest(
                at=row.at,
                client_address=row.client_address,
                operation=row.operation,
                outcome=KeyOutcome(row.outcome),
            )
            for row in rows
        ]

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
            customer_ids=None
            if key.customer_ids is None
            else [strawberry.ID(c) for c in key.customer_ids],
            previous_secret_last_used_at=key.previous_secret_last_used_at
            if key.rotation_scheduled_at(now)
            else None,
            rate_limit=rate_limit_view(key),
            credits=credits_view(key),
            row=key,
        )


async def _rotation_due_at(key: ApiKeyModel | None, info: strawberry.Info) -> datetime | None:
    if key is None:
        return None
    caller = info.context.caller
    days = await info.context.loaders.max_key_age_days.load(caller.organization_id)
    return rotation_due_at(key, days, datetime.now(UTC))


@strawberry.type
class ApiKeyWithSecret:
    api_key: ApiKey
    secret: str


@strawberry.type
class Member(FromModel, Node):
    id: strawberry.ID
    email: str
    name: str | None
    role: MemberRole
    created_at: datetime


@strawberry.type
class Session:
    token: str
    expires_at: datetime
    member: Member


@strawberry.type
class Organization(FromModel, Node):
    id: strawberry.ID
    name: str
    reveal_policy: RevealPolicy
    created_at: datetime
    # Key lifecycle: what a leak report (POST /leaks) does to a live key.
    leak_response: LeakResponse = strawberry.field(
        description="What a leak report (POST /leaks) does to a live key: REVOKE or DISABLE."
    )
    # Rotation policy (issue 20).
    max_key_age_days: int | None = strawberry.field(
        default=None,
        description="Keys are due for rotation this many days after their last rotation (or "
        "creation); the admins are e-mailed 7 days before. Null: no policy.",
    )


@strawberry.type
class AuditEvent(FromModel, Node):
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


@strawberry.type
class PageInfo:
    has_next_page: bool
    end_cursor: str | None
    has_previous_page: bool
    start_cursor: str | None


@strawberry.type
class Edge(Generic[T]):
    cursor: str
    node: T


@strawberry.type
class Connection(Generic[T]):
    edges: list[Edge[T]]
    page_info: PageInfo
    _total_count: strawberry.Private[int | None]

    @strawberry.field
    def total_count(self) -> int:
        # Counted whenever the query selects it (`selects_total_count`).
        if self._total_count is None:
            raise RuntimeError("totalCount was not counted")
        return self._total_count


def page_size(info: strawberry.Info, first: int | None, last: int | None) -> int | None:
    """`first` as the client meant it: its default of 20 gives way to `last`, so that `last`
    alone pages backward, and only a `first` written in the query (or given by a variable)
    meets `last` (BAD_USER_INPUT)."""
    return first if last is None or _written(info, "first") else None


def _written(info: strawberry.Info, argument: str) -> bool:
    """Whether the query gives the field's `argument` a value (written, or a variable set)."""
    field = info.selected_fields[0]
    return isinstance(field, SelectedField) and field.arguments.get(argument) is not None


def page_request(
    info: strawberry.Info,
    first: int | None,
    after: str | None,
    last: int | None,
    before: str | None,
) -> PageRequest:
    """A connection field's arguments as its list use case takes them."""
    return PageRequest(page_size(info, first, last), after, last, before, selects_total_count(info))


def selects_total_count(info: strawberry.Info) -> bool:
    """Whether the connection being resolved selects `totalCount` (through fragments too):
    its list use case runs the COUNT only then."""
    return any(_selects(field.selections, "totalCount") for field in info.selected_fields)


def _selects(selections: list[Selection], name: str) -> bool:
    for selection in selections:
        if isinstance(selection, SelectedField):
            if selection.name == name:
                return True
        elif _selects(selection.selections, name):  # a fragment
            return True
    return False


def connection(
    page: Page,  # type: ignore[type-arg]
    node: type,
    make: Callable[[Any], Any] | None = None,
    cursors: bool = True,
) -> Connection:  # type: ignore[type-arg]
    """The page's items as `node`s: `node.from_model`, or `make` for a page of rows (whose
    edges have no cursor when the query selects none: reading one is then an error)."""
    make = make or node.from_model  # type: ignore[attr-defined]
    if cursors:
        edges = [Edge(cursor=page.cursor(item), node=make(item)) for item in page.items]
    else:
        edges = [_edge_without_cursor(make(item)) for item in page.items]
    page_info = PageInfo(
        has_next_page=page.has_next_page,
        end_cursor=page.end_cursor,
        has_previous_page=page.has_previous_page,
        start_cursor=page.start_cursor,
    )
    return Connection(edges=edges, page_info=page_info, _total_count=page.total_count)


def _edge_without_cursor(node: Any) -> Edge[Any]:
    edge: Edge[Any] = object.__new__(Edge)
    edge.node = node
    return edge


def listing(node: type, use_case: Any, extensions: list[Any]) -> Any:
    """A connection field, `members(first, after, last, before)`: the page that
    `use_case(caller, request)` lists, newest first, each item as `node`."""

    async def page(
        info: strawberry.Info,
        first: int | None = 20,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Any:
        request = page_request(info, first, after, last, before)
        return connection(await use_case(info.context.caller, request), node)

    pages = typed(
        page,
        Connection[node],  # type: ignore[valid-type]
        first=int | None,
        after=str | None,
        last=int | None,
        before=str | None,
    )
    return strawberry.field(pages, extensions=extensions)


def typed(resolve: Callable[..., Any], returns: Any, **params: Any) -> Callable[..., Any]:
    """The resolver with real annotations: Strawberry reads the GraphQL types from them."""
    resolve.__annotations__ = {"info": strawberry.Info, **params, "return": returns}
    return resolve
