from __future__ import annotations

from auth.grants import Access, PermissionObject
from auth.principal import Principal
from models import Invoice
from resolvers import owned, policy


async def get_invoice(principal: Principal, invoice_id: str) -> Invoice | None:
    policy.require(principal, PermissionObject.INVOICE, Access.READ)
    return await owned.get(Invoice, principal, invoice_id)
