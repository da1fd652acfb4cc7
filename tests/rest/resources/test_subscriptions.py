"""/api/v1/subscriptions: made for a customer's external_id and a plan's code, read and
terminated by the subscription's own external_id."""

from __future__ import annotations

from auth.grants import Access, PermissionObject
from tests.factories import data
from tests.rest.calls import key_with, ok, refused

SUBSCRIPTIONS_ONLY = (PermissionObject.SUBSCRIPTION, Access.READ_WRITE)


async def _customer_and_plan(client, org):
    await ok(client, "POST", "/customers", org.key, {"customer": {"external_id": "c-1"}})
    await ok(
        client,
        "POST",
        "/plans",
        org.key,
        {"plan": {"code": "premium", "name": "P", "amount_currency": "EUR"}},
    )


def _subscription(**fields):
    return {"subscription": {"external_customer_id": "c-1", "plan_code": "premium", **fields}}


async def test_a_subscription_as_lago_answers_it(client, org):
    await _customer_and_plan(client, org)
    made = (
        await ok(
            client,
            "POST",
            "/subscriptions",
            org.key,
            _subscription(external_id="sub-1", subscription_at="2030-01-01T00:00:00Z"),
        )
    )["subscription"]
    assert made["external_id"] == "sub-1" and made["external_customer_id"] == "c-1"
    assert made["plan_code"] == "premium" and made["status"] == "active"
    assert made["subscription_at"] == made["started_at"] == "2030-01-01T00:00:00Z"
    assert (await ok(client, "GET", "/subscriptions/sub-1", org.key))["subscription"] == made
    assert (await ok(client, "GET", "/subscriptions", org.key))["subscriptions"] == [made]
    graphql = await data(
        client,
        "query($id: ID!) { subscription(id: $id) { externalId } }",
        org.key,
        id=made["lago_id"],
    )
    assert graphql == {"subscription": {"externalId": "sub-1"}}


async def test_without_an_external_id_its_lago_id_is_one(client, org):
    await _customer_and_plan(client, org)
    made = (await ok(client, "POST", "/subscriptions", org.key, _subscription()))["subscription"]
    assert made["external_id"] == made["lago_id"]
    assert (await ok(client, "GET", f"/subscriptions/{made['lago_id']}", org.key))[
        "subscription"
    ] == made


async def test_unknown_customers_and_plans_are_not_found(client, org):
    await _customer_and_plan(client, org)
    no_customer = await refused(
        client, 404, "POST", "/subscriptions", org.key, _subscription(external_customer_id="nobody")
    )
    assert no_customer["code"] == "customer_not_found"
    no_plan = await refused(
        client, 404, "POST", "/subscriptions", org.key, _subscription(plan_code="none")
    )
    assert no_plan["code"] == "plan_not_found"


async def test_refusals_name_lagos_fields(client, org):
    await _customer_and_plan(client, org)
    await ok(client, "POST", "/subscriptions", org.key, _subscription(external_id="s"))
    taken = await refused(
        client, 422, "POST", "/subscriptions", org.key, _subscription(external_id="s")
    )
    assert taken["error_details"] == {"external_id": ["already used in this organization"]}
    missing = await refused(
        client, 422, "POST", "/subscriptions", org.key, {"subscription": {"plan_code": "premium"}}
    )
    assert missing["error_details"] == {"external_customer_id": ["is required"]}
    mistyped = await refused(
        client, 422, "POST", "/subscriptions", org.key, _subscription(subscription_at="tomorrow")
    )
    assert list(mistyped["error_details"]) == ["subscription_at"]


async def test_graphql_names_the_external_id_too(client, org):
    await _customer_and_plan(client, org)
    ids = await data(
        client, "{ customers { edges { node { id } } } plans { edges { node { id } } } }", org.key
    )
    created = await data(
        client,
        "mutation($i: SubscriptionInput!) { createSubscription(input: $i) { externalId } }",
        org.key,
        i={
            "customerId": ids["customers"]["edges"][0]["node"]["id"],
            "planId": ids["plans"]["edges"][0]["node"]["id"],
            "externalId": "from-graphql",
        },
    )
    assert created == {"createSubscription": {"externalId": "from-graphql"}}
    assert (await ok(client, "DELETE", "/subscriptions/from-graphql", org.key))["subscription"][
        "status"
    ] == "terminated"


async def test_a_key_that_cannot_read_customers_or_plans_never_learns_their_names(
    client, org, services
):
    """external_customer_id and plan_code are the customer's and the plan's own fields:
    GraphQL answers `subscription.customer` only with CUSTOMER READ, and so does REST."""
    await _customer_and_plan(client, org)
    await ok(client, "POST", "/subscriptions", org.key, _subscription(external_id="s"))
    key = await key_with(org, services, SUBSCRIPTIONS_ONLY)
    seen = (await ok(client, "GET", "/subscriptions/s", key))["subscription"]
    assert seen["external_id"] == "s" and seen["lago_customer_id"] and seen["lago_plan_id"]
    assert seen["external_customer_id"] is None and seen["plan_code"] is None
    listed = (await ok(client, "GET", "/subscriptions", key))["subscriptions"]
    assert listed == [seen]
    with_customers = await key_with(
        org, services, SUBSCRIPTIONS_ONLY, (PermissionObject.CUSTOMER, Access.READ)
    )
    half = (await ok(client, "GET", "/subscriptions/s", with_customers))["subscription"]
    assert half["external_customer_id"] == "c-1" and half["plan_code"] is None


async def test_naming_a_customer_or_plan_by_its_own_field_needs_reading_it(client, org, services):
    """Otherwise 404 customer_not_found against 200 would tell a subscriptions-only key which
    external ids and plan codes exist."""
    await _customer_and_plan(client, org)
    key = await key_with(org, services, SUBSCRIPTIONS_ONLY)
    for customer in ("c-1", "nobody"):
        body = _subscription(external_customer_id=customer)
        denied = await refused(client, 403, "POST", "/subscriptions", key, body)
        assert denied["code"] == "customer_read_forbidden"
    with_customers = await key_with(
        org, services, SUBSCRIPTIONS_ONLY, (PermissionObject.CUSTOMER, Access.READ)
    )
    for plan in ("premium", "none"):
        body = _subscription(plan_code=plan)
        denied = await refused(client, 403, "POST", "/subscriptions", with_customers, body)
        assert denied["code"] == "plan_read_forbidden"
    assert (await ok(client, "GET", "/subscriptions", org.key))["subscriptions"] == []
