from __future__ import annotations

from auth.grants import Access, PermissionObject
from auth.principal import Principal
from models import Invoice
from resolvers import owned, policy
from resolvers.numbered import DEFAULT_PER_PAGE, NumberedPage


async def page_invoices(
    principal: Principal, page: int = 1, per_page: int = DEFAULT_PER_PAGE
) -> NumberedPage[Invoice]:
    """A numbered page of the organization's invoices, newest first."""
    policy.require(principal, PermissionObject.INVOICE, Access.READ)
    return await owned.numbered_page(Invoice, principal, page, per_page)
