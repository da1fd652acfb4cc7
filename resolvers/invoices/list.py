from __future__ import annotations

from auth.grants import Access, PermissionObject
from auth.principal import Principal
from models import Invoice
from resolvers import owned, policy
from resolvers.pagination import Page, PageRequest


async def list_invoices(principal: Principal, request: PageRequest) -> Page[Invoice]:
    policy.require(principal, PermissionObject.INVOICE, Access.READ)
    return await owned.page(Invoice, principal, request)
