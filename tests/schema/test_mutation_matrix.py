"""Every mutation against an admin session, a member session, a full-access key, a key
holding exactly the grant it needs and a key without it; and the key mutations against
a target beyond the caller's ceiling. A mutation missing from the table fails the walk."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from auth.grants import Access, PermissionObject
from models import Invitation, Member, WebhookDelivery, WebhookEndpoint
from schema import schema
from tests.factories import PASSWORD, data, gql, make_key, make_member, make_session

Obj = PermissionObject
Doc = tuple[str, dict[str, Any]]
Builder = Callable[["Ctx"], Awaitable[Doc]]
ADMIN_SESSION = "FORBIDDEN ADMIN_SESSION"
BEYOND = "FORBIDDEN fullAccess"


@dataclass(frozen=True)
class Row:
    build: Builder
    needs: PermissionObject | None  # None: an admin session
    beyond: Builder | None = None  # the same mutation on a target beyond the ceiling
    session_input: bool = False  # an input field needs an admin session too


def _u() -> str:
    return uuid.uuid4().hex[:12]


@dataclass(frozen=True)
class Ctx:
    client: Any
    org: Any


async def _made(ctx: Ctx, document: str, field: str, **variables: Any) -> str:
    """Made by the organization's full-access key, through the API."""
    made = (await data(ctx.client, document, ctx.org.key, **variables))[field]
    return str(made["id"] if "id" in made else made["apiKey"]["id"])


async def _key(ctx, permissions: list[dict[str, str]] | None) -> str:
    query = "mutation($p: [PermissionInput!]) { createApiKey(input: {permissions: $p}) { apiKey { id } } }"
    return await _made(ctx, query, "createApiKey", p=permissions)


async def _within(ctx) -> str:
    return await _key(ctx, [{"object": "API_KEY", "access": "WRITE"}])


async def _customer(ctx) -> str:
    query = "mutation($e: String!) { createCustomer(input: {externalId: $e}) { id } }"
    return await _made(ctx, query, "createCustomer", e=_u())


async def _plan(ctx) -> str:
    query = (
        'mutation($c: String!) { createPlan(input: {code: $c, name: "P", currency: "EUR"}) { id } }'
    )
    return await _made(ctx, query, "createPlan", c=_u())


async def _metric(ctx) -> str:
    query = 'mutation($c: String!) { createBillableMetric(input: {code: $c, name: "M"}) { id } }'
    return await _made(ctx, query, "createBillableMetric", c=_u())


async def _subscription(ctx) -> str:
    query = "mutation($c: ID!, $p: ID!) { createSubscription(input: {customerId: $c, planId: $p}) { id } }"
    return await _made(ctx, query, "createSubscription", c=await _customer(ctx), p=await _plan(ctx))


async def _invoice(ctx) -> str:
    query = 'mutation($c: ID!, $n: String!) { createInvoice(input: {customerId: $c, number: $n, currency: "EUR"}) { id } }'
    return await _made(ctx, query, "createInvoice", c=await _customer(ctx), n=_u())


def _on(document: str, target: Callable[[Ctx], Awaitable[str]]) -> Builder:
    async def build(ctx) -> Doc:
        return document, {"id": await target(ctx)}

    return build


def _fixed(document: str, **variables: Any) -> Builder:
    async def build(ctx) -> Doc:
        return document, {k: (v() if callable(v) else v) for k, v in variables.items()}

    return build


async def _full_key(ctx) -> str:
    return await _key(ctx, None)


async def _member(ctx) -> str:
    return str((await make_member(ctx.org.id)).id)


