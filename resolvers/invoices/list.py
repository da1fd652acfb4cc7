from __future__ import annotations

from auth.grants import Access, PermissionObject
from auth.principal import Principal
from models import Invoice
from resolvers import owned, policy
from resolvers.pagination import Page


async def list_invoices(
    principal: Principal,
    first: int | None,
    after: str | None,
    *,
    last: int | None = None,
    before: str | None = None,
    count: bool = True,
) -> Page[Invoice]:
    policy.require(principal, PermissionObject.INVOICE, Access.READ)
    return await owned.page(Invoice, principal, first, after, last=last, before=before, count=count)
