"""GET /api/v1/openapi.json: an OpenAPI 3.1 document made from the operations, valid, with
the bearer scheme, each operation's permission and failures, and answers that match it."""

from __future__ import annotations

import jsonschema
import pytest
from openapi_spec_validator import validate

from rest.openapi import document
from rest.resources import OPERATIONS
from tests.rest.calls import API, ok

ALWAYS = {"401", "403", "429", "503"}
WITH_A_BODY = {"400", "413", "415", "422"}


@pytest.fixture
async def served(client) -> dict:
    response = await client.get(f"{API}/openapi.json")
    assert response.status_code == 200 and response.headers["content-type"] == "application/json"
    return response.json()


async def test_the_served_document_is_the_generated_one_and_valid(served):
    assert served == document(OPERATIONS)
    validate(served)
    assert served["openapi"] == "3.1.0" and served["servers"] == [{"url": "/api/v1"}]
    assert served["components"]["securitySchemes"]["bearerAuth"] == {
        "type": "http",
        "scheme": "bearer",
        "description": "An API key (`lk_live_...`); member sessions are refused.",
    }
    assert served["security"] == [{"bearerAuth": []}]


async def test_every_operation_states_its_permission_and_its_failures(served):
    documented = {
        (method.upper(), path) for path, item in served["paths"].items() for method in item
    }
    assert documented == {(o.method, o.path) for o in OPERATIONS}
    for operation in OPERATIONS:
        spec = served["paths"][operation.path][operation.method.lower()]
        obj, access = operation.permission
        assert spec["x-required-permission"] == {"object": obj.value, "access": access.value}
        assert f"{obj.value} {access.value}" in spec["description"]
        statuses = set(spec["responses"]) - {"200"}
        assert statuses >= ALWAYS, operation.operation_id
        assert (statuses >= WITH_A_BODY) == (operation.body is not None), operation.operation_id
        if "{" in operation.path:
            assert "404" in statuses
    unauthorized = served["components"]["responses"]["Unauthorized"]
    assert "WWW-Authenticate" in unauthorized["headers"]
    assert "Retry-After" in served["components"]["responses"]["TooManyRequests"]["headers"]


async def test_lagos_operation_ids(served):
    ids = {spec["operationId"] for item in served["paths"].values() for spec in item.values()}
    assert {
        "findAllCustomers",
        "createCustomer",
        "findCustomer",
        "destroyCustomer",
        "findAllPlans",
        "updatePlan",
        "findAllBillableMetrics",
        "createSubscription",
        "destroySubscription",
        "findAllInvoices",
        "findInvoice",
        "createEvent",
        "createBatchEvents",
        "findEvent",
    } <= ids


def _check(served: dict, component: str, answer: dict) -> None:
    schema = {"$ref": f"#/components/schemas/{component}", "components": served["components"]}
    jsonschema.Draft202012Validator(schema).validate(answer)


async def test_answers_match_their_schemas(client, org, served):
    key = org.key
    await ok(client, "POST", "/customers", key, {"customer": {"external_id": "c"}})
    plan = {"plan": {"code": "p", "name": "P", "amount_currency": "EUR"}}
    _check(served, "Plan", await ok(client, "POST", "/plans", key, plan))
    metric = {"billable_metric": {"code": "m", "name": "M", "aggregation_type": "count_agg"}}
    _check(served, "BillableMetric", await ok(client, "POST", "/billable_metrics", key, metric))
    subscription = {"subscription": {"external_customer_id": "c", "plan_code": "p"}}
    _check(served, "Subscription", await ok(client, "POST", "/subscriptions", key, subscription))
    events = {"events": [{"transaction_id": "t", "external_customer_id": "c", "code": "m"}]}
    _check(served, "Events", await ok(client, "POST", "/events/batch", key, events))
    for plural, title in [
        ("customers", "Customer"),
        ("plans", "Plan"),
        ("billable_metrics", "BillableMetric"),
        ("subscriptions", "Subscription"),
        ("invoices", "Invoice"),
        ("events", "Event"),
    ]:
        _check(served, f"{title}sPaginated", await ok(client, "GET", f"/{plural}", key))
    failure = (
        await client.get(f"{API}/customers/nobody", headers={"Authorization": f"Bearer {key}"})
    ).json()
    _check(served, "ApiError", failure)