KEY_ROWS = {
    "createApiKey": Row(
        _fixed(
            "mutation($p: [PermissionInput!]) { createApiKey(input: {permissions: $p}) { secret } }",
            p=[{"object": "API_KEY", "access": "WRITE"}],
        ),
        Obj.API_KEY,
        _fixed("mutation { createApiKey(input: {}) { secret } }"),
    ),
    "updateApiKey": Row(
        _on('mutation($id: ID!) { updateApiKey(input: {id: $id, name: "n"}) { id } }', _within),
        Obj.API_KEY,
        _on('mutation($id: ID!) { updateApiKey(input: {id: $id, name: "n"}) { id } }', _full_key),
    ),
    "updatePermissions": Row(
        _on(
            "mutation($id: ID!) { updatePermissions(input: {id: $id, permissions: []}) { id } }",
            _within,
        ),
        Obj.API_KEY,
        _on(
            "mutation($id: ID!) { updatePermissions(input: {id: $id, permissions: []}) { id } }",
            _full_key,
        ),
    ),
    "rotateApiKey": Row(
        _on("mutation($id: ID!) { rotateApiKey(input: {id: $id}) { secret } }", _within),
        Obj.API_KEY,
        _on("mutation($id: ID!) { rotateApiKey(input: {id: $id}) { secret } }", _full_key),
    ),
    "destroyApiKey": Row(
        _on("mutation($id: ID!) { destroyApiKey(id: $id) { id } }", _within),
        Obj.API_KEY,
        _on("mutation($id: ID!) { destroyApiKey(id: $id) { id } }", _full_key),
    ),
    "revealApiKey": Row(
        _on("mutation($id: ID!) { revealApiKey(id: $id) { secret } }", _within), None
    ),
}


# Key lifecycle: disable and enable, ending a rotation early.
async def _scheduled_key(ctx, permissions: list[dict[str, str]] | None) -> str:
    key_id = await _key(ctx, permissions)
    rotate = "mutation($id: ID!) { rotateApiKey(input: {id: $id, schedule: IN_1_HOUR}) { secret } }"
    await data(ctx.client, rotate, ctx.org.key, id=key_id)
    return key_id


async def _scheduled(ctx) -> str:
    return await _scheduled_key(ctx, [{"object": "API_KEY", "access": "WRITE"}])


async def _scheduled_full(ctx) -> str:
    return await _scheduled_key(ctx, None)


KEY_ROWS |= {
    "disableApiKey": Row(
        _on("mutation($id: ID!) { disableApiKey(id: $id) { id } }", _within),
        Obj.API_KEY,
        _on("mutation($id: ID!) { disableApiKey(id: $id) { id } }", _full_key),
    ),
    "endRotationNow": Row(
        _on("mutation($id: ID!) { endRotationNow(id: $id) { id } }", _scheduled),
        Obj.API_KEY,
        _on("mutation($id: ID!) { endRotationNow(id: $id) { id } }", _scheduled_full),
    ),
    "enableApiKey": Row(
        _on("mutation($id: ID!) { enableApiKey(id: $id) { id } }", _within),
        Obj.API_KEY,
        _on("mutation($id: ID!) { enableApiKey(id: $id) { id } }", _full_key),
    ),
}
PEOPLE_ROWS = {
    "createMember": Row(
        _fixed(
            'mutation($e: String!) { createMember(input: {email: $e, password: "long enough pw"}) { id } }',
            e=lambda: f"{_u()}@example.test",
        ),
        None,
    ),
    "updateMemberRole": Row(
        _on("mutation($id: ID!) { updateMemberRole(id: $id, role: ADMIN) { id } }", _member),
        None,
    ),
    "removeMember": Row(_on("mutation($id: ID!) { removeMember(id: $id) { id } }", _member), None),
    "confirmPassword": Row(
        _fixed("mutation($p: String!) { confirmPassword(password: $p) }", p=PASSWORD), None
    ),
    "updateOrganization": Row(
        _fixed('mutation { updateOrganization(input: {name: "Acme"}) { name } }'),
        Obj.ORGANIZATION,
    ),
    "setLeakResponse": Row(
        _fixed("mutation { setLeakResponse(response: DISABLE) { leakResponse } }"), None
    ),
    "updateOrganization(revealPolicy)": Row(
        _fixed("mutation { updateOrganization(input: {revealPolicy: REVEALABLE}) { name } }"),
        Obj.ORGANIZATION,
        session_input=True,
    ),
}
BILLING_ROWS = {
    "createCustomer": Row(
        _fixed("mutation($e: String!) { createCustomer(input: {externalId: $e}) { id } }", e=_u),
        Obj.CUSTOMER,
    ),
    "updateCustomer": Row(
        _on('mutation($id: ID!) { updateCustomer(input: {id: $id, name: "N"}) { id } }', _customer),
        Obj.CUSTOMER,
    ),
    "deleteCustomer": Row(
        _on("mutation($id: ID!) { deleteCustomer(id: $id) { id } }", _customer), Obj.CUSTOMER
    ),
    "createPlan": Row(
        _fixed(
            'mutation($c: String!) { createPlan(input: {code: $c, name: "P", currency: "EUR"}) { id } }',
            c=_u,
        ),
        Obj.PLAN,
    ),
    "updatePlan": Row(
        _on('mutation($id: ID!) { updatePlan(input: {id: $id, name: "Q"}) { id } }', _plan),
        Obj.PLAN,
    ),
    "deletePlan": Row(_on("mutation($id: ID!) { deletePlan(id: $id) { id } }", _plan), Obj.PLAN),
    "createBillableMetric": Row(
        _fixed(
            'mutation($c: String!) { createBillableMetric(input: {code: $c, name: "M"}) { id } }',
            c=_u,
        ),
        Obj.BILLABLE_METRIC,
    ),
    "updateBillableMetric": Row(
        _on(
            'mutation($id: ID!) { updateBillableMetric(input: {id: $id, name: "N"}) { id } }',
            _metric,
        ),
        Obj.BILLABLE_METRIC,
    ),
    "deleteBillableMetric": Row(
        _on("mutation($id: ID!) { deleteBillableMetric(id: $id) { id } }", _metric),
        Obj.BILLABLE_METRIC,
    ),
    "createSubscription": Row(
        _fixed("mutation { __typename }"),  # replaced below: needs a customer and a plan
        Obj.SUBSCRIPTION,
    ),
    "updateSubscription": Row(
        _on(
            "mutation($id: ID!) { updateSubscription(input: {id: $id, status: TERMINATED}) { id } }",
            _subscription,
        ),
        Obj.SUBSCRIPTION,
    ),
    "deleteSubscription": Row(
        _on("mutation($id: ID!) { deleteSubscription(id: $id) { id } }", _subscription),
        Obj.SUBSCRIPTION,
    ),
    "createInvoice": Row(_fixed("mutation { __typename }"), Obj.INVOICE),
    "updateInvoice": Row(
        _on(
            "mutation($id: ID!) { updateInvoice(input: {id: $id, totalCents: 5}) { id } }", _invoice
        ),
        Obj.INVOICE,
    ),
    "deleteInvoice": Row(
        _on("mutation($id: ID!) { deleteInvoice(id: $id) { id } }", _invoice), Obj.INVOICE
    ),
    "createEvent": Row(
        _fixed(
            'mutation($t: String!) { createEvent(input: {transactionId: $t, externalCustomerId: "c", code: "calls"}) { id } }',
            t=_u,
        ),
        Obj.EVENT,
    ),
    "ingestEvents": Row(
        _fixed(
            'mutation($t: String!) { ingestEvents(events: [{transactionId: $t, externalCustomerId: "c", code: "calls"}]) { id } }',
            t=_u,
        ),
        Obj.EVENT,
    ),
}


