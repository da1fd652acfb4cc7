"""Each object against keys with READ, WRITE, READ_WRITE, no grant and full access."""

from __future__ import annotations

import itertools
import uuid

import pytest

from auth.grants import Access, PermissionObject
from resolvers.api_keys.create import CreateApiKey, create_api_key
from resolvers.customers.create import create_customer
from resolvers.customers.fields import CustomerFields
from resolvers.plans.create import create_plan
from resolvers.plans.fields import PlanFields
from tests.factories import gql, login, make_member

Q = PermissionObject
CASES = {  # object: (a query, a mutation or None)
    Q.CUSTOMER: (
        "{ customers(first: 1) { totalCount } }",
        'mutation { createCustomer(input: {externalId: "$u"}) { id } }',
    ),
    Q.PLAN: (
        "{ plans(first: 1) { totalCount } }",
        'mutation { createPlan(input: {code: "$u", name: "P", currency: "EUR"}) { id } }',
    ),
    Q.BILLABLE_METRIC: (
        "{ billableMetrics(first: 1) { totalCount } }",
        'mutation { createBillableMetric(input: {code: "$u", name: "M"}) { id } }',
    ),
    Q.SUBSCRIPTION: (
        "{ subscriptions(first: 1) { totalCount } }",
        'mutation { createSubscription(input: {customerId: "$customer", planId: "$plan"}) { id } }',
    ),
    Q.INVOICE: (
        "{ invoices(first: 1) { totalCount } }",
        'mutation { createInvoice(input: {customerId: "$customer", number: "$u", currency: "EUR"}) { id } }',
    ),
    Q.EVENT: (
        "{ events(first: 1) { totalCount } }",
        'mutation { createEvent(input: {transactionId: "$u", externalCustomerId: "c", code: "calls"}) { id } }',
    ),
    Q.ORGANIZATION: (
        "{ organization { name } }",
        'mutation { updateOrganization(input: {name: "Acme"}) { name } }',
    ),
    Q.API_KEY: (
        "{ apiKeys(first: 1) { totalCount } }",
        "mutation { createApiKey(input: {permissions: []}) { secret } }",
    ),
    Q.AUDIT_EVENT: ("{ auditEvents(first: 1) { totalCount } }", None),
    Q.MEMBER: ("{ members(first: 1) { totalCount } }", None),
}
GRANTS = ["READ", "WRITE", "READ_WRITE", "NONE", "FULL"]


async def _key(org, services, obj: PermissionObject, grant: str) -> str:
    if grant == "FULL":
        permissions = None
    elif grant == "NONE":
        other = Q.PLAN if obj is not Q.PLAN else Q.CUSTOMER
        permissions = [(other, Access.READ_WRITE)]
    else:
        permissions = [(obj, Access(grant))]
    _, secret = await create_api_key(org.admin, CreateApiKey(permissions=permissions), services)
    return secret


async def _fill(org, document: str) -> str:
    if "$customer" in document:
        customer = await create_customer(org.admin, CustomerFields(external_id=f"c-{uuid.uuid4()}"))
        plan = await create_plan(
            org.admin, PlanFields(code=f"p-{uuid.uuid4()}", name="P", currency="EUR")
        )
        document = document.replace("$customer", str(customer.id)).replace("$plan", str(plan.id))
    return document.replace("$u", uuid.uuid4().hex)


async def _outcome(client, token, document) -> str:
    body = (await gql(client, document, token)).json()
    if not body.get("errors"):
        return "ok"
    extensions = body["errors"][0]["extensions"]
    return f"{extensions['code']} {extensions.get('object')} {extensions.get('access')}"


# A key is never given MEMBER or AUDIT_EVENT write (tests/resolvers/test_policy.py).
UNGRANTABLE = {(Q.MEMBER, "WRITE"), (Q.MEMBER, "READ_WRITE")}
UNGRANTABLE |= {(Q.AUDIT_EVENT, "WRITE"), (Q.AUDIT_EVENT, "READ_WRITE")}


@pytest.mark.parametrize(
    ("obj", "grant"), [p for p in itertools.product(CASES, GRANTS) if p not in UNGRANTABLE]
)
async def test_a_query_and_a_mutation_per_object_and_grant(client, org, services, obj, grant):
    query, mutation = CASES[obj]
    token = await _key(org, services, obj, grant)
    reads = grant in ("READ", "READ_WRITE", "FULL")
    writes = grant in ("WRITE", "READ_WRITE", "FULL")
    assert await _outcome(client, token, query) == (
        "ok" if reads else f"FORBIDDEN {obj.value} READ"
    )
    if mutation is not None:
        expected = "ok" if writes else f"FORBIDDEN {obj.value} WRITE"
        assert await _outcome(client, token, await _fill(org, mutation)) == expected


async def test_a_member_session_reads_billing_and_the_organization_and_writes_nothing(client, org):
    member = await make_member(org.id)
    session = await login(client, member.email)
    for obj in (
        Q.CUSTOMER,
        Q.PLAN,
        Q.BILLABLE_METRIC,
        Q.SUBSCRIPTION,
        Q.INVOICE,
        Q.EVENT,
        Q.ORGANIZATION,
    ):
        query, mutation = CASES[obj]
        assert mutation is not None
        assert await _outcome(client, session, query) == "ok"
        assert (
            await _outcome(client, session, await _fill(org, mutation))
            == f"FORBIDDEN {obj.value} WRITE"
        )
    assert await _outcome(client, session, CASES[Q.API_KEY][0]) == "FORBIDDEN API_KEY READ"
