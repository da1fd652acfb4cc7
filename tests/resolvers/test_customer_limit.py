"""Keys limited to chosen customers: the matrix. A key limited to customer A sees and
changes A and what hangs off A (subscriptions, invoices, events), never B (not found, as
another organization's), ingests only for A, adds no customer, and gives no more than it
has; through GraphQL and through /api/v1."""

from __future__ import annotations

from typing import Any

import pytest

from tests.factories import data, error
from tests.resolvers.api_keys.documents import create
from tests.rest.calls import ok, refused, rest

CUSTOMER = "mutation($e: String!) { createCustomer(input: {externalId: $e}) { id } }"
PLAN = 'mutation { createPlan(input: {code: "p", name: "P", currency: "EUR"}) { id } }'
SUBSCRIPTION = (
    "mutation($c: ID!, $p: ID!) { createSubscription(input: {customerId: $c, planId: $p}) { id } }"
)
INVOICE = 'mutation($c: ID!, $n: String!) { createInvoice(input: {customerId: $c, number: $n, currency: "EUR"}) { id } }'
INGEST = "mutation($e: [EventInput!]!) { ingestEvents(events: $e) { id } }"
LISTS = "{ customers(first: 100) { edges { node { id } } } subscriptions(first: 100) { edges { node { id } } } invoices(first: 100) { edges { node { id } } } events(first: 100) { edges { node { id } } } }"
GETS = {
    "customer": "query($id: ID!) { customer(id: $id) { id } }",
    "subscription": "query($id: ID!) { subscription(id: $id) { id } }",
    "invoice": "query($id: ID!) { invoice(id: $id) { id } }",
    "event": "query($id: ID!) { event(id: $id) { id } }",
}
NODE = "query($id: ID!) { node(id: $id) { id } }"
CHANGES = {
    "updateCustomer": (
        'mutation($id: ID!) { updateCustomer(input: {id: $id, name: "N"}) { id } }',
        "customer",
    ),
    "deleteCustomer": ("mutation($id: ID!) { deleteCustomer(id: $id) { id } }", "customer"),
    "updateSubscription": (
        "mutation($id: ID!) { updateSubscription(input: {id: $id}) { id } }",
        "subscription",
    ),
    "deleteSubscription": (
        "mutation($id: ID!) { deleteSubscription(id: $id) { id } }",
        "subscription",
    ),
    "updateInvoice": ("mutation($id: ID!) { updateInvoice(input: {id: $id}) { id } }", "invoice"),
    "deleteInvoice": ("mutation($id: ID!) { deleteInvoice(id: $id) { id } }", "invoice"),
}


async def _customer_with_everything(client, org, name: str, plan: str) -> dict[str, str]:
    made = {"external": name}
    made["customer"] = (await data(client, CUSTOMER, org.key, e=name))["createCustomer"]["id"]
    sub = await data(client, SUBSCRIPTION, org.key, c=made["customer"], p=plan)
    made["subscription"] = sub["createSubscription"]["id"]
    made["invoice"] = (await data(client, INVOICE, org.key, c=made["customer"], n=f"n-{name}"))[
        "createInvoice"
    ]["id"]
    event = {"transactionId": f"t-{name}", "externalCustomerId": name, "code": "calls"}
    made["event"] = (await data(client, INGEST, org.key, e=[event]))["ingestEvents"][0]["id"]
    return made


@pytest.fixture
async def world(client, org) -> dict[str, Any]:
    plan = (await data(client, PLAN, org.key))["createPlan"]["id"]
    a = await _customer_with_everything(client, org, "cus_a", plan)
    b = await _customer_with_everything(client, org, "cus_b", plan)
    limited = await create(client, org.key, name="a only", customerIds=[a["customer"]])
    assert limited["apiKey"]["customerIds"] == [a["customer"]]
    return {"a": a, "b": b, "plan": plan, "key": limited["secret"]}


def _ids(lists: dict[str, Any]) -> set[str]:
    return {edge["node"]["id"] for plural in lists.values() for edge in plural["edges"]}


async def test_every_list_holds_only_the_keys_customers(client, org, world):
    a, b = world["a"], world["b"]
    seen = _ids(await data(client, LISTS, world["key"]))
    assert seen == {a["customer"], a["subscription"], a["invoice"], a["event"]}
    everything = _ids(await data(client, LISTS, org.key))
    assert {b["customer"], b["subscription"], b["invoice"], b["event"]} <= everything


@pytest.mark.parametrize("kind", sorted(GETS))
async def test_a_lookup_outside_is_not_found_inside_is_found(client, world, kind):
    inside = await data(client, GETS[kind], world["key"], id=world["a"][kind])
    assert inside == {kind: {"id": world["a"][kind]}}
    assert await data(client, GETS[kind], world["key"], id=world["b"][kind]) == {kind: None}
    assert await data(client, NODE, world["key"], id=world["b"][kind]) == {"node": None}


