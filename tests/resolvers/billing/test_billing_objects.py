"""Create, read, update, delete of the billing objects; validation names the field."""

from __future__ import annotations

import pytest

from models import Event
from tests.factories import data, error

CUSTOMER = "mutation($i: CustomerInput!) { createCustomer(input: $i) { id externalId name email currency } }"
PLAN = (
    "mutation($i: PlanInput!) { createPlan(input: $i) { id code interval amountCents currency } }"
)
METRIC = "mutation($i: BillableMetricInput!) { createBillableMetric(input: $i) { id aggregation fieldName } }"
SUBSCRIPTION = "mutation($i: SubscriptionInput!) { createSubscription(input: $i) { id status customer { externalId } plan { code } } }"
INVOICE = "mutation($i: InvoiceInput!) { createInvoice(input: $i) { id number status totalCents } }"
INGEST = "mutation($e: [EventInput!]!) { ingestEvents(events: $e) { id transactionId properties } }"


async def _customer(client, org, external_id="c-1"):
    return (await data(client, CUSTOMER, org.key, i={"externalId": external_id}))["createCustomer"]


async def _plan(client, org, code="basic"):
    return (
        await data(
            client,
            PLAN,
            org.key,
            i={"code": code, "name": "Basic", "currency": "EUR", "amountCents": 900},
        )
    )["createPlan"]


async def test_customer_crud(client, org):
    made = (
        await data(
            client,
            CUSTOMER,
            org.key,
            i={"externalId": "c-1", "name": "Ada", "email": "ADA@example.test", "currency": "EUR"},
        )
    )["createCustomer"]
    assert (made["externalId"], made["email"]) == ("c-1", "ada@example.test")
    read = await data(
        client, "query($id: ID!) { customer(id: $id) { name } }", org.key, id=made["id"]
    )
    assert read == {"customer": {"name": "Ada"}}
    updated = await data(
        client,
        'mutation($id: ID!) { updateCustomer(input: {id: $id, name: "Bea"}) { name email } }',
        org.key,
        id=made["id"],
    )
    assert updated["updateCustomer"] == {"name": "Bea", "email": "ada@example.test"}
    await data(
        client, "mutation($id: ID!) { deleteCustomer(id: $id) { id } }", org.key, id=made["id"]
    )
    assert (
        await data(client, "query($id: ID!) { customer(id: $id) { id } }", org.key, id=made["id"])
    ) == {"customer": None}


@pytest.mark.parametrize(
    ("document", "values", "field"),
    [
        (CUSTOMER, {"externalId": ""}, "externalId"),
        (CUSTOMER, {"externalId": "c", "email": "nope"}, "email"),
        (CUSTOMER, {"externalId": "c", "currency": "euro"}, "currency"),
        (PLAN, {"code": "p", "name": "P", "currency": "EUR", "amountCents": -1}, "amountCents"),
        (METRIC, {"code": "m", "name": "M", "aggregation": "SUM"}, "fieldName"),
        (
            SUBSCRIPTION,
            {"customerId": "00000000-0000-0000-0000-000000000000", "planId": "x"},
            "customerId",
        ),
    ],
)
async def test_invalid_input_names_the_field(client, org, document, values, field):
    failure = await error(client, document, org.key, i=values)
    assert failure["extensions"]["field"] == field
    assert failure["extensions"]["code"] in ("BAD_USER_INPUT", "NOT_FOUND")


async def test_unique_values_are_unique_per_organization(client, org, other_org):
    await _customer(client, org, "dup")
    failure = await error(client, CUSTOMER, org.key, i={"externalId": "dup"})
    assert failure["extensions"] == {"code": "BAD_USER_INPUT", "field": "externalId"}
    assert (await _customer(client, other_org, "dup"))["externalId"] == "dup"


