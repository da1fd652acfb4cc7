"""No 500 for any input: each class of bad input is BAD_USER_INPUT naming its field.

NUL (PostgreSQL cannot store it), line breaks and control characters in names,
forged cursors, instants UTC cannot represent, and JSON nested too deep, on
both databases, as variables and as inline literals.
"""

from __future__ import annotations

import base64
import dataclasses
import re
from email import message_from_bytes
from typing import Any

import pytest
from graphql import GraphQLInputObjectType, get_named_type

from jobs.inline import InlineRunner
from models import ApiKey, Notification, NotificationStatus, Organization
from resolvers.text import MAX_JSON_DEPTH
from schema import schema
from tests.factories import data, error, login

KEY = "mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { secret } }"
UPDATE_KEY = "mutation($i: UpdateApiKeyInput!) { updateApiKey(input: $i) { id } }"
MEMBER = "mutation($i: CreateMemberInput!) { createMember(input: $i) { id } }"
CUSTOMER = "mutation($i: CustomerInput!) { createCustomer(input: $i) { id } }"
PLAN = "mutation($i: PlanInput!) { createPlan(input: $i) { id } }"
METRIC = "mutation($i: BillableMetricInput!) { createBillableMetric(input: $i) { id } }"
SUBSCRIPTION = "mutation($i: SubscriptionInput!) { createSubscription(input: $i) { id } }"
INVOICE = "mutation($i: InvoiceInput!) { createInvoice(input: $i) { id } }"
UPDATE_INVOICE = "mutation($i: UpdateInvoiceInput!) { updateInvoice(input: $i) { id } }"
EVENT = "mutation($i: EventInput!) { createEvent(input: $i) { id } }"
EVENTS = "mutation($i: [EventInput!]!) { ingestEvents(events: $i) { id } }"

NUL = "a\x00b"
OVERFLOW = "9999-12-31T23:59:59-14:00"  # a valid ISO 8601 text; in UTC, the year 10000
UNDERFLOW = "0001-01-01T00:00:00+14:00"
PLAN_VALUES = {"code": "p", "name": "P", "currency": "EUR"}
MEMBER_VALUES = {"email": "new@example.test", "password": "long enough pw"}


def _event(**values: Any) -> dict[str, Any]:
    return {"transactionId": "t-1", "externalCustomerId": "c-1", "code": "calls", **values}


def _nested(depth: int) -> Any:
    value: Any = "leaf"
    for _ in range(depth):
        value = {"a": value}
    return value


def _cursor(raw: str) -> str:
    return base64.urlsafe_b64encode(raw.encode()).decode()


@pytest.fixture
async def ids(client, org) -> dict[str, str]:
    """Objects the inputs point at, made through the API: <key>, <customer>, ..."""
    customer = await data(client, CUSTOMER, org.key, i={"externalId": "c-1"})
    plan = await data(client, PLAN, org.key, i=PLAN_VALUES)
    invoice_values = {"customerId": customer["createCustomer"]["id"], "number": "I-0"}
    invoice = await data(client, INVOICE, org.key, i={**invoice_values, "currency": "EUR"})
    return {
        "<key>": org.key_id,
        "<customer>": customer["createCustomer"]["id"],
        "<plan>": plan["createPlan"]["id"],
        "<invoice>": invoice["createInvoice"]["id"],
    }


def _fill(value: Any, ids: dict[str, str]) -> Any:
    if isinstance(value, dict):
        return {k: _fill(v, ids) for k, v in value.items()}
    if isinstance(value, list):
        return [_fill(v, ids) for v in value]
    return ids.get(value, value) if isinstance(value, str) else value


async def _refused(client, org, ids, document: str, values: Any) -> dict[str, Any]:
    token = await login(client, org.admin_email) if document == MEMBER else org.key
    failure = await error(client, document, token, i=_fill(values, ids))
    extensions: dict[str, Any] = failure["extensions"]
    return extensions


@pytest.mark.parametrize(
    ("document", "values", "field"),
    [
        (KEY, {"name": NUL}, "name"),
        (KEY, {"description": NUL}, "description"),
        (UPDATE_KEY, {"id": "<key>", "name": NUL}, "name"),
        (MEMBER, {**MEMBER_VALUES, "email": f"ne{NUL}w@example.test"}, "email"),
        (MEMBER, {**MEMBER_VALUES, "name": NUL}, "name"),
        (CUSTOMER, {"externalId": NUL}, "externalId"),
        (CUSTOMER, {"externalId": "c-2", "name": NUL}, "name"),
        (CUSTOMER, {"externalId": "c-2", "email": f"a{NUL}@example.test"}, "email"),
        (PLAN, {**PLAN_VALUES, "code": NUL}, "code"),
        (METRIC, {"code": "m", "name": "M", "aggregation": "SUM", "fieldName": NUL}, "fieldName"),
        (INVOICE, {"customerId": "<customer>", "number": NUL, "currency": "EUR"}, "number"),
        (EVENTS, [_event(transactionId=NUL)], "transactionId"),
        (EVENTS, [_event(externalCustomerId=NUL)], "externalCustomerId"),
        (EVENT, _event(properties={NUL: 1}), "properties"),
        (EVENTS, [_event(properties={"a": [{"b": NUL}]})], "properties"),
    ],
)
async def test_a_nul_character_is_refused_naming_the_field(
    client, org, ids, document, values, field
):
    extensions = await _refused(client, org, ids, document, values)
    assert extensions == {"code": "BAD_USER_INPUT", "field": field}


