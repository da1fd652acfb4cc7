"""An operation of /api/v1: its method and path, the permission its use case asks for, its
input and its answer; and the factories that make the usual ones (list, get, create,
update, delete), each a few lines that call one use case and write its result, like
schema/billing/fields.py's for GraphQL.

Each operation names the grant its use case checks first (`permission`, the OpenAPI
document's `x-required-permission`); tests/rest/test_operations.py reads the use case to
prove that they agree.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable, Callable, Mapping
from typing import Any, Literal

from auth.grants import Access, Grant, PermissionObject
from auth.principal import Principal
from resolvers import owned
from resolvers.numbered import DEFAULT_PER_PAGE, MAX_PAGE, MAX_PER_PAGE, NumberedPage
from rest.errors import Refusal, invalid
from rest.fields import Input, Schema, Shape

UseCase = Callable[..., Awaitable[Any]]


@dataclasses.dataclass(frozen=True)
class Call:
    """What a handler is given: the caller, the path's parameters, the query, the body."""

    principal: Principal
    path: Mapping[str, str]
    query: Mapping[str, str]
    body: Any = None


Handler = Callable[[Call], Awaitable[dict[str, Any]]]
Answer = Literal["one", "page", "list"]


@dataclasses.dataclass(frozen=True)
class Param:
    name: str
    where: Literal["path", "query"]
    schema: Schema
    description: str


@dataclasses.dataclass(frozen=True)
class Key:
    """The path parameter that names an object: a unique column, or (None) its id."""

    name: str
    column: str | None
    description: str

    def ref(self, call: Call) -> owned.Ref:
        value = call.path[self.name]
        return value if self.column is None else owned.By(self.column, value)

    @property
    def param(self) -> Param:
        # Not empty, no slash: anything else names another route.
        schema = {"type": "string", "minLength": 1, "pattern": "^[^/]+$"}
        return Param(self.name, "path", schema, self.description)


@dataclasses.dataclass(frozen=True)
class Operation:
    method: str
    path: str
    operation_id: str
    summary: str
    shape: Shape  # the object it is about: its tag, its error codes
    permission: Grant
    use_case: UseCase
    handle: Handler
    answer: Answer  # its 200 answer: one object, a page of them, or a list
    body: Input | None = None
    params: tuple[Param, ...] = ()
    # Failures beyond those of every operation (401, 403, 429, 503).
    failures: frozenset[int] = frozenset()
    ingestion: bool = False  # the key's lastUsedAt is not recorded
    description: str = ""

    @property
    def statuses(self) -> frozenset[int]:
        body = {400, 413, 415, 422} if self.body is not None else set()
        return frozenset({401, 403, 429, 503} | body | self.failures)


PAGING = (
    Param(
        "page",
        "query",
        {"type": "integer", "minimum": 1, "maximum": MAX_PAGE},
        "The page, from 1 (default 1).",
    ),
    Param(
        "per_page",
        "query",
        {"type": "integer", "minimum": 1},
        f"Records a page (default {DEFAULT_PER_PAGE}; more than {MAX_PER_PAGE} is served as "
        f"{MAX_PER_PAGE}).",
    ),
)


def paging(query: Mapping[str, str]) -> tuple[int, int]:
    """`page` and `per_page` as integers; the use case checks their range."""
    numbers, mistyped = {}, {}
    for name, default in (("page", 1), ("per_page", DEFAULT_PER_PAGE)):
        try:
            numbers[name] = int(query.get(name, default))
        except ValueError:
            mistyped[name] = ["must be an integer"]
    if mistyped:
        raise invalid(mistyped)
    return numbers["page"], numbers["per_page"]


async def listed(shape: Shape, principal: Principal, page: NumberedPage[Any]) -> dict[str, Any]:
    """`{customers: [...], meta}`, Lago's list with its page numbers."""
    meta = {
        "current_page": page.page,
        "next_page": page.next_page,
        "prev_page": page.prev_page,
        "total_pages": page.total_pages,
        "total_count": page.total_count,
    }
    return {shape.plural: await shape.dump_all(principal, page.items), "meta": meta}


