"""Invoices, read by their lago_id."""

from __future__ import annotations

from auth.grants import PermissionObject
from models import InvoiceStatus
from resolvers.invoices.get import get_invoice
from resolvers.invoices.page import page_invoices
from rest.fields import INSTANT_OUT, STRING, UUID, Out, Shape, column, lago_id
from rest.operations import Key, getting, listing

INVOICE = PermissionObject.INVOICE
# Lago's invoice status and payment status: a PAID invoice is finalized and paid.
STATUSES = {
    InvoiceStatus.DRAFT: "draft",
    InvoiceStatus.FINALIZED: "finalized",
    InvoiceStatus.PAID: "finalized",
    InvoiceStatus.VOIDED: "voided",
}
SHAPE = Shape(
    "invoice",
    "invoices",
    "Invoice",
    (
        lago_id(),
        column("number", STRING),
        Out(
            "issuing_date",
            {"type": ["string", "null"], "format": "date"},
            lambda row: row.issued_at.date() if row.issued_at else None,
        ),
        Out(
            "status",
            {"type": "string", "enum": sorted(set(STATUSES.values()))},
            lambda row: STATUSES[row.status],
        ),
        Out(
            "payment_status",
            {"type": "string", "enum": ["pending", "succeeded"]},
            lambda row: "succeeded" if row.status == InvoiceStatus.PAID else "pending",
        ),
        column("currency", STRING),
        column("total_amount_cents", {"type": "integer"}, "total_cents"),
        Out("lago_customer_id", UUID, lambda row: str(row.customer_id)),
        Out(
            "lago_subscription_id",
            {"type": ["string", "null"], "format": "uuid"},
            lambda row: str(row.subscription_id) if row.subscription_id else None,
        ),
        column("created_at", INSTANT_OUT),
    ),
)
KEY = Key("lago_id", None, "The invoice's lago_id.")

OPERATIONS = (
    listing(SHAPE, INVOICE, page_invoices),
    getting(SHAPE, INVOICE, KEY, get_invoice),
)
