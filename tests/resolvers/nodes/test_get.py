"""node(id:) and nodes(ids:): any object by the id it already has, inside the caller's
organization, each only with READ on its type."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from auth.grants import Access
from auth.grants import PermissionObject as Obj
from auth.principal import Principal
from models import AuditEvent
from resolvers.billable_metrics.create import create_billable_metric
from resolvers.billable_metrics.fields import BillableMetricFields
from resolvers.customers.create import create_customer
from resolvers.customers.fields import CustomerFields
from resolvers.errors import Forbidden
from resolvers.events.fields import EventFields
from resolvers.events.ingest import ingest_events
from resolvers.invoices.create import create_invoice
from resolvers.invoices.fields import InvoiceFields
from resolvers.nodes.get import get_nodes
from resolvers.nodes.locate import KINDS
from resolvers.plans.create import create_plan
from resolvers.plans.fields import PlanFields
from resolvers.subscriptions.create import create_subscription
from resolvers.subscriptions.fields import SubscriptionFields
from tests.factories import data, error, gql, make_key, make_member, make_session
from tests.resolvers.test_policy_walk import _first_statement_calls_policy

NODE = "query($id: ID!) { node(id: $id) { __typename id } }"
NODES = "query($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }"
TYPES = {
    "ApiKey": Obj.API_KEY,
    "Member": Obj.MEMBER,
    "AuditEvent": Obj.AUDIT_EVENT,
    "Organization": Obj.ORGANIZATION,
    "Customer": Obj.CUSTOMER,
    "Plan": Obj.PLAN,
    "BillableMetric": Obj.BILLABLE_METRIC,
    "Subscription": Obj.SUBSCRIPTION,
    "Invoice": Obj.INVOICE,
    "Event": Obj.EVENT,
}


async def _one_of_each(org: Any) -> dict[str, str]:
    """An id of each node type in the organization, by type name."""
    customer = await create_customer(org.admin, CustomerFields(external_id="c-1"))
    plan = await create_plan(org.admin, PlanFields(code="basic", name="Basic", currency="EUR"))
    metric = await create_billable_metric(org.admin, BillableMetricFields(code="m", name="M"))
    subscription = await create_subscription(
        org.admin, SubscriptionFields(customer_id=str(customer.id), plan_id=str(plan.id))
    )
    invoice = await create_invoice(
        org.admin, InvoiceFields(customer_id=str(customer.id), number="I-1", currency="EUR")
    )
    (event,) = await ingest_events(
        org.admin, [EventFields(transaction_id="t", external_customer_id="c-1", code="m")]
    )
    audit = await AuditEvent.filter(organization_id=org.id).first()
    assert audit is not None
    rows = (customer, plan, metric, subscription, invoice, event, audit)
    ids = {type(row).__name__: str(row.id) for row in rows}
    return ids | {"ApiKey": org.key_id, "Member": org.admin_id, "Organization": org.id}


async def test_node_finds_each_type_by_its_plain_id(client, org):
    ids = await _one_of_each(org)
    assert set(ids) == set(TYPES) == {kind.name for kind in KINDS}
    for type_name, node_id in ids.items():
        found = (await data(client, NODE, org.key, id=node_id))["node"]
        assert found == {"__typename": type_name, "id": node_id}


async def test_nodes_keeps_the_order_and_the_repeats_of_the_ids(client, org):
    ids = await _one_of_each(org)
    wanted = [*ids.values(), ids["Plan"]]
    found = (await data(client, NODES, org.key, ids=wanted))["nodes"]
    assert [(n["__typename"], n["id"]) for n in found] == [*ids.items(), ("Plan", ids["Plan"])]


async def test_a_node_refetches_its_fields_as_a_client_cache_would(client, org):
    ids = await _one_of_each(org)
    query = (
        "query($id: ID!) { node(id: $id) { id ... on ApiKey { name status }"
        " ... on Subscription { startedAt customer { externalId } } } }"
    )
    key = (await data(client, query, org.key, id=ids["ApiKey"]))["node"]
    assert key == {"id": ids["ApiKey"], "name": "first", "status": "ACTIVE"}
    subscription = (await data(client, query, org.key, id=ids["Subscription"]))["node"]
    assert subscription["customer"] == {"externalId": "c-1"}
    by_list = await data(client, "{ apiKeys(first: 1) { edges { node { id } } } }", org.key)
    assert by_list["apiKeys"]["edges"][0]["node"]["id"] == ids["ApiKey"]


@pytest.mark.parametrize("type_name", sorted(TYPES))
async def test_a_caller_without_read_on_the_type_gets_null_and_forbidden(
    client, org, services, type_name
):
    ids = await _one_of_each(org)
    other = Obj.PLAN if TYPES[type_name] is not Obj.PLAN else Obj.CUSTOMER
    grants = [(other, Access.READ)]
    if TYPES[type_name] not in (Obj.MEMBER, Obj.AUDIT_EVENT):  # no key may write those
        grants.append((TYPES[type_name], Access.WRITE))  # WRITE does not imply READ
    _, token = await make_key(org, services, grants)
    body = (await gql(client, NODE, token, id=ids[type_name])).json()
    assert body["data"] == {"node": None}
    (refusal,) = body["errors"]
    assert refusal["path"] == ["node"]
    assert refusal["extensions"] == {
        "code": "FORBIDDEN",
        "object": TYPES[type_name].value,
        "access": "READ",
    }
    readable = ids["Plan" if other is Obj.PLAN else "Customer"]
    refused = ids[type_name]
    body = (await gql(client, NODES, token, ids=[refused, readable, refused])).json()
    assert [n and n["id"] for n in body["data"]["nodes"]] == [None, readable, None]
    assert sorted(e["path"] for e in body["errors"]) == [["nodes", 0], ["nodes", 2]]
    assert {e["extensions"]["code"] for e in body["errors"]} == {"FORBIDDEN"}


async def test_a_member_session_reads_what_its_role_grants(client, org, services):
    ids = await _one_of_each(org)
    session = await make_session(services, await make_member(org.id))
    body = (await gql(client, NODES, session, ids=[ids["Customer"], ids["ApiKey"]])).json()
    assert body["data"]["nodes"][0] == {"__typename": "Customer", "id": ids["Customer"]}
    assert body["data"]["nodes"][1] is None
    assert body["errors"][0]["extensions"]["object"] == "API_KEY"


async def test_another_organizations_ids_are_null_without_an_error(client, org, other_org):
    ids = await _one_of_each(org)
    for node_id in ids.values():
        assert await data(client, NODE, other_org.key, id=node_id) == {"node": None}
    found = await data(client, NODES, other_org.key, ids=list(ids.values()))
    assert found == {"nodes": [None] * len(ids)}


@pytest.mark.parametrize(
    "node_id",
    [
        "7d2b3c1e-52f4-4e52-9a57-0c1d7a6e3f10",
        "not a uuid",
        "",
        "00000000-0000-0000-0000-000000000000",
    ],
)
async def test_an_unknown_id_is_null_without_an_error(client, org, node_id):
    assert await data(client, NODE, org.key, id=node_id) == {"node": None}
    assert await data(client, NODES, org.key, ids=[node_id, org.id]) == {
        "nodes": [None, {"__typename": "Organization", "id": org.id}]
    }


async def test_an_id_in_another_case_is_the_same_id(client, org):
    found = (await data(client, NODE, org.key, id=org.key_id.upper()))["node"]
    assert found == {"__typename": "ApiKey", "id": org.key_id}


async def test_nodes_takes_at_most_a_hundred_ids(client, org):
    assert await data(client, NODES, org.key, ids=[]) == {"nodes": []}
    failure = await error(client, NODES, org.key, ids=[str(uuid.uuid4()) for _ in range(101)])
    assert failure["extensions"] == {"code": "BAD_USER_INPUT", "field": "ids"}
    assert len((await data(client, NODES, org.key, ids=[org.id] * 100))["nodes"]) == 100


async def test_node_needs_a_caller(client, org):
    response = await gql(client, NODE, None, id=org.id)
    assert response.status_code == 401


async def test_the_use_case_asks_the_policy_first(org):
    assert _first_statement_calls_policy(get_nodes)  # type: ignore[arg-type]
    nobody = Principal(org.id, full_access=False, grants=frozenset())
    for kind in KINDS:
        with pytest.raises(Forbidden):
            await get_nodes(nobody, kind, [org.id])


INTROSPECTION = (
    '{ __type(name: "Node") { kind fields { name } possibleTypes { name interfaces { name } } } }'
)


async def test_introspection_shows_node_and_its_types(client):
    node = (await data(client, INTROSPECTION, None))["__type"]
    assert node["kind"] == "INTERFACE" and node["fields"] == [{"name": "id"}]
    assert {t["name"] for t in node["possibleTypes"]} == set(TYPES)
    assert all({"name": "Node"} in t["interfaces"] for t in node["possibleTypes"])
