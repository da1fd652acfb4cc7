"""The verbs every billing object shares, always inside the principal's organization."""

from __future__ import annotations

from typing import Any, TypeVar

from tortoise.exceptions import IntegrityError
from tortoise.models import Model
from tortoise.transactions import in_transaction

from auth.principal import Principal
from resolvers.errors import BadUserInput, NotFound
from resolvers.ids import parse_id
from resolvers.pagination import Page, paginate

M = TypeVar("M", bound=Model)


async def find(model: type[M], principal: Principal, object_id: str, field: str = "id") -> M:
    """The object inside the principal's organization; another organization's is NOT_FOUND."""
    try:
        pk = parse_id(object_id, model.__name__)
    except NotFound:
        raise NotFound(f"{model.__name__} not found", field=field) from None
    found = await model.filter(id=pk, organization_id=principal.organization_id).first()
    if found is None:
        raise NotFound(f"{model.__name__} not found", field=field)
    return found


async def get(model: type[M], principal: Principal, object_id: str) -> M | None:
    try:
        return await find(model, principal, object_id)
    except NotFound:
        return None


async def page(model: type[M], principal: Principal, first: int, after: str | None) -> Page[M]:
    return await paginate(model.filter(organization_id=principal.organization_id), first, after)


async def create(model: type[M], principal: Principal, values: dict[str, Any], unique: str) -> M:
    """Insert; a taken unique value is BAD_USER_INPUT naming its field."""
    try:
        async with in_transaction():
            return await model.create(organization_id=principal.organization_id, **values)
    except IntegrityError:
        raise BadUserInput(unique, "already used in this organization") from None


async def update(
    model: type[M], principal: Principal, object_id: str, changes: dict[str, Any], unique: str
) -> M:
    found = await find(model, principal, object_id)
    if not changes:
        return found
    found.update_from_dict(changes)
    try:
        async with in_transaction():
            await found.save(update_fields=list(changes))
    except IntegrityError:
        raise BadUserInput(unique, "already used in this organization") from None
    return found


async def delete(model: type[M], principal: Principal, object_id: str) -> M:
    found = await find(model, principal, object_id)
    await found.delete()
    return found
