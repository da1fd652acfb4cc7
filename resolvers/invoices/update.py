from __future__ import annotations

from auth.grants import Access, PermissionObject
from auth.principal import Principal
from models import Invoice
from resolvers import owned, policy
from resolvers.invoices.fields import InvoiceFields


async def update_invoice(principal: Principal, invoice_id: str, data: InvoiceFields) -> Invoice:
    """Change the fields given. One that changes nothing writes nothing, and still answers
    NOT_FOUND for an invoice that is not the organization's."""
    policy.require(principal, PermissionObject.INVOICE, Access.WRITE)
    return await owned.update(Invoice, principal, invoice_id, data.changes(), unique="number")