async def _create_subscription(ctx) -> Doc:
    document = "mutation($c: ID!, $p: ID!) { createSubscription(input: {customerId: $c, planId: $p}) { id } }"
    return document, {"c": await _customer(ctx), "p": await _plan(ctx)}


async def _create_invoice(ctx) -> Doc:
    document = 'mutation($c: ID!, $n: String!) { createInvoice(input: {customerId: $c, number: $n, currency: "EUR"}) { id } }'
    return document, {"c": await _customer(ctx), "n": _u()}


BILLING_ROWS["createSubscription"] = Row(_create_subscription, Obj.SUBSCRIPTION)
BILLING_ROWS["createInvoice"] = Row(_create_invoice, Obj.INVOICE)


async def _invitation(ctx) -> str:
    row = await Invitation.create(
        organization_id=ctx.org.id,
        email=f"{_u()}@example.test",
        token_digest=uuid.uuid4().hex,
        expires_at=datetime.now(UTC) + timedelta(days=1),
    )
    return str(row.id)


# People (issue 18)
PEOPLE_ROWS["inviteMember"] = Row(
    _fixed(
        "mutation($e: String!) { inviteMember(email: $e, role: MEMBER) { id } }",
        e=lambda: f"{_u()}@example.test",
    ),
    None,
)
PEOPLE_ROWS["revokeInvitation"] = Row(
    _on("mutation($id: ID!) { revokeInvitation(id: $id) { id } }", _invitation), None
)


# Webhooks on key events: an admin session only (resolvers/policy.py, may_manage_webhooks).
async def _webhook_endpoint(ctx) -> str:
    row = await WebhookEndpoint.create(
        organization_id=ctx.org.id,
        url="https://hooks.example.com/x",
        events=["created"],
        sealed_secret="t1.unused",
    )
    return str(row.id)