async def test_subscriptions_and_invoices_link_objects_of_the_same_organization(
    client, org, other_org
):
    customer, plan = await _customer(client, org), await _plan(client, org)
    made = (
        await data(
            client, SUBSCRIPTION, org.key, i={"customerId": customer["id"], "planId": plan["id"]}
        )
    )["createSubscription"]
    assert made["customer"] == {"externalId": "c-1"} and made["plan"] == {"code": "basic"}
    invoice = (
        await data(
            client,
            INVOICE,
            org.key,
            i={
                "customerId": customer["id"],
                "subscriptionId": made["id"],
                "number": "INV-7",
                "currency": "EUR",
                "totalCents": 900,
            },
        )
    )["createInvoice"]
    assert invoice["status"] == "DRAFT" and invoice["totalCents"] == 900
    foreign = await error(
        client, SUBSCRIPTION, other_org.key, i={"customerId": customer["id"], "planId": plan["id"]}
    )
    assert foreign["extensions"] == {"code": "NOT_FOUND", "field": "customerId"}
    busy = await error(
        client, "mutation($id: ID!) { deleteCustomer(id: $id) { id } }", org.key, id=customer["id"]
    )
    assert busy["extensions"]["code"] == "CONFLICT"


async def test_another_organizations_objects_are_not_found(client, org, other_org):
    customer = await _customer(client, org)
    assert (
        await data(
            client, "query($id: ID!) { customer(id: $id) { id } }", other_org.key, id=customer["id"]
        )
    ) == {"customer": None}
    failure = await error(
        client,
        "mutation($id: ID!) { deleteCustomer(id: $id) { id } }",
        other_org.key,
        id=customer["id"],
    )
    assert failure["extensions"]["code"] == "NOT_FOUND"
    assert (await data(client, "{ customers { totalCount } }", other_org.key)) == {
        "customers": {"totalCount": 0}
    }


async def test_ingestion_is_idempotent_by_transaction_id(client, org):
    batch = [
        {
            "transactionId": f"t{i}",
            "externalCustomerId": "c-1",
            "code": "calls",
            "properties": {"n": i},
        }
        for i in range(3)
    ]
    first = (await data(client, INGEST, org.key, e=batch))["ingestEvents"]
    assert [e["transactionId"] for e in first] == ["t0", "t1", "t2"]
    repeat = [
        {**batch[1], "properties": {"n": 99}},
        *batch[1:],
        {**batch[0], "transactionId": "t3"},
    ]
    again = (await data(client, INGEST, org.key, e=repeat))["ingestEvents"]
    assert again[0] == first[1], "a repeat returns the stored event and writes nothing"
    assert await Event.filter(organization_id=org.id).count() == 4
    single = await data(
        client,
        'mutation { createEvent(input: {transactionId: "t0", externalCustomerId: "x", code: "y"}) { id } }',
        org.key,
    )
    assert single["createEvent"]["id"] == first[0]["id"]


async def test_a_batch_over_100_events_is_refused(client, org):
    batch = [
        {"transactionId": f"t{i}", "externalCustomerId": "c", "code": "calls"} for i in range(101)
    ]
    failure = await error(client, INGEST, org.key, e=batch)
    assert failure["extensions"] == {"code": "BAD_USER_INPUT", "field": "events"}
    assert await Event.filter(organization_id=org.id).count() == 0


@pytest.mark.parametrize(
    ("document", "field"),
    [
        ("mutation($id: ID!) { updatePlan(input: {id: $id, interval: null}) { id } }", "interval"),
        (
            "mutation($id: ID!) { updatePlan(input: {id: $id, amountCents: -1}) { id } }",
            "amountCents",
        ),
        ("mutation($id: ID!) { updatePlan(input: {id: $id, currency: null}) { id } }", "currency"),
    ],
)
async def test_null_or_bad_updates_name_the_field(client, org, document, field):
    plan = await _plan(client, org)
    failure = await error(client, document, org.key, id=plan["id"])
    assert failure["extensions"] == {"code": "BAD_USER_INPUT", "field": field}
