"""Rows an organization owns (the billing objects): every lookup and write stays inside the
principal's organization, and another organization's row is NOT_FOUND, never FORBIDDEN.

The billing use cases are made of these pieces; each calls its policy guard first.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

from tortoise.exceptions import IntegrityError
from tortoise.models import Model
from tortoise.transactions import in_transaction

from auth.principal import Principal
from models import Organization
from resolvers.customer_limit import limit_of
from resolvers.errors import BadUserInput, Conflict, NotFound
from resolvers.ids import parse_id
from resolvers.numbered import NumberedPage, numbered
from resolvers.pagination import Page, PageRequest, paginate

M = TypeVar("M", bound=Model)
_MAX_KEY_LENGTH = 255


@dataclass(frozen=True)
class By:
    """A row named by a column that is unique in its organization (a customer's
    external_id, a plan's code) instead of by its id."""

    column: str
    value: str


Ref = str | By  # a row's id, or a unique column's value


async def find(
    model: type[M], principal: Principal, ref: Ref, *, field: str = "id", lock: bool = False
) -> M:
    """The row inside the principal's organization; NOT_FOUND names the input `field`."""
    missing = NotFound(f"{model.__name__} not found", field=field)
    query = model.filter(
        limit_of(model, principal),
        organization_id=principal.organization_id,
        **_where(model, ref, missing),
    )
    found = await (query.select_for_update() if lock else query).first()
    if found is None:
        raise missing
    return found


def _where(model: type[Model], ref: Ref, missing: NotFound) -> dict[str, str]:
    """The filter naming `ref`. A value no row could hold (not a UUID, NUL, too long)
    names no row, like another organization's: it never reaches the database."""
    if isinstance(ref, By):
        value = ref.value
        if not isinstance(value, str) or "\x00" in value or len(value) > _MAX_KEY_LENGTH:
            raise missing
        return {ref.column: value}
    try:
        return {"id": parse_id(ref, model.__name__)}
    except NotFound:
        raise missing from None


async def get(model: type[M], principal: Principal, object_id: Ref) -> M | None:
    try:
        return await find(model, principal, object_id)
    except NotFound:
        return None


async def page(model: type[M], principal: Principal, request: PageRequest) -> Page[M]:
    """The organization's rows, a page newest first (resolvers/pagination.py)."""
    rows = model.filter(limit_of(model, principal), organization_id=principal.organization_id)
    return await paginate(rows, request)


async def numbered_page(
    model: type[M], principal: Principal, page: int, per_page: int
) -> NumberedPage[M]:
    """The organization's rows, a numbered page newest first (resolvers/numbered.py)."""
    rows = model.filter(limit_of(model, principal), organization_id=principal.organization_id)
    return await numbered(rows, page, per_page)


async def by_ids(model: type[M], organization_id: str, ids: Sequence[str]) -> list[M | None]:
    """One query for a DataLoader's batch: the rows in the order of `ids`, None where absent."""
    rows = await model.filter(organization_id=organization_id, id__in=list(ids))
    found = {str(row.pk): row for row in rows}
    return [found.get(str(i)) for i in ids]


@asynccontextmanager
async def transaction(unique: str | None = None) -> AsyncIterator[None]:
    """One transaction; with `unique`, a value already taken is BAD_USER_INPUT naming it."""
    try:
        async with in_transaction():
            yield
    except IntegrityError:
        if unique is None:
            raise
        raise BadUserInput(unique, "already used in this organization") from None


async def save(row: M, changes: Mapping[str, Any]) -> M:
    """Write the fields whose value differs; an update that changes nothing writes nothing."""
    changed = {name: value for name, value in changes.items() if getattr(row, name) != value}
    if changed:
        row.update_from_dict(changed)
        await row.save(update_fields=list(changed))
    return row


async def create(
    model: type[M], principal: Principal, values: Mapping[str, Any], *, unique: str
) -> M:
    """A new row of the principal's organization; `unique` names its unique field."""
    async with transaction(unique):
        row = await model.create(organization_id=principal.organization_id, **values)
    return row


async def update(
    model: type[M],
    principal: Principal,
    object_id: Ref,
    changes: Mapping[str, Any],
    *,
    unique: str,
) -> M:
    """Change the row (locked while it changes); it must exist even when nothing changes."""
    async with transaction(unique):
        row = await save(await find(model, principal, object_id, lock=True), changes)
    return row


@dataclass(frozen=True)
class InUse:
    """What keeps a row from being deleted: rows of other models pointing at it
    (model: its column), and the CONFLICT's message."""

    referrers: Mapping[type[Model], str]
    message: str

    async def refuse(self, row: Model) -> None:
        for referrer, column in self.referrers.items():
            if await referrer.exists(**{column: row.pk}):
                raise Conflict(self.message)


async def delete(
    model: type[M], principal: Principal, object_id: Ref, *, unless: InUse | None = None
) -> M:
    """Delete the row, unless it is in use. The row is locked, so that no reference to it
    slips in meanwhile (the use cases that add one lock it too)."""
    async with in_transaction():
        row = await find(model, principal, object_id, lock=True)
        if unless is not None:
            await unless.refuse(row)
        await row.delete()
    return row


async def lock_organization(principal: Principal) -> None:
    """Lock the caller's organization row: the changes that must leave it a usable key (or
    an admin) run one at a time."""
    await Organization.filter(id=principal.organization_id).select_for_update().first()
