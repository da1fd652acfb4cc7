"""The fields every billing object has, made once: its connection and its lookup, its
create, update and delete mutations, and a nested object read through a DataLoader.
Each is guarded by its object's permission (`BillingType.OBJECT`).

A resolver made here calls one use case of resolvers/ (tests/resolvers/test_policy_walk.py
finds it among the resolver's closure variables), with the input as the dataclass that the
use case declares for `data`, and maps its result with `from_model`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, ClassVar, get_type_hints

import strawberry
from strawberry.dataloader import DataLoader

from auth.grants import PermissionObject
from schema.context import Info
from schema.loaders import Loaders
from schema.permissions import READ, WRITE, requires
from schema.types import FromModel, listing, typed

UseCase = Callable[..., Awaitable[Any]]


class BillingType(FromModel):
    """A billing object's GraphQL type, guarded wherever it is read by its OBJECT."""

    OBJECT: ClassVar[PermissionObject]


def given(input: object) -> dict[str, Any]:
    """An input's given fields by name (Strawberry's UNSET ones left out), without its id."""
    return {k: v for k, v in vars(input).items() if v is not strawberry.UNSET and k != "id"}


def reads(node: type[BillingType], list_use_case: UseCase, get_use_case: UseCase) -> Any:
    """`customers(first, after, last, before)`, a page newest first, and `customer(id)`,
    one or null."""

    async def one(info: Info, id: strawberry.ID) -> Any:
        found = await get_use_case(info.context.caller, id)
        return node.from_model(found) if found else None

    pages = listing(node, list_use_case, requires(node.OBJECT, READ))
    return pages, _read(node, typed(one, node | None, id=strawberry.ID))


def creating(
    node: type[BillingType], input_type: type, use_case: UseCase, description: str | None = None
) -> Any:
    """`createCustomer(input)`: the object made."""
    fields = _data_type(use_case)

    async def create(info: Info, input: Any) -> Any:
        return node.from_model(await use_case(info.context.caller, fields(**given(input))))

    return _write(node, typed(create, node, input=input_type), description)


def updating(node: type[BillingType], input_type: type, use_case: UseCase) -> Any:
    """`updateCustomer(input)`: the fields given change; the ones left out stay."""
    fields = _data_type(use_case)

    async def update(info: Info, input: Any) -> Any:
        changed = await use_case(info.context.caller, input.id, fields(**given(input)))
        return node.from_model(changed)

    return _write(node, typed(update, node, input=input_type))


def deleting(node: type[BillingType], use_case: UseCase) -> Any:
    """`deleteCustomer(id)`: the object as it was."""

    async def delete(info: Info, id: strawberry.ID) -> Any:
        return node.from_model(await use_case(info.context.caller, id))

    return _write(node, typed(delete, node, id=strawberry.ID))


def nested(
    node: type[BillingType], loader: Callable[[Loaders], DataLoader[str, Any]], key: str
) -> Any:
    """`subscription.customer`: the object its plain field `key` names, one query per level;
    a caller without the object's permission gets null for it and the rest."""

    async def load(self: Any, info: Info) -> Any:
        object_id = getattr(self, key)
        found = None if object_id is None else await loader(info.context.loaders).load(object_id)
        return node.from_model(found) if found else None

    return _read(node, typed(load, node | None))


def _data_type(use_case: UseCase) -> Callable[..., Any]:
    """The dataclass that the use case takes as `data`."""
    data: Callable[..., Any] = get_type_hints(use_case)["data"]
    return data


def _read(node: type[BillingType], resolve: Callable[..., Any]) -> Any:
    return strawberry.field(resolve, extensions=requires(node.OBJECT, READ))


def _write(
    node: type[BillingType], resolve: Callable[..., Any], description: str | None = None
) -> Any:
    return strawberry.mutation(
        resolve, extensions=requires(node.OBJECT, WRITE), description=description
    )