@pytest.mark.parametrize(
    ("document", "values", "field"),
    [
        (KEY, {"name": "ci\r\nBcc: someone@example.test"}, "name"),
        (KEY, {"name": "tab\tin a name"}, "name"),
        (KEY, {"description": "first line\nsecond line"}, "description"),
        (KEY, {"description": "a bell\x07"}, "description"),
        (UPDATE_KEY, {"id": "<key>", "name": "carriage\rreturn"}, "name"),
        (MEMBER, {**MEMBER_VALUES, "name": "Ada\nLovelace"}, "name"),
        (CUSTOMER, {"externalId": "c-2", "name": "escape\x1b[31m"}, "name"),
        (CUSTOMER, {"externalId": "c-2", "currency": "EUR\n"}, "currency"),
        (PLAN, {**PLAN_VALUES, "name": "line\u2028separator"}, "name"),
        (METRIC, {"code": "m\nx", "name": "M"}, "code"),
    ],
)
async def test_line_breaks_and_control_characters_are_refused_in_names(
    client, org, ids, document, values, field
):
    extensions = await _refused(client, org, ids, document, values)
    assert extensions == {"code": "BAD_USER_INPUT", "field": field}


async def test_a_description_may_hold_a_tab(client, org):
    await data(client, KEY, org.key, i={"name": "tabbed", "description": "col 1\tcol 2"})


CONNECTIONS = ["apiKeys", "members", "auditEvents", "customers", "events"]
FORGED = [
    "2020-01-01T00:00:00+00:00|not-a-uuid",
    "2020-01-01T00:00:00+00:00|",
    "2020-01-01T00:00:00|00000000-0000-0000-0000-000000000000",
    f"{OVERFLOW}|00000000-0000-0000-0000-000000000000",
]


@pytest.mark.parametrize("connection", CONNECTIONS)
@pytest.mark.parametrize("raw", FORGED)
async def test_a_forged_cursor_is_bad_user_input_naming_after(client, org, connection, raw):
    query = f"query($a: String) {{ {connection}(after: $a) {{ totalCount }} }}"
    failure = await error(client, query, org.key, a=_cursor(raw))
    assert failure["extensions"] == {"code": "BAD_USER_INPUT", "field": "after"}


async def test_a_cursor_the_api_returned_still_pages(client, org):
    await data(client, KEY, org.key, i={"name": "second"})
    query = (
        "query($a: String) { apiKeys(first: 1, after: $a) {"
        " edges { node { name } } pageInfo { endCursor } } }"
    )
    first = (await data(client, query, org.key))["apiKeys"]
    after = first["pageInfo"]["endCursor"]
    rest = (await data(client, query, org.key, a=after))["apiKeys"]
    assert [e["node"]["name"] for e in first["edges"] + rest["edges"]] == ["second", "first"]


# Every DateTime input of the schema, with a request that sets it; the walk below keeps
# this list complete, so a new DateTime input cannot skip the check.
DATE_INPUTS: dict[str, tuple[str, Any, str]] = {
    "CreateApiKeyInput.expiresAt": (KEY, {"expiresAt": "<date>"}, "expiresAt"),
    "UpdateApiKeyInput.expiresAt": (
        UPDATE_KEY,
        {"id": "<key>", "expiresAt": "<date>"},
        "expiresAt",
    ),
    "SubscriptionInput.startedAt": (
        SUBSCRIPTION,
        {"customerId": "<customer>", "planId": "<plan>", "startedAt": "<date>"},
        "startedAt",
    ),
    "InvoiceInput.issuedAt": (
        INVOICE,
        {"customerId": "<customer>", "number": "I-1", "currency": "EUR", "issuedAt": "<date>"},
        "issuedAt",
    ),
    "UpdateInvoiceInput.issuedAt": (
        UPDATE_INVOICE,
        {"id": "<invoice>", "issuedAt": "<date>"},
        "issuedAt",
    ),
    "EventInput.timestamp": (EVENTS, [_event(timestamp="<date>")], "timestamp"),
}


def test_every_datetime_input_of_the_schema_is_checked_below():
    found = {
        f"{named.name}.{name}"
        for named in schema._schema.type_map.values()
        if isinstance(named, GraphQLInputObjectType)
        for name, field in named.fields.items()
        if get_named_type(field.type).name == "DateTime"
    }
    arguments = [
        f"{root.name}.{name}({arg})"
        for root in (schema._schema.query_type, schema._schema.mutation_type)
        if root is not None
        for name, field in root.fields.items()
        for arg, argument in field.args.items()
        if get_named_type(argument.type).name == "DateTime"
    ]
    assert (found, arguments) == (set(DATE_INPUTS), [])


