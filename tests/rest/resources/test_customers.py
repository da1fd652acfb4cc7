"""/api/v1/customers as a Lago connector uses it: list, create-or-update, get and delete by
external_id; failures in Lago's shape."""

from __future__ import annotations

from resolvers.customers.create import create_customer
from resolvers.customers.fields import CustomerFields
from tests.factories import data
from tests.rest.calls import ok, pages, refused


def _customer(external_id: str, **fields):
    return {"customer": {"external_id": external_id, **fields}}


async def test_a_customer_as_lago_answers_it(client, org):
    made = await ok(
        client, "POST", "/customers", org.key, _customer("c-1", name="Ada", currency="EUR")
    )
    customer = made["customer"]
    assert set(customer) == {"lago_id", "external_id", "name", "email", "currency", "created_at"}
    assert customer["external_id"] == "c-1" and customer["currency"] == "EUR"
    assert customer["created_at"].endswith("Z")
    assert await ok(client, "GET", "/customers/c-1", org.key) == made
    graphql = await data(
        client, "query($id: ID!) { customer(id: $id) { name } }", org.key, id=customer["lago_id"]
    )
    assert graphql == {"customer": {"name": "Ada"}}


async def test_the_list_pages_with_page_and_per_page(client, org):
    for i in range(5):
        await create_customer(org.admin, CustomerFields(external_id=f"c{i}"))
    listed = await pages(client, org.key, "customers", per_page=2)
    assert [len(body["customers"]) for body in listed] == [2, 2, 1]
    assert [c["external_id"] for body in listed for c in body["customers"]] == [
        f"c{i}" for i in range(4, -1, -1)
    ]
    assert listed[0]["meta"] == {
        "current_page": 1,
        "next_page": 2,
        "prev_page": None,
        "total_pages": 3,
        "total_count": 5,
    }


async def test_unknown_and_other_organizations_customers_are_not_found(client, org, other_org):
    await create_customer(org.admin, CustomerFields(external_id="c-1"))
    for key, path in [(org.key, "/customers/nope"), (other_org.key, "/customers/c-1")]:
        assert await refused(client, 404, "GET", path, key) == {
            "status": 404,
            "error": "Not Found",
            "code": "customer_not_found",
        }


async def test_delete_answers_the_customer_and_refuses_one_in_use(client, org):
    made = await ok(client, "POST", "/customers", org.key, _customer("c-1"))
    assert await ok(client, "DELETE", "/customers/c-1", org.key) == made
    await refused(client, 404, "DELETE", "/customers/c-1", org.key)
    await ok(client, "POST", "/customers", org.key, _customer("c-2"))
    await ok(
        client,
        "POST",
        "/plans",
        org.key,
        {"plan": {"code": "p", "name": "P", "amount_currency": "EUR"}},
    )
    await ok(
        client,
        "POST",
        "/subscriptions",
        org.key,
        {"subscription": {"external_customer_id": "c-2", "plan_code": "p"}},
    )
    in_use = await refused(client, 405, "DELETE", "/customers/c-2", org.key)
    assert in_use["code"] == "customer_in_use"


async def test_values_are_refused_naming_the_bodys_fields(client, org):
    mistyped = await refused(
        client, 422, "POST", "/customers", org.key, _customer("c", name=5, email=[])
    )
    assert mistyped == {
        "status": 422,
        "error": "Unprocessable Entity",
        "code": "validation_errors",
        "error_details": {"name": ["must be a string"], "email": ["must be a string"]},
    }
    wrong = await refused(client, 422, "POST", "/customers", org.key, _customer("c", email="nope"))
    assert wrong["error_details"] == {"email": ["not an e-mail address"]}


async def test_a_body_without_its_object_is_a_bad_request(client, org):
    for body in [{"name": "x"}, [], "customer"]:
        missing = await refused(client, 400, "POST", "/customers", org.key, body)
        assert missing["code"] == "customer_missing"
    assert (await refused(client, 422, "POST", "/customers", org.key, {"customer": []}))[
        "error_details"
    ] == {"customer": ["must be an object"]}


async def test_fields_lago_has_and_this_service_does_not_are_ignored(client, org):
    made = await ok(
        client,
        "POST",
        "/customers",
        org.key,
        _customer("c-1", address_line1="5230 Penfield Ave", country="US"),
    )
    assert "address_line1" not in made["customer"]
