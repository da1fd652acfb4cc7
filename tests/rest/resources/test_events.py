"""/api/v1/events: one event or a batch of up to 100, idempotent by transaction_id; Lago's
Unix timestamps; read back by transaction_id."""

from __future__ import annotations

import pytest

from models import Event
from tests.rest.calls import ok, refused


def _event(transaction_id: str, **fields):
    return {
        "transaction_id": transaction_id,
        "external_customer_id": "c-1",
        "code": "storage",
        **fields,
    }


@pytest.mark.parametrize(
    ("timestamp", "stored"),
    [
        (1651240791, "2022-04-29T13:59:51Z"),
        (1651240791.123, "2022-04-29T13:59:51.123000Z"),
        ("1651240791.123", "2022-04-29T13:59:51.123000Z"),
        ("2022-04-29T13:59:51+02:00", "2022-04-29T11:59:51Z"),
    ],
)
async def test_an_event_with_lagos_timestamps(client, org, timestamp, stored):
    sent = await ok(
        client,
        "POST",
        "/events",
        org.key,
        {"event": _event("t-1", timestamp=timestamp, properties={"gb": 10})},
    )
    event = sent["event"]
    assert event["timestamp"] == stored and event["properties"] == {"gb": 10}
    assert set(event) == {
        "lago_id",
        "transaction_id",
        "external_customer_id",
        "code",
        "timestamp",
        "properties",
        "created_at",
    }
    assert await ok(client, "GET", "/events/t-1", org.key) == sent


@pytest.mark.parametrize("timestamp", [True, "yesterday", 10**20, "nan", {"at": 1}])
async def test_a_timestamp_that_is_no_time_is_refused(client, org, timestamp):
    refusal = await refused(
        client, 422, "POST", "/events", org.key, {"event": _event("t", timestamp=timestamp)}
    )
    assert list(refusal["error_details"]) == ["timestamp"]


async def test_a_batch_is_stored_once_and_answered_in_order(client, org):
    batch = {"events": [_event(f"t-{i}") for i in range(100)]}
    first = await ok(client, "POST", "/events/batch", org.key, batch)
    assert [e["transaction_id"] for e in first["events"]] == [f"t-{i}" for i in range(100)]
    assert await ok(client, "POST", "/events/batch", org.key, batch) == first
    assert await Event.filter(organization_id=org.id).count() == 100


async def test_a_batch_over_a_hundred_or_not_a_list_is_refused(client, org):
    over = await refused(
        client,
        422,
        "POST",
        "/events/batch",
        org.key,
        {"events": [_event(f"t-{i}") for i in range(101)]},
    )
    assert over["error_details"] == {"events": ["at most 100 events a call"]}
    for events, details in [
        ({"t": 1}, {"events": ["must be a list"]}),
        ([1], {"events": ["must be an object"]}),
    ]:
        assert (await refused(client, 422, "POST", "/events/batch", org.key, {"events": events}))[
            "error_details"
        ] == details
    assert (await refused(client, 400, "POST", "/events/batch", org.key, {"event": []}))[
        "code"
    ] == "events_missing"


async def test_a_required_field_left_out_is_named(client, org):
    refusal = await refused(
        client, 422, "POST", "/events", org.key, {"event": {"transaction_id": "t", "code": "x"}}
    )
    assert refusal["error_details"] == {"external_customer_id": ["is required"]}


async def test_the_list_and_another_organizations_event(client, org, other_org):
    await ok(client, "POST", "/events/batch", org.key, {"events": [_event("a"), _event("b")]})
    listed = await ok(client, "GET", "/events", org.key, per_page=1)
    assert [e["transaction_id"] for e in listed["events"]] == ["b"] and listed["meta"][
        "next_page"
    ] == 2
    assert (await refused(client, 404, "GET", "/events/a", other_org.key))[
        "code"
    ] == "event_not_found"
