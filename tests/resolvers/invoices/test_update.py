from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from models import InvoiceStatus
from resolvers.customers.create import create_customer
from resolvers.customers.fields import CustomerFields
from resolvers.errors import BadUserInput, NotFound
from resolvers.invoices.create import create_invoice
from resolvers.invoices.fields import InvoiceFields
from resolvers.invoices.update import update_invoice
from tests.factories import data, error

UPDATE = "mutation($i: UpdateInvoiceInput!) { updateInvoice(input: $i) { status totalCents } }"


class _Updates(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        if record.getMessage().lstrip().upper().startswith('UPDATE "INVOICE"'):
            self.count += 1


@contextmanager
def _invoice_updates() -> Iterator[_Updates]:
    handler, logger = _Updates(), logging.getLogger("tortoise.db_client")
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


async def _invoice(org):
    customer = await create_customer(org.admin, CustomerFields(external_id="c-1"))
    fields = InvoiceFields(
        customer_id=str(customer.id), number="INV-1", currency="EUR", total_cents=900
    )
    return await create_invoice(org.admin, fields)


async def test_the_fields_given_change(client, org):
    invoice = await _invoice(org)
    changed = await data(client, UPDATE, org.key, i={"id": str(invoice.id), "status": "PAID"})
    assert changed["updateInvoice"] == {"status": "PAID", "totalCents": 900}


async def test_an_update_that_changes_nothing_writes_nothing(client, org):
    invoice = await _invoice(org)
    with _invoice_updates() as updates:
        for values in ({}, {"status": "DRAFT", "totalCents": 900, "issuedAt": None}):
            same = await data(client, UPDATE, org.key, i={"id": str(invoice.id), **values})
            assert same["updateInvoice"] == {"status": "DRAFT", "totalCents": 900}
        await data(client, UPDATE, org.key, i={"id": str(invoice.id), "totalCents": 901})
    assert updates.count == 1


async def test_an_update_that_changes_nothing_still_needs_the_invoice(client, org, other_org):
    theirs = await _invoice(other_org)
    for values in ({}, {"status": "DRAFT"}):
        failure = await error(client, UPDATE, org.key, i={"id": str(theirs.id), **values})
        assert failure["extensions"]["code"] == "NOT_FOUND"
    with pytest.raises(NotFound):
        await update_invoice(org.admin, str(theirs.id), InvoiceFields())


async def test_a_null_status_names_the_field(org):
    invoice = await _invoice(org)
    with pytest.raises(BadUserInput) as refused:
        await update_invoice(org.admin, str(invoice.id), InvoiceFields(status=None))
    assert refused.value.extensions == {"field": "status"}
    assert (await update_invoice(org.admin, str(invoice.id), InvoiceFields())).status == (
        InvoiceStatus.DRAFT
    )