async def one(shape: Shape, principal: Principal, row: Any) -> dict[str, Any]:
    """`{customer: {...}}`; 404 when there is none."""
    if row is None:
        raise Refusal(404, f"{shape.name}_not_found")
    (dumped,) = await shape.dump_all(principal, [row])
    return {shape.name: dumped}


def listing(shape: Shape, obj: PermissionObject, use_case: UseCase, **extra: Any) -> Operation:
    async def handle(call: Call) -> dict[str, Any]:
        found = await use_case(call.principal, *paging(call.query))
        return await listed(shape, call.principal, found)

    return Operation(
        "GET",
        f"/{shape.plural}",
        f"findAll{_camel(shape.plural)}",
        f"List {_words(shape.plural)}, newest first",
        shape,
        (obj, Access.READ),
        use_case,
        handle,
        "page",
        params=PAGING,
        failures=frozenset({422}),
        **extra,
    )


def getting(shape: Shape, obj: PermissionObject, key: Key, use_case: UseCase) -> Operation:
    async def handle(call: Call) -> dict[str, Any]:
        return await one(shape, call.principal, await use_case(call.principal, key.ref(call)))

    summary = f"Retrieve a {_words(shape.name)} by its {key.name}"
    return _on_one(shape, "GET", "find", summary, key, (obj, Access.READ), use_case, handle)


def creating(
    shape: Shape, obj: PermissionObject, body: Input, use_case: UseCase, **extra: Any
) -> Operation:
    async def handle(call: Call) -> dict[str, Any]:
        made = await use_case(call.principal, body.read(call.body))
        return await one(shape, call.principal, made)

    defaults: dict[str, Any] = {
        "operation_id": f"create{shape.title}",
        "summary": f"Create a {_words(shape.name)}",
    }
    return Operation(
        "POST",
        f"/{shape.plural}",
        shape=shape,
        permission=(obj, Access.WRITE),
        use_case=use_case,
        handle=handle,
        answer="one",
        body=body,
        **(defaults | extra),
    )


def updating(
    shape: Shape, obj: PermissionObject, key: Key, body: Input, use_case: UseCase
) -> Operation:
    async def handle(call: Call) -> dict[str, Any]:
        changed = await use_case(call.principal, key.ref(call), body.read(call.body))
        return await one(shape, call.principal, changed)

    summary = f"Update a {_words(shape.name)} by its {key.name}: the fields given"
    operation = _on_one(shape, "PUT", "update", summary, key, (obj, Access.WRITE), use_case, handle)
    return dataclasses.replace(operation, body=body)


def deleting(
    shape: Shape, obj: PermissionObject, key: Key, use_case: UseCase, **extra: Any
) -> Operation:
    async def handle(call: Call) -> dict[str, Any]:
        return await one(shape, call.principal, await use_case(call.principal, key.ref(call)))

    summary = f"Delete a {_words(shape.name)} by its {key.name}"
    operation = _on_one(
        shape, "DELETE", "destroy", summary, key, (obj, Access.WRITE), use_case, handle
    )
    return dataclasses.replace(operation, **extra)


def _on_one(
    shape: Shape,
    method: str,
    verb: str,
    summary: str,
    key: Key,
    permission: Grant,
    use_case: UseCase,
    handle: Handler,
) -> Operation:
    return Operation(
        method,
        f"/{shape.plural}/{{{key.name}}}",
        f"{verb}{shape.title}",
        summary,
        shape,
        permission,
        use_case,
        handle,
        "one",
        params=(key.param,),
        failures=frozenset({404}),
    )


def _words(name: str) -> str:
    return name.replace("_", " ")


def _camel(name: str) -> str:
    return "".join(part.title() for part in name.split("_"))