async def _webhook_delivery(ctx) -> str:
    row = await WebhookDelivery.create(
        organization_id=ctx.org.id,
        endpoint_id=await _webhook_endpoint(ctx),
        message_id=f"msg_{_u()}",
        event="created",
        payload="{}",
        status="FAILED",
    )
    return str(row.id)


WEBHOOK_ROWS = {
    "createWebhookEndpoint": Row(
        _fixed(
            'mutation { createWebhookEndpoint(url: "https://hooks.example.com/k", '
            "events: [CREATED]) { secret } }"
        ),
        None,
    ),
    "deleteWebhookEndpoint": Row(
        _on("mutation($id: ID!) { deleteWebhookEndpoint(id: $id) { id } }", _webhook_endpoint),
        None,
    ),
    "rotateWebhookSecret": Row(
        _on("mutation($id: ID!) { rotateWebhookSecret(id: $id) { secret } }", _webhook_endpoint),
        None,
    ),
    "redeliverWebhook": Row(
        _on("mutation($id: ID!) { redeliverWebhook(id: $id) { id } }", _webhook_delivery), None
    ),
}
ROWS = {**KEY_ROWS, **PEOPLE_ROWS, **BILLING_ROWS, **WEBHOOK_ROWS}
# Work without a token (login, and those a token from an e-mail stands for) or only on the
# caller's own session (logout, switchOrganization): tested in tests/resolvers/sessions/,
# invitations/ and passwords/.
EXEMPT = {
    "login",
    "logout",
    "acceptInvitation",
    "switchOrganization",
    "requestPasswordReset",
    "resetPassword",
}


def test_every_mutation_has_a_row():
    mutation = schema.get_type_by_name("Mutation")
    assert mutation is not None and hasattr(mutation, "fields")
    names = {schema.config.name_converter.get_graphql_name(f) for f in mutation.fields}
    assert names - EXEMPT == {name.partition("(")[0] for name in ROWS}


async def _outcome(client, token: str, document: Doc) -> str:
    body = (await gql(client, document[0], token, **document[1])).json()
    if not body.get("errors"):
        return "ok"
    extensions = body["errors"][0]["extensions"]
    if extensions.get("requires"):
        return f"{extensions['code']} {extensions['requires']}"
    if extensions.get("fullAccess"):
        return f"{extensions['code']} fullAccess"
    return f"{extensions['code']} {extensions.get('object')} {extensions.get('access')}"


def _expected(row: Row, caller: str) -> str:
    if row.needs is None:
        return "ok" if caller == "admin" else ADMIN_SESSION
    if caller == "admin":
        return "ok"
    if caller in ("full key", "granted key"):
        return ADMIN_SESSION if row.session_input else "ok"
    return f"FORBIDDEN {row.needs.value} WRITE"


async def _callers(org, services, row: Row) -> dict[str, str]:
    other = Obj.PLAN if row.needs is not Obj.PLAN else Obj.CUSTOMER
    callers = {
        "admin": await make_session(services, await Member.get(id=org.admin_id)),
        "member": await make_session(services, await make_member(org.id)),
        "full key": org.key,
        "other key": (await make_key(org, services, [(other, Access.READ_WRITE)]))[1],
    }
    if row.needs is not None:
        callers["granted key"] = (await make_key(org, services, [(row.needs, Access.WRITE)]))[1]
    return callers


@pytest.mark.parametrize("name", list(ROWS))
async def test_who_may_run_each_mutation(client, org, services, name):
    ctx, row = Ctx(client, org), ROWS[name]
    outcomes, expected = {}, {}
    for caller, token in (await _callers(org, services, row)).items():
        outcomes[caller] = await _outcome(client, token, await row.build(ctx))
        expected[caller] = _expected(row, caller)
    assert outcomes == expected


@pytest.mark.parametrize("name", [name for name, row in ROWS.items() if row.beyond])
async def test_a_granted_key_stops_at_its_ceiling(client, org, services, name):
    ctx, row = Ctx(client, org), ROWS[name]
    assert row.beyond is not None and row.needs is not None
    _, granted = await make_key(org, services, [(row.needs, Access.WRITE)])
    assert await _outcome(client, granted, await row.beyond(ctx)) == BEYOND
    assert await _outcome(client, org.key, await row.beyond(ctx)) == "ok"