@pytest.mark.parametrize("date", [OVERFLOW, UNDERFLOW, "2030-01-01T00:00:00"])
@pytest.mark.parametrize("target", sorted(DATE_INPUTS))
async def test_an_instant_utc_cannot_hold_or_without_offset_names_the_field(
    client, org, ids, target, date
):
    document, values, field = DATE_INPUTS[target]
    extensions = await _refused(client, org, {**ids, "<date>": date}, document, values)
    assert extensions == {"code": "BAD_USER_INPUT", "field": field}


@pytest.mark.parametrize("target", sorted(DATE_INPUTS))
async def test_an_unparsable_instant_names_the_innermost_field(client, org, ids, target):
    document, values, field = DATE_INPUTS[target]
    unparsable = {**ids, "<date>": "2030-13-45T25:00Z"}
    extensions = await _refused(client, org, unparsable, document, values)
    assert extensions == {"code": "BAD_USER_INPUT", "field": field}


@pytest.mark.parametrize(
    ("document", "field"),
    [
        (
            f'mutation {{ createApiKey(input: {{expiresAt: "{OVERFLOW}"}}) {{ secret }} }}',
            "expiresAt",
        ),
        (
            'mutation { ingestEvents(events: [{transactionId: "t", externalCustomerId: "c",'
            f' code: "x", timestamp: "{OVERFLOW}"}}]) {{ id }} }}',
            "timestamp",
        ),
    ],
)
async def test_an_overflowing_inline_literal_names_the_field(client, org, document, field):
    failure = await error(client, document, org.key)
    assert failure["extensions"] == {"code": "BAD_USER_INPUT", "field": field}


async def test_an_instant_with_an_offset_is_answered_in_utc(client, org):
    made = await data(
        client,
        "mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { apiKey { expiresAt } } }",
        org.key,
        i={"expiresAt": "2999-12-31T23:00:00-14:00"},
    )
    assert made["createApiKey"]["apiKey"]["expiresAt"] == "3000-01-01T13:00:00+00:00"


@pytest.mark.parametrize("depth", [MAX_JSON_DEPTH + 1, 300])
async def test_json_properties_nested_too_deep_are_refused(client, org, depth):
    failure = await error(client, EVENTS, org.key, i=[_event(properties=_nested(depth))])
    assert failure["extensions"] == {"code": "BAD_USER_INPUT", "field": "properties"}


async def test_json_properties_at_the_depth_limit_are_stored(client, org):
    stored = await data(client, EVENTS, org.key, i=[_event(properties=_nested(MAX_JSON_DEPTH))])
    assert len(stored["ingestEvents"]) == 1


@pytest.mark.parametrize("number", ["100000000000000000000000000", "-9223372036854775809"])
async def test_json_integers_beyond_64_bits_are_refused(client, org, number):
    document = (
        'mutation { ingestEvents(events: [{transactionId: "t", externalCustomerId: "c",'
        f' code: "x", properties: {{n: {number}}}}}]) {{ id }} }}'
    )
    failure = await error(client, document, org.key)
    assert failure["extensions"] == {"code": "BAD_USER_INPUT", "field": "properties"}


async def test_a_stored_name_with_line_breaks_still_sends_a_one_line_subject(
    client, org, settings, services, tmp_path
):
    # Rows written before names were checked: the mail must still go, on one line.
    await Organization.filter(id=org.id).update(name="Acme\r\nBcc: someone@example.test")
    await Notification.all().delete()
    runner = InlineRunner(dataclasses.replace(settings, mail_dir=tmp_path), retry_intervals=[0])
    services.dispatcher = runner
    try:
        create = 'mutation { createApiKey(input: {name: "ci"}) { apiKey { id } } }'
        key_id = (await data(client, create, org.key))["createApiKey"]["apiKey"]["id"]
        await ApiKey.filter(id=key_id).update(name="ci\nX-Injected: yes")
        rotate = "mutation($id: ID!) { rotateApiKey(input: {id: $id}) { secret } }"
        await data(client, rotate, org.key, id=key_id)
        await runner.drain()
    finally:
        await runner.close()
    assert {row.status for row in await Notification.all()} == {NotificationStatus.SENT}
    messages = [message_from_bytes(p.read_bytes()) for p in sorted(tmp_path.glob("*.eml"))]
    subjects = sorted(re.sub(r"\r?\n[ \t]", " ", m["Subject"]).strip() for m in messages)
    assert len(subjects) == 2 and not any(re.search(r"[\r\n]", s) for s in subjects)
    assert subjects[0].startswith('[Acme  Bcc: someone@example.test] API key created: "ci"')
    assert subjects[1].startswith('[Acme  Bcc: someone@example.test] API key rotated: "ci X-')
    assert all(m["Bcc"] is None and m["X-Injected"] is None for m in messages)