@pytest.mark.parametrize("operation", sorted(CHANGES))
async def test_a_change_outside_is_not_found(client, org, world, operation):
    document, kind = CHANGES[operation]
    failure = await error(client, document, world["key"], id=world["b"][kind])
    assert failure["extensions"]["code"] == "NOT_FOUND"
    still = await data(client, GETS[kind], org.key, id=world["b"][kind])
    assert still == {kind: {"id": world["b"][kind]}}


async def test_a_change_inside_works(client, world):
    document, _ = CHANGES["updateCustomer"]
    assert (await data(client, document, world["key"], id=world["a"]["customer"])) == {
        "updateCustomer": {"id": world["a"]["customer"]}
    }


async def test_nothing_is_made_for_another_customer(client, world):
    for document, variables in (
        (SUBSCRIPTION, {"c": world["b"]["customer"], "p": world["plan"]}),
        (INVOICE, {"c": world["b"]["customer"], "n": "n-new"}),
    ):
        failure = await error(client, document, world["key"], **variables)
        assert failure["extensions"] == {"code": "NOT_FOUND", "field": "customerId"}
    assert "createSubscription" in await data(
        client, SUBSCRIPTION, world["key"], c=world["a"]["customer"], p=world["plan"]
    )


async def test_a_limited_key_adds_no_customer(client, world):
    failure = await error(client, CUSTOMER, world["key"], e="cus_c")
    assert failure["extensions"]["code"] == "FORBIDDEN"


async def test_ingestion_for_another_customer_is_refused_per_event(client, world):
    batch = [
        {"transactionId": "t-1", "externalCustomerId": "cus_a", "code": "calls"},
        {"transactionId": "t-2", "externalCustomerId": "cus_b", "code": "calls"},
        {"transactionId": "t-3", "externalCustomerId": "cus_nobody", "code": "calls"},
    ]
    failure = await error(client, INGEST, world["key"], e=batch)
    assert failure["extensions"] == {"code": "BAD_USER_INPUT", "field": "externalCustomerId"}
    assert failure["message"].startswith("events[1], events[2]:")
    assert len((await data(client, INGEST, world["key"], e=batch[:1]))["ingestEvents"]) == 1


async def test_a_repeat_of_another_customers_event_is_refused(client, world):
    repeat = [{"transactionId": "t-cus_b", "externalCustomerId": "cus_a", "code": "calls"}]
    failure = await error(client, INGEST, world["key"], e=repeat)
    assert failure["message"].startswith("events[0]:")


async def test_the_limit_is_part_of_the_ceiling(client, org, world):
    a, b = world["a"]["customer"], world["b"]["customer"]
    for customers in (None, [a, b], [b]):
        document = "mutation($c: [ID!]) { createApiKey(input: {customerIds: $c}) { secret } }"
        failure = await error(client, document, world["key"], c=customers)
        assert failure["extensions"]["code"] == "FORBIDDEN", customers
    narrower = await create(client, world["key"], customerIds=[a])
    assert narrower["apiKey"]["customerIds"] == [a]
    failure = await error(
        client, "mutation($id: ID!) { disableApiKey(id: $id) { id } }", world["key"], id=org.key_id
    )
    assert failure["extensions"]["code"] == "FORBIDDEN", "an unlimited key is beyond it"


async def test_customer_ids_must_be_the_organizations_customers(client, org, other_org):
    theirs = (await data(client, CUSTOMER, other_org.key, e="x"))["createCustomer"]["id"]
    document = "mutation($c: [ID!]) { createApiKey(input: {customerIds: $c}) { secret } }"
    for customers in ([theirs], ["not-a-uuid"]):
        failure = await error(client, document, org.key, c=customers)
        assert failure["extensions"] == {"code": "BAD_USER_INPUT", "field": "customerIds"}


async def test_the_rest_door_keeps_the_same_limit(client, world):
    listed = await ok(client, "GET", "/customers", world["key"])
    assert [c["external_id"] for c in listed["customers"]] == ["cus_a"]
    await ok(client, "GET", "/customers/cus_a", world["key"])
    await refused(client, 404, "GET", "/customers/cus_b", world["key"])
    await refused(client, 404, "GET", f"/invoices/{world['b']['invoice']}", world["key"])
    subs = await ok(client, "GET", "/subscriptions", world["key"])
    assert [s["lago_id"] for s in subs["subscriptions"]] == [world["a"]["subscription"]]
    batch = {"events": [{"transaction_id": "t-9", "external_customer_id": "cus_b", "code": "c"}]}
    response = await rest(client, "POST", "/events/batch", world["key"], batch)
    assert response.status_code == 422 and "events[0]" in response.text
    new = {"customer": {"external_id": "cus_new"}}
    assert (await rest(client, "POST", "/customers", world["key"], new)).status_code == 403
