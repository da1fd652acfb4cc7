"""Nested objects: guarded by their own object (partial data), loaded one query per level."""

from __future__ import annotations

import logging
import uuid

import pytest

from auth.grants import Access, PermissionObject
from resolvers.api_keys.create import CreateApiKey, create_api_key
from resolvers.customers.create import create_customer
from resolvers.customers.fields import CustomerFields
from resolvers.invoices.create import create_invoice
from resolvers.invoices.fields import InvoiceFields
from resolvers.plans.create import create_plan
from resolvers.plans.fields import PlanFields
from resolvers.subscriptions.create import create_subscription
from resolvers.subscriptions.fields import SubscriptionFields
from tests.factories import data, gql

INVOICES = "{ invoices(first: 10) { edges { node { number customer { externalId } } } } }"
CUSTOMERS = "{ customers(first: 100) { totalCount edges { node { externalId subscriptions { status plan { code } } } } } }"


async def _customers_with_subscriptions(org, count: int) -> None:
    plan = await create_plan(
        org.admin, PlanFields(code=f"p-{uuid.uuid4()}", name="P", currency="EUR")
    )
    for i in range(count):
        customer = await create_customer(
            org.admin, CustomerFields(external_id=f"c{i}-{uuid.uuid4()}")
        )
        for _ in range(2):
            await create_subscription(
                org.admin, SubscriptionFields(customer_id=str(customer.id), plan_id=str(plan.id))
            )


async def test_a_refused_nested_field_is_null_and_the_rest_resolves(client, org, services):
    customer = await create_customer(org.admin, CustomerFields(external_id="acme-1"))
    await create_invoice(
        org.admin, InvoiceFields(customer_id=str(customer.id), number="INV-1", currency="EUR")
    )
    _, token = await create_api_key(
        org.admin, CreateApiKey(permissions=[(PermissionObject.INVOICE, Access.READ)]), services
    )
    body = (await gql(client, INVOICES, token)).json()
    assert body["data"] == {
        "invoices": {"edges": [{"node": {"number": "INV-1", "customer": None}}]}
    }
    (refusal,) = body["errors"]
    assert refusal["extensions"] == {"code": "FORBIDDEN", "object": "CUSTOMER", "access": "READ"}
    assert refusal["path"] == ["invoices", "edges", 0, "node", "customer"]
    full = await data(client, INVOICES, org.key)
    assert full["invoices"]["edges"][0]["node"]["customer"] == {"externalId": "acme-1"}


class _Statements(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        if "SELECT" in record.getMessage().upper():
            self.count += 1


async def _selects_for(client, token) -> int:
    handler, logger = _Statements(), logging.getLogger("tortoise.db_client")
    logger.addHandler(handler)
    level = logger.level
    logger.setLevel(logging.DEBUG)
    try:
        result = await data(client, CUSTOMERS, token)
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
    for edge in result["customers"]["edges"]:
        assert len(edge["node"]["subscriptions"]) == 2
    return handler.count


@pytest.mark.parametrize("rows", [5, 25])
async def test_nested_lists_cost_one_query_per_level_not_per_row(client, org, rows):
    await _customers_with_subscriptions(org, rows)
    await data(client, CUSTOMERS, org.key)  # warm the credential cache
    # count + page of customers, subscriptions of all of them, their plans
    assert await _selects_for(client, org.key) == 4
