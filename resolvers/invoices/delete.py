from __future__ import annotations

from auth.grants import Access, PermissionObject
from auth.principal import Principal
from models import Invoice, InvoiceStatus
from resolvers import owned, policy
from resolvers.errors import Conflict


async def delete_invoice(principal: Principal, invoice_id: str) -> Invoice:
    """Only a DRAFT: an invoice once finalized is voided, never deleted."""
    policy.require(principal, PermissionObject.INVOICE, Access.WRITE)
    async with owned.transaction():
        invoice = await owned.find(Invoice, principal, invoice_id, lock=True)
        if invoice.status != InvoiceStatus.DRAFT:
            raise Conflict("only a DRAFT invoice can be deleted; void it instead")
        await invoice.delete()
    return invoice
